//! CommandK accounts: adding one (a Read token, and a Write token to edit, each checked
//! for its scope and kept in its own keychain entry), connecting to it, its local demo,
//! and apps typed by name (CommandK has no call that lists apps).

use commandk_api::{options_for_host, AccessToken, CommandkClient, Host, TokenScope};
use commandk_sandbox::{CommandkSandbox, CommandkSandboxConfig};
use phase_api::{PhaseError, Token, TokenKind};

use super::{lock, Desk};
use crate::accounts::AccountRecord;
use crate::error::{DeskError, DeskResult};
use crate::provider::commandk::{self, phase_error};
use crate::provider::{CommandkAccount, Provider};
use crate::view::*;

/// The id of the CommandK demo account (it exists for one run only).
pub const COMMANDK_DEMO_ACCOUNT_ID: &str = "commandk-demo";

/// Which of the two tokens a check is about: the form field and the words for it.
#[derive(Clone, Copy)]
enum Slot {
    Read,
    Write,
}

impl Slot {
    fn field(self) -> &'static str {
        match self {
            Slot::Read => "readToken",
            Slot::Write => "writeToken",
        }
    }

    fn refused_scope(self) -> &'static str {
        match self {
            Slot::Read => "This is a Write token: CommandK's Write tokens cannot read secrets. Paste a Read token here, and the Write token in the Write token field.",
            Slot::Write => "This is a Read token: CommandK's Read tokens cannot write. Paste a Write token here, or leave it empty for a read-only account.",
        }
    }
}

/// A token kept in the vault (the vault stores tokens of any service as text).
fn kept(token: &AccessToken) -> DeskResult<Token> {
    Ok(Token::new(TokenKind::ServiceAccount, token.expose())?)
}

/// Whether `client`'s token reads: a masked listing of the app in any environment answers
/// (Read), or every one is refused with 403 (Write: CommandK's Write tokens cannot read).
async fn scope_of(client: &CommandkClient, app_id: &str) -> Result<TokenScope, PhaseError> {
    let envs = client.list_environments().await.map_err(phase_error)?;
    for env in &envs {
        match client.list_masked(app_id, &env.id, None).await {
            Ok(_) => return Ok(TokenScope::Read),
            Err(e) if e.is_forbidden() => continue,
            Err(e) => return Err(phase_error(e)),
        }
    }
    Ok(TokenScope::Write)
}

impl Desk {
    fn commandk_client(&self, host: &Host, token: AccessToken) -> DeskResult<CommandkClient> {
        let mut options = options_for_host(host);
        options.on_rate_limit = Some(self.rate_limit_callback());
        CommandkClient::new(host.clone(), token, options).map_err(|e| phase_error(e).into())
    }

    /// Connects to an account's CommandK with its tokens from the keychain.
    pub(super) async fn commandk_provider(&self, record: &AccountRecord) -> DeskResult<Provider> {
        let host = commandk::host(record.host_kind, record.host_url.as_deref())?;
        let parse = |t: Token| AccessToken::parse(t.expose()).map_err(phase_error);
        let read = self.load_token(&record.id, record.token_kind).await?;
        let reader = self.commandk_client(&host, parse(read)?)?;
        let writer = match record.write_fingerprint {
            Some(_) => {
                let entry = record.write_token_entry();
                let write = self.load_token(&entry, record.token_kind).await?;
                Some(self.commandk_client(&host, parse(write)?)?)
            }
            None => None,
        };
        let account = CommandkAccount::new(reader, writer, &record.apps);
        Ok(Provider::Commandk(account))
    }

    /// The token pasted in `slot`, checked against the server: it must open `app_name`
    /// and have the slot's scope. Answers the token and the app (id, name).
    async fn checked_commandk_token(
        &self,
        host: &Host,
        raw: &str,
        slot: Slot,
        app_name: &str,
    ) -> DeskResult<(AccessToken, (String, String))> {
        let token = AccessToken::parse(raw)
            .map_err(|e| DeskError::invalid(slot.field(), phase_error(e).to_string()))?;
        let client = self.commandk_client(host, token.clone())?;
        let account = CommandkAccount::new(client.clone(), None, &[]);
        let app = account
            .find_app(app_name)
            .await
            .map_err(|e| match e.code() {
                "unauthorized" => {
                    DeskError::invalid(slot.field(), format!("The server refused this token: {e}"))
                }
                "network" | "timeout" => DeskError::from(e).context(&format!(
                    "Nothing answered at {}: is the address right and the server running?",
                    host.base_url()
                )),
                "notFound" => DeskError::invalid("appName", e.to_string()),
                _ => DeskError::from(e),
            })?;
        let wanted = match slot {
            Slot::Read => TokenScope::Read,
            Slot::Write => TokenScope::Write,
        };
        if scope_of(&client, &app.id).await? != wanted {
            return Err(DeskError::invalid(slot.field(), slot.refused_scope()));
        }
        Ok((token, (app.id, app.name)))
    }

