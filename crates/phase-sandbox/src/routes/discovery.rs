//! `GET /v1/apps/` and `GET /v1/environments/?app_id=`, with the real server's order of
//! checks (backend `api/views/apps.py`, `api/views/environments.py`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use super::render;
use crate::auth::{self, Scope};
use crate::error::ApiError;
use crate::model::{App, Db};
use crate::state::Shared;

/// The apps the token can use, SSE or not, newest first (legacy service tokens are
/// refused: 401 "Service tokens require an environment context").
pub async fn apps(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let db = shared.db();
    let (principal, _scope) = auth::admit(&db, &headers, &query)?;
    let mut apps: Vec<&App> = db.apps.iter().filter(|a| principal.can_use(a)).collect();
    apps.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    let data: Vec<Value> = apps.into_iter().map(render::app).collect();
    Ok(Json(json!({ "data": data })))
}

/// The app of an environments request, checked like the real server: no app → 403,
/// unknown app → 404, no access → 403 (people) / 401 (service accounts), SSE off → 403.
pub fn env_app<'a>(
    db: &'a Db,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<&'a App, ApiError> {
    let (_principal, scope) = auth::admit(db, headers, query)?;
    let app = match scope {
        Scope::Org => return Err(ApiError::forbidden("Could not resolve app from request.")),
        Scope::App(app) | Scope::Env(app, _) => app,
    };
    if !app.sse_enabled {
        return Err(ApiError::forbidden("SSE is not enabled for this App."));
    }
    Ok(app)
}

/// The environments of an SSE app, ordered by index.
pub async fn environments(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let db = shared.db();
    let app = env_app(&db, &headers, &query)?;
    let mut envs: Vec<_> = db.envs.iter().filter(|e| e.app_id == app.id).collect();
    envs.sort_by_key(|e| e.index);
    let data: Vec<Value> = envs.into_iter().map(render::env).collect();
    Ok(Json(json!({ "data": data })))
}

/// Another method on `/v1/apps/` or `/v1/environments/`: after the same checks as a GET,
/// 405 `{"error": "Method \"PATCH\" not allowed."}`. (The real server also takes POST
/// there, to create apps and environments; the sandbox does not.)
pub async fn other_method(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiError {
    let db = shared.db();
    let checked = if uri.path().ends_with("/environments/") {
        env_app(&db, &headers, &query).map(|_| ())
    } else {
        auth::admit(&db, &headers, &query).map(|_| ())
    };
    match checked {
        Err(e) => e,
        Ok(()) => ApiError::Error(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("Method \"{method}\" not allowed."),
        ),
    }
}
