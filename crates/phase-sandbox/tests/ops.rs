//! Rate limiting, injected faults, persistence and the generated seed.

mod common;

use std::time::{Duration, Instant};

use common::{Api, Who};
use phase_sandbox::{Fault, Sandbox, SandboxConfig, Seed};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn rate_limit_429_with_retry_after_per_token() {
    let api = Api::with(SandboxConfig {
        rate_limit_per_minute: Some(3),
        ..SandboxConfig::default()
    })
    .await;
    for _ in 0..3 {
        let (s, _) = api.get("/v1/apps/", Who::Dev).await;
        assert_eq!(s, StatusCode::OK);
    }
    // Across all endpoints together.
    let resp = api
        .raw(
            Method::GET,
            &api.secrets("development", ""),
            api.auth(Who::Dev),
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(
        body["error"],
        format!("Request was throttled. Expected available in {retry} seconds.")
    );
    // Another account has its own budget.
    let (s, _) = api.get("/v1/apps/", Who::Ops).await;
    assert_eq!(s, StatusCode::OK);
    // Like the real server (which throttles after authenticating), requests with no or
    // a bad token are answered 401, never 429, and are not counted.
    for _ in 0..5 {
        let (s, _) = api.get("/v1/apps/", Who::Nobody).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    // Changing the limit at runtime.
    api.sb.set_rate_limit(None);
    let (s, _) = api.get("/v1/apps/", Who::Dev).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn delay_fault_then_normal() {
    let api = Api::start().await;
    api.sb
        .inject_fault(Fault::Delay(Duration::from_millis(300)), 1);
    // Other routes are not affected.
    let t = Instant::now();
    api.get("/v1/apps/", Who::Dev).await;
    assert!(t.elapsed() < Duration::from_millis(300));
    let t = Instant::now();
    let (s, _) = api.get(&api.secrets("development", ""), Who::Dev).await;
    assert_eq!(s, StatusCode::OK);
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    api.get(&api.secrets("development", ""), Who::Dev).await;
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn delayed_write_completes_even_if_the_client_gives_up() {
    let api = Api::start().await;
    api.sb
        .inject_fault(Fault::Delay(Duration::from_millis(400)), 1);
    let result = api
        .http
        .post(format!(
            "{}{}",
            api.sb.base_url(),
            api.secrets("development", "")
        ))
        .header("Authorization", api.auth(Who::Dev).unwrap())
        .timeout(Duration::from_millis(100))
        .json(&json!({"secrets": [{"key": "LATE", "value": "v"}]}))
        .send()
        .await;
    assert!(result.unwrap_err().is_timeout());
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(api.by_key("development", "LATE").await["value"], "v");
}

#[tokio::test]
async fn server_error_fault_does_not_apply_the_write() {
    let api = Api::start().await;
    api.sb.inject_fault(Fault::ServerError, 2);
    let path = api.secrets("development", "");
    let body = json!({"secrets": [{"key": "FAULTY", "value": "v"}]});
    for _ in 0..2 {
        let (s, v) = api
            .call(Method::POST, &path, Who::Dev, Some(body.clone()))
            .await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(v["error"], "Internal server error.");
    }
    assert!(api
        .all("development")
        .await
        .iter()
        .all(|s| s["key"] != "FAULTY"));
}

#[tokio::test]
async fn connection_reset_applies_the_write_then_drops_the_connection() {
    let api = Api::start().await;
    api.sb.inject_fault(Fault::ConnectionReset, 1);
    let result = api
        .http
        .post(format!(
            "{}{}",
            api.sb.base_url(),
            api.secrets("development", "")
        ))
        .header("Authorization", api.auth(Who::Dev).unwrap())
        .json(&json!({"secrets": [{"key": "AMBIGUOUS", "value": "v"}]}))
        .send()
        .await;
    assert!(result.is_err(), "no response at all: {result:?}");
    // The write was applied before the connection dropped.
    assert_eq!(api.by_key("development", "AMBIGUOUS").await["value"], "v");
}

#[tokio::test]
async fn truncated_body_fault() {
    let api = Api::start().await;
    api.sb.inject_fault(Fault::TruncatedBody, 1);
    let resp = api
        .http
        .get(format!(
            "{}{}",
            api.sb.base_url(),
            api.secrets("development", "")
        ))
        .header("Authorization", api.auth(Who::Dev).unwrap())
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.bytes().await.is_err(), "body is cut short");
    assert!(
        !api.all("development").await.is_empty(),
        "next request is normal"
    );
}

#[tokio::test]
async fn persistence_round_trip_keeps_data_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state").join("sandbox.json");
    let config = SandboxConfig {
        data_file: Some(file.clone()),
        ..SandboxConfig::default()
    };
    let api = Api::with(config.clone()).await;
    assert!(file.exists(), "written at start");
    let (s, v) = api
        .call(
            Method::POST,
            &api.secrets("development", ""),
            Who::Dev,
            Some(json!({"secrets": [{"key": "PERSISTED", "value": "yes", "path": "/p"}]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let id = v[0]["id"].as_str().unwrap().to_string();
    let token = api.sb.user_token();
    let app = api.sb.demo_app_id();
    api.sb.shutdown().await;

    // The seed is ignored when the file holds state.
    let again = Sandbox::start(SandboxConfig {
        seed: Seed::Empty,
        ..config
    })
    .await
    .unwrap();
    assert_eq!(again.user_token(), token);
    assert_eq!(again.demo_app_id(), app);
    let stored = again.secret_json(&app, "Development", &id).unwrap();
    assert_eq!(stored["value"], "yes");
    assert_eq!(stored["path"], "/p");
    again.shutdown().await;

    // A corrupt file is an error, and is left alone.
    std::fs::write(&file, "{corrupt").unwrap();
    let err = Sandbox::start(SandboxConfig {
        data_file: Some(file.clone()),
        ..SandboxConfig::default()
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "{corrupt");
}

#[tokio::test]
async fn fresh_sandboxes_have_their_own_tokens_and_summary() {
    let a = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let b = Sandbox::start(SandboxConfig::default()).await.unwrap();
    assert_ne!(a.user_token(), b.user_token());
    assert!(a.user_token().starts_with("pss_user:v1:"));
    assert!(a.bench_app_id().is_none());
    let summary = a.tokens_summary();
    assert!(summary.contains(&a.base_url()));
    assert!(summary.contains(&a.user_token()) && summary.contains(&a.user_bearer()));
}

/// A data file from before the Console form: its tokens keep working and get one, which
/// is written back so that it stays the same at the next start.
#[tokio::test]
async fn an_older_data_file_gets_console_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sandbox.json");
    let config = SandboxConfig {
        data_file: Some(file.clone()),
        ..SandboxConfig::default()
    };
    let first = Sandbox::start(config.clone()).await.unwrap();
    let bearer = first.user_bearer();
    first.shutdown().await;
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    for t in json["tokens"].as_array_mut().unwrap() {
        t.as_object_mut().unwrap().remove("console");
    }
    std::fs::write(&file, json.to_string()).unwrap();
    let again = Api::with(config.clone()).await;
    assert_eq!(again.sb.user_bearer(), bearer);
    let console = again.sb.user_token();
    assert!(console.starts_with("pss_user:v1:"));
    let (s, _) = again.get("/v1/apps/", Who::Dev).await;
    assert_eq!(s, StatusCode::OK);
    again.sb.shutdown().await;
    let third = Sandbox::start(config).await.unwrap();
    assert_eq!(third.user_token(), console);
}

#[tokio::test]
async fn empty_seed_has_apps_but_no_secrets() {
    let api = Api::with(SandboxConfig {
        seed: Seed::Empty,
        ..SandboxConfig::default()
    })
    .await;
    assert!(api.all("development").await.is_empty());
}

#[tokio::test]
async fn generated_seed() {
    let api = Api::with(SandboxConfig {
        seed: Seed::Generated { count: 2000 },
        ..SandboxConfig::default()
    })
    .await;
    let bench = api.sb.bench_app_id().expect("bench app");
    let get = |env: &'static str| {
        let path = format!("/v1/secrets/?app_id={bench}&env={env}");
        let api = &api;
        async move {
            let (s, v) = api.get(&path, Who::Dev).await;
            assert_eq!(s, StatusCode::OK);
            v.as_array().unwrap().clone()
        }
    };
    let dev = get("development").await;
    assert_eq!(dev.len(), 2000);
    assert_eq!(get("staging").await.len(), 200);
    assert_eq!(get("production").await.len(), 200);
    let folders: std::collections::HashSet<&str> =
        dev.iter().map(|s| s["path"].as_str().unwrap()).collect();
    assert!((45..=55).contains(&folders.len()), "{}", folders.len());
    assert!(folders.iter().all(|p| p.matches('/').count() <= 3));
    let tags: std::collections::HashSet<&str> = dev
        .iter()
        .flat_map(|s| {
            s["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
        })
        .collect();
    assert!((15..=25).contains(&tags.len()), "{}", tags.len());
    // The demo apps are still there.
    assert!(!api.all("development").await.is_empty());
}

#[tokio::test]
async fn fresh_tokens_keep_data_but_never_write_a_live_token() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sandbox.json");
    let config = SandboxConfig {
        data_file: Some(file.clone()),
        fresh_tokens: true,
        ..SandboxConfig::default()
    };
    let api = Api::with(config.clone()).await;
    let (s, v) = api
        .call(
            Method::POST,
            &api.secrets("development", ""),
            Who::Dev,
            Some(json!({"secrets": [{"key": "KEPT", "value": "yes"}]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let id = v[0]["id"].as_str().unwrap().to_string();
    let first_token = api.sb.user_token();
    let first_hex = common::third_field(&first_token);
    let on_disk = std::fs::read_to_string(&file).unwrap();
    assert!(
        !on_disk.contains(&first_hex),
        "live token written to the data file"
    );
    let app = api.sb.demo_app_id();
    api.sb.shutdown().await;

    let again = Sandbox::start(config).await.unwrap();
    assert_ne!(again.user_token(), first_token);
    assert_ne!(again.user_bearer(), api_bearer_of(&first_token));
    assert_eq!(
        again.secret_json(&app, "development", &id).unwrap()["value"],
        "yes"
    );
    let on_disk = std::fs::read_to_string(&file).unwrap();
    assert!(!on_disk.contains(&common::third_field(&again.user_token())));
}

fn api_bearer_of(console: &str) -> String {
    format!("Bearer User {}", common::third_field(console))
}

#[tokio::test]
async fn a_short_rate_limit_window_gives_a_short_retry_after() {
    let api = Api::with(SandboxConfig::default()).await;
    api.sb
        .set_rate_limit_window(std::time::Duration::from_secs(3));
    api.sb.set_rate_limit(Some(1));
    let (s, _) = api
        .call(Method::GET, &api.secrets("development", ""), Who::Dev, None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let resp = api
        .raw(
            Method::GET,
            &api.secrets("development", ""),
            api.auth(Who::Dev),
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3).contains(&retry), "Retry-After {retry}");
}
