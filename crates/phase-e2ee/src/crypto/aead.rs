//! XChaCha20-Poly1305-IETF, no associated data, as Phase lays it out:
//! `ciphertext || tag || nonce` (the 24-byte nonce at the END).

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::keys::{random_bytes, SecretKey};
use crate::error::CryptoError;

/// Nonce length of XChaCha20-Poly1305.
pub const NONCE_LEN: usize = 24;
/// Poly1305 tag length.
pub const TAG_LEN: usize = 16;

/// Encrypts with a random nonce: `ciphertext || tag || nonce` (Phase's `encrypt_raw`).
pub fn encrypt_raw(plaintext: &[u8], key: &SecretKey) -> Result<Vec<u8>, CryptoError> {
    let nonce = random_bytes::<NONCE_LEN>()?;
    Ok(encrypt_raw_with_nonce(plaintext, key, &nonce))
}

/// Encrypts with the given nonce. Only for known-answer tests: a nonce must never be used
/// twice with one key; [`encrypt_raw`] draws a fresh random one.
pub fn encrypt_raw_with_nonce(
    plaintext: &[u8],
    key: &SecretKey,
    nonce: &[u8; NONCE_LEN],
) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let mut out = cipher
        .encrypt(XNonce::from_slice(nonce), plaintext)
        .expect("XChaCha20-Poly1305 encryption of an in-memory buffer cannot fail");
    out.extend_from_slice(nonce);
    out
}

/// Decrypts `ciphertext || tag || nonce` (Phase's `decrypt_raw`). Too short, altered, or
/// the wrong key: [`CryptoError::Decrypt`]. The plaintext is wiped when dropped.
pub fn decrypt_raw(blob: &[u8], key: &SecretKey) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if blob.len() < NONCE_LEN + TAG_LEN {
        return Err(CryptoError::Decrypt);
    }
    let (sealed, nonce) = blob.split_at(blob.len() - NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    cipher
        .decrypt(XNonce::from_slice(nonce), sealed)
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Decrypt)
}
