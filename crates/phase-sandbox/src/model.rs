//! The sandbox's data model: everything that is persisted to the data file.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The kind of an API token, as written in `Authorization: Bearer <Kind> <token>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenKind {
    /// A personal access token (`Bearer User ...`).
    User,
    /// A service account token (`Bearer ServiceAccount ...`).
    ServiceAccount,
    /// A legacy service token (`Bearer Service ...`).
    Service,
}

/// One issued token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenRec {
    pub kind: TokenKind,
    pub token: String,
    /// The user a PAT belongs to.
    pub user_id: Option<String>,
    /// Legacy service tokens are scoped to one app.
    pub app_scope: Option<String>,
    /// A label used by the binary's token summary (e.g. "Dev").
    pub label: String,
}

/// A person in the organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
}

/// A Phase app.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct App {
    pub id: String,
    pub name: String,
    pub description: String,
    pub sse_enabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// An environment of an app.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Env {
    pub id: String,
    pub app_id: String,
    pub name: String,
    pub env_type: String,
    pub index: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// A folder; like Phase, `path` is the folder's *parent* path ("/" for top level).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Folder {
    pub id: String,
    pub env_id: String,
    pub name: String,
    pub path: String,
}

impl Folder {
    /// The folder's own absolute path (`/backend/db`).
    pub fn full_path(&self) -> String {
        if self.path == "/" {
            format!("/{}", self.name)
        } else {
            format!("{}/{}", self.path, self.name)
        }
    }
}

/// A personal override of one user on one secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Override {
    pub id: String,
    pub user_id: String,
    pub value: String,
    pub is_active: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A stored secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Secret {
    pub id: String,
    pub env_id: String,
    /// Stored upper-cased.
    pub key: String,
    /// sha256 hex of the key as it was sent.
    pub key_digest: String,
    pub value: String,
    pub comment: String,
    pub tags: Vec<String>,
    /// "secret" | "sealed" | "config".
    pub kind: String,
    /// "static" | "rotating".
    pub lifecycle: String,
    pub path: String,
    pub version: u64,
    pub created_at: String,
    pub updated_at: String,
    pub overrides: Vec<Override>,
}

/// The whole persisted database.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Db {
    pub org_name: String,
    pub users: Vec<User>,
    pub tokens: Vec<TokenRec>,
    pub apps: Vec<App>,
    pub envs: Vec<Env>,
    pub folders: Vec<Folder>,
    pub secrets: Vec<Secret>,
    /// Organisation-wide tag names.
    pub tags: Vec<String>,
    pub demo_app_id: String,
    pub e2ee_app_id: String,
    pub bench_app_id: Option<String>,
}

/// Now, formatted like Phase: RFC 3339, microseconds, `Z`.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// A fresh random id (UUID v4).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A fresh random 64-hex-character token.
pub fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// sha256 hex of `key`, exactly as given.
pub fn key_digest(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Normalises a folder path like Phase: `//a/b/` → `/a/b`, `a` → `/a`, `` → `/`.
pub fn normalize_path(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    format!("/{}", segments.join("/"))
}

impl Db {
    /// Makes sure every folder along `path` exists in `env_id`.
    pub fn ensure_folders(&mut self, env_id: &str, path: &str) {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let mut parent = String::from("/");
        for seg in segments {
            let exists = self
                .folders
                .iter()
                .any(|f| f.env_id == env_id && f.name == seg && f.path == parent);
            if !exists {
                self.folders.push(Folder {
                    id: new_id(),
                    env_id: env_id.to_string(),
                    name: seg.to_string(),
                    path: parent.clone(),
                });
            }
            parent = if parent == "/" {
                format!("/{seg}")
            } else {
                format!("{parent}/{seg}")
            };
        }
    }

    /// Adds tag names to the organisation's tag list.
    pub fn register_tags(&mut self, tags: &[String]) {
        for t in tags {
            if !self.tags.contains(t) {
                self.tags.push(t.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise() {
        assert_eq!(normalize_path("//a/b/"), "/a/b");
        assert_eq!(normalize_path("a"), "/a");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/"), "/");
    }

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(
            key_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
