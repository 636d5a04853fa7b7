//! Decoding of answers: the success shapes and the error bodies.
//!
//! Nothing here ever copies a secret value into an error: a body that does not decode is
//! described by its position only.

use phase_api::SecretString;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::error::CommandkError;
use crate::models::{
    CatalogApp, CreatedSecret, Environment, Provider, RenderMode, RenderedSecret, RenderedValue,
    SecretList,
};

/// The `errorType` of an app lookup whose name matches several apps.
pub const NON_SINGULAR: &str = "DataEntityNonSingular";

/// Turns an error answer into a [`CommandkError`]. The message is the body's `message`,
/// else `error`, else `detail` string; else a plain description of the status. A 409
/// carries the body's `entityId` (the existing secret).
pub fn error_from_body(status: u16, body: &[u8]) -> CommandkError {
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => o,
        _ => serde_json::Map::new(),
    };
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let message = text("message")
        .or_else(|| text("error"))
        .or_else(|| text("detail"))
        .unwrap_or_else(|| plain_description(status, body));
    match status {
        400 if text("errorType").as_deref() == Some(NON_SINGULAR) => {
            CommandkError::AppNameNotUnique { message }
        }
        409 => CommandkError::Conflict {
            message,
            existing_id: text("entityId"),
        },
        429 => CommandkError::RateLimited {
            message,
            retry_after: None,
        },
        _ => CommandkError::Status { status, message },
    }
}

fn plain_description(status: u16, body: &[u8]) -> String {
    let start = String::from_utf8_lossy(&body[..body.len().min(256)]).to_ascii_lowercase();
    let web_page = start.contains("<html") || start.contains("<!doctype");
    match status {
        400 => "The server refused the request".into(),
        401 => "The token was refused (unknown, revoked or missing)".into(),
        403 => "The token may not do this".into(),
        404 if web_page => "The server has no such route (is the API URL right?)".into(),
        404 => "Not found".into(),
        409 => "A secret with this name already exists in the app".into(),
        429 => "Too many requests; try again later".into(),
        300..=399 => "The server answered with a redirect (is the API URL right?)".into(),
        500..=599 => "The server failed".into(),
        _ => format!("The server answered with HTTP status {status}"),
    }
}

/// `GET /environments`: `{"environments": [...]}` (a bare list is accepted too).
pub fn environments(body: &[u8]) -> Result<Vec<Environment>, CommandkError> {
    listed(body, "environments")
}

/// `GET /providers`: `{"providers": [...]}` (a bare list is accepted too).
pub fn providers(body: &[u8]) -> Result<Vec<Provider>, CommandkError> {
    listed(body, "providers")
}

/// `GET /apps/{name}?identifierType=Name`: `{id, name, slug}`.
pub fn app(body: &[u8]) -> Result<CatalogApp, CommandkError> {
    object(body, "app")
}

/// `POST /apps/{id}/secrets`: `{id, name, slug}`.
pub fn created(body: &[u8]) -> Result<CreatedSecret, CommandkError> {
    object(body, "created secret")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRendered {
    secrets: Vec<WireSecret>,
    #[serde(default)]
    changelog_id: Option<String>,
    #[serde(default)]
    secret_digest: Option<String>,
    #[serde(default)]
    incremental_id: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSecret {
    key: String,
    secret_id: String,
    #[serde(default)]
    value_type: String,
    #[serde(default)]
    serialized_value: Option<SecretString>,
}

/// `GET /apps/{id}/secrets/rendered`: `{"secrets": [{key, secretId, valueType,
/// serializedValue}], changelogId, secretDigest, incrementalId}`. A `valueType` ending in
/// `:None`, or no `serializedValue`, is [`RenderedValue::Unset`]; other values are
/// [`RenderedValue::Masked`] or [`RenderedValue::Full`] after `mode`.
pub fn rendered(
    body: &[u8],
    mode: RenderMode,
    etag: Option<String>,
) -> Result<SecretList, CommandkError> {
    let wire: WireRendered = object(body, "secrets")?;
    let secrets = wire
        .secrets
        .into_iter()
        .map(|s| {
            let value = match s.serialized_value {
                _ if s.value_type.ends_with(":None") => RenderedValue::Unset,
                None => RenderedValue::Unset,
                Some(v) if mode == RenderMode::Full => RenderedValue::Full(v),
                Some(v) => RenderedValue::Masked(v),
            };
            RenderedSecret {
                key: s.key,
                secret_id: s.secret_id,
                value,
            }
        })
        .collect();
    let incremental_id = match wire.incremental_id {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(SecretList {
        secrets,
        etag,
        changelog_id: wire.changelog_id,
        secret_digest: wire.secret_digest,
        incremental_id,
    })
}

fn listed<T: DeserializeOwned>(body: &[u8], key: &str) -> Result<Vec<T>, CommandkError> {
    let value: Value = object(body, key)?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut o) => match o.remove(key) {
            Some(Value::Array(items)) => items,
            _ => return Err(shape(format!("expected a list of {key}"))),
        },
        _ => return Err(shape(format!("expected a list of {key}"))),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            serde_json::from_value(item).map_err(|_| {
                shape(format!(
                    "item {i} of the {key} list has an unexpected shape"
                ))
            })
        })
        .collect()
}

fn object<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, CommandkError> {
    if body.trim_ascii_start().starts_with(b"<") {
        return Err(shape(
            "the server answered with a web page instead of JSON (is the API URL right?)",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        let why = match e.classify() {
            Category::Eof => "ended early",
            Category::Syntax => "is not valid JSON",
            Category::Data => "has an unexpected shape",
            Category::Io => "could not be read",
        };
        shape(format!(
            "the {what} answer {why} (line {}, column {})",
            e.line(),
            e.column()
        ))
    })
}

fn shape(message: impl Into<String>) -> CommandkError {
    CommandkError::Decode {
        message: message.into(),
    }
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
