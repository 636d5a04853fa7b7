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

    /// The `Authorization` header the real server accepts: `Bearer <Kind> <3rd field>`.
    pub fn auth(&self, who: Who) -> Option<String> {
        match who {
            Who::Dev => Some(self.sb.user_bearer()),
            Who::Ops => Some(self.sb.other_user_bearer()),
            Who::ServiceAccount => Some(self.sb.service_account_bearer()),
            Who::Service => Some(self.sb.service_bearer()),
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

/// The `error` message of a body (the real server never answers with `detail`).
pub fn msg(v: &Value) -> String {
    assert!(v.get("detail").is_none(), "a `detail` body: {v}");
    v.get("error")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The 3rd `:` field of a Console-form token (`pss_user:v1:<this>:...`).
pub fn third_field(console: &str) -> String {
    console.split(':').nth(2).unwrap_or_default().to_string()
}

/// POST/PUT/DELETE on development's secrets.
pub async fn post(api: &Api, who: Who, body: Value) -> (StatusCode, Value) {
    api.call(
        Method::POST,
        &api.secrets("development", ""),
        who,
        Some(body),
    )
    .await
}

pub async fn put(api: &Api, who: Who, body: Value) -> (StatusCode, Value) {
    api.call(
        Method::PUT,
        &api.secrets("development", ""),
        who,
        Some(body),
    )
    .await
}

pub async fn delete(api: &Api, body: Value) -> (StatusCode, Value) {
    api.call(
        Method::DELETE,
        &api.secrets("development", ""),
        Who::Dev,
        Some(body),
    )
    .await
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}
