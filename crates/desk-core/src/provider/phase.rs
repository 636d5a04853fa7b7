//! A Phase account: the public REST API for apps with server-side encryption, and the
//! end-to-end-encrypted API (encryption done here) for the others, when the token carries
//! the key material (the whole Console string).
//!
//! SSE apps stay on the REST API although the E2EE API could serve them too: the REST API
//! is the documented one, and it resolves `${...}` references on the server, whereas the
//! E2EE API hands them back raw and they would have to be resolved here.

use phase_api::{
    App, EnvSelector, Environment, NewSecret, PhaseClient, PhaseError, Secret, SecretFilter,
    SecretString, SecretUpdate, TokenKind,
};
use phase_e2ee::{E2eeClient, Encryption};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// An app as the account sees it, with why it cannot be opened when it cannot.
pub struct ProviderApp {
    pub app: App,
    pub unusable: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PhaseAccount {
    rest: PhaseClient,
    /// Present when the token carries key material.
    e2ee: Option<E2eeClient>,
    /// Whether each app seen in a listing has server-side encryption, so that SSE apps
    /// never wait for the E2EE keys.
    sse: Arc<Mutex<HashMap<String, bool>>>,
}

const NEEDS_KEYS: &str = "End-to-end encrypted: replace the token with the whole one the Console shows (pss_user:v1:… or pss_service:v2:…) to open it here.";

/// Which API serves an app.
enum Route<'a> {
    Rest(&'a PhaseClient),
    E2ee(&'a E2eeClient),
}

macro_rules! routed {
    ($self:ident, $app:expr, |$c:ident| $call:expr) => {
        match $self.route($app).await? {
            Route::Rest($c) => $call.await,
            Route::E2ee($c) => $call.await,
        }
    };
}

impl PhaseAccount {
    pub fn new(rest: PhaseClient, e2ee: Option<E2eeClient>) -> PhaseAccount {
        PhaseAccount {
            rest,
            e2ee,
            sse: Arc::default(),
        }
    }

    pub fn token_kind(&self) -> TokenKind {
        self.rest.token_kind()
    }

    /// The E2EE client, when `app_id` is end-to-end encrypted and this token has its keys.
    async fn route(&self, app_id: &str) -> Result<Route<'_>, PhaseError> {
        let Some(e2ee) = &self.e2ee else {
            return Ok(Route::Rest(&self.rest));
        };
        let known_sse = self
            .sse
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(app_id.trim())
            .copied();
        if known_sse == Some(true) {
            return Ok(Route::Rest(&self.rest));
        }
        let apps = match e2ee.apps().await {
            Ok(apps) => apps,
            // A server without the E2EE API: every app it can serve is an SSE app.
            Err(PhaseError::NotFound { .. }) => return Ok(Route::Rest(&self.rest)),
            Err(e) => return Err(e),
        };
        let end_to_end = apps
            .iter()
            .any(|a| a.id == app_id.trim() && a.encryption == Encryption::EndToEnd);
        Ok(if end_to_end {
            Route::E2ee(e2ee)
        } else {
            Route::Rest(&self.rest)
        })
    }

    /// Every app, each with why it cannot be opened here (if it cannot).
    pub async fn list_apps(&self) -> Result<Vec<ProviderApp>, PhaseError> {
        let apps = self.rest.list_apps().await?;
        self.sse
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(apps.iter().map(|a| (a.id.clone(), a.sse_enabled)));
        let keyed = match &self.e2ee {
            _ if apps.iter().all(|a| a.sse_enabled) => Ok(Vec::new()),
            Some(e2ee) => match e2ee.apps().await {
                Ok(keyed) => Ok(keyed),
                Err(e) => Err(format!("its keys could not be read: {e}")),
            },
            None => Err(NEEDS_KEYS.to_string()),
        };
        Ok(apps
            .into_iter()
            .map(|app| {
                let unusable = if app.sse_enabled {
                    None
                } else {
                    match &keyed {
                        Ok(keyed) if keyed.iter().any(|k| k.id == app.id) => None,
                        Ok(_) => Some("End-to-end encrypted, and this token has no keys for it: ask an admin of the app for access.".to_string()),
                        Err(reason) => Some(reason.clone()),
                    }
                };
                ProviderApp { app, unusable }
            })
            .collect())
    }

    pub async fn list_environments(&self, app_id: &str) -> Result<Vec<Environment>, PhaseError> {
        routed!(self, app_id, |c| c.list_environments(app_id))
    }

    pub async fn list_secrets(
        &self,
        env: &EnvSelector,
        filter: &SecretFilter,
    ) -> Result<Vec<Secret>, PhaseError> {
        routed!(self, &env.app_id, |c| c.list_secrets(env, filter))
    }

    pub async fn create_secrets(
        &self,
        env: &EnvSelector,
        batch: &[NewSecret],
    ) -> Result<Vec<Secret>, PhaseError> {
        routed!(self, &env.app_id, |c| c.create_secrets(env, batch))
    }

    pub async fn update_secrets(
        &self,
        env: &EnvSelector,
        updates: &[SecretUpdate],
    ) -> Result<Vec<Secret>, PhaseError> {
        routed!(self, &env.app_id, |c| c.update_secrets(env, updates))
    }

    pub async fn delete_secrets(
        &self,
        env: &EnvSelector,
        ids: &[String],
    ) -> Result<String, PhaseError> {
        routed!(self, &env.app_id, |c| c.delete_secrets(env, ids))
    }

    pub async fn set_override(
        &self,
        env: &EnvSelector,
        secret_id: &str,
        path: &str,
        value: SecretString,
        active: bool,
    ) -> Result<Secret, PhaseError> {
        routed!(self, &env.app_id, |c| c
            .set_override(env, secret_id, path, value, active))
    }

    /// Whether `app_id`'s values come back as written (`${...}` unresolved): apps served by
    /// the end-to-end-encrypted API, as far as the listing of apps has told.
    pub fn values_as_written(&self, app_id: &str) -> bool {
        self.e2ee.is_some()
            && self
                .sse
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(app_id.trim())
                == Some(&false)
    }

    /// Forgets the opened E2EE keys (they are wiped); the next call fetches them again.
    pub fn lock(&self) {
        if let Some(e2ee) = &self.e2ee {
            e2ee.lock();
        }
    }
}
