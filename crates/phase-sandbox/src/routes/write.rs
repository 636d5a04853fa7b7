//! `POST` and `PUT /v1/secrets/`, step by step as the real server runs them (backend
//! `api/views/secrets.py`, `PublicSecretsView`): what is checked for every entry before
//! anything is saved, and what fails halfway, leaving earlier entries saved.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{Map, Value};

use super::common::{parse_body, resolve_env, secrets_list};
use super::input::{
    check_new, check_override, check_update, path, py_str, resolve_tags, stored_type, text,
};
use super::secrets::{duplicate, render_ids, touch_env, Params};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::model::{key_digest, new_id, now, Db, Override, Secret};
use crate::state::Shared;

const ROTATING: &str = "Rotating secrets are managed by the Phase rotation engine and cannot be updated via this endpoint.";
const UNSEAL: &str = "Sealed secrets cannot be unsealed. Delete and recreate the secret instead.";

/// Saves the database, then answers `failure` if a step failed, else the secrets `ids`.
fn finish(
    shared: &Shared,
    db: &mut Db,
    env_id: &str,
    ids: &[String],
    principal: &Principal,
    failure: Option<ApiError>,
    revived: &[String],
) -> Result<Json<Value>, ApiError> {
    if !ids.is_empty() {
        touch_env(db, env_id);
    }
    let reply = failure
        .is_none()
        .then(|| render_ids(db, env_id, ids, principal));
    db.bury(revived);
    shared.persist(db)?;
    match failure {
        Some(err) => Err(err),
        None => Ok(Json(reply.unwrap_or_default())),
    }
}

/// `POST`. Up front, for every entry: shape, key, value, type, override (400); then the
/// comment (500 unless a string); then duplicates against what is stored (409) — two
/// entries with the same key in one request both pass. Then entries are created in
/// order; a failing step (an over-long tag: 400 after its secret was saved without tags;
/// `type: null`: 500) stops there and earlier entries stay saved. An override given at
/// creation is stored active, whatever `isActive` said; service accounts' are ignored.
pub async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let mut db = shared.db();
    let (principal, env_id) = resolve_env(&db, &headers, &query)?;
    let body = parse_body(&body)?;
    let items = secrets_list(&body)?;
    for item in items {
        check_new(item)?;
    }
    let entries: Vec<&Map<String, Value>> = items.iter().filter_map(Value::as_object).collect();
    for o in &entries {
        text(o, "comment")?;
    }
    for o in &entries {
        let key = o.get("key").and_then(Value::as_str).unwrap_or_default();
        let at = path(o).unwrap_or_else(|| "/".into());
        if duplicate(&db, &env_id, &at, key, None) {
            return Err(ApiError::conflict("Duplicate secret found"));
        }
    }
    let mut created = Vec::new();
    let mut failure = None;
    for o in entries {
        if let Err(e) = create_one(&mut db, &env_id, &principal, o, &mut created) {
            failure = Some(e);
            break;
        }
    }
    finish(
        &shared,
        &mut db,
        &env_id,
        &created,
        &principal,
        failure,
        &[],
    )
}

fn create_one(
    db: &mut Db,
    env_id: &str,
    principal: &Principal,
    o: &Map<String, Value>,
    created: &mut Vec<String>,
) -> Result<(), ApiError> {
    let sent_key = o.get("key").and_then(Value::as_str).unwrap_or_default();
    let at = path(o).unwrap_or_else(|| "/".into());
    db.ensure_folders(env_id, &at);
    let kind = stored_type(o, "secret")?;
    let ts = now();
    let id = new_id();
    db.secrets.push(Secret {
        id: id.clone(),
        env_id: env_id.to_string(),
        key: sent_key.to_uppercase(),
        key_digest: key_digest(env_id, sent_key),
        value: text(o, "value")?.unwrap_or_default(),
        comment: text(o, "comment")?.unwrap_or_default(),
        tags: Vec::new(),
        kind,
        lifecycle: "static".into(),
        path: at,
        version: 1,
        created_at: ts.clone(),
        updated_at: ts.clone(),
        overrides: Vec::new(),
    });
    created.push(id);
    let idx = db.secrets.len() - 1;
    if let Some(tags) = o.get("tags") {
        // The secret is saved already: a bad tag leaves it without tags or override.
        db.secrets[idx].tags = resolve_tags(db, tags)?;
    }
    if let (Some((value, _active)), Some(uid)) = (check_override(o)?, principal.user_id()) {
        db.secrets[idx].overrides.push(Override {
            id: new_id(),
            user_id: uid.to_string(),
            value,
            is_active: true,
            created_at: ts.clone(),
            updated_at: ts,
        });
    }
    Ok(())
}

