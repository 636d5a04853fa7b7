//! Creating secrets (one by one or from a pasted batch), updating them and
//! setting the person's override.

use phase_api::{EnvSelector, NewSecret, Secret, SecretFilter, SecretString, SecretUpdate};

use super::{env_selector, Desk};
use crate::accounts::AccountRecord;
use crate::batch;
use crate::error::{DeskError, DeskResult};
use crate::secrets;
use crate::view::*;

impl Desk {
    pub fn preview_batch(&self, text: &str, path: &str) -> Vec<BatchLine> {
        batch::parse(text, path).lines
    }

    /// Keys of `wanted` (key, folder) pairs that the loaded list already holds, except `skip`.
    pub(super) fn taken_keys<'a>(
        &self,
        account: &AccountRecord,
        env: &EnvSelector,
        wanted: impl Iterator<Item = (&'a str, &'a str)>,
        skip: &[&str],
    ) -> Vec<String> {
        let cache = self.loaded();
        let Some(loaded) = cache.get(&Self::cache_key(account, env)) else {
            return Vec::new();
        };
        wanted
            .filter(|(key, path)| {
                loaded.values().any(|s| {
                    s.key.eq_ignore_ascii_case(key)
                        && s.path == *path
                        && !skip.contains(&s.id.as_str())
                })
            })
            .map(|(key, path)| format!("{key} in {path}"))
            .collect()
    }

    async fn create(&self, env: EnvSelector, batch: Vec<NewSecret>) -> DeskResult<Vec<SecretRow>> {
        let (account, client) = self.active_provider().await?;
        if Self::capabilities(&account).per_environment_values {
            let drafts = Self::per_environment_batch(&account, &batch)?;
            return self.create_per_environment(env, drafts).await;
        }
        let taken = self.taken_keys(
            &account,
            &env,
            batch
                .iter()
                .map(|n| (n.key.as_str(), n.path.as_deref().unwrap_or("/"))),
            &[],
        );
        if !taken.is_empty() {
            return Err(DeskError::Duplicate(format!(
                "Already there: {}. Nothing was saved.",
                taken.join(", ")
            )));
        }
        let created = client.create_secrets(&env, &batch).await.map_err(|e| {
            let duplicate = e.code() == "duplicateKey";
            let err = DeskError::from(e);
            if !duplicate {
                return err;
            }
            let keys: Vec<&str> = batch.iter().map(|n| n.key.as_str()).collect();
            match keys.as_slice() {
                [one] => err.context(one),
                many => err.context(&format!("One of {} already exists", many.join(", "))),
            }
        })?;
        let created = if created.is_empty() {
            // Older servers answer with a message only: read back what was made.
            let all = client.list_secrets(&env, &SecretFilter::default()).await?;
            all.into_iter()
                .filter(|s| {
                    batch
                        .iter()
                        .any(|n| n.key == s.key && n.path.as_deref().unwrap_or("/") == s.path)
                })
                .collect()
        } else {
            created
        };
        self.cache_put(&account, &env, &created);
        let created = self
            .switch_off_overrides(&account, &env, &batch, created)
            .await?;
        Ok(created.iter().map(secrets::row).collect())
    }

    /// The server stores an override given at creation as active whatever was asked: switch
    /// off, in one request, those the person created inactive.
    async fn switch_off_overrides(
        &self,
        account: &AccountRecord,
        env: &EnvSelector,
        batch: &[NewSecret],
        mut created: Vec<Secret>,
    ) -> DeskResult<Vec<Secret>> {
        let off: Vec<SecretUpdate> = created
            .iter()
            .filter_map(|made| {
                let asked = batch
                    .iter()
                    .find(|n| n.key == made.key && n.path.as_deref().unwrap_or("/") == made.path)?;
                let o = asked.r#override.as_ref().filter(|o| !o.is_active)?;
                let now_active = made.r#override.as_ref().is_some_and(|m| m.is_active);
                now_active.then(|| SecretUpdate {
                    r#override: Some(o.clone()),
                    ..SecretUpdate::new(&made.id, &made.path)
                })
            })
            .collect();
        if off.is_empty() {
            return Ok(created);
        }
        let client = self.provider_for(account).await?;
        let fixed = client.update_secrets(env, &off).await.map_err(|e| {
            DeskError::from(e).context(
                "Created, but the personal overrides meant to be off are on: switch them off in the editor",
            )
        })?;
        self.cache_put(account, env, &fixed);
        for f in fixed {
            if let Some(slot) = created.iter_mut().find(|c| c.id == f.id) {
                *slot = f;
            }
        }
        Ok(created)
    }

    pub async fn create_secrets(
        &self,
        app_id: &str,
        env: &str,
        drafts: Vec<SecretDraft>,
    ) -> DeskResult<Vec<SecretRow>> {
        self.create_secrets_with(app_id, env, drafts, CreateOptions::default())
            .await
    }

    /// Creates secrets; `options` carry a purpose type and other environments to set the
    /// value in, for services that have them.
    pub async fn create_secrets_with(
        &self,
        app_id: &str,
        env: &str,
        drafts: Vec<SecretDraft>,
        options: CreateOptions,
    ) -> DeskResult<Vec<SecretRow>> {
        let env = env_selector(app_id, env)?;
        let account = self.active()?;
        if Self::capabilities(&account).per_environment_values {
            let drafts = Self::per_environment_drafts(&account, &drafts, &options)?;
            return self.create_per_environment(env, drafts).await;
        }
        if !options.also_in.is_empty() {
            return Err(DeskError::invalid(
                "alsoIn",
                "Each environment keeps its own secrets here: create it in each environment.",
            ));
        }
        let can_override = account.token_kind == TokenKindView::User;
        let batch = drafts
            .iter()
            .map(|d| secrets::new_secret(d, can_override))
            .collect::<DeskResult<Vec<_>>>()?;
        self.create(env, batch).await
    }

    /// Creates every `KEY=VALUE` line of a paste in one request, or none of them.
    pub async fn create_batch(
        &self,
        app_id: &str,
        env: &str,
        text: &str,
        path: &str,
    ) -> DeskResult<Vec<SecretRow>> {
        let env = env_selector(app_id, env)?;
        let parsed = batch::parse(text, path);
        if let Some(bad) = parsed.first_error() {
            return Err(DeskError::invalid(
                "text",
                format!(
                    "Line {}: {}",
                    bad.line,
                    bad.error.as_deref().unwrap_or("invalid")
                ),
            ));
        }
        if parsed.secrets.is_empty() {
            return Err(DeskError::invalid(
                "text",
                "Paste at least one KEY=VALUE line.",
            ));
        }
        self.create(env, parsed.secrets).await
    }

    /// Saves only what changed, after checking nobody else changed the secret
    /// since `base_version` (unless `force`).
    pub async fn update_secret(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        base_version: i32,
        changes: SecretChanges,
        force: bool,
    ) -> DeskResult<SaveOutcome> {
        let env = env_selector(app_id, env)?;
        let (account, client) = self.active_provider().await?;
        let loaded = self.cached(&account, &env, secret_id)?;
        // Validate before any request.
        secrets::update_for(&loaded, &changes)?;
        let filter = SecretFilter {
            key: Some(loaded.key.clone()),
            path: Some(loaded.path.clone()),
            tags: Vec::new(),
        };
        let current = client
            .list_secrets(&env, &filter)
            .await?
            .into_iter()
            .find(|s| s.id == loaded.id)
            .ok_or_else(|| {
                DeskError::NotFound(format!(
                    "{} was deleted or moved elsewhere. Refresh the list.",
                    loaded.key
                ))
            })?;
        self.cache_put(&account, &env, std::slice::from_ref(&current));
        if current.version != base_version as i64 && !force {
            return Ok(SaveOutcome::Conflict {
                their_value_changed: current.value != loaded.value,
                theirs: secrets::row(&current),
            });
        }
        let Some(update) = secrets::update_for(&current, &changes)? else {
            return Ok(SaveOutcome::Saved {
                row: secrets::row(&current),
            });
        };
        if update.key.is_some() {
            let key = update.key.as_deref().unwrap_or(&current.key);
            let taken = self.taken_keys(
                &account,
                &env,
                std::iter::once((key, update.path.as_str())),
                &[current.id.as_str()],
            );
            if !taken.is_empty() {
                return Err(DeskError::Duplicate(format!(
                    "{} already exists in {}. Nothing was saved.",
                    key, update.path
                )));
            }
        }
        let saved = client.update_secrets(&env, &[update]).await?;
        let saved = saved
            .into_iter()
            .find(|s| s.id == current.id)
            .ok_or_else(|| {
                DeskError::Internal("the server did not return the saved secret".into())
            })?;
        self.cache_put(&account, &env, std::slice::from_ref(&saved));
        let mut row = secrets::row(&saved);
        client.annotate(&env, &mut row);
        Ok(SaveOutcome::Saved { row })
    }

    /// Sets or toggles the person's override. `value: None` keeps the current value.
    pub async fn set_override(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        value: Option<String>,
        active: bool,
    ) -> DeskResult<SecretRow> {
        let env = env_selector(app_id, env)?;
        let (account, client) = self.active_provider().await?;
        if account.token_kind != TokenKindView::User {
            if account.provider != ProviderKind::Phase {
                // The service has none at all, whatever the token.
                let why = Self::capabilities(&account)
                    .missing_reason
                    .unwrap_or_default();
                return Err(DeskError::invalid("override", why));
            }
            return Err(DeskError::invalid(
                "override",
                "Personal overrides need a Personal Access Token account.",
            ));
        }
        let secret = self.cached(&account, &env, secret_id)?;
        if secret.lifecycle == phase_api::Lifecycle::Rotating {
            return Err(DeskError::invalid(
                "override",
                "This secret is rotated by Phase and is read-only here.",
            ));
        }
        let value = match value {
            Some(v) => SecretString::from(v),
            None => secret
                .r#override
                .as_ref()
                .map(|o| o.value.clone())
                .ok_or_else(|| {
                    DeskError::invalid("overrideValue", "Enter a value for your override first.")
                })?,
        };
        let saved = client
            .set_override(&env, &secret.id, &secret.path, value, active)
            .await?;
        self.cache_put(&account, &env, std::slice::from_ref(&saved));
        Ok(secrets::row(&saved))
    }
}
