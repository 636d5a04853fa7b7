// The listing of the chosen environment and the filters over it (folder, tag chips, query, sort).
// A listing can be slow (thousands of secrets): it never clears the rows on screen, shows its
// elapsed time, can be cancelled, and on environments known to be slow the folder on screen is
// listed first.
import { tick } from 'svelte';
import type { SecretRow } from '../bindings';
import type { SecretList } from '../wire';
import * as host from '../host';
import { HostError } from '../host';
import { parseQuery, sortRows, tagsOf, valueNeedle, withTags, withTagsOf, type SortState } from '../filter';
import { HeldListings } from '../heldListings';
import { KeystrokeFilter } from '../keystroke';
import { buildTree, normalisePath } from '../tree';
import type { DeskStore } from '../store.svelte';
import { mark, nextFrame } from './marks';

/** A full listing slower than this makes the next one start with the folder on screen. */
export const SLOW_LISTING_MS = 2000;

const envKey = (appId: string, env: string) => `${appId}\u0000${env}`;

/** Each listing's rows in the last order asked for: a held listing shown again keeps them (and their filter index). */
const sorted = new WeakMap<readonly SecretRow[], { by: SortState['by']; desc: boolean; rows: SecretRow[] }>();
function sortedOnce(rows: readonly SecretRow[], sort: SortState): SecretRow[] {
  const known = sorted.get(rows);
  if (known && known.by === sort.by && known.desc === sort.desc) return known.rows;
  const fresh = sortRows([...rows], sort);
  sorted.set(rows, { by: sort.by, desc: sort.desc, rows: fresh });
  return fresh;
}

/**
 * The opened environment's full listing, asked for before the window draws anything (see
 * `DeskStore.init`): when it has come by then, the shell and its rows are laid out and
 * painted once, not twice.
 */
export class EarlyListing {
  value: SecretList | null = null;
  constructor(readonly promise: Promise<SecretList>) {
    promise.then(
      (v) => (this.value = v),
      () => {},
    );
  }

  /** Resolves when the listing is in (or failed), or after `ms`, whichever is first. */
  within(ms: number): Promise<void> {
    return Promise.race([
      this.promise.then(
        () => {},
        () => {},
      ),
      new Promise<void>((resolve) => setTimeout(resolve, ms)),
    ]);
  }
}

export class Listing {
  list = $state.raw<SecretList | null>(null);
  listLoading = $state(false);
  listError = $state<HostError | null>(null);
  /** When the listing in flight started (elapsed time on screen). */
  loadStartedAt = $state<number | null>(null);
  /** The listing in flight is the quick one of the folder on screen; the full one follows. */
  folderFirst = $state(false);
  /** The last listing was cancelled: the rows on screen (if any) are from before. */
  cancelled = $state(false);
  /** Tags seen in the last unfiltered listing (chips stay while a tag filter is on). */
  allTags = $state<string[]>([]);
  includeSubfolders = $state(true);
  query = $state('');
  valueIds = $state.raw<readonly string[] | null>(null);
  sort = $state<SortState>({ by: 'key', desc: false });
  /** The last tag filter `chips` gave (kept so that an equal one is the same array). */
  private lastChips: string[] = [];

  private listSeq = 0;
  /** The tags the listing on screen was asked with (a change of the tag filter lists again). */
  private listedTags: string[] = [];
  private tagTimer: ReturnType<typeof setTimeout> | null = null;
  private searchSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private keystrokeFilter = new KeystrokeFilter();
  /** Listings kept to show again when Rust says they did not change. */
  readonly held = new HeldListings();
  /** Time of the last full listing per app and environment. */
  private fullMs = new Map<string, number>();
  /** A cancel_listing sent for an abandoned listing; the next listing waits for it. */
  private cancelSent: Promise<unknown> | null = null;
  /** Set while a held listing is on screen and the server is being asked again. */
  private confirming: Promise<void> | null = null;