    /// Adds a CommandK account: the Read token (required) and the Write token (optional:
    /// without it the account is read-only), each checked, then kept in its own keychain
    /// entry. Opens `app_name` first and remembers it.
    pub async fn add_commandk_account(
        &self,
        input: CommandkAccountInput,
    ) -> DeskResult<AccountView> {
        if input.host_kind == HostKind::Sandbox {
            return self.open_commandk_demo().await;
        }
        let name = input.name.trim();
        if name.is_empty() {
            return Err(DeskError::invalid("name", "Give the account a name."));
        }
        let app_name = input.app_name.trim();
        if app_name.is_empty() {
            return Err(DeskError::invalid(
                "appName",
                "Type the name of an app to open: CommandK has no list of apps.",
            ));
        }
        if input.read_token.trim().is_empty() {
            return Err(DeskError::invalid("readToken", "Paste a Read token."));
        }
        let host_url = input.host_url.map(|u| u.trim().to_string());
        let host_url = host_url.filter(|u| !u.is_empty());
        let host = commandk::host(input.host_kind, host_url.as_deref())
            .map_err(|e| DeskError::invalid("hostUrl", e.to_string()))?;
        let (read, app) = self
            .checked_commandk_token(&host, &input.read_token, Slot::Read, app_name)
            .await?;
        let write_raw = input.write_token.as_deref().map(str::trim).unwrap_or("");
        let write = match write_raw {
            "" => None,
            raw => Some(
                self.checked_commandk_token(&host, raw, Slot::Write, app_name)
                    .await?
                    .0,
            ),
        };
        let record = AccountRecord {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.to_string(),
            host_kind: input.host_kind,
            host_url,
            token_kind: match write {
                Some(_) => TokenKindView::ReadWrite,
                None => TokenKindView::Read,
            },
            fingerprint: read.fingerprint(),
            last: None,
            ephemeral: input.session_only,
            provider: ProviderKind::Commandk,
            write_fingerprint: write.as_ref().map(AccessToken::fingerprint),
            apps: vec![app.clone()],
        };
        self.store_token(&record.id, kept(&read)?, input.session_only)
            .await?;
        if let Some(write) = &write {
            let entry = record.write_token_entry();
            if let Err(e) = self
                .store_token(&entry, kept(write)?, input.session_only)
                .await
            {
                let _ = self.forget_token(&record.id).await;
                return Err(e);
            }
        }
        let id = record.id.clone();
        let entry = record.write_token_entry();
        match self.keep_commandk_account(record, true).await {
            Ok(view) => Ok(view),
            Err(e) => {
                let _ = self.forget_token(&id).await;
                let _ = self.forget_token(&entry).await;
                Err(e)
            }
        }
    }

    /// Stores the account and connects to it; `activate` makes it the one on screen.
    async fn keep_commandk_account(
        &self,
        record: AccountRecord,
        activate: bool,
    ) -> DeskResult<AccountView> {
        lock(&self.providers).remove(&record.id);
        let view = record.view();
        self.upsert_account(record.clone(), activate)?;
        let provider = self.commandk_provider(&record).await?;
        lock(&self.providers).insert(record.id.clone(), provider);
        Ok(view)
    }

