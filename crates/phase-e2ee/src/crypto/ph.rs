//! The `ph:v1:<ephemeral public key hex>:<base64(ciphertext || tag || nonce)>` strings
//! Phase stores every secret field and wrapped key as.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zeroize::Zeroize;

use super::aead::{decrypt_raw, encrypt_raw, NONCE_LEN, TAG_LEN};
use super::keys::{KeyPair, PublicKey, KEY_LEN};
use super::kx::{client_session_keys, server_session_keys};
use crate::error::CryptoError;

/// The prefix of every Phase ciphertext string.
pub const PH_PREFIX: &str = "ph:v1:";

const WHAT: &str = "ph:v1 ciphertext";

/// A parsed `ph:v1` string: the sender's ephemeral public key and the sealed bytes
/// (`ciphertext || tag || nonce`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhCiphertext {
    /// The ephemeral X25519 public key of the sender.
    pub ephemeral_public: PublicKey,
    /// `ciphertext || tag || nonce`.
    pub sealed: Vec<u8>,
}

impl PhCiphertext {
    /// Parses strictly, like golang-sdk `DecryptAsymmetric`: exactly four `:`-separated
    /// fields, `ph`, `v1`, 64 hex digits (either case), then standard padded base64 of at
    /// least tag + nonce (40 bytes). Never panics; the error names no input.
    pub fn parse(text: &str) -> Result<PhCiphertext, CryptoError> {
        let malformed = CryptoError::Malformed { what: WHAT };
        let mut fields = text.split(':');
        let (Some("ph"), Some("v1"), Some(public), Some(body), None) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return Err(malformed);
        };
        if public.len() != 2 * KEY_LEN {
            return Err(malformed);
        }
        let ephemeral_public = PublicKey::from_hex(public, WHAT)?;
        let sealed = STANDARD.decode(body).map_err(|_| malformed.clone())?;
        if sealed.len() < TAG_LEN + NONCE_LEN {
            return Err(malformed);
        }
        Ok(PhCiphertext {
            ephemeral_public,
            sealed,
        })
    }

    /// The string form: `ph:v1:<hex>:<base64>`.
    pub fn encode(&self) -> String {
        format!(
            "{PH_PREFIX}{}:{}",
            self.ephemeral_public.to_hex(),
            STANDARD.encode(&self.sealed)
        )
    }
}

/// Encrypts `plaintext` to `recipient` (Phase's `encrypt_asymmetric`): a fresh ephemeral
/// key pair, `crypto_kx_client_session_keys(ephemeral, recipient)`, sealed with `tx`.
pub fn encrypt_asymmetric(plaintext: &str, recipient: &PublicKey) -> Result<String, CryptoError> {
    let ephemeral = KeyPair::generate()?;
    let keys = client_session_keys(&ephemeral, recipient)?;
    let sealed = encrypt_raw(plaintext.as_bytes(), &keys.tx)?;
    Ok(PhCiphertext {
        ephemeral_public: *ephemeral.public(),
        sealed,
    }
    .encode())
}

/// Decrypts a `ph:v1` string sent to `recipient` (Phase's `decrypt_asymmetric`):
/// `crypto_kx_server_session_keys(recipient, ephemeral)`, opened with `rx`. The plaintext
/// must be UTF-8.
pub fn decrypt_asymmetric(ciphertext: &str, recipient: &KeyPair) -> Result<String, CryptoError> {
    let parsed = PhCiphertext::parse(ciphertext)?;
    let keys = server_session_keys(recipient, &parsed.ephemeral_public)?;
    let mut plain = decrypt_raw(&parsed.sealed, &keys.rx)?;
    String::from_utf8(std::mem::take(&mut *plain)).map_err(|e| {
        e.into_bytes().zeroize();
        CryptoError::NotUtf8 { what: "value" }
    })
}

/// What the Phase server accepts as a ciphertext field (`validate_encrypted_string`):
/// the empty string, or a match at the start of `ph:v1:[0-9a-fA-F]{64}:.+` (Python's
/// `.` does not match a line break). It checks nothing else: the server cannot decrypt.
pub fn server_accepts_ciphertext(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    let Some(rest) = text.strip_prefix(PH_PREFIX) else {
        return false;
    };
    let bytes = rest.as_bytes();
    bytes.len() > 2 * KEY_LEN + 1
        && bytes[..2 * KEY_LEN].iter().all(u8::is_ascii_hexdigit)
        && bytes[2 * KEY_LEN] == b':'
        && bytes[2 * KEY_LEN + 1] != b'\n'
}