  rows = $derived(this.list?.rows ?? []);
  /** The rows are shown from before an error. */
  stale = $derived(this.listError !== null && this.list !== null);
  /** Only this folder is listed (not its subfolders), while or because the full listing is not there. */
  partialFolder = $derived(this.list?.folderOnly ?? null);
  parsedQuery = $derived(parseQuery(this.query));
  /**
   * The tag filter: the `tag:` qualifiers of the query, which the tag chips show pressed and
   * rewrite (one filter). Spelled as the listing spells the tag; sent to the server too.
   */
  chips = $derived.by(() => {
    const next = this.parsedQuery.tags.map((t) => this.allTags.find((a) => a.toLowerCase() === t.toLowerCase()) ?? t);
    // The same array while the tags stay the same: a keystroke in the free text then does not
    // rebuild the folder tree (10k rows) and the sidebar, which follow the chips.
    const prev = this.lastChips;
    if (prev.length === next.length && prev.every((c, i) => c === next[i])) return prev;
    this.lastChips = next;
    return next;
  });
  /** The folder tree of the rows the tag filter keeps (its counts follow the chips); the folder on screen stays in it. */
  tree = $derived.by(() => {
    const chips = this.chips.map((c) => c.toLowerCase());
    const rows = chips.length === 0 ? this.rows : this.rows.filter((r) => r.tags.some((t) => chips.includes(t.toLowerCase())));
    return buildTree(rows, [this.d.nav.folder]);
  });
  /** Rows below the folder on screen, in its subfolders (for the empty state). */
  folderHasSubRows = $derived.by(() => {
    const f = normalisePath(this.d.nav.folder);
    const under = f === '/' ? '/' : f + '/';
    return this.rows.some((r) => normalisePath(r.path).startsWith(under) && normalisePath(r.path) !== f);
  });
  /** Sorted once per listing or sort change; filtering keeps this order, so a keystroke never re-sorts. */
  sortedRows = $derived(sortedOnce(this.rows, this.sort));
  visibleRows = $derived.by(() =>
    this.keystrokeFilter.run(this.sortedRows, {
      folder: this.d.nav.folder,
      includeSubfolders: this.includeSubfolders,
      chips: this.chips,
      query: this.parsedQuery,
      valueIds: this.valueIds,
    }),
  );
  /** Personal overrides can be used here (the account's capabilities and the listing agree). */
  canOverride = $derived.by(() => this.list !== null && this.d.caps.overrides);
  overrideNote = $derived.by(() => this.d.caps.overrideNote);

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  /** Forgets the listing (a new app, environment or account). */
  reset() {
    this.abandon();
    this.listSeq++;
    this.list = null;
    this.listError = null;
    this.cancelled = false;
    this.allTags = [];
    if (this.parsedQuery.tags.length > 0) this.query = withTags(this.query, []);
    this.listedTags = [];
    this.valueIds = null;
  }

  destroy() {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    if (this.tagTimer) clearTimeout(this.tagTimer);
    this.tagTimer = null;
  }

