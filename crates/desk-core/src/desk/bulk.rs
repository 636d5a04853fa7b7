//! One change applied to many secrets in one request: move to a folder, add or remove
//! tags, change type. The server applies a batch update item by item and stops at the
//! first failure without saying what it saved, so a failure is followed by one listing
//! that tells the person exactly which secrets were saved and which not.

use std::collections::HashMap;

use phase_api::{EnvSelector, Secret, SecretFilter, SecretUpdate};

use crate::changeset::settle::shows;
use crate::provider::Provider;

use super::{env_selector, lock, Desk};
use crate::accounts::AccountRecord;
use crate::error::{DeskError, DeskResult};
use crate::secrets;
use crate::view::*;

/// The tags `secret` has after `edit`; `None` when the edit leaves tags alone.
pub(super) fn tags_after(secret: &Secret, edit: &BulkEdit) -> Option<Vec<String>> {
    (!edit.add_tags.is_empty() || !edit.remove_tags.is_empty()).then(|| {
        let mut tags: Vec<String> = secret
            .tags
            .iter()
            .filter(|t| !edit.remove_tags.iter().any(|r| r.trim() == t.as_str()))
            .cloned()
            .collect();
        tags.extend(edit.add_tags.iter().map(|t| t.trim().to_string()));
        tags
    })
}

/// Refuses a bulk edit without secrets or without a change, before anything else.
pub(super) fn check_bulk(secret_ids: &[String], edit: &BulkEdit) -> DeskResult<()> {
    if secret_ids.is_empty() {
        return Err(DeskError::invalid(
            "secretIds",
            "Select the secrets to change.",
        ));
    }
    if *edit == BulkEdit::default() {
        return Err(DeskError::invalid("edit", "Choose a change to apply."));
    }
    Ok(())
}

/// The changes `edit` makes to `secret`, as the edit panel would send them.
fn changes_for(secret: &Secret, edit: &BulkEdit) -> SecretChanges {
    SecretChanges {
        path: edit.move_to.clone(),
        tags: tags_after(secret, edit),
        kind: edit.kind,
        ..SecretChanges::default()
    }
}

impl Desk {
    pub async fn bulk_edit(
        &self,
        app_id: &str,
        env: &str,
        secret_ids: Vec<String>,
        edit: BulkEdit,
    ) -> DeskResult<BulkOutcome> {
        let env = env_selector(app_id, env)?;
        check_bulk(&secret_ids, &edit)?;
        let (account, client) = self.active_provider().await?;
        Self::refuse_bulk(&account, &edit)?;
        let loaded = secret_ids
            .iter()
            .map(|id| self.cached(&account, &env, id))
            .collect::<DeskResult<Vec<_>>>()?;
        let mut updates = Vec::new();
        for secret in &loaded {
            let update = secrets::update_for(secret, &changes_for(secret, &edit))
                .map_err(|e| e.context(&secret.key))?;
            updates.extend(update);
        }
        if updates.is_empty() {
            return Ok(BulkOutcome {
                saved: Vec::new(),
                not_saved: Vec::new(),
                message: "Nothing to change: every selected secret already has it.".into(),
            });
        }
        self.check_moves(&account, &env, &updates, &loaded)?;
        match client.update_secrets(&env, &updates).await {
            Ok(saved) => {
                self.cache_put(&account, &env, &saved);
                Ok(BulkOutcome {
                    message: format!("Saved {} secrets.", saved.len()),
                    saved: saved.iter().map(secrets::row).collect(),
                    not_saved: Vec::new(),
                })
            }
            Err(e) => {
                let reason = DeskError::from(e);
                self.after_partial_failure(&account, &client, &env, &updates, &loaded, reason)
                    .await
            }
        }
    }

