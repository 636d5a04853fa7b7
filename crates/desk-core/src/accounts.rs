//! Non-secret account data, kept as JSON in the platform's config dir.
//! Tokens are never part of it: they live in the keychain (see `keychain`).

use std::path::{Path, PathBuf};

use phase_api::{Host, TokenKind};
use serde::{Deserialize, Serialize};

use crate::error::{DeskError, DeskResult};
use crate::provider;
use crate::view::{AccountView, HostKind, ProviderKind, Selection, Settings, TokenKindView};

/// One account as stored on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRecord {
    pub id: String,
    pub name: String,
    pub host_kind: HostKind,
    /// The URL the person typed (self-hosted Console or custom API base).
    #[serde(default)]
    pub host_url: Option<String>,
    pub token_kind: TokenKindView,
    pub fingerprint: String,
    #[serde(default)]
    pub last: Option<Selection>,
    /// Accounts written before there was a choice are Phase accounts.
    #[serde(default)]
    pub provider: ProviderKind,
    /// The fingerprint of a second token kept for writes (CommandK's Write token; its
    /// Read token is the account's token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_fingerprint: Option<String>,
    /// Apps opened by name `(id, name)`, for services that cannot list apps (CommandK).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apps: Vec<(String, String)>,
    /// Not written to disk: session-only and sandbox accounts exist for one run.
    #[serde(skip)]
    pub ephemeral: bool,
}

impl AccountRecord {
    /// The API base this account talks to.
    pub fn host(&self) -> DeskResult<Host> {
        let url = || {
            self.host_url
                .as_deref()
                .filter(|u| !u.trim().is_empty())
                .ok_or_else(|| DeskError::invalid("hostUrl", "Enter the server's URL."))
        };
        Ok(match self.host_kind {
            HostKind::Cloud => Host::cloud(),
            HostKind::SelfHosted => Host::self_hosted(url()?)?,
            HostKind::Custom | HostKind::Sandbox => Host::custom(url()?)?,
        })
    }

    pub fn view(&self) -> AccountView {
        AccountView {
            id: self.id.clone(),
            name: self.name.clone(),
            host: self
                .base_url()
                .unwrap_or_else(|| self.host_url.clone().unwrap_or_default()),
            host_kind: self.host_kind,
            token_kind: self.token_kind,
            fingerprint: self.fingerprint.clone(),
            session_only: self.ephemeral,
            is_sandbox: self.host_kind == HostKind::Sandbox,
            last: self.last.clone(),
            provider: self.provider,
            capabilities: provider::capabilities(self.provider, self.token_kind),
        }
    }

    /// The API base URL requests go to, when the host is valid.
    fn base_url(&self) -> Option<String> {
        match self.provider {
            ProviderKind::Phase => self.host().ok().map(|h| h.base_url().to_string()),
            ProviderKind::Commandk => {
                provider::commandk::host(self.host_kind, self.host_url.as_deref())
                    .ok()
                    .map(|h| h.base_url().to_string())
            }
        }
    }

    /// The keychain entry of the account's second (write) token.
    pub fn write_token_entry(&self) -> String {
        format!("{}:write", self.id)
    }
}

pub fn token_kind(view: TokenKindView) -> TokenKind {
    match view {
        TokenKindView::User => TokenKind::User,
        TokenKindView::ServiceAccount => TokenKind::ServiceAccount,
        TokenKindView::Service => TokenKind::Service,
        // CommandK API tokens act for no person: like a service account, no overrides.
        TokenKindView::Read | TokenKindView::ReadWrite => TokenKind::ServiceAccount,
    }
}

/// Everything in `accounts.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccountsFile {
    pub accounts: Vec<AccountRecord>,
    pub active_account_id: Option<String>,
    pub settings: Settings,
}

/// Files written before the idle time was kept in seconds have `autoLockMins`.
fn migrate(file: &mut serde_json::Value) {
    let Some(settings) = file.get_mut("settings").and_then(|s| s.as_object_mut()) else {
        return;
    };
    if let Some(mins) = settings.remove("autoLockMins").and_then(|m| m.as_u64()) {
        let secs = mins.saturating_mul(60).min(u64::from(u32::MAX));
        settings.entry("autoLockSecs").or_insert(secs.into());
    }
}

/// Loads and saves `accounts.json` in one directory.
#[derive(Debug, Clone)]
pub struct AccountStore {
    path: PathBuf,
}

impl AccountStore {
    pub fn new(config_dir: &Path) -> Self {
        AccountStore {
            path: config_dir.join("accounts.json"),
        }
    }

    /// A missing file is an empty store; an unreadable one is reported, not overwritten.
    pub fn load(&self) -> DeskResult<AccountsFile> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .and_then(|mut v| {
                    migrate(&mut v);
                    serde_json::from_value(v)
                })
                .map_err(|e| {
                    DeskError::Storage(format!(
                        "{} is not valid ({e}); fix or remove it",
                        self.path.display()
                    ))
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(AccountsFile::default()),
            Err(e) => Err(DeskError::Storage(format!(
                "cannot read {}: {e}",
                self.path.display()
            ))),
        }
    }

    /// Writes atomically (temp file, then rename), leaving out ephemeral accounts.
    pub fn save(&self, file: &AccountsFile) -> DeskResult<()> {
        let mut on_disk = file.clone();
        on_disk.accounts.retain(|a| !a.ephemeral);
        if let Some(active) = &on_disk.active_account_id {
            if !on_disk.accounts.iter().any(|a| &a.id == active) {
                on_disk.active_account_id = None;
            }
        }
        let storage = |e: std::io::Error| DeskError::Storage(e.to_string());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(storage)?;
        }
        let json =
            serde_json::to_vec_pretty(&on_disk).map_err(|e| DeskError::Internal(e.to_string()))?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, json).map_err(storage)?;
        std::fs::rename(&tmp, &self.path).map_err(storage)
    }
}