  /** Lists the environment again (keeping the rows on screen until the answer is there). */
  /** Lists the chosen environment; `early` is its full listing already asked for (unfiltered). */
  async loadSecrets(early: EarlyListing | null = null) {
    const { appId, env, folder } = this.d.nav;
    if (!appId || !env) return;
    this.abandon();
    const seq = ++this.listSeq;
    const tags = [...this.chips];
    if (tags.length > 0) early = null;
    this.listedTags = tags;
    const run = <T>(fn: () => Promise<T>) => this.d.feedback.run(fn);
    let confirmed = () => {};
    let waiting: Promise<void> | null = null;
    this.listLoading = true;
    this.loadStartedAt = Date.now();
    this.listError = null;
    this.cancelled = false;
    try {
      const pendingCancel = this.cancelSent;
      if (pendingCancel) {
        await pendingCancel;
        if (this.cancelSent === pendingCancel) this.cancelSent = null;
        if (seq !== this.listSeq) return;
      }
      const key = envKey(appId, env);
      // The environment's listing held from moments ago is drawn at once; the server's
      // answer confirms it (nothing to redraw) or replaces it. The server is asked first,
      // so that it works while the held rows are drawn.
      const held = !early && this.list === null && tags.length === 0 ? this.held.peek(appId, env, tags, null) : null;
      let asked: Promise<SecretList> | null = null;
      if (held) {
        waiting = this.confirming = new Promise((resolve) => (confirmed = resolve));
        asked = run(() => this.held.fetch(appId, env, tags, null));
        // Awaited below; a failure meanwhile must not count as unhandled.
        asked.catch(() => {});
        await this.showList(held, tags, seq, false);
        if (seq !== this.listSeq) return;
      }
      if (!asked && !early && this.list === null && (this.fullMs.get(key) ?? 0) > SLOW_LISTING_MS) {
        // Slow environment: the folder on screen first, then everything.
        this.folderFirst = true;
        const part = await run(() => this.held.fetch(appId, env, tags, folder));
        if (seq !== this.listSeq) return;
        await this.showList({ ...part, folderOnly: part.folderOnly ?? folder }, tags, seq, false);
        if (seq !== this.listSeq) return;
        this.folderFirst = false;
      }
      // An early listing already in is shown in this same turn, with the state set before it.
      const list = early?.value ?? (await (asked ?? run(() => early?.promise ?? this.held.fetch(appId, env, tags, null))));
      if (seq !== this.listSeq) return;
      this.fullMs.set(key, list.elapsedMs ?? 0);
      await this.showList(list, tags, seq, true);
    } catch (e) {
      if (seq !== this.listSeq) return;
      const err = HostError.from(e);
      if (err.code === 'cancelled') this.cancelled = true;
      else this.listError = err;
      this.d.markReady();
    } finally {
      if (seq === this.listSeq) this.stopLoading();
      // A newer listing may have put its own wait in place meanwhile.
      if (this.confirming === waiting) this.confirming = null;
      confirmed();
    }
  }

  /**
   * Resolves once the rows on screen are the server's answer, not a held listing shown
   * while it is asked again: Rust knows a secret's value only once its listing is in.
   */
  whenConfirmed(): Promise<void> {
    return this.confirming ?? Promise.resolve();
  }

  /** Cancel: the backend stops the listing; the rows on screen stay. */
  cancelLoad() {
    if (!this.listLoading) return;
    this.abandon();
    this.cancelled = true;
  }

  /** Stops waiting for the listing in flight and tells the backend to stop it. */
  private abandon() {
    if (!this.listLoading) return;
    this.listSeq++;
    this.stopLoading();
    this.cancelSent = host.cancelListing().catch(() => {
      /* an older backend without it: the answer is ignored anyway */
    });
  }

  private stopLoading() {
    this.listLoading = false;
    this.loadStartedAt = null;
    this.folderFirst = false;
  }

  private async showList(list: SecretList, tags: string[], seq: number, full: boolean) {
    // The server confirmed the held listing on screen: nothing to redraw or forget.
    const confirmsShown = full && list === this.list;
    if (full) mark('secrets-loaded');
    if (!confirmsShown) this.putOnScreen(list, tags, full);
    if (full) this.stopLoading();
    if (!confirmsShown) this.refreshValueSearch(true);
    await tick();
    if (full && seq === this.listSeq) mark('secrets-rendered');
    await nextFrame();
    if (full && seq === this.listSeq) mark('secrets-painted');
    this.d.markReady();
    if (!confirmsShown && seq === this.listSeq) this.keystrokeFilter.indexOf(this.sortedRows).warm(() => seq === this.listSeq);
  }

  /** Makes `list` the listing on screen (less deletes held for undo), with its tags, and forgets what belonged to the one before. */
  private putOnScreen(list: SecretList, tags: string[], full: boolean) {
    const { appId, env } = this.d.nav;
    const hidden = appId && env ? this.d.deletes.hiddenIds(appId, env) : null;
    this.list = hidden && hidden.size > 0 ? { ...list, rows: list.rows.filter((r) => !hidden.has(r.id)) } : list;
    if (tags.length === 0) this.allTags = full ? tagsOf(list.rows) : withTagsOf(this.allTags, list.rows);
    this.d.values.clear();
    if (this.d.selection.selected.size > 0) this.d.selection.keepOnly(new Set(list.rows.map((r) => r.id)));
  }

