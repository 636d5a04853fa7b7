// An in-memory stand-in for the Rust commands, for component tests (through mockIPC).
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type {
  AccountView,
  AppView,
  BulkEdit,
  Capabilities,
  ApplyReport,
  ChangeLine,
  ChangeSetView,
  DeleteOutcome,
  DeskState,
  EnvView,
  IpcError,
  SaveOutcome,
  SecretChanges,
  SecretDraft,
  SecretRow,
} from '../lib/bindings';
import type { AccountOpening, ListingAnswer, StartView } from '../lib/bindings';
import { compareToWire, listToWire, type CompareView, type SecretList } from '../lib/wire';

export type Call = { cmd: string; args: Record<string, unknown> };

/**
 * A listing as Rust answers it (crates/desk-core/src/view/listing_answer.rs): rows as arrays
 * (lib/wire.ts), the time apart, a digest of the rest, and no rows when `have` is that digest.
 */
export function listingAnswer(list: SecretList, have: unknown): ListingAnswer {
  const wire = { ...listToWire(list), elapsedMs: 0 };
  const text = JSON.stringify(wire);
  // FNV-1a: any digest that follows the content will do for the window, which only compares.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const digest = `${h.toString(16).padStart(8, '0')}-${text.length}`;
  return { digest, elapsedMs: list.elapsedMs, list: have === digest ? null : wire };
}

/** Answers leave as Rust sends them. */
function toWire(cmd: string, args: Record<string, unknown>, answer: unknown, b: MockBackend): unknown {
  const encode: Record<string, (a: never) => unknown> = {
    list_secrets: (l: SecretList) => {
      const a = listingAnswer(l, args.have);
      b.listingAnswers.push(a);
      return a;
    },
    compare_environments: (v: CompareView) => compareToWire(v),
  };
  const f = encode[cmd];
  if (!f) return answer;
  return answer instanceof Promise ? answer.then((a) => f(a as never)) : f(answer as never);
}
type Handler = (args: Record<string, unknown>, b: MockBackend) => unknown;

/** What a Phase account can do (as desk-core's provider::capabilities says). */
export function phaseCapabilities(tokenKind: AccountView['tokenKind'] = 'User', p: Partial<Capabilities> = {}): Capabilities {
  const person = tokenKind === 'User';
  return {
    folders: true,
    tags: true,
    comments: true,
    types: true,
    personalOverrides: person,
    delete: true,
    rename: true,
    maskedListing: false,
    perEnvironmentValues: false,
    readOnly: false,
    missingReason: person ? null : 'Personal overrides belong to people: a service token never sees or sets them.',
    ...p,
  };
}

export function account(p: Partial<AccountView> = {}): AccountView {
  return {
    provider: 'phase',
    capabilities: phaseCapabilities(p.tokenKind ?? 'User'),
    id: 'acc1',
    name: 'Work',
    host: 'https://api.phase.dev',
    hostKind: 'cloud',
    tokenKind: 'User',
    fingerprint: 'abcd1234',
    sessionOnly: false,
    isSandbox: false,
    last: null,
    ...p,
  };
}

export function ipcError(code: IpcError['code'], message: string, extra: Partial<IpcError> = {}): IpcError {
  return { code, message, retryAfter: null, field: null, ...extra };
}

export class MockBackend {
  calls: Call[] = [];
  state: DeskState;
  apps: AppView[] = [
    { id: 'app1', name: 'Payments', description: null, sseEnabled: true, disabledReason: null },
    { id: 'app2', name: 'Legacy', description: null, sseEnabled: false, disabledReason: 'End-to-end encrypted: not available through the API' },
  ];
  envs: EnvView[] = [
    { id: 'e1', name: 'Development', envType: 'dev', index: 0 },
    { id: 'e2', name: 'Production', envType: 'prod', index: 1 },
  ];
  rows: SecretRow[] = [];
  values = new Map<string, string>();
  overrides = new Map<string, string>();
  canOverride = true;
  overrideNote: string | null = null;
  /** Per-command overrides of the default behaviour. */
  handlers: Record<string, Handler> = {};
  /** The bulk edit under review (plan_bulk_edit → apply_changes). */
  planned: { edit: BulkEdit; ids: string[] } | null = null;
  /** What list_secrets reports as the server's time (elapsedMs). */
  listElapsedMs = 40;
  /** While true, list_secrets answers only once released (or rejects when cancelled). */
  holdListings = false;
  private held: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Deletes held back for the undo window (nothing "sent" yet). */
  deleted = new Map<string, SecretRow[]>();
  commitInSecs = 10;
  private undoSeq = 0;

  constructor(accounts: AccountView[] = [account()]) {
    this.state = {
      accounts,
      activeAccountId: accounts[0]?.id ?? null,
      keychain: { available: true, message: null },
      settings: { clipboardClearSecs: 30, autoLockSecs: 900, protectFromCapture: false, keepEditsOnLock: false },
    };
  }

