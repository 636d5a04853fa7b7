//! The server side of a journey: an in-process sandbox, and a direct API client to
//! compute expectations and to change things behind the app's back.

use phase_api::{
    ClientOptions, EnvSelector, Host, PhaseClient, Secret, SecretFilter, Token, TokenKind,
};
use phase_sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

use crate::harness::TestResult;

pub const DEMO_APP: &str = "Phase Desk Demo";
pub const DEV: &str = "development";

pub struct Server {
    pub sandbox: Sandbox,
    /// A direct client with the same user token the app uses.
    pub api: PhaseClient,
}

fn client(base_url: &str, kind: TokenKind, token: &str) -> TestResult<PhaseClient> {
    let host = Host::custom(base_url).map_err(|e| e.to_string())?;
    let token = Token::new(kind, token.to_string()).map_err(|e| e.to_string())?;
    PhaseClient::new(host.clone(), token, ClientOptions::for_host(&host)).map_err(|e| e.to_string())
}

impl Server {
    pub async fn start() -> TestResult<Server> {
        if std::env::var_os("PHASE_TEST_HOST").is_some() {
            eprintln!(
                "[e2e] note: this journey needs the sandbox's inspection hooks (stored state, request \
                 counts, rate limit), so it runs against an in-process sandbox, not PHASE_TEST_HOST"
            );
        }
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .map_err(|e| format!("sandbox: {e}"))?;
        let api = client(&sandbox.base_url(), TokenKind::User, &sandbox.user_token())?;
        Ok(Server { sandbox, api })
    }

    pub fn url(&self) -> String {
        self.sandbox.base_url()
    }

    pub fn user_token(&self) -> String {
        self.sandbox.user_token()
    }

    pub fn sa_token(&self) -> String {
        self.sandbox.service_account_token()
    }

    /// Every token of this sandbox (none may end up in the app's files or webview).
    pub fn all_tokens(&self) -> Vec<String> {
        vec![
            self.sandbox.user_token(),
            self.sandbox.other_user_token(),
            self.sandbox.service_account_token(),
            self.sandbox.service_token(),
        ]
    }

    pub fn dev(&self) -> EnvSelector {
        EnvSelector::new(self.sandbox.demo_app_id(), DEV)
    }

    /// The development environment's secrets, as the app's user sees them.
    pub async fn dev_secrets(&self) -> TestResult<Vec<Secret>> {
        self.api
            .list_secrets(&self.dev(), &SecretFilter::default())
            .await
            .map_err(|e| format!("listing secrets directly: {e}"))
    }

    pub async fn dev_secret(&self, key: &str) -> TestResult<Secret> {
        self.dev_secrets()
            .await?
            .into_iter()
            .find(|s| s.key == key)
            .ok_or_else(|| format!("{key} is not on the server"))
    }

    /// The stored secret as the sandbox holds it (no HTTP request).
    pub fn stored(&self, id: &str) -> Option<Value> {
        self.sandbox
            .secret_json(&self.sandbox.demo_app_id(), DEV, id)
    }
}

/// Sorted keys of `secrets` that satisfy `pred`.
pub fn keys_where(secrets: &[Secret], pred: impl Fn(&Secret) -> bool) -> Vec<String> {
    let mut keys: Vec<String> = secrets
        .iter()
        .filter(|s| pred(s))
        .map(|s| s.key.clone())
        .collect();
    keys.sort();
    keys
}

/// True when `path` is `folder` or below it.
pub fn under(path: &str, folder: &str) -> bool {
    folder == "/" || path == folder || path.starts_with(&format!("{folder}/"))
}
