//! libsodium's `crypto_kx_client_session_keys` / `crypto_kx_server_session_keys`:
//! q = X25519(sk, peer_pk); h = BLAKE2b-512(q || client_pk || server_pk);
//! client (rx, tx) = (h[0..32], h[32..64]); the server's are swapped.

use blake2::{Blake2b512, Digest};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use super::keys::{KeyPair, PublicKey, SecretKey, KEY_LEN};
use crate::error::CryptoError;

/// The two keys of one side of a `crypto_kx` exchange. Printed as `<redacted>`.
#[derive(Debug, Clone)]
pub struct SessionKeys {
    /// The key this side decrypts with.
    pub rx: SecretKey,
    /// The key this side encrypts with.
    pub tx: SecretKey,
}

fn shared_hash(
    own: &KeyPair,
    peer: &PublicKey,
    client: &PublicKey,
    server: &PublicKey,
) -> Result<[u8; 64], CryptoError> {
    let mut q = x25519_dalek::x25519(*own.secret().expose(), *peer.as_bytes());
    // libsodium's crypto_scalarmult refuses an all-zero result (a low-order peer key).
    if bool::from(q.ct_eq(&[0u8; KEY_LEN])) {
        return Err(CryptoError::WeakKey);
    }
    let mut hash = Blake2b512::new();
    hash.update(q);
    q.zeroize();
    hash.update(client.as_bytes());
    hash.update(server.as_bytes());
    let mut out = hash.finalize();
    let mut h = [0u8; 64];
    h.copy_from_slice(&out);
    out.as_mut_slice().zeroize();
    Ok(h)
}

fn split(mut h: [u8; 64], client_side: bool) -> SessionKeys {
    let first = SecretKey::from_slice(&h[..32], "session key").expect("32 bytes");
    let second = SecretKey::from_slice(&h[32..], "session key").expect("32 bytes");
    h.zeroize();
    if client_side {
        SessionKeys {
            rx: first,
            tx: second,
        }
    } else {
        SessionKeys {
            rx: second,
            tx: first,
        }
    }
}

/// The client's session keys (`crypto_kx_client_session_keys`): Phase encrypts a
/// `ph:v1` string as the client, with an ephemeral key pair, using `tx`.
pub fn client_session_keys(
    client: &KeyPair,
    server_public: &PublicKey,
) -> Result<SessionKeys, CryptoError> {
    let h = shared_hash(client, server_public, client.public(), server_public)?;
    Ok(split(h, true))
}

/// The server's session keys (`crypto_kx_server_session_keys`): the recipient of a
/// `ph:v1` string decrypts with `rx`.
pub fn server_session_keys(
    server: &KeyPair,
    client_public: &PublicKey,
) -> Result<SessionKeys, CryptoError> {
    let h = shared_hash(server, client_public, client_public, server.public())?;
    Ok(split(h, false))
}
