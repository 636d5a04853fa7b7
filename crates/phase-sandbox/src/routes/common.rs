//! Request pieces shared by the secrets handlers: the environment a request points at and
//! body parsing, with the real server's messages.

use std::collections::HashMap;

use axum::http::HeaderMap;
use serde_json::{Map, Value};

use crate::auth::{self, Principal, Scope};
use crate::error::ApiError;
use crate::model::Db;

/// The message the real server gives for an app without server-side encryption.
pub const SSE_OFF: &str = "SSE is not enabled for this App";

/// The 403 when `app_id` or `env` is missing on the secrets route.
pub const ENV_REQUIRED: &str =
    "Environment context required. Supply `app_id` and `env` as query parameters.";

/// Authenticates and resolves `?app_id=&env=` for the secrets route, in the real order:
/// token (401), unknown app/env (404), access (403 people / 401 service accounts), missing
/// context (403), SSE off (400). Returns the principal and the environment id.
pub fn resolve_env(
    db: &Db,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<(Principal, String), ApiError> {
    let (principal, scope) = auth::admit(db, headers, query)?;
    let Scope::Env(app, env) = scope else {
        return Err(ApiError::forbidden(ENV_REQUIRED));
    };
    if !app.sse_enabled {
        return Err(ApiError::bad_request(SSE_OFF));
    }
    Ok((principal, env.id.clone()))
}

/// Parses a request body that must be a JSON object. Only an empty body is "required";
/// whitespace is invalid JSON, as on the real server.
pub fn parse_body(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.is_empty() {
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
