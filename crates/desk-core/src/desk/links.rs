//! "Copy link": a `phase-desk://` link to a secret of the active account, put on the
//! clipboard as plain text (it holds no value and no token).

use crate::deeplink::DeepLink;
use crate::error::{DeskError, DeskResult};

use super::Desk;

impl Desk {
    /// The link to `key` in `path` of `env` of `app_id`, for the active account.
    pub fn link_to(
        &self,
        app_id: &str,
        env: &str,
        path: &str,
        key: Option<&str>,
    ) -> DeskResult<String> {
        let account = self.active()?;
        DeepLink::new(&account.id, app_id, env, path, key)
            .map(|l| l.to_url())
            .map_err(|e| DeskError::invalid("link", e.to_string()))
    }

    /// Copies [`Desk::link_to`] to the clipboard; answers the link.
    pub fn copy_link(
        &self,
        app_id: &str,
        env: &str,
        path: &str,
        key: Option<&str>,
    ) -> DeskResult<String> {
        let link = self.link_to(app_id, env, path, key)?;
        self.clipboard
            .copy_plain(&link)
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        Ok(link)
    }
}