  install() {
    mockIPC(
      (cmd, payload) => {
        const args = (payload ?? {}) as Record<string, unknown>;
        return toWire(cmd, args, this.handle(cmd, args), this);
      },
      { shouldMockEvents: true },
    );
    return this;
  }

  uninstall() {
    clearMocks();
  }

  /** What list_secrets answered, in order (rows left out where the window held them). */
  readonly listingAnswers: ListingAnswer[] = [];

  callsOf(cmd: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  }

  list(): SecretList {
    return {
      appId: 'app1',
      env: 'Development',
      rows: this.rows,
      canOverride: this.canOverride,
      overrideNote: this.overrideNote,
      folderOnly: null,
      elapsedMs: this.listElapsedMs,
    };
  }

  /** Answers the listings held back by `holdListings` (with the rows as they are then). */
  releaseListings() {
    const held = this.held;
    this.held = [];
    for (const h of held) h.resolve();
  }

  /** Number of listings waiting for `releaseListings`. */
  get heldListings(): number {
    return this.held.length;
  }

  private listing(args: Record<string, unknown>): SecretList {
    const tags = args.tags as string[];
    const path = (args.path as string | null | undefined) ?? null;
    let rows = tags.length ? this.rows.filter((r) => r.tags.some((t) => tags.includes(t))) : this.rows;
    if (path !== null) rows = rows.filter((r) => r.path === path);
    return { ...this.list(), rows, folderOnly: path };
  }

  async start(): Promise<StartView> {
    if (!this.state.activeAccountId) return { state: this.state, opening: null, openingError: null };
    try {
      return { state: this.state, opening: await this.openAccount(), openingError: null };
    } catch (e) {
      return { state: this.state, opening: null, openingError: e as IpcError };
    }
  }

  /** Desk::open_account, step by step through the per-step handlers (so tests can fail any step). */
  async openAccount(): Promise<AccountOpening> {
    const apps = (await this.handle('list_apps', {})) as AppView[];
    const o: AccountOpening = { apps, appId: null, envs: [], envsError: null, env: null, folder: null };
    const last = this.state.accounts.find((a) => a.id === this.state.activeAccountId)?.last ?? null;
    const usable = apps.filter((a) => !a.disabledReason);
    const app = (last && usable.find((a) => a.id === last.appId)) ?? usable[0];
    if (!app) return o;
    o.appId = app.id;
    try {
      o.envs = (await this.handle('list_environments', { appId: app.id })) as EnvView[];
    } catch (e) {
      o.envsError = e as IpcError;
      return o;
    }
    const lastEnv = last?.appId === app.id ? o.envs.find((e) => e.name.toLowerCase() === last.env.toLowerCase()) : undefined;
    const env = lastEnv ?? o.envs[0];
    if (!env) return o;
    o.env = env.name;
    if (lastEnv) o.folder = last?.folder ?? null;
    return o;
  }