/// `PUT`. Up front, for every entry: an object with `id` ("Secret ID not provided"),
/// type and override (400); then, for entries carrying `key` only, the duplicate check
/// (409) at the entry's `path`, or at `/` when it has none — a move (new `path`, no
/// `key`) onto a folder holding that key is saved. Then entries are updated in order and
/// the batch is not atomic: a failing entry (404 "Secret not found: <id>" for an id never seen — a deleted secret is found and updated, as on the real server — rotating,
/// unsealing, an over-long tag, a non-string value) stops there, earlier entries stay
/// saved, and the failing entry saves nothing. Only given fields change; `tags: null`
/// clears the tags; a sealed secret keeps its value whatever is sent; every saved entry
/// bumps `version`.
pub async fn update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let mut db = shared.db();
    let (principal, env_id) = resolve_env(&db, &headers, &query)?;
    let body = parse_body(&body)?;
    let items = secrets_list(&body)?;
    let entries = items
        .iter()
        .map(check_update)
        .collect::<Result<Vec<_>, _>>()?;
    for o in &entries {
        let Some(key) = o.get("key") else { continue };
        let key = key.as_str().ok_or_else(ApiError::internal)?;
        let at = path(o).unwrap_or_else(|| "/".into());
        let own = o.get("id").and_then(Value::as_str);
        if duplicate(&db, &env_id, &at, key, own) {
            return Err(ApiError::conflict("Duplicate secret found"));
        }
    }
    // The real server looks secrets up by id without asking whether they were deleted:
    // a deleted one is updated (and answered) but stays deleted.
    let ids: Vec<&str> = entries
        .iter()
        .filter_map(|o| o.get("id").and_then(Value::as_str))
        .collect();
    let revived = db.revive(&env_id, &ids);
    let mut updated = Vec::new();
    let mut failure = None;
    for o in entries {
        match update_one(&mut db, &env_id, &principal, o) {
            Ok(id) => updated.push(id),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    finish(
        &shared, &mut db, &env_id, &updated, &principal, failure, &revived,
    )
}

fn update_one(
    db: &mut Db,
    env_id: &str,
    principal: &Principal,
    o: &Map<String, Value>,
) -> Result<String, ApiError> {
    let id = py_str(o.get("id").unwrap_or(&Value::Null))?;
    let idx = db
        .secrets
        .iter()
        .position(|s| s.id == id && s.env_id == env_id && !o["id"].is_null())
        .ok_or_else(|| ApiError::not_found(format!("Secret not found: {id}")))?;
    let current = &db.secrets[idx];
    if current.lifecycle == "rotating" {
        return Err(ApiError::bad_request(ROTATING));
    }
    let value = text(o, "value")?;
    let comment = text(o, "comment")?;
    let was_sealed = current.kind == "sealed";
    if was_sealed
        && o.get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t != "sealed")
    {
        return Err(ApiError::bad_request(UNSEAL));
    }
    let kind = o.contains_key("type").then(|| stored_type(o, ""));
    let new_path = path(o);
    if let Some(p) = &new_path {
        db.ensure_folders(env_id, p);
    }
    let tags = match o.get("tags") {
        Some(t) => Some(resolve_tags(db, t)?),
        None => None,
    };
    let kind = kind.transpose()?;
    let ts = now();
    let s = &mut db.secrets[idx];
    if let Some(key) = o.get("key").and_then(Value::as_str) {
        s.key_digest = key_digest(env_id, key);
        s.key = key.to_uppercase();
    }
    if let Some(v) = value.filter(|_| !was_sealed) {
        s.value = v;
    }
    if let Some(c) = comment {
        s.comment = c;
    }
    if let Some(p) = new_path {
        s.path = p;
    }
    if let Some(k) = kind {
        s.kind = k;
    }
    if let Some(t) = tags {
        s.tags = t;
    }
    s.version += 1;
    s.updated_at = ts.clone();
    if let (Some((value, active)), Some(uid)) = (check_override(o)?, principal.user_id()) {
        match s.overrides.iter_mut().find(|ov| ov.user_id == uid) {
            Some(ov) => {
                ov.value = value;
                ov.is_active = active;
                ov.updated_at = ts;
            }
            None => s.overrides.push(Override {
                id: new_id(),
                user_id: uid.to_string(),
                value,
                is_active: active,
                created_at: ts.clone(),
                updated_at: ts,
            }),
        }
    }
    Ok(id)
}
