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

impl TokenKind {
    /// The word naming the kind in `Authorization: Bearer <Kind> <token>`.
    pub fn header_word(self) -> &'static str {
        match self {
            TokenKind::User => "User",
            TokenKind::ServiceAccount => "ServiceAccount",
            TokenKind::Service => "Service",
        }
    }
}

/// One issued token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenRec {
    pub kind: TokenKind,
    /// The token value the server looks up: 64 hex digits, the 3rd field of `console`,
    /// sent as `Authorization: Bearer <Kind> <token>`.
    pub token: String,
    /// The token as the Phase Console hands it out
    /// (`pss_user:v1:<token>:<kx_pub>:<share>:<wrap_key>`); "" in files written before
    /// this field existed (then rebuilt around `token` at load).
    #[serde(default)]
    pub console: String,
    /// The account the token belongs to: the user of a PAT, the service account of a
    /// service-account token.
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
    /// `null` for apps made by the Console without one.
    pub description: Option<String>,
    pub sse_enabled: bool,
    /// The accounts (user or service-account ids) that may use the app; `None` = all.
    #[serde(default)]
    pub access: Option<Vec<String>>,
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
    /// Salted digest of the upper-cased key (see [`key_digest`]).
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
    /// Deleted secrets: the real server only marks them deleted, and a PUT still finds
    /// them by id (see `routes::write::update`).
    #[serde(default)]
    pub deleted: Vec<Secret>,
    /// Organisation-wide tag names.
    pub tags: Vec<String>,
    pub demo_app_id: String,
    pub e2ee_app_id: String,
    /// "Ops Tools": only the user Ops may use it ("" in older data files).
    #[serde(default)]
    pub ops_app_id: String,
    pub bench_app_id: Option<String>,
    /// The end-to-end-encrypted part (keys and ciphertext secrets; empty in older files).
    #[serde(default)]
    pub e2ee: crate::e2ee::E2eeDb,
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

/// 64 random hex digits.
pub fn new_hex64() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// A fresh token value (64 hex digits).
pub fn new_token() -> String {
    new_hex64()
}

/// The Console form of a token: `pss_user:v1:` (PAT), `pss_service:v2:` (service account)
/// or `pss_service:v1:` (legacy service token), then `<token>:<kx_pub>:<share>:<wrap_key>`,
/// each 64 hex digits. Only `<token>` matters to the REST API; the rest is key material
/// for end-to-end encryption (random here).
pub fn console_token(kind: TokenKind, token: &str) -> String {
    let prefix = match kind {
        TokenKind::User => "pss_user:v1",
        TokenKind::ServiceAccount => "pss_service:v2",
        TokenKind::Service => "pss_service:v1",
    };
    format!(
        "{prefix}:{token}:{}:{}:{}",
        new_hex64(),
        new_hex64(),
        new_hex64()
    )
}

/// Like the real server's key digest (a salted blake2b of the upper-cased key, salted per
/// environment): a sha256 of `salt` and the upper-cased key. The same key in any case
/// gives the same digest within an environment, and another one elsewhere.
pub fn key_digest(salt: &str, key: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(key.to_uppercase().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Normalises a folder path like Phase's `normalize_path_string`: `//a/b/` → `/a/b`,
/// `a` → `/a`, `` → `/`. Nothing else (no trimming, `.` stays).
pub fn normalize_path(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    format!("/{}", segments.join("/"))
}

impl Db {
    /// Moves the deleted secrets of `env_id` among `ids` back among the others, for the
    /// length of one update; returns their ids for [`Db::bury`].
    pub fn revive(&mut self, env_id: &str, ids: &[&str]) -> Vec<String> {
        let (back, kept): (Vec<Secret>, Vec<Secret>) = std::mem::take(&mut self.deleted)
            .into_iter()
            .partition(|s| s.env_id == env_id && ids.contains(&s.id.as_str()));
        self.deleted = kept;
        let revived = back.iter().map(|s| s.id.clone()).collect();
        self.secrets.extend(back);
        revived
    }

    /// Moves secrets out of the listed ones into the deleted ones.
    pub fn bury(&mut self, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        let (gone, kept): (Vec<Secret>, Vec<Secret>) = std::mem::take(&mut self.secrets)
            .into_iter()
            .partition(|s| ids.contains(&s.id));
        self.secrets = kept;
        self.deleted.extend(gone);
    }

    /// Gives every token its Console form (new tokens, and data files written before
    /// the form existed). Returns whether any token changed.
    pub fn fill_console_tokens(&mut self) -> bool {
        let mut changed = false;
        for rec in &mut self.tokens {
            if rec.console.is_empty() && !rec.token.is_empty() {
                rec.console = console_token(rec.kind, &rec.token);
                changed = true;
            }
        }
        changed
    }

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
    fn digest_ignores_case_and_depends_on_the_salt() {
        assert_eq!(key_digest("env1", "db_host"), key_digest("env1", "DB_HOST"));
        assert_ne!(key_digest("env1", "DB_HOST"), key_digest("env2", "DB_HOST"));
        assert_eq!(key_digest("env1", "x").len(), 64);
    }

    #[test]
    fn console_tokens_have_six_fields_of_64_hex() {
        let t = new_token();
        for (kind, prefix) in [
            (TokenKind::User, "pss_user:v1:"),
            (TokenKind::ServiceAccount, "pss_service:v2:"),
            (TokenKind::Service, "pss_service:v1:"),
        ] {
            let c = console_token(kind, &t);
            assert!(c.starts_with(prefix));
            let fields: Vec<&str> = c.split(':').collect();
            assert_eq!(fields.len(), 6);
            assert_eq!(fields[2], t);
            assert!(fields[2..]
                .iter()
                .all(|f| f.len() == 64 && f.chars().all(|c| c.is_ascii_hexdigit())));
        }
    }
}
