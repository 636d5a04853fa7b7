//! Tokens: the Console form the sandbox hands out, and the `Authorization` header the
//! server accepts, with the real server's messages (checked with curl against it).

mod common;

use common::{msg, third_field, Api, Who};
use phase_sandbox::{Sandbox, SandboxConfig};
use reqwest::{Method, StatusCode};

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())
}

#[tokio::test]
async fn tokens_come_in_the_console_form() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    for (console, prefix, bearer, word) in [
        (sb.user_token(), "pss_user:v1:", sb.user_bearer(), "User"),
        (
            sb.other_user_token(),
            "pss_user:v1:",
            sb.other_user_bearer(),
            "User",
        ),
        (
            sb.service_account_token(),
            "pss_service:v2:",
            sb.service_account_bearer(),
            "ServiceAccount",
        ),
        (
            sb.service_token(),
            "pss_service:v1:",
            sb.service_bearer(),
            "Service",
        ),
    ] {
        assert!(console.starts_with(prefix), "{prefix}");
        let fields: Vec<&str> = console.split(':').collect();
        assert_eq!(fields.len(), 6);
        assert!(fields[2..].iter().all(|f| is_hex64(f)), "{prefix}");
        assert_eq!(bearer, format!("Bearer {word} {}", fields[2]));
    }
    assert_ne!(sb.user_token(), sb.other_user_token());
    let other = Sandbox::start(SandboxConfig::default()).await.unwrap();
    assert_ne!(sb.user_token(), other.user_token());
}

#[tokio::test]
async fn only_the_third_field_is_accepted() {
    let api = Api::start().await;
    let console = api.sb.user_token();
    let hex = third_field(&console);
    let ok = [
        format!("Bearer User {hex}"),
        // The first word in any case, further words ignored (the real parser).
        format!("bearer User {hex}"),
        format!("Bearer User {hex} extra"),
    ];
    for header in ok {
        let resp = api.raw(Method::GET, "/v1/apps/", Some(header), None).await;
        assert_eq!(resp.status(), StatusCode::OK);
    }
    let sa = api.sb.service_account_token();
    let refused = [
        // The whole Console string is looked up as a token value, and not found.
        (format!("Bearer User {console}"), "Token expired or deleted"),
        (
            format!("Bearer ServiceAccount {sa}"),
            "Token expired or deleted",
        ),
        (format!("Bearer {console}"), "Invalid token"),
        (console.clone(), "Invalid token"),
        (format!("Bearer user {hex}"), "Invalid token"),
        (format!("Bearer  User {hex}"), "Invalid token"),
        (format!("Token {hex}"), "Invalid token"),
        ("Bearer x".to_string(), "Invalid token"),
        // Right value, wrong kind.
        (
            format!("Bearer ServiceAccount {hex}"),
            "Token expired or deleted",
        ),
        (format!("Bearer Service {hex}"), "Token expired or deleted"),
        (
            format!("Bearer User {}", "0".repeat(64)),
            "Token expired or deleted",
        ),
    ];
    for (header, expected) in refused {
        let resp = api
            .raw(Method::GET, "/v1/apps/", Some(header.clone()), None)
            .await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{expected}");
        assert_eq!(resp.headers()["www-authenticate"], "Bearer");
        let v: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(msg(&v), expected);
    }
}

#[tokio::test]
async fn no_header_is_401_not_provided() {
    let api = Api::start().await;
    for path in ["/v1/apps/", "/v1/secrets/?app_id=nope&env=development"] {
        let resp = api.raw(Method::GET, path, None, None).await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(resp.headers()["www-authenticate"], "Bearer");
        let v: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(msg(&v), "Authentication credentials were not provided.");
    }
}

#[tokio::test]
async fn every_token_kind_reaches_the_demo_secrets() {
    let api = Api::start().await;
    for who in [Who::Dev, Who::Ops, Who::ServiceAccount, Who::Service] {
        let (s, _) = api.get(&api.secrets("development", ""), who).await;
        assert_eq!(s, StatusCode::OK);
    }
}

/// Real (`token.sh revoke`): a revoked PAT gets 401 "Token expired or deleted".
#[tokio::test]
async fn a_minted_token_works_until_revoked() {
    let api = Api::start().await;
    let minted = api.sb.mint_user_token();
    assert!(minted.starts_with("pss_user:v1:"));
    let header = format!("Bearer User {}", third_field(&minted));
    let resp = api
        .raw(Method::GET, "/v1/apps/", Some(header.clone()), None)
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    api.sb.revoke_token(&minted);
    let resp = api.raw(Method::GET, "/v1/apps/", Some(header), None).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(msg(&v), "Token expired or deleted");
    let (s, _) = api.get("/v1/apps/", Who::Dev).await;
    assert_eq!(s, StatusCode::OK, "the other tokens still work");
}