    /// Replaces the token whose scope the pasted one has: a Read token replaces the Read
    /// token, a Write token replaces (or adds) the Write token, so a read-only account
    /// becomes one that edits.
    pub(super) async fn replace_commandk_token(
        &self,
        mut record: AccountRecord,
        raw: &str,
        session_only: bool,
    ) -> DeskResult<AccountView> {
        let host = commandk::host(record.host_kind, record.host_url.as_deref())?;
        let Some((app_id, _)) = record.apps.first().cloned() else {
            return Err(DeskError::invalid(
                "token",
                "Open an app first: a token's scope is checked on one of its apps.",
            ));
        };
        let token = AccessToken::parse(raw)
            .map_err(|e| DeskError::invalid("token", phase_error(e).to_string()))?;
        let client = self.commandk_client(&host, token.clone())?;
        let scope = scope_of(&client, &app_id)
            .await
            .map_err(|e| match e.code() {
                "unauthorized" => {
                    DeskError::invalid("token", format!("The server refused this token: {e}"))
                }
                _ => DeskError::from(e),
            })?;
        let (entry, other) = match scope {
            TokenScope::Read => (record.id.clone(), record.write_token_entry()),
            TokenScope::Write => (record.write_token_entry(), record.id.clone()),
        };
        if !session_only && record.ephemeral {
            record.ephemeral = false;
            // The other token was kept for the session only: into the keychain with this one.
            let other_exists = scope == TokenScope::Write || record.write_fingerprint.is_some();
            if other_exists {
                let kept = self.load_token(&other, record.token_kind).await?;
                self.vault.drop_session(&other);
                self.store_token(&other, kept, false).await?;
            }
        }
        self.vault.drop_session(&entry);
        self.store_token(&entry, kept(&token)?, session_only || record.ephemeral)
            .await?;
        match scope {
            TokenScope::Read => record.fingerprint = token.fingerprint(),
            TokenScope::Write => {
                record.write_fingerprint = Some(token.fingerprint());
                record.token_kind = TokenKindView::ReadWrite;
            }
        }
        self.keep_commandk_account(record, false).await
    }

    /// Adds the CommandK demo account next to the local sandbox's, when that is open
    /// (the app calls it once the desk is open).
    pub async fn open_commandk_demo_with_sandbox(&self) -> DeskResult<()> {
        let sandbox_open = lock(&self.file)
            .accounts
            .iter()
            .any(|a| a.id == super::SANDBOX_ACCOUNT_ID);
        if sandbox_open {
            self.open_commandk_demo().await?;
        }
        Ok(())
    }

    /// Starts the local CommandK demo server (once) and adds its account for this run,
    /// with a Read and a Write token and its demo app remembered. It does not become the
    /// active account.
    pub async fn open_commandk_demo(&self) -> DeskResult<AccountView> {
        let mut slot = self.commandk_demo.lock().await;
        if slot.is_none() {
            let sandbox = CommandkSandbox::start(CommandkSandboxConfig::default())
                .await
                .map_err(|e| {
                    DeskError::Internal(format!("could not start the CommandK demo: {e}"))
                })?;
            *slot = Some(sandbox);
        }
        let sandbox = slot.as_ref().expect("the demo was just started");
        let read = AccessToken::parse(&sandbox.read_token()).map_err(phase_error)?;
        let write = AccessToken::parse(&sandbox.write_token()).map_err(phase_error)?;
        let record = AccountRecord {
            id: COMMANDK_DEMO_ACCOUNT_ID.to_string(),
            name: "CommandK demo".to_string(),
            host_kind: HostKind::Sandbox,
            host_url: Some(sandbox.base_url()),
            token_kind: TokenKindView::ReadWrite,
            fingerprint: read.fingerprint(),
            last: None,
            ephemeral: true,
            provider: ProviderKind::Commandk,
            write_fingerprint: Some(write.fingerprint()),
            apps: vec![(sandbox.demo_app_id(), sandbox.demo_app_name().to_string())],
        };
        drop(slot);
        self.vault.keep_for_session(&record.id, kept(&read)?);
        self.vault
            .keep_for_session(&record.write_token_entry(), kept(&write)?);
        self.keep_commandk_account(record, false).await
    }

    /// Opens an app by its name (for services without a list of apps, the way to reach
    /// one) and remembers it for the account, so it is listed from then on.
    pub async fn find_app(&self, name: &str) -> DeskResult<AppView> {
        if name.trim().is_empty() {
            return Err(DeskError::invalid("appName", "Type an app's name."));
        }
        let (account, provider) = self.active_provider().await?;
        let found = provider.find_app(name).await?;
        let remembered = (found.id.clone(), found.name.clone());
        if account.provider == ProviderKind::Commandk && !account.apps.contains(&remembered) {
            let mut file = lock(&self.file);
            if let Some(record) = file.accounts.iter_mut().find(|a| a.id == account.id) {
                record.apps.retain(|(id, _)| *id != remembered.0);
                record.apps.push(remembered);
            }
            self.store.save(&file)?;
        }
        // Found by name: it opens (a service that lists apps says otherwise in its list).
        Ok(AppView {
            id: found.id,
            name: found.name,
            description: found.description,
            sse_enabled: found.sse_enabled,
            disabled_reason: None,
        })
    }
}
