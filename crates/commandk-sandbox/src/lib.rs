//! # commandk-sandbox
//!
//! A local, CommandK-compatible HTTP server: Phase Desk's CommandK demo server and the
//! default target of `commandk-api`'s conformance suite. It serves the routes CommandK
//! documents (`GET /environments`, `GET /apps/{name}?identifierType=Name`,
//! `GET /providers`, `GET /apps/{id}/secrets/rendered`, `POST /apps/{id}/secrets`,
//! `PUT /apps/{id}/secrets/{secret}/environments/{env}/values`) and behaves as CommandK's
//! documentation, CLI and SDK say:
//!
//! - `Authorization: Bearer <token>`; a missing, malformed or unknown token → 401.
//! - Tokens are Read or Write scoped, and **Write does not include Read**: a Read token
//!   writing → 403; a Write token reading rendered secrets → 403 (metadata routes answer
//!   both). A token may be limited to some environments (403 elsewhere).
//! - Rendered secrets: `mode=Full` gives values, `mode=PreviewOnly` masked previews; an
//!   environment without a value gives `valueType …:None` and no `serializedValue`;
//!   `secret-name-filter` (repeated or comma-separated) narrows by name; an `ETag` comes
//!   with every listing and `If-None-Match` with it answers 304.
//! - Creating a secret whose name the app already has → 409 with `entityId`, the existing
//!   secret's id. Unknown app, environment or secret → 404; two apps with one name → 400
//!   `DataEntityNonSingular`.
//! - Error bodies: `{"requestId", "error", "message", "errorType"?, "entityId"?}`.
//! - Optional per-token rate limit (429 + `Retry-After`) and injected faults.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use commandk_sandbox::{CommandkSandbox, CommandkSandboxConfig};
//! let sandbox = CommandkSandbox::start(CommandkSandboxConfig::default()).await?;
//! let url = format!("{}/environments", sandbox.base_url());
//! let header = format!("Bearer {}", sandbox.read_token());
//! # let _ = (url, header);
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! State lives in memory; tokens and ids are new at every start. Nothing is logged.

#![warn(missing_docs)]

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

mod model;
mod reply;
mod routes;
mod secrets;
mod seed;
mod state;

pub use seed::{Seed, DEMO_APP_NAME, SHARED_APP_NAME};
pub use state::Fault;

use state::Shared;

/// How to start a [`CommandkSandbox`].
#[derive(Debug, Clone, Default)]
pub struct CommandkSandboxConfig {
    /// What data to start with.
    pub seed: Seed,
    /// TCP port; 0 picks any free port. The sandbox always binds 127.0.0.1.
    pub port: u16,
    /// Requests per minute per token; `None` = no limit.
    pub rate_limit_per_minute: Option<u32>,
    /// Let Write tokens read values too (CommandK documents that they cannot; this is
    /// for trying a client against the other possibility).
    pub write_tokens_read: bool,
}

/// An environment of the sandbox: `(id, name, slug)`.
pub type EnvInfo = (String, String, String);

/// A running sandbox. Dropping it (or [`CommandkSandbox::shutdown`]) stops it.
#[derive(Debug)]
pub struct CommandkSandbox {
    state: Arc<Shared>,
    local: SocketAddr,
    serving: Serving,
}

