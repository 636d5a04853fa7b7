//! The shapes that cross IPC. TypeScript types are generated from these
//! (`ui/src/lib/bindings.ts`); never retype them by hand in the UI.
//! No type here ever carries a token, and secret values only travel in the
//! few answers that exist to hand one value to the person who asked for it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod across;
pub mod compare_wire;
pub use compare_wire::CompareRows;
pub mod listing_answer;
pub mod rows_wire;
pub use rows_wire::SecretRows;
mod services;
pub use across::*;
pub use services::*;

/// Where an account's API lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum HostKind {
    /// Phase Cloud, `https://api.phase.dev`; CommandK cloud, `https://api.commandk.dev`.
    Cloud,
    /// A self-hosted Console; the API is under `{url}/service/public`. For CommandK: an
    /// on-premises installation, `https://api.{name}.commandk.dev`.
    SelfHosted,
    /// Any API base URL, used as given.
    Custom,
    /// The local sandbox server embedded in the app.
    Sandbox,
}

/// The kind of token, as the `Authorization` header names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum TokenKindView {
    /// A Personal Access Token: acts as the person, sees their overrides.
    User,
    /// A service account token: never sees personal overrides.
    ServiceAccount,
    /// A legacy service token.
    Service,
    /// A CommandK Read token alone: the account can browse but not change.
    Read,
    /// A CommandK Read token and a Write token (CommandK's Write tokens cannot read).
    ReadWrite,
}

/// An account as the UI sees it: never the token, at most its fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub id: String,
    pub name: String,
    /// The API base URL requests go to.
    pub host: String,
    pub host_kind: HostKind,
    pub token_kind: TokenKindView,
    /// First 8 hex digits of the token's SHA-256: enough to tell tokens apart.
    pub fingerprint: String,
    /// The token lives in memory only, for this run of the app.
    pub session_only: bool,
    pub is_sandbox: bool,
    pub last: Option<Selection>,
    pub provider: ProviderKind,
    pub capabilities: Capabilities,
}

/// The last app / environment / folder an account looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    pub app_id: String,
    pub app_name: Option<String>,
    pub env: String,
    pub folder: Option<String>,
}

/// Whether the OS keychain can be used, and if not, what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeychainStatus {
    pub available: bool,
    pub message: Option<String>,
}

/// Preferences the person can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Seconds before a copied value is cleared from the clipboard (0 = never).
    pub clipboard_clear_secs: u32,
    /// Seconds without input before the desk locks itself (0 = never; else at least 6).
    /// The Settings dialog shows minutes, fractions allowed (0.5 = 30 s).
    pub auto_lock_secs: u32,
    /// Ask the OS to keep the window out of screenshots and screen sharing (macOS and
    /// Windows; Linux has no such request).
    pub protect_from_capture: bool,
    /// Keep an open editor's unsaved text through a lock: only in the window's memory,
    /// never written anywhere; the editor opens again with it after unlocking.
    pub keep_edits_on_lock: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            clipboard_clear_secs: 30,
            auto_lock_secs: 15 * 60,
            protect_from_capture: false,
            keep_edits_on_lock: false,
        }
    }
}

/// Everything the UI needs at start and after any account change.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskState {
    pub accounts: Vec<AccountView>,
    pub active_account_id: Option<String>,
    pub keychain: KeychainStatus,
    pub settings: Settings,
}

/// What the person typed in the "add account" form.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewAccountInput {
    pub name: String,
    pub host_kind: HostKind,
    /// The Console URL (self-hosted) or API base URL (custom); ignored otherwise.
    pub host_url: Option<String>,
    pub token_kind: TokenKindView,
    /// Accepted once, checked against the server, then kept in the keychain.
    pub token: String,
    /// Keep the token in memory for this run only (when no keychain is available).
    pub session_only: bool,
    /// The service; Phase when left out.
    #[serde(default)]
    #[ts(optional)]
    pub provider: Option<ProviderKind>,
}

/// An app from `/v1/apps/`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppView {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub sse_enabled: bool,
    /// Why the app cannot be opened here, when it cannot.
    pub disabled_reason: Option<String>,
}

/// An environment of an app.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvView {
    pub id: String,
    pub name: String,
    /// `dev`, `staging`, `prod` or `custom`.
    pub env_type: String,
    pub index: i32,
}

/// Phase's three kinds of secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SecretKind {
    Secret,
    Sealed,
    Config,
}

/// One secret as a table row. The value is absent unless the secret is
/// `config` (not sensitive); everything else is asked for by id.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretRow {
    pub id: String,
    pub key: String,
    pub path: String,
    pub comment: String,
    pub tags: Vec<String>,
    pub kind: SecretKind,
    /// Managed by Phase's rotation engine: read-only here.
    pub rotating: bool,
    pub version: i32,
    /// Milliseconds since the Unix epoch: a number crosses IPC in 13 bytes where an RFC 3339
    /// string takes 34, and the window reads it without parsing a date.
    #[ts(type = "number | null")]
    pub created_at: Option<i64>,
    #[ts(type = "number | null")]
    pub updated_at: Option<i64>,
    pub has_override: bool,
    pub override_active: bool,
    /// The value in clear (the active override's, else the shared one), only for `config` secrets.
    pub config_value: Option<String>,
    /// Masked listings only: whether the secret has a value in this environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value_set: Option<bool>,
    /// Masked listings only: the server's masked preview of the value (never the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub preview: Option<String>,
}

