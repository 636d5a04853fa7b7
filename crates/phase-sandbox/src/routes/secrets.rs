//! `/v1/secrets/`: list and delete, and the helpers the writes share (see `write.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use super::common::{parse_body, resolve_env};
use super::render::{self, FolderIndex};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::model::{normalize_path, now, Db};
use crate::refs::Resolver;
use crate::state::Shared;

pub(crate) type Params = Query<HashMap<String, String>>;

/// The secrets `ids` of `env_id` as `principal` sees them, in that order (references
/// resolved without the reader's access check, as in the real POST/PUT answers).
pub(crate) fn render_ids(db: &Db, env_id: &str, ids: &[String], principal: &Principal) -> Value {
    let folders = FolderIndex::new(db, env_id);
    let refs = Resolver::new(db, None);
    Value::Array(
        ids.iter()
            .filter_map(|id| {
                db.secrets
                    .iter()
                    .find(|s| &s.id == id && s.env_id == env_id)
            })
            .map(|s| render::secret(s, &folders, principal, &refs))
            .collect(),
    )
}

/// Whether a secret other than `except` with `key` (any case) exists at `path`.
/// Stored keys are upper-case already.
pub(crate) fn duplicate(
    db: &Db,
    env_id: &str,
    path: &str,
    key: &str,
    except: Option<&str>,
) -> bool {
    let upper = key.to_uppercase();
    db.secrets.iter().any(|s| {
        s.env_id == env_id && s.path == path && s.key == upper && Some(s.id.as_str()) != except
    })
}

/// Bumps the environment's `updatedAt`, as the real server does after a write.
pub(crate) fn touch_env(db: &mut Db, env_id: &str) {
    if let Some(env) = db.envs.iter_mut().find(|e| e.id == env_id) {
        env.updated_at = now();
    }
}

/// `GET`: filters `path` (exact folder), `key` (any case), `tags` (ANY, case-sensitive,
/// untrimmed). A secret matching n requested tags is returned n times, like the real server.
pub async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
) -> Result<Json<Value>, ApiError> {
    let db = shared.db();
    let (principal, env_id) = resolve_env(&db, &headers, &query)?;
    let path = query
        .get("path")
        .filter(|p| !p.is_empty())
        .map(|p| normalize_path(p));
    let key = query
        .get("key")
        .filter(|k| !k.is_empty())
        .map(|k| k.to_uppercase());
    let tags: Option<Vec<&str>> = query
        .get("tags")
        .filter(|t| !t.is_empty())
        .map(|t| t.split(',').collect());
    let folders = FolderIndex::new(&db, &env_id);
    let refs = Resolver::new(&db, Some(&principal));
    let mut out = Vec::new();
    for s in db.secrets.iter().filter(|s| s.env_id == env_id) {
        if path.as_ref().is_some_and(|p| &s.path != p) {
            continue;
        }
        if key.as_ref().is_some_and(|k| &s.key != k) {
            continue;
        }
        let copies = match &tags {
            None => 1,
            Some(wanted) => s
                .tags
                .iter()
                .filter(|t| wanted.contains(&t.as_str()))
                .count(),
        };
        for _ in 0..copies {
            out.push(render::secret(s, &folders, &principal, &refs));
        }
    }
    Ok(Json(Value::Array(out)))
}

/// `DELETE`: all or nothing — any unknown id (404 listing them, in request order) or a
/// rotating secret (400) deletes none. A non-string id is a 500 on the real server.
pub async fn delete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let mut db = shared.db();
    let (_principal, env_id) = resolve_env(&db, &headers, &query)?;
    let body = parse_body(&body)?;
    let list = body
        .get("secrets")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| {
            ApiError::bad_request("'secrets' must be a non-empty list of secret IDs.")
        })?;
    let Some(ids) = list
        .iter()
        .map(Value::as_str)
        .collect::<Option<Vec<&str>>>()
    else {
        return Err(ApiError::internal());
    };
    let in_env = |id: &str| db.secrets.iter().find(|s| s.id == id && s.env_id == env_id);
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| in_env(id).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::not_found(format!(
            "Secret(s) not found in this environment: {}",
            missing.join(", ")
        )));
    }
    if ids
        .iter()
        .any(|id| in_env(id).is_some_and(|s| s.lifecycle == "rotating"))
    {
        return Err(ApiError::bad_request(
            "Rotating secrets are managed by the Phase rotation engine and cannot be deleted via this endpoint.",
        ));
    }
    let mut doomed: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    doomed.sort();
    doomed.dedup();
    db.bury(&doomed);
    touch_env(&mut db, &env_id);
    shared.persist(&db)?;
    let n = doomed.len();
    let noun = if n == 1 { "secret" } else { "secrets" };
    Ok(Json(json!({ "message": format!("Deleted {n} {noun}") })))
}
