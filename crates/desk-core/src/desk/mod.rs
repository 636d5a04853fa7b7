//! `Desk`: everything the app's commands do, without Tauri. Each public async
//! method is one command; the Tauri layer only forwards arguments and maps errors.
//!
//! This file holds the struct, [`Desk::open`], the state and settings, and the
//! helpers every operation shares (active account, API clients). The operations
//! live by concern in:
//! - `accounts`: the sandbox's account, adding accounts, replacing tokens, switching, removing;
//! - `opening`: apps, environments, the first view ([`Desk::start`]), the remembered selection;
//! - `first_listing`: the opened environment's listing, fetched while the window shows the apps;
//! - `listing`: listing secrets, the value cache, search / reveal / copy of values;
//! - `answers`: a listing as the window takes it, short when the window holds it already;
//! - `edits`: creating (one by one or a pasted batch), updating, personal overrides;
//! - `deletes`: deleting secrets and undoing a delete;
//! - `links`: "Copy link" (a `phase-desk://` link to a secret, copied as plain text);
//! - `commandk`: CommandK accounts (a Read and a Write token), their demo, apps typed by name;
//! - `across`: environments side by side, and planning copies between them;
//! - `review`: the change-set under review, applied environment by environment;
//! - `transfer`: `.env` / JSON import (planned as a change-set) and export to files;
//! - `lock`: locking (every value dropped) and unlocking;
//! - `per_env`: what services with a value per environment add: create in several
//!   environments, values fetched one by one from masked listings, refusals of what a
//!   service lacks.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use phase_api::{
    ClientOptions, EnvSelector, Host, PhaseClient, RateLimitCallback, RateLimitNotice,
    RateLimitSource, Token,
};
use phase_sandbox::Sandbox;

use crate::accounts::{token_kind, AccountRecord, AccountStore, AccountsFile};
use crate::clipboard::ClipboardGuard;
use crate::error::{DeskError, DeskResult};
use crate::keychain::TokenVault;
use crate::provider::{PhaseAccount, Provider};
use crate::undo::UndoStore;
use crate::view::*;
use phase_e2ee::E2eeClient;

mod accounts;
mod across;
mod answers;
mod bulk;
mod commandk;
mod compare_rows;
mod deletes;
mod diagnostics;
mod edits;
mod first_listing;
mod links;
mod listing;
mod loaded;
mod lock;
mod opening;
mod per_env;
mod review;
mod rows;
mod transfer;
mod values;

/// The id of the embedded sandbox's account (it exists for one run only).
pub const SANDBOX_ACCOUNT_ID: &str = "local-sandbox";

/// The shortest idle time before locking, other than 0 (never): 0.1 minutes.
pub const MIN_AUTO_LOCK_SECS: u32 = 6;

/// Where the app keeps its files.
#[derive(Debug, Clone)]
pub struct DeskPaths {
    /// `accounts.json` (no tokens).
    pub config_dir: PathBuf,
    /// The sandbox's demo data.
    pub data_dir: PathBuf,
}

/// How to open the desk.
#[derive(Debug, Clone)]
pub struct DeskOptions {
    /// Start the local sandbox even when real accounts exist.
    pub force_sandbox: bool,
    /// The keychain service name tokens are stored under.
    pub keychain_service: String,
    /// Leave the local sandbox to the caller's [`Desk::open_sandbox_if_needed`], so that
    /// starting it is off the path to the first window (the app); otherwise `open` starts it.
    pub sandbox_later: bool,
}

/// Receives what the UI should hear about while a command is still running.
pub trait Notifier: Send + Sync + 'static {
    fn rate_limited(&self, event: RateLimitEvent);
}

/// A notifier that drops everything (tests, tools).
pub struct Silent;
impl Notifier for Silent {
    fn rate_limited(&self, _: RateLimitEvent) {}
}

type CacheKey = (String, String, String);

