//! Key types: [`SecretKey`] (wiped on drop, never printed), [`PublicKey`], [`KeyPair`].

use std::fmt;

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::CryptoError;

/// The length of every key Phase uses: 32 bytes.
pub const KEY_LEN: usize = 32;

/// Fills a buffer from the operating system's random number generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut buf = [0u8; N];
    getrandom::getrandom(&mut buf).map_err(|_| CryptoError::Random)?;
    Ok(buf)
}

/// 32 bytes of secret key material: an X25519 secret key, a symmetric key, a seed or a
/// key share. Wiped when dropped; `Debug` prints `SecretKey(<redacted>)`; no `Display`.
/// Equality is constant-time.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; KEY_LEN]);

impl SecretKey {
    /// Wraps 32 bytes (the caller should wipe its own copy).
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> SecretKey {
        SecretKey(bytes)
    }

    /// Copies 32 bytes from a slice; any other length is refused.
    pub fn from_slice(bytes: &[u8], what: &'static str) -> Result<SecretKey, CryptoError> {
        let array: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|_| CryptoError::BadHex { what, len: KEY_LEN })?;
        Ok(SecretKey(array))
    }

    /// Reads 64 hex digits (either case). `what` names the input in the error.
    pub fn from_hex(text: &str, what: &'static str) -> Result<SecretKey, CryptoError> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        hex::decode_to_slice(text, bytes.as_mut())
            .map_err(|_| CryptoError::BadHex { what, len: KEY_LEN })?;
        Ok(SecretKey(*bytes))
    }

    /// 32 random bytes.
    pub fn random() -> Result<SecretKey, CryptoError> {
        let mut bytes = Zeroizing::new(random_bytes::<KEY_LEN>()?);
        let key = SecretKey(*bytes);
        bytes.zeroize();
        Ok(key)
    }

    /// The bytes themselves: the only way to read the key.
    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Lower-case hex, in a string that is wiped when dropped.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }
}

impl PartialEq for SecretKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl Eq for SecretKey {}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// XOR of two 32-byte keys: how Phase splits an account's private key into two shares
/// and joins them again (`share_a XOR share_b`; 2-of-2, not Shamir).
pub fn xor_keys(a: &SecretKey, b: &SecretKey) -> SecretKey {
    let mut out = [0u8; KEY_LEN];
    for (o, (x, y)) in out.iter_mut().zip(a.0.iter().zip(b.0.iter())) {
        *o = x ^ y;
    }
    let key = SecretKey(out);
    out.zeroize();
    key
}

/// An X25519 public key. Not secret: `Debug` and `Display` print its hex.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; KEY_LEN]);

impl PublicKey {
    /// Wraps 32 bytes.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> PublicKey {
        PublicKey(bytes)
    }

    /// Reads 64 hex digits (either case).
    pub fn from_hex(text: &str, what: &'static str) -> Result<PublicKey, CryptoError> {
        let mut bytes = [0u8; KEY_LEN];
        hex::decode_to_slice(text, &mut bytes)
            .map_err(|_| CryptoError::BadHex { what, len: KEY_LEN })?;
        Ok(PublicKey(bytes))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Lower-case hex (as Phase writes keys).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_hex())
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// An X25519 key pair. `Debug` shows the public key only.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    public: PublicKey,
    secret: SecretKey,
}

impl KeyPair {
    /// The pair of a secret key: public = X25519(secret, base point), the secret clamped
    /// as libsodium's `crypto_scalarmult_base` does (the stored secret stays unclamped).
    pub fn from_secret(secret: SecretKey) -> KeyPair {
        let public = PublicKey(x25519_dalek::x25519(
            *secret.expose(),
            x25519_dalek::X25519_BASEPOINT_BYTES,
        ));
        KeyPair { public, secret }
    }

    /// A random pair, like libsodium's `crypto_kx_keypair`.
    pub fn generate() -> Result<KeyPair, CryptoError> {
        Ok(KeyPair::from_secret(SecretKey::random()?))
    }

    /// libsodium's `crypto_kx_seed_keypair`: secret = BLAKE2b-256(seed) (unkeyed),
    /// public = X25519 base-point multiple of it. Phase's environment keys come from this.
    pub fn from_seed(seed: &SecretKey) -> KeyPair {
        let mut hash = Blake2b::<U32>::new();
        hash.update(seed.expose());
        let mut out = hash.finalize();
        let secret = SecretKey::from_slice(&out, "seed hash").expect("BLAKE2b-256 is 32 bytes");
        out.as_mut_slice().zeroize();
        KeyPair::from_secret(secret)
    }

    /// The public key.
    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    /// The secret key.
    pub fn secret(&self) -> &SecretKey {
        &self.secret
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("public", &self.public)
            .field("secret", &self.secret)
            .finish()
    }
}
