//! Rate limiting: the client-side budget (a token bucket) and the notices about waits.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// Why the client is waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateLimitSource {
    /// The server answered 429 with (or without) a `Retry-After`.
    Server,
    /// The client's own per-minute budget is used up.
    Budget,
}

/// Told to [`crate::ClientOptions::on_rate_limit`] before each rate-limit wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitNotice {
    /// How long the client will wait.
    pub wait: Duration,
    /// For server waits, the retry about to be made (1 = first retry); for budget
    /// waits, how many times this request has waited for the budget (1 = first).
    pub attempt: u32,
    /// Why.
    pub source: RateLimitSource,
}

/// A token bucket: `capacity` tokens, refilled continuously at `capacity` per minute.
#[derive(Debug)]
pub(crate) struct Budget {
    capacity: f64,
    per_sec: f64,
    state: Mutex<BucketState>,
}

#[derive(Debug)]
struct BucketState {
    tokens: f64,
    last: Instant,
}

impl Budget {
    pub(crate) fn per_minute(n: u32) -> Budget {
        let capacity = f64::from(n.max(1));
        Budget {
            capacity,
            per_sec: capacity / 60.0,
            state: Mutex::new(BucketState {
                tokens: capacity,
                last: Instant::now(),
            }),
        }
    }

    /// Takes a token, or says how long until one is available.
    pub(crate) async fn try_take(&self) -> Result<(), Duration> {
        let mut s = self.state.lock().await;
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(s.last).as_secs_f64();
        s.tokens = (s.tokens + elapsed * self.per_sec).min(self.capacity);
        s.last = now;
        if s.tokens >= 1.0 {
            s.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - s.tokens;
            // Round up to the millisecond so the retry finds a whole token.
            let ms = (missing / self.per_sec * 1000.0).ceil().max(1.0);
            Err(Duration::from_millis(ms as u64))
        }
    }
}

/// Parses a `Retry-After` header value in seconds (fractions accepted). HTTP dates and
/// garbage give `None`.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    if secs.is_finite() && (0.0..=86_400.0).contains(&secs) {
        Some(Duration::from_secs_f64(secs))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_values() {
        assert_eq!(parse_retry_after("60"), Some(Duration::from_secs(60)));
        assert_eq!(
            parse_retry_after(" 1.5 "),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("NaN"), None);
    }

    #[tokio::test(start_paused = true)]
    async fn bucket_drains_and_refills() {
        let b = Budget::per_minute(2);
        assert!(b.try_take().await.is_ok());
        assert!(b.try_take().await.is_ok());
        let wait = b.try_take().await.unwrap_err();
        assert!(
            wait > Duration::from_secs(29) && wait <= Duration::from_secs(31),
            "{wait:?}"
        );
        tokio::time::advance(wait).await;
        assert!(b.try_take().await.is_ok());
        assert!(b.try_take().await.is_err());
    }
}
