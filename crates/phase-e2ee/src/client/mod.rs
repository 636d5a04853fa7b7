//! [`E2eeClient`]: Phase's end-to-end-encrypted secrets API (`/service/secrets/`) with the
//! encryption done here.
//!
//! Every call needs the keyring of `GET /service/secrets/tokens/`: it is fetched and
//! opened once (the first call, or [`E2eeClient::unlock`]) and kept until
//! [`E2eeClient::lock`] or [`E2eeClient::refresh`]; the opened keys are wiped when
//! dropped. HTTP goes through a [`PhaseClient`], so the request budget, 429 waits and
//! error mapping are phase-api's.

mod keyring;
mod payload;
mod read;
mod wire;
mod write;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use phase_api::{
    App, ClientOptions, EnvSelector, Environment, Host, PhaseClient, PhaseError, RawRequest, Token,
    TokenForm, TokenKind,
};
use reqwest::Method;

pub use keyring::{E2eeApp, E2eeEnvironment, Encryption, Keyring};
pub use read::Listing;
pub use wire::Organisation;

use crate::keys::{EnvKeys, TokenKeys};

/// The base of the E2EE routes for a host: Phase Cloud's Console, or the host's own
/// `/service` (a self-hosted `…/service/public` API base becomes `…/service`).
pub fn service_base(host: &Host) -> String {
    if host.is_cloud() {
        return "https://console.phase.dev/service".to_string();
    }
    let base = host.base_url();
    if let Some(root) = base.strip_suffix("/service/public") {
        return format!("{root}/service");
    }
    if base.ends_with("/service") {
        return base.to_string();
    }
    let root = base.strip_suffix("/public").unwrap_or(base);
    format!("{root}/service")
}

/// True when `token` carries the key material end-to-end encryption needs (the whole
/// Console string, `pss_user:v1:…` or `pss_service:v1|v2:…`).
pub fn has_key_material(token: &Token) -> bool {
    token.form() == TokenForm::Console && TokenKeys::parse(token.expose()).is_ok()
}

/// An async client of one host's end-to-end-encrypted secrets API with one token.
/// Cheap to clone; `Send + Sync`. `Debug` shows the host and the token kind only.
#[derive(Clone)]
pub struct E2eeClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: PhaseClient,
    base: String,
    token: TokenKeys,
    keyring: tokio::sync::Mutex<Option<Arc<Keyring>>>,
    /// The last keyring, readable without waiting (for `lock`).
    last: Mutex<Option<Arc<Keyring>>>,
}

impl std::fmt::Debug for E2eeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("E2eeClient")
            .field("host", self.inner.http.host())
            .field("token", &self.inner.http.token_kind())
            .finish()
    }
}

impl E2eeClient {
    /// A client of `host` with `token`, which must be the whole Console string: a bare
    /// token or a `Bearer User …` header has no key material and is refused
    /// ([`PhaseError::Validation`], field `"token"`) before anything is sent.
    pub fn new(host: Host, token: Token, options: ClientOptions) -> Result<E2eeClient, PhaseError> {
        let keys = match token.form() {
            TokenForm::Console => TokenKeys::parse(token.expose()).ok(),
            _ => None,
        };
        let Some(keys) = keys else {
            return Err(PhaseError::validation(
                "token",
                format!(
                    "end-to-end-encrypted apps need the whole token the Phase Console shows (pss_user:v1:… or pss_service:v2:…, six fields); {} has no key material",
                    token.form_label()
                ),
            ));
        };
        let base = service_base(&host);
        Ok(E2eeClient {
            inner: Arc::new(Inner {
                http: PhaseClient::new(host, token, options)?,
                base,
                token: keys,
                keyring: tokio::sync::Mutex::new(None),
                last: Mutex::new(None),
            }),
        })
    }

    /// The host.
    pub fn host(&self) -> &Host {
        self.inner.http.host()
    }

    /// The token's kind (only `User` tokens see and set personal overrides).
    pub fn token_kind(&self) -> TokenKind {
        self.inner.http.token_kind()
    }

    /// The token's short fingerprint (see `phase_api::Token::fingerprint`).
    pub fn token_fingerprint(&self) -> String {
        self.inner.http.token_fingerprint()
    }

