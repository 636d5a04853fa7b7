//! What the E2EE emulation stores. The server part keeps only what the real server
//! keeps: per token its wrapped key share, per (environment, account) the environment's
//! public key and its seed and salt wrapped to the account, and every secret field as the
//! client's `ph:v1` ciphertext. The sandbox also plays the Phase Console (it hands out
//! tokens), so it keeps each account's X25519 private key in `console_keyring` to mint
//! tokens; the request handlers never read it.

use serde::{Deserialize, Serialize};

/// The E2EE part of the sandbox's database.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct E2eeDb {
    /// The organisation's id, as `secrets/tokens/` reports it.
    #[serde(default)]
    pub org_id: String,
    /// The Console's side: each account's private key (hex), to mint tokens.
    #[serde(default)]
    pub console_keyring: Vec<AccountKey>,
    /// The server's side of each token: `wrapped_key_share`, by token value.
    #[serde(default)]
    pub token_shares: Vec<TokenShare>,
    /// Environment keys, one per (environment, account).
    #[serde(default)]
    pub env_keys: Vec<EnvKeyRec>,
    /// Secrets of end-to-end-encrypted environments: ciphertext only.
    #[serde(default)]
    pub secrets: Vec<CipherSecret>,
}

/// An account's X25519 key (Console side).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountKey {
    /// A user id, a service account id, or `service:<app id>` for a legacy service token.
    pub account_id: String,
    /// The private key, 64 hex digits.
    pub secret_hex: String,
}

/// The wrapped key share the server keeps for one token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenShare {
    /// The token value (3rd field of the Console form).
    pub token: String,
    /// `hex(encrypt_raw(hex(share_b), wrap_key))`.
    pub wrapped_key_share: String,
}

/// An `EnvironmentKey` row: one account's access to one environment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnvKeyRec {
    pub id: String,
    pub env_id: String,
    /// User id or service account id (`service:<app id>` for legacy service tokens).
    pub account_id: String,
    /// True when `account_id` is a service account.
    pub service_account: bool,
    /// The environment's public key (hex).
    pub identity_key: String,
    /// `ph:v1` of the seed's 64 hex digits, to the account's key.
    pub wrapped_seed: String,
    /// `ph:v1` of the salt's 64 hex digits, to the account's key.
    pub wrapped_salt: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A personal override of an E2EE secret: its value is a ciphertext.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CipherOverride {
    pub id: String,
    pub user_id: String,
    pub value: String,
    pub is_active: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A secret of an end-to-end-encrypted environment. `key`, `value`, `comment` and the
/// overrides' values are whatever the client sent (a `ph:v1` string or `""`); the sandbox
/// cannot and does not read them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CipherSecret {
    pub id: String,
    pub env_id: String,
    pub key: String,
    pub key_digest: String,
    pub value: String,
    pub comment: String,
    pub tags: Vec<String>,
    /// As sent (`"secret"` by default).
    pub kind: String,
    pub path: String,
    pub version: u64,
    pub created_at: String,
    pub updated_at: String,
    /// Set when deleted (the real server soft-deletes; a PUT still finds the row).
    #[serde(default)]
    pub deleted_at: Option<String>,
    pub overrides: Vec<CipherOverride>,
}
