//! IPC shapes about services: which one an account talks to, what it can do, adding a
//! CommandK account and choosing a purpose type.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::HostKind;

/// The secrets service an account talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ProviderKind {
    /// Phase (Phase Cloud, a self-hosted Phase, or the local sandbox).
    #[default]
    Phase,
    /// CommandK (cloud, an on-premises installation, or any API URL).
    Commandk,
}

/// What an account's service can do. The window hides or disables what is missing and
/// says why (`missing_reason`), so no component asks which service it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    /// Secrets live in folders (paths).
    pub folders: bool,
    pub tags: bool,
    pub comments: bool,
    /// Secret types (secret / sealed / config).
    pub types: bool,
    /// The person can have their own value of a secret.
    pub personal_overrides: bool,
    pub delete: bool,
    pub rename: bool,
    /// Lists come masked from the server; values are fetched one by one on demand.
    pub masked_listing: bool,
    /// One secret holds a value per environment.
    pub per_environment_values: bool,
    /// The token can read but not write.
    pub read_only: bool,
    /// One line saying why something the window offers elsewhere is missing here.
    pub missing_reason: Option<String>,
    /// The purpose types a new secret chooses from (CommandK); absent where there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub purpose_types: Option<Vec<PurposeChoice>>,
    /// Apps are opened by typing their name (the service cannot list them); the ones
    /// opened are remembered for the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub apps_by_name: Option<bool>,
}

/// What the person typed in the "add account" form for CommandK. CommandK's Write tokens
/// cannot read, so browsing takes a Read token and editing a Write token too.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommandkAccountInput {
    pub name: String,
    /// `cloud`, `selfHosted` (an on-premises installation) or `custom` (any API URL).
    pub host_kind: HostKind,
    /// The installation's name (on-premises) or the API base URL (custom).
    pub host_url: Option<String>,
    /// Accepted once, its scope checked against the server, then kept in the keychain.
    pub read_token: String,
    /// Optional: without it the account is read-only.
    pub write_token: Option<String>,
    /// An app to open (CommandK has no list of apps): remembered for the account.
    pub app_name: String,
    /// Keep the tokens in memory for this run only.
    pub session_only: bool,
}

/// What a create adds for services with purpose types and a value per environment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateOptions {
    /// One of `capabilities.purposeTypes` (CommandK); `Other` when left out there.
    #[ts(optional)]
    pub purpose_type: Option<String>,
    /// Other environments (names) to set the same value in.
    pub also_in: Vec<String>,
}

/// A purpose type a new secret can have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurposeChoice {
    /// The value to send back in `SecretDraft.purposeType` (`APIKey`, ...).
    pub id: String,
    /// Words for people (`API key`, ...).
    pub label: String,
}
