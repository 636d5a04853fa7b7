// The listing of the chosen environment and the filters over it (folder, tag chips, query, sort).
import { tick } from 'svelte';
import type { AccountOpening, SecretList, SecretRow } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';
import { KeystrokeFilter, parseQuery, sortRows, tagsOf, valueNeedle, type SortState } from '../filter';
import { buildTree } from '../tree';
import type { DeskStore } from '../store.svelte';
import { mark, nextFrame } from './marks';

export class Listing {
  list = $state.raw<SecretList | null>(null);
  listLoading = $state(false);
  listError = $state<HostError | null>(null);
  /** Tags seen in the last unfiltered listing (chips stay while a tag filter is on). */
  allTags = $state<string[]>([]);
  chips = $state<string[]>([]);
  includeSubfolders = $state(true);
  query = $state('');
  valueIds = $state.raw<ReadonlySet<string> | null>(null);
  sort = $state<SortState>({ by: 'key', desc: false });

  private listSeq = 0;
  private searchSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private keystrokeFilter = new KeystrokeFilter();

  rows = $derived(this.list?.rows ?? []);
  tree = $derived(buildTree(this.rows));
  parsedQuery = $derived(parseQuery(this.query));
  /** Sorted once per listing or sort change; filtering keeps this order, so a keystroke never re-sorts. */
  sortedRows = $derived(sortRows([...this.rows], this.sort));
  visibleRows = $derived.by(() =>
    this.keystrokeFilter.run(this.sortedRows, {
      folder: this.d.nav.folder,
      includeSubfolders: this.includeSubfolders,
      chips: this.chips,
      query: this.parsedQuery,
      valueIds: this.valueIds,
    }),
  );
  canOverride = $derived(this.list?.canOverride ?? false);
  overrideNote = $derived(
    this.list?.overrideNote ?? 'Personal overrides are only available with a Personal Access Token (User).',
  );

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  /** Forgets the listing (a new app, environment or account). */
  reset() {
    this.listSeq++;
    this.list = null;
    this.listError = null;
    this.allTags = [];
    this.chips = [];
    this.valueIds = null;
  }

  destroy() {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
  }

  /** The listing that came with an account opening (or why it did not). */
  async showOpeningList(o: AccountOpening) {
    if (o.list) await this.showList(o.list, [], this.listSeq);
    else {
      this.listError = o.listError ? HostError.from(o.listError) : null;
      this.d.markReady();
    }
  }

  async loadSecrets() {
    const { appId, env } = this.d.nav;
    if (!appId || !env) return;
    const seq = ++this.listSeq;
    const tags = [...this.chips];
    this.listLoading = true;
    this.listError = null;
    try {
      const list = await this.d.feedback.run(() => host.listSecrets(appId, env, tags));
      if (seq !== this.listSeq) return;
      await this.showList(list, tags, seq);
    } catch (e) {
      if (seq !== this.listSeq) return;
      this.listError = HostError.from(e);
      this.d.markReady();
    } finally {
      if (seq === this.listSeq) this.listLoading = false;
    }
  }

  private async showList(list: SecretList, tags: string[], seq: number) {
    mark('secrets-loaded');
    this.list = list;
    if (tags.length === 0) this.allTags = tagsOf(list.rows);
    this.d.values.clear();
    this.d.selection.keepOnly(new Set(list.rows.map((r) => r.id)));
    this.listLoading = false;
    this.refreshValueSearch(true);
    await tick();
    if (seq === this.listSeq) mark('secrets-rendered');
    await nextFrame();
    if (seq === this.listSeq) mark('secrets-painted');
    this.d.markReady();
  }

  toggleChip(tag: string) {
    this.chips = this.chips.includes(tag) ? this.chips.filter((t) => t !== tag) : [...this.chips, tag];
    return this.loadSecrets();
  }

  clearChips() {
    if (this.chips.length === 0) return;
    this.chips = [];
    return this.loadSecrets();
  }

  setQuery(q: string) {
    this.query = q;
    this.refreshValueSearch(false);
    this.afterFilterChange();
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
          this.valueIds = new Set(ids);
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
    if (!this.list) return;
    const rows = this.list.rows.map((r) => (r.id === row.id ? row : r));
    if (!rows.some((r) => r.id === row.id)) rows.push(row);
    this.list = { ...this.list, rows };
    this.d.values.forget(row.id);
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
