//! Deleting secrets: held back for the undo window, then sent in one request.

use super::{env_selector, lock, Desk};
use crate::error::{DeskError, DeskResult};
use crate::secrets;
use crate::undo::{Deleted, UNDO_WINDOW_SECS};
use crate::view::*;

impl Desk {
    /// Hides the secrets and holds the delete back for `undo_delete`; nothing is sent
    /// until `commit_delete` (the window calls it when the undo window ends),
    /// `commit_all_deletes`, or quitting.
    pub async fn delete_secrets(
        &self,
        app_id: &str,
        env: &str,
        secret_ids: Vec<String>,
    ) -> DeskResult<DeleteOutcome> {
        let env = env_selector(app_id, env)?;
        if secret_ids.is_empty() {
            return Err(DeskError::invalid(
                "secretIds",
                "Select the secrets to delete.",
            ));
        }
        let account = self.active()?;
        Self::refuse_unless(
            &account,
            |c| c.delete && !c.read_only,
            "secretIds",
            "Secrets cannot be deleted here",
        )?;
        let doomed = secret_ids
            .iter()
            .map(|id| self.cached(&account, &env, id))
            .collect::<DeskResult<Vec<_>>>()?;
        let rotating: Vec<&str> = doomed
            .iter()
            .filter(|s| s.lifecycle == phase_api::Lifecycle::Rotating)
            .map(|s| s.key.as_str())
            .collect();
        if !rotating.is_empty() {
            return Err(DeskError::invalid(
                "secretIds",
                format!(
                    "Rotating secrets cannot be deleted here: {}.",
                    rotating.join(", ")
                ),
            ));
        }
        if let Some(map) = self.cache_mut().get_mut(&Self::cache_key(&account, &env)) {
            for id in &secret_ids {
                map.remove(id);
            }
        }
        let undo_id = uuid::Uuid::new_v4().to_string();
        let deleted_keys: Vec<String> = doomed.iter().map(|s| s.key.clone()).collect();
        let message = match deleted_keys.as_slice() {
            [one] => format!("Deleted {one}"),
            many => format!("Deleted {} secrets", many.len()),
        };
        lock(&self.undo).push(Deleted {
            undo_id: undo_id.clone(),
            account_id: account.id.clone(),
            env,
            secrets: doomed,
        });
        Ok(DeleteOutcome {
            undo_id,
            deleted_keys,
            message,
            commit_in_secs: UNDO_WINDOW_SECS,
        })
    }

    /// Takes back a delete that was not sent yet: the rows come back exactly as they were
    /// (no request, so references and overrides are untouched).
    pub fn undo_delete(&self, undo_id: &str) -> DeskResult<Vec<SecretRow>> {
        let deleted = lock(&self.undo).take(undo_id).ok_or_else(|| {
            DeskError::NotFound(
                "That delete was already sent to the server, so it can no longer be undone.".into(),
            )
        })?;
        let account = self.record(&deleted.account_id)?;
        self.cache_put(&account, &deleted.env, &deleted.secrets);
        Ok(deleted.secrets.iter().map(secrets::row).collect())
    }

    /// Sends a held-back delete. If the server refuses it, the secrets come back into the
    /// loaded list and the error says why.
    pub async fn commit_delete(&self, undo_id: &str) -> DeskResult<String> {
        let Some(deleted) = lock(&self.undo).take(undo_id) else {
            // Already sent (by a switch of environment) or undone.
            return Ok(String::new());
        };
        self.send_delete(deleted).await
    }

    /// Sends every held-back delete (on switching environment, account, or quitting).
    /// Returns the first failure after trying them all; failed ones come back into the list.
    pub async fn commit_all_deletes(&self) -> DeskResult<()> {
        let all = lock(&self.undo).take_all();
        let mut first_error = None;
        for deleted in all {
            if let Err(e) = self.send_delete(deleted).await {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    async fn send_delete(&self, deleted: Deleted) -> DeskResult<String> {
        let account = self.record(&deleted.account_id)?;
        let client = self.provider_for(&account).await?;
        let ids: Vec<String> = deleted.secrets.iter().map(|s| s.id.clone()).collect();
        match client.delete_secrets(&deleted.env, &ids).await {
            Ok(message) => Ok(message),
            Err(e) => {
                self.cache_put(&account, &deleted.env, &deleted.secrets);
                let keys: Vec<&str> = deleted.secrets.iter().map(|s| s.key.as_str()).collect();
                Err(DeskError::from(e).context(&format!(
                    "{} could not be deleted and {} back",
                    keys.join(", "),
                    if keys.len() == 1 { "is" } else { "are" }
                )))
            }
        }
    }
}
