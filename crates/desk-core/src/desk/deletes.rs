//! Deleting secrets and undoing a delete.

use phase_api::TokenKind;

use super::{env_selector, lock, Desk};
use crate::error::{DeskError, DeskResult};
use crate::secrets;
use crate::undo::Deleted;
use crate::view::*;

impl Desk {
    /// Deletes in one request and keeps what was deleted for `undo_delete`.
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
        let (account, client) = self.active_client().await?;
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
        let message = client.delete_secrets(&env, &secret_ids).await?;
        if let Some(map) = lock(&self.cache).get_mut(&Self::cache_key(&account, &env)) {
            for id in &secret_ids {
                map.remove(id);
            }
        }
        let undo_id = uuid::Uuid::new_v4().to_string();
        let deleted_keys = doomed.iter().map(|s| s.key.clone()).collect();
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
        })
    }

    /// Re-creates exactly what a delete removed: key, value, comment, tags,
    /// path, type and override (inactive overrides included).
    pub async fn undo_delete(&self, undo_id: &str) -> DeskResult<Vec<SecretRow>> {
        let deleted = lock(&self.undo).take(undo_id).ok_or_else(|| {
            DeskError::NotFound("There is nothing left to undo for that delete.".into())
        })?;
        let account = self.record(&deleted.account_id)?;
        let client = self.client_for(&account).await?;
        let batch: Vec<_> = deleted.secrets.iter().map(secrets::recreate).collect();
        let mut created = match client.create_secrets(&deleted.env, &batch).await {
            Ok(created) => created,
            Err(e) => {
                lock(&self.undo).push(deleted);
                return Err(e.into());
            }
        };
        // The API stores an override given at creation as active: switch off the ones that were off.
        let inactive: Vec<phase_api::SecretUpdate> = created
            .iter()
            .filter_map(|new| {
                let old = deleted
                    .secrets
                    .iter()
                    .find(|o| o.key == new.key && o.path == new.path)?;
                let o = old.r#override.as_ref().filter(|o| !o.is_active)?;
                let mut update = phase_api::SecretUpdate::new(&new.id, &new.path);
                update.r#override = Some(phase_api::OverrideInput {
                    value: o.value.clone(),
                    is_active: false,
                });
                Some(update)
            })
            .collect();
        if !inactive.is_empty() && client.token_kind() == TokenKind::User {
            let fixed = client.update_secrets(&deleted.env, &inactive).await?;
            for f in fixed {
                if let Some(slot) = created.iter_mut().find(|c| c.id == f.id) {
                    *slot = f;
                }
            }
        }
        self.cache_put(&account, &deleted.env, &created);
        Ok(created.iter().map(secrets::row).collect())
    }
}
