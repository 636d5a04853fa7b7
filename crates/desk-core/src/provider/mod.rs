//! The services an account can talk to, behind one type. Every operation of the desk goes
//! through [`Provider`], so a new service is a new variant here (and its client crate),
//! not a new branch in each operation. What a service can do is described by
//! [`Capabilities`], which the window reads to hide or disable what it lacks.

use phase_api::{
    App, EnvSelector, Environment, NewSecret, PhaseError, Secret, SecretFilter, SecretString,
    SecretUpdate, TokenKind,
};

pub mod commandk;
mod phase;

pub use commandk::{CommandkAccount, PerEnvironmentDraft};
pub use phase::{PhaseAccount, ProviderApp};

use crate::error::{DeskError, DeskResult};
use crate::view::{Capabilities, ProviderKind, SecretRow, TokenKindView, ValueChoice};

/// One account's connection to its service.
#[derive(Clone, Debug)]
pub enum Provider {
    /// Phase: the REST API for apps with server-side encryption, the end-to-end-encrypted
    /// API for the others when the token carries key material.
    Phase(PhaseAccount),
    /// CommandK: a Read client, and a Write client when the account can edit.
    Commandk(CommandkAccount),
}

/// Why a capability is missing, said once in the window next to the disabled control.
const OVERRIDES_NEED_A_PERSON: &str =
    "Personal overrides belong to people: a service token never sees or sets them.";

/// What an account of `kind` holding a `token` of this kind can do.
pub fn capabilities(kind: ProviderKind, token: TokenKindView) -> Capabilities {
    match kind {
        ProviderKind::Phase => {
            let person = crate::accounts::token_kind(token).sees_overrides();
            Capabilities {
                folders: true,
                tags: true,
                comments: true,
                types: true,
                personal_overrides: person,
                delete: true,
                rename: true,
                masked_listing: false,
                per_environment_values: false,
                read_only: false,
                missing_reason: (!person).then(|| OVERRIDES_NEED_A_PERSON.to_string()),
                purpose_types: None,
                apps_by_name: None,
            }
        }
        ProviderKind::Commandk => commandk::capabilities(token == TokenKindView::ReadWrite),
    }
}

impl Provider {
    /// Which service this is.
    pub fn kind(&self) -> ProviderKind {
        match self {
            Provider::Phase(_) => ProviderKind::Phase,
            Provider::Commandk(_) => ProviderKind::Commandk,
        }
    }

    /// Whether values of `app_id` come back with their references unresolved.
    pub fn values_as_written(&self, app_id: &str) -> bool {
        match self {
            Provider::Phase(account) => account.values_as_written(app_id),
            _ => false,
        }
    }

    pub fn token_kind(&self) -> TokenKind {
        match self {
            Provider::Phase(client) => client.token_kind(),
            // An API access token acts for no person: no personal overrides.
            Provider::Commandk(_) => TokenKind::ServiceAccount,
        }
    }

    pub async fn list_apps(&self) -> Result<Vec<ProviderApp>, PhaseError> {
        match self {
            Provider::Phase(client) => client.list_apps().await,
            Provider::Commandk(account) => Ok(account
                .list_apps()
                .into_iter()
                .map(|app| ProviderApp {
                    app,
                    unusable: None,
                })
                .collect()),
        }
    }

    pub async fn list_environments(&self, app_id: &str) -> Result<Vec<Environment>, PhaseError> {
        match self {
            Provider::Phase(client) => client.list_environments(app_id).await,
            Provider::Commandk(account) => account.list_environments().await,
        }
    }

    pub async fn list_secrets(
        &self,
        env: &EnvSelector,
        filter: &SecretFilter,
    ) -> Result<Vec<Secret>, PhaseError> {
        match self {
            Provider::Phase(client) => client.list_secrets(env, filter).await,
            Provider::Commandk(account) => account.list_secrets(env, filter).await,
        }
    }

    pub async fn create_secrets(
        &self,
        env: &EnvSelector,
        batch: &[NewSecret],
    ) -> Result<Vec<Secret>, PhaseError> {
        match self {
            Provider::Phase(client) => client.create_secrets(env, batch).await,
            Provider::Commandk(_) => Err(commandk::refused("secrets", commandk::MISSING)),
        }
    }

    pub async fn update_secrets(
        &self,
        env: &EnvSelector,
        updates: &[SecretUpdate],
    ) -> Result<Vec<Secret>, PhaseError> {
        match self {
            Provider::Phase(client) => client.update_secrets(env, updates).await,
            Provider::Commandk(account) => account.update_secrets(env, updates).await,
        }
    }

    pub async fn delete_secrets(
        &self,
        env: &EnvSelector,
        ids: &[String],
    ) -> Result<String, PhaseError> {
        match self {
            Provider::Phase(client) => client.delete_secrets(env, ids).await,
            Provider::Commandk(_) => Err(commandk::refused("secretIds", commandk::MISSING)),
        }
    }

    pub async fn set_override(
        &self,
        env: &EnvSelector,
        secret_id: &str,
        path: &str,
        value: SecretString,
        active: bool,
    ) -> Result<Secret, PhaseError> {
        match self {
            Provider::Phase(client) => {
                client
                    .set_override(env, secret_id, path, value, active)
                    .await
            }
            Provider::Commandk(_) => Err(commandk::refused("override", commandk::MISSING)),
        }
    }

    /// Finds an app by its name and remembers it, for services that cannot list apps.
    pub async fn find_app(&self, name: &str) -> Result<App, PhaseError> {
        match self {
            Provider::Phase(_) => Err(PhaseError::validation(
                "appName",
                "Phase lists its apps: choose one in the app picker.",
            )),
            Provider::Commandk(account) => account.find_app(name).await,
        }
    }

    /// A value of a listed secret, for reveal, copy and edit: from the listing where it
    /// carries values, from the server (just this one) where listings are masked.
    pub async fn fetch_value(
        &self,
        env: &EnvSelector,
        secret: &Secret,
        which: ValueChoice,
    ) -> Result<Option<SecretString>, PhaseError> {
        match self {
            Provider::Phase(_) => {
                Ok(crate::secrets::pick_value(secret, which).map(SecretString::new))
            }
            Provider::Commandk(account) => account.fetch_value(env, &secret.key).await,
        }
    }

    /// Adds to a row what the service says about its value beyond the secret itself.
    /// Whether [`Provider::annotate`] adds what the service said before (so a listing's
    /// rows depend on more than the listing).
    pub fn annotates(&self) -> bool {
        matches!(self, Provider::Commandk(_))
    }

    pub fn annotate(&self, env: &EnvSelector, row: &mut SecretRow) {
        match self {
            Provider::Phase(_) => {}
            Provider::Commandk(account) => account.annotate(env, row),
        }
    }

    /// Creates a secret with its value in this and other environments (services with a
    /// value per environment).
    pub async fn create_in_environments(
        &self,
        env: &EnvSelector,
        draft: &PerEnvironmentDraft,
    ) -> DeskResult<Secret> {
        match self {
            Provider::Phase(_) => Err(DeskError::invalid(
                "alsoIn",
                "Phase keeps each environment's secrets apart: create the secret in each environment.",
            )),
            Provider::Commandk(account) => account.create_in_environments(env, draft).await,
        }
    }
}
