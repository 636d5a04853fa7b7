// The only module that talks to Tauri. Every backend command has one typed wrapper here;
// components import these, never `@tauri-apps/*` directly.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type {
  AccountOpening,
  ApplyReport,
  ChangeSetView,
  CompareView as WireCompareView,
  ExportOutcome,
  ExportRequest,
  LineSide,
  LockOutcome,
  AccountView,
  AppView,
  BatchLine,
  BulkEdit,
  CommandkAccountInput,
  CopyOutcome,
  CreateOptions,
  DeleteOutcome,
  DeskState,
  EnvView,
  ErrorCode,
  IpcError,
  LinkRequest,
  NewAccountInput,
  RateLimitEvent,
  SaveOutcome,
  SecretChanges,
  SecretDraft,
  ListingAnswer,
  SecretRow,
  Selection,
  Settings,
  StartView,
  ValueChoice,
} from './bindings';
import { compareFromWire, listFromWire } from './wire';

const CODES: readonly ErrorCode[] = [
  'validation',
  'unauthorized',
  'forbidden',
  'notFound',
  'duplicateKey',
  'sseDisabled',
  'rateLimited',
  'network',
  'timeout',
  'server',
  'keychainUnavailable',
  'noAccount',
  'cancelled',
  'locked',
  'internal',
];

/** An error from the backend, with the server's message. */
export class HostError extends Error implements IpcError {
  readonly code: ErrorCode;
  readonly retryAfter: number | null;
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, retryAfter: number | null = null, field: string | null = null) {
    super(message);
    this.name = 'HostError';
    this.code = code;
    this.retryAfter = retryAfter;
    this.field = field;
  }

  /** Turns anything thrown by `invoke` (or by our own code) into a HostError. */
  static from(err: unknown): HostError {
    if (err instanceof HostError) return err;
    if (err && typeof err === 'object') {
      const o = err as Record<string, unknown>;
      const code = typeof o.code === 'string' && (CODES as readonly string[]).includes(o.code) ? (o.code as ErrorCode) : 'internal';
      const message =
        typeof o.message === 'string' && o.message !== '' ? o.message : code === 'internal' ? String(err) : code;
      const retryAfter = typeof o.retryAfter === 'number' ? o.retryAfter : null;
      const field = typeof o.field === 'string' ? o.field : null;
      return new HostError(code, message === '[object Object]' ? 'Unexpected error' : message, retryAfter, field);
    }
    if (typeof err === 'string' && err !== '') return new HostError('internal', err);
    return new HostError('internal', 'Unexpected error');
  }
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw HostError.from(err);
  }
}

export const getState = () => call<DeskState>('get_state');
export const addAccount = (input: NewAccountInput) => call<AccountView>('add_account', { input });
/** A CommandK account: a Read token and, to edit, a Write token (each scope-checked). */
export const addCommandkAccount = (input: CommandkAccountInput) => call<AccountView>('add_commandk_account', { input });
/** Opens an app by its name (services without a list of apps) and remembers it. */
export const findApp = (name: string) => call<AppView>('find_app', { name });
export const switchAccount = (accountId: string) => call<DeskState>('switch_account', { accountId });
export const replaceToken = (accountId: string, token: string, sessionOnly: boolean) =>
  call<AccountView>('replace_token', { accountId, token, sessionOnly });
export const removeAccount = (accountId: string) => call<DeskState>('remove_account', { accountId });
export const start = () => call<StartView>('start');
/** The account's apps and the app / environment it opens on; that listing is already under way (ask with listSecrets). */
export const openAccount = () => call<AccountOpening>('open_account');
export const listEnvironments = (appId: string) => call<EnvView[]>('list_environments', { appId });
export const rememberSelection = (selection: Selection) => call<null>('remember_selection', { selection });
/**
 * Lists an environment; with `path`, only that folder (not its subfolders). With `have`,
 * the digest of a listing held for the same question, `list` is null when nothing changed
 * (see lib/heldListings.ts).
 */
export const listSecrets = (appId: string, env: string, tags: string[] = [], path: string | null = null, have: string | null = null) =>
  call<ListingAnswer>('list_secrets', have === null ? { appId, env, tags, path } : { appId, env, tags, path, have }).then((a) => ({
    digest: a.digest,
    elapsedMs: a.elapsedMs,
    list: a.list === null ? null : listFromWire(a.list),
  }));
/** Stops the listing in flight: it then rejects with code `cancelled`. */
export const cancelListing = () => call<null>('cancel_listing');
export const searchValues = (appId: string, env: string, needle: string) =>
  call<string[]>('search_values', { appId, env, needle });
export const revealValue = (appId: string, env: string, secretId: string, which: ValueChoice) =>
  call<string | null>('reveal_value', { appId, env, secretId, which });
/** The value as written (references kept, never resolved): what the editor starts from. */
export const valueForEditing = (appId: string, env: string, secretId: string, which: ValueChoice) =>
  call<string | null>('value_for_editing', { appId, env, secretId, which });
export const copyValue = (appId: string, env: string, secretId: string, which: ValueChoice) =>
  call<CopyOutcome>('copy_value', { appId, env, secretId, which });
export const previewBatch = (text: string, path: string) => call<BatchLine[]>('preview_batch', { text, path });
/** Creates every KEY=VALUE line of a paste in one request, or none of them (Rust parses). */
export const createBatch = (appId: string, env: string, text: string, path: string) =>
  call<SecretRow[]>('create_batch', { appId, env, text, path });
/** `options`: a purpose type and other environments to set the value in (where the service has them). */
export const createSecrets = (appId: string, env: string, drafts: SecretDraft[], options: CreateOptions | null = null) =>
  call<SecretRow[]>('create_secrets', options ? { appId, env, drafts, options } : { appId, env, drafts });
