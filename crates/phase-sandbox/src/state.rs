//! The state shared by every request handler.

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, MutexGuard};

use crate::error::ApiError;
use crate::faults::FaultQueue;
use crate::model::Db;
use crate::persist;
use crate::ratelimit::RateLimiter;

/// Everything the server shares between requests.
#[derive(Debug)]
pub struct Shared {
    /// The database. Never held across an `.await`.
    pub db: Mutex<Db>,
    /// Where to persist after every mutation.
    pub data_file: Option<PathBuf>,
    /// Whether the data file may hold live tokens (see `SandboxConfig::fresh_tokens`).
    pub persist_tokens: bool,
    /// Every HTTP request received.
    pub requests: AtomicU64,
    /// Per-token rate limiting.
    pub limiter: RateLimiter,
    /// Pending injected faults.
    pub faults: FaultQueue,
}

impl Shared {
    /// Builds the shared state around `db`.
    pub fn new(
        db: Db,
        data_file: Option<PathBuf>,
        persist_tokens: bool,
        rate_limit: Option<u32>,
    ) -> Self {
        Shared {
            db: Mutex::new(db),
            data_file,
            persist_tokens,
            requests: AtomicU64::new(0),
            limiter: RateLimiter::new(rate_limit),
            faults: FaultQueue::default(),
        }
    }

    /// Locks the database (recovering from a poisoned lock).
    pub fn db(&self) -> MutexGuard<'_, Db> {
        self.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Persists `db` to the data file, if there is one. Call with the lock held so that
    /// writes reach the disk in mutation order.
    pub fn persist(&self, db: &Db) -> Result<(), ApiError> {
        if let Some(path) = &self.data_file {
            let saved = if self.persist_tokens {
                persist::save(path, db)
            } else {
                persist::save(path, &without_tokens(db))
            };
            saved.map_err(|_| ApiError::internal())?;
        }
        Ok(())
    }
}

/// A copy of `db` whose tokens are blanked, for writing to disk.
pub fn without_tokens(db: &Db) -> Db {
    let mut copy = db.clone();
    for rec in &mut copy.tokens {
        rec.token = String::new();
        rec.console = String::new();
    }
    // The server's key shares are listed by token value: none of them either.
    copy.e2ee.token_shares.clear();
    copy
}