  /** A tag chip: adds or takes away its `tag:` qualifier in the query, and lists again. */
  toggleChip(tag: string) {
    const on = this.chips.some((t) => t.toLowerCase() === tag.toLowerCase());
    const next = on ? this.chips.filter((t) => t.toLowerCase() !== tag.toLowerCase()) : [...this.chips, tag];
    this.query = withTags(this.query, next);
    this.refreshValueSearch(false);
    this.afterFilterChange();
    return this.relistForTags(true);
  }

  clearChips() {
    if (this.chips.length === 0) return;
    this.query = withTags(this.query, []);
    this.afterFilterChange();
    return this.relistForTags(true);
  }

  /** Search text, qualifiers and tag chips all cleared. */
  clearFilters() {
    this.setQuery('');
    return this.relistForTags(true);
  }

  setQuery(q: string) {
    this.query = q;
    this.refreshValueSearch(false);
    this.afterFilterChange();
    void this.relistForTags(false);
  }

  /** Lists again when the tag filter is not the one the listing on screen was asked with. */
  private relistForTags(now: boolean): Promise<void> | undefined {
    if (this.tagTimer) clearTimeout(this.tagTimer);
    this.tagTimer = null;
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!this.list || same(this.chips, this.listedTags)) return;
    if (now) return this.loadSecrets();
    // Typed: wait for the person to stop typing.
    this.tagTimer = setTimeout(() => {
      this.tagTimer = null;
      if (!same(this.chips, this.listedTags)) void this.loadSecrets();
    }, 400);
    return;
  }

  setIncludeSubfolders(v: boolean) {
    this.includeSubfolders = v;
    this.afterFilterChange();
  }

  afterFilterChange() {
    tick()
      .then(nextFrame)
      .then(() => mark('filter-painted'));
  }

  /** Debounced search_values for the free text of the query. */
  private refreshValueSearch(immediate: boolean) {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    const needle = valueNeedle(this.parsedQuery);
    const seq = ++this.searchSeq;
    const { appId, env } = this.d.nav;
    if (needle === null || !appId || !env || !this.list) {
      this.valueIds = null;
      return;
    }
    const go = async () => {
      try {
        const ids = await host.searchValues(appId, env, needle);
        if (seq === this.searchSeq) {
          mark('values-found');
          this.valueIds = ids;
          this.afterFilterChange();
        }
      } catch {
        if (seq === this.searchSeq) this.valueIds = null;
      }
    };
    // Keep the previous id set until the new one arrives, unless the needle no longer extends it.
    if (immediate) void go();
    else this.searchTimer = setTimeout(go, 150);
  }

  setSort(by: SortState['by']) {
    this.sort = this.sort.by === by ? { by, desc: !this.sort.desc } : { by, desc: by === 'updated' };
  }

  rowById(id: string): SecretRow | null {
    return this.rows.find((r) => r.id === id) ?? null;
  }

  /** Puts a saved row in place of the listed one (or adds it). */
  replaceRow(row: SecretRow) {
    this.replaceRows([row]);
  }

  /** Puts saved rows in place of the listed ones (or adds them). */
  replaceRows(saved: readonly SecretRow[]) {
    if (!this.list || saved.length === 0) return;
    const byId = new Map(saved.map((r) => [r.id, r]));
    const rows = this.list.rows.map((r) => byId.get(r.id) ?? r);
    const listed = new Set(this.list.rows.map((r) => r.id));
    for (const r of saved) if (!listed.has(r.id)) rows.push(r);
    this.list = { ...this.list, rows };
    for (const r of saved) this.d.values.forget(r.id);
  }

  /** Adds rows (replacing any listed with the same id), e.g. created or restored ones. */
  addRows(added: readonly SecretRow[]) {
    if (!this.list) return;
    const ids = new Set(added.map((r) => r.id));
    this.list = { ...this.list, rows: [...this.list.rows.filter((r) => !ids.has(r.id)), ...added] };
  }

  /** Takes rows off the listing. */
  removeRows(ids: ReadonlySet<string>) {
    if (this.list) this.list = { ...this.list, rows: this.list.rows.filter((r) => !ids.has(r.id)) };
  }
}
