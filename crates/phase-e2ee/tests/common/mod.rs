//! The E2EE conformance suite's target: the real Phase backend's end-to-end-encrypted app
//! (when `PHASE_TEST_HOST` is set: `. ~/.cache/phase-desk/real-phase/env`), or the
//! sandbox's E2EE emulation, started for each test.

#![allow(dead_code)]

use phase_api::{ClientOptions, EnvSelector, Host, PhaseClient, RawRequest, Token, TokenKind};
use phase_e2ee::{service_base, E2eeClient};
use phase_sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

pub struct Ctx {
    pub host: Host,
    pub user: Token,
    pub sa: Token,
    /// The end-to-end-encrypted app.
    pub app_id: String,
    /// An SSE app the tokens can reach.
    pub sse_app_id: String,
    /// Its Development environment.
    pub env: EnvSelector,
    /// Its Staging environment.
    pub other_env: EnvSelector,
    pub sandbox: Option<Sandbox>,
    /// Every key a test creates starts with this (`E2EE_<8 hex>_`).
    pub prefix: String,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Ctx {
    pub async fn new() -> Ctx {
        let prefix = format!(
            "E2EE_{}_",
            &uuid::Uuid::new_v4().simple().to_string()[..8].to_ascii_uppercase()
        );
        if let Some(host) = var("PHASE_TEST_HOST") {
            let need = |n: &str| {
                var(n).unwrap_or_else(|| panic!("PHASE_TEST_HOST is set, so {n} must be too"))
            };
            let app_id = need("PHASE_TEST_E2EE_APP_ID");
            eprintln!("e2ee conformance target: real server at {host}");
            return Ctx {
                host: Host::custom(&host).unwrap(),
                user: Token::parse(&need("PHASE_TEST_TOKEN"), TokenKind::User).unwrap(),
                sa: Token::parse(&need("PHASE_TEST_SA_TOKEN"), TokenKind::ServiceAccount).unwrap(),
                env: EnvSelector::new(&app_id, "Development"),
                other_env: EnvSelector::new(&app_id, "Staging"),
                sse_app_id: need("PHASE_TEST_APP_ID"),
                app_id,
                sandbox: None,
                prefix,
            };
        }
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let app_id = sandbox.e2ee_app_id();
        Ctx {
            host: Host::custom(&sandbox.base_url()).unwrap(),
            user: Token::parse(&sandbox.user_token(), TokenKind::User).unwrap(),
            sa: Token::parse(&sandbox.service_account_token(), TokenKind::ServiceAccount).unwrap(),
            env: EnvSelector::new(&app_id, "development"),
            other_env: EnvSelector::new(&app_id, "staging"),
            sse_app_id: sandbox.demo_app_id(),
            app_id,
            sandbox: Some(sandbox),
            prefix,
        }
    }

    pub fn is_real(&self) -> bool {
        self.sandbox.is_none()
    }

    pub fn user_client(&self) -> E2eeClient {
        E2eeClient::new(
            self.host.clone(),
            self.user.clone(),
            ClientOptions::default(),
        )
        .unwrap()
    }

    pub fn sa_client(&self) -> E2eeClient {
        E2eeClient::new(self.host.clone(), self.sa.clone(), ClientOptions::default()).unwrap()
    }

    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// A tag name of this test only. The real server creates tags with a racy
    /// get-or-create: two tests creating the same new tag at once leave two tags of that
    /// name, and every later request naming it gets a 500.
    pub fn tag(&self, name: &str) -> String {
        format!("{}{name}", self.prefix.to_lowercase())
    }

    /// The id of an environment of the E2EE app, by name.
    pub async fn env_id(&self, env: &EnvSelector) -> String {
        self.user_client()
            .list_environments(&env.app_id)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.name.eq_ignore_ascii_case(&env.env))
            .expect("environment listed")
            .id
    }

    /// The stored (encrypted) records of an environment, as the server sends them.
    pub async fn raw_list(
        &self,
        env: &EnvSelector,
        extra: Vec<(&'static str, String)>,
    ) -> Vec<Value> {
        let http = PhaseClient::new(
            self.host.clone(),
            self.user.clone(),
            ClientOptions::default(),
        )
        .unwrap();
        let mut headers = vec![("Environment", self.env_id(env).await)];
        headers.extend(extra);
        let body = http
            .send_raw(&RawRequest {
                method: reqwest::Method::GET,
                url: format!("{}/secrets/", service_base(&self.host)),
                headers,
                body: None,
            })
            .await
            .unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// The stored record of one secret.
    pub async fn raw_secret(&self, env: &EnvSelector, id: &str) -> Value {
        self.raw_list(env, Vec::new())
            .await
            .into_iter()
            .find(|s| s["id"] == id)
            .expect("secret stored")
    }

    /// Deletes every secret this test made (best effort).
    pub async fn cleanup(&self) {
        let client = self.user_client();
        for env in [&self.env, &self.other_env] {
            if let Ok(list) = client.list_secrets(env, &Default::default()).await {
                let ids: Vec<String> = list
                    .into_iter()
                    .filter(|s| s.key.starts_with(&self.prefix))
                    .map(|s| s.id)
                    .collect();
                if !ids.is_empty() {
                    let _ = client.delete_secrets(env, &ids).await;
                }
            }
        }
    }
}
