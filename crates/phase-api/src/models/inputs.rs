use serde::{Deserialize, Serialize};

use super::secret::SecretType;
use crate::secret_string::SecretString;

/// Which environment a secrets call is about: the app's id and the environment's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvSelector {
    /// The app's id.
    pub app_id: String,
    /// The environment's name (e.g. `development`); matched case-insensitively.
    pub env: String,
}

impl EnvSelector {
    /// A selector for `env` in app `app_id`.
    pub fn new(app_id: impl Into<String>, env: impl Into<String>) -> EnvSelector {
        EnvSelector {
            app_id: app_id.into(),
            env: env.into(),
        }
    }
}

/// Optional filters of a secrets listing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretFilter {
    /// Only this folder (exact, not recursive).
    #[serde(default)]
    pub path: Option<String>,
    /// Only this key (case-insensitive; across all paths unless `path` is given).
    #[serde(default)]
    pub key: Option<String>,
    /// Only secrets with ANY of these tags (case-sensitive).
    #[serde(default)]
    pub tags: Vec<String>,
}

/// An override to set: both fields are always sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverrideInput {
    /// The override value.
    pub value: SecretString,
    /// Whether the override applies.
    pub is_active: bool,
}

/// One secret to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSecret {
    /// The key; normalised by [`crate::normalize_key`] before sending.
    pub key: String,
    /// The value.
    pub value: SecretString,
    /// A comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Tag names (unknown names are created for the whole organisation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The folder (default `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The type (default `secret`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<SecretType>,
    /// A personal override (the server stores it as active whatever `is_active` says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#override: Option<OverrideInput>,
}

impl NewSecret {
    /// A secret with just a key and a value.
    pub fn new(key: impl Into<String>, value: impl Into<SecretString>) -> NewSecret {
        NewSecret {
            key: key.into(),
            value: value.into(),
            ..NewSecret::default()
        }
    }
}

/// A change to one existing secret. Only the `Some` fields are sent (so an unchanged
/// value is never written back); `path` is always sent so the server checks duplicates
/// in the secret's own folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretUpdate {
    /// The secret's id.
    pub id: String,
    /// The secret's folder (its current one, or the new one to move it).
    pub path: String,
    /// A new key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// A new value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<SecretString>,
    /// A new comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The new full tag list (`Some(vec![])` clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// A new type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<SecretType>,
    /// The person's override (created if there was none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#override: Option<OverrideInput>,
}

impl SecretUpdate {
    /// An update of secret `id` in folder `path` that changes nothing yet.
    pub fn new(id: impl Into<String>, path: impl Into<String>) -> SecretUpdate {
        SecretUpdate {
            id: id.into(),
            path: path.into(),
            ..SecretUpdate::default()
        }
    }
}
