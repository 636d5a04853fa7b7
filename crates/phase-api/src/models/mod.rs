//! The data the API exchanges: apps, environments, secrets, and the inputs to write them.
//!
//! Decoding is tolerant: unknown fields are ignored, `null`s become defaults, and
//! timestamps that do not parse become `None` instead of failing the whole response.

mod app;
mod environment;
mod inputs;
mod lenient;
mod secret;

pub use app::App;
pub use environment::{EnvType, Environment};
pub use inputs::{EnvSelector, NewSecret, OverrideInput, SecretFilter, SecretUpdate};
pub use secret::{Lifecycle, Override, Secret, SecretType};
