//! What every request shares: the data, counters, the rate limiter and injected faults;
//! and the layer that applies them before any route.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::model::Db;
use crate::reply::ApiError;

/// A failure to inject into the next requests (any route).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `Retry-After: retry_after_secs`.
    TooManyRequests {
        /// The header's value.
        retry_after_secs: u64,
    },
    /// 500 with a JSON error body; the request is not carried out.
    ServerError,
}

/// Per-token request counting in fixed windows.
#[derive(Debug)]
pub struct Limiter {
    limit: Option<u32>,
    window: Duration,
    seen: HashMap<String, (Instant, u32)>,
}

impl Limiter {
    pub fn new(limit: Option<u32>) -> Limiter {
        Limiter {
            limit,
            window: Duration::from_secs(60),
            seen: HashMap::new(),
        }
    }

    pub fn set_limit(&mut self, limit: Option<u32>) {
        self.limit = limit;
        self.seen.clear();
    }

    pub fn set_window(&mut self, window: Duration) {
        self.window = window.max(Duration::from_millis(1));
        self.seen.clear();
    }

    /// Counts a request of `token`; the seconds to wait when over the limit.
    fn check(&mut self, token: &str) -> Result<(), u64> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        let now = Instant::now();
        let entry = self.seen.entry(token.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The shared state.
#[derive(Debug)]
pub struct Shared {
    db: Mutex<Db>,
    pub requests: AtomicU64,
    pub limiter: Mutex<Limiter>,
    pub faults: Mutex<VecDeque<Fault>>,
    /// Whether Write tokens may read values too (CommandK says they may not).
    pub write_tokens_read: bool,
}

impl Shared {
    pub fn new(db: Db, rate_limit: Option<u32>, write_tokens_read: bool) -> Shared {
        Shared {
            db: Mutex::new(db),
            requests: AtomicU64::new(0),
            limiter: Mutex::new(Limiter::new(rate_limit)),
            faults: Mutex::new(VecDeque::new()),
            write_tokens_read,
        }
    }

    /// The data (never held across an `.await`).
    pub fn db(&self) -> MutexGuard<'_, Db> {
        self.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn limiter(&self) -> MutexGuard<'_, Limiter> {
        self.limiter.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn faults(&self) -> MutexGuard<'_, VecDeque<Fault>> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Counts the request, applies the rate limit (per bearer token) and any injected fault.
pub async fn gate(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    shared.requests.fetch_add(1, Ordering::Relaxed);
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if let Err(secs) = shared.limiter().check(&token) {
        return ApiError::too_many(secs).into_response();
    }
    let fault = shared.faults().pop_front();
    match fault {
        Some(Fault::TooManyRequests { retry_after_secs }) => {
            ApiError::too_many(retry_after_secs).into_response()
        }
        Some(Fault::ServerError) => ApiError::server().into_response(),
        None => next.run(request).await,
    }
}
