use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::lenient;
use crate::secret_string::SecretString;

/// How a secret's value is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretType {
    /// A sensitive value, hidden by default (also the reading of any unknown type).
    #[default]
    Secret,
    /// A value meant to stay hidden; cannot be turned back into another type.
    Sealed,
    /// A non-sensitive configuration value, shown in clear.
    Config,
}

impl<'de> Deserialize<'de> for SecretType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::read_str(d, |s| {
            if s.eq_ignore_ascii_case("sealed") {
                SecretType::Sealed
            } else if s.eq_ignore_ascii_case("config") {
                SecretType::Config
            } else {
                SecretType::Secret
            }
        })
    }
}

/// Whether a secret is managed by Phase's rotation engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    /// An ordinary secret (also the reading of any unknown value).
    #[default]
    Static,
    /// Rotated by Phase: the server refuses PUT and DELETE; show it read-only.
    Rotating,
}

impl<'de> Deserialize<'de> for Lifecycle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::read_str(d, |s| {
            if s.eq_ignore_ascii_case("rotating") {
                Lifecycle::Rotating
            } else {
                Lifecycle::Static
            }
        })
    }
}

/// A person's own override of a secret's value (only seen with a `User` token).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Override {
    /// The override's id.
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub id: String,
    /// The override value.
    #[serde(default)]
    pub value: SecretString,
    /// True when the override applies instead of the shared value.
    #[serde(default, deserialize_with = "lenient::bool_or_false")]
    pub is_active: bool,
    /// When the override was created.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    /// When the override was last updated.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// A secret, as the server returns it. The server's `folder`, `keyDigest` and
/// `environment` are left out: nothing reads them, and decoding three more strings per
/// secret took 8 % of a listing's decode (docs/BENCHMARKS.md).
///
/// `Hash` covers every field: the desk fingerprints a listing with it to tell that a repeat
/// listing is the same as one already sent to the window.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    /// The secret's id.
    pub id: String,
    /// The key (stored upper-case).
    pub key: String,
    /// The shared value, with references already resolved by the server.
    #[serde(default)]
    pub value: SecretString,
    /// The comment (`""` when none).
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub comment: String,
    /// Tag names.
    #[serde(default, deserialize_with = "lenient::tag_names")]
    pub tags: Vec<String>,
    /// The person's override, if any (never present for service tokens). Boxed: most
    /// secrets have none, and inline it was 80 of a secret's 264 bytes, memory a large
    /// listing touches fresh as it decodes (docs/BENCHMARKS.md).
    #[serde(default)]
    pub r#override: Option<Box<Override>>,
    /// How the value is treated (JSON `type`).
    #[serde(default)]
    pub r#type: SecretType,
    /// Whether Phase rotates it.
    #[serde(default)]
    pub lifecycle: Lifecycle,
    /// The folder the secret lives in (`/` for the root).
    #[serde(default = "lenient::root", deserialize_with = "lenient::path_or_root")]
    pub path: String,
    /// The version; every successful update increments it.
    #[serde(default, deserialize_with = "lenient::int_or_zero")]
    pub version: i64,
    /// When the secret was created.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    /// When the secret was last updated.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl Secret {
    /// The value of the person's override, to switch it on or off unchanged;
    /// [`PhaseError::Validation`] when there is none.
    pub fn existing_override_value(&self) -> Result<SecretString, crate::PhaseError> {
        self.r#override
            .as_ref()
            .map(|o| o.value.clone())
            .ok_or_else(|| {
                crate::PhaseError::validation(
                    "override",
                    format!("{} has no personal override to turn on or off", self.key),
                )
            })
    }

    /// The value that applies to the person: the override's value when an active override
    /// exists, the shared value otherwise.
    pub fn effective_value(&self) -> &SecretString {
        match &self.r#override {
            Some(o) if o.is_active => &o.value,
            _ => &self.value,
        }
    }

    /// True when an active override replaces the shared value.
    pub fn has_active_override(&self) -> bool {
        self.r#override.as_ref().is_some_and(|o| o.is_active)
    }
}