/// The server task and the way to stop it; dropping it stops the server.
#[derive(Debug)]
struct Serving {
    halt: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl Serving {
    fn halt(&mut self) {
        if let Some(halt) = self.halt.take() {
            halt.send(()).ok();
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.halt();
    }
}

impl CommandkSandbox {
    /// Seeds the data, binds `127.0.0.1:port` and serves in the background of the current
    /// tokio runtime.
    pub async fn start(config: CommandkSandboxConfig) -> std::io::Result<CommandkSandbox> {
        let db = seed::build(config.seed);
        let shared = Arc::new(Shared::new(
            db,
            config.rate_limit_per_minute,
            config.write_tokens_read,
        ));
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let local = listener.local_addr()?;
        let router = routes::router(shared.clone());
        let (halt, halted) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    halted.await.ok();
                })
                .await
                .ok();
        });
        Ok(CommandkSandbox {
            state: shared,
            local,
            serving: Serving {
                halt: Some(halt),
                server: Some(server),
            },
        })
    }

    /// `http://127.0.0.1:PORT`: the API base URL (routes hang directly off it).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.local)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.local
    }

    /// A Read-scoped token for every app and environment.
    pub fn read_token(&self) -> String {
        self.state.db().token_labelled("read")
    }

    /// A Write-scoped token for every app and environment.
    pub fn write_token(&self) -> String {
        self.state.db().token_labelled("write")
    }

    /// A Read-scoped token limited to the Development environment (403 elsewhere).
    pub fn dev_only_read_token(&self) -> String {
        self.state.db().token_labelled("dev-read")
    }

    /// The demo app's name ([`DEMO_APP_NAME`]).
    pub fn demo_app_name(&self) -> &'static str {
        DEMO_APP_NAME
    }

    /// The demo app's id.
    pub fn demo_app_id(&self) -> String {
        self.state.db().demo_app_id.clone()
    }

    /// The environments, in order: Development, Staging, Production.
    pub fn environments(&self) -> Vec<EnvInfo> {
        let db = self.state.db();
        db.envs
            .iter()
            .map(|e| (e.id.clone(), e.name.clone(), e.slug.clone()))
            .collect()
    }

    /// The id of the environment with this slug or name, if any.
    pub fn environment_id(&self, slug_or_name: &str) -> Option<String> {
        self.environments()
            .into_iter()
            .find(|(_, name, slug)| slug == slug_or_name || name == slug_or_name)
            .map(|(id, _, _)| id)
    }

    /// The stored value of the app's secret `name` in environment `env_id`.
    pub fn stored_value(&self, app_id: &str, name: &str, env_id: &str) -> Option<String> {
        let db = self.state.db();
        let secret = db
            .secrets
            .iter()
            .find(|s| s.app_id == app_id && s.name == name)?;
        secret.values.get(env_id).cloned()
    }

    /// The purpose type and provider id stored for the app's secret `name` (what the
    /// rendered listing does not show).
    pub fn secret_meta(&self, app_id: &str, name: &str) -> Option<(String, Option<String>)> {
        let db = self.state.db();
        let secret = db
            .secrets
            .iter()
            .find(|s| s.app_id == app_id && s.name == name)?;
        Some((secret.purpose.clone(), secret.provider_id.clone()))
    }

    /// How many secrets the app has.
    pub fn secret_count(&self, app_id: &str) -> usize {
        self.state
            .db()
            .secrets
            .iter()
            .filter(|s| s.app_id == app_id)
            .count()
    }

    /// Revokes a token: later requests with it get 401.
    pub fn revoke_token(&self, token: &str) {
        self.state.db().tokens.retain(|t| t.value != token.trim());
    }

    /// Every HTTP request received so far.
    pub fn request_count(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// Sets [`CommandkSandbox::request_count`] back to 0.
    pub fn reset_request_count(&self) {
        self.state.requests.store(0, Ordering::Relaxed);
    }

    /// Changes the per-token rate limit (`None` = unlimited); counts start again.
    pub fn set_rate_limit(&self, per_window: Option<u32>) {
        self.state.limiter().set_limit(per_window);
    }

    /// Changes the rate limit's window from one minute to `window`.
    pub fn set_rate_limit_window(&self, window: Duration) {
        self.state.limiter().set_window(window);
    }

    /// The next `times` requests (any route) suffer `fault`, after the rate limiter.
    pub fn inject_fault(&self, fault: Fault, times: u32) {
        let mut faults = self.state.faults();
        faults.extend(std::iter::repeat_n(fault, times as usize));
    }

    /// A few lines for people: the URL, the demo app and the tokens.
    pub fn summary(&self) -> String {
        let envs: Vec<String> = self
            .environments()
            .into_iter()
            .map(|(id, name, _)| format!("{name} ({id})"))
            .collect();
        format!(
            "CommandK sandbox at {}\n  app: {} ({})\n  environments: {}\n  Read token:  {}\n  Write token: {}\n  Read token (Development only): {}",
            self.base_url(),
            DEMO_APP_NAME,
            self.demo_app_id(),
            envs.join(", "),
            self.read_token(),
            self.write_token(),
            self.dev_only_read_token(),
        )
    }

    /// Stops accepting, lets open requests finish and waits for the server task.
    pub async fn shutdown(mut self) {
        self.serving.halt();
        if let Some(server) = self.serving.server.take() {
            server.await.ok();
        }
    }
}
