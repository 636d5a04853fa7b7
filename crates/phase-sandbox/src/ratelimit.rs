//! A per-token rolling-minute request limiter.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MINUTE: Duration = Duration::from_secs(60);

/// Counts requests per token over a rolling minute.
#[derive(Debug, Default)]
pub struct RateLimiter {
    limit: Mutex<Option<u32>>,
    window: Mutex<Option<Duration>>,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests per token (`None` = unlimited).
    pub fn new(per_minute: Option<u32>) -> Self {
        RateLimiter {
            limit: Mutex::new(per_minute),
            window: Mutex::new(None),
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Changes the limit; the history of recent requests is kept.
    pub fn set_limit(&self, per_minute: Option<u32>) {
        *self.limit.lock().unwrap() = per_minute;
    }

    /// Shortens (or lengthens) the rolling window from a minute, so tests can see a
    /// short `Retry-After`.
    pub fn set_window(&self, window: Duration) {
        *self.window.lock().unwrap() = Some(window);
    }

    /// Records a request for `key`, or refuses it with the seconds until one is available.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let Some(limit) = *self.limit.lock().unwrap() else {
            return Ok(());
        };
        let window = self.window.lock().unwrap().unwrap_or(MINUTE);
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap();
        let q = hits.entry(key.to_string()).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
            q.pop_front();
        }
        if q.len() as u64 >= u64::from(limit) {
            let wait = q
                .front()
                .map(|t| window.saturating_sub(now.duration_since(*t)))
                .unwrap_or(window);
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Err(secs.max(1));
        }
        q.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_key() {
        let rl = RateLimiter::new(Some(2));
        assert!(rl.check("a").is_ok());
        assert!(rl.check("a").is_ok());
        let wait = rl.check("a").unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(rl.check("b").is_ok());
        rl.set_limit(None);
        assert!(rl.check("a").is_ok());
    }
}
