//! A Tauri-free async client of the [Phase](https://phase.dev) public REST API
//! (`/v1/apps/`, `/v1/environments/`, `/v1/secrets/`), built on reqwest (rustls) and tokio.
//!
//! It works with the real server's quirks: trailing slashes on every route, de-duplication
//! of secrets listed twice by a tag filter, keys normalised before sending, `path` always
//! sent on update, in-batch duplicate keys and long tags refused before anything is sent,
//! 429 answers waited out (`Retry-After`) and retried, and no write ever re-sent after an
//! ambiguous failure (timeout, connection reset, 5xx).
//!
//! Tokens and secret values never appear in `Debug`/`Display` output or error messages:
//! read them with [`Token::expose`] and [`SecretString::expose`].
//!
//! # Example
//!
//! ```no_run
//! use phase_api::{
//!     ClientOptions, EnvSelector, Host, NewSecret, PhaseClient, SecretFilter, Token, TokenKind,
//! };
//!
//! # async fn run() -> Result<(), phase_api::PhaseError> {
//! let host = Host::cloud();
//! let token = Token::parse("Bearer User 0123abcd...", TokenKind::User)?;
//! let client = PhaseClient::new(host.clone(), token, ClientOptions::for_host(&host))?;
//!
//! let apps = client.list_apps().await?;
//! let app = apps.iter().find(|a| a.sse_enabled).expect("an SSE app");
//! let env = EnvSelector::new(&app.id, "development");
//!
//! client
//!     .create_secrets(&env, &[NewSecret::new("db host", "localhost")]) // sent as DB_HOST
//!     .await?;
//! for secret in client.list_secrets(&env, &SecretFilter::default()).await? {
//!     println!("{}{} = {:?}", secret.path, secret.key, secret.effective_value()); // <redacted>
//! }
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

mod client;
mod decode;
mod error;
mod host;
pub mod models;
mod options;
mod rate_limit;
pub mod references;
mod secret_string;
mod token;
mod transport;
mod validation;

pub use client::{PhaseClient, RawRequest};
pub use decode::{
    decode_apps, decode_environments, decode_error_body, decode_message, decode_secrets,
    SecretListStream, HTML_NOT_JSON, NO_SUCH_ROUTE,
};
pub use error::PhaseError;
pub use host::{Host, CLOUD_BASE_URL, SELF_HOSTED_API_PATH};
pub use models::{
    App, EnvSelector, EnvType, Environment, Lifecycle, NewSecret, Override, OverrideInput, Secret,
    SecretFilter, SecretType, SecretUpdate,
};
pub use options::{
    ClientOptions, RateLimitCallback, RetryPolicy, CLOUD_BUDGET_PER_MINUTE, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_WAIT, DEFAULT_READ_TIMEOUT, DEFAULT_RETRY_AFTER, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};
pub use rate_limit::{RateLimitNotice, RateLimitSource};
pub use secret_string::SecretString;
pub use token::{Token, TokenForm, TokenKind};
pub use validation::{
    normalize_key, normalize_path, validate_new_secrets, validate_tag, validate_updates,
    MAX_TAG_LEN,
};