export const updateSecret = (
  appId: string,
  env: string,
  secretId: string,
  baseVersion: number,
  changes: SecretChanges,
  force = false,
) => call<SaveOutcome>('update_secret', { appId, env, secretId, baseVersion, changes, force });
export const setOverride = (appId: string, env: string, secretId: string, value: string | null, active: boolean) =>
  call<SecretRow>('set_override', { appId, env, secretId, value, active });
export const deleteSecrets = (appId: string, env: string, secretIds: string[]) =>
  call<DeleteOutcome>('delete_secrets', { appId, env, secretIds });
/** Rows of a held-back delete, back (nothing was sent yet). */
export const undoDelete = (undoId: string) => call<SecretRow[]>('undo_delete', { undoId });
/** Sends a held-back delete; answers the server's message. */
export const commitDelete = (undoId: string) => call<string>('commit_delete', { undoId });
/** Sends every held-back delete (before leaving the environment, app or account). */
export const commitAllDeletes = () => call<null>('commit_all_deletes');
export const setSettings = (settings: Settings) => call<DeskState>('set_settings', { settings });
/** The `phase-desk://` link that arrived and was not taken yet (null: none). */
export const takeLink = () => call<LinkRequest | null>('take_link');
/** Copies the link to a secret of the active account (plain text: it holds no value); answers it. */
export const copyLink = (appId: string, env: string, path: string, key: string | null) =>
  call<string>('copy_link', { appId, env, path, key });

/** Drops every value held in Rust and lets the tokens go (auto-lock, Lock now). */
export const lockNow = () => call<LockOutcome>('lock_now');
/** Copies versions, OS, renderer, keychain state and account hosts (nothing secret); answers the text. */
export const copyDiagnostics = () => call<string>('copy_diagnostics');
/** Reads the active account's token from the keychain again. */
export const unlock = () => call<DeskState>('unlock');
/**
 * Every environment of the app side by side (values never leave Rust: cells carry equality
 * groups). `fromTable`: the environment on screen is taken from the table's list (opening);
 * `false` lists every environment (Refresh).
 */
export const compareEnvironments = (appId: string, fromTable: boolean) =>
  call<WireCompareView>('compare_environments', { appId, fromTable }).then(compareFromWire);
export const compareReveal = (appId: string, env: string, secretId: string) =>
  call<string | null>('compare_reveal', { appId, env, secretId });
export const compareCopy = (appId: string, env: string, secretId: string) =>
  call<CopyOutcome>('compare_copy', { appId, env, secretId });
/** Plans copying secrets of `from` (all when `secretIds` is empty) to `to`: a change-set to review. */
export const planCopy = (appId: string, from: string, secretIds: string[], to: string[], fillMissing: boolean) =>
  call<ChangeSetView>('plan_copy', { appId, from, secretIds, to, fillMissing });
export const planBulkEdit = (appId: string, env: string, secretIds: string[], edit: BulkEdit) =>
  call<ChangeSetView>('plan_bulk_edit', { appId, env, secretIds, edit });
export const planImportText = (appId: string, env: string, text: string, folder: string) =>
  call<ChangeSetView>('plan_import_text', { appId, env, text, folder });
/** Opens the native open dialog in Rust and plans the import; null when cancelled. */
export const pickImportFile = (appId: string, env: string, folder: string) =>
  call<ChangeSetView | null>('pick_import_file', { appId, env, folder });
/** Plans importing the file last dropped on the window (Rust kept its path). */
export const importDroppedFile = (appId: string, env: string, folder: string) =>
  call<ChangeSetView>('import_dropped_file', { appId, env, folder });
/** Opens the native save dialog in Rust and writes the export (mode 0600); null when cancelled. */
export const exportSecrets = (request: ExportRequest) => call<ExportOutcome | null>('export_secrets', { request });
export const copyAsDotenv = (appId: string, env: string, secretIds: string[]) =>
  call<CopyOutcome>('copy_as_dotenv', { appId, env, secretIds });
/** Applies the ticked lines of a change-set; lines come back with their status. */
export const applyChanges = (id: string, selected: number[]) => call<ApplyReport>('apply_changes', { id, selected });
export const revealChange = (id: string, lineId: number, side: LineSide) =>
  call<string | null>('reveal_change', { id, lineId, side });
export const discardChanges = (id: string) => call<null>('discard_changes', { id });

/** Calls `cb` with the number of files dropped on the window (Rust keeps their paths). */
export function onFilesDropped(cb: (count: number) => void): Promise<() => void> {
  return onDesktopEvent<number>('files-dropped', cb);
}

/** Calls `cb` whenever the backend waits out a rate limit. Returns an unsubscribe function. */
export async function onRateLimited(cb: (ev: RateLimitEvent) => void): Promise<() => void> {
  try {
    return await listen<RateLimitEvent>('rate-limited', (e) => cb(e.payload));
  } catch {
    // Outside Tauri (plain browser, tests without event mocks) there is nothing to listen to.
    return () => {};
  }
}

/** What the native menu and the OS tell the window: a link waits, a menu item was chosen. */
export type DesktopEvent = 'files-dropped' | 'desk://link' | 'menu://lock' | 'menu://reload' | 'menu://theme' | 'menu://error';

/** Calls `cb` with the payload of each `name` event. Returns an unsubscribe function. */
export async function onDesktopEvent<T = unknown>(name: DesktopEvent, cb: (payload: T) => void): Promise<() => void> {
  try {
    const un = await listen<T>(name, (e) => cb(e.payload));
    // Unlistening after the backend went away (window closing, tests) is not an error.
    return () => {
      try {
        Promise.resolve(un() as unknown).catch(() => {});
      } catch {
        /* nothing left to unlisten */
      }
    };
  } catch {
    return () => {};
  }
}
