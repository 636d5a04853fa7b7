//! CommandK as a provider of the desk. CommandK's model is mapped onto the desk's rows:
//! an app holds secrets, each secret has one value per environment (environments belong
//! to the organisation, so every secret shows in every environment, set or not) and a
//! purpose type chosen at creation. Everything lives at the root: no folders, tags,
//! comments, personal overrides, delete or rename.
//!
//! Listings come masked from the server (`PreviewOnly`, with an ETag so an unchanged
//! listing is a cheap 304); a value is fetched in full only for the one secret asked
//! (reveal, copy, edit). Values are never kept in the listing.
//!
//! CommandK's Write tokens cannot read and its Read tokens cannot write: an account holds
//! a Read token and, to edit, a Write token; without one it is read-only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use commandk_api::{
    CommandkClient, CommandkError, Environment as CkEnvironment, Host, Listing, RenderedSecret,
    RenderedValue,
};
use phase_api::{
    App, EnvSelector, EnvType, Environment, Lifecycle, PhaseError, Secret, SecretFilter,
    SecretString, SecretType,
};

pub use commandk_api::PurposeType;
pub use writes::PerEnvironmentDraft;

mod writes;

use crate::view::{Capabilities, HostKind, PurposeChoice, SecretRow};

/// What CommandK lacks, said once next to the controls the window disables.
pub const MISSING: &str = "CommandK keeps one secret per app with a value per environment: no folders, tags, comments, personal overrides, delete or rename.";
/// Why an account without a Write token cannot change anything.
pub const READ_ONLY: &str = "Read-only: this account has no Write token (CommandK's Read tokens cannot write). Add one to create or change secrets.";

/// What a CommandK account can do; `can_write` when it holds a Write token.
pub fn capabilities(can_write: bool) -> Capabilities {
    Capabilities {
        folders: false,
        tags: false,
        comments: false,
        // Phase's secret / sealed / config types; CommandK's purpose types are below.
        types: false,
        personal_overrides: false,
        delete: false,
        rename: false,
        masked_listing: true,
        per_environment_values: true,
        read_only: !can_write,
        missing_reason: Some(if can_write { MISSING } else { READ_ONLY }.to_string()),
        purpose_types: Some(
            PurposeType::ALL
                .iter()
                .map(|p| PurposeChoice {
                    id: p.as_str().to_string(),
                    label: p.label().to_string(),
                })
                .collect(),
        ),
        apps_by_name: Some(true),
    }
}

/// The API an account of `kind` talks to: cloud, an on-premises installation (its name,
/// as in `app.<name>.commandk.dev`) or any base URL (custom and the local demo).
pub fn host(kind: HostKind, url: Option<&str>) -> Result<Host, PhaseError> {
    let url = url.unwrap_or("");
    match kind {
        HostKind::Cloud => Ok(Host::cloud()),
        HostKind::SelfHosted => Host::on_premises(url),
        HostKind::Custom | HostKind::Sandbox => Host::custom(url),
    }
    .map_err(phase_error)
}

/// A CommandK error in the desk's error type (the same codes, the server's words).
pub fn phase_error(e: CommandkError) -> PhaseError {
    let message = e.to_string();
    match e {
        CommandkError::Validation { field, message } => PhaseError::Validation { field, message },
        CommandkError::AppNameNotUnique { message } => PhaseError::validation(
            "appName",
            format!("{message} Several apps have this name: CommandK can only open it by id."),
        ),
        CommandkError::Conflict { message, .. } => PhaseError::Conflict { message },
        CommandkError::RateLimited {
            message,
            retry_after,
        } => PhaseError::RateLimited {
            message,
            retry_after,
        },
        CommandkError::Network { message } => PhaseError::Network { message },
        CommandkError::Timeout => PhaseError::Timeout,
        CommandkError::Decode { message } => PhaseError::Decode { message },
        CommandkError::Status { status, .. } => match status {
            400 => PhaseError::BadRequest { message },
            401 => PhaseError::Unauthorized { message },
            403 => PhaseError::Forbidden { message },
            404 => PhaseError::NotFound { message },
            500..=599 => PhaseError::Server { status, message },
            _ => PhaseError::UnexpectedStatus { status, message },
        },
    }
}

