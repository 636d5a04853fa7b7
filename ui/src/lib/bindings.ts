// Generated from crates/desk-core/src/view.rs by `UPDATE_BINDINGS=1 cargo test -p desk-core --test bindings`.
// Do not edit by hand.

export type HostKind = "cloud" | "selfHosted" | "custom" | "sandbox";

export type ProviderKind = "phase" | "commandk";

export type Capabilities = { 
/**
 * Secrets live in folders (paths).
 */
folders: boolean, tags: boolean, comments: boolean, 
/**
 * Secret types (secret / sealed / config).
 */
types: boolean, 
/**
 * The person can have their own value of a secret.
 */
personalOverrides: boolean, delete: boolean, rename: boolean, 
/**
 * Lists come masked from the server; values are fetched one by one on demand.
 */
maskedListing: boolean, 
/**
 * One secret holds a value per environment.
 */
perEnvironmentValues: boolean, 
/**
 * The token can read but not write.
 */
readOnly: boolean, 
/**
 * One line saying why something the window offers elsewhere is missing here.
 */
missingReason: string | null, 
/**
 * The purpose types a new secret chooses from (CommandK); absent where there are none.
 */
purposeTypes?: Array<PurposeChoice>, 
/**
 * Apps are opened by typing their name (the service cannot list them); the ones
 * opened are remembered for the account.
 */
appsByName?: boolean, };

export type TokenKindView = "User" | "ServiceAccount" | "Service" | "Read" | "ReadWrite";

export type AccountView = { id: string, name: string, 
/**
 * The API base URL requests go to.
 */
host: string, hostKind: HostKind, tokenKind: TokenKindView, 
/**
 * First 8 hex digits of the token's SHA-256: enough to tell tokens apart.
 */
fingerprint: string, 
/**
 * The token lives in memory only, for this run of the app.
 */
sessionOnly: boolean, isSandbox: boolean, last: Selection | null, provider: ProviderKind, capabilities: Capabilities, };

export type Selection = { appId: string, appName: string | null, env: string, folder: string | null, };

export type KeychainStatus = { available: boolean, message: string | null, };

export type Settings = { 
/**
 * Seconds before a copied value is cleared from the clipboard (0 = never).
 */
clipboardClearSecs: number, 
/**
 * Seconds without input before the desk locks itself (0 = never; else at least 6).
 * The Settings dialog shows minutes, fractions allowed (0.5 = 30 s).
 */
autoLockSecs: number, 
/**
 * Ask the OS to keep the window out of screenshots and screen sharing (macOS and
 * Windows; Linux has no such request).
 */
protectFromCapture: boolean, 
/**
 * Keep an open editor's unsaved text through a lock: only in the window's memory,
 * never written anywhere; the editor opens again with it after unlocking.
 */
keepEditsOnLock: boolean, };

export type DeskState = { accounts: Array<AccountView>, activeAccountId: string | null, keychain: KeychainStatus, settings: Settings, };

export type NewAccountInput = { name: string, hostKind: HostKind, 
/**
 * The Console URL (self-hosted) or API base URL (custom); ignored otherwise.
 */
hostUrl: string | null, tokenKind: TokenKindView, 
/**
 * Accepted once, checked against the server, then kept in the keychain.
 */
token: string, 
/**
 * Keep the token in memory for this run only (when no keychain is available).
 */
sessionOnly: boolean, 
/**
 * The service; Phase when left out.
 */
provider?: ProviderKind, };

export type CommandkAccountInput = { name: string, 
/**
 * `cloud`, `selfHosted` (an on-premises installation) or `custom` (any API URL).
 */
hostKind: HostKind, 
/**
 * The installation's name (on-premises) or the API base URL (custom).
 */
hostUrl: string | null, 
/**
 * Accepted once, its scope checked against the server, then kept in the keychain.
 */
readToken: string, 
/**
 * Optional: without it the account is read-only.
 */
writeToken: string | null, 
/**
 * An app to open (CommandK has no list of apps): remembered for the account.
 */
appName: string, 
/**
 * Keep the tokens in memory for this run only.
 */
sessionOnly: boolean, };

export type PurposeChoice = { 
/**
 * The value to send back in `SecretDraft.purposeType` (`APIKey`, ...).
 */
id: string, 
/**
 * Words for people (`API key`, ...).
 */
label: string, };

export type CreateOptions = { 
/**
 * One of `capabilities.purposeTypes` (CommandK); `Other` when left out there.
 */
purposeType?: string, 
/**
 * Other environments (names) to set the same value in.
 */
alsoIn: Array<string>, };

