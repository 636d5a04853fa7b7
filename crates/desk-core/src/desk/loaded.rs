//! The loaded secrets, by environment and id, and the index a listing leaves to build.
//!
//! A listing answers the window as soon as its rows are ready. The map of its secrets by
//! id (a few ms for 10,000) is built on a thread of its own meanwhile, and put in place
//! the next time anything reads or changes the loaded secrets ([`Desk::loaded`]), waiting
//! for it if it is not done.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use phase_api::Secret;

use super::{lock, CacheKey, Desk};

/// The loaded secrets of each environment, by id.
pub(super) type Loaded = HashMap<CacheKey, HashMap<String, Secret>>;

/// A listing's secrets, being indexed by id.
pub(super) struct PendingIndex {
    key: CacheKey,
    /// The whole environment was listed: it replaces everything loaded. Otherwise (a
    /// folder or tags of it) its secrets join those loaded for `key`.
    whole: bool,
    built: Built,
}

enum Built {
    Building(JoinHandle<HashMap<String, Secret>>),
    Ready(HashMap<String, Secret>),
}

impl PendingIndex {
    pub(super) fn start(key: CacheKey, whole: bool, secrets: Vec<Secret>) -> Self {
        // Held here too, so that a thread that cannot start does not take them with it.
        let ours = Arc::new(Mutex::new(Some(secrets)));
        let theirs = Arc::clone(&ours);
        let built = match std::thread::Builder::new()
            .name("desk-index".into())
            .spawn(move || index_by_id(lock(&theirs).take().unwrap_or_default()))
        {
            Ok(handle) => Built::Building(handle),
            Err(_) => Built::Ready(index_by_id(lock(&ours).take().unwrap_or_default())),
        };
        PendingIndex { key, whole, built }
    }

    fn install(self, loaded: &mut Loaded) {
        let map = match self.built {
            Built::Ready(map) => map,
            Built::Building(handle) => handle.join().unwrap_or_default(),
        };
        if !self.whole {
            loaded.entry(self.key).or_default().extend(map);
            return;
        }
        // Only the environment on screen stays loaded (the window lists an environment
        // again whenever it opens it), so memory follows one listing, not every one seen.
        let replaced = std::mem::replace(loaded, HashMap::from([(self.key, map)]));
        // Freeing thousands of secrets takes a while: not on anyone's time.
        if !replaced.is_empty() {
            let _ = std::thread::Builder::new()
                .name("desk-free".into())
                .spawn(move || crate::memory::drop_and_release(replaced));
        }
    }
}

fn index_by_id(secrets: Vec<Secret>) -> HashMap<String, Secret> {
    secrets.into_iter().map(|s| (s.id.clone(), s)).collect()
}

impl Desk {
    /// The loaded secrets, with the last listing's index in place.
    pub(super) fn loaded(&self) -> MutexGuard<'_, Loaded> {
        // The cache first, then the pending index: the order every caller takes them in.
        let mut loaded = lock(&self.cache);
        if let Some(pending) = lock(&self.pending_index).take() {
            pending.install(&mut loaded);
        }
        loaded
    }

    /// Waits until the last listing's secrets are indexed (on a thread of their own after
    /// it answered). For benchmarks: everything that reads the loaded secrets waits for
    /// them anyway.
    pub fn settle(&self) {
        drop(self.loaded());
    }

    /// Leaves `pending` to be put in place by the next reader, after any before it.
    pub(super) fn leave_index(&self, pending: PendingIndex) {
        let _loaded = self.loaded();
        *lock(&self.pending_index) = Some(pending);
    }
}
