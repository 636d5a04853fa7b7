//! The E2EE server's own answers, request by request, on the real backend (when
//! `PHASE_TEST_HOST` is set) or the sandbox: the same expectations on both, so the
//! sandbox's emulation is checked against the real thing.

mod common;

use bytes::Bytes;
use common::Ctx;
use phase_api::{ClientOptions, PhaseClient, PhaseError, RawRequest, Token, TokenKind};
use phase_e2ee::{service_base, EnvKeys};
use reqwest::Method;
use serde_json::{json, Value};

async fn raw(
    ctx: &Ctx,
    token: &Token,
    method: Method,
    route: &str,
    headers: Vec<(&'static str, String)>,
    body: Option<Value>,
) -> Result<Bytes, PhaseError> {
    let http = PhaseClient::new(ctx.host.clone(), token.clone(), ClientOptions::default()).unwrap();
    http.send_raw(&RawRequest {
        method,
        url: format!("{}/{route}", service_base(&ctx.host)),
        headers,
        body: body.map(|b| serde_json::to_vec(&b).unwrap()),
    })
    .await
}

async fn dev_keys(ctx: &Ctx) -> (String, EnvKeys) {
    (ctx.env_id(&ctx.env).await, open_env(ctx, &ctx.env).await)
}

/// Opens an environment's keys the way the client does, through `secrets/tokens/`.
async fn open_env(ctx: &Ctx, env: &phase_api::EnvSelector) -> EnvKeys {
    let body = raw(ctx, &ctx.user, Method::GET, "secrets/tokens/", vec![], None)
        .await
        .unwrap();
    let answer: Value = serde_json::from_slice(&body).unwrap();
    let keys = phase_e2ee::TokenKeys::parse(ctx.user.expose()).unwrap();
    let account = keys
        .unwrap_account(answer["wrapped_key_share"].as_str().unwrap())
        .unwrap();
    let app = answer["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == env.app_id.as_str())
        .unwrap();
    let k = app["environment_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| {
            k["environment"]["name"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case(&env.env)
        })
        .unwrap();
    EnvKeys::open(
        &account,
        k["wrapped_seed"].as_str().unwrap(),
        k["wrapped_salt"].as_str().unwrap(),
        k["identity_key"].as_str().unwrap(),
    )
    .unwrap()
}

fn item(keys: &EnvKeys, key: &str, value: &str) -> Value {
    json!({
        "key": keys.encrypt(key).unwrap(),
        "keyDigest": keys.key_digest(key),
        "value": keys.encrypt(value).unwrap(),
        "comment": "",
        "path": "/",
        "tags": ["e2ee-quirk"],
    })
}

fn message(e: &PhaseError) -> String {
    e.to_string()
}

#[tokio::test]
async fn tokens_route_refusals() {
    let ctx = Ctx::new().await;
    let stranger = Token::new(TokenKind::User, "ab".repeat(32)).unwrap();
    let e = raw(
        &ctx,
        &stranger,
        Method::GET,
        "secrets/tokens/",
        vec![],
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.status(), message(&e).as_str()),
        (Some(403), "Token expired or deleted")
    );
    let e = raw(
        &ctx,
        &ctx.user,
        Method::POST,
        "secrets/tokens/",
        vec![],
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(e.status(), Some(405), "{e}");
    let body = raw(
        &ctx,
        &ctx.user,
        Method::GET,
        "secrets/tokens/",
        vec![("X-Use-Camel-Case", "true".into())],
        None,
    )
    .await
    .unwrap();
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        answer.get("wrapped_key_share").is_some() && answer.get("user_id").is_some(),
        "always snake_case"
    );
    let sa = raw(&ctx, &ctx.sa, Method::GET, "secrets/tokens/", vec![], None)
        .await
        .unwrap();
    let sa: Value = serde_json::from_slice(&sa).unwrap();
    assert!(sa.get("account_id").is_some() && sa.get("user_id").is_none());
}

#[tokio::test]
async fn secrets_route_refusals() {
    let ctx = Ctx::new().await;
    let env_id = ctx.env_id(&ctx.env).await;
    let get = |headers: Vec<(&'static str, String)>| {
        raw(&ctx, &ctx.user, Method::GET, "secrets/", headers, None)
    };
    let e = get(vec![("Environment", uuid::Uuid::new_v4().to_string())])
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), message(&e).as_str()),
        (Some(401), "Environment not found")
    );
    let e = get(vec![]).await.unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert!(
        message(&e).starts_with("Environment context required"),
        "{e}"
    );
    let e = raw(
        &ctx,
        &ctx.user,
        Method::PATCH,
        "secrets/",
        vec![("Environment", env_id.clone())],
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.status(), message(&e).as_str()),
        (Some(403), "Unsupported HTTP method: PATCH")
    );
    let env = vec![("Environment", env_id.clone())];
    let plain = json!({"secrets": [{"key": "PLAIN", "keyDigest": "d", "value": "", "comment": "", "path": "/"}]});
    let e = raw(
        &ctx,
        &ctx.user,
        Method::POST,
        "secrets/",
        env.clone(),
        Some(plain),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.status(), message(&e).as_str()),
        (Some(400), "Invalid ciphertext format")
    );
    let ok = raw(
        &ctx,
        &ctx.user,
        Method::POST,
        "secrets/",
        env.clone(),
        Some(json!({"secrets": []})),
    )
    .await
    .unwrap();
    assert!(ok.is_empty());
    let gone = json!({"secrets": [uuid::Uuid::new_v4().to_string()]});
    let ok = raw(
        &ctx,
        &ctx.user,
        Method::DELETE,
        "secrets/",
        env.clone(),
        Some(gone),
    )
    .await
    .unwrap();
    assert!(ok.is_empty());
    // The query form works without the header.
    let q = format!(
        "secrets/?app_id={}&env={}",
        ctx.env.app_id,
        ctx.env.env.to_uppercase()
    );
    let listed = raw(&ctx, &ctx.user, Method::GET, &q, vec![], None)
        .await
        .unwrap();
    assert!(serde_json::from_slice::<Value>(&listed).unwrap().is_array());
}