export type AppView = { id: string, name: string, description: string | null, sseEnabled: boolean, 
/**
 * Why the app cannot be opened here, when it cannot.
 */
disabledReason: string | null, };

export type EnvView = { id: string, name: string, 
/**
 * `dev`, `staging`, `prod` or `custom`.
 */
envType: string, index: number, };

export type SecretKind = "secret" | "sealed" | "config";

export type SecretRow = { id: string, key: string, path: string, comment: string, tags: Array<string>, kind: SecretKind, 
/**
 * Managed by Phase's rotation engine: read-only here.
 */
rotating: boolean, version: number, 
/**
 * Milliseconds since the Unix epoch: a number crosses IPC in 13 bytes where an RFC 3339
 * string takes 34, and the window reads it without parsing a date.
 */
createdAt: number | null, updatedAt: number | null, hasOverride: boolean, overrideActive: boolean, 
/**
 * The value in clear (the active override's, else the shared one), only for `config` secrets.
 */
configValue: string | null, 
/**
 * Masked listings only: whether the secret has a value in this environment.
 */
valueSet?: boolean, 
/**
 * Masked listings only: the server's masked preview of the value (never the value).
 */
preview?: string, };

export type SecretList = { appId: string, env: string, rows: Array<SecretRowWire>, 
/**
 * Whether this account can have personal overrides (PATs only).
 */
canOverride: boolean, 
/**
 * Shown next to the disabled override control when it is disabled.
 */
overrideNote: string | null, 
/**
 * Set when only this folder was listed (not its subfolders): a first, partial view.
 */
folderOnly: string | null, 
/**
 * How long the server took to answer, in milliseconds.
 */
elapsedMs: number, };

export type AccountOpening = { apps: Array<AppView>, appId: string | null, envs: Array<EnvView>, envsError: IpcError | null, env: string | null, 
/**
 * The remembered folder, when the remembered app and environment were opened.
 */
folder: string | null, };

export type StartView = { state: DeskState, opening: AccountOpening | null, 
/**
 * Why the active account's apps could not be listed.
 */
openingError: IpcError | null, };

export type ValueChoice = "effective" | "shared" | "override";

export type SecretDraft = { key: string, value: string, comment: string, tags: Array<string>, path: string, kind: SecretKind, 
/**
 * A personal override to create with it (PAT accounts only).
 */
overrideValue: string | null, 
/**
 * Whether that override applies at once (on) or is kept for later (off).
 */
overrideActive: boolean, };

export type SecretChanges = { key: string | null, value: string | null, comment: string | null, tags: Array<string> | null, path: string | null, kind: SecretKind | null, };

export type SaveOutcome = { "outcome": "saved", row: SecretRow, } | { "outcome": "conflict", 
/**
 * The secret as the server has it now.
 */
theirs: SecretRow, 
/**
 * Whether its value differs from the value loaded before.
 */
theirValueChanged: boolean, };

export type BatchLine = { 
/**
 * 1-based line number in the pasted text.
 */
line: number, key: string, 
/**
 * Length of the value in characters (the value itself stays in the form).
 */
valueChars: number, 
/**
 * Why this line cannot be sent, if it cannot.
 */
error: string | null, };

export type DeleteOutcome = { undoId: string, deletedKeys: Array<string>, message: string, 
/**
 * Seconds the undo stays offered before the window commits the delete.
 */
commitInSecs: number, };

export type BulkEdit = { 
/**
 * Move every secret to this folder.
 */
moveTo: string | null, addTags: Array<string>, removeTags: Array<string>, kind: SecretKind | null, };

export type NotSaved = { id: string, key: string, reason: string, };

export type BulkOutcome = { saved: Array<SecretRow>, notSaved: Array<NotSaved>, message: string, };

export type CopyOutcome = { 
/**
 * Seconds until the clipboard is cleared, if it will be.
 */
clearsInSecs: number | null, };

export type LockOutcome = { 
/**
 * The clipboard held a value we copied and was cleared.
 */
clipboardCleared: boolean, 
/**
 * Held-back deletes that could not be sent before locking, and why.
 */
unsentDeletes: string | null, };

export type RateLimitEvent = { waitSecs: number, attempt: number, 
/**
 * `server` (a 429 answer) or `budget` (the app's own request budget).
 */
source: string, };

