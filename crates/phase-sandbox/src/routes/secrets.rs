//! `/v1/secrets/`: list, create, update, delete — with the real server's quirks.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use super::common::{
    entry, fields, overlong_tag, overlong_tag_error, parse_body, resolve_env, secrets_list,
};
use super::render::{self, FolderIndex};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::model::{key_digest, new_id, normalize_path, now, Db, Override, Secret};
use crate::state::Shared;

type Params = Query<HashMap<String, String>>;

fn render_ids(db: &Db, env_id: &str, ids: &[String], principal: &Principal) -> Value {
    let folders = FolderIndex::new(db, env_id);
    let by_id: HashMap<&str, &Secret> = db
        .secrets
        .iter()
        .filter(|s| s.env_id == env_id)
        .map(|s| (s.id.as_str(), s))
        .collect();
    Value::Array(
        ids.iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .map(|s| render::secret(s, &folders, principal))
            .collect(),
    )
}

/// Whether a secret other than `except` with `key` (any case) exists at `path`.
/// Stored keys are upper-case already.
fn duplicate(db: &Db, env_id: &str, path: &str, key: &str, except: Option<&str>) -> bool {
    let upper = key.to_uppercase();
    db.secrets.iter().any(|s| {
        s.env_id == env_id && s.path == path && s.key == upper && Some(s.id.as_str()) != except
    })
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
            out.push(render::secret(s, &folders, &principal));
        }
    }
    Ok(Json(Value::Array(out)))
}

/// `POST`: validates every entry, checks duplicates against what is stored (not within
/// the batch), then creates in order. An overlong tag fails with 400 after its secret was
/// saved (later entries are not created).
pub async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let mut db = shared.db();
    let (principal, env_id) = resolve_env(&db, &headers, &query)?;
    let body = parse_body(&body)?;
    let mut rows = Vec::new();
    for item in secrets_list(&body)? {
        let f = fields(entry(item)?)?;
        if f.key.is_none() {
            return Err(ApiError::bad_request(
                "Each secret requires a non-empty 'key'.",
            ));
        }
        if f.value.is_none() {
            return Err(ApiError::bad_request(
                "Each secret requires a 'value' string.",
            ));
        }
        rows.push(f);
    }
    // Checked against what is stored only: two equal keys inside the batch both pass.
    let existing: HashSet<(&str, &str)> = db
        .secrets
        .iter()
        .filter(|s| s.env_id == env_id)
        .map(|s| (s.path.as_str(), s.key.as_str()))
        .collect();
    for f in &rows {
        let path = f.path.as_deref().unwrap_or("/");
        let key = f.key.as_deref().unwrap_or("").to_uppercase();
        if existing.contains(&(path, key.as_str())) {
            return Err(ApiError::conflict("Duplicate secret found"));
        }
    }
    drop(existing);
    let mut created = Vec::new();
    let mut failure = None;
    for f in rows {
        let sent_key = f.key.unwrap_or_default();
        let path = f.path.unwrap_or_else(|| "/".into());
        let ts = now();
        db.ensure_folders(&env_id, &path);
        let mut secret = Secret {
            id: new_id(),
            env_id: env_id.clone(),
            key: sent_key.to_uppercase(),
            key_digest: key_digest(&sent_key),
            value: f.value.unwrap_or_default(),
            comment: f.comment.unwrap_or_default(),
            tags: Vec::new(),
            kind: f.kind.unwrap_or_else(|| "secret".into()),
            lifecycle: "static".into(),
            path,
            version: 1,
            created_at: ts.clone(),
            updated_at: ts.clone(),
            overrides: Vec::new(),
        };
        if let (Some((value, _active)), Some(uid)) = (f.override_, principal.user_id()) {
            // The real server stores an override given at creation as active, always.
            secret.overrides.push(Override {
                id: new_id(),
                user_id: uid.to_string(),
                value,
                is_active: true,
                created_at: ts.clone(),
                updated_at: ts,
            });
        }
        let tags = f.tags.unwrap_or_default();
        let too_long = overlong_tag(&tags).is_some();
        if !too_long {
            db.register_tags(&tags);
            secret.tags = tags;
        }
        created.push(secret.id.clone());
        db.secrets.push(secret);
        if too_long {
            failure = Some(overlong_tag_error());
            break;
        }
    }
    shared.persist(&db)?;
    if let Some(err) = failure {
        return Err(err);
    }
    Ok(Json(render_ids(&db, &env_id, &created, &principal)))
}

