//! libsodium-exact primitives, as Phase uses them (console `backend/api/utils/crypto.py`,
//! golang-sdk `phase/crypto/crypto.go`):
//!
//! - X25519 keys ([`KeyPair`]), random (`crypto_kx_keypair`) or from a seed
//!   (`crypto_kx_seed_keypair`: secret = BLAKE2b-256(seed));
//! - `crypto_kx` session keys ([`client_session_keys`], [`server_session_keys`]);
//! - XChaCha20-Poly1305-IETF with the nonce *appended* ([`encrypt_raw`], [`decrypt_raw`]);
//! - the `ph:v1:<ephemeral pub hex>:<base64(ct||tag||nonce)>` strings
//!   ([`encrypt_asymmetric`], [`decrypt_asymmetric`], [`PhCiphertext`]);
//! - keyed BLAKE2b-256 key digests ([`blake2b_digest`]) and XOR key shares ([`xor_keys`]).
//!
//! Secret key material lives in [`SecretKey`], which is wiped on drop and prints as
//! `<redacted>`.

mod aead;
mod digest;
mod keys;
mod kx;
mod ph;

pub use aead::{decrypt_raw, encrypt_raw, encrypt_raw_with_nonce, NONCE_LEN, TAG_LEN};
pub use digest::blake2b_digest;
pub use keys::{random_bytes, xor_keys, KeyPair, PublicKey, SecretKey, KEY_LEN};
pub use kx::{client_session_keys, server_session_keys, SessionKeys};
pub use ph::{
    decrypt_asymmetric, encrypt_asymmetric, server_accepts_ciphertext, PhCiphertext, PH_PREFIX,
};
