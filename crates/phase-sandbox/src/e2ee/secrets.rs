//! `/secrets/` (E2EE): authentication and the environment (the `Environment` header, or
//! `?app_id=&env=`), then GET and DELETE here, POST and PUT in `write.rs`
//! (backend `api/auth.py` `PhaseTokenAuthentication`, `api/views/secrets.py`
//! `E2EESecretsView`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::render::{self, internal, json_error, ok_empty};
use super::write;
use crate::auth::{self, Principal, Scope};
use crate::error::ApiError;
use crate::model::{normalize_path, now, Db};
use crate::routes::common::{parse_body, ENV_REQUIRED};
use crate::state::Shared;

/// What the sandbox answers for an SSE app's environment on this route.
pub const SSE_NOT_EMULATED: &str = "The sandbox emulates end-to-end access only for end-to-end-encrypted apps; use /v1/secrets/ for apps with server-side encryption";

/// Authenticates and finds the environment, in the real server's order. Returns the
/// principal and the environment id, if any.
fn resolve(
    db: &Db,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<(Principal, Option<String>), ApiError> {
    let principal = auth::authenticate(db, headers)?;
    let header_env = headers
        .get("environment")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty());
    let scope = match header_env {
        Some(id) => {
            let env = db
                .envs
                .iter()
                .find(|e| e.id == id)
                .ok_or_else(|| ApiError::Auth("Environment not found".into()))?;
            let app = db
                .apps
                .iter()
                .find(|a| a.id == env.app_id)
                .ok_or_else(|| ApiError::Auth("Environment not found".into()))?;
            Scope::Env(app, env)
        }
        None => auth::resolve_scope(db, query)?,
    };
    principal.check_scope(scope)?;
    Ok(match scope {
        Scope::Env(_, env) => (principal, Some(env.id.clone())),
        _ => (principal, None),
    })
}

/// Every method of the route.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let mut db = shared.db();
    let (principal, env_id) = match resolve(&db, &headers, &query) {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    if ![Method::GET, Method::POST, Method::PUT, Method::DELETE].contains(&method) {
        return ApiError::forbidden(format!("Unsupported HTTP method: {method}")).into_response();
    }
    let Some(env_id) = env_id else {
        return ApiError::forbidden(ENV_REQUIRED).into_response();
    };
    let sse = db
        .envs
        .iter()
        .find(|e| e.id == env_id)
        .and_then(|e| db.apps.iter().find(|a| a.id == e.app_id))
        .is_some_and(|a| a.sse_enabled);
    if sse {
        return json_error(StatusCode::BAD_REQUEST, SSE_NOT_EMULATED);
    }
    if method == Method::GET {
        return list(&db, &headers, &principal, &env_id);
    }
    let parsed = match parse_body(&body) {
        Ok(map) => map,
        Err(ApiError::Error(status, msg)) => return json_error(status, &msg),
        Err(e) => return e.into_response(),
    };
    let answer = match method {
        Method::POST => write::create(&mut db, &principal, &env_id, &parsed),
        Method::PUT => write::update(&mut db, &principal, &env_id, &parsed),
        _ => delete(&mut db, &parsed),
    };
    // Whatever was applied before a refusal stays applied (no transaction), so persist.
    if shared.persist(&db).is_err() {
        return internal();
    }
    answer
}

fn list(db: &Db, headers: &HeaderMap, principal: &Principal, env_id: &str) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
    };
    let digest = header("keydigest");
    let path = header("path").map(normalize_path);
    let tags: Option<Vec<&str>> = header("tags").map(|t| t.split(',').collect());
    let folders = render::folder_ids(db, env_id);
    let mut out = Vec::new();
    for s in db
        .e2ee
        .secrets
        .iter()
        .filter(|s| s.env_id == env_id && s.deleted_at.is_none())
    {
        if digest.is_some_and(|d| d != s.key_digest) || path.as_ref().is_some_and(|p| p != &s.path)
        {
            continue;
        }
        // A tag filter is a join: a secret with two of the tags is listed twice.
        let copies = match &tags {
            None => 1,
            Some(names) => s
                .tags
                .iter()
                .filter(|t| names.contains(&t.as_str()))
                .count(),
        };
        for _ in 0..copies {
            out.push(render::secret(s, &folders, principal.user_id()));
        }
    }
    let body = Value::Array(out);
    Json(if render::wants_camel(headers) {
        render::camelize(body)
    } else {
        body
    })
    .into_response()
}

/// DELETE: soft-deletes every listed id found, in any environment (the real server does
/// not match ids against the header's environment); unknown ids are ignored.
fn delete(db: &mut Db, body: &serde_json::Map<String, Value>) -> Response {
    let Some(ids) = body.get("secrets").and_then(Value::as_array) else {
        return internal();
    };
    let mut wanted = Vec::with_capacity(ids.len());
    for id in ids {
        // Django's `id__in` with a value that is not a UUID raises: 500.
        match id.as_str().and_then(|s| uuid::Uuid::parse_str(s).ok()) {
            Some(u) => wanted.push(u.to_string()),
            None => return internal(),
        }
    }
    let ts = now();
    for s in db
        .e2ee
        .secrets
        .iter_mut()
        .filter(|s| wanted.contains(&s.id))
    {
        s.deleted_at = Some(ts.clone());
        s.updated_at = ts.clone();
    }
    ok_empty()
}
