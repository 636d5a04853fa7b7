//! Where the suite runs: the real Phase server named by `PHASE_TEST_*` (scripts/test.sh
//! sets them from ../shared/real-phase), or a local sandbox when they are unset.

use std::process::Command;

use desk_core::view::{AccountView, HostKind, NewAccountInput, TokenKindView};
use desk_core::Desk;
use phase_api::{
    ClientOptions, EnvSelector, Host, PhaseClient, Secret, SecretFilter, Token, TokenKind,
};
use phase_sandbox::{Sandbox, SandboxConfig};

use crate::common::{open_desk, test_service};

pub const ENV: &str = "development";
/// The demo app's environments, in the server's order.
pub const ENVS: [&str; 3] = ["development", "staging", "production"];

pub struct Target {
    pub host: String,
    /// The user's PAT in the Console's form (`pss_user:v1:…`).
    pub user_token: String,
    /// The service account token in the Console's form (`pss_service:v2:…`).
    pub sa_token: String,
    pub app_id: String,
    pub nosse_app_id: String,
    /// An end-to-end-encrypted app the user and the service account have keys for.
    pub e2ee_app_id: String,
    pub sandbox: Option<Sandbox>,
    /// Every key this test creates starts with this.
    pub prefix: String,
    /// The desk's keychain service name and config folder.
    pub service: String,
    pub dir: tempfile::TempDir,
    pub desk: Desk,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Target {
    /// The target with a desk whose active account is the user's PAT (session only).
    pub async fn new() -> Target {
        let prefix = format!(
            "PDR_{}_",
            &uuid::Uuid::new_v4().simple().to_string()[..8].to_ascii_uppercase()
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let service = test_service();
        let desk = open_desk(dir.path(), &service, false).await;
        let target = match var("PHASE_TEST_HOST") {
            Some(host) => {
                let need = |name: &str| {
                    var(name)
                        .unwrap_or_else(|| panic!("PHASE_TEST_HOST is set, so {name} must be too"))
                };
                eprintln!("desk-core suite target: real server at {host}");
                Target {
                    host,
                    user_token: need("PHASE_TEST_TOKEN"),
                    sa_token: need("PHASE_TEST_SA_TOKEN"),
                    app_id: need("PHASE_TEST_APP_ID"),
                    nosse_app_id: need("PHASE_TEST_NOSSE_APP_ID"),
                    e2ee_app_id: need("PHASE_TEST_E2EE_APP_ID"),
                    sandbox: None,
                    prefix,
                    service: service.clone(),
                    dir,
                    desk,
                }
            }
            None => {
                let sandbox = Sandbox::start(SandboxConfig::default())
                    .await
                    .expect("sandbox starts");
                Target {
                    host: sandbox.base_url(),
                    user_token: sandbox.user_token(),
                    sa_token: sandbox.service_account_token(),
                    app_id: sandbox.demo_app_id(),
                    nosse_app_id: sandbox.e2ee_app_id(),
                    e2ee_app_id: sandbox.e2ee_app_id(),
                    sandbox: Some(sandbox),
                    prefix,
                    service: service.clone(),
                    dir,
                    desk,
                }
            }
        };
        let token = target.user_token.clone();
        target
            .add(&token, TokenKindView::User)
            .await
            .expect("PAT account");
        target
    }

    pub fn key(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    pub fn input(&self, token: &str, kind: TokenKindView) -> NewAccountInput {
        NewAccountInput {
            name: format!("{kind:?}"),
            host_kind: HostKind::Custom,
            host_url: Some(self.host.clone()),
            token_kind: kind,
            token: token.to_string(),
            session_only: true,
            provider: None,
        }
    }

    /// Adds a session-only account and makes it the active one.
    pub async fn add(
        &self,
        token: &str,
        kind: TokenKindView,
    ) -> desk_core::DeskResult<AccountView> {
        self.desk.add_account(self.input(token, kind)).await
    }

    /// A client that checks results directly over HTTP, outside the desk.
    pub fn outside(&self) -> PhaseClient {
        let host = Host::custom(&self.host).unwrap();
        let token = Token::parse(&self.user_token, TokenKind::User).unwrap();
        PhaseClient::new(host.clone(), token, ClientOptions::for_host(&host)).unwrap()
    }

    pub fn env(&self) -> EnvSelector {
        EnvSelector::new(&self.app_id, ENV)
    }

    /// This test's secrets as the server holds them now.
    pub async fn on_server(&self) -> Vec<Secret> {
        self.on_server_in(ENV).await
    }

    /// This test's secrets in `env` as the server holds them now.
    pub async fn on_server_in(&self, env: &str) -> Vec<Secret> {
        self.outside()
            .list_secrets(
                &EnvSelector::new(&self.app_id, env),
                &SecretFilter::default(),
            )
            .await
            .expect("list on the server")
            .into_iter()
            .filter(|s| s.key.starts_with(&self.prefix))
            .collect()
    }

    pub async fn on_server_by_key(&self, name: &str) -> Secret {
        let key = self.key(name);
        self.on_server()
            .await
            .into_iter()
            .find(|s| s.key == key)
            .unwrap_or_else(|| panic!("{key} is on the server"))
    }

    /// A new user token (Console form).
    pub fn mint_user_token(&self) -> String {
        match &self.sandbox {
            Some(sb) => sb.mint_user_token(),
            None => real_phase_script(&["token.sh", "mint"]),
        }
    }

    /// Revokes a user token, as the Console's "delete token" does.
    pub fn revoke(&self, token: &str) {
        match &self.sandbox {
            Some(sb) => sb.revoke_token(token),
            None => {
                real_phase_script(&["token.sh", "revoke", token]);
            }
        }
    }

    /// Deletes every secret of this test (best effort), also in the end-to-end-encrypted app.
    pub async fn cleanup(&self) {
        let host = Host::custom(&self.host).unwrap();
        let token = Token::parse(&self.user_token, TokenKind::User).unwrap();
        if let Ok(e2ee) =
            phase_e2ee::E2eeClient::new(host.clone(), token, ClientOptions::for_host(&host))
        {
            let env = EnvSelector::new(&self.e2ee_app_id, ENV);
            if let Ok(all) = e2ee.list_secrets(&env, &SecretFilter::default()).await {
                let ids: Vec<String> = all
                    .into_iter()
                    .filter(|s| s.key.starts_with(&self.prefix))
                    .map(|s| s.id)
                    .collect();
                if !ids.is_empty() {
                    let _ = e2ee.delete_secrets(&env, &ids).await;
                }
            }
        }
        for env in ENVS {
            let ids: Vec<String> = self
                .on_server_in(env)
                .await
                .into_iter()
                .map(|s| s.id)
                .collect();
            if !ids.is_empty() {
                let selector = EnvSelector::new(&self.app_id, env);
                if let Err(e) = self.outside().delete_secrets(&selector, &ids).await {
                    eprintln!(
                        "cleanup: could not delete {} secrets in {env}: {e}",
                        ids.len()
                    );
                }
            }
        }
    }
}

/// Runs a script of ../shared/real-phase (`PHASE_TEST_REAL_PHASE_DIR`) on its state
/// directory (`PHASE_TEST_REAL_STATE`) and returns its standard output.
fn real_phase_script(args: &[&str]) -> String {
    let dir = var("PHASE_TEST_REAL_PHASE_DIR").unwrap_or_else(|| {
        panic!("PHASE_TEST_HOST is set: set PHASE_TEST_REAL_PHASE_DIR to the real-phase scripts (scripts/test.sh does)")
    });
    let mut cmd = Command::new("bash");
    cmd.arg(format!("{dir}/{}", args[0])).args(&args[1..]);
    if let Some(state) = var("PHASE_TEST_REAL_STATE") {
        cmd.arg(state);
    }
    let out = cmd.output().expect("run a real-phase script");
    assert!(
        out.status.success(),
        "{} failed: {}",
        args[0],
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}
