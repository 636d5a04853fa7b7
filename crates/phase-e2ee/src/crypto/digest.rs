//! Phase's key digest: keyed BLAKE2b-256 (libsodium `crypto_generichash` with a key).

use blake2::digest::consts::U32;
use blake2::digest::Mac;
use blake2::{Blake2b, Blake2bMac, Digest};

use crate::error::CryptoError;

/// `hex(BLAKE2b-256(message = input, key = salt))`, both taken as their UTF-8 bytes; an
/// empty salt means unkeyed. For secret keys Phase passes the environment salt as its
/// 64 ASCII hex characters (64 bytes, the BLAKE2b key maximum); it is NOT hex-decoded.
/// A salt over 64 bytes is refused ([`CryptoError::KeyTooLong`]).
pub fn blake2b_digest(input: &str, salt: &str) -> Result<String, CryptoError> {
    if salt.is_empty() {
        let mut hash = Blake2b::<U32>::new();
        Digest::update(&mut hash, input.as_bytes());
        return Ok(hex::encode(hash.finalize()));
    }
    let mut mac = <Blake2bMac<U32> as Mac>::new_from_slice(salt.as_bytes())
        .map_err(|_| CryptoError::KeyTooLong)?;
    Mac::update(&mut mac, input.as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}
