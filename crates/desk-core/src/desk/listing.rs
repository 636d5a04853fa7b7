//! Listing secrets and the value cache behind them.

use std::time::Instant;

use phase_api::{EnvSelector, Secret, SecretFilter};

use super::answers::AnswerInputs;
use super::loaded::PendingIndex;
use super::{env_selector, lock, rows, CacheKey, Desk};
use crate::accounts::AccountRecord;
use crate::error::{DeskError, DeskResult};
use crate::provider::Provider;
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
        let listed = self.fetch_listing(app_id, env, tags, path).await?;
        let mut view = listed.view();
        view.elapsed_ms = listed.elapsed_ms;
        self.keep_listed(listed);
        Ok(view)
    }

    /// [`Desk::list_secrets`] as the window takes it: the JSON of a `ListingAnswer`, whose
    /// `list` is `null` when `have` is the digest of this same listing (see `answers.rs`).
    pub async fn list_secrets_for_window(
        &self,
        app_id: &str,
        env: &str,
        tags: Vec<String>,
        path: Option<String>,
        have: Option<&str>,
    ) -> DeskResult<String> {
        let listed = self.fetch_listing(app_id, env, tags, path).await?;
        let inputs = (!listed.client.annotates()).then(|| AnswerInputs {
            token_kind: listed.account.token_kind,
            app_id: &listed.env.app_id,
            env: &listed.env.env,
            folder_only: listed.path.as_deref(),
            secrets: &listed.secrets,
        });
        let answer = self
            .answer_digests
            .answer(inputs, listed.elapsed_ms, have, || listed.view());
        self.keep_listed(listed);
        answer
    }

    async fn fetch_listing(
        &self,
        app_id: &str,
        env: &str,
        tags: Vec<String>,
        path: Option<String>,
    ) -> DeskResult<Listed> {
        let env = env_selector(app_id, env)?;
        let (account, client) = self.active_provider().await?;
        let whole = tags.is_empty() && path.is_none();
        let filter = SecretFilter {
            tags,
            path,
            ..SecretFilter::default()
        };
        let key = Self::cache_key(&account, &env);
        let first = self.take_first_listing(&key, whole);
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
        let pending = lock(&self.undo).pending_ids(&account.id, &env);
        if !pending.is_empty() {
            secrets.retain(|s| !pending.contains(s.id.as_str()));
        }
        Ok(Listed {
            elapsed_ms: elapsed.as_millis().min(u32::MAX as u128) as u32,
            path: filter.path,
            whole,
            key,
            account,
            client,
            env,
            secrets,
        })
    }

    /// The listed secrets become the loaded ones (nothing is cloned), indexed meanwhile.
    fn keep_listed(&self, listed: Listed) {
        if listed.whole {
            *lock(&self.full_listing) = Some(listed.key.clone());
        }
        self.leave_index(PendingIndex::start(
            listed.key,
            listed.whole,
            listed.secrets,
        ));
        crate::memory::release_when_quiet();
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

/// A listing as the server gave it, before it becomes rows or the loaded secrets.
struct Listed {
    elapsed_ms: u32,
    /// The one folder listed, if only one was.
    path: Option<String>,
    /// Every secret of the environment (no folder or tags asked for).
    whole: bool,
    key: CacheKey,
    account: AccountRecord,
    client: Provider,
    env: EnvSelector,
    secrets: Vec<Secret>,
}

impl Listed {
    /// The rows, sorted by key as the window shows them (it only checks the order).
    fn view(&self) -> SecretList {
        let rows = rows::sorted_rows(&self.secrets, |row| self.client.annotate(&self.env, row));
        let mut view = Desk::list_view(&self.account, &self.env, rows);
        view.folder_only = self.path.clone();
        view
    }
}
