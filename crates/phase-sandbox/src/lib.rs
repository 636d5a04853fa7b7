//! # phase-sandbox
//!
//! A local, Phase-compatible HTTP server: Phase Desk's offline demo server and the
//! default target of every test. It is an independent implementation of the server side
//! of the Phase public REST API (`/v1/apps/`, `/v1/environments/`, `/v1/secrets/`, also
//! under `/public/v1/`, `/service/v1/` and `/service/public/v1/`).
//!
//! It is checked against the real Phase backend (the open-source phasehq/console
//! backend, v2.73.2, run on loopback by `../shared/real-phase/up.sh`): each behaviour
//! was compared with `curl` against it and against its source, and the sandbox copies
//! it, quirks included — see `docs/SANDBOX_VS_REAL.md` for the list, how it was checked
//! and what (little) differs. `tests/against_real.rs` repeats the comparison: with
//! `PHASE_TEST_HOST` etc. set (`. ~/.cache/phase-desk/real-phase/env`), it sends the
//! same requests to both servers and fails on any difference.
//!
//! Among the quirks: tokens handed out in the Console form (`pss_user:v1:<token>:...`)
//! of which only the 3rd field is accepted in the header, HTML 404 without the trailing
//! slash, duplicate rows for multi-tag matches, duplicate keys inside one POST not
//! caught, overrides given at creation stored active, over-long tags refused after
//! saving, PUT checking duplicates only for entries carrying `key` (and against `/`
//! when `path` is absent), sealed values kept on PUT, non-atomic PUT batches,
//! all-or-nothing DELETE, per-person overrides, secret references (`${KEY}`,
//! `${env.KEY}`, ...) returned resolved, 403 for people and 401 for service accounts
//! without access, and optional rate limiting.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use phase_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! let url = format!("{}/v1/apps/", sandbox.base_url());
//! // `user_token()` is what the Console shows (`pss_user:v1:...`); the header carries
//! // only its 3rd field, which `user_bearer()` gives ready-made.
//! let auth = sandbox.user_bearer();
//! # let _ = (url, auth);
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Nothing is logged: token and secret values never leave the process except in HTTP
//! responses (and in the data file, when one is configured).

#![warn(missing_docs)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

mod auth;
mod e2ee;
mod error;
mod faults;
mod model;
mod persist;
mod ratelimit;
mod refs;
mod routes;
mod seed;
mod server;
mod state;
mod tokens;

pub use faults::Fault;
pub use seed::Seed;

use auth::Principal;
use model::{Db, TokenKind};
use state::Shared;

/// How to start a [`Sandbox`].
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// What data to start with (ignored when `data_file` exists and holds state).
    pub seed: Seed,
    /// Persist the state as JSON here (atomic write after every mutation) and load it at
    /// start if present. Tokens are stored too, so they survive restarts, unless
    /// `fresh_tokens` is set.
    pub data_file: Option<PathBuf>,
    /// Issue new random tokens at every start, even when loading a data file (the
    /// desktop app's embedded sandbox: its token then lives in memory only, and the
    /// file holds only invalid old ones).
    pub fresh_tokens: bool,
    /// TCP port; 0 picks any free port. The sandbox always binds 127.0.0.1.
    pub port: u16,
    /// Requests per rolling minute per token; `None` = no limit (self-hosted default).
    pub rate_limit_per_minute: Option<u32>,
}

impl Default for SandboxConfig {
    /// Demo seed, no data file, any free port, no rate limit.
    fn default() -> Self {
        SandboxConfig {
            seed: Seed::Demo,
            data_file: None,
            fresh_tokens: false,
            port: 0,
            rate_limit_per_minute: None,
        }
    }
}

