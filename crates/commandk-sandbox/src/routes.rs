//! The router, bearer authentication and the discovery routes (`/environments`,
//! `/apps/{name}`, `/providers`).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::model::{Scope, TokenRec};
use crate::reply::ApiError;
use crate::secrets;
use crate::state::{gate, Shared};

/// Every route of the sandbox.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/environments", get(environments))
        .route("/providers", get(providers))
        .route("/apps/{name}", get(app))
        .route("/apps/{app}/secrets", post(secrets::create))
        .route("/apps/{app}/secrets/rendered", get(secrets::rendered))
        .route(
            "/apps/{app}/secrets/{secret}/environments/{env}/values",
            put(secrets::set_value),
        )
        .fallback(|| async { ApiError::no_route() })
        .layer(axum::middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

/// What a route needs of the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Metadata (environments, apps, providers): any valid token.
    Any,
    /// Secret values: a Read token (or a Write token when the sandbox is so configured).
    ReadValues,
    /// Creating secrets or setting values: a Write token.
    Write,
}

/// The token behind `Authorization: Bearer <token>`, checked against `need`.
pub fn caller(shared: &Shared, headers: &HeaderMap, need: Need) -> Result<TokenRec, ApiError> {
    let Some(raw) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized("Missing Authorization header"));
    };
    let raw = raw.to_str().unwrap_or_default().trim();
    let value = match raw.split_once(' ') {
        Some((word, value)) if word.eq_ignore_ascii_case("bearer") => value.trim(),
        _ => {
            return Err(ApiError::unauthorized(
                "Expected 'Authorization: Bearer <token>'",
            ))
        }
    };
    let Some(token) = shared.db().token(value).cloned() else {
        return Err(ApiError::unauthorized("Invalid or revoked access token"));
    };
    match (need, token.scope) {
        (Need::Write, Scope::Read) => Err(ApiError::forbidden(
            "This access token has Read scope and cannot modify secrets",
        )),
        (Need::ReadValues, Scope::Write) if !shared.write_tokens_read => Err(ApiError::forbidden(
            "This access token has Write scope, which does not allow reading secrets",
        )),
        _ => Ok(token),
    }
}

/// Refuses an environment the token is not allowed.
pub fn allow_env(token: &TokenRec, env_id: &str) -> Result<(), ApiError> {
    match &token.envs {
        Some(envs) if !envs.iter().any(|e| e == env_id) => Err(ApiError::forbidden(format!(
            "This access token may not access environment {env_id}"
        ))),
        _ => Ok(()),
    }
}

/// The query's pairs, repeated keys kept.
pub fn query_pairs(raw: &Option<String>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_deref().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// The first value of `key`.
pub fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn descriptor(id: &str, name: &str, slug: &str) -> Value {
    json!({"id": id, "name": name, "slug": slug})
}

async fn environments(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let token = caller(&shared, &headers, Need::Any)?;
    let db = shared.db();
    let envs: Vec<Value> = db
        .envs
        .iter()
        .filter(|e| allow_env(&token, &e.id).is_ok())
        .map(|e| json!({"id": e.id, "name": e.name, "slug": e.slug, "label": e.label}))
        .collect();
    Ok(Json(json!({ "environments": envs })))
}

async fn providers(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    caller(&shared, &headers, Need::Any)?;
    let db = shared.db();
    let list: Vec<Value> = db
        .providers
        .iter()
        .map(|p| descriptor(&p.id, &p.name, &p.slug))
        .collect();
    Ok(Json(json!({ "providers": list })))
}

/// `GET /apps/{name}?identifierType=Name` (or `Identifier`, the app's id).
async fn app(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    caller(&shared, &headers, Need::Any)?;
    let pairs = query_pairs(&query);
    let by_name = match query_value(&pairs, "identifierType") {
        Some("Name") => true,
        Some("Identifier") => false,
        _ => {
            return Err(ApiError::bad_request(
                "identifierType must be Name or Identifier",
            ))
        }
    };
    let db = shared.db();
    let found: Vec<_> = db
        .apps
        .iter()
        .filter(|a| {
            if by_name {
                a.name == name
            } else {
                a.id == name
            }
        })
        .collect();
    match found.as_slice() {
        [app] => Ok(Json(descriptor(&app.id, &app.name, &app.slug))),
        [] => Err(ApiError::not_found(format!("No app found for {name}"))),
        _ => Err(ApiError::non_singular(format!(
            "More than one app is named {name}; specify a catalogAppSubType"
        ))),
    }
}
