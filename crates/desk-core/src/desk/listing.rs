//! Listing secrets, the value cache behind them, and reading values back
//! (search, reveal, copy to the clipboard).

use std::collections::HashMap;
use std::time::Duration;

use phase_api::{EnvSelector, Secret, SecretFilter};

use super::{env_selector, lock, CacheKey, Desk};
use crate::accounts::AccountRecord;
use crate::error::{DeskError, DeskResult};
use crate::secrets;
use crate::view::*;

impl Desk {
    pub(super) fn cache_key(account: &AccountRecord, env: &EnvSelector) -> CacheKey {
        (
            account.id.clone(),
            env.app_id.clone(),
            env.env.to_lowercase(),
        )
    }

    pub(super) fn cached(
        &self,
        account: &AccountRecord,
        env: &EnvSelector,
        id: &str,
    ) -> DeskResult<Secret> {
        lock(&self.cache)
            .get(&Self::cache_key(account, env))
            .and_then(|m| m.get(id))
            .cloned()
            .ok_or_else(|| {
                DeskError::NotFound(
                    "That secret is not in the loaded list any more. Refresh and try again.".into(),
                )
            })
    }

    pub(super) fn cache_put(&self, account: &AccountRecord, env: &EnvSelector, secrets: &[Secret]) {
        let mut cache = lock(&self.cache);
        let map = cache.entry(Self::cache_key(account, env)).or_default();
        for s in secrets {
            map.insert(s.id.clone(), s.clone());
        }
    }

    fn list_view(account: &AccountRecord, env: &EnvSelector, secrets: &[Secret]) -> SecretList {
        let can_override = account.token_kind == TokenKindView::User;
        SecretList {
            app_id: env.app_id.clone(),
            env: env.env.clone(),
            rows: secrets.iter().map(secrets::row).collect(),
            can_override,
            override_note: (!can_override).then(|| {
                "Personal overrides belong to people: this account uses a service token, which never sees or sets them."
                    .to_string()
            }),
        }
    }

    /// Lists an environment's secrets (all of them, or those with ANY of `tags`).
    pub async fn list_secrets(
        &self,
        app_id: &str,
        env: &str,
        tags: Vec<String>,
    ) -> DeskResult<SecretList> {
        let env = env_selector(app_id, env)?;
        let (account, client) = self.active_client().await?;
        let filter = SecretFilter {
            tags: tags.clone(),
            ..SecretFilter::default()
        };
        let secrets = client.list_secrets(&env, &filter).await?;
        // Rows first, then the secrets move into the cache: nothing is cloned.
        let view = Self::list_view(&account, &env, &secrets);
        let fresh = secrets.into_iter().map(|s| (s.id.clone(), s));
        let key = Self::cache_key(&account, &env);
        if tags.is_empty() {
            // Only the environment on screen stays cached (the window lists an environment
            // again whenever it opens it), so memory follows one listing, not every one seen.
            let fresh = HashMap::from([(key, fresh.collect())]);
            let replaced = std::mem::replace(&mut *lock(&self.cache), fresh);
            // Freeing thousands of secrets takes a while: not on the caller's time.
            if !replaced.is_empty() {
                tokio::task::spawn_blocking(move || crate::memory::drop_and_release(replaced));
            }
        } else {
            lock(&self.cache).entry(key).or_default().extend(fresh);
        }
        Ok(view)
    }

    /// Ids of loaded secrets whose value contains `needle`: values never leave Rust for a search.
    pub fn search_values(&self, app_id: &str, env: &str, needle: &str) -> DeskResult<Vec<String>> {
        let env = env_selector(app_id, env)?;
        let account = self.active()?;
        let cache = lock(&self.cache);
        Ok(cache
            .get(&Self::cache_key(&account, &env))
            .map(|m| secrets::search_values(m.values(), needle))
            .unwrap_or_default())
    }

    fn value_of(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<Option<String>> {
        let env = env_selector(app_id, env)?;
        let account = self.active()?;
        let secret = self.cached(&account, &env, secret_id)?;
        Ok(secrets::pick_value(&secret, which).map(str::to_string))
    }

    /// One value, for the person who asked to see it. `None` for sealed secrets.
    pub fn reveal_value(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<Option<String>> {
        self.value_of(app_id, env, secret_id, which)
    }

    /// Copies a value to the clipboard without it ever reaching the UI.
    pub fn copy_value(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<CopyOutcome> {
        let value = self
            .value_of(app_id, env, secret_id, which)?
            .ok_or_else(|| {
                DeskError::invalid(
                    "which",
                    match which {
                        ValueChoice::Override => "This secret has no personal override to copy.",
                        _ => "Sealed values cannot be read back, so they cannot be copied.",
                    },
                )
            })?;
        let secs = lock(&self.file).settings.clipboard_clear_secs;
        let clear_after = (secs > 0).then(|| Duration::from_secs(secs as u64));
        self.clipboard
            .copy(&value, clear_after)
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        Ok(CopyOutcome {
            clears_in_secs: clear_after.map(|_| secs),
        })
    }

    /// Clears the clipboard if it still holds a value we copied (on quit).
    pub fn clear_clipboard_if_ours(&self) -> bool {
        self.clipboard.clear_if_ours(None)
    }
}
