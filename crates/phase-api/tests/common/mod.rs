//! The conformance suite's target: a real Phase server (from the environment) or a local
//! sandbox started for each test.

#![allow(dead_code)]

use std::future::Future;
use std::sync::Arc;

use phase_api::{
    ClientOptions, EnvSelector, Host, PhaseClient, Secret, SecretFilter, Token, TokenKind,
};
use phase_sandbox::{Sandbox, SandboxConfig};

/// Environment variables that point the suite at a real server.
pub const ENV_HOST: &str = "PHASE_TEST_HOST";
/// A personal access token (User) of the real server.
pub const ENV_TOKEN: &str = "PHASE_TEST_TOKEN";
/// A service account token of the real server.
pub const ENV_SA_TOKEN: &str = "PHASE_TEST_SA_TOKEN";
/// An SSE app with an environment named `development`.
pub const ENV_APP_ID: &str = "PHASE_TEST_APP_ID";
/// An app without server-side encryption (optional on a real server).
pub const ENV_NOSSE_APP_ID: &str = "PHASE_TEST_NOSSE_APP_ID";

pub struct Ctx {
    pub host: Host,
    pub user: Token,
    pub sa: Token,
    pub app_id: String,
    /// An app the REST API refuses (no SSE), when the target has one.
    pub nosse_app_id: Option<String>,
    pub env: EnvSelector,
    pub sandbox: Option<Sandbox>,
    /// Every key this test creates starts with this (`PDT_<8 hex>_`).
    pub prefix: String,
}

impl Ctx {
    async fn new(sandbox_only: bool) -> Ctx {
        let prefix = format!(
            "PDT_{}_",
            &uuid::Uuid::new_v4().simple().to_string()[..8].to_ascii_uppercase()
        );
        let real_host = std::env::var(ENV_HOST)
            .ok()
            .filter(|h| !h.trim().is_empty() && !sandbox_only);
        match real_host {
            Some(host) => {
                let need = |name: &str| {
                    std::env::var(name)
                        .ok()
                        .filter(|v| !v.trim().is_empty())
                        .unwrap_or_else(|| panic!("{ENV_HOST} is set, so {name} must be set too"))
                };
                let host = Host::custom(&host).expect("PHASE_TEST_HOST is a valid API base URL");
                let user = Token::parse(&need(ENV_TOKEN), TokenKind::User).expect("user token");
                let sa = Token::parse(&need(ENV_SA_TOKEN), TokenKind::ServiceAccount)
                    .expect("service account token");
                let app_id = need(ENV_APP_ID);
                eprintln!("conformance target: real server at {}", host.base_url());
                Ctx {
                    host,
                    user,
                    sa,
                    nosse_app_id: std::env::var(ENV_NOSSE_APP_ID)
                        .ok()
                        .filter(|v| !v.trim().is_empty()),
                    env: EnvSelector::new(&app_id, "development"),
                    app_id,
                    sandbox: None,
                    prefix,
                }
            }
            None => {
                let sandbox = Sandbox::start(SandboxConfig::default())
                    .await
                    .expect("the sandbox starts");
                let host = Host::custom(&sandbox.base_url()).unwrap();
                let user = Token::parse(&sandbox.user_token(), TokenKind::User).unwrap();
                let sa = Token::parse(&sandbox.service_account_token(), TokenKind::ServiceAccount)
                    .unwrap();
                let app_id = sandbox.demo_app_id();
                Ctx {
                    host,
                    user,
                    sa,
                    nosse_app_id: Some(sandbox.e2ee_app_id()),
                    env: EnvSelector::new(&app_id, "development"),
                    app_id,
                    sandbox: Some(sandbox),
                    prefix,
                }
            }
        }
    }

    /// A unique key for this test run.
    pub fn key(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    pub fn options(&self) -> ClientOptions {
        ClientOptions::for_host(&self.host)
    }

    pub fn client(&self) -> PhaseClient {
        self.client_with(self.user.clone(), self.options())
    }

    pub fn sa_client(&self) -> PhaseClient {
        self.client_with(self.sa.clone(), self.options())
    }

    pub fn client_with(&self, token: Token, options: ClientOptions) -> PhaseClient {
        PhaseClient::new(self.host.clone(), token, options).expect("client")
    }

    /// The sandbox of a [`sandboxed`] test.
    pub fn sandbox(&self) -> &Sandbox {
        self.sandbox
            .as_ref()
            .expect("this test runs with `sandboxed`, which always starts a sandbox")
    }

    /// Requests the sandbox received so far (0 on a real server).
    pub fn requests(&self) -> u64 {
        self.sandbox.as_ref().map_or(0, Sandbox::request_count)
    }

    /// This run's secrets in the test environment, as the person sees them.
    pub async fn mine(&self, filter: &SecretFilter) -> Vec<Secret> {
        self.client()
            .list_secrets(&self.env, filter)
            .await
            .expect("list")
            .into_iter()
            .filter(|s| s.key.starts_with(&self.prefix))
            .collect()
    }

    /// Deletes every secret of this run (best effort).
    pub async fn cleanup(&self) {
        if let Some(sb) = &self.sandbox {
            sb.set_rate_limit(None);
        }
        let client = self.client();
        let ids: Vec<String> = match client
            .list_secrets(&self.env, &SecretFilter::default())
            .await
        {
            Ok(all) => all
                .into_iter()
                .filter(|s| s.key.starts_with(&self.prefix))
                .map(|s| s.id)
                .collect(),
            Err(e) => {
                eprintln!("cleanup: could not list secrets: {e}");
                return;
            }
        };
        if !ids.is_empty() {
            if let Err(e) = client.delete_secrets(&self.env, &ids).await {
                eprintln!("cleanup: could not delete {} secrets: {e}", ids.len());
            }
        }
    }
}

/// Runs one conformance test against the real server when `PHASE_TEST_HOST` is set, else
/// against a local sandbox: sets up the target, runs `body`, and deletes everything the
/// test created, also when `body` panics (the panic is then re-raised).
pub async fn conformance<F, Fut>(body: F)
where
    F: FnOnce(Arc<Ctx>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run(Ctx::new(false).await, body).await
}

/// Like [`conformance`], but always against a local sandbox (fault injection needs one).
pub async fn sandboxed<F, Fut>(body: F)
where
    F: FnOnce(Arc<Ctx>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run(Ctx::new(true).await, body).await
}

async fn run<F, Fut>(ctx: Ctx, body: F)
where
    F: FnOnce(Arc<Ctx>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let ctx = Arc::new(ctx);
    let outcome = tokio::spawn(body(ctx.clone())).await;
    ctx.cleanup().await;
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("test task failed: {e}");
    }
}
