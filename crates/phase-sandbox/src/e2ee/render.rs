//! JSON of the E2EE routes: snake_case by default, camelCase with `X-Use-Camel-Case: true`
//! (djangorestframework-camel-case), and `JsonResponse` error bodies (`{"error": "…"}`,
//! Python's separators).

use std::collections::HashMap;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::model::CipherSecret;
use crate::model::Db;

/// An error as Django's `JsonResponse({"error": msg}, status)` writes it.
pub fn json_error(status: StatusCode, msg: &str) -> Response {
    let body = format!("{{\"error\": {}}}", Value::String(msg.to_string()));
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The real server's 500 for an unhandled exception.
pub fn internal() -> Response {
    json_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error.")
}

/// `200` with an empty body (DRF `Response(status=200)`).
pub fn ok_empty() -> Response {
    StatusCode::OK.into_response()
}

/// True when the request asks for camelCase (the header must be exactly `true`).
pub fn wants_camel(headers: &HeaderMap) -> bool {
    headers
        .get("x-use-camel-case")
        .and_then(|v| v.to_str().ok())
        == Some("true")
}

fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Renames every object key to camelCase, recursively.
pub fn camelize(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (camel(&k), camelize(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camelize).collect()),
        other => other,
    }
}

/// Folder ids of one environment by their full path.
pub fn folder_ids(db: &Db, env_id: &str) -> HashMap<String, String> {
    db.folders
        .iter()
        .filter(|f| f.env_id == env_id)
        .map(|f| (f.full_path(), f.id.clone()))
        .collect()
}

/// A secret as `SecretSerializer` writes it (E2EE mode: the stored ciphertexts), with the
/// override of `user_id` (people only; service accounts always get `null`).
pub fn secret(s: &CipherSecret, folders: &HashMap<String, String>, user_id: Option<&str>) -> Value {
    let personal = user_id
        .and_then(|uid| s.overrides.iter().find(|o| o.user_id == uid))
        .map(|o| {
            json!({
                "id": o.id,
                "value": o.value,
                "is_active": o.is_active,
                "created_at": o.created_at,
                "updated_at": o.updated_at,
            })
        })
        .unwrap_or(Value::Null);
    json!({
        "id": s.id,
        "key": s.key,
        "value": s.value,
        "comment": s.comment,
        "tags": s.tags,
        "override": personal,
        "type": s.kind,
        "lifecycle": "static",
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "path": s.path,
        "key_digest": s.key_digest,
        "version": s.version,
        "environment": s.env_id,
        "folder": folders.get(&s.path).cloned().map(Value::String).unwrap_or(Value::Null),
    })
}
