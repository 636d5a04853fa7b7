//! `GET /v1/apps/` and `GET /v1/environments/?app_id=`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use super::common::{find_app, SSE_OFF};
use super::render;
use crate::auth;
use crate::error::ApiError;
use crate::state::Shared;

/// Every app the token can see, SSE or not.
pub async fn apps(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let db = shared.db();
    let principal = auth::authenticate(&db, &headers)?;
    let data: Vec<Value> = db
        .apps
        .iter()
        .filter(|a| principal.check_app(&a.id).is_ok())
        .map(render::app)
        .collect();
    Ok(Json(json!({ "data": data })))
}

/// The environments of an SSE app, ordered by index.
pub async fn environments(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let db = shared.db();
    let principal = auth::authenticate(&db, &headers)?;
    let app_id = query
        .get("app_id")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("Missing required query parameter: app_id"))?;
    let app = find_app(&db, &principal, app_id)?;
    if !app.sse_enabled {
        return Err(ApiError::forbidden(SSE_OFF));
    }
    let mut envs: Vec<_> = db.envs.iter().filter(|e| e.app_id == app.id).collect();
    envs.sort_by_key(|e| e.index);
    let data: Vec<Value> = envs.into_iter().map(render::env).collect();
    Ok(Json(json!({ "data": data })))
}
