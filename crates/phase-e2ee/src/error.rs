//! [`CryptoError`]: what can go wrong in the cryptography. No variant carries key
//! material, plaintext or ciphertext: only what kind of input was wrong.

/// A refusal of the cryptography. Messages name the kind of problem, never the data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// A `ph:v1:` string (or a token, or a wrapped share) is not in the expected shape.
    #[error("malformed {what}")]
    Malformed {
        /// What was being read (e.g. "ph:v1 ciphertext", "token", "key share").
        what: &'static str,
    },
    /// Hex text that does not decode, or decodes to the wrong length.
    #[error("{what} is not {len} bytes of hex")]
    BadHex {
        /// What was being read.
        what: &'static str,
        /// The length expected, in bytes.
        len: usize,
    },
    /// Authenticated decryption failed: wrong key, or the ciphertext was altered.
    #[error("decryption failed (wrong key or altered ciphertext)")]
    Decrypt,
    /// The decrypted bytes are not the UTF-8 text they should be.
    #[error("decrypted {what} is not valid UTF-8")]
    NotUtf8 {
        /// What was decrypted.
        what: &'static str,
    },
    /// An X25519 exchange gave the all-zero secret (a low-order public key); libsodium
    /// refuses such keys too.
    #[error("unusable public key (low order)")]
    WeakKey,
    /// A BLAKE2b key (the digest salt) longer than 64 bytes.
    #[error("BLAKE2b key is longer than 64 bytes")]
    KeyTooLong,
    /// The rebuilt private key does not belong to the public key it should.
    #[error("{what} does not match its public key")]
    KeyMismatch {
        /// Which key.
        what: &'static str,
    },
    /// The operating system's random number generator failed.
    #[error("no randomness available from the operating system")]
    Random,
}