#[tokio::test]
async fn writes_as_the_real_server_does_them() {
    let ctx = Ctx::new().await;
    let (env_id, keys) = dev_keys(&ctx).await;
    let env = vec![("Environment", env_id.clone())];
    let key = ctx.key("QUIRK");
    // Two rows with one (path, keyDigest) in one POST: not caught, both stored.
    let twice = json!({"secrets": [item(&keys, &key, "1"), item(&keys, &key, "2")]});
    let body = raw(
        &ctx,
        &ctx.user,
        Method::POST,
        "secrets/",
        env.clone(),
        Some(twice),
    )
    .await
    .unwrap();
    assert!(body.is_empty(), "200 with an empty body");
    let by_digest = vec![
        ("Environment", env_id.clone()),
        ("KeyDigest", keys.key_digest(&key)),
    ];
    let listed: Vec<Value> = serde_json::from_slice(
        &raw(
            &ctx,
            &ctx.user,
            Method::GET,
            "secrets/",
            by_digest.clone(),
            None,
        )
        .await
        .unwrap(),
    )
    .unwrap();
    assert_eq!(listed.len(), 2);
    // Now it is taken: 409.
    let again = json!({"secrets": [item(&keys, &key, "3")]});
    let e = raw(
        &ctx,
        &ctx.user,
        Method::POST,
        "secrets/",
        env.clone(),
        Some(again),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.status(), message(&e).as_str()),
        (Some(409), "Duplicate secret found")
    );
    // A PUT with only {id, override}: key, value, comment kept, tags cleared, version 2,
    // override stored with the given state.
    let id = listed[0]["id"].as_str().unwrap().to_string();
    let put = json!({"secrets": [{"id": id, "override": {"value": keys.encrypt("o").unwrap(), "isActive": false}}]});
    raw(
        &ctx,
        &ctx.user,
        Method::PUT,
        "secrets/",
        env.clone(),
        Some(put),
    )
    .await
    .unwrap();
    let after: Vec<Value> = serde_json::from_slice(
        &raw(
            &ctx,
            &ctx.user,
            Method::GET,
            "secrets/",
            by_digest.clone(),
            None,
        )
        .await
        .unwrap(),
    )
    .unwrap();
    let s = after.iter().find(|s| s["id"] == id.as_str()).unwrap();
    assert_eq!(
        (s["key"].clone(), s["value"].clone()),
        (listed[0]["key"].clone(), listed[0]["value"].clone())
    );
    assert_eq!(s["tags"], json!([]));
    assert_eq!(s["version"], 2);
    assert_eq!(s["override"]["is_active"], false);
    assert_eq!(
        keys.decrypt(s["override"]["value"].as_str().unwrap())
            .unwrap(),
        "o"
    );
    // camelCase, override included.
    let mut camel_headers = by_digest.clone();
    camel_headers.push(("X-Use-Camel-Case", "true".into()));
    let camel: Vec<Value> = serde_json::from_slice(
        &raw(
            &ctx,
            &ctx.user,
            Method::GET,
            "secrets/",
            camel_headers,
            None,
        )
        .await
        .unwrap(),
    )
    .unwrap();
    let c = camel.iter().find(|s| s["id"] == id.as_str()).unwrap();
    assert_eq!(c["override"]["isActive"], false);
    assert!(c.get("keyDigest").is_some() && c.get("createdAt").is_some());
    // The service account never sees the person's override.
    let sa: Vec<Value> = serde_json::from_slice(
        &raw(
            &ctx,
            &ctx.sa,
            Method::GET,
            "secrets/",
            by_digest.clone(),
            None,
        )
        .await
        .unwrap(),
    )
    .unwrap();
    assert!(sa.iter().all(|s| s["override"].is_null()));
    // Ids are not scoped: a PUT with Staging's header moves the secret there.
    let staging = ctx.env_id(&ctx.other_env).await;
    let moved = json!({"secrets": [{"id": id, "tags": []}]});
    raw(
        &ctx,
        &ctx.user,
        Method::PUT,
        "secrets/",
        vec![("Environment", staging.clone())],
        Some(moved),
    )
    .await
    .unwrap();
    let in_staging: Vec<Value> = serde_json::from_slice(
        &raw(
            &ctx,
            &ctx.user,
            Method::GET,
            "secrets/",
            vec![("Environment", staging.clone())],
            None,
        )
        .await
        .unwrap(),
    )
    .unwrap();
    assert!(
        in_staging.iter().any(|s| s["id"] == id.as_str()),
        "moved by the PUT"
    );
    // And DELETE with Development's header deletes it in Staging.
    let ids: Vec<String> = listed
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    raw(
        &ctx,
        &ctx.user,
        Method::DELETE,
        "secrets/",
        env.clone(),
        Some(json!({"secrets": ids})),
    )
    .await
    .unwrap();
    let left: Vec<Value> = serde_json::from_slice(
        &raw(
            &ctx,
            &ctx.user,
            Method::GET,
            "secrets/",
            vec![("Environment", staging)],
            None,
        )
        .await
        .unwrap(),
    )
    .unwrap();
    assert!(!left.iter().any(|s| s["id"] == id.as_str()));
}
