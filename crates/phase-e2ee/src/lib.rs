//! # phase-e2ee
//!
//! Phase's end-to-end-encrypted secrets API (`/service/secrets/`), Tauri-free: the
//! libsodium-exact cryptography ([`crypto`]), the key material of Console tokens and
//! environments ([`keys`]), and (feature `client`, on by default) an async client,
//! `E2eeClient`, that lists, creates, updates and deletes secrets of end-to-end-encrypted
//! apps with the encryption done here, returning and accepting `phase_api` models.
//!
//! Nothing here prints key material or secret values: key types are wiped on drop and
//! show `<redacted>`; errors name the kind of problem, never the data.
//!
//! The wire facts (endpoints, formats, traps) and their sources are in the crate
//! README and in `PHASE_E2EE.md` of the project's shared notes.
#![warn(missing_docs)]

pub mod crypto;
mod error;
pub mod keys;

pub use error::CryptoError;
pub use keys::{mint_token, EnvKeys, EnvSeed, MintedToken, TokenKeys, TokenPrefix};

#[cfg(feature = "client")]
mod client;

#[cfg(feature = "client")]
pub use client::{
    has_key_material, service_base, E2eeApp, E2eeClient, E2eeEnvironment, Encryption, Keyring,
    Listing, Organisation,
};
