//! Reading loaded values back: search, reveal and copy to the clipboard. Values never
//! leave Rust except in the answer to the person who asked for one.

use std::time::Duration;

use super::{env_selector, lock, Desk};
use crate::error::{DeskError, DeskResult};
use crate::secrets;
use crate::view::*;

impl Desk {
    /// Ids of loaded secrets whose value contains `needle`: values never leave Rust for a search.
    pub fn search_values(&self, app_id: &str, env: &str, needle: &str) -> DeskResult<Vec<String>> {
        let env = env_selector(app_id, env)?;
        let account = self.active()?;
        let cache = self.loaded();
        Ok(cache
            .get(&Self::cache_key(&account, &env))
            .map(|m| secrets::search_values(m.values(), needle))
            .unwrap_or_default())
    }

    /// The value as the server holds it: with `${...}` references as written when the
    /// service hands them back so (end-to-end-encrypted apps). What the editor shows and
    /// compares against, so that saving never flattens a reference.
    pub fn value_as_written(
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

    /// What the editor starts from: the value as written (so an unchanged save sends
    /// nothing and keeps its references), fetched in full where listings are masked.
    pub async fn value_for_editing(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<Option<String>> {
        let account = self.active()?;
        if Self::capabilities(&account).masked_listing {
            return self.reveal(app_id, env, secret_id, which).await;
        }
        self.value_as_written(app_id, env, secret_id, which)
    }

    /// The value the person means when they reveal or copy: references resolved, by the
    /// server (REST) or here from the loaded list (values that come back as written).
    fn value_of(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<Option<String>> {
        let written = self.value_as_written(app_id, env, secret_id, which)?;
        let account = self.active()?;
        let raw = lock(&self.providers)
            .get(&account.id)
            .is_some_and(|p| p.values_as_written(app_id));
        let written = match written {
            Some(w) if raw && w.contains("${") => w,
            other => return Ok(other),
        };
        let env = env_selector(app_id, env)?;
        let cache = self.loaded();
        Ok(Some(match cache.get(&Self::cache_key(&account, &env)) {
            Some(loaded) => crate::resolve::resolve_local(&written, loaded),
            None => written,
        }))
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
        self.copy_text(&value)
    }

    /// Puts a value on the clipboard, cleared after the person's chosen delay.
    pub(super) fn copy_text(&self, value: &str) -> DeskResult<CopyOutcome> {
        let secs = lock(&self.file).settings.clipboard_clear_secs;
        let clear_after = (secs > 0).then(|| Duration::from_secs(secs as u64));
        self.clipboard
            .copy(value, clear_after)
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
