//! The JSON of `/service/secrets/` and `/service/secrets/tokens/`, and the decryption of
//! listed secrets into `phase_api` models. The server answers snake_case (camelCase with
//! `X-Use-Camel-Case`; both are read).

use chrono::{DateTime, Utc};
use phase_api::{Lifecycle, Override, Secret, SecretString, SecretType};
use serde::Deserialize;
use serde_json::Value;

use crate::keys::EnvKeys;

/// `GET /service/secrets/tokens/`.
#[derive(Deserialize)]
pub(crate) struct TokensAnswer {
    pub wrapped_key_share: String,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub organisation: Option<Organisation>,
    #[serde(default)]
    pub apps: Vec<WireApp>,
}

/// The organisation the token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Organisation {
    /// Its id.
    #[serde(default)]
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
}

#[derive(Deserialize)]
pub(crate) struct WireApp {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub encryption: String,
    #[serde(default)]
    pub environment_keys: Vec<WireEnvKey>,
}

#[derive(Deserialize)]
pub(crate) struct WireEnvKey {
    pub environment: WireEnv,
    #[serde(default)]
    pub identity_key: String,
    #[serde(default)]
    pub wrapped_seed: String,
    #[serde(default)]
    pub wrapped_salt: String,
}

#[derive(Deserialize)]
pub(crate) struct WireEnv {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub env_type: Option<String>,
    #[serde(default)]
    pub index: Option<i64>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// One secret of `GET /service/secrets/`: key, value, comment and the override's value
/// are `ph:v1` ciphertexts (or `""`).
#[derive(Deserialize)]
pub(crate) struct WireSecret {
    pub id: String,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default, alias = "keyDigest")]
    pub key_digest: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<Value>>,
    #[serde(default, rename = "override")]
    pub personal: Option<WireOverride>,
    #[serde(default, rename = "type")]
    pub kind: Option<Value>,
    #[serde(default)]
    pub lifecycle: Option<Lifecycle>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default, alias = "createdAt")]
    pub created_at: Option<String>,
    #[serde(default, alias = "updatedAt")]
    pub updated_at: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct WireOverride {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default, alias = "isActive")]
    pub is_active: Option<bool>,
    #[serde(default, alias = "createdAt")]
    pub created_at: Option<String>,
    #[serde(default, alias = "updatedAt")]
    pub updated_at: Option<String>,
}

impl WireSecret {
    /// The tag names (plain strings, or objects with a `name`).
    pub fn tag_names(&self) -> Vec<String> {
        self.tags
            .iter()
            .flatten()
            .filter_map(|t| match t {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .collect()
    }

    /// The folder, `/` when empty.
    pub fn path(&self) -> String {
        match self.path.as_deref() {
            None | Some("") => "/".to_string(),
            Some(p) => p.to_string(),
        }
    }

    /// The type as the server wrote it (`"secret"` when absent).
    pub fn kind_str(&self) -> &str {
        self.kind
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or("secret")
    }

    /// The type.
    pub fn secret_type(&self) -> SecretType {
        match self.kind_str().to_ascii_lowercase().as_str() {
            "sealed" => SecretType::Sealed,
            "config" => SecretType::Config,
            _ => SecretType::Secret,
        }
    }

    /// Managed by Phase's rotation engine (PUT and DELETE are refused).
    pub fn is_rotating(&self) -> bool {
        self.lifecycle == Some(Lifecycle::Rotating)
    }
}

fn timestamp(text: &Option<String>) -> Option<DateTime<Utc>> {
    text.as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn open_field(keys: &EnvKeys, text: Option<&str>) -> Result<String, ()> {
    match text {
        None | Some("") => Ok(String::new()),
        Some(ct) => keys.decrypt(ct).map_err(|_| ()),
    }
}

/// Decrypts one listed secret: key, value, comment and the override's value. `Err` when
/// any present field does not open with the environment's keys (or the key is missing).
pub(crate) fn decrypt_secret(w: &WireSecret, keys: &EnvKeys) -> Result<Secret, ()> {
    let key = match w.key.as_deref() {
        None | Some("") => return Err(()),
        Some(ct) => keys.decrypt(ct).map_err(|_| ())?,
    };
    let value = open_field(keys, w.value.as_deref())?;
    let comment = open_field(keys, w.comment.as_deref())?;
    let personal = match &w.personal {
        None => None,
        Some(o) => Some(Override {
            id: o.id.clone().unwrap_or_default(),
            value: SecretString::new(open_field(keys, o.value.as_deref())?),
            is_active: o.is_active.unwrap_or(false),
            created_at: timestamp(&o.created_at),
            updated_at: timestamp(&o.updated_at),
        }),
    };
    Ok(Secret {
        id: w.id.clone(),
        key,
        value: SecretString::new(value),
        comment,
        tags: w.tag_names(),
        r#override: personal.map(Box::new),
        r#type: w.secret_type(),
        lifecycle: w.lifecycle.unwrap_or_default(),
        path: w.path(),
        version: w.version.unwrap_or(0),
        created_at: timestamp(&w.created_at),
        updated_at: timestamp(&w.updated_at),
    })
}

/// Below this many secrets, decryption runs on one thread.
const PARALLEL_FROM: usize = 64;

/// Decrypts a listing (dynamic secrets are skipped), in the server's order, on all cores
/// for large listings. Returns the secrets and the ids of those that did not decrypt.
pub(crate) fn decrypt_all(records: &[WireSecret], keys: &EnvKeys) -> (Vec<Secret>, Vec<String>) {
    let records: Vec<&WireSecret> = records
        .iter()
        .filter(|w| !w.kind_str().eq_ignore_ascii_case("dynamic"))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let results: Vec<Result<Secret, String>> = if records.len() < PARALLEL_FROM || threads < 2 {
        records
            .iter()
            .map(|w| decrypt_secret(w, keys).map_err(|_| w.id.clone()))
            .collect()
    } else {
        let chunk = records.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = records
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|w| decrypt_secret(w, keys).map_err(|_| w.id.clone()))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    };
    let mut secrets = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(s) => secrets.push(s),
            Err(id) => failed.push(id),
        }
    }
    (secrets, failed)
}