  handle(cmd: string, args: Record<string, unknown>): unknown {
    this.calls.push({ cmd, args });
    const h = this.handlers[cmd];
    if (h) return h(args, this);
    switch (cmd) {
      case 'get_state':
        return this.state;
      case 'start':
        return this.start();
      case 'open_account':
        return this.openAccount();
      case 'list_apps':
        return this.apps;
      case 'list_environments':
        return this.envs;
      case 'remember_selection':
        return null;
      case 'list_secrets': {
        if (!this.holdListings) return this.listing(args);
        return new Promise((resolve, reject) => {
          this.held.push({ resolve: () => resolve(this.listing(args)), reject });
        });
      }
      case 'cancel_listing': {
        const held = this.held;
        this.held = [];
        for (const h of held) h.reject(ipcError('cancelled', 'Cancelled.'));
        return null;
      }
      case 'search_values': {
        const needle = String(args.needle).toLowerCase();
        return this.rows.filter((r) => (this.values.get(r.id) ?? '').toLowerCase().includes(needle)).map((r) => r.id);
      }
      case 'value_for_editing':
      case 'reveal_value': {
        const row = this.rows.find((r) => r.id === args.secretId);
        if (!row || row.kind === 'sealed') return null;
        if (args.which === 'override') return this.overrides.get(row.id) ?? null;
        if (args.which === 'effective' && row.overrideActive) return this.overrides.get(row.id) ?? null;
        return this.values.get(row.id) ?? '';
      }
      case 'copy_value':
        return { clearsInSecs: this.state.settings.clipboardClearSecs };
      case 'update_secret': {
        const row = this.rows.find((r) => r.id === args.secretId)!;
        const ch = args.changes as SecretChanges;
        const updated: SecretRow = {
          ...row,
          key: ch.key ?? row.key,
          comment: ch.comment ?? row.comment,
          tags: ch.tags ?? row.tags,
          path: ch.path ?? row.path,
          kind: ch.kind ?? row.kind,
          version: row.version + 1,
        };
        if (ch.value !== null) this.values.set(row.id, ch.value);
        this.rows = this.rows.map((r) => (r.id === row.id ? updated : r));
        return { outcome: 'saved', row: updated } satisfies SaveOutcome;
      }
      case 'set_override': {
        const row = this.rows.find((r) => r.id === args.secretId)!;
        if (args.value !== null) this.overrides.set(row.id, String(args.value));
        const updated = { ...row, hasOverride: true, overrideActive: Boolean(args.active) };
        this.rows = this.rows.map((r) => (r.id === row.id ? updated : r));
        return updated;
      }
      case 'delete_secrets': {
        // Held back: the rows stay on the "server" until commit_delete.
        const ids = args.secretIds as string[];
        const gone = this.rows.filter((r) => ids.includes(r.id));
        const undoId = `undo-${++this.undoSeq}`;
        this.deleted.set(undoId, gone);
        return {
          undoId,
          deletedKeys: gone.map((r) => r.key),
          message: `Deleted ${gone.length} secrets`,
          commitInSecs: this.commitInSecs,
        } satisfies DeleteOutcome;
      }
      case 'undo_delete': {
        const back = this.deleted.get(String(args.undoId)) ?? [];
        this.deleted.delete(String(args.undoId));
        return back;
      }
      case 'commit_delete': {
        const gone = this.deleted.get(String(args.undoId)) ?? [];
        this.deleted.delete(String(args.undoId));
        this.rows = this.rows.filter((r) => !gone.some((g) => g.id === r.id));
        return `Deleted ${gone.length} secrets`;
      }
      case 'commit_all_deletes': {
        for (const id of [...this.deleted.keys()]) this.handle('commit_delete', { undoId: id });
        return null;
      }
      case 'plan_bulk_edit': {
        const ids = args.secretIds as string[];
        const edit = args.edit as BulkEdit;
        const lines: ChangeLine[] = this.rows
          .filter((r) => ids.includes(r.id))
          .map((r, i) => ({
            id: i + 1,
            env: String(args.env),
            action: 'update',
            key: r.key,
            path: r.path,
            fields: edit.moveTo ? [{ field: 'path', before: r.path, after: edit.moveTo }] : [],
            valueChanges: false,
            selected: true,
            note: null,
            error: null,
            status: { state: 'pending' },
          }));
        this.planned = { edit, ids: this.rows.filter((r) => ids.includes(r.id)).map((r) => r.id) };
        return { id: 'cs1', kind: 'bulkEdit', appId: String(args.appId), title: `Change ${lines.length} secrets`, lines, refused: [], note: null } satisfies ChangeSetView;
      }
      case 'apply_changes': {
        const planned = this.planned!;
        const selected = args.selected as number[];
        const edit = planned.edit;
        const ids = planned.ids.filter((_, i) => selected.includes(i + 1));
        this.rows = this.rows.map((r) => {
          if (!ids.includes(r.id)) return r;
          const tags = [...new Set([...r.tags.filter((t) => !edit.removeTags.includes(t)), ...edit.addTags])];
          return { ...r, path: edit.moveTo ?? r.path, tags, kind: edit.kind ?? r.kind, version: r.version + 1 };
        });
        const changes = this.handle('plan_bulk_edit', { appId: 'app1', env: 'Development', secretIds: planned.ids, edit }) as ChangeSetView;
        this.calls.pop();
        for (const l of changes.lines) if (selected.includes(l.id)) l.status = { state: 'applied' };
        return { changes, applied: ids.length, failed: 0, message: `Applied ${ids.length} changes.` } satisfies ApplyReport;
      }
      case 'discard_changes':
        return null;
      case 'add_account': {
        const input = args.input as { name: string };
        const acc = account({ id: 'acc-new', name: input.name });
        this.state = { ...this.state, accounts: [...this.state.accounts, acc] };
        return acc;
      }
      case 'replace_token': {
        const acc = this.state.accounts.find((x) => x.id === args.accountId)!;
        return { ...acc, fingerprint: 'fedc4321' };
      }
      case 'switch_account':
        this.state = { ...this.state, activeAccountId: String(args.accountId) };
        return this.state;
      case 'set_settings':
        this.state = { ...this.state, settings: args.settings as DeskState['settings'] };
        return this.state;
      case 'preview_batch':
        return [];
      case 'create_secrets': {
        const created = (args.drafts as SecretDraft[]).map((d, i) => ({
          id: `new-${this.rows.length + i + 1}`,
          key: d.key,
          path: d.path,
          comment: d.comment,
          tags: d.tags,
          kind: d.kind,
          rotating: false,
          version: 1,
          createdAt: null,
          updatedAt: null,
          hasOverride: d.overrideValue !== null,
          overrideActive: d.overrideValue !== null && d.overrideActive,
          configValue: d.kind === 'config' ? d.value : null,
        }));
        this.rows = [...this.rows, ...created];
        return created;
      }
      case 'create_batch':
        return [];
      default:
        throw ipcError('internal', `unmocked command ${cmd}`);
    }
  }
}
