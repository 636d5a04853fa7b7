//! Key material: account keys, tokens in the Console form whose fields really open the
//! server's key share, and environment keys wrapped for every account that may use an
//! end-to-end-encrypted app. This is the Console's job on the real platform.

use phase_e2ee::crypto::{KeyPair, SecretKey};
use phase_e2ee::{mint_token, EnvSeed, TokenPrefix};

use super::model::{AccountKey, EnvKeyRec, TokenShare};
use crate::model::{new_id, now, Db, TokenKind, TokenRec};

fn prefix(kind: TokenKind) -> TokenPrefix {
    match kind {
        TokenKind::User => TokenPrefix::User,
        TokenKind::ServiceAccount => TokenPrefix::ServiceAccount,
        TokenKind::Service => TokenPrefix::Service,
    }
}

/// The account a token belongs to, for keys.
pub fn account_of(rec: &TokenRec) -> String {
    match rec.kind {
        TokenKind::Service => format!("service:{}", rec.app_scope.as_deref().unwrap_or("")),
        _ => rec.user_id.clone().unwrap_or_default(),
    }
}

/// The account's key pair, made on first use. Returns it and whether it is new.
pub fn account_key(db: &mut Db, account_id: &str) -> (KeyPair, bool) {
    if let Some(k) = db
        .e2ee
        .console_keyring
        .iter()
        .find(|k| k.account_id == account_id)
    {
        if let Ok(secret) = SecretKey::from_hex(&k.secret_hex, "account key") {
            return (KeyPair::from_secret(secret), false);
        }
    }
    let pair = KeyPair::generate().expect("the OS has randomness");
    db.e2ee
        .console_keyring
        .retain(|k| k.account_id != account_id);
    db.e2ee.console_keyring.push(AccountKey {
        account_id: account_id.to_string(),
        secret_hex: pair.secret().to_hex().to_string(),
    });
    (pair, true)
}

/// The accounts that may use an app: its access list, or every person and service
/// account when it has none.
pub fn accounts_of_app(db: &Db, app_id: &str) -> Vec<(String, bool)> {
    let access = db
        .apps
        .iter()
        .find(|a| a.id == app_id)
        .and_then(|a| a.access.clone());
    let mut out: Vec<(String, bool)> = Vec::new();
    for t in &db.tokens {
        let (Some(id), sa) = (t.user_id.clone(), t.kind == TokenKind::ServiceAccount) else {
            continue;
        };
        if t.kind == TokenKind::Service || out.iter().any(|(x, _)| x == &id) {
            continue;
        }
        if access.as_ref().is_none_or(|ids| ids.contains(&id)) {
            out.push((id, sa));
        }
    }
    out
}

/// Gives every token key material that works: its Console form carries its account's
/// public key, a fresh share and wrap key, and the server keeps the wrapped other share.
/// Tokens already right are left alone. Returns whether anything changed.
pub fn ensure_tokens(db: &mut Db) -> bool {
    let mut changed = false;
    if db.e2ee.org_id.is_empty() {
        db.e2ee.org_id = new_id();
        changed = true;
    }
    for i in 0..db.tokens.len() {
        let rec = db.tokens[i].clone();
        if rec.token.is_empty() {
            continue;
        }
        let (pair, new) = account_key(db, &account_of(&rec));
        changed |= new;
        let kx_ok = rec.console.split(':').nth(3) == Some(pair.public().to_hex().as_str());
        let has_share = db.e2ee.token_shares.iter().any(|s| s.token == rec.token);
        if kx_ok && has_share {
            continue;
        }
        let minted =
            mint_token(prefix(rec.kind), &rec.token, &pair).expect("token is 64 hex digits");
        db.tokens[i].console = minted.console.to_string();
        db.e2ee.token_shares.retain(|s| s.token != rec.token);
        db.e2ee.token_shares.push(TokenShare {
            token: rec.token.clone(),
            wrapped_key_share: minted.wrapped_key_share,
        });
        changed = true;
    }
    let live: Vec<String> = db.tokens.iter().map(|t| t.token.clone()).collect();
    let before = db.e2ee.token_shares.len();
    db.e2ee.token_shares.retain(|s| live.contains(&s.token));
    changed | (before != db.e2ee.token_shares.len())
}

/// Makes keys for every environment of an end-to-end-encrypted app that has none,
/// wrapped for each account that may use the app. Returns the new environments' seeds
/// (to seed secrets with), by environment id.
pub fn ensure_env_keys(db: &mut Db) -> Vec<(String, EnvSeed)> {
    let mut made = Vec::new();
    let envs: Vec<(String, String)> = db
        .envs
        .iter()
        .filter(|e| db.apps.iter().any(|a| a.id == e.app_id && !a.sse_enabled))
        .filter(|e| !db.e2ee.env_keys.iter().any(|k| k.env_id == e.id))
        .map(|e| (e.id.clone(), e.app_id.clone()))
        .collect();
    for (env_id, app_id) in envs {
        let seed = EnvSeed::generate().expect("the OS has randomness");
        let identity_key = seed.keys().public().to_hex();
        for (account, service_account) in accounts_of_app(db, &app_id) {
            let (pair, _) = account_key(db, &account);
            let (wrapped_seed, wrapped_salt) = seed.wrap_for(pair.public()).expect("randomness");
            let ts = now();
            db.e2ee.env_keys.push(EnvKeyRec {
                id: new_id(),
                env_id: env_id.clone(),
                account_id: account,
                service_account,
                identity_key: identity_key.clone(),
                wrapped_seed,
                wrapped_salt,
                created_at: ts.clone(),
                updated_at: ts,
            });
        }
        made.push((env_id, seed));
    }
    made
}
