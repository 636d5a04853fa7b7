//! POST and PUT `/secrets/` (E2EE), step for step like `E2EESecretsView.post`/`put`:
//! the blind duplicate check on (path, keyDigest) first, then each secret in turn (no
//! transaction: a refusal half-way keeps what was already saved). Ciphertexts are only
//! checked for their format (`validate_encrypted_string`).

use std::collections::HashSet;

use axum::http::StatusCode;
use axum::response::Response;
use phase_e2ee::crypto::server_accepts_ciphertext;
use serde_json::{Map, Value};

use super::model::{CipherOverride, CipherSecret};
use super::render::{json_error, ok_empty};
use crate::auth::Principal;
use crate::model::{new_id, normalize_path, now, Db};

const TAG_MAX: usize = 64;

/// A refusal: the status and the `JsonResponse` message.
struct Refuse(StatusCode, String);

impl Refuse {
    fn internal() -> Refuse {
        Refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error.".into(),
        )
    }

    fn bad(msg: impl Into<String>) -> Refuse {
        Refuse(StatusCode::BAD_REQUEST, msg.into())
    }

    fn response(self) -> Response {
        json_error(self.0, &self.1)
    }
}

fn internal() -> Refuse {
    Refuse::internal()
}

fn path_of(item: &Map<String, Value>) -> String {
    // `normalize_path_string(secret["path"])`, and "/" when that raises.
    match item.get("path").and_then(Value::as_str) {
        Some(p) => normalize_path(p),
        None => "/".to_string(),
    }
}

/// `check_for_duplicates_blind`: a (path, keyDigest) of the batch already stored in the
/// environment (other than the item's own id). Repeats inside the batch are not caught.
fn duplicate(db: &Db, env_id: &str, items: &[Value]) -> bool {
    let stored: HashSet<(&str, &str)> = db
        .e2ee
        .secrets
        .iter()
        .filter(|s| s.env_id == env_id && s.deleted_at.is_none())
        .map(|s| (s.path.as_str(), s.key_digest.as_str()))
        .collect();
    items.iter().filter_map(Value::as_object).any(|item| {
        let Some(digest) = item.get("keyDigest").and_then(Value::as_str) else {
            return false;
        };
        let path = path_of(item);
        if !stored.contains(&(path.as_str(), digest)) {
            return false;
        }
        let own = item.get("id").and_then(Value::as_str);
        db.e2ee.secrets.iter().any(|s| {
            s.env_id == env_id
                && s.deleted_at.is_none()
                && s.path == path
                && s.key_digest == digest
                && Some(s.id.as_str()) != own
        })
    })
}

/// `_resolve_secret_tags`: names trimmed, empty and non-string skipped, over 64 characters
/// refused (400), unknown names created.
fn tags(db: &mut Db, item: &Map<String, Value>) -> Result<Vec<String>, Refuse> {
    let mut out = Vec::new();
    for raw in item
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = raw.as_str().map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        if name.chars().count() > TAG_MAX {
            let head: String = name.chars().take(32).collect();
            return Err(Refuse::bad(format!(
                "Tag name exceeds {TAG_MAX} characters: '{head}'…"
            )));
        }
        if !out.iter().any(|t| t == name) {
            out.push(name.to_string());
        }
    }
    db.register_tags(&out);
    Ok(out)
}

