//! A Tauri-free async client of the [CommandK](https://commandk.dev) secrets API
//! (`/environments`, `/apps/{name}`, `/providers`, `/apps/{id}/secrets/...`), built on
//! reqwest (rustls) and tokio, shaped like `phase-api`.
//!
//! CommandK's model: an app has secrets; a secret has a purpose type and one value per
//! environment (environments belong to the organisation). Listings come masked from the
//! server (`mode=PreviewOnly`); values are fetched in full (`mode=Full`) only for the names
//! asked ([`CommandkClient::reveal`]). A listing's ETag makes the next one a cheap
//! `304` ([`Listing::Unchanged`]). No delete, rename, tags, folders or overrides exist.
//!
//! Tokens are `Read` or `Write` scoped, and Write does not include Read
//! ([`TokenScope`], [`CommandkClient::detect_scope`]): browsing needs a Read token,
//! creating and setting values a Write token.
//!
//! Shared with `phase-api` rather than written twice: [`SecretString`] (values),
//! [`ClientOptions`] / [`RetryPolicy`] (timeouts, 429 retries, budget) and the
//! rate-limit notices ([`RateLimitNotice`], [`RateLimitSource`]), re-exported here.
//! Tokens and values never appear in `Debug`/`Display` output or error messages.
//!
//! ```no_run
//! use commandk_api::{options_for_host, AccessToken, CommandkClient, Host, NewSecret, PurposeType};
//!
//! # async fn run() -> Result<(), commandk_api::CommandkError> {
//! let host = Host::cloud();
//! let reader = CommandkClient::new(
//!     host.clone(),
//!     AccessToken::parse("Bearer ck_read...")?,
//!     options_for_host(&host),
//! )?;
//! let env = reader.find_environment("development").await?;
//! let app = reader.find_app("payments").await?;
//! if let commandk_api::Listing::Changed(list) = reader.list_masked(&app.id, &env.id, None).await? {
//!     for s in &list.secrets {
//!         println!("{} = {:?}", s.key, s.value); // Masked(<redacted>)
//!     }
//! }
//! let writer = CommandkClient::new(host.clone(), AccessToken::parse("ck_write...")?, options_for_host(&host))?;
//! let created = writer.create_secret(&app.id, &NewSecret::new("STRIPE_KEY", PurposeType::ApiKey)).await?;
//! writer.set_value(&app.id, &created.id, &env.id, &"sk_test_123".into()).await?;
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

mod budget;
mod client;
pub mod decode;
mod error;
mod host;
mod models;
mod token;
mod transport;
mod validation;

pub use client::CommandkClient;
pub use error::CommandkError;
pub use host::{Host, CLOUD_BASE_URL};
pub use models::{
    CatalogApp, CreatedSecret, Environment, Listing, NewSecret, Provider, PurposeType, RenderMode,
    RenderRequest, RenderedSecret, RenderedValue, SecretList,
};
pub use phase_api::{ClientOptions, RateLimitNotice, RateLimitSource, RetryPolicy, SecretString};
pub use token::{AccessToken, TokenScope};
pub use validation::{
    validate_id, validate_lookup_name, validate_secret_name, validate_value, MAX_APP_NAME_LEN,
    MAX_ID_LEN, MAX_NAME_LEN, MAX_VALUE_BYTES,
};

/// The client-side budget used for hosts run by CommandK (requests per rolling minute).
/// CommandK documents no limit; this keeps a desktop client well-behaved and matches
/// `phase-api`'s cloud budget.
pub const HOSTED_BUDGET_PER_MINUTE: u32 = 120;

/// Default options for `host`: phase-api's defaults (30 s writes, 120 s reads, two 429
/// retries of at most 60 s), with a budget of [`HOSTED_BUDGET_PER_MINUTE`] on CommandK's
/// own hosts and none elsewhere.
pub fn options_for_host(host: &Host) -> ClientOptions {
    ClientOptions {
        budget_per_minute: host
            .is_commandk_hosted()
            .then_some(HOSTED_BUDGET_PER_MINUTE),
        ..ClientOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_per_host() {
        assert_eq!(
            options_for_host(&Host::cloud()).budget_per_minute,
            Some(120)
        );
        let onprem = Host::on_premises("acme").unwrap();
        assert_eq!(options_for_host(&onprem).budget_per_minute, Some(120));
        let local = Host::custom("http://127.0.0.1:1").unwrap();
        assert_eq!(options_for_host(&local).budget_per_minute, None);
    }
}
