use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::lenient;

/// The kind of an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvType {
    /// Development (`dev`).
    Dev,
    /// Staging (`staging`).
    Staging,
    /// Production (`prod`).
    Prod,
    /// Any other environment (`custom`, and any unknown value).
    #[default]
    Custom,
}

impl<'de> Deserialize<'de> for EnvType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        Ok(match s.to_ascii_lowercase().as_str() {
            "dev" | "development" => EnvType::Dev,
            "staging" => EnvType::Staging,
            "prod" | "production" => EnvType::Prod,
            _ => EnvType::Custom,
        })
    }
}

/// An environment of an app, as listed by `GET /v1/environments/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    /// The environment's id.
    pub id: String,
    /// The environment's name (used as `env`; matched case-insensitively by the server).
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub name: String,
    /// The environment's kind.
    #[serde(default)]
    pub env_type: EnvType,
    /// Its position in the app's list.
    #[serde(default, deserialize_with = "lenient::int_or_zero")]
    pub index: i64,
    /// When it was created.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last updated.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub updated_at: Option<DateTime<Utc>>,
}
