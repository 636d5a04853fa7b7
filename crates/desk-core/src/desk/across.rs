//! Environments side by side: one listing per environment, fetched in parallel (the
//! client's rate budget spaces them), kept here for reveal, copy and planning copies.
//! The window gets rows of cells with equality groups computed here, never values.

use std::collections::HashMap;
use std::time::Instant;

use phase_api::{EnvSelector, PhaseError, Secret, SecretFilter, SecretType};

use super::compare_rows::compare_rows;
use super::{env_selector, lock, Desk};
use crate::accounts::AccountRecord;
use crate::changeset::{self, ChangeSet, Desired, Existing, PlanOptions};
use crate::error::{DeskError, DeskResult};
use crate::provider::Provider;
use crate::secrets;
use crate::view::*;

/// The listings behind the side-by-side view.
pub(super) struct Across {
    account_id: String,
    app_id: String,
    /// In the server's order; `None` where the listing failed.
    envs: Vec<(String, Option<Vec<Secret>>)>,
}

impl Across {
    fn secrets(&self, env: &str) -> Option<&[Secret]> {
        self.envs
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(env))
            .and_then(|(_, s)| s.as_deref())
    }
}

fn listing_stopped() -> PhaseError {
    PhaseError::validation("env", "the listing stopped")
}

/// Lists `envs` of `app_id` at once, in the given order.
async fn list_all(
    provider: &Provider,
    app_id: &str,
    envs: &[String],
) -> Vec<Result<Vec<Secret>, PhaseError>> {
    let mut tasks = tokio::task::JoinSet::new();
    for (index, env) in envs.iter().enumerate() {
        let provider = provider.clone();
        let selector = EnvSelector {
            app_id: app_id.to_string(),
            env: env.clone(),
        };
        tasks.spawn(async move {
            let listed = provider
                .list_secrets(&selector, &SecretFilter::default())
                .await;
            (index, listed)
        });
    }
    let mut out: Vec<Option<Result<Vec<Secret>, PhaseError>>> = envs.iter().map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        if let Ok((index, listed)) = joined {
            out[index] = Some(listed);
        }
    }
    out.into_iter()
        .map(|r| r.unwrap_or_else(|| Err(listing_stopped())))
        .collect()
}

impl Desk {
    /// Every environment of `app_id` the token can see, side by side.
    pub async fn compare_environments(&self, app_id: &str) -> DeskResult<CompareView> {
        self.compare(app_id, false).await
    }

    /// [`Desk::compare_environments`] as the window opens it from the table: the
    /// environment whose whole list is on screen is taken from that list (kept current by
    /// the desk's own edits) instead of being listed again. One request fewer, and the
    /// view agrees with the table it was opened from. Its Refresh lists everything.
    pub async fn open_compare(&self, app_id: &str) -> DeskResult<CompareView> {
        self.compare(app_id, true).await
    }

    async fn compare(&self, app_id: &str, reuse_held: bool) -> DeskResult<CompareView> {
        let (account, provider) = self.active_provider().await?;
        let envs: Vec<String> = self
            .list_environments(app_id)
            .await?
            .into_iter()
            .map(|e| e.name)
            .collect();
        let started = Instant::now();
        let held: Vec<Option<Vec<Secret>>> = envs
            .iter()
            .map(|env| {
                let selector = env_selector(app_id, env).ok()?;
                reuse_held
                    .then(|| self.loaded_full(&account, &selector))
                    .flatten()
            })
            .collect();
        let unheld: Vec<String> = envs
            .iter()
            .zip(&held)
            .filter(|(_, h)| h.is_none())
            .map(|(env, _)| env.clone())
            .collect();
        // In `unheld`'s order: taken one by one where `held` has nothing.
        let mut fetched = list_all(&provider, app_id, &unheld).await.into_iter();
        let listed: Vec<Result<Vec<Secret>, PhaseError>> = held
            .into_iter()
            .map(|h| match h {
                Some(secrets) => Ok(secrets),
                None => fetched.next().unwrap_or_else(|| Err(listing_stopped())),
            })
            .collect();
        let elapsed_ms = started.elapsed().as_millis().min(u32::MAX as u128) as u32;
        let mut env_errors = Vec::new();
        let mut columns = Vec::new();
        for (env, result) in envs.iter().zip(listed) {
            match result {
                Ok(mut secrets) => {
                    let selector = env_selector(app_id, env)?;
                    let hidden = lock(&self.undo).pending_ids(&account.id, &selector);
                    secrets.retain(|s| !hidden.contains(s.id.as_str()));
                    columns.push((env.clone(), Some(secrets)));
                }
                Err(e) => {
                    env_errors.push(EnvError {
                        env: env.clone(),
                        error: DeskError::from(e).to_ipc(),
                    });
                    columns.push((env.clone(), None));
                }
            }
        }
        let comparable = !Self::capabilities(&account).masked_listing;
        let view = CompareView {
            app_id: app_id.to_string(),
            envs,
            rows: CompareRows(compare_rows(&columns, comparable)),
            env_errors,
            elapsed_ms,
        };
        *lock(&self.across) = Some(Across {
            account_id: account.id.clone(),
            app_id: app_id.to_string(),
            envs: columns,
        });
        Ok(view)
    }

    fn across_secret(&self, app_id: &str, env: &str, secret_id: &str) -> DeskResult<Secret> {
        let account = self.active()?;
        lock(&self.across)
            .as_ref()
            .filter(|a| a.account_id == account.id && a.app_id == app_id)
            .and_then(|a| a.secrets(env))
            .and_then(|s| s.iter().find(|s| s.id == secret_id).cloned())
            .ok_or_else(|| {
                DeskError::NotFound(
                    "That secret is not in the compared lists any more. Refresh.".into(),
                )
            })
    }