/// A required string field (a missing or non-string one is a 500 on the real server).
fn text(item: &Map<String, Value>, field: &str) -> Result<String, Refuse> {
    item.get(field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(internal)
}

fn check_format(fields: &[&str]) -> Result<(), Refuse> {
    if fields.iter().all(|f| server_accepts_ciphertext(f)) {
        Ok(())
    } else {
        Err(Refuse::bad("Invalid ciphertext format"))
    }
}

fn override_value(item: &Map<String, Value>) -> Result<Option<(String, Option<bool>)>, Refuse> {
    match item.get("override") {
        None => Ok(None),
        Some(o) => {
            let value = o
                .get("value")
                .and_then(Value::as_str)
                .ok_or_else(internal)?;
            Ok(Some((
                value.to_string(),
                o.get("isActive").and_then(Value::as_bool),
            )))
        }
    }
}

fn items(body: &Map<String, Value>) -> Result<&Vec<Value>, Refuse> {
    body.get("secrets")
        .and_then(Value::as_array)
        .ok_or_else(internal)
}

/// POST: creates each secret; 409 first if any (path, keyDigest) is taken.
pub fn create(
    db: &mut Db,
    principal: &Principal,
    env_id: &str,
    body: &Map<String, Value>,
) -> Response {
    match create_all(db, principal, env_id, body) {
        Ok(()) => ok_empty(),
        Err(r) => r.response(),
    }
}

fn create_all(
    db: &mut Db,
    principal: &Principal,
    env_id: &str,
    body: &Map<String, Value>,
) -> Result<(), Refuse> {
    let list = items(body)?.clone();
    if duplicate(db, env_id, &list) {
        return Err(Refuse(
            StatusCode::CONFLICT,
            "Duplicate secret found".into(),
        ));
    }
    for item in &list {
        let item = item.as_object().ok_or_else(internal)?;
        let (key, value, comment) = (
            text(item, "key")?,
            text(item, "value")?,
            text(item, "comment")?,
        );
        let personal = override_value(item)?;
        let mut fields = vec![key.as_str(), value.as_str(), comment.as_str()];
        if let Some((v, _)) = &personal {
            fields.push(v);
        }
        check_format(&fields)?;
        let tags = tags(db, item)?;
        let path = path_of(item);
        let digest = text(item, "keyDigest")?;
        let kind = match item.get("type") {
            None => "secret".to_string(),
            Some(t) => t.as_str().ok_or_else(internal)?.to_string(),
        };
        if path != "/" {
            db.ensure_folders(env_id, &path);
        }
        let ts = now();
        let mut overrides = Vec::new();
        if let (Some(uid), Some((v, _))) = (principal.user_id(), personal) {
            // Created active whatever `isActive` says (the model's default).
            overrides.push(CipherOverride {
                id: new_id(),
                user_id: uid.to_string(),
                value: v,
                is_active: true,
                created_at: ts.clone(),
                updated_at: ts.clone(),
            });
        }
        db.e2ee.secrets.push(CipherSecret {
            id: new_id(),
            env_id: env_id.to_string(),
            key,
            key_digest: digest,
            value,
            comment,
            tags,
            kind,
            path,
            version: 1,
            created_at: ts.clone(),
            updated_at: ts,
            deleted_at: None,
            overrides,
        });
    }
    Ok(())
}

/// PUT: updates each secret by id — in any environment, deleted or not, and moves it to
/// the header's environment, as the real server does.
pub fn update(
    db: &mut Db,
    principal: &Principal,
    env_id: &str,
    body: &Map<String, Value>,
) -> Response {
    match update_all(db, principal, env_id, body) {
        Ok(()) => ok_empty(),
        Err(r) => r.response(),
    }
}

fn update_all(
    db: &mut Db,
    principal: &Principal,
    env_id: &str,
    body: &Map<String, Value>,
) -> Result<(), Refuse> {
    let list = items(body)?.clone();
    if duplicate(db, env_id, &list) {
        return Err(Refuse(
            StatusCode::CONFLICT,
            "Duplicate secret found".into(),
        ));
    }
    for item in &list {
        let item = item.as_object().ok_or_else(internal)?;
        let id = text(item, "id")?;
        let idx = db
            .e2ee
            .secrets
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(internal)?;
        let tags = tags(db, item)?;
        let stored = db.e2ee.secrets[idx].clone();
        let (key, digest) = match item.get("key") {
            None => (stored.key.clone(), stored.key_digest.clone()),
            Some(_) => (text(item, "key")?, text(item, "keyDigest")?),
        };
        let value = match item.get("value") {
            None => stored.value.clone(),
            Some(_) => text(item, "value")?,
        };
        let comment = match item.get("comment") {
            None => stored.comment.clone(),
            Some(_) => text(item, "comment")?,
        };
        let personal = override_value(item)?;
        let mut fields = vec![key.as_str(), value.as_str(), comment.as_str()];
        if let Some((v, _)) = &personal {
            fields.push(v);
        }
        check_format(&fields)?;
        let new_kind = item.get("type").and_then(Value::as_str);
        if stored.kind == "sealed" && new_kind.is_some_and(|t| t != "sealed") {
            return Err(Refuse::bad(
                "Sealed secrets cannot be unsealed. Delete and recreate the secret instead.",
            ));
        }
        let path = item.get("path").and_then(Value::as_str).map(normalize_path);
        if let Some(p) = &path {
            if p != "/" {
                db.ensure_folders(env_id, p);
            }
        }
        let ts = now();
        let s = &mut db.e2ee.secrets[idx];
        s.env_id = env_id.to_string();
        s.key = key;
        s.key_digest = digest;
        if s.kind != "sealed" {
            s.value = value;
        }
        s.version += 1;
        s.comment = comment;
        if let Some(t) = new_kind {
            s.kind = t.to_string();
        }
        if let Some(p) = path {
            s.path = p;
        }
        s.tags = tags;
        s.updated_at = ts.clone();
        if let (Some(uid), Some((v, active))) = (principal.user_id(), personal) {
            // `update_or_create` reads `isActive` unguarded: missing is a 500 (after the
            // secret itself was saved).
            let active = active.ok_or_else(internal)?;
            match s.overrides.iter_mut().find(|o| o.user_id == uid) {
                Some(o) => {
                    o.value = v;
                    o.is_active = active;
                    o.updated_at = ts;
                }
                None => s.overrides.push(CipherOverride {
                    id: new_id(),
                    user_id: uid.to_string(),
                    value: v,
                    is_active: active,
                    created_at: ts.clone(),
                    updated_at: ts,
                }),
            }
        }
    }
    Ok(())
}
