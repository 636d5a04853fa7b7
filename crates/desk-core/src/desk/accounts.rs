//! Accounts: the embedded sandbox's account, adding accounts and replacing their
//! tokens (checked, then kept in the keychain or for the session), switching and removing.

use phase_api::{Host, Token, TokenKind};

use crate::provider::Provider;
use phase_sandbox::{Sandbox, SandboxConfig, Seed};

use super::{blocking, lock, Desk, SANDBOX_ACCOUNT_ID};
use crate::accounts::{token_kind, AccountRecord};
use crate::error::{DeskError, DeskResult};
use crate::keychain::KeychainError;
use crate::view::*;

impl Desk {
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
            provider: ProviderKind::Phase,
            write_fingerprint: None,
            apps: Vec::new(),
        };
        drop(slot);
        self.vault.keep_for_session(SANDBOX_ACCOUNT_ID, token);
        lock(&self.providers).remove(SANDBOX_ACCOUNT_ID);
        let view = record.view();
        self.upsert_account(record, true)?;
        Ok(view)
    }

    pub(super) fn upsert_account(&self, record: AccountRecord, activate: bool) -> DeskResult<()> {
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

    /// Checks a token with a real call, then stores it. Nothing is stored when
    /// the check or the keychain fails.
    async fn checked_token(
        &self,
        host: &Host,
        kind: TokenKindView,
        raw: &str,
    ) -> DeskResult<(Token, Provider)> {
        if raw.trim().is_empty() {
            return Err(DeskError::invalid("token", "Paste the token."));
        }
        let token = Token::parse(raw, token_kind(kind))?;
        let client = self.make_provider(host.clone(), token.clone())?;
        client.list_apps().await.map_err(|e| {
            let what = match e.code() {
                "unauthorized" => format!(
                    "The server refused the token, read as {} for a {} (sent as 'Bearer {} …')",
                    token.form_label(),
                    kind_name(token.kind()),
                    token.kind().header_word()
                ),
                "network" | "timeout" => format!(
                    "Nothing answered at {}: is the address right and the server running?",
                    host.base_url()
                ),
                _ => return DeskError::from(e),
            };
            DeskError::from(e).context(&what)
        })?;
        Ok((token, client))
    }

    pub(super) async fn store_token(
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
            let view = self.open_sandbox().await?;
            // The CommandK demo comes with it (best effort: the Phase one is what was asked).
            let _ = self.open_commandk_demo().await;
            return Ok(view);
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
            provider: input.provider.unwrap_or_default(),
            write_fingerprint: None,
            apps: Vec::new(),
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
        lock(&self.providers).insert(record.id.clone(), client);
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
        if record.provider == ProviderKind::Commandk {
            return self
                .replace_commandk_token(record, token, session_only)
                .await;
        }
        let host = record.host()?;
        let (token, client) = self.checked_token(&host, record.token_kind, token).await?;
        record.fingerprint = token.fingerprint();
        if !session_only && record.ephemeral {
            record.ephemeral = false;
        }
        self.vault.drop_session(account_id);
        self.store_token(account_id, token, session_only || record.ephemeral)
            .await?;
        lock(&self.providers).insert(account_id.to_string(), client);
        let view = record.view();
        self.upsert_account(record, false)?;
        Ok(view)
    }

    pub(super) async fn forget_token(&self, account_id: &str) -> DeskResult<()> {
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
        if record.write_fingerprint.is_some() {
            match self.forget_token(&record.write_token_entry()).await {
                Err(e) if !record.ephemeral => return Err(e),
                _ => {}
            }
        }
        lock(&self.providers).remove(account_id);
        self.cache_mut().retain(|k, _| k.0 != account_id);
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
}

/// The names the Phase Console and the add-account form use.
fn kind_name(kind: phase_api::TokenKind) -> &'static str {
    match kind {
        phase_api::TokenKind::User => "Personal Access Token",
        phase_api::TokenKind::ServiceAccount => "Service Account",
        phase_api::TokenKind::Service => "Service token (legacy)",
    }
}
