//! The key material of a Phase token and of an environment, and how each is opened:
//!
//! 1. A Console token `pss_user:v1:<token>:<kx_pub>:<share_a>:<wrap_key>` (or
//!    `pss_service:v1|v2:…`) is read by [`TokenKeys::parse`].
//! 2. `GET /service/secrets/tokens/` gives the token's `wrapped_key_share`;
//!    [`TokenKeys::unwrap_account`] opens it with `wrap_key` (XChaCha20-Poly1305, nonce
//!    last), reads the 64 ASCII hex digits of `share_b`, XORs them with `share_a` and checks
//!    that the result is the private key of `kx_pub` (golang-sdk `Phase.Decrypt`).
//! 3. Each environment key's `wrapped_seed` and `wrapped_salt` are `ph:v1` strings to that
//!    account key; [`EnvKeys::open`] decrypts both and derives the environment key pair
//!    with `crypto_kx_seed_keypair(hexdecode(seed))`, checked against `identity_key`.
//!
//! The other direction (what the Console does when it makes a token or an environment) is
//! [`mint_token`] and [`EnvSeed`]; the sandbox seeds its data with them.

use std::fmt;

use zeroize::Zeroizing;

use crate::crypto::{
    blake2b_digest, decrypt_asymmetric, decrypt_raw, encrypt_asymmetric, encrypt_raw, xor_keys,
    KeyPair, PublicKey, SecretKey, KEY_LEN,
};
use crate::error::CryptoError;

/// Which kind of Console token, from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenPrefix {
    /// `pss_user:v1:` — a personal access token (`Bearer User …`).
    User,
    /// `pss_service:v2:` — a service account token (`Bearer ServiceAccount …`).
    ServiceAccount,
    /// `pss_service:v1:` — a legacy service token (`Bearer Service …`).
    Service,
}

impl TokenPrefix {
    /// The prefix with its version, without the trailing colon.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPrefix::User => "pss_user:v1",
            TokenPrefix::ServiceAccount => "pss_service:v2",
            TokenPrefix::Service => "pss_service:v1",
        }
    }

    /// The word of the `Authorization: Bearer <Word> <token>` header.
    pub fn header_word(self) -> &'static str {
        match self {
            TokenPrefix::User => "User",
            TokenPrefix::ServiceAccount => "ServiceAccount",
            TokenPrefix::Service => "Service",
        }
    }
}

const TOKEN: &str = "token";

/// The fields of a Console token. The bearer value and both secret fields are wiped on
/// drop; `Debug` shows the kind and the public key only.
pub struct TokenKeys {
    prefix: TokenPrefix,
    bearer: Zeroizing<String>,
    kx_public: PublicKey,
    share_a: SecretKey,
    wrap_key: SecretKey,
}

impl TokenKeys {
    /// Reads `pss_user:v1:…` / `pss_service:v2:…` / `pss_service:v1:…` with four fields of
    /// 64 hex digits (golang-sdk `PssUserPattern`/`PssServicePattern`). Anything else —
    /// a bare token, a `Bearer User …` header — has no key material:
    /// [`CryptoError::Malformed`] (`what: "token"`), naming nothing of the input.
    pub fn parse(console: &str) -> Result<TokenKeys, CryptoError> {
        let malformed = CryptoError::Malformed { what: TOKEN };
        let text = console.trim();
        let (prefix, rest) = [
            TokenPrefix::User,
            TokenPrefix::ServiceAccount,
            TokenPrefix::Service,
        ]
        .into_iter()
        .find_map(|p| {
            text.strip_prefix(p.as_str())
                .and_then(|r| r.strip_prefix(':'))
                .map(|r| (p, r))
        })
        .ok_or(malformed.clone())?;
        let fields: Vec<&str> = rest.split(':').collect();
        let [bearer, kx_pub, share_a, wrap_key] = fields.as_slice() else {
            return Err(malformed);
        };
        if ![bearer, kx_pub, share_a, wrap_key]
            .iter()
            .all(|f| f.len() == 2 * KEY_LEN && f.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(malformed);
        }
        Ok(TokenKeys {
            prefix,
            bearer: Zeroizing::new(bearer.to_string()),
            kx_public: PublicKey::from_hex(kx_pub, "token public key")?,
            share_a: SecretKey::from_hex(share_a, "token key share")?,
            wrap_key: SecretKey::from_hex(wrap_key, "token wrap key")?,
        })
    }

