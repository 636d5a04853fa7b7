use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::lenient;

/// A Phase app, as listed by `GET /v1/apps/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct App {
    /// The app's id (used as `app_id`).
    pub id: String,
    /// The app's name.
    #[serde(default, deserialize_with = "lenient::string_or_empty")]
    pub name: String,
    /// The app's description, if any.
    #[serde(default)]
    pub description: Option<String>,
    /// True when server-side encryption is on; only such apps work through the REST API.
    #[serde(default, deserialize_with = "lenient::bool_or_false")]
    pub sse_enabled: bool,
    /// When the app was created.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    /// When the app was last updated.
    #[serde(default, deserialize_with = "lenient::timestamp")]
    pub updated_at: Option<DateTime<Utc>>,
}
