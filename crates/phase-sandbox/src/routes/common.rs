//! Request pieces shared by the handlers: app/env resolution and body parsing.

use std::collections::HashMap;

use axum::http::HeaderMap;
use serde_json::{Map, Value};

use crate::auth::{self, Principal};
use crate::error::ApiError;
use crate::model::{normalize_path, App, Db};

/// The message the real server gives for an app without server-side encryption.
pub const SSE_OFF: &str = "SSE is not enabled for this App";

/// Looks up an app the principal may use.
pub fn find_app<'a>(db: &'a Db, principal: &Principal, app_id: &str) -> Result<&'a App, ApiError> {
    let app = db
        .apps
        .iter()
        .find(|a| a.id == app_id)
        .ok_or_else(|| ApiError::not_found(format!("App not found: {app_id}")))?;
    principal.check_app(app_id)?;
    Ok(app)
}

/// Authenticates and resolves `?app_id=&env=` for the secrets routes; returns the env id.
pub fn resolve_env(
    db: &Db,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<(Principal, String), ApiError> {
    let principal = auth::authenticate(db, headers)?;
    let app_id = query
        .get("app_id")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("Missing required query parameter: app_id"))?;
    let env_name = query
        .get("env")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("Missing required query parameter: env"))?;
    let app = find_app(db, &principal, app_id)?;
    if !app.sse_enabled {
        return Err(ApiError::bad_request(SSE_OFF));
    }
    let wanted = env_name.to_lowercase();
    let env = db
        .envs
        .iter()
        .find(|e| e.app_id == app.id && e.name.to_lowercase() == wanted)
        .ok_or_else(|| ApiError::not_found(format!("Environment not found: {env_name}")))?;
    Ok((principal, env.id.clone()))
}

/// Parses a request body that must be a JSON object.
pub fn parse_body(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ApiError::bad_request("Request body is required."));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::bad_request("Request body must be valid JSON."))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::bad_request("Request body must be a JSON object.")),
    }
}

/// The `secrets` list of a POST/PUT body.
pub fn secrets_list(body: &Map<String, Value>) -> Result<&Vec<Value>, ApiError> {
    body.get("secrets")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| ApiError::bad_request("'secrets' must be a non-empty list."))
}

/// One entry of `secrets`, which must be an object.
pub fn entry(item: &Value) -> Result<&Map<String, Value>, ApiError> {
    item.as_object()
        .ok_or_else(|| ApiError::bad_request("Each entry in 'secrets' must be an object."))
}

/// The fields a POST or PUT entry may carry, validated; `None` = not given.
#[derive(Debug, Default)]
pub struct Fields {
    pub key: Option<String>,
    pub value: Option<String>,
    pub comment: Option<String>,
    pub tags: Option<Vec<String>>,
    pub path: Option<String>,
    pub kind: Option<String>,
    /// `(value, isActive)`.
    pub override_: Option<(String, bool)>,
}

fn given<'a>(o: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    o.get(name).filter(|v| !v.is_null())
}

/// Validates the optional fields of an entry.
pub fn fields(o: &Map<String, Value>) -> Result<Fields, ApiError> {
    let mut f = Fields::default();
    if let Some(v) = given(o, "key") {
        let k = v
            .as_str()
            .filter(|k| !k.is_empty())
            .ok_or_else(|| ApiError::bad_request("Each secret requires a non-empty 'key'."))?;
        f.key = Some(k.to_string());
    }
    if let Some(v) = given(o, "value") {
        let s = v
            .as_str()
            .ok_or_else(|| ApiError::bad_request("Each secret requires a 'value' string."))?;
        f.value = Some(s.to_string());
    }
    if let Some(v) = given(o, "comment") {
        let s = v
            .as_str()
            .ok_or_else(|| ApiError::bad_request("'comment' must be a string."))?;
        f.comment = Some(s.to_string());
    }
    if let Some(v) = given(o, "tags") {
        let arr = v
            .as_array()
            .ok_or_else(|| ApiError::bad_request("'tags' must be a list of strings."))?;
        let mut tags: Vec<String> = Vec::new();
        for t in arr {
            let t = t
                .as_str()
                .ok_or_else(|| ApiError::bad_request("'tags' must be a list of strings."))?;
            if !tags.iter().any(|x| x == t) {
                tags.push(t.to_string());
            }
        }
        f.tags = Some(tags);
    }
    if let Some(v) = given(o, "path") {
        let s = v
            .as_str()
            .ok_or_else(|| ApiError::bad_request("'path' must be a string."))?;
        f.path = Some(normalize_path(s));
    }
    if let Some(v) = given(o, "type") {
        let shown = v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string());
        match v.as_str() {
            Some(t @ ("secret" | "sealed" | "config")) => f.kind = Some(t.to_string()),
            _ => {
                return Err(ApiError::bad_request(format!(
                    "Invalid 'type': '{shown}'. Must be one of ['config', 'sealed', 'secret']."
                )))
            }
        }
    }
    if let Some(v) = given(o, "override") {
        let ov = v
            .as_object()
            .ok_or_else(|| ApiError::bad_request("'override' must be a JSON object."))?;
        let value = ov
            .get("value")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::bad_request("'override.value' must be a string."))?;
        let active = ov
            .get("isActive")
            .and_then(Value::as_bool)
            .ok_or_else(|| ApiError::bad_request("'override.isActive' must be a boolean."))?;
        f.override_ = Some((value.to_string(), active));
    }
    Ok(f)
}

/// The first tag name longer than Phase allows (64 characters), if any.
pub fn overlong_tag(tags: &[String]) -> Option<&String> {
    tags.iter().find(|t| t.chars().count() > 64)
}

/// The 400 for an overlong tag name.
pub fn overlong_tag_error() -> ApiError {
    ApiError::bad_request("Tag names must be at most 64 characters long.")
}