/// The app's core state.
pub struct Desk {
    store: AccountStore,
    data_dir: PathBuf,
    vault: Arc<TokenVault>,
    keychain: KeychainStatus,
    file: Mutex<AccountsFile>,
    providers: Mutex<HashMap<String, Provider>>,
    cache: Mutex<loaded::Loaded>,
    /// The last listing's secrets, being indexed for `cache` (see `loaded.rs`).
    pending_index: Mutex<Option<loaded::PendingIndex>>,
    /// The environment whose whole listing is in `cache` (not only a folder or tags of it).
    full_listing: Mutex<Option<CacheKey>>,
    /// The opened environment's listing, under way for the window's first `list_secrets`.
    first_listing: Mutex<Option<first_listing::FirstListing>>,
    undo: Mutex<UndoStore>,
    /// The listings behind the side-by-side view of environments.
    across: Mutex<Option<across::Across>>,
    /// The change-set under review.
    review: Mutex<Option<review::Review>>,
    /// Woken by `cancel_listing`: the listing in flight gives up.
    listing_cancel: tokio::sync::Notify,
    /// The digests of the listings' answers the window may hold.
    answer_digests: answers::AnswerDigests,
    sandbox: tokio::sync::Mutex<Option<Sandbox>>,
    /// The local CommandK demo server, started with the CommandK demo account.
    commandk_demo: tokio::sync::Mutex<Option<commandk_sandbox::CommandkSandbox>>,
    notifier: Arc<dyn Notifier>,
    clipboard: ClipboardGuard,
    /// Set by [`Desk::lock_now`]: values are gone and commands refuse until unlocked.
    locked: std::sync::atomic::AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> DeskResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| DeskError::Internal(format!("background task failed: {e}")))
}

fn env_selector(app_id: &str, env: &str) -> DeskResult<EnvSelector> {
    if app_id.trim().is_empty() {
        return Err(DeskError::invalid("appId", "Choose an app."));
    }
    if env.trim().is_empty() {
        return Err(DeskError::invalid("env", "Choose an environment."));
    }
    Ok(EnvSelector {
        app_id: app_id.trim().to_string(),
        env: env.trim().to_string(),
    })
}

impl Desk {
    /// Loads accounts and, when there are none (or `force_sandbox`), starts the
    /// local sandbox and opens on it.
    pub async fn open(
        paths: DeskPaths,
        options: DeskOptions,
        notifier: Arc<dyn Notifier>,
    ) -> DeskResult<Desk> {
        let store = AccountStore::new(&paths.config_dir);
        let file = store.load()?;
        let keychain = match blocking(TokenVault::keychain_status).await? {
            Ok(()) => KeychainStatus {
                available: true,
                message: None,
            },
            Err(e) => KeychainStatus {
                available: false,
                message: Some(e.to_string()),
            },
        };
        let desk = Desk {
            store,
            data_dir: paths.data_dir,
            vault: Arc::new(TokenVault::new(options.keychain_service)),
            keychain,
            file: Mutex::new(file),
            providers: Mutex::new(HashMap::new()),
            cache: Mutex::new(HashMap::new()),
            pending_index: Mutex::new(None),
            full_listing: Mutex::new(None),
            first_listing: Mutex::new(None),
            undo: Mutex::new(UndoStore::default()),
            across: Mutex::new(None),
            review: Mutex::new(None),
            listing_cancel: tokio::sync::Notify::new(),
            answer_digests: answers::AnswerDigests::default(),
            sandbox: tokio::sync::Mutex::new(None),
            commandk_demo: tokio::sync::Mutex::new(None),
            notifier,
            clipboard: ClipboardGuard::new(),
            locked: std::sync::atomic::AtomicBool::new(false),
        };
        if !options.sandbox_later {
            desk.open_sandbox_if_needed(options.force_sandbox).await?;
        }
        Ok(desk)
    }

    /// Opens the local sandbox when there is no account yet, or when `force`d.
    pub async fn open_sandbox_if_needed(&self, force: bool) -> DeskResult<()> {
        let no_accounts = lock(&self.file).accounts.is_empty();
        if no_accounts || force {
            self.open_sandbox().await?;
        }
        Ok(())
    }

