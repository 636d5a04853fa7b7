//! The first listing of an opened account, fetched in the background: [`Desk::open_account`]
//! answers as soon as the apps and environments are known (so the window can show its app
//! picker while a large environment is still on its way), and the window's first
//! [`Desk::list_secrets`] of that environment takes the fetch in flight instead of asking
//! the server again.
//!
//! It is used at most once, and only while nothing changed since it started: a change to
//! the loaded secrets ([`Desk::cache_mut`]), a listing of another environment, or locking
//! drops it, and dropping it aborts the fetch.

use std::sync::MutexGuard;
use std::time::{Duration, Instant};

use phase_api::{EnvSelector, PhaseError, Secret, SecretFilter};
use tokio::task::JoinHandle;

use super::{lock, CacheKey, Desk};
use crate::accounts::AccountRecord;
use crate::error::{DeskError, DeskResult};
use crate::provider::Provider;

type Fetched = (Result<Vec<Secret>, PhaseError>, Duration);

/// A whole-environment listing under way (or done) for `key`.
pub(super) struct FirstListing {
    key: CacheKey,
    task: JoinHandle<Fetched>,
}

impl Drop for FirstListing {
    fn drop(&mut self) {
        // Nobody will read it: the request stops (a finished task is not affected).
        self.task.abort();
    }
}

impl FirstListing {
    /// The secrets and how long the server took to answer.
    pub(super) async fn join(mut self) -> DeskResult<(Vec<Secret>, Duration)> {
        let (listed, elapsed) = (&mut self.task)
            .await
            .map_err(|_| DeskError::Internal("the first listing stopped".into()))?;
        Ok((listed?, elapsed))
    }
}

impl Desk {
    /// Starts listing the whole of `env` for the window's first `list_secrets` of it.
    pub(super) fn start_first_listing(
        &self,
        account: &AccountRecord,
        provider: Provider,
        env: EnvSelector,
    ) {
        let key = Self::cache_key(account, &env);
        let task = tokio::spawn(async move {
            let started = Instant::now();
            let listed = provider.list_secrets(&env, &SecretFilter::default()).await;
            (listed, started.elapsed())
        });
        *lock(&self.first_listing) = Some(FirstListing { key, task });
    }

    /// The listing started for `key`, when `whole` (no tags, no folder) is asked for. A
    /// listing of another environment drops it; a partial one of the same leaves it.
    pub(super) fn take_first_listing(&self, key: &CacheKey, whole: bool) -> Option<FirstListing> {
        let mut slot = lock(&self.first_listing);
        match slot.as_ref() {
            Some(first) if &first.key == key => whole.then(|| slot.take()).flatten(),
            Some(_) => {
                slot.take();
                None
            }
            None => None,
        }
    }

    pub(super) fn drop_first_listing(&self) {
        lock(&self.first_listing).take();
    }

    /// The loaded secrets, to change them: the first listing (if any) no longer matches.
    pub(super) fn cache_mut(&self) -> MutexGuard<'_, super::loaded::Loaded> {
        self.drop_first_listing();
        self.loaded()
    }
}
