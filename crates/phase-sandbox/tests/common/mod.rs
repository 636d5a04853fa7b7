//! Shared helpers for the sandbox's HTTP tests.
#![allow(dead_code)]

use phase_sandbox::{Sandbox, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A started sandbox plus an HTTP client.
pub struct Api {
    pub sb: Sandbox,
    pub http: reqwest::Client,
}

/// Which token to send.
#[derive(Clone, Copy)]
pub enum Who {
    Dev,
    Ops,
    ServiceAccount,
    Service,
    Nobody,
}

impl Api {
    pub async fn start() -> Api {
        Api::with(SandboxConfig::default()).await
    }

    pub async fn with(config: SandboxConfig) -> Api {
        let sb = Sandbox::start(config).await.expect("sandbox starts");
        Api {
            sb,
            http: reqwest::Client::new(),
        }
    }

    pub fn auth(&self, who: Who) -> Option<String> {
        match who {
            Who::Dev => Some(format!("Bearer User {}", self.sb.user_token())),
            Who::Ops => Some(format!("Bearer User {}", self.sb.other_user_token())),
            Who::ServiceAccount => Some(format!(
                "Bearer ServiceAccount {}",
                self.sb.service_account_token()
            )),
            Who::Service => Some(format!("Bearer Service {}", self.sb.service_token())),
            Who::Nobody => None,
        }
    }

    /// `/v1/secrets/?app_id=<demo>&env=<env>` plus `extra` (e.g. "&path=/backend").
    pub fn secrets(&self, env: &str, extra: &str) -> String {
        format!(
            "/v1/secrets/?app_id={}&env={env}{extra}",
            self.sb.demo_app_id()
        )
    }

    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        auth: Option<String>,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.sb.base_url()));
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("request sent")
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        who: Who,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let resp = self.raw(method, path, self.auth(who), body).await;
        let status = resp.status();
        let text = resp.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, who: Who) -> (StatusCode, Value) {
        self.call(Method::GET, path, who, None).await
    }

    /// All development secrets as Dev.
    pub async fn all(&self, env: &str) -> Vec<Value> {
        let (s, v) = self.get(&self.secrets(env, ""), Who::Dev).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v.as_array().unwrap().clone()
    }

    /// The single secret called `key` in `env` (any path), as Dev.
    pub async fn by_key(&self, env: &str, key: &str) -> Value {
        let all = self.all(env).await;
        let found: Vec<_> = all.into_iter().filter(|s| s["key"] == key).collect();
        assert_eq!(found.len(), 1, "exactly one {key}");
        found[0].clone()
    }
}

/// The `error` (or `detail`) message of a body.
pub fn msg(v: &Value) -> String {
    v.get("error")
        .or_else(|| v.get("detail"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}
