//! Client settings: [`ClientOptions`] and [`RetryPolicy`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::host::Host;
use crate::rate_limit::RateLimitNotice;

/// How long one request may take before it fails with [`crate::PhaseError::Timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time limit of a read (GET). A real self-hosted server took 9–16 s to answer a listing
/// of 5,000 secrets (it decrypts each one), so reads get room for several times that.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(120);
/// How many times a 429 answer is retried by default.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The longest `Retry-After` the client waits out by itself by default.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);
/// The wait used when a 429 answer has no usable `Retry-After` header.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);
/// Phase Cloud's request allowance per minute on the Free plan (the client's default budget).
pub const CLOUD_BUDGET_PER_MINUTE: u32 = 120;
/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("phase-desk/", env!("CARGO_PKG_VERSION"));

/// A callback told about every wait caused by rate limiting, before the wait starts.
pub type RateLimitCallback = Arc<dyn Fn(RateLimitNotice) + Send + Sync>;

/// What to do when the server answers 429. Nothing else is ever retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times one call may be re-sent after a 429.
    pub max_retries: u32,
    /// A 429 asking to wait longer than this is returned as an error at once.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            max_wait: DEFAULT_MAX_WAIT,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            max_wait: Duration::ZERO,
        }
    }
}

/// Settings of a [`crate::PhaseClient`].
#[derive(Clone)]
pub struct ClientOptions {
    /// Time limit of each write (connect + send + read the whole body).
    pub timeout: Duration,
    /// Time limit of each read (GET), which can take long on large environments.
    pub read_timeout: Duration,
    /// What to do on 429.
    pub retry: RetryPolicy,
    /// A client-side request budget per minute (token bucket, continuous refill);
    /// `None` for no budget.
    pub budget_per_minute: Option<u32>,
    /// Called before every rate-limit wait (server 429 or budget).
    pub on_rate_limit: Option<RateLimitCallback>,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl ClientOptions {
    /// Defaults suited to `host`: a budget of 120 requests/minute for Phase Cloud,
    /// no budget elsewhere.
    pub fn for_host(host: &Host) -> Self {
        ClientOptions {
            budget_per_minute: host.is_cloud().then_some(CLOUD_BUDGET_PER_MINUTE),
            ..ClientOptions::default()
        }
    }

    /// Sets the callback told about rate-limit waits.
    pub fn with_rate_limit_callback(
        mut self,
        callback: impl Fn(RateLimitNotice) + Send + Sync + 'static,
    ) -> Self {
        self.on_rate_limit = Some(Arc::new(callback));
        self
    }
}

impl Default for ClientOptions {
    /// 30 s timeout, default retry policy, no budget, no callback.
    fn default() -> Self {
        ClientOptions {
            timeout: DEFAULT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            retry: RetryPolicy::default(),
            budget_per_minute: None,
            on_rate_limit: None,
            user_agent: DEFAULT_USER_AGENT.to_string(),
        }
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("timeout", &self.timeout)
            .field("read_timeout", &self.read_timeout)
            .field("retry", &self.retry)
            .field("budget_per_minute", &self.budget_per_minute)
            .field(
                "on_rate_limit",
                &self.on_rate_limit.as_ref().map(|_| "<callback>"),
            )
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_per_host() {
        let cloud = ClientOptions::for_host(&Host::cloud());
        assert_eq!(cloud.budget_per_minute, Some(120));
        assert_eq!(cloud.timeout, Duration::from_secs(30));
        assert_eq!(cloud.retry.max_retries, 2);
        assert_eq!(cloud.retry.max_wait, Duration::from_secs(60));
        let local = ClientOptions::for_host(&Host::custom("http://127.0.0.1:9").unwrap());
        assert_eq!(local.budget_per_minute, None);
        let with_cb = local.with_rate_limit_callback(|_| {});
        assert!(format!("{with_cb:?}").contains("<callback>"));
    }
}