    /// One cell's shared value, for the person who asked to see it (`None`: sealed).
    pub fn compare_reveal(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
    ) -> DeskResult<Option<String>> {
        let secret = self.across_secret(app_id, env, secret_id)?;
        Ok(secrets::pick_value(&secret, ValueChoice::Shared).map(str::to_string))
    }

    /// Copies one cell's shared value to the clipboard.
    pub fn compare_copy(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
    ) -> DeskResult<CopyOutcome> {
        let value = self
            .compare_reveal(app_id, env, secret_id)?
            .ok_or_else(|| {
                DeskError::invalid(
                    "which",
                    "Sealed values cannot be read back, so they cannot be copied.",
                )
            })?;
        self.copy_text(&value)
    }

    /// Lists of `envs` for planning: from the side-by-side view when it holds them.
    async fn listings_for(
        &self,
        account: &AccountRecord,
        provider: &Provider,
        app_id: &str,
        envs: &[String],
    ) -> DeskResult<HashMap<String, Vec<Secret>>> {
        let mut out = HashMap::new();
        let mut missing = Vec::new();
        {
            let across = lock(&self.across);
            let across = across
                .as_ref()
                .filter(|a| a.account_id == account.id && a.app_id == app_id);
            for env in envs {
                match across.and_then(|a| a.secrets(env)) {
                    Some(secrets) => {
                        out.insert(env.clone(), secrets.to_vec());
                    }
                    None => missing.push(env.clone()),
                }
            }
        }
        for (env, listed) in missing
            .iter()
            .zip(list_all(provider, app_id, &missing).await)
        {
            let listed = listed
                .map_err(|e| DeskError::from(e).context(&format!("{env} could not be listed")))?;
            out.insert(env.clone(), listed);
        }
        Ok(out)
    }

    /// Plans copying secrets of `from` (`secret_ids`; all of them when empty) to `to`.
    /// Keys a target already holds are offered unticked (copy) or left out (`fill_missing`).
    pub async fn plan_copy(
        &self,
        app_id: &str,
        from: &str,
        secret_ids: Vec<String>,
        to: Vec<String>,
        fill_missing: bool,
    ) -> DeskResult<ChangeSetView> {
        env_selector(app_id, from)?;
        let to: Vec<String> = to
            .into_iter()
            .filter(|e| !e.eq_ignore_ascii_case(from))
            .collect();
        if to.is_empty() {
            return Err(DeskError::invalid(
                "to",
                "Choose at least one other environment.",
            ));
        }
        let (account, provider) = self.active_provider().await?;
        Self::refuse_unless(
            &account,
            |c| !c.read_only && !c.masked_listing,
            "to",
            "Copying between environments needs a service that lists values",
        )?;
        let mut all = vec![from.to_string()];
        all.extend(to.iter().cloned());
        let listings = self.listings_for(&account, &provider, app_id, &all).await?;
        let source = &listings[from];
        let picked: Vec<&Secret> = source
            .iter()
            .filter(|s| secret_ids.is_empty() || secret_ids.contains(&s.id))
            .collect();
        if picked.is_empty() {
            return Err(DeskError::invalid(
                "secretIds",
                format!("{from} has none of those secrets any more."),
            ));
        }
        let mut refused = Vec::new();
        let desired: Vec<Desired> = picked
            .iter()
            .filter(|s| {
                let sealed = s.r#type == SecretType::Sealed;
                if sealed {
                    refused.push(RefusedLine {
                        line: 0,
                        key: Some(s.key.clone()),
                        reason: "Sealed: its value cannot be read back, so it cannot be copied."
                            .into(),
                    });
                }
                !sealed
            })
            .map(|s| Desired {
                key: s.key.clone(),
                path: s.path.clone(),
                value: Some(s.value.clone()),
                comment: Some(s.comment.clone()),
                tags: Some(s.tags.clone()),
                kind: Some(s.r#type),
                ..Desired::default()
            })
            .collect();
        let options = PlanOptions {
            existing: if fill_missing {
                Existing::Leave
            } else {
                Existing::Offer
            },
            server_only_in: Vec::new(),
        };
        let mut next = 1;
        let mut lines = Vec::new();
        for env in &to {
            lines.extend(changeset::plan_env(
                env,
                &listings[env],
                &desired,
                &options,
                &mut next,
            ));
        }
        changeset::validate(&mut lines, &listings);
        let (kind, verb) = if fill_missing {
            (ChangeSetKind::FillMissing, "Fill what")
        } else {
            (ChangeSetKind::CopyToEnvironments, "Copy from")
        };
        let title = if fill_missing {
            format!("{verb} {} lacks from {from}", to.join(", "))
        } else {
            format!("{verb} {from} to {}", to.join(", "))
        };
        let changes = ChangeSet {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            app_id: app_id.to_string(),
            title,
            note: (!self.values_as_written(&account, app_id)).then(|| {
                "Values are copied as the server returns them: references (${KEY}) arrive as their current values.".to_string()
            }),
            lines,
            refused,
        };
        Ok(self.put_review(&account, changes))
    }

    /// Whether `app_id`'s values come back with references as written.
    pub(super) fn values_as_written(&self, account: &AccountRecord, app_id: &str) -> bool {
        lock(&self.providers)
            .get(&account.id)
            .is_some_and(|p| p.values_as_written(app_id))
    }
}
