//! `Desk`: everything the app's commands do, without Tauri. Each public async
//! method is one command; the Tauri layer only forwards arguments and maps errors.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use phase_api::{
    ClientOptions, EnvSelector, Host, PhaseClient, RateLimitNotice, RateLimitSource, Secret,
    SecretFilter, SecretString, Token, TokenKind,
};
use phase_sandbox::{Sandbox, SandboxConfig, Seed};

use crate::accounts::{token_kind, AccountRecord, AccountStore, AccountsFile};
use crate::batch;
use crate::clipboard::ClipboardGuard;
use crate::error::{DeskError, DeskResult};
use crate::keychain::{KeychainError, TokenVault};
use crate::secrets;
use crate::undo::{Deleted, UndoStore};
use crate::view::*;

/// The id of the embedded sandbox's account (it exists for one run only).
pub const SANDBOX_ACCOUNT_ID: &str = "local-sandbox";

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
    clients: Mutex<HashMap<String, PhaseClient>>,
    cache: Mutex<HashMap<CacheKey, HashMap<String, Secret>>>,
    undo: Mutex<UndoStore>,
    sandbox: tokio::sync::Mutex<Option<Sandbox>>,
    notifier: Arc<dyn Notifier>,
    clipboard: ClipboardGuard,
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
            clients: Mutex::new(HashMap::new()),
            cache: Mutex::new(HashMap::new()),
            undo: Mutex::new(UndoStore::default()),
            sandbox: tokio::sync::Mutex::new(None),
            notifier,
            clipboard: ClipboardGuard::new(),
        };
        let no_accounts = lock(&desk.file).accounts.is_empty();
        if no_accounts || options.force_sandbox {
            desk.open_sandbox().await?;
        }
        Ok(desk)
    }

    /// Starts the embedded sandbox (once) and adds its account, making it active.
    pub async fn open_sandbox(&self) -> DeskResult<AccountView> {
        let mut slot = self.sandbox.lock().await;
        if slot.is_none() {
            let config = SandboxConfig {
                seed: Seed::Demo,
                data_file: Some(self.data_dir.join("sandbox.json")),
                // The sandbox account's token lives in memory only, like any session token.
                fresh_tokens: true,
                ..SandboxConfig::default()
            };
            let sandbox = Sandbox::start(config).await.map_err(|e| {
                DeskError::Internal(format!("could not start the local sandbox: {e}"))
            })?;
            *slot = Some(sandbox);
        }
        let sandbox = slot.as_ref().expect("sandbox was just started");
        let token = Token::new(TokenKind::User, sandbox.user_token())?;
        let record = AccountRecord {
            id: SANDBOX_ACCOUNT_ID.to_string(),
            name: "Local sandbox".to_string(),
            host_kind: HostKind::Sandbox,
            host_url: Some(sandbox.base_url()),
            token_kind: TokenKindView::User,
            fingerprint: token.fingerprint(),
            last: None,
            ephemeral: true,
        };
        drop(slot);
        self.vault.keep_for_session(SANDBOX_ACCOUNT_ID, token);
        lock(&self.clients).remove(SANDBOX_ACCOUNT_ID);
        let view = record.view();
        self.upsert_account(record, true)?;
        Ok(view)
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

    fn upsert_account(&self, record: AccountRecord, activate: bool) -> DeskResult<()> {
        let mut file = lock(&self.file);
        let id = record.id.clone();
        match file.accounts.iter_mut().find(|a| a.id == id) {
            Some(existing) => {
                let last = existing.last.take();
                *existing = record;
                if existing.last.is_none() {
                    existing.last = last;
                }
            }
            None => file.accounts.push(record),
        }
        if activate {
            file.active_account_id = Some(id);
        }
        self.store.save(&file)
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
        let id = lock(&self.file)
            .active_account_id
            .clone()
            .ok_or(DeskError::NoAccount)?;
        self.record(&id)
    }

    fn make_client(&self, host: Host, token: Token) -> DeskResult<PhaseClient> {
        let mut options = ClientOptions::for_host(&host);
        let notifier = self.notifier.clone();
        options.on_rate_limit = Some(Arc::new(move |notice: RateLimitNotice| {
            notifier.rate_limited(RateLimitEvent {
                wait_secs: notice.wait.as_secs_f64().ceil() as u32,
                attempt: notice.attempt,
                source: match notice.source {
                    RateLimitSource::Server => "server",
                    RateLimitSource::Budget => "budget",
                }
                .to_string(),
            })
        }));
        Ok(PhaseClient::new(host, token, options)?)
    }

    async fn client_for(&self, record: &AccountRecord) -> DeskResult<PhaseClient> {
        if let Some(client) = lock(&self.clients).get(&record.id) {
            return Ok(client.clone());
        }
        let host = record.host()?;
        let vault = self.vault.clone();
        let (id, kind) = (record.id.clone(), token_kind(record.token_kind));
        let token = blocking(move || vault.load(&id, kind)).await??;
        let client = self.make_client(host, token)?;
        lock(&self.clients).insert(record.id.clone(), client.clone());
        Ok(client)
    }

    async fn active_client(&self) -> DeskResult<(AccountRecord, PhaseClient)> {
        let record = self.active()?;
        let client = self.client_for(&record).await?;
        Ok((record, client))
    }

    /// Checks a token with a real call, then stores it. Nothing is stored when
    /// the check or the keychain fails.
    async fn checked_token(
        &self,
        host: &Host,
        kind: TokenKindView,
        raw: &str,
    ) -> DeskResult<(Token, PhaseClient)> {
        if raw.trim().is_empty() {
            return Err(DeskError::invalid("token", "Paste the token."));
        }
        let token = Token::parse(raw, token_kind(kind))?;
        let client = self.make_client(host.clone(), token.clone())?;
        client.list_apps().await?;
        Ok((token, client))
    }

    async fn store_token(
        &self,
        account_id: &str,
        token: Token,
        session_only: bool,
    ) -> DeskResult<()> {
        if session_only {
            self.vault.keep_for_session(account_id, token);
            return Ok(());
        }
        let vault = self.vault.clone();
        let id = account_id.to_string();
        blocking(move || vault.save(&id, &token)).await??;
        Ok(())
    }

    pub async fn add_account(&self, input: NewAccountInput) -> DeskResult<AccountView> {
        if input.host_kind == HostKind::Sandbox {
            return self.open_sandbox().await;
        }
        let name = input.name.trim();
        if name.is_empty() {
            return Err(DeskError::invalid("name", "Give the account a name."));
        }
        let mut record = AccountRecord {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.to_string(),
            host_kind: input.host_kind,
            host_url: input
                .host_url
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty()),
            token_kind: input.token_kind,
            fingerprint: String::new(),
            last: None,
            ephemeral: input.session_only,
        };
        let host = record.host()?;
        let (token, client) = self
            .checked_token(&host, input.token_kind, &input.token)
            .await?;
        record.fingerprint = token.fingerprint();
        record.token_kind = match token.kind() {
            TokenKind::User => TokenKindView::User,
            TokenKind::ServiceAccount => TokenKindView::ServiceAccount,
            TokenKind::Service => TokenKindView::Service,
        };
        self.store_token(&record.id, token, input.session_only)
            .await?;
        lock(&self.clients).insert(record.id.clone(), client);
        let view = record.view();
        if let Err(e) = self.upsert_account(record, true) {
            let _ = self.forget_token(&view.id).await;
            return Err(e);
        }
        Ok(view)
    }

    pub async fn replace_token(
        &self,
        account_id: &str,
        token: &str,
        session_only: bool,
    ) -> DeskResult<AccountView> {
        let mut record = self.record(account_id)?;
        let host = record.host()?;
        let (token, client) = self.checked_token(&host, record.token_kind, token).await?;
        record.fingerprint = token.fingerprint();
        if !session_only && record.ephemeral {
            record.ephemeral = false;
        }
        self.vault.drop_session(account_id);
        self.store_token(account_id, token, session_only || record.ephemeral)
            .await?;
        lock(&self.clients).insert(account_id.to_string(), client);
        let view = record.view();
        self.upsert_account(record, false)?;
        Ok(view)
    }

    async fn forget_token(&self, account_id: &str) -> DeskResult<()> {
        let vault = self.vault.clone();
        let id = account_id.to_string();
        blocking(move || vault.delete(&id)).await??;
        Ok(())
    }

    pub fn switch_account(&self, account_id: &str) -> DeskResult<DeskState> {
        self.record(account_id)?;
        {
            let mut file = lock(&self.file);
            file.active_account_id = Some(account_id.to_string());
            self.store.save(&file)?;
        }
        Ok(self.state())
    }

    /// Removes the account and deletes its keychain entry.
    pub async fn remove_account(&self, account_id: &str) -> DeskResult<DeskState> {
        let record = self.record(account_id)?;
        match self.forget_token(account_id).await {
            Ok(()) | Err(DeskError::Keychain(KeychainError::Missing)) => {}
            Err(e) if record.ephemeral => drop(e),
            Err(e) => return Err(e),
        }
        lock(&self.clients).remove(account_id);
        lock(&self.cache).retain(|k, _| k.0 != account_id);
        lock(&self.undo).forget_account(account_id);
        {
            let mut file = lock(&self.file);
            file.accounts.retain(|a| a.id != account_id);
            if file.active_account_id.as_deref() == Some(account_id) {
                file.active_account_id = file.accounts.first().map(|a| a.id.clone());
            }
            self.store.save(&file)?;
        }
        Ok(self.state())
    }

    pub async fn list_apps(&self) -> DeskResult<Vec<AppView>> {
        let (_, client) = self.active_client().await?;
        let apps = client.list_apps().await?;
        Ok(apps
            .into_iter()
            .map(|a| AppView {
                disabled_reason: (!a.sse_enabled).then(|| {
                    "End-to-end encrypted: enable server-side encryption (SSE) in the app's settings to use it here."
                        .to_string()
                }),
                id: a.id,
                name: a.name,
                description: a.description,
                sse_enabled: a.sse_enabled,
            })
            .collect())
    }

    pub async fn list_environments(&self, app_id: &str) -> DeskResult<Vec<EnvView>> {
        let (_, client) = self.active_client().await?;
        let envs = client.list_environments(app_id).await?;
        Ok(envs
            .into_iter()
            .map(|e| EnvView {
                env_type: serde_json::to_value(e.env_type)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_else(|| "custom".into()),
                id: e.id,
                name: e.name,
                index: e.index.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
            })
            .collect())
    }

    /// The state and the active account opened: what the window shows first, in one call.
    pub async fn start(&self) -> StartView {
        let has_account = lock(&self.file).active_account_id.is_some();
        let (opening, opening_error) = if has_account {
            match self.open_account().await {
                Ok(o) => (Some(o), None),
                Err(e) => (None, Some(e.to_ipc())),
            }
        } else {
            (None, None)
        };
        // Read after opening, so it holds the selection the opening remembered.
        StartView {
            state: self.state(),
            opening,
            opening_error,
        }
    }

    /// Lists the active account's apps and opens the remembered (else the first usable)
    /// app and environment, remembering the choice. Fails only when the apps cannot be
    /// listed; later failures are reported in the opening.
    pub async fn open_account(&self) -> DeskResult<AccountOpening> {
        let last = self.active()?.last;
        let apps = self.list_apps().await?;
        let mut opening = AccountOpening {
            apps,
            app_id: None,
            envs: Vec::new(),
            envs_error: None,
            env: None,
            folder: None,
            list: None,
            list_error: None,
        };
        let usable = |a: &&AppView| a.disabled_reason.is_none() && a.sse_enabled;
        let last_app = last.as_ref().and_then(|l| {
            opening
                .apps
                .iter()
                .filter(usable)
                .find(|a| a.id == l.app_id)
        });
        let Some(app) = last_app.or_else(|| opening.apps.iter().find(usable)) else {
            return Ok(opening);
        };
        let (app_id, app_name) = (app.id.clone(), app.name.clone());
        opening.app_id = Some(app_id.clone());
        match self.list_environments(&app_id).await {
            Ok(envs) => opening.envs = envs,
            Err(e) => {
                opening.envs_error = Some(e.to_ipc());
                return Ok(opening);
            }
        }
        let last_env = last.as_ref().filter(|l| l.app_id == app_id).and_then(|l| {
            opening
                .envs
                .iter()
                .find(|e| e.name.to_lowercase() == l.env.to_lowercase())
        });
        let Some(env) = last_env.or(opening.envs.first()).map(|e| e.name.clone()) else {
            return Ok(opening);
        };
        if last_env.is_some() {
            opening.folder = last.and_then(|l| l.folder);
        }
        let selection = Selection {
            app_id: app_id.clone(),
            app_name: Some(app_name),
            env: env.clone(),
            folder: opening.folder.clone(),
        };
        // Remembering is best effort: a read-only config folder must not block opening.
        let _ = self.remember_selection(selection);
        match self.list_secrets(&app_id, &env, Vec::new()).await {
            Ok(list) => opening.list = Some(list),
            Err(e) => opening.list_error = Some(e.to_ipc()),
        }
        opening.env = Some(env);
        Ok(opening)
    }

    /// Remembers the account's last app / environment / folder.
    pub fn remember_selection(&self, selection: Selection) -> DeskResult<()> {
        let mut file = lock(&self.file);
        let Some(active) = file.active_account_id.clone() else {
            return Err(DeskError::NoAccount);
        };
        if let Some(account) = file.accounts.iter_mut().find(|a| a.id == active) {
            if account.last.as_ref() == Some(&selection) {
                return Ok(());
            }
            account.last = Some(selection);
        }
        self.store.save(&file)
    }

    fn cache_key(account: &AccountRecord, env: &EnvSelector) -> CacheKey {
        (
            account.id.clone(),
            env.app_id.clone(),
            env.env.to_lowercase(),
        )
    }

    fn cached(&self, account: &AccountRecord, env: &EnvSelector, id: &str) -> DeskResult<Secret> {
        lock(&self.cache)
            .get(&Self::cache_key(account, env))
            .and_then(|m| m.get(id))
            .cloned()
            .ok_or_else(|| {
                DeskError::NotFound(
                    "That secret is not in the loaded list any more. Refresh and try again.".into(),
                )
            })
    }

    fn cache_put(&self, account: &AccountRecord, env: &EnvSelector, secrets: &[Secret]) {
        let mut cache = lock(&self.cache);
        let map = cache.entry(Self::cache_key(account, env)).or_default();
        for s in secrets {
            map.insert(s.id.clone(), s.clone());
        }
    }

    fn list_view(account: &AccountRecord, env: &EnvSelector, secrets: &[Secret]) -> SecretList {
        let can_override = account.token_kind == TokenKindView::User;
        SecretList {
            app_id: env.app_id.clone(),
            env: env.env.clone(),
            rows: secrets.iter().map(secrets::row).collect(),
            can_override,
            override_note: (!can_override).then(|| {
                "Personal overrides belong to people: this account uses a service token, which never sees or sets them."
                    .to_string()
            }),
        }
    }

    /// Lists an environment's secrets (all of them, or those with ANY of `tags`).
    pub async fn list_secrets(
        &self,
        app_id: &str,
        env: &str,
        tags: Vec<String>,
    ) -> DeskResult<SecretList> {
        let env = env_selector(app_id, env)?;
        let (account, client) = self.active_client().await?;
        let filter = SecretFilter {
            tags: tags.clone(),
            ..SecretFilter::default()
        };
        let secrets = client.list_secrets(&env, &filter).await?;
        // Rows first, then the secrets move into the cache: nothing is cloned.
        let view = Self::list_view(&account, &env, &secrets);
        let fresh = secrets.into_iter().map(|s| (s.id.clone(), s));
        let key = Self::cache_key(&account, &env);
        if tags.is_empty() {
            // Only the environment on screen stays cached (the window lists an environment
            // again whenever it opens it), so memory follows one listing, not every one seen.
            let fresh = HashMap::from([(key, fresh.collect())]);
            let replaced = std::mem::replace(&mut *lock(&self.cache), fresh);
            // Freeing thousands of secrets takes a while: not on the caller's time.
            if !replaced.is_empty() {
                tokio::task::spawn_blocking(move || crate::memory::drop_and_release(replaced));
            }
        } else {
            lock(&self.cache).entry(key).or_default().extend(fresh);
        }
        Ok(view)
    }

    /// Ids of loaded secrets whose value contains `needle`: values never leave Rust for a search.
    pub fn search_values(&self, app_id: &str, env: &str, needle: &str) -> DeskResult<Vec<String>> {
        let env = env_selector(app_id, env)?;
        let account = self.active()?;
        let cache = lock(&self.cache);
        Ok(cache
            .get(&Self::cache_key(&account, &env))
            .map(|m| secrets::search_values(m.values(), needle))
            .unwrap_or_default())
    }

    fn value_of(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<Option<String>> {
        let env = env_selector(app_id, env)?;
        let account = self.active()?;
        let secret = self.cached(&account, &env, secret_id)?;
        Ok(secrets::pick_value(&secret, which).map(str::to_string))
    }

    /// One value, for the person who asked to see it. `None` for sealed secrets.
    pub fn reveal_value(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<Option<String>> {
        self.value_of(app_id, env, secret_id, which)
    }

    /// Copies a value to the clipboard without it ever reaching the UI.
    pub fn copy_value(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<CopyOutcome> {
        let value = self
            .value_of(app_id, env, secret_id, which)?
            .ok_or_else(|| {
                DeskError::invalid(
                    "which",
                    match which {
                        ValueChoice::Override => "This secret has no personal override to copy.",
                        _ => "Sealed values cannot be read back, so they cannot be copied.",
                    },
                )
            })?;
        let secs = lock(&self.file).settings.clipboard_clear_secs;
        let clear_after = (secs > 0).then(|| Duration::from_secs(secs as u64));
        self.clipboard
            .copy(&value, clear_after)
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        Ok(CopyOutcome {
            clears_in_secs: clear_after.map(|_| secs),
        })
    }

    /// Clears the clipboard if it still holds a value we copied (on quit).
    pub fn clear_clipboard_if_ours(&self) -> bool {
        self.clipboard.clear_if_ours(None)
    }

    pub fn preview_batch(&self, text: &str, path: &str) -> Vec<BatchLine> {
        batch::parse(text, path).lines
    }

    async fn create(
        &self,
        env: EnvSelector,
        batch: Vec<phase_api::NewSecret>,
    ) -> DeskResult<Vec<SecretRow>> {
        let (account, client) = self.active_client().await?;
        let created = client.create_secrets(&env, &batch).await?;
        let created = if created.is_empty() {
            // Older servers answer with a message only: read back what was made.
            let all = client.list_secrets(&env, &SecretFilter::default()).await?;
            all.into_iter()
                .filter(|s| {
                    batch
                        .iter()
                        .any(|n| n.key == s.key && n.path.as_deref().unwrap_or("/") == s.path)
                })
                .collect()
        } else {
            created
        };
        self.cache_put(&account, &env, &created);
        Ok(created.iter().map(secrets::row).collect())
    }

    pub async fn create_secrets(
        &self,
        app_id: &str,
        env: &str,
        drafts: Vec<SecretDraft>,
    ) -> DeskResult<Vec<SecretRow>> {
        let env = env_selector(app_id, env)?;
        let can_override = self.active()?.token_kind == TokenKindView::User;
        let batch = drafts
            .iter()
            .map(|d| secrets::new_secret(d, can_override))
            .collect::<DeskResult<Vec<_>>>()?;
        self.create(env, batch).await
    }

    /// Creates every `KEY=VALUE` line of a paste in one request, or none of them.
    pub async fn create_batch(
        &self,
        app_id: &str,
        env: &str,
        text: &str,
        path: &str,
    ) -> DeskResult<Vec<SecretRow>> {
        let env = env_selector(app_id, env)?;
        let parsed = batch::parse(text, path);
        if let Some(bad) = parsed.first_error() {
            return Err(DeskError::invalid(
                "text",
                format!(
                    "Line {}: {}",
                    bad.line,
                    bad.error.as_deref().unwrap_or("invalid")
                ),
            ));
        }
        if parsed.secrets.is_empty() {
            return Err(DeskError::invalid(
                "text",
                "Paste at least one KEY=VALUE line.",
            ));
        }
        self.create(env, parsed.secrets).await
    }

    /// Saves only what changed, after checking nobody else changed the secret
    /// since `base_version` (unless `force`).
    pub async fn update_secret(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        base_version: i32,
        changes: SecretChanges,
        force: bool,
    ) -> DeskResult<SaveOutcome> {
        let env = env_selector(app_id, env)?;
        let (account, client) = self.active_client().await?;
        let loaded = self.cached(&account, &env, secret_id)?;
        // Validate before any request.
        secrets::update_for(&loaded, &changes)?;
        let filter = SecretFilter {
            key: Some(loaded.key.clone()),
            path: Some(loaded.path.clone()),
            tags: Vec::new(),
        };
        let current = client
            .list_secrets(&env, &filter)
            .await?
            .into_iter()
            .find(|s| s.id == loaded.id)
            .ok_or_else(|| {
                DeskError::NotFound(format!(
                    "{} was deleted or moved elsewhere. Refresh the list.",
                    loaded.key
                ))
            })?;
        self.cache_put(&account, &env, std::slice::from_ref(&current));
        if current.version != base_version as i64 && !force {
            return Ok(SaveOutcome::Conflict {
                their_value_changed: current.value != loaded.value,
                theirs: secrets::row(&current),
            });
        }
        let Some(update) = secrets::update_for(&current, &changes)? else {
            return Ok(SaveOutcome::Saved {
                row: secrets::row(&current),
            });
        };
        let saved = client.update_secrets(&env, &[update]).await?;
        let saved = saved
            .into_iter()
            .find(|s| s.id == current.id)
            .ok_or_else(|| {
                DeskError::Internal("the server did not return the saved secret".into())
            })?;
        self.cache_put(&account, &env, std::slice::from_ref(&saved));
        Ok(SaveOutcome::Saved {
            row: secrets::row(&saved),
        })
    }

    /// Sets or toggles the person's override. `value: None` keeps the current value.
    pub async fn set_override(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        value: Option<String>,
        active: bool,
    ) -> DeskResult<SecretRow> {
        let env = env_selector(app_id, env)?;
        let (account, client) = self.active_client().await?;
        if account.token_kind != TokenKindView::User {
            return Err(DeskError::invalid(
                "override",
                "Personal overrides need a Personal Access Token account.",
            ));
        }
        let secret = self.cached(&account, &env, secret_id)?;
        if secret.lifecycle == phase_api::Lifecycle::Rotating {
            return Err(DeskError::invalid(
                "override",
                "This secret is rotated by Phase and is read-only here.",
            ));
        }
        let value = match value {
            Some(v) => SecretString::from(v),
            None => secret
                .r#override
                .as_ref()
                .map(|o| o.value.clone())
                .ok_or_else(|| {
                    DeskError::invalid("overrideValue", "Enter a value for your override first.")
                })?,
        };
        let saved = client
            .set_override(&env, &secret.id, &secret.path, value, active)
            .await?;
        self.cache_put(&account, &env, std::slice::from_ref(&saved));
        Ok(secrets::row(&saved))
    }

    /// Deletes in one request and keeps what was deleted for `undo_delete`.
    pub async fn delete_secrets(
        &self,
        app_id: &str,
        env: &str,
        secret_ids: Vec<String>,
    ) -> DeskResult<DeleteOutcome> {
        let env = env_selector(app_id, env)?;
        if secret_ids.is_empty() {
            return Err(DeskError::invalid(
                "secretIds",
                "Select the secrets to delete.",
            ));
        }
        let (account, client) = self.active_client().await?;
        let doomed = secret_ids
            .iter()
            .map(|id| self.cached(&account, &env, id))
            .collect::<DeskResult<Vec<_>>>()?;
        let rotating: Vec<&str> = doomed
            .iter()
            .filter(|s| s.lifecycle == phase_api::Lifecycle::Rotating)
            .map(|s| s.key.as_str())
            .collect();
        if !rotating.is_empty() {
            return Err(DeskError::invalid(
                "secretIds",
                format!(
                    "Rotating secrets cannot be deleted here: {}.",
                    rotating.join(", ")
                ),
            ));
        }
        let message = client.delete_secrets(&env, &secret_ids).await?;
        if let Some(map) = lock(&self.cache).get_mut(&Self::cache_key(&account, &env)) {
            for id in &secret_ids {
                map.remove(id);
            }
        }
        let undo_id = uuid::Uuid::new_v4().to_string();
        let deleted_keys = doomed.iter().map(|s| s.key.clone()).collect();
        lock(&self.undo).push(Deleted {
            undo_id: undo_id.clone(),
            account_id: account.id.clone(),
            env,
            secrets: doomed,
        });
        Ok(DeleteOutcome {
            undo_id,
            deleted_keys,
            message,
        })
    }

    /// Re-creates exactly what a delete removed: key, value, comment, tags,
    /// path, type and override (inactive overrides included).
    pub async fn undo_delete(&self, undo_id: &str) -> DeskResult<Vec<SecretRow>> {
        let deleted = lock(&self.undo).take(undo_id).ok_or_else(|| {
            DeskError::NotFound("There is nothing left to undo for that delete.".into())
        })?;
        let account = self.record(&deleted.account_id)?;
        let client = self.client_for(&account).await?;
        let batch: Vec<_> = deleted.secrets.iter().map(secrets::recreate).collect();
        let mut created = match client.create_secrets(&deleted.env, &batch).await {
            Ok(created) => created,
            Err(e) => {
                lock(&self.undo).push(deleted);
                return Err(e.into());
            }
        };
        // The API stores an override given at creation as active: switch off the ones that were off.
        let inactive: Vec<phase_api::SecretUpdate> = created
            .iter()
            .filter_map(|new| {
                let old = deleted
                    .secrets
                    .iter()
                    .find(|o| o.key == new.key && o.path == new.path)?;
                let o = old.r#override.as_ref().filter(|o| !o.is_active)?;
                let mut update = phase_api::SecretUpdate::new(&new.id, &new.path);
                update.r#override = Some(phase_api::OverrideInput {
                    value: o.value.clone(),
                    is_active: false,
                });
                Some(update)
            })
            .collect();
        if !inactive.is_empty() && client.token_kind() == TokenKind::User {
            let fixed = client.update_secrets(&deleted.env, &inactive).await?;
            for f in fixed {
                if let Some(slot) = created.iter_mut().find(|c| c.id == f.id) {
                    *slot = f;
                }
            }
        }
        self.cache_put(&account, &deleted.env, &created);
        Ok(created.iter().map(secrets::row).collect())
    }

    pub fn set_settings(&self, settings: Settings) -> DeskResult<DeskState> {
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
