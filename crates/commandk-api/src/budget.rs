//! The client-side request budget (a rolling one-minute window of sent requests) and the
//! reading of `Retry-After`.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// The longest `Retry-After` taken at face value (a day); anything longer is ignored.
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// At most `limit` requests in any rolling `span`: the moments of the requests sent in
/// the last `span` are kept, oldest first.
#[derive(Debug)]
pub(crate) struct RequestWindow {
    limit: usize,
    span: Duration,
    sent: Mutex<VecDeque<Instant>>,
}

impl RequestWindow {
    /// `n` requests per rolling minute (at least 1).
    pub(crate) fn per_minute(n: u32) -> RequestWindow {
        let limit = usize::try_from(n).unwrap_or(usize::MAX).max(1);
        RequestWindow {
            limit,
            span: Duration::from_secs(60),
            sent: Mutex::new(VecDeque::with_capacity(limit.min(1024))),
        }
    }

    /// Counts one request now when the window has room; otherwise says how long until the
    /// oldest request leaves the window (nothing is counted then).
    pub(crate) async fn admit(&self) -> Result<(), Duration> {
        let mut sent = self.sent.lock().await;
        let now = Instant::now();
        while let Some(&oldest) = sent.front() {
            if now.saturating_duration_since(oldest) < self.span {
                break;
            }
            sent.pop_front();
        }
        match sent.front() {
            Some(&oldest) if sent.len() >= self.limit => {
                let age = now.saturating_duration_since(oldest);
                Err(self.span.saturating_sub(age).max(Duration::from_millis(1)))
            }
            _ => {
                sent.push_back(now);
                Ok(())
            }
        }
    }
}

/// A `Retry-After` in (possibly fractional) seconds. HTTP dates, negative, absurd or
/// unreadable values give `None`, and the caller uses its default wait.
pub(crate) fn retry_after_seconds(header: &str) -> Option<Duration> {
    let seconds = header.trim().parse::<f64>().ok()?;
    let wait = Duration::try_from_secs_f64(seconds).ok()?;
    (wait <= LONGEST_RETRY_AFTER).then_some(wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(retry_after_seconds("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after_seconds(" 0.25 "),
            Some(Duration::from_millis(250))
        );
        for bad in ["-3", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "1e12", "inf"] {
            assert_eq!(retry_after_seconds(bad), None, "{bad}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn window_fills_then_frees_the_oldest_slot() {
        let w = RequestWindow::per_minute(2);
        assert!(w.admit().await.is_ok());
        tokio::time::advance(Duration::from_secs(20)).await;
        assert!(w.admit().await.is_ok());
        let wait = w.admit().await.unwrap_err();
        assert_eq!(wait, Duration::from_secs(40));
        tokio::time::advance(wait).await;
        assert!(w.admit().await.is_ok());
        // The second request is still in the window.
        assert_eq!(w.admit().await.unwrap_err(), Duration::from_secs(20));
    }
}
