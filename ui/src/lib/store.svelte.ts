// The desk's state and the actions that change it. Components read from here and call
// these methods; all backend traffic goes through ./host.
import { tick } from 'svelte';
import type {
  AccountOpening,
  AccountView,
  AppView,
  DeskState,
  EnvView,
  NewAccountInput,
  RateLimitEvent,
  SecretChanges,
  SecretDraft,
  SecretList,
  SecretRow,
  StartView,
  ValueChoice,
} from './bindings';
import * as host from './host';
import { HostError } from './host';
import { KeystrokeFilter, parseQuery, sortRows, tagsOf, valueNeedle, type SortState } from './filter';
import { buildTree, normalisePath } from './tree';
import { idle, undoReducer, type UndoEvent, type UndoState } from './undo';
import { resolveConflict, type ConflictChoice } from './conflict';
import { moveFocus } from './virtual';

export type ToastKind = 'undo' | 'error' | 'info' | 'rateLimit';
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
  expiresAt: number;
}

export type Panel =
  | { kind: 'edit'; rowId: string }
  | { kind: 'new' }
  | { kind: 'batch' }
  | null;

export interface ConfirmRequest {
  title: string;
  message: string;
  okLabel: string;
  danger: boolean;
  onOk: () => void | Promise<void>;
}

export interface ConflictState {
  original: SecretRow;
  mine: SecretChanges;
  theirs: SecretRow;
  theirValueChanged: boolean;
  /** Called with the outcome of "keep mine" / "take theirs". */
  resolve: (choice: ConflictChoice) => Promise<void>;
}

const MASK = '••••••••';

declare global {
  interface Window {
    __PHASE_DESK_READY__?: boolean;
  }
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });
}

function mark(name: string) {
  try {
    performance.mark(name);
  } catch {
    /* no performance API */
  }
}

export class DeskStore {
  // ---- account & navigation
  desk = $state<DeskState | null>(null);
  booting = $state(true);
  bootError = $state<HostError | null>(null);

  apps = $state<AppView[]>([]);
  appsLoading = $state(false);
  appsError = $state<HostError | null>(null);
  /** list_apps answered notFound (old server): the person types an app id and environment. */
  manualEntry = $state(false);

  envs = $state<EnvView[]>([]);
  envsError = $state<HostError | null>(null);
  appId = $state<string | null>(null);
  env = $state<string | null>(null);

  // ---- the list
  list = $state.raw<SecretList | null>(null);
  listLoading = $state(false);
  listError = $state<HostError | null>(null);
  /** Tags seen in the last unfiltered listing (chips stay while a tag filter is on). */
  allTags = $state<string[]>([]);
  chips = $state<string[]>([]);
  folder = $state('/');
  includeSubfolders = $state(true);
  query = $state('');
  valueIds = $state.raw<ReadonlySet<string> | null>(null);
  sort = $state<SortState>({ by: 'key', desc: false });

  /** Values revealed in this view (memory only; dropped on every reload). */
  revealed = $state.raw<ReadonlyMap<string, string | null>>(new Map());
  revealAll = $state(false);
  selected = $state.raw<ReadonlySet<string>>(new Set());
  focusId = $state<string | null>(null);
  /** Bumped when the keyboard moves the row focus (the table then scrolls to it and focuses it). */
  focusSeq = $state(0);

  // ---- panels, dialogs, toasts
  panel = $state<Panel>(null);
  confirm = $state<ConfirmRequest | null>(null);
  conflict = $state<ConflictState | null>(null);
  addAccountOpen = $state(false);
  replaceTokenFor = $state<AccountView | null>(null);
  settingsOpen = $state(false);
  paletteOpen = $state(false);
  toasts = $state<Toast[]>([]);
  undo = $state<UndoState>(idle);
  rateLimit = $state<{ until: number; attempt: number; source: string } | null>(null);
  now = $state(Date.now());

  private listSeq = 0;
  private searchSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = 0;
  private toastSeq = 0;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private unlisten: (() => void) | null = null;
  private readyMarked = false;
  private firstStart: Promise<StartView> | null = null;