fn update_one(
    db: &mut Db,
    env_id: &str,
    principal: &Principal,
    item: &Value,
) -> Result<String, ApiError> {
    let o = entry(item)?;
    let id = o
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("Secret ID not provided"))?
        .to_string();
    let f = fields(o)?;
    let idx = db
        .secrets
        .iter()
        .position(|s| s.id == id && s.env_id == env_id)
        .ok_or_else(|| ApiError::not_found(format!("Secret not found: {id}")))?;
    let current = &db.secrets[idx];
    if current.lifecycle == "rotating" {
        return Err(ApiError::bad_request(
            "Rotating secrets cannot be modified.",
        ));
    }
    if current.kind == "sealed" && f.kind.as_deref().is_some_and(|k| k != "sealed") {
        return Err(ApiError::bad_request(
            "Sealed secrets cannot be changed to another type.",
        ));
    }
    if f.key.is_some() || f.path.is_some() {
        // Quirk: without `path` in the request the check looks at "/", not the secret's folder.
        let check_path = f.path.as_deref().unwrap_or("/");
        let key = f.key.as_deref().unwrap_or(&current.key);
        if duplicate(db, env_id, check_path, key, Some(&id)) {
            return Err(ApiError::conflict("Duplicate secret found"));
        }
    }
    if let Some(path) = &f.path {
        db.ensure_folders(env_id, path);
    }
    let ts = now();
    let mut tag_error = false;
    if let Some(tags) = &f.tags {
        if overlong_tag(tags).is_some() {
            tag_error = true;
        } else {
            db.register_tags(tags);
        }
    }
    let s = &mut db.secrets[idx];
    if let Some(key) = f.key {
        s.key_digest = key_digest(&key);
        s.key = key.to_uppercase();
    }
    if let Some(v) = f.value {
        s.value = v;
    }
    if let Some(c) = f.comment {
        s.comment = c;
    }
    if let Some(p) = f.path {
        s.path = p;
    }
    if let Some(k) = f.kind {
        s.kind = k;
    }
    if let (Some((value, active)), Some(uid)) = (f.override_, principal.user_id()) {
        match s.overrides.iter_mut().find(|o| o.user_id == uid) {
            Some(o) => {
                o.value = value;
                o.is_active = active;
                o.updated_at = ts.clone();
            }
            None => s.overrides.push(Override {
                id: new_id(),
                user_id: uid.to_string(),
                value,
                is_active: active,
                created_at: ts.clone(),
                updated_at: ts.clone(),
            }),
        }
    }
    s.version += 1;
    s.updated_at = ts;
    if tag_error {
        // Like the real server: the other changes are saved, then the tag fails.
        return Err(overlong_tag_error());
    }
    if let Some(tags) = f.tags {
        s.tags = tags;
    }
    Ok(id)
}

/// `PUT`: updates entries in order and is not atomic — entries before a failing one stay
/// saved. Every successful entry bumps `version`.
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
    let mut updated = Vec::new();
    let mut failure = None;
    for item in items {
        match update_one(&mut db, &env_id, &principal, item) {
            Ok(id) => updated.push(id),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    shared.persist(&db)?;
    if let Some(err) = failure {
        return Err(err);
    }
    Ok(Json(render_ids(&db, &env_id, &updated, &principal)))
}

/// `DELETE`: all or nothing — any unknown id (404) or rotating secret (400) deletes none.
pub async fn delete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Params,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let mut db = shared.db();
    let (_principal, env_id) = resolve_env(&db, &headers, &query)?;
    let body = parse_body(&body)?;
    let bad = || ApiError::bad_request("'secrets' must be a non-empty list of secret IDs.");
    let list = body
        .get("secrets")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(bad)?;
    let mut ids: Vec<String> = Vec::new();
    for v in list {
        let id = v.as_str().ok_or_else(bad)?;
        if !ids.iter().any(|x| x == id) {
            ids.push(id.to_string());
        }
    }
    let in_env = |id: &str| db.secrets.iter().find(|s| s.id == id && s.env_id == env_id);
    let missing: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| in_env(id).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::not_found(format!(
            "Secrets not found: {}",
            missing.join(", ")
        )));
    }
    if ids
        .iter()
        .any(|id| in_env(id).is_some_and(|s| s.lifecycle == "rotating"))
    {
        return Err(ApiError::bad_request("Rotating secrets cannot be deleted."));
    }
    let doomed: HashSet<&String> = ids.iter().collect();
    db.secrets.retain(|s| !doomed.contains(&s.id));
    shared.persist(&db)?;
    let n = ids.len();
    let noun = if n == 1 { "secret" } else { "secrets" };
    Ok(Json(json!({ "message": format!("Deleted {n} {noun}") })))
}