    pub fn state(&self) -> DeskState {
        let file = lock(&self.file);
        DeskState {
            accounts: file.accounts.iter().map(AccountRecord::view).collect(),
            active_account_id: file.active_account_id.clone(),
            keychain: self.keychain.clone(),
            settings: file.settings.clone(),
        }
    }

    fn record(&self, account_id: &str) -> DeskResult<AccountRecord> {
        lock(&self.file)
            .accounts
            .iter()
            .find(|a| a.id == account_id)
            .cloned()
            .ok_or_else(|| DeskError::NotFound("That account no longer exists.".into()))
    }

    fn active(&self) -> DeskResult<AccountRecord> {
        self.ensure_unlocked()?;
        let id = lock(&self.file)
            .active_account_id
            .clone()
            .ok_or(DeskError::NoAccount)?;
        self.record(&id)
    }

    fn make_provider(&self, host: Host, token: Token) -> DeskResult<Provider> {
        let mut options = ClientOptions::for_host(&host);
        options.on_rate_limit = Some(self.rate_limit_callback());
        // The whole Console string carries the keys of end-to-end-encrypted apps.
        let e2ee = phase_e2ee::has_key_material(&token)
            .then(|| E2eeClient::new(host.clone(), token.clone(), options.clone()))
            .transpose()?;
        let rest = PhaseClient::new(host, token, options)?;
        Ok(Provider::Phase(PhaseAccount::new(rest, e2ee)))
    }

    /// Tells the window about every wait a rate limit causes (server 429 or budget).
    fn rate_limit_callback(&self) -> RateLimitCallback {
        let notifier = self.notifier.clone();
        Arc::new(move |notice: RateLimitNotice| {
            notifier.rate_limited(RateLimitEvent {
                wait_secs: notice.wait.as_secs_f64().ceil() as u32,
                attempt: notice.attempt,
                source: match notice.source {
                    RateLimitSource::Server => "server",
                    RateLimitSource::Budget => "budget",
                }
                .to_string(),
            })
        })
    }

    async fn provider_for(&self, record: &AccountRecord) -> DeskResult<Provider> {
        if let Some(provider) = lock(&self.providers).get(&record.id) {
            return Ok(provider.clone());
        }
        let provider = match record.provider {
            ProviderKind::Phase => {
                let host = record.host()?;
                let token = self.load_token(&record.id, record.token_kind).await?;
                self.make_provider(host, token)?
            }
            ProviderKind::Commandk => self.commandk_provider(record).await?,
        };
        lock(&self.providers).insert(record.id.clone(), provider.clone());
        Ok(provider)
    }

    /// A token from the keychain (or this session's memory).
    async fn load_token(&self, entry: &str, kind: TokenKindView) -> DeskResult<Token> {
        let vault = self.vault.clone();
        let (entry, kind) = (entry.to_string(), token_kind(kind));
        Ok(blocking(move || vault.load(&entry, kind)).await??)
    }

    async fn active_provider(&self) -> DeskResult<(AccountRecord, Provider)> {
        let record = self.active()?;
        let provider = self.provider_for(&record).await?;
        Ok((record, provider))
    }

    pub fn set_settings(&self, settings: Settings) -> DeskResult<DeskState> {
        if settings.auto_lock_secs > 24 * 3600
            || (settings.auto_lock_secs > 0 && settings.auto_lock_secs < MIN_AUTO_LOCK_SECS)
        {
            return Err(DeskError::invalid(
                "autoLockSecs",
                "Choose between 0.1 minutes (6 seconds) and 1440 minutes (a day), or 0 for never.",
            ));
        }
        if settings.clipboard_clear_secs > 3600 {
            return Err(DeskError::invalid(
                "clipboardClearSecs",
                "Choose at most 3600 seconds.",
            ));
        }
        {
            let mut file = lock(&self.file);
            file.settings = settings;
            self.store.save(&file)?;
        }
        Ok(self.state())
    }
}