    /// The kind of token.
    pub fn prefix(&self) -> TokenPrefix {
        self.prefix
    }

    /// The value sent in the header (the 3rd field).
    pub fn bearer(&self) -> &str {
        &self.bearer
    }

    /// The account's X25519 public key (`kx_pub`).
    pub fn kx_public(&self) -> &PublicKey {
        &self.kx_public
    }

    /// Rebuilds the account key pair from the server's `wrapped_key_share` (hex):
    /// `share_b = hexdecode(ascii(decrypt_raw(wrapped, wrap_key)))`, secret =
    /// `share_a XOR share_b`, which must be the private key of `kx_pub`
    /// ([`CryptoError::KeyMismatch`] otherwise).
    pub fn unwrap_account(&self, wrapped_key_share: &str) -> Result<KeyPair, CryptoError> {
        let wrapped = Zeroizing::new(hex::decode(wrapped_key_share.trim()).map_err(|_| {
            CryptoError::Malformed {
                what: "wrapped key share",
            }
        })?);
        let share_b_hex = decrypt_raw(&wrapped, &self.wrap_key)?;
        let share_b_text = std::str::from_utf8(&share_b_hex)
            .map_err(|_| CryptoError::NotUtf8 { what: "key share" })?;
        let share_b = SecretKey::from_hex(share_b_text.trim(), "key share")?;
        let pair = KeyPair::from_secret(xor_keys(&self.share_a, &share_b));
        if pair.public() != &self.kx_public {
            return Err(CryptoError::KeyMismatch {
                what: "rebuilt account key",
            });
        }
        Ok(pair)
    }
}

impl fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TokenKeys({:?}, kx_public: {}, <redacted>)",
            self.prefix, self.kx_public
        )
    }
}

/// A token made the Console's way, for an account key pair.
pub struct MintedToken {
    /// The whole Console string (`pss_user:v1:<token>:<kx_pub>:<share_a>:<wrap_key>`).
    pub console: Zeroizing<String>,
    /// What the server stores for the token: hex of `encrypt_raw(hex(share_b), wrap_key)`.
    pub wrapped_key_share: String,
}

impl fmt::Debug for MintedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MintedToken(<redacted>)")
    }
}

/// Makes a Console token for `account` around `bearer` (64 hex digits), as the Console's
/// `generateUserToken` does: a random `share_a` and `wrap_key`, `share_b = share_a XOR
/// secret`, and `share_b`'s hex wrapped with `wrap_key` for the server to keep.
pub fn mint_token(
    prefix: TokenPrefix,
    bearer: &str,
    account: &KeyPair,
) -> Result<MintedToken, CryptoError> {
    if bearer.len() != 2 * KEY_LEN || !bearer.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CryptoError::BadHex {
            what: "token",
            len: KEY_LEN,
        });
    }
    let share_a = SecretKey::random()?;
    let wrap_key = SecretKey::random()?;
    let share_b = xor_keys(&share_a, account.secret());
    let wrapped = encrypt_raw(share_b.to_hex().as_bytes(), &wrap_key)?;
    let console = Zeroizing::new(format!(
        "{}:{bearer}:{}:{}:{}",
        prefix.as_str(),
        account.public().to_hex(),
        *share_a.to_hex(),
        *wrap_key.to_hex()
    ));
    Ok(MintedToken {
        console,
        wrapped_key_share: hex::encode(wrapped),
    })
}