/// A refusal of something CommandK (or this account) cannot do, before anything is sent.
pub fn refused(field: &str, message: &str) -> PhaseError {
    PhaseError::validation(field, message)
}

/// What a masked listing said about a secret in one environment.
#[derive(Clone)]
struct Shown {
    set: bool,
    preview: Option<String>,
}

/// The last masked listing of an app in an environment, for `If-None-Match`.
struct Listed {
    etag: String,
    secrets: Vec<RenderedSecret>,
}

#[derive(Default)]
struct Memory {
    /// Apps opened by name, in the order they were first opened.
    apps: Vec<App>,
    envs: Vec<CkEnvironment>,
    /// (app id, environment id) → the last listing.
    listed: HashMap<(String, String), Listed>,
    /// (environment id, secret id) → whether set, and the preview.
    shown: HashMap<(String, String), Shown>,
}

/// One CommandK account: a Read client, an optional Write client, and what it has seen.
#[derive(Clone)]
pub struct CommandkAccount {
    reader: CommandkClient,
    writer: Option<CommandkClient>,
    memory: Arc<Mutex<Memory>>,
}

impl std::fmt::Debug for CommandkAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandkAccount")
            .field("reader", &self.reader)
            .field("writer", &self.writer)
            .finish()
    }
}

fn app(id: &str, name: &str) -> App {
    App {
        id: id.to_string(),
        name: name.to_string(),
        description: None,
        sse_enabled: true,
        created_at: None,
        updated_at: None,
    }
}

fn env_type(e: &CkEnvironment) -> EnvType {
    match e.slug.to_ascii_lowercase().as_str() {
        "development" | "dev" => EnvType::Dev,
        "staging" => EnvType::Staging,
        "production" | "prod" => EnvType::Prod,
        _ => EnvType::Custom,
    }
}

/// A rendered secret as the desk's secret: no value (masked listings keep none).
fn secret(s: &RenderedSecret) -> Secret {
    Secret {
        id: s.secret_id.clone(),
        key: s.key.clone(),
        value: SecretString::default(),
        comment: String::new(),
        tags: Vec::new(),
        r#override: None,
        r#type: SecretType::Secret,
        lifecycle: Lifecycle::Static,
        path: "/".into(),
        version: 0,
        created_at: None,
        updated_at: None,
    }
}

impl CommandkAccount {
    /// An account reading with `reader`, writing with `writer` (if any), and remembering
    /// the apps opened before as `(id, name)`.
    pub fn new(
        reader: CommandkClient,
        writer: Option<CommandkClient>,
        apps: &[(String, String)],
    ) -> CommandkAccount {
        let memory = Memory {
            apps: apps.iter().map(|(id, name)| app(id, name)).collect(),
            ..Memory::default()
        };
        CommandkAccount {
            reader,
            writer,
            memory: Arc::new(Mutex::new(memory)),
        }
    }

    fn memory(&self) -> MutexGuard<'_, Memory> {
        self.memory.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The Write client, or why there is none.
    pub fn writer(&self) -> Result<&CommandkClient, PhaseError> {
        self.writer
            .as_ref()
            .ok_or_else(|| refused("token", READ_ONLY))
    }

    /// The apps opened so far (CommandK documents no call that lists apps).
    pub fn list_apps(&self) -> Vec<App> {
        self.memory().apps.clone()
    }

    /// Looks an app up by its exact name and remembers it.
    pub async fn find_app(&self, name: &str) -> Result<App, PhaseError> {
        let found = self.reader.find_app(name).await.map_err(|e| match e {
            CommandkError::Status { status: 404, .. } => PhaseError::NotFound {
                message: format!(
                    "No app named {} (names are exact; a token limited to some apps cannot look names up).",
                    name.trim()
                ),
            },
            other => phase_error(other),
        })?;
        let found = app(&found.id, &found.name);
        let mut memory = self.memory();
        if !memory.apps.iter().any(|a| a.id == found.id) {
            memory.apps.push(found.clone());
        }
        Ok(found)
    }