  // ---- derived
  activeAccount = $derived(this.desk?.accounts.find((a) => a.id === this.desk?.activeAccountId) ?? null);
  rows = $derived(this.list?.rows ?? []);
  tree = $derived(buildTree(this.rows));
  parsedQuery = $derived(parseQuery(this.query));
  /** Sorted once per listing or sort change; filtering keeps this order, so a keystroke never re-sorts. */
  sortedRows = $derived(sortRows([...this.rows], this.sort));
  private keystrokeFilter = new KeystrokeFilter();
  visibleRows = $derived(
    this.keystrokeFilter.run(this.sortedRows, {
      folder: this.folder,
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
  currentApp = $derived(this.apps.find((a) => a.id === this.appId) ?? null);

  // ------------------------------------------------------------------ lifecycle

  /** Asks for the start view before the UI is mounted, so the two overlap (see main.ts). */
  requestStart() {
    this.firstStart = host.start();
    this.firstStart.catch(() => {
      /* init() reports it */
    });
  }

  async init() {
    this.ticker = setInterval(() => this.onTick(), 1000);
    host.onRateLimited((ev) => this.onRateLimited(ev)).then((un) => {
      if (this.ticker === null) un();
      else this.unlisten = un;
    });
    this.booting = true;
    try {
      // One call: the state and the active account opened, so the first frame shows the table.
      const first = this.firstStart;
      this.firstStart = null;
      const start = await this.run(() => first ?? host.start());
      mark('start-loaded');
      this.desk = start.state;
      this.bootError = null;
      if (start.opening) await this.showOpening(start.opening);
      else if (start.openingError) await this.openingFailed(HostError.from(start.openingError));
      else this.markReady();
    } catch (e) {
      this.bootError = HostError.from(e);
    } finally {
      this.booting = false;
    }
  }

  destroy() {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.unlisten?.();
    if (this.searchTimer) clearTimeout(this.searchTimer);
  }

  /** Counts calls in flight, so the rate-limit toast can go once the waiting action is done. */
  private async run<T>(fn: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await fn();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.rateLimit = null;
    }
  }

  private onTick() {
    this.now = Date.now();
    if (this.undo.status !== 'idle') this.undo = undoReducer(this.undo, { type: 'tick', now: this.now });
    if (this.toasts.some((t) => t.expiresAt <= this.now)) this.toasts = this.toasts.filter((t) => t.expiresAt > this.now);
  }

  private onRateLimited(ev: RateLimitEvent) {
    this.now = Date.now();
    this.rateLimit = { until: this.now + ev.waitSecs * 1000, attempt: ev.attempt, source: ev.source };
  }

  private markReady() {
    if (this.readyMarked) return;
    this.readyMarked = true;
    tick().then(() => {
      window.__PHASE_DESK_READY__ = true;
    });
  }

  // ------------------------------------------------------------------ toasts

  toast(kind: 'error' | 'info', text: string, ms = kind === 'error' ? 8000 : 4000) {
    const t: Toast = { id: ++this.toastSeq, kind, text, expiresAt: Date.now() + ms };
    this.toasts = [...this.toasts.slice(-3), t];
  }

  dismissToast(id: number) {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  /** An error as a toast, with the wait for rate limits. */
  errorToast(e: unknown, prefix = '') {
    this.toast('error', prefix + describeError(HostError.from(e)));
  }

  private undoEvent(e: UndoEvent) {
    this.undo = undoReducer(this.undo, e);
  }

  // ------------------------------------------------------------------ accounts

  async switchAccount(accountId: string) {
    if (accountId === this.desk?.activeAccountId) return;
    try {
      this.desk = await this.run(() => host.switchAccount(accountId));
      this.resetForAccount();
      await this.loadApps();
    } catch (e) {
      this.errorToast(e, 'Could not switch account: ');
    }
  }

  private resetForAccount() {
    this.apps = [];
    this.envs = [];
    this.appId = null;
    this.env = null;
    this.manualEntry = false;
    this.appsError = null;
    this.envsError = null;
    this.resetList();
    this.panel = null;
  }

  private resetList() {
    this.listSeq++;
    this.list = null;
    this.listError = null;
    this.allTags = [];
    this.chips = [];
    this.folder = '/';
    this.valueIds = null;
    this.revealed = new Map();
    this.selected = new Set();
    this.focusId = null;
  }

  /** Adds an account and makes it the active one. Throws HostError for the dialog to show. */
  async addAccount(input: NewAccountInput): Promise<AccountView> {
    const acc = await this.run(() => host.addAccount(input));
    this.desk = await this.run(() => host.switchAccount(acc.id));
    this.resetForAccount();
    this.addAccountOpen = false;
    this.toast('info', `Added ${acc.name}${acc.sessionOnly ? ' (this session only)' : ''}`);
    await this.loadApps();
    return acc;
  }

  async replaceToken(accountId: string, token: string, sessionOnly: boolean): Promise<void> {
    await this.run(() => host.replaceToken(accountId, token, sessionOnly));
    this.desk = await this.run(() => host.getState());
    this.replaceTokenFor = null;
    this.toast('info', 'Token replaced');
    if (accountId === this.desk.activeAccountId) await this.loadApps();
  }

  askRemoveAccount(acc: AccountView) {
    this.confirm = {
      title: 'Remove account',
      message: `Remove the account “${acc.name}” (${acc.host})? Its token is deleted from the keychain.`,
      okLabel: 'Remove',
      danger: true,
      onOk: async () => {
        const wasActive = acc.id === this.desk?.activeAccountId;
        try {
          this.desk = await this.run(() => host.removeAccount(acc.id));
          this.toast('info', `Removed ${acc.name}`);
          if (wasActive || !this.desk.activeAccountId) {
            this.resetForAccount();
            if (this.desk.activeAccountId) await this.loadApps();
          }
        } catch (e) {
          this.errorToast(e, 'Could not remove the account: ');
        }
      },
    };
  }

  async saveSettings(clipboardClearSecs: number) {
    this.desk = await this.run(() => host.setSettings({ clipboardClearSecs }));
    this.settingsOpen = false;
  }

  // ------------------------------------------------------------------ apps & envs

  /** Opens the active account: apps, the remembered (else first) app and environment, and its listing. */
  async loadApps() {
    this.appsLoading = true;
    this.appsError = null;
    this.manualEntry = false;
    try {
      const opening = await this.run(() => host.openAccount());
      await this.showOpening(opening);
    } catch (e) {
      await this.openingFailed(HostError.from(e));
    } finally {
      this.appsLoading = false;
    }
  }

  private async openingFailed(err: HostError) {
    if (err.code === 'notFound') {
      // An old server without the apps route: the person types an app id and environment.
      this.manualEntry = true;
      const last = this.activeAccount?.last;
      if (last) await this.enterManually(last.appId, last.env);
    } else this.appsError = err;
    this.markReady();
  }

  private async showOpening(o: AccountOpening) {
    this.apps = o.apps;
    if (!o.appId) {
      this.markReady();
      return;
    }
    this.appId = o.appId;
    this.envs = o.envs;
    this.env = null;
    this.envsError = o.envsError ? HostError.from(o.envsError) : null;
    this.resetList();
    this.panel = null;
    if (!o.env) {
      this.markReady();
      return;
    }
    this.env = o.env;
    if (o.folder) this.folder = normalisePath(o.folder);
    if (o.list) await this.showList(o.list, [], this.listSeq);
    else {
      this.listError = o.listError ? HostError.from(o.listError) : null;
      this.markReady();
    }
  }

  /** For servers without the apps/environments routes. */
  async enterManually(appId: string, env: string) {
    const id = appId.trim();
    const name = env.trim();
    if (!id || !name) return;
    this.appId = id;
    this.envs = [{ id: name, name, envType: 'custom', index: 0 }];
    this.env = name;
    this.resetList();
    const last = this.activeAccount?.last;
    if (last && last.appId === id && last.folder) this.folder = normalisePath(last.folder);
    this.remember();
    await this.loadSecrets();
  }

  async selectApp(appId: string) {
    this.appId = appId;
    this.envs = [];
    this.env = null;
    this.envsError = null;
    this.resetList();
    this.panel = null;
    try {
      const envs = await this.run(() => host.listEnvironments(appId));
      if (this.appId !== appId) return;
      this.envs = envs;
      if (envs[0]) await this.selectEnv(envs[0].name);
    } catch (e) {
      this.envsError = HostError.from(e);
    }
  }

  async selectEnv(env: string, keepFolder = false) {
    const folder = this.folder;
    this.env = env;
    this.resetList();
    this.panel = null;
    if (keepFolder) this.folder = folder;
    this.remember();
    await this.loadSecrets();
  }

  selectFolder(path: string) {
    this.folder = normalisePath(path);
    this.remember();
    this.afterFilterChange();
  }

  private remember() {
    if (!this.appId || !this.env) return;
    const selection = {
      appId: this.appId,
      appName: this.currentApp?.name ?? null,
      env: this.env,
      folder: this.folder === '/' ? null : this.folder,
    };
    host.rememberSelection(selection).catch(() => {
      /* remembering is best effort */
    });
  }

  // ------------------------------------------------------------------ secrets

  async loadSecrets() {
    const appId = this.appId;
    const env = this.env;
    if (!appId || !env) return;
    const seq = ++this.listSeq;
    const tags = [...this.chips];
    this.listLoading = true;
    this.listError = null;
    try {
      const list = await this.run(() => host.listSecrets(appId, env, tags));
      if (seq !== this.listSeq) return;
      await this.showList(list, tags, seq);
    } catch (e) {
      if (seq !== this.listSeq) return;
      this.listError = HostError.from(e);
      this.markReady();
    } finally {
      if (seq === this.listSeq) this.listLoading = false;
    }
  }

  private async showList(list: SecretList, tags: string[], seq: number) {
    mark('secrets-loaded');
    this.list = list;
    if (tags.length === 0) this.allTags = tagsOf(list.rows);
    this.revealed = new Map();
    const ids = new Set(list.rows.map((r) => r.id));
    this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
    this.listLoading = false;
    this.refreshValueSearch(true);
    await tick();
    if (seq === this.listSeq) mark('secrets-rendered');
    await nextFrame();
    if (seq === this.listSeq) mark('secrets-painted');
    this.markReady();
  }

  refresh() {
    if (this.appId && this.env) return this.loadSecrets();
    if (this.desk?.activeAccountId) return this.loadApps();
    return this.init();
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

  private afterFilterChange() {
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
    if (needle === null || !this.appId || !this.env || !this.list) {
      this.valueIds = null;
      return;
    }
    const appId = this.appId;
    const env = this.env;
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

  private replaceRow(row: SecretRow) {
    if (!this.list) return;
    const rows = this.list.rows.map((r) => (r.id === row.id ? row : r));
    if (!rows.some((r) => r.id === row.id)) rows.push(row);
    this.list = { ...this.list, rows };
    this.forget(row.id);
  }

  private forget(id: string) {
    if (this.revealed.has(id)) {
      const m = new Map(this.revealed);
      m.delete(id);
      this.revealed = m;
    }
  }

  /** The value cell text: config in clear, sealed never, others masked until revealed. */
  displayValue(row: SecretRow): { text: string; kind: 'config' | 'sealed' | 'masked' | 'clear' | 'empty' } {
    if (row.kind === 'sealed') return { text: 'sealed', kind: 'sealed' };
    if (row.kind === 'config' && row.configValue !== null) return { text: row.configValue, kind: 'config' };
    if (this.revealed.has(row.id)) {
      const v = this.revealed.get(row.id) ?? null;
      return v === null || v === '' ? { text: v === '' ? '(empty)' : 'sealed', kind: 'empty' } : { text: v, kind: 'clear' };
    }
    return { text: MASK, kind: 'masked' };
  }

  isRevealed(row: SecretRow): boolean {
    return this.revealed.has(row.id);
  }

  async reveal(row: SecretRow) {
    if (row.kind === 'sealed') return;
    if (this.revealed.has(row.id)) {
      this.forget(row.id);
      return;
    }
    await this.fetchValue(row);
  }

  /** Fetches a row's effective value into the revealed map. */
  async fetchValue(row: SecretRow) {
    if (!this.appId || !this.env || row.kind === 'sealed') return;
    try {
      const v = await this.run(() => host.revealValue(this.appId!, this.env!, row.id, 'effective'));
      const m = new Map(this.revealed);
      m.set(row.id, v);
      this.revealed = m;
    } catch (e) {
      this.errorToast(e, `Could not reveal ${row.key}: `);
    }
  }

  setRevealAll(v: boolean) {
    this.revealAll = v;
    if (!v) this.revealed = new Map();
  }

  /** Reveal-all: fetch the values of the rows on screen that are not known yet. */
  private pendingReveal = new Set<string>();
  revealVisible(rows: readonly SecretRow[]) {
    if (!this.revealAll) return;
    for (const r of rows) {
      if (r.kind === 'sealed' || r.kind === 'config' || this.revealed.has(r.id) || this.pendingReveal.has(r.id)) continue;
      this.pendingReveal.add(r.id);
      this.fetchValue(r).finally(() => this.pendingReveal.delete(r.id));
    }
  }

  async copy(row: SecretRow, which: ValueChoice = 'effective') {
    if (!this.appId || !this.env) return;
    if (row.kind === 'sealed') {
      this.toast('error', `${row.key} is sealed: its value cannot be copied.`);
      return;
    }
    try {
      const out = await this.run(() => host.copyValue(this.appId!, this.env!, row.id, which));
      const what = which === 'shared' ? `${row.key} (shared value)` : row.key;
      this.toast('info', out.clearsInSecs ? `Copied ${what} — clears in ${out.clearsInSecs} s` : `Copied ${what}`);
    } catch (e) {
      this.errorToast(e, `Could not copy ${row.key}: `);
    }
  }

  async toggleOverride(row: SecretRow) {
    if (!this.appId || !this.env || !this.canOverride || !row.hasOverride) return;
    try {
      const updated = await this.run(() => host.setOverride(this.appId!, this.env!, row.id, null, !row.overrideActive));
      this.replaceRow(updated);
      if (this.revealAll) this.revealVisible([updated]);
    } catch (e) {
      this.errorToast(e, `Could not change the override of ${row.key}: `);
    }
  }

  /** Moves the focused row by `delta` among the rows shown (0 = first row when none). */
  moveFocus(delta: number, keyboard = true) {
    const rows = this.visibleRows;
    if (rows.length === 0) return;
    const idx = rows.findIndex((r) => r.id === this.focusId);
    const next = idx < 0 ? (delta < 0 ? rows.length - 1 : 0) : moveFocus(idx, delta, rows.length);
    this.focusRow(rows[next].id, keyboard);
  }

  focusRow(id: string, keyboard = true) {
    this.focusId = id;
    if (keyboard) this.focusSeq++;
  }

  focusedRow(): SecretRow | null {
    return this.focusId ? this.rowById(this.focusId) : null;
  }

  toggleSelected(id: string) {
    const s = new Set(this.selected);
    if (s.has(id)) s.delete(id);
    else s.add(id);
    this.selected = s;
  }

  selectAllVisible(on: boolean) {
    this.selected = on ? new Set(this.visibleRows.filter((r) => !r.rotating).map((r) => r.id)) : new Set();
  }

  // ------------------------------------------------------------------ edit / create

  openEditor(row: SecretRow) {
    this.focusId = row.id;
    this.panel = { kind: 'edit', rowId: row.id };
  }

  openNew() {
    if (!this.appId || !this.env) return;
    this.panel = { kind: 'new' };
  }

  openBatch() {
    if (!this.appId || !this.env) return;
    this.panel = { kind: 'batch' };
  }

  closePanel() {
    this.panel = null;
  }

  /** Reads a value for the editor (not kept in the revealed map). */
  async readValue(rowId: string, which: ValueChoice): Promise<string | null> {
    if (!this.appId || !this.env) return null;
    return this.run(() => host.revealValue(this.appId!, this.env!, rowId, which));
  }

  /**
   * Saves the editor. Returns 'saved', or 'conflict' once the conflict dialog is up
   * (it then finishes the job itself). Throws HostError for the editor to show.
   */
  async saveEdit(
    original: SecretRow,
    changes: SecretChanges,
    override: { value: string | null; active: boolean } | null,
  ): Promise<'saved' | 'conflict' | 'noop'> {
    const appId = this.appId;
    const env = this.env;
    if (!appId || !env) throw new HostError('noAccount', 'No app or environment selected.');
    const hasFieldChanges = Object.values(changes).some((v) => v !== null);
    if (!hasFieldChanges && !override) return 'noop';
    let row = original;
    if (hasFieldChanges) {
      const out = await this.run(() => host.updateSecret(appId, env, original.id, original.version, changes, false));
      if (out.outcome === 'conflict') {
        this.conflict = {
          original,
          mine: changes,
          theirs: out.theirs,
          theirValueChanged: out.theirValueChanged,
          resolve: async (choice) => {
            const action = resolveConflict(choice, changes, out.theirs);
            this.conflict = null;
            if (action.kind === 'reload') {
              this.panel = null;
              await this.loadSecrets();
              return;
            }
            try {
              const again = await this.run(() =>
                host.updateSecret(appId, env, action.secretId, action.baseVersion, action.changes, action.force),
              );
              if (again.outcome === 'conflict') {
                this.toast('error', `${original.key} changed again on the server; reload and retry.`);
                return;
              }
              let saved = again.row;
              if (override) saved = await this.run(() => host.setOverride(appId, env, saved.id, override.value, override.active));
              this.replaceRow(saved);
              this.panel = null;
              this.toast('info', `Saved ${saved.key}`);
            } catch (e) {
              this.errorToast(e, `Could not save ${original.key}: `);
            }
          },
        };
        return 'conflict';
      }
      row = out.row;
      this.replaceRow(row);
    }
    if (override) {
      row = await this.run(() => host.setOverride(appId, env, row.id, override.value, override.active));
      this.replaceRow(row);
    }
    this.toast('info', `Saved ${row.key}`);
    return 'saved';
  }

  async create(drafts: SecretDraft[]): Promise<SecretRow[]> {
    return this.afterCreate((appId, env) => host.createSecrets(appId, env, drafts));
  }

  /** Creates a pasted KEY=VALUE batch in one request; Rust parses and validates it. */
  async createBatch(text: string, path: string): Promise<SecretRow[]> {
    return this.afterCreate((appId, env) => host.createBatch(appId, env, text, path));
  }

  private async afterCreate(send: (appId: string, env: string) => Promise<SecretRow[]>): Promise<SecretRow[]> {
    const appId = this.appId;
    const env = this.env;
    if (!appId || !env) throw new HostError('noAccount', 'No app or environment selected.');
    const created = await this.run(() => send(appId, env));
    if (this.list) {
      const ids = new Set(created.map((r) => r.id));
      this.list = { ...this.list, rows: [...this.list.rows.filter((r) => !ids.has(r.id)), ...created] };
      this.allTags = [...new Set([...this.allTags, ...created.flatMap((r) => r.tags)])].sort((a, b) => a.localeCompare(b));
    }
    if (created.length > 0) this.focusId = created[0].id;
    this.toast('info', created.length === 1 ? `Created ${created[0].key}` : `Created ${created.length} secrets`);
    return created;
  }

  // ------------------------------------------------------------------ delete & undo

  /** The rows a Delete would act on: the selection, else the focused row. */
  deletionTargets(): SecretRow[] {
    const ids = this.selected.size > 0 ? this.selected : this.focusId ? new Set([this.focusId]) : new Set<string>();
    return this.rows.filter((r) => ids.has(r.id) && !r.rotating);
  }

  askDelete(rows: SecretRow[]) {
    const targets = rows.filter((r) => !r.rotating);
    if (targets.length === 0) {
      if (rows.length > 0) this.toast('error', 'Rotating secrets are managed by Phase and cannot be deleted here.');
      return;
    }
    const keys = targets.map((r) => r.key);
    const shown = keys.slice(0, 10).join(', ') + (keys.length > 10 ? ` and ${keys.length - 10} more` : '');
    this.confirm = {
      title: targets.length === 1 ? 'Delete secret' : `Delete ${targets.length} secrets`,
      message: `Delete ${shown} from ${this.env}? You can undo this for a few seconds.`,
      okLabel: 'Delete',
      danger: true,
      onOk: () => this.doDelete(targets),
    };
  }

  private async doDelete(targets: SecretRow[]) {
    const appId = this.appId;
    const env = this.env;
    if (!appId || !env) return;
    try {
      const out = await this.run(() => host.deleteSecrets(appId, env, targets.map((r) => r.id)));
      const ids = new Set(targets.map((r) => r.id));
      if (this.list) this.list = { ...this.list, rows: this.list.rows.filter((r) => !ids.has(r.id)) };
      this.selected = new Set([...this.selected].filter((id) => !ids.has(id)));
      if (this.panel?.kind === 'edit' && ids.has(this.panel.rowId)) this.panel = null;
      if (this.focusId && ids.has(this.focusId)) this.focusId = null;
      this.undoEvent({ type: 'deleted', outcome: out, now: Date.now() });
    } catch (e) {
      this.errorToast(e, 'Could not delete: ');
    }
  }

  async undoDelete() {
    const s = this.undo;
    if (s.status !== 'offered' && s.status !== 'failed') return;
    const appId = this.appId;
    const env = this.env;
    this.undoEvent({ type: 'undo' });
    try {
      const rows = await this.run(() => host.undoDelete(s.undoId));
      this.undoEvent({ type: 'undone', now: Date.now() });
      if (this.list && this.appId === appId && this.env === env) {
        const ids = new Set(rows.map((r) => r.id));
        this.list = { ...this.list, rows: [...this.list.rows.filter((r) => !ids.has(r.id)), ...rows] };
      }
    } catch (e) {
      this.undoEvent({ type: 'undoFailed', error: describeError(HostError.from(e)), now: Date.now() });
    }
  }

  dismissUndo() {
    this.undoEvent({ type: 'dismiss' });
  }
}

/** The server's message, plus the wait for rate limits. */
export function describeError(e: HostError): string {
  if (e.code === 'rateLimited' && e.retryAfter !== null) return `${e.message} (try again in ${e.retryAfter} s)`;
  return e.message;
}
