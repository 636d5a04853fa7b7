//! Demo data of the end-to-end-encrypted app ("Legacy Vault"): encrypted here the way a
//! Console or SDK client would, so that the server part only ever sees ciphertext.

use phase_e2ee::{EnvKeys, EnvSeed};

use super::keys::{ensure_env_keys, ensure_tokens};
use super::model::{CipherOverride, CipherSecret};
use crate::model::{new_id, now, Db};

/// (path, key, comment, tags, type, development, staging, production); an empty value
/// means the key is not in that environment.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const ROWS: &[Row] = &[
    ("/", "APP_NAME", "Shown in the page title", &[], "config", "Legacy Vault (dev)", "Legacy Vault (staging)", "Legacy Vault"),
    ("/", "LOG_LEVEL", "", &[], "config", "debug", "info", "warn"),
    ("/", "SIGNING_KEY", "HMAC key for webhooks", &["backend"], "secret", "lv_dev_9c1e7a3f5b2d4e6a8c0f1b3d", "lv_stg_2b4d6f8a0c1e3a5b7d9f1c3e", "lv_prd_7e5c3a1f9d8b6e4c2a0f8d6b"),
    ("/db", "DB_USER", "Application role", &["db"], "secret", "vault_app", "vault_app", "vault_app"),
    ("/db", "DB_PASSWORD", "Kept only end-to-end encrypted", &["db", "backend"], "secret", "Lv!dev-3xQ9pR2m", "Lv!stg-8kT4wN6z", "Lv!prd-5hJ7cV1b"),
    ("/db", "DB_HOST", "", &["db"], "secret", "localhost", "db.staging.internal", "db.prod.internal"),
    ("/db", "DATABASE_URL", "References, resolved by the client", &["db"], "secret", "postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/vault", "postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/vault", ""),
    ("/", "API_BASE", "Cross-folder reference", &[], "config", "http://${db.DB_HOST}:8080", "", ""),
    ("/keys", "MASTER_KEY", "Sealed: write-only in the Console", &["backend"], "sealed", "mk_dev_0a9b8c7d6e5f4a3b", "mk_stg_1b2c3d4e5f6a7b8c", "mk_prd_f1e2d3c4b5a69788"),
];

fn cipher(keys: &EnvKeys, text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    keys.encrypt(text).expect("the OS has randomness")
}

/// Environment keys for the end-to-end-encrypted apps and, with `demo`, the demo secrets
/// (by environment name: development, staging, production).
pub fn seed(db: &mut Db, demo: bool) {
    let made: Vec<(String, EnvSeed)> = ensure_env_keys(db);
    if !demo {
        return;
    }
    let dev_user = db
        .users
        .iter()
        .find(|u| u.name == "Dev")
        .map(|u| u.id.clone());
    for (env_id, seed) in made {
        let Some(env) = db.envs.iter().find(|e| e.id == env_id).cloned() else {
            continue;
        };
        let column = match env.name.to_ascii_lowercase().as_str() {
            "development" => 0,
            "staging" => 1,
            "production" => 2,
            _ => continue,
        };
        let keys = seed.keys();
        for &(path, key, comment, tags, kind, dev, stg, prd) in ROWS {
            let value = [dev, stg, prd][column];
            if value.is_empty() {
                continue;
            }
            let ts = now();
            let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
            db.ensure_folders(&env_id, path);
            db.register_tags(&tags);
            let mut overrides = Vec::new();
            if column == 0 && key == "LOG_LEVEL" {
                if let Some(uid) = &dev_user {
                    overrides.push(CipherOverride {
                        id: new_id(),
                        user_id: uid.clone(),
                        value: cipher(&keys, "trace"),
                        is_active: true,
                        created_at: ts.clone(),
                        updated_at: ts.clone(),
                    });
                }
            }
            db.e2ee.secrets.push(CipherSecret {
                id: new_id(),
                env_id: env_id.clone(),
                key: cipher(&keys, key),
                key_digest: keys.key_digest(key),
                value: keys.encrypt(value).expect("the OS has randomness"),
                comment: cipher(&keys, comment),
                tags,
                kind: kind.to_string(),
                path: path.to_string(),
                version: 1,
                created_at: ts.clone(),
                updated_at: ts,
                deleted_at: None,
                overrides,
            });
        }
    }
}

/// At start: keys (and demo secrets) for a database that has none yet — a data file
/// written before the E2EE emulation — and key material for every token. Returns whether
/// anything changed.
pub fn prepare(db: &mut Db) -> bool {
    let mut changed = false;
    if db.e2ee.env_keys.is_empty() {
        // Accounts first, so that the environments are wrapped to their keys.
        ensure_tokens(db);
        seed(db, true);
        changed = true;
    }
    changed | ensure_tokens(db)
}
