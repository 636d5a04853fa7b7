//! Locking: every value held in memory is dropped (loaded lists, the side-by-side view, the
//! change-set under review, held-back deletes after sending them), the clipboard is cleared
//! if it holds our copy, and the clients (with their tokens) are let go. While locked,
//! every command that needs the active account refuses with [`DeskError::Locked`];
//! unlocking reads the token from the keychain again.
//!
//! Session-only tokens (no keychain) stay in memory: there is nowhere else to read them
//! back from.

use std::sync::atomic::Ordering;

use super::{lock, Desk};
use crate::error::{DeskError, DeskResult};
use crate::view::{DeskState, LockOutcome};

impl Desk {
    /// Locks the desk now. Held-back deletes are sent first (their undo ends).
    pub async fn lock_now(&self) -> LockOutcome {
        let unsent = self.commit_all_deletes().await.err().map(|e| e.to_string());
        self.locked.store(true, Ordering::SeqCst);
        self.cache_mut().clear();
        *lock(&self.full_listing) = None;
        *lock(&self.across) = None;
        *lock(&self.review) = None;
        lock(&self.providers).clear();
        let clipboard_cleared = self.clipboard.clear_if_ours(None);
        LockOutcome {
            clipboard_cleared,
            unsent_deletes: unsent,
        }
    }

    pub fn is_locked(&self) -> bool {
        self.locked.load(Ordering::SeqCst)
    }

    /// Unlocks: the active account's token is read from the keychain again (the OS may ask).
    pub async fn unlock(&self) -> DeskResult<DeskState> {
        let id = lock(&self.file).active_account_id.clone();
        if let Some(id) = id {
            let record = self.record(&id)?;
            self.provider_for(&record).await?;
        }
        self.locked.store(false, Ordering::SeqCst);
        Ok(self.state())
    }

    /// Refuses while locked.
    pub(super) fn ensure_unlocked(&self) -> DeskResult<()> {
        if self.is_locked() {
            return Err(DeskError::Locked);
        }
        Ok(())
    }
}
