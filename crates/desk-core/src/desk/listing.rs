//! Listing secrets and the value cache behind them.

use std::time::Instant;

use phase_api::{EnvSelector, Secret, SecretFilter};

use super::loaded::PendingIndex;
use super::{env_selector, lock, rows, CacheKey, Desk};
use crate::accounts::AccountRecord;
use crate::error::{DeskError, DeskResult};
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
        self.loaded()
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

    fn list_view(account: &AccountRecord, env: &EnvSelector, rows: Vec<SecretRow>) -> SecretList {
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
            rows: SecretRows(rows),
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
        // The window shows rows by key: sorted here, the window only checks the order.
        let rows = rows::sorted_rows(&secrets, |row| client.annotate(&env, row));
        let mut view = Self::list_view(&account, &env, rows);
        view.elapsed_ms = elapsed_ms;
        view.folder_only = filter.path.clone();
        let whole = tags.is_empty() && path.is_none();
        if whole {
            *lock(&self.full_listing) = Some(key.clone());
        }
        // The secrets move into the loaded ones (nothing is cloned), indexed meanwhile.
        self.leave_index(PendingIndex::start(key, whole, secrets));
        crate::memory::release_when_quiet();
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
        self.loaded()
            .get(&key)
            .map(|m| m.values().cloned().collect())
    }

    /// Makes the listing in flight (if any) give up with [`DeskError::Cancelled`].
    pub fn cancel_listing(&self) {
        self.listing_cancel.notify_waiters();
    }
}