    /// A move onto a key that the folder already holds, or two moved secrets sharing a key,
    /// is refused before anything is sent.
    fn check_moves(
        &self,
        account: &AccountRecord,
        env: &EnvSelector,
        updates: &[SecretUpdate],
        loaded: &[Secret],
    ) -> DeskResult<()> {
        let key_of = |u: &SecretUpdate| {
            u.key.clone().unwrap_or_else(|| {
                loaded
                    .iter()
                    .find(|s| s.id == u.id)
                    .map(|s| s.key.clone())
                    .unwrap_or_default()
            })
        };
        let moved: Vec<(String, String)> = updates
            .iter()
            .filter(|u| loaded.iter().any(|s| s.id == u.id && s.path != u.path))
            .map(|u| (key_of(u), u.path.clone()))
            .collect();
        let mut seen = HashMap::new();
        let mut clashes: Vec<String> = moved
            .iter()
            .filter(|(k, p)| seen.insert((k.clone(), p.clone()), ()).is_some())
            .map(|(k, p)| format!("{k} twice in {p}"))
            .collect();
        let selected: Vec<&str> = loaded.iter().map(|s| s.id.as_str()).collect();
        clashes.extend(self.taken_keys(
            account,
            env,
            moved.iter().map(|(k, p)| (k.as_str(), p.as_str())),
            &selected,
        ));
        if clashes.is_empty() {
            return Ok(());
        }
        Err(DeskError::Duplicate(format!(
            "The move would put a key where it already is: {}. Nothing was saved.",
            clashes.join(", ")
        )))
    }

    /// Reads the environment back to tell which updates the server saved before it stopped.
    async fn after_partial_failure(
        &self,
        account: &AccountRecord,
        client: &Provider,
        env: &EnvSelector,
        updates: &[SecretUpdate],
        loaded: &[Secret],
        reason: DeskError,
    ) -> DeskResult<BulkOutcome> {
        let mut now = match client.list_secrets(env, &SecretFilter::default()).await {
            Ok(now) => now,
            Err(e) => {
                return Err(reason.context(&format!(
                    "The server stopped part-way and the list could not be read back ({e}); refresh to see what was saved"
                )))
            }
        };
        let hidden = lock(&self.undo).pending_ids(&account.id, env);
        now.retain(|s| !hidden.contains(s.id.as_str()));
        let by_id: HashMap<&str, &Secret> = now.iter().map(|s| (s.id.as_str(), s)).collect();
        // The server saves in order and stops at the first failure: the saved ones are
        // the leading updates whose changes the server now shows.
        let mut saved = Vec::new();
        let mut not_saved = Vec::new();
        let mut stopped = false;
        for u in updates {
            let before = loaded.iter().find(|s| s.id == u.id);
            let key = before.map(|s| s.key.clone()).unwrap_or_default();
            let after = by_id.get(u.id.as_str()).copied();
            match (after, before) {
                (Some(after), Some(before)) if !stopped && shows(u, before, after) => {
                    saved.push(secrets::row(after))
                }
                (None, _) => not_saved.push(NotSaved {
                    id: u.id.clone(),
                    key,
                    reason: "It is no longer on the server (deleted elsewhere).".into(),
                }),
                _ => {
                    not_saved.push(NotSaved {
                        id: u.id.clone(),
                        key,
                        reason: if stopped {
                            "Not reached: the server stopped before it.".into()
                        } else {
                            reason.to_string()
                        },
                    });
                    stopped = true;
                }
            }
        }
        // The loaded list becomes the server's state.
        let key = Self::cache_key(account, env);
        let fresh: HashMap<String, Secret> = now.into_iter().map(|s| (s.id.clone(), s)).collect();
        self.cache_mut().insert(key, fresh);
        if saved.is_empty() {
            return Err(reason.context("Nothing was saved"));
        }
        Ok(BulkOutcome {
            message: format!(
                "Saved {} of {}; the server stopped at the rest: {reason}",
                saved.len(),
                updates.len()
            ),
            saved,
            not_saved,
        })
    }
}
