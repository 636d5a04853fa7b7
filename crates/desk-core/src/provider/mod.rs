//! The services an account can talk to, behind one type. Every operation of the desk goes
//! through [`Provider`], so a new service is a new variant here (and its client crate),
//! not a new branch in each operation. What a service can do is described by
//! [`Capabilities`], which the window reads to hide or disable what it lacks.

use phase_api::{
    App, EnvSelector, Environment, NewSecret, PhaseClient, PhaseError, Secret, SecretFilter,
    SecretString, SecretUpdate, TokenKind,
};

use crate::view::{Capabilities, ProviderKind};

/// One account's connection to its service.
#[derive(Clone, Debug)]
pub enum Provider {
    /// Phase's public REST API (`/v1/...`): apps with server-side encryption.
    PhaseRest(PhaseClient),
}

/// Why a capability is missing, said once in the window next to the disabled control.
const OVERRIDES_NEED_A_PERSON: &str =
    "Personal overrides belong to people: a service token never sees or sets them.";

/// What an account of `kind` holding a `token` of this kind can do.
pub fn capabilities(kind: ProviderKind, token: TokenKind) -> Capabilities {
    match kind {
        ProviderKind::Phase => {
            let person = token.sees_overrides();
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
            }
        }
    }
}

impl Provider {
    /// Which service this is.
    pub fn kind(&self) -> ProviderKind {
        match self {
            Provider::PhaseRest(_) => ProviderKind::Phase,
        }
    }

    pub fn token_kind(&self) -> TokenKind {
        match self {
            Provider::PhaseRest(client) => client.token_kind(),
        }
    }

    pub async fn list_apps(&self) -> Result<Vec<App>, PhaseError> {
        match self {
            Provider::PhaseRest(client) => client.list_apps().await,
        }
    }

    pub async fn list_environments(&self, app_id: &str) -> Result<Vec<Environment>, PhaseError> {
        match self {
            Provider::PhaseRest(client) => client.list_environments(app_id).await,
        }
    }

    pub async fn list_secrets(
        &self,
        env: &EnvSelector,
        filter: &SecretFilter,
    ) -> Result<Vec<Secret>, PhaseError> {
        match self {
            Provider::PhaseRest(client) => client.list_secrets(env, filter).await,
        }
    }

    pub async fn create_secrets(
        &self,
        env: &EnvSelector,
        batch: &[NewSecret],
    ) -> Result<Vec<Secret>, PhaseError> {
        match self {
            Provider::PhaseRest(client) => client.create_secrets(env, batch).await,
        }
    }

    pub async fn update_secrets(
        &self,
        env: &EnvSelector,
        updates: &[SecretUpdate],
    ) -> Result<Vec<Secret>, PhaseError> {
        match self {
            Provider::PhaseRest(client) => client.update_secrets(env, updates).await,
        }
    }

    pub async fn delete_secrets(
        &self,
        env: &EnvSelector,
        ids: &[String],
    ) -> Result<String, PhaseError> {
        match self {
            Provider::PhaseRest(client) => client.delete_secrets(env, ids).await,
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
            Provider::PhaseRest(client) => {
                client
                    .set_override(env, secret_id, path, value, active)
                    .await
            }
        }
    }
}
