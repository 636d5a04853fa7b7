//! Listing secrets and the value cache behind them.

use std::collections::HashMap;
use std::time::Instant;

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
        let mut cache = self.cache_mut();
        let map = cache.entry(Self::cache_key(account, env)).or_default();
        for s in secrets {
            map.insert(s.id.clone(), s.clone());
        }
    }

    fn list_view(account: &AccountRecord, env: &EnvSelector, secrets: &[Secret]) -> SecretList {
        let can_override = account.token_kind == TokenKindView::User;
        let token_name = match account.token_kind {
            TokenKindView::User => "Personal Access Token",
            TokenKindView::ServiceAccount => "Service Account token",
            TokenKindView::Service => "Service token (legacy)",
            TokenKindView::Read | TokenKindView::ReadWrite => "CommandK API token",
        };
        SecretList {
            app_id: env.app_id.clone(),
            env: env.env.clone(),
            rows: secrets.iter().map(secrets::row).collect(),
            can_override,
            override_note: (!can_override).then(|| {
                format!("Personal overrides belong to people: this account uses a {token_name}, which never sees or sets them.")
            }),
            folder_only: None,
            elapsed_ms: 0,
        }
    }

    /// Lists an environment's secrets: all of them, those with ANY of `tags`, or only the
    /// folder `path` (not its subfolders: a quick first view of a large environment).
    /// Secrets whose delete is held back for undo are left out.
    pub async fn list_secrets(
        &self,
        app_id: &str,
        env: &str,
        tags: Vec<String>,
        path: Option<String>,
    ) -> DeskResult<SecretList> {
        let env = env_selector(app_id, env)?;
        let (account, client) = self.active_provider().await?;
        let filter = SecretFilter {
            tags: tags.clone(),
            path: path.clone(),
            ..SecretFilter::default()
        };
        let key = Self::cache_key(&account, &env);
        let first = self.take_first_listing(&key, tags.is_empty() && path.is_none());
        let fetch = async {
            if let Some(first) = first {
                return first.join().await;
            }
            let started = Instant::now();
            let listed = client.list_secrets(&env, &filter).await?;
            Ok((listed, started.elapsed()))
        };
        let cancelled = self.listing_cancel.notified();
        let (mut secrets, elapsed) = tokio::select! {
            listed = fetch => listed?,
            _ = cancelled => return Err(DeskError::Cancelled),
        };
        let elapsed_ms = elapsed.as_millis().min(u32::MAX as u128) as u32;
        let pending = lock(&self.undo).pending_ids(&account.id, &env);
        if !pending.is_empty() {
            secrets.retain(|s| !pending.contains(s.id.as_str()));
        }
        // Rows first, then the secrets move into the cache: nothing is cloned.
        let mut view = Self::list_view(&account, &env, &secrets);
        // The cache's map (a few ms for 10,000) is built on another core meanwhile.
        let indexing = tokio::task::spawn_blocking(move || index_by_id(secrets));
        for row in &mut view.rows {
            client.annotate(&env, row);
        }
        // The window shows rows by key: sorted here (a few ms for 10,000) the window only
        // checks the order instead of sorting.
        view.rows
            .sort_unstable_by(|a, b| a.key.cmp(&b.key).then_with(|| a.path.cmp(&b.path)));
        view.elapsed_ms = elapsed_ms;
        view.folder_only = filter.path.clone();
        let fresh = indexing
            .await
            .map_err(|_| DeskError::Internal("the listing could not be kept".into()))?;
        if tags.is_empty() && path.is_none() {
            // Only the environment on screen stays cached (the window lists an environment
            // again whenever it opens it), so memory follows one listing, not every one seen.
            *lock(&self.full_listing) = Some(key.clone());
            let fresh = HashMap::from([(key, fresh)]);
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

    /// The whole loaded list of `env` when the last full listing was of it (kept current by
    /// the desk's own edits), so planning against the list on screen needs no new GET.
    pub(super) fn loaded_full(
        &self,
        account: &AccountRecord,
        env: &EnvSelector,
    ) -> Option<Vec<Secret>> {
        let key = Self::cache_key(account, env);
        if lock(&self.full_listing).as_ref() != Some(&key) {
            return None;
        }
        lock(&self.cache)
            .get(&key)
            .map(|m| m.values().cloned().collect())
    }

    /// Makes the listing in flight (if any) give up with [`DeskError::Cancelled`].
    pub fn cancel_listing(&self) {
        self.listing_cancel.notify_waiters();
    }
}

fn index_by_id(secrets: Vec<Secret>) -> HashMap<String, Secret> {
    secrets.into_iter().map(|s| (s.id.clone(), s)).collect()
}
