//! Opening an account: its apps and environments, the first view the window shows,
//! and the remembered app / environment / folder.

use super::{env_selector, lock, Desk};
use crate::error::{DeskError, DeskResult};
use crate::provider::ProviderApp;
use crate::view::*;

impl Desk {
    pub async fn list_apps(&self) -> DeskResult<Vec<AppView>> {
        let (_, client) = self.active_provider().await?;
        let apps = client.list_apps().await?;
        Ok(apps
            .into_iter()
            .map(|ProviderApp { app, unusable }| AppView {
                disabled_reason: unusable,
                id: app.id,
                name: app.name,
                description: app.description,
                sse_enabled: app.sse_enabled,
            })
            .collect())
    }

    pub async fn list_environments(&self, app_id: &str) -> DeskResult<Vec<EnvView>> {
        let (_, client) = self.active_provider().await?;
        let envs = client.list_environments(app_id).await?;
        Ok(envs
            .into_iter()
            .map(|e| EnvView {
                env_type: serde_json::to_value(e.env_type)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_else(|| "custom".into()),
                id: e.id,
                name: e.name,
                index: e.index.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
            })
            .collect())
    }

    /// The state and the active account opened: what the window shows first, in one call.
    pub async fn start(&self) -> StartView {
        let has_account = lock(&self.file).active_account_id.is_some();
        let (opening, opening_error) = if has_account {
            match self.open_account().await {
                Ok(o) => (Some(o), None),
                Err(e) => (None, Some(e.to_ipc())),
            }
        } else {
            (None, None)
        };
        // Read after opening, so it holds the selection the opening remembered.
        StartView {
            state: self.state(),
            opening,
            opening_error,
        }
    }

    /// Lists the active account's apps and opens the remembered (else the first usable)
    /// app and environment, remembering the choice, and starts listing that environment
    /// (see `first_listing`). Fails only when the apps cannot be listed; a failure to list
    /// the environments is reported in the opening.
    pub async fn open_account(&self) -> DeskResult<AccountOpening> {
        let last = self.active()?.last;
        let apps = self.list_apps().await?;
        let mut opening = AccountOpening {
            apps,
            app_id: None,
            envs: Vec::new(),
            envs_error: None,
            env: None,
            folder: None,
        };
        let usable = |a: &&AppView| a.disabled_reason.is_none();
        let last_app = last.as_ref().and_then(|l| {
            opening
                .apps
                .iter()
                .filter(usable)
                .find(|a| a.id == l.app_id)
        });
        let Some(app) = last_app.or_else(|| opening.apps.iter().find(usable)) else {
            return Ok(opening);
        };
        let (app_id, app_name) = (app.id.clone(), app.name.clone());
        opening.app_id = Some(app_id.clone());
        match self.list_environments(&app_id).await {
            Ok(envs) => opening.envs = envs,
            Err(e) => {
                opening.envs_error = Some(e.to_ipc());
                return Ok(opening);
            }
        }
        let last_env = last.as_ref().filter(|l| l.app_id == app_id).and_then(|l| {
            opening
                .envs
                .iter()
                .find(|e| e.name.to_lowercase() == l.env.to_lowercase())
        });
        let Some(env) = last_env.or(opening.envs.first()).map(|e| e.name.clone()) else {
            return Ok(opening);
        };
        if last_env.is_some() {
            opening.folder = last.and_then(|l| l.folder);
        }
        let selection = Selection {
            app_id: app_id.clone(),
            app_name: Some(app_name),
            env: env.clone(),
            folder: opening.folder.clone(),
        };
        // Remembering is best effort: a read-only config folder must not block opening.
        let _ = self.remember_selection(selection);
        // The listing can take long (thousands of secrets on a busy server): it is fetched
        // meanwhile, and the window's first `list_secrets` of this environment takes it.
        let (account, provider) = self.active_provider().await?;
        self.start_first_listing(&account, provider, env_selector(&app_id, &env)?);
        opening.env = Some(env);
        Ok(opening)
    }

    /// Remembers the account's last app / environment / folder.
    pub fn remember_selection(&self, selection: Selection) -> DeskResult<()> {
        let mut file = lock(&self.file);
        let Some(active) = file.active_account_id.clone() else {
            return Err(DeskError::NoAccount);
        };
        if let Some(account) = file.accounts.iter_mut().find(|a| a.id == active) {
            if account.last.as_ref() == Some(&selection) {
                return Ok(());
            }
            account.last = Some(selection);
        }
        self.store.save(&file)
    }
}