    /// The organisation's environments (the same for every app).
    pub async fn list_environments(&self) -> Result<Vec<Environment>, PhaseError> {
        let envs = self.reader.list_environments().await.map_err(phase_error)?;
        let out = envs
            .iter()
            .enumerate()
            .map(|(i, e)| Environment {
                id: e.id.clone(),
                name: if e.name.is_empty() { &e.slug } else { &e.name }.clone(),
                env_type: env_type(e),
                index: i as i64,
                created_at: None,
                updated_at: None,
            })
            .collect();
        self.memory().envs = envs;
        Ok(out)
    }

    fn known_env_id(&self, name: &str) -> Option<String> {
        let memory = self.memory();
        let found = memory.envs.iter().find(|e| e.matches(name));
        found.map(|e| e.id.clone())
    }

    /// The id of the environment named (or slugged) `name`.
    pub async fn env_id(&self, name: &str) -> Result<String, PhaseError> {
        if let Some(id) = self.known_env_id(name) {
            return Ok(id);
        }
        self.list_environments().await?;
        self.known_env_id(name).ok_or_else(|| PhaseError::NotFound {
            message: format!("No environment named {}.", name.trim()),
        })
    }

    /// The app's secrets in an environment, masked; every secret of the app is there,
    /// with or without a value in this environment.
    pub async fn list_secrets(
        &self,
        env: &EnvSelector,
        filter: &SecretFilter,
    ) -> Result<Vec<Secret>, PhaseError> {
        if !filter.tags.is_empty() {
            return Err(refused("tags", MISSING));
        }
        if filter.path.as_deref().is_some_and(|p| p.trim() != "/") {
            return Ok(Vec::new());
        }
        let env_id = self.env_id(&env.env).await?;
        let key = (env.app_id.clone(), env_id.clone());
        let etag = self.memory().listed.get(&key).map(|l| l.etag.clone());
        let listing = self
            .reader
            .list_masked(&env.app_id, &env_id, etag.as_deref())
            .await
            .map_err(phase_error)?;
        let mut memory = self.memory();
        let secrets = match listing {
            Listing::Changed(list) => {
                match list.etag {
                    Some(etag) => {
                        let secrets = list.secrets.clone();
                        memory.listed.insert(key, Listed { etag, secrets });
                    }
                    None => drop(memory.listed.remove(&key)),
                }
                list.secrets
            }
            Listing::Unchanged => memory
                .listed
                .get(&key)
                .map(|l| l.secrets.clone())
                .unwrap_or_default(),
        };
        Ok(remember(&mut memory, &env_id, &secrets, filter))
    }

    /// Adds what the masked listing said about the row's value in this environment.
    pub fn annotate(&self, env: &EnvSelector, row: &mut SecretRow) {
        let Some(env_id) = self.known_env_id(&env.env) else {
            return;
        };
        if let Some(shown) = self.memory().shown.get(&(env_id, row.id.clone())) {
            row.value_set = Some(shown.set);
            row.preview = shown.preview.clone();
        }
    }

    /// The value of `key` in the environment, in full: `None` when it has none there.
    pub async fn fetch_value(
        &self,
        env: &EnvSelector,
        key: &str,
    ) -> Result<Option<SecretString>, PhaseError> {
        let env_id = self.env_id(&env.env).await?;
        self.reader
            .reveal_value(&env.app_id, &env_id, key)
            .await
            .map_err(phase_error)
    }
}

/// Remembers what the listing says about each secret's value, and maps it.
fn remember(
    memory: &mut Memory,
    env_id: &str,
    listed: &[RenderedSecret],
    filter: &SecretFilter,
) -> Vec<Secret> {
    listed
        .iter()
        .filter(|s| filter.key.as_deref().is_none_or(|k| k == s.key))
        .map(|s| {
            let shown = Shown {
                set: s.value.is_set(),
                preview: match &s.value {
                    RenderedValue::Masked(p) => Some(p.expose().to_string()),
                    _ => None,
                },
            };
            memory
                .shown
                .insert((env_id.to_string(), s.secret_id.clone()), shown);
            secret(s)
        })
        .collect()
}