    /// The keyring: fetched from `GET /service/secrets/tokens/` and opened on the first
    /// call, then kept. A revoked token gets [`PhaseError::Unauthorized`].
    pub async fn unlock(&self) -> Result<Arc<Keyring>, PhaseError> {
        let mut slot = self.inner.keyring.lock().await;
        if let Some(k) = slot.as_ref() {
            return Ok(k.clone());
        }
        let keyring = Arc::new(self.fetch_keyring().await?);
        *slot = Some(keyring.clone());
        *self.inner.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(keyring.clone());
        Ok(keyring)
    }

    /// Fetches and opens the keyring again (new apps or environments, keys granted or
    /// taken away).
    pub async fn refresh(&self) -> Result<Arc<Keyring>, PhaseError> {
        self.lock();
        self.unlock().await
    }

    /// Drops the opened keys (they are wiped once no call in flight holds them). The
    /// next call unlocks again.
    pub fn lock(&self) {
        *self.inner.last.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if let Ok(mut slot) = self.inner.keyring.try_lock() {
            *slot = None;
        } else {
            // A call is unlocking right now: clear it as soon as it is done.
            let inner = self.inner.clone();
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                rt.spawn(async move { *inner.keyring.lock().await = None });
            }
        }
    }

    /// Every app this token has keys for, with its encryption mode and environments.
    pub async fn apps(&self) -> Result<Vec<E2eeApp>, PhaseError> {
        Ok(self.unlock().await?.apps.clone())
    }

    /// The apps as `phase_api::App`s (`sse_enabled` false for end-to-end-encrypted ones).
    pub async fn list_apps(&self) -> Result<Vec<App>, PhaseError> {
        Ok(self
            .unlock()
            .await?
            .apps
            .iter()
            .map(E2eeApp::to_app)
            .collect())
    }

    /// The environments of `app_id` this token has keys for, ordered by `index`.
    /// [`PhaseError::NotFound`] for an app it has no keys for.
    pub async fn list_environments(&self, app_id: &str) -> Result<Vec<Environment>, PhaseError> {
        let keyring = self.unlock().await?;
        let app = keyring.app(app_id).ok_or_else(|| PhaseError::NotFound {
            message: format!("This token has no keys for the app {}", app_id.trim()),
        })?;
        Ok(app
            .environments
            .iter()
            .map(E2eeEnvironment::to_environment)
            .collect())
    }

    async fn fetch_keyring(&self) -> Result<Keyring, PhaseError> {
        let request = RawRequest {
            method: Method::GET,
            url: format!("{}/secrets/tokens/", self.inner.base),
            headers: Vec::new(),
            body: None,
        };
        let body = self
            .inner
            .http
            .send_raw(&request)
            .await
            .map_err(|e| match e {
                // The tokens route answers a revoked token with 403; the rest of the API, 401.
                PhaseError::Forbidden { message } if message.contains("expired or deleted") => {
                    PhaseError::Unauthorized { message }
                }
                other => other,
            })?;
        let answer: wire::TokensAnswer =
            serde_json::from_slice(&body).map_err(|_| PhaseError::Decode {
                message: "the key listing (secrets/tokens) is not in the expected shape".into(),
            })?;
        Keyring::open(&self.inner.token, answer)
    }

    /// The environment id and keys of a selector.
    async fn env(&self, env: &EnvSelector) -> Result<(String, Arc<EnvKeys>), PhaseError> {
        let keyring = self.unlock().await?;
        let (found, keys) = keyring.env(env)?;
        Ok((found.id.clone(), keys))
    }

    async fn send(
        &self,
        method: Method,
        env_id: &str,
        mut headers: Vec<(&'static str, String)>,
        body: Option<Vec<u8>>,
    ) -> Result<Bytes, PhaseError> {
        headers.insert(0, ("Environment", env_id.to_string()));
        let request = RawRequest {
            method,
            url: format!("{}/secrets/", self.inner.base),
            headers,
            body,
        };
        self.inner.http.send_raw(&request).await
    }
}

fn crypto_failed(what: &str) -> PhaseError {
    PhaseError::Decode {
        message: format!("could not encrypt the {what} (no randomness available)"),
    }
}

#[cfg(test)]
mod tests;
