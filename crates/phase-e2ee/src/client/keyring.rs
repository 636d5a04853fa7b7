//! The keyring of one token: what `GET /service/secrets/tokens/` lists (apps, their
//! encryption mode, the environments the token has keys for), with the account key
//! unwrapped and every environment key opened once.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use phase_api::{App, EnvSelector, EnvType, Environment, PhaseError};
use serde::Serialize;

use super::wire::{Organisation, TokensAnswer, WireEnvKey};
use crate::keys::{EnvKeys, TokenKeys};

/// How an app's secrets are encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Encryption {
    /// `"E2E"`: only clients holding the keys can read it; the REST API refuses it.
    EndToEnd,
    /// `"SSE"`: server-side encryption is on; the REST API works, and so does this one.
    ServerSide,
}

/// An app this token has environment keys for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct E2eeApp {
    /// The app's id.
    pub id: String,
    /// The app's name.
    pub name: String,
    /// Its encryption mode.
    pub encryption: Encryption,
    /// The environments this token has keys for, ordered by `index`.
    pub environments: Vec<E2eeEnvironment>,
}

/// An environment this token has a key for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct E2eeEnvironment {
    /// The environment's id (sent as the `Environment` header).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub env_type: EnvType,
    /// Its position in the app.
    pub index: i64,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last updated.
    pub updated_at: Option<DateTime<Utc>>,
    /// False when its key did not open with this token (nothing in it can be read).
    pub usable: bool,
}

impl E2eeApp {
    /// As a `phase_api::App` (`sse_enabled` says the mode; no description is listed).
    pub fn to_app(&self) -> App {
        App {
            id: self.id.clone(),
            name: self.name.clone(),
            description: None,
            sse_enabled: self.encryption == Encryption::ServerSide,
            created_at: None,
            updated_at: None,
        }
    }
}

impl E2eeEnvironment {
    /// As a `phase_api::Environment`.
    pub fn to_environment(&self) -> Environment {
        Environment {
            id: self.id.clone(),
            name: self.name.clone(),
            env_type: self.env_type,
            index: self.index,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// What the token unlocks. Holds the opened environment keys (wiped on drop); `Debug`
/// lists apps and environments only.
pub struct Keyring {
    /// The user (PAT) or service account the token belongs to.
    pub account_id: Option<String>,
    /// The organisation.
    pub organisation: Option<Organisation>,
    /// The apps, in the server's order.
    pub apps: Vec<E2eeApp>,
    keys: Vec<(String, String, Arc<EnvKeys>)>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("account_id", &self.account_id)
            .field("apps", &self.apps)
            .field("keys", &"<redacted>")
            .finish()
    }
}

fn env_type(raw: Option<&str>) -> EnvType {
    match raw.unwrap_or_default().to_ascii_lowercase().as_str() {
        "dev" | "development" => EnvType::Dev,
        "staging" => EnvType::Staging,
        "prod" | "production" => EnvType::Prod,
        _ => EnvType::Custom,
    }
}

fn timestamp(text: &Option<String>) -> Option<DateTime<Utc>> {
    text.as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn token_refused(message: &str) -> PhaseError {
    PhaseError::validation("token", message)
}

impl Keyring {
    /// Unwraps the account key with the token's key material, then opens every listed
    /// environment key (one that does not open is listed as not usable).
    pub(crate) fn open(token: &TokenKeys, answer: TokensAnswer) -> Result<Keyring, PhaseError> {
        let account = token.unwrap_account(&answer.wrapped_key_share).map_err(|_| {
            token_refused(
                "the token's key material does not open the key share this server holds for it: copy the whole token again from the Console",
            )
        })?;
        let mut apps = Vec::with_capacity(answer.apps.len());
        let mut keys = Vec::new();
        for app in answer.apps {
            let mut environments = Vec::with_capacity(app.environment_keys.len());
            for WireEnvKey {
                environment: env,
                identity_key,
                wrapped_seed,
                wrapped_salt,
            } in app.environment_keys
            {
                let opened = EnvKeys::open(&account, &wrapped_seed, &wrapped_salt, &identity_key);
                if let Ok(k) = &opened {
                    keys.push((app.id.clone(), env.id.clone(), Arc::new(k.clone())));
                }
                environments.push(E2eeEnvironment {
                    id: env.id,
                    name: env.name,
                    env_type: env_type(env.env_type.as_deref()),
                    index: env.index.unwrap_or(0),
                    created_at: timestamp(&env.created_at),
                    updated_at: timestamp(&env.updated_at),
                    usable: opened.is_ok(),
                });
            }
            environments.sort_by_key(|e| e.index);
            apps.push(E2eeApp {
                id: app.id,
                name: app.name,
                encryption: if app.encryption.eq_ignore_ascii_case("SSE") {
                    Encryption::ServerSide
                } else {
                    Encryption::EndToEnd
                },
                environments,
            });
        }
        Ok(Keyring {
            account_id: answer.user_id.or(answer.account_id),
            organisation: answer.organisation,
            apps,
            keys,
        })
    }

    /// The app with this id.
    pub fn app(&self, app_id: &str) -> Option<&E2eeApp> {
        self.apps.iter().find(|a| a.id == app_id.trim())
    }

    /// The environment a selector names (by name, any case, or by id) and its keys.
    /// [`PhaseError::NotFound`] when the token has no key for it.
    pub(crate) fn env(
        &self,
        selector: &EnvSelector,
    ) -> Result<(&E2eeEnvironment, Arc<EnvKeys>), PhaseError> {
        let app_id = selector.app_id.trim();
        let wanted = selector.env.trim();
        if app_id.is_empty() {
            return Err(PhaseError::validation("app_id", "app_id must not be empty"));
        }
        if wanted.is_empty() {
            return Err(PhaseError::validation("env", "env must not be empty"));
        }
        let app = self.app(app_id).ok_or_else(|| PhaseError::NotFound {
            message: format!("This token has no keys for the app {app_id}"),
        })?;
        let env = app
            .environments
            .iter()
            .find(|e| e.id == wanted || e.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| PhaseError::NotFound {
                message: format!(
                    "This token has no key for the environment '{wanted}' of {}",
                    app.name
                ),
            })?;
        let keys = self
            .keys
            .iter()
            .find(|(a, e, _)| a == &app.id && e == &env.id)
            .map(|(_, _, k)| k.clone())
            .ok_or_else(|| {
                token_refused("this environment's key does not open with this token's account key")
            })?;
        Ok((env, keys))
    }
}
