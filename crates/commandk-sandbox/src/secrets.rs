//! The secrets routes: rendered listing (Full / PreviewOnly, ETag), create (409 with
//! `entityId`), set a value in one environment.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::model::{mask, slugify, Db, Secret, PURPOSE_TYPES};
use crate::reply::ApiError;
use crate::routes::{allow_env, caller, query_pairs, query_value, Need};
use crate::state::Shared;

/// The only value type the set-value route accepts.
pub const KV_VALUE_TYPE: &str = "urn:app-secret:app-secret-type:keyValueAppSecret";
/// The only type hint it accepts.
pub const TEXT_TYPE_HINT: &str = "urn:app-secret:kv-secret-value:textType";
const VALUE_STRING: &str = "urn:rendered-app-secret:value-type:String";
const VALUE_NONE: &str = "urn:rendered-app-secret:value-type:None";
/// The longest name the sandbox accepts.
const MAX_NAME: usize = 256;

fn app_exists(db: &Db, app_id: &str) -> Result<(), ApiError> {
    db.app(app_id)
        .map(drop)
        .ok_or_else(|| ApiError::not_found(format!("No app with id {app_id}")))
}

fn env_exists(db: &Db, env_id: &str) -> Result<(), ApiError> {
    db.env(env_id)
        .map(drop)
        .ok_or_else(|| ApiError::not_found(format!("No environment with id {env_id}")))
}

fn json_body(body: &Bytes) -> Result<Value, ApiError> {
    match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(ApiError::bad_request(
            "The request body must be a JSON object",
        )),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn rendered_row(secret: &Secret, env_id: &str, full: bool) -> Value {
    match secret.values.get(env_id) {
        Some(v) => json!({
            "key": secret.name,
            "secretId": secret.id,
            "valueType": VALUE_STRING,
            "serializedValue": if full { v.clone() } else { mask(v) },
        }),
        None => json!({"key": secret.name, "secretId": secret.id, "valueType": VALUE_NONE}),
    }
}

/// True when `If-None-Match` names `etag` (or is `*`); weak forms compare equal.
fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    let Some(sent) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    sent.split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

/// `GET /apps/{app}/secrets/rendered?environment=&mode=Full|PreviewOnly[&secret-name-filter=]`.
pub async fn rendered(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let token = caller(&shared, &headers, Need::ReadValues)?;
    let pairs = query_pairs(&query);
    let Some(env_id) = query_value(&pairs, "environment").filter(|e| !e.is_empty()) else {
        return Err(ApiError::bad_request(
            "The query parameter environment is required",
        ));
    };
    let full = match query_value(&pairs, "mode") {
        Some("Full") => true,
        Some("PreviewOnly") => false,
        _ => return Err(ApiError::bad_request("mode must be Full or PreviewOnly")),
    };
    // Repeated parameters or a comma-separated list.
    let names: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "secret-name-filter")
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let db = shared.db();
    app_exists(&db, &app_id)?;
    env_exists(&db, env_id)?;
    allow_env(&token, env_id)?;
    let rows: Vec<Value> = db
        .secrets
        .iter()
        .filter(|s| s.app_id == app_id && (names.is_empty() || names.contains(&s.name.as_str())))
        .map(|s| rendered_row(s, env_id, full))
        .collect();
    let rows_json = serde_json::to_vec(&rows).unwrap_or_default();
    let digest = Sha256::digest(&rows_json);
    let etag = format!("\"{}{}\"", if full { "f" } else { "p" }, hex(&digest[..12]));
    let etag_header = HeaderValue::from_str(&etag).map_err(|_| ApiError::server())?;
    if matches_etag(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_header)]).into_response());
    }
    let version = db.versions.get(&app_id).copied().unwrap_or(0);
    let body = json!({
        "secrets": rows,
        "changelogId": format!("chg-{app_id}-{version}"),
        "secretDigest": hex(&digest),
        "incrementalId": version,
    });
    Ok(([(header::ETAG, etag_header)], Json(body)).into_response())
}

/// `POST /apps/{app}/secrets` with `{name, purposeType, environmentScopedValues, providerId?}`.
pub async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    caller(&shared, &headers, Need::Write)?;
    let body = json_body(&body)?;
    let name = body["name"].as_str().map(str::trim).unwrap_or_default();
    if name.is_empty() {
        return Err(ApiError::bad_request("name is required"));
    }
    if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!(
            "name must be 1 to {MAX_NAME} printable characters"
        )));
    }
    let Some(purpose) = body["purposeType"]
        .as_str()
        .filter(|p| PURPOSE_TYPES.contains(p))
    else {
        return Err(ApiError::bad_request(
            "purposeType must be one of APIKey, SSHKey, UsernamePassword, Other",
        ));
    };
    if !matches!(
        body.get("environmentScopedValues"),
        None | Some(Value::Array(_))
    ) {
        return Err(ApiError::bad_request(
            "environmentScopedValues must be a list",
        ));
    }
    let mut db = shared.db();
    app_exists(&db, &app_id)?;
    let provider_id = match body.get("providerId") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) if db.providers.iter().any(|x| &x.id == p) => Some(p.clone()),
        Some(_) => return Err(ApiError::bad_request("Unknown providerId")),
    };
    if let Some(existing) = db
        .secrets
        .iter()
        .find(|s| s.app_id == app_id && s.name == name)
    {
        return Err(ApiError::conflict(
            format!("A secret named {name} already exists in this app"),
            &existing.id,
        ));
    }
    let secret = Secret {
        id: crate::model::new_id(),
        app_id: app_id.clone(),
        name: name.to_string(),
        slug: slugify(name),
        purpose: purpose.to_string(),
        provider_id,
        values: Default::default(),
    };
    let answer = json!({"id": secret.id, "name": secret.name, "slug": secret.slug});
    db.secrets.push(secret);
    db.bump(&app_id);
    Ok(Json(answer))
}

/// `PUT /apps/{app}/secrets/{secret}/environments/{env}/values`.
pub async fn set_value(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((app_id, secret_id, env_id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let token = caller(&shared, &headers, Need::Write)?;
    let body = json_body(&body)?;
    if body["valueTypeUrn"].as_str() != Some(KV_VALUE_TYPE) {
        return Err(ApiError::bad_request(format!(
            "valueTypeUrn must be {KV_VALUE_TYPE}"
        )));
    }
    let kv = &body["kvAppSecretValue"];
    if !matches!(kv["typeHint"].as_str(), None | Some(TEXT_TYPE_HINT)) {
        return Err(ApiError::bad_request(format!(
            "kvAppSecretValue.typeHint must be {TEXT_TYPE_HINT}"
        )));
    }
    let Some(text) = kv["text"].as_str() else {
        return Err(ApiError::bad_request("kvAppSecretValue.text is required"));
    };
    if !matches!(body.get("hidden"), None | Some(Value::Bool(_))) {
        return Err(ApiError::bad_request("hidden must be true or false"));
    }
    let mut db = shared.db();
    app_exists(&db, &app_id)?;
    env_exists(&db, &env_id)?;
    allow_env(&token, &env_id)?;
    let Some(secret) = db
        .secrets
        .iter_mut()
        .find(|s| s.id == secret_id && s.app_id == app_id)
    else {
        return Err(ApiError::not_found(format!(
            "No secret with id {secret_id}"
        )));
    };
    secret.values.insert(env_id.clone(), text.to_string());
    db.bump(&app_id);
    Ok(Json(
        json!({"secretId": secret_id, "environmentId": env_id}),
    ))
}