/// A running sandbox server. Dropping it (or calling [`Sandbox::shutdown`]) stops it.
#[derive(Debug)]
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Loads or seeds the data, binds `127.0.0.1:port` and starts serving in the
    /// background of the current tokio runtime.
    ///
    /// Fails if the port cannot be bound, or the data file exists but cannot be read or
    /// parsed (it is never overwritten in that case).
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let mut db = match &config.data_file {
            Some(path) => match persist::load(path)? {
                Some(db) => db,
                None => {
                    let db = seed::build(&config.seed);
                    persist::save(path, &db)?;
                    db
                }
            },
            None => seed::build(&config.seed),
        };
        if config.fresh_tokens {
            for rec in &mut db.tokens {
                rec.token = model::new_token();
                rec.console = String::new();
            }
        }
        let filled = db.fill_console_tokens() | e2ee::seed::prepare(&mut db);
        if let Some(path) = &config.data_file {
            if config.fresh_tokens {
                // Tokens of earlier runs stop working; the file never holds a live one.
                persist::save(path, &state::without_tokens(&db))?;
            } else if filled {
                // An older file: keep the Console form just made, so it stays the same.
                persist::save(path, &db)?;
            }
        }
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(
            db,
            config.data_file.clone(),
            !config.fresh_tokens,
            config.rate_limit_per_minute,
        ));
        let app = routes::router(shared.clone());
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::run(listener, app, stopped));
        Ok(Sandbox {
            shared,
            addr,
            stop,
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT` (clients append `/v1/...`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A new personal access token of user "Dev" in the Console form, as the real-phase
    /// `token.sh mint` gives one (for tests of a token revoked mid-session).
    pub fn mint_user_token(&self) -> String {
        let mut db = self.shared.db();
        let dev = db
            .tokens
            .iter()
            .find(|t| t.kind == TokenKind::User && t.label == "Dev")
            .and_then(|t| t.user_id.clone());
        let token = model::new_token();
        let console = model::console_token(TokenKind::User, &token);
        db.tokens.push(model::TokenRec {
            kind: TokenKind::User,
            token,
            console,
            user_id: dev,
            app_scope: None,
            label: "minted".into(),
        });
        // Real key material, so that the token also opens the E2EE keyring.
        e2ee::keys::ensure_tokens(&mut db);
        db.tokens
            .last()
            .map(|t| t.console.clone())
            .unwrap_or_default()
    }

    /// Revokes a token given in any form (Console string, `Bearer User <hex>` or the hex),
    /// as the Console's "delete token" does: later requests with it get 401.
    pub fn revoke_token(&self, token: &str) {
        let value = token
            .rsplit(' ')
            .next()
            .map(|t| t.split(':').nth(2).unwrap_or(t))
            .unwrap_or_default()
            .to_string();
        self.shared.db().tokens.retain(|t| t.token != value);
    }

    /// The id of "Phase Desk Demo", the app with server-side encryption.
    pub fn demo_app_id(&self) -> String {
        self.shared.db().demo_app_id.clone()
    }

    /// The id of "Legacy Vault", the end-to-end-encrypted app: `/v1/secrets/` answers 400
    /// (SSE off), and `/service/secrets/` serves its secrets as ciphertext, with keys
    /// wrapped for the Console-form tokens (see `docs` of the `e2ee` module and README).
    pub fn e2ee_app_id(&self) -> String {
        self.shared.db().e2ee_app_id.clone()
    }

    /// The id of "Ops Tools", an SSE app only the user Ops may use ("" when loaded from a
    /// data file written before it existed).
    pub fn ops_app_id(&self) -> String {
        self.shared.db().ops_app_id.clone()
    }

    /// The id of the generated "Bench" app, when seeded with [`Seed::Generated`].
    pub fn bench_app_id(&self) -> Option<String> {
        self.shared.db().bench_app_id.clone()
    }

    /// Every HTTP request received so far, whatever its route or status.
    pub fn request_count(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// Sets [`Sandbox::request_count`] back to 0.
    pub fn reset_request_count(&self) {
        self.shared.requests.store(0, Ordering::Relaxed);
    }

    /// Changes the rate limiter's rolling window from one minute to `window` (the limit
    /// then counts requests per window), so tests can see a short `Retry-After`.
    pub fn set_rate_limit_window(&self, window: std::time::Duration) {
        self.shared.limiter.set_window(window);
    }

    /// Changes the rate limit at runtime (`None` = unlimited).
    pub fn set_rate_limit(&self, per_minute: Option<u32>) {
        self.shared.limiter.set_limit(per_minute);
    }

    /// The next `times` requests to the secrets route (`/v1/secrets/` under any prefix,
    /// any method) suffer `fault`. Faults queue up in the order injected. Requests refused
    /// by the rate limiter do not consume a fault.
    pub fn inject_fault(&self, fault: Fault, times: u32) {
        self.shared.faults.push(fault, times);
    }

    /// A stored secret as the "Dev" user token would see it in `GET /v1/secrets/`
    /// (including Dev's override, references resolved), or `None` if the app, environment
    /// (any case) or secret does not exist.
    pub fn secret_json(
        &self,
        app_id: &str,
        env_name: &str,
        secret_id: &str,
    ) -> Option<serde_json::Value> {
        let db = self.shared.db();
        let env = db
            .envs
            .iter()
            .find(|e| e.app_id == app_id && e.name.eq_ignore_ascii_case(env_name))?;
        let secret = db
            .secrets
            .iter()
            .find(|s| s.id == secret_id && s.env_id == env.id)?;
        let principal = dev_principal(&db)?;
        let folders = routes::render::FolderIndex::new(&db, &env.id);
        let refs = refs::Resolver::new(&db, Some(&principal));
        Some(routes::render::secret(secret, &folders, &principal, &refs))
    }

    /// The value of a secret as stored, references unresolved (e.g. to check that an
    /// edit kept a `${KEY}` reference), or `None` if the app, environment (any case) or
    /// secret does not exist.
    pub fn stored_value(&self, app_id: &str, env_name: &str, secret_id: &str) -> Option<String> {
        let db = self.shared.db();
        let env = db
            .envs
            .iter()
            .find(|e| e.app_id == app_id && e.name.eq_ignore_ascii_case(env_name))?;
        db.secrets
            .iter()
            .find(|s| s.id == secret_id && s.env_id == env.id)
            .map(|s| s.value.clone())
    }

    /// Stops accepting, closes open connections and waits for the server task.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

fn dev_principal(db: &Db) -> Option<Principal> {
    let rec = db
        .tokens
        .iter()
        .find(|t| t.kind == TokenKind::User && t.label == "Dev")?;
    Some(Principal::User {
        user_id: rec.user_id.clone()?,
    })
}