export type ErrorCode = "validation" | "unauthorized" | "forbidden" | "notFound" | "duplicateKey" | "sseDisabled" | "rateLimited" | "network" | "timeout" | "server" | "keychainUnavailable" | "noAccount" | "cancelled" | "locked" | "internal";

export type IpcError = { code: ErrorCode, message: string, 
/**
 * Seconds to wait before trying again (rate limits).
 */
retryAfter: number | null, 
/**
 * The form field the error is about, when it is about one.
 */
field: string | null, };

export type CompareView = { appId: string, 
/**
 * The environments, in the server's order (the cells of each row follow it).
 */
envs: Array<string>, 
/**
 * Each row as an array on the wire (see [`super::compare_wire`]).
 */
rows: Array<CompareRowWire>, 
/**
 * Environments that could not be listed, and why (their cells are `unknown`).
 */
envErrors: Array<EnvError>, 
/**
 * How long the listings took together, in milliseconds.
 */
elapsedMs: number, };

export type EnvError = { env: string, error: IpcError, };

export type CompareRow = { key: string, path: string, 
/**
 * Every tag the key has in any environment.
 */
tags: Array<string>, cells: Array<CompareCell>, 
/**
 * Missing from at least one environment that could be listed.
 */
missing: boolean, 
/**
 * Present in two or more environments with values that are not all the same.
 */
differs: boolean, };

export type CompareCell = { 
/**
 * `None`: the key is missing there.
 */
secretId: string | null, kind: SecretKind | null, 
/**
 * Cells of a row with the same group hold the same value (numbered from 0 in
 * environment order). `None` where the value cannot be compared (missing, sealed,
 * masked by the service).
 */
group: number | null, overrideActive: boolean, };

export type ChangeSetKind = "import" | "copyToEnvironments" | "fillMissing" | "bulkEdit";

export type ChangeAction = "create" | "update" | "delete" | "unchanged";

export type LineStatus = { "state": "pending" } | { "state": "applied" } | { "state": "failed", reason: string, };

export type FieldChange = { field: string, before: string, after: string, };

export type ChangeLine = { id: number, env: string, action: ChangeAction, key: string, path: string, fields: Array<FieldChange>, 
/**
 * The value is set (create) or replaced (update); reveal shows before / after.
 */
valueChanges: boolean, 
/**
 * Ticked lines are applied; the person can untick any.
 */
selected: boolean, 
/**
 * What the person should know before applying ("exists in production: tick to overwrite").
 */
note: string | null, 
/**
 * Why this line cannot be applied (it is never sent).
 */
error: string | null, status: LineStatus, };

export type RefusedLine = { line: number, key: string | null, reason: string, };

export type ChangeSetView = { id: string, kind: ChangeSetKind, appId: string, title: string, lines: Array<ChangeLine>, refused: Array<RefusedLine>, 
/**
 * Said once above the lines (e.g. how references travel).
 */
note: string | null, };

export type ApplyReport = { changes: ChangeSetView, applied: number, failed: number, message: string, };

export type LineSide = "before" | "after";

export type FileFormat = "dotenv" | "json" | "yaml";

export type ExportRequest = { appId: string, env: string, 
/**
 * Only this folder; the whole environment when absent.
 */
folder: string | null, 
/**
 * With the folder's subfolders.
 */
recursive: boolean, format: FileFormat, };

export type ExportOutcome = { file: string, count: number, 
/**
 * Sealed secrets are left out: their values cannot be read back here.
 */
sealedLeftOut: number, };

export type DeepLink = { 
/**
 * The account's id in Phase Desk.
 */
account: string, 
/**
 * The app's id (or, for services that name apps, its name).
 */
app: string, 
/**
 * The environment's name.
 */
env: string, 
/**
 * The folder, normalised: `/` or `/a/b`.
 */
path: string, 
/**
 * The key to select in that folder.
 */
key: string | null, };

export type LinkRequest = { link: DeepLink | null, error: string | null, };

export type SecretRowWire = [id: string, key: string, path: string, comment: string, tags: Array<string>, kind: SecretKind, flags: number, version: number, createdAt: number | null, updatedAt: number | null, configValue: string | null, valueSet: boolean | null, preview: string | null];

export type CompareCellWire = null | [secretId: string | null, kind: SecretKind | null, group: number | null, overrideActive: boolean];

export type CompareRowWire = [key: string, path: string, tags: Array<string>, flags: number, cells: Array<CompareCellWire>];

export type ListingAnswer = { digest: string, elapsedMs: number, list: SecretList | null };
