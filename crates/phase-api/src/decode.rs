//! Decoding of response bodies: success shapes and error bodies.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::error::PhaseError;
use crate::models::{App, Environment, Secret};

/// The message used when a successful answer is a web page instead of JSON.
pub const HTML_NOT_JSON: &str =
    "The server answered with a web page instead of JSON (is the host URL right? self-hosted hosts end with /service/public)";

/// The message used when a 404 body is not JSON (the server answers HTML for unknown routes).
pub const NO_SUCH_ROUTE: &str =
    "The server has no such route (is the host URL right? self-hosted hosts end with /service/public)";

/// Decodes a secrets list: a bare JSON array (also accepted: `{"data": [...]}` or
/// `{"secrets": [...]}`). Never panics, whatever the bytes.
pub fn decode_secrets(bytes: &[u8]) -> Result<Vec<Secret>, PhaseError> {
    decode_list(bytes, "secrets")
}

/// Decodes `GET /v1/apps/`: `{"data": [...]}` (a bare array is accepted too).
pub fn decode_apps(bytes: &[u8]) -> Result<Vec<App>, PhaseError> {
    decode_list(bytes, "apps")
}

/// Decodes `GET /v1/environments/`: `{"data": [...]}` (a bare array is accepted too),
/// sorted by `index`.
pub fn decode_environments(bytes: &[u8]) -> Result<Vec<Environment>, PhaseError> {
    let mut envs: Vec<Environment> = decode_list(bytes, "environments")?;
    envs.sort_by_key(|e| e.index);
    Ok(envs)
}

/// Decodes a `{"message": "..."}` body (the answer to DELETE).
pub fn decode_message(bytes: &[u8]) -> Result<String, PhaseError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(o)) => match o.get("message") {
            Some(Value::String(m)) => Ok(m.clone()),
            _ => Err(decode_error("expected a JSON object with a 'message'")),
        },
        Ok(_) => Err(decode_error("expected a JSON object with a 'message'")),
        Err(e) => Err(json_error(&e)),
    }
}

/// What a create answered: created secrets, or only a message (some servers answer
/// `{"message": ...}` instead of the array).
pub(crate) enum CreateAnswer {
    Secrets(Vec<Secret>),
    MessageOnly,
}

pub(crate) fn decode_create(bytes: &[u8]) -> Result<CreateAnswer, PhaseError> {
    if let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(bytes) {
        let has_list = ["data", "secrets"]
            .iter()
            .any(|k| matches!(o.get(*k), Some(Value::Array(_))));
        if !has_list && o.contains_key("message") {
            return Ok(CreateAnswer::MessageOnly);
        }
    }
    decode_secrets(bytes).map(CreateAnswer::Secrets)
}

/// Turns an error response into a [`PhaseError`]: the message is the body's `error`,
/// `detail` or `message` string, or a short plain description when the body is not
/// JSON. For 429 a "Expected available in N seconds" message gives `retry_after`.
/// The body is never copied into the error unless it is such a string.
pub fn decode_error_body(status: u16, body: &[u8]) -> PhaseError {
    let message = server_message(body).unwrap_or_else(|| plain_description(status, body));
    match status {
        400 => PhaseError::BadRequest { message },
        401 => PhaseError::Unauthorized { message },
        403 => PhaseError::Forbidden { message },
        404 => PhaseError::NotFound { message },
        409 => PhaseError::Conflict { message },
        429 => PhaseError::RateLimited {
            retry_after: seconds_in_message(&message),
            message,
        },
        500..=599 => PhaseError::Server { status, message },
        _ => PhaseError::UnexpectedStatus { status, message },
    }
}

fn server_message(body: &[u8]) -> Option<String> {
    let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    for k in ["error", "detail", "message"] {
        match o.get(k) {
            Some(Value::String(s)) if !s.trim().is_empty() => return Some(s.trim().to_string()),
            Some(Value::Array(items)) => {
                let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                if !parts.is_empty() {
                    return Some(parts.join(" "));
                }
            }
            _ => {}
        }
    }
    None
}

fn plain_description(status: u16, body: &[u8]) -> String {
    let looks_html = {
        let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
        head.contains("<html") || head.contains("<!doctype")
    };
    match status {
        404 => NO_SUCH_ROUTE.to_string(),
        400 => "The server refused the request".to_string(),
        401 => "The token was refused".to_string(),
        403 => "The token may not do this".to_string(),
        405 => "The server does not allow this method on this route".to_string(),
        409 => "A secret with this key already exists here".to_string(),
        429 => "Too many requests; try again later".to_string(),
        300..=399 => {
            "The server answered with a redirect (is the host URL right? it must be the API's own URL)"
                .to_string()
        }
        500..=599 if looks_html => "The server (or a proxy in front of it) failed".to_string(),
        500..=599 => "The server failed".to_string(),
        _ => format!("The server answered with HTTP status {status}"),
    }
}

/// Reads "... in 60 seconds" / "... in 1.5 seconds" from a throttling message.
fn seconds_in_message(message: &str) -> Option<Duration> {
    let lower = message.to_ascii_lowercase();
    let idx = lower.find(" second")?;
    let before = lower[..idx].trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let secs: f64 = before[start..].parse().ok()?;
    if secs.is_finite() && (0.0..=86_400.0).contains(&secs) {
        Some(Duration::from_secs_f64(secs))
    } else {
        None
    }
}

fn decode_list<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<Vec<T>, PhaseError> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Bare(Vec<Value>),
        Wrapped {
            #[serde(alias = "secrets")]
            data: Vec<Value>,
        },
    }
    match bytes.trim_ascii_start().first() {
        Some(b'<') => return Err(decode_error(HTML_NOT_JSON)),
        // The usual bare array decodes in one pass; only a failure takes the slower
        // path below, which says which item was wrong. Checking UTF-8 once for the
        // whole body is much cheaper than serde_json checking each string.
        Some(b'[') => {
            if let Ok(Ok(items)) = std::str::from_utf8(bytes).map(serde_json::from_str::<Vec<T>>) {
                return Ok(items);
            }
        }
        _ => {}
    }
    let shape: Shape = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => decode_error(format!("expected a list of {what}")),
        _ => json_error(&e),
    })?;
    let items = match shape {
        Shape::Bare(v) | Shape::Wrapped { data: v } => v,
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            serde_json::from_value(item)
                .map_err(|e| decode_error(format!("item {i} of the {what} list: {}", redact(&e))))
        })
        .collect()
}

fn decode_error(message: impl Into<String>) -> PhaseError {
    PhaseError::Decode {
        message: message.into(),
    }
}

fn json_error(e: &serde_json::Error) -> PhaseError {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "the body ended early",
        Category::Syntax => "the body is not valid JSON",
        Category::Data => "the JSON has an unexpected shape",
        Category::Io => "the body could not be read",
    };
    decode_error(format!("{what} (line {}, column {})", e.line(), e.column()))
}

/// serde's messages can quote the offending value (`invalid type: string "..."`);
/// keep only the part before any quote so a secret value can never leak.
fn redact(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if text.starts_with("missing field") {
        return text;
    }
    let cut = text.find(['"', '`', '\'']).unwrap_or(text.len());
    text[..cut].trim_end().trim_end_matches(':').to_string()
}

mod stream;
pub use stream::SecretListStream;

#[cfg(test)]
mod tests;
