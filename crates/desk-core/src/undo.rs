//! Deleted secrets kept in memory so a delete can be undone.

use std::collections::VecDeque;

use phase_api::{EnvSelector, Secret};

/// What one delete removed, with everything needed to re-create it.
#[derive(Debug, Clone)]
pub struct Deleted {
    pub undo_id: String,
    pub account_id: String,
    pub env: EnvSelector,
    pub secrets: Vec<Secret>,
}

/// The most recent deletions (a bounded list; the oldest fall off).
#[derive(Debug, Default)]
pub struct UndoStore {
    entries: VecDeque<Deleted>,
}

const KEEP: usize = 20;

impl UndoStore {
    pub fn push(&mut self, deleted: Deleted) {
        if self.entries.len() == KEEP {
            self.entries.pop_front();
        }
        self.entries.push_back(deleted);
    }

    /// Takes the entry out; put it back with `push` if re-creating fails.
    pub fn take(&mut self, undo_id: &str) -> Option<Deleted> {
        let index = self.entries.iter().position(|d| d.undo_id == undo_id)?;
        self.entries.remove(index)
    }

    pub fn forget_account(&mut self, account_id: &str) {
        self.entries.retain(|d| d.account_id != account_id);
    }
}