/// An environment's keys, opened: its key pair and its salt (the 64 hex characters used
/// as the digest key). Wiped on drop; `Debug` shows the public key only.
#[derive(Clone)]
pub struct EnvKeys {
    pair: KeyPair,
    salt: Zeroizing<String>,
}

impl EnvKeys {
    /// Opens an environment key of `account`: decrypts `wrapped_seed` and `wrapped_salt`
    /// (`ph:v1` strings, plaintexts of 64 hex digits) and derives the key pair from the
    /// seed; it must match `identity_key` ([`CryptoError::KeyMismatch`] otherwise).
    pub fn open(
        account: &KeyPair,
        wrapped_seed: &str,
        wrapped_salt: &str,
        identity_key: &str,
    ) -> Result<EnvKeys, CryptoError> {
        let seed = Zeroizing::new(decrypt_asymmetric(wrapped_seed, account)?);
        let salt = Zeroizing::new(decrypt_asymmetric(wrapped_salt, account)?);
        let keys = EnvKeys::from_seed_and_salt(&seed, &salt)?;
        let expected = PublicKey::from_hex(identity_key.trim(), "identity key")?;
        if keys.pair.public() != &expected {
            return Err(CryptoError::KeyMismatch {
                what: "environment key",
            });
        }
        Ok(keys)
    }

    /// The keys of a seed and a salt, both 64 hex digits.
    pub fn from_seed_and_salt(seed_hex: &str, salt_hex: &str) -> Result<EnvKeys, CryptoError> {
        let seed = SecretKey::from_hex(seed_hex, "environment seed")?;
        if salt_hex.len() != 2 * KEY_LEN || !salt_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(CryptoError::BadHex {
                what: "environment salt",
                len: KEY_LEN,
            });
        }
        Ok(EnvKeys {
            pair: KeyPair::from_seed(&seed),
            salt: Zeroizing::new(salt_hex.to_string()),
        })
    }

    /// The environment public key (the `identity_key` secrets are encrypted to).
    pub fn public(&self) -> &PublicKey {
        self.pair.public()
    }

    /// Encrypts one field to the environment.
    pub fn encrypt(&self, plaintext: &str) -> Result<String, CryptoError> {
        encrypt_asymmetric(plaintext, self.pair.public())
    }

    /// Decrypts one field of the environment.
    pub fn decrypt(&self, ciphertext: &str) -> Result<String, CryptoError> {
        decrypt_asymmetric(ciphertext, &self.pair)
    }

    /// The key digest of a secret key name: keyed BLAKE2b-256 with the salt's 64 ASCII
    /// hex characters as the key. Exact and case-sensitive.
    pub fn key_digest(&self, key: &str) -> String {
        blake2b_digest(key, &self.salt).expect("a 64-character salt is a valid BLAKE2b key")
    }
}

impl fmt::Debug for EnvKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EnvKeys({}, <redacted>)", self.pair.public())
    }
}

/// A new environment's seed and salt, as the Console makes them (random 32 bytes each,
/// kept as hex). Used to wrap the environment for each account that gets access.
pub struct EnvSeed {
    seed: Zeroizing<String>,
    salt: Zeroizing<String>,
}

impl EnvSeed {
    /// A random seed and salt.
    pub fn generate() -> Result<EnvSeed, CryptoError> {
        Ok(EnvSeed {
            seed: SecretKey::random()?.to_hex(),
            salt: SecretKey::random()?.to_hex(),
        })
    }

    /// The environment's keys.
    pub fn keys(&self) -> EnvKeys {
        EnvKeys::from_seed_and_salt(&self.seed, &self.salt).expect("generated hex is valid")
    }

    /// `(wrapped_seed, wrapped_salt)` for an account: each encrypted to its public key.
    pub fn wrap_for(&self, account: &PublicKey) -> Result<(String, String), CryptoError> {
        Ok((
            encrypt_asymmetric(&self.seed, account)?,
            encrypt_asymmetric(&self.salt, account)?,
        ))
    }
}

impl fmt::Debug for EnvSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvSeed(<redacted>)")
    }
}