/// The secrets of one environment.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretList {
    pub app_id: String,
    pub env: String,
    #[ts(type = "Array<SecretRowWire>")]
    pub rows: SecretRows,
    /// Whether this account can have personal overrides (PATs only).
    pub can_override: bool,
    /// Shown next to the disabled override control when it is disabled.
    pub override_note: Option<String>,
    /// Set when only this folder was listed (not its subfolders): a first, partial view.
    pub folder_only: Option<String>,
    /// How long the server took to answer, in milliseconds.
    pub elapsed_ms: u32,
}

/// What the window shows when an account opens, in one call: its apps and, when one
/// can be opened, the remembered (else first) app and its environments. The environment's
/// listing is already under way when this is answered: the window asks for it with
/// `list_secrets` (it does not wait for it to show the apps). A step that fails leaves
/// the later ones empty and says why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountOpening {
    pub apps: Vec<AppView>,
    pub app_id: Option<String>,
    pub envs: Vec<EnvView>,
    pub envs_error: Option<IpcError>,
    pub env: Option<String>,
    /// The remembered folder, when the remembered app and environment were opened.
    pub folder: Option<String>,
}

/// The first thing the window asks for: the desk's state and the active account opened.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartView {
    pub state: DeskState,
    pub opening: Option<AccountOpening>,
    /// Why the active account's apps could not be listed.
    pub opening_error: Option<IpcError>,
}

/// Which value of a secret to reveal or copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ValueChoice {
    /// The value that applies to the person: their active override, else the shared value.
    Effective,
    /// The value shared by everyone.
    Shared,
    /// The person's override, active or not.
    Override,
}

/// A new secret as the person filled it in.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretDraft {
    pub key: String,
    pub value: String,
    pub comment: String,
    pub tags: Vec<String>,
    pub path: String,
    pub kind: SecretKind,
    /// A personal override to create with it (PAT accounts only).
    pub override_value: Option<String>,
    /// Whether that override applies at once (on) or is kept for later (off).
    pub override_active: bool,
}

/// The fields the person changed in the edit panel; absent means untouched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretChanges {
    pub key: Option<String>,
    pub value: Option<String>,
    pub comment: Option<String>,
    pub tags: Option<Vec<String>>,
    pub path: Option<String>,
    pub kind: Option<SecretKind>,
}

/// What happened to an edit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum SaveOutcome {
    /// Saved; the row as the server now has it.
    Saved { row: SecretRow },
    /// Someone changed the secret since it was loaded: nothing was sent.
    #[serde(rename_all = "camelCase")]
    Conflict {
        /// The secret as the server has it now.
        theirs: SecretRow,
        /// Whether its value differs from the value loaded before.
        their_value_changed: bool,
    },
}

/// One parsed line of a pasted `KEY=VALUE` batch.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchLine {
    /// 1-based line number in the pasted text.
    pub line: u32,
    pub key: String,
    /// Length of the value in characters (the value itself stays in the form).
    pub value_chars: u32,
    /// Why this line cannot be sent, if it cannot.
    pub error: Option<String>,
}

/// A deletion held back for the undo window: the rows are hidden, nothing is sent until
/// `commit_delete` (or switching environment, or quitting).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeleteOutcome {
    pub undo_id: String,
    pub deleted_keys: Vec<String>,
    pub message: String,
    /// Seconds the undo stays offered before the window commits the delete.
    pub commit_in_secs: u32,
}

/// One change applied to every selected secret, in one request.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkEdit {
    /// Move every secret to this folder.
    pub move_to: Option<String>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub kind: Option<SecretKind>,
}

/// A secret a bulk edit did not save, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotSaved {
    pub id: String,
    pub key: String,
    pub reason: String,
}

/// What a bulk edit did: the server may stop part-way, so both lists can be non-empty.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkOutcome {
    pub saved: Vec<SecretRow>,
    pub not_saved: Vec<NotSaved>,
    pub message: String,
}

/// What locking did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LockOutcome {
    /// The clipboard held a value we copied and was cleared.
    pub clipboard_cleared: bool,
    /// Held-back deletes that could not be sent before locking, and why.
    pub unsent_deletes: Option<String>,
}

/// The answer to a copy: when the clipboard will be cleared.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CopyOutcome {
    /// Seconds until the clipboard is cleared, if it will be.
    pub clears_in_secs: Option<u32>,
}

/// Sent as the `rate-limited` event while a request waits out a 429.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitEvent {
    pub wait_secs: u32,
    pub attempt: u32,
    /// `server` (a 429 answer) or `budget` (the app's own request budget).
    pub source: String,
}

/// The error codes the UI branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    DuplicateKey,
    SseDisabled,
    RateLimited,
    Network,
    Timeout,
    Server,
    KeychainUnavailable,
    NoAccount,
    /// The person cancelled the request (not an error to show).
    Cancelled,
    /// The desk is locked: show the lock screen.
    Locked,
    Internal,
}

/// Every command's error, as it crosses IPC.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// Seconds to wait before trying again (rate limits).
    pub retry_after: Option<u32>,
    /// The form field the error is about, when it is about one.
    pub field: Option<String>,
}
