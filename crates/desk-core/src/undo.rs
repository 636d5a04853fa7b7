//! Deletes held back for the undo window. A delete hides its rows at once but is only sent
//! when the window ends (or on switching environment, or on quit), so undoing it loses
//! nothing: values come back from the server with references resolved, and re-creating a
//! deleted secret would store a copy where there was a reference.

use std::collections::HashSet;

use phase_api::{EnvSelector, Secret};

/// How long the window offers Undo before it commits a delete.
pub const UNDO_WINDOW_SECS: u32 = 10;

/// One delete not yet sent, with the secrets it hides.
#[derive(Debug, Clone)]
pub struct Deleted {
    pub undo_id: String,
    pub account_id: String,
    pub env: EnvSelector,
    pub secrets: Vec<Secret>,
}

/// The deletes not yet sent, oldest first.
#[derive(Debug, Default)]
pub struct UndoStore {
    pending: Vec<Deleted>,
}

impl UndoStore {
    pub fn push(&mut self, deleted: Deleted) {
        self.pending.push(deleted);
    }

    /// Takes one delete out (to undo or to send it).
    pub fn take(&mut self, undo_id: &str) -> Option<Deleted> {
        let index = self.pending.iter().position(|d| d.undo_id == undo_id)?;
        Some(self.pending.remove(index))
    }

    /// Takes every pending delete out, oldest first.
    pub fn take_all(&mut self) -> Vec<Deleted> {
        std::mem::take(&mut self.pending)
    }

    /// Ids hidden by pending deletes in one environment of one account.
    pub fn pending_ids(&self, account_id: &str, env: &EnvSelector) -> HashSet<String> {
        self.pending
            .iter()
            .filter(|d| {
                d.account_id == account_id
                    && d.env.app_id == env.app_id
                    && d.env.env.eq_ignore_ascii_case(&env.env)
            })
            .flat_map(|d| d.secrets.iter().map(|s| s.id.clone()))
            .collect()
    }

    pub fn forget_account(&mut self, account_id: &str) {
        self.pending.retain(|d| d.account_id != account_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deleted(undo_id: &str, account: &str, env: &str, ids: &[&str]) -> Deleted {
        let secrets = ids
            .iter()
            .map(|id| {
                serde_json::from_value(serde_json::json!({
                    "id": id, "key": "K", "value": "v", "path": "/", "version": 1
                }))
                .unwrap()
            })
            .collect();
        Deleted {
            undo_id: undo_id.into(),
            account_id: account.into(),
            env: EnvSelector::new("app", env),
            secrets,
        }
    }

    #[test]
    fn pending_ids_are_per_account_and_environment() {
        let mut store = UndoStore::default();
        store.push(deleted("u1", "a", "development", &["1", "2"]));
        store.push(deleted("u2", "b", "development", &["3"]));
        store.push(deleted("u3", "a", "Production", &["4"]));
        let dev = store.pending_ids("a", &EnvSelector::new("app", "DEVELOPMENT"));
        assert_eq!(dev, HashSet::from(["1".to_string(), "2".to_string()]));
        assert!(store.take("u1").is_some());
        assert!(store.take("u1").is_none());
        assert!(store
            .pending_ids("a", &EnvSelector::new("app", "development"))
            .is_empty());
        store.forget_account("b");
        assert_eq!(store.take_all().len(), 1);
    }
}
