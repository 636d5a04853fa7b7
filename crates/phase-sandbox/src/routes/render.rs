//! JSON shapes of apps, environments and secrets, as the real server sends them.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::auth::Principal;
use crate::model::{App, Db, Env, Folder, Secret};
use crate::refs::Resolver;

/// An app in `GET /v1/apps/`.
pub fn app(a: &App) -> Value {
    json!({
        "id": a.id,
        "name": a.name,
        "description": a.description,
        "sseEnabled": a.sse_enabled,
        "createdAt": a.created_at,
        "updatedAt": a.updated_at,
    })
}

/// An environment in `GET /v1/environments/`.
pub fn env(e: &Env) -> Value {
    json!({
        "id": e.id,
        "name": e.name,
        "envType": e.env_type,
        "index": e.index,
        "createdAt": e.created_at,
        "updatedAt": e.updated_at,
    })
}

/// Folders of one environment, by their full path.
pub struct FolderIndex<'a>(HashMap<String, &'a Folder>);

impl<'a> FolderIndex<'a> {
    /// Indexes the folders of `env_id`.
    pub fn new(db: &'a Db, env_id: &str) -> Self {
        FolderIndex(
            db.folders
                .iter()
                .filter(|f| f.env_id == env_id)
                .map(|f| (f.full_path(), f))
                .collect(),
        )
    }

    /// Like the real server: the id of the secret's folder, `null` at `/`.
    fn folder_json(&self, path: &str) -> Value {
        match self.0.get(path) {
            Some(f) => Value::String(f.id.clone()),
            None => Value::Null,
        }
    }
}

/// A secret as `principal` sees it: only a person sees (only) their own override; the
/// value and the override's value come with their references resolved by `refs`.
pub fn secret(
    s: &Secret,
    folders: &FolderIndex<'_>,
    principal: &Principal,
    refs: &Resolver<'_>,
) -> Value {
    let ov = principal
        .user_id()
        .and_then(|uid| s.overrides.iter().find(|o| o.user_id == uid))
        .map(|o| {
            json!({
                "id": o.id,
                "value": refs.value(s, &o.value),
                "isActive": o.is_active,
                "createdAt": o.created_at,
                "updatedAt": o.updated_at,
            })
        })
        .unwrap_or(Value::Null);
    json!({
        "id": s.id,
        "key": s.key,
        "value": refs.value(s, &s.value),
        "comment": s.comment,
        "tags": s.tags,
        "override": ov,
        "type": s.kind,
        "lifecycle": s.lifecycle,
        "path": s.path,
        "folder": folders.folder_json(&s.path),
        "keyDigest": s.key_digest,
        "version": s.version,
        "createdAt": s.created_at,
        "updatedAt": s.updated_at,
        "environment": s.env_id,
    })
}
