//! POST, PUT and DELETE on /v1/secrets/ and their quirks.

mod common;

use common::{msg, Api, Who};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn post(api: &Api, who: Who, body: Value) -> (StatusCode, Value) {
    api.call(
        Method::POST,
        &api.secrets("development", ""),
        who,
        Some(body),
    )
    .await
}

async fn put(api: &Api, who: Who, body: Value) -> (StatusCode, Value) {
    api.call(
        Method::PUT,
        &api.secrets("development", ""),
        who,
        Some(body),
    )
    .await
}

async fn delete(api: &Api, body: Value) -> (StatusCode, Value) {
    api.call(
        Method::DELETE,
        &api.secrets("development", ""),
        Who::Dev,
        Some(body),
    )
    .await
}

fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn create_returns_200_with_the_created_secrets() {
    let api = Api::start().await;
    let (s, v) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "new_key", "value": "v1", "path": "//svc/api/", "tags": ["svc"],
            "comment": "c", "override": {"value": "mine", "isActive": false}}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let created = &v[0];
    assert_eq!(created["key"], "NEW_KEY");
    assert_eq!(created["path"], "/svc/api");
    assert_eq!(created["type"], "secret");
    assert_eq!(created["lifecycle"], "static");
    assert_eq!(created["version"], 1);
    assert_eq!(created["folder"]["name"], "api");
    assert_eq!(created["folder"]["path"], "/svc");
    // The digest of the key as sent, not as stored.
    assert_eq!(created["keyDigest"], sha256_hex("new_key"));
    assert_ne!(created["keyDigest"], sha256_hex("NEW_KEY"));
    // Override given at creation is stored active even though isActive was false.
    assert_eq!(created["override"]["isActive"], true);
    assert_eq!(created["override"]["value"], "mine");
    let stored = api
        .sb
        .secret_json(&api.sb.demo_app_id(), "development", &id(created))
        .unwrap();
    assert_eq!(stored["value"], "v1");

    // Relative path "a" becomes "/a".
    let (_, v) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "REL", "value": "", "path": "a"}]}),
    )
    .await;
    assert_eq!(v[0]["path"], "/a");
}

#[tokio::test]
async fn create_validation_messages() {
    let api = Api::start().await;
    let path = api.secrets("development", "");
    let resp = api
        .http
        .post(format!("{}{path}", api.sb.base_url()))
        .header("Authorization", api.auth(Who::Dev).unwrap())
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["error"],
        "Request body is required."
    );
    let resp = api
        .http
        .post(format!("{}{path}", api.sb.base_url()))
        .header("Authorization", api.auth(Who::Dev).unwrap())
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.json::<Value>().await.unwrap()["error"],
        "Request body must be valid JSON."
    );

    let cases = [
        (json!([1]), "Request body must be a JSON object."),
        (
            json!({"secrets": []}),
            "'secrets' must be a non-empty list.",
        ),
        (
            json!({"secrets": [1]}),
            "Each entry in 'secrets' must be an object.",
        ),
        (
            json!({"secrets": [{"key": "", "value": "x"}]}),
            "Each secret requires a non-empty 'key'.",
        ),
        (
            json!({"secrets": [{"key": "K"}]}),
            "Each secret requires a 'value' string.",
        ),
        (
            json!({"secrets": [{"key": "K", "value": 5}]}),
            "Each secret requires a 'value' string.",
        ),
        (
            json!({"secrets": [{"key": "K", "value": "v", "type": "x"}]}),
            "Invalid 'type': 'x'. Must be one of ['config', 'sealed', 'secret'].",
        ),
        (
            json!({"secrets": [{"key": "K", "value": "v", "override": "x"}]}),
            "'override' must be a JSON object.",
        ),
        (
            json!({"secrets": [{"key": "K", "value": "v", "override": {"isActive": true}}]}),
            "'override.value' must be a string.",
        ),
        (
            json!({"secrets": [{"key": "K", "value": "v", "override": {"value": "o"}}]}),
            "'override.isActive' must be a boolean.",
        ),
    ];
    for (body, expected) in cases {
        let (s, v) = post(&api, Who::Dev, body.clone()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(msg(&v), expected, "{body}");
    }
    assert!(api.all("development").await.iter().all(|s| s["key"] != "K"));
}

#[tokio::test]
async fn duplicates_any_case_409_but_not_within_one_batch() {
    let api = Api::start().await;
    let (s, v) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "db_host", "value": "x", "path": "/backend/db"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["error"], "Duplicate secret found");
    // Same key in another folder is fine.
    let (s, _) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "DB_HOST", "value": "x", "path": "/other"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // Two rows with the same key in one request: both created (real quirk).
    let (s, v) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "TWIN", "value": "1"}, {"key": "twin", "value": "2"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v.as_array().unwrap().len(), 2);
    let twins = api
        .all("development")
        .await
        .into_iter()
        .filter(|s| s["key"] == "TWIN")
        .count();
    assert_eq!(twins, 2);
}

#[tokio::test]
async fn overlong_tag_is_refused_after_the_secret_was_saved() {
    let api = Api::start().await;
    let long = "t".repeat(65);
    let (s, _) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "LONG_TAG", "value": "v", "tags": [long]}]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let saved = api.by_key("development", "LONG_TAG").await;
    assert_eq!(saved["value"], "v");
    let ok64 = "t".repeat(64);
    let (s, _) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "TAG64", "value": "v", "tags": [ok64]}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn service_account_override_is_validated_then_ignored() {
    let api = Api::start().await;
    let (s, _) = post(&api, Who::ServiceAccount, json!({"secrets": [{"key": "SA", "value": "v", "override": {"value": 1, "isActive": true}}]})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) = post(&api, Who::ServiceAccount, json!({"secrets": [{"key": "SA", "value": "v", "override": {"value": "o", "isActive": true}}]})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v[0]["override"], Value::Null);
    assert_eq!(
        api.by_key("development", "SA").await["override"],
        Value::Null,
        "nothing stored for Dev either"
    );
}

#[tokio::test]
async fn put_changes_only_given_fields_and_always_bumps_version() {
    let api = Api::start().await;
    let s0 = api.by_key("development", "JWT_SECRET").await;
    let sid = id(&s0);
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid, "path": "/backend"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v[0]["version"], s0["version"].as_u64().unwrap() + 1);
    assert_eq!(v[0]["value"], s0["value"]);
    assert_eq!(v[0]["comment"], s0["comment"]);
    let (_, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid, "value": "new", "tags": [], "path": "/backend"}]}),
    )
    .await;
    assert_eq!(v[0]["version"], s0["version"].as_u64().unwrap() + 2);
    assert_eq!(v[0]["value"], "new");
    assert_eq!(v[0]["tags"], json!([]));
    assert_eq!(v[0]["comment"], s0["comment"]);
    // PUT creates an override if there was none, honouring isActive.
    let (_, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid, "override": {"value": "o", "isActive": false}}]}),
    )
    .await;
    assert_eq!(v[0]["override"]["isActive"], false);
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid, "override": {"value": "o"}}]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(msg(&v), "'override.isActive' must be a boolean.");
    let (_, ops) = api
        .get(&api.secrets("development", "&key=JWT_SECRET"), Who::Ops)
        .await;
    assert_eq!(ops[0]["override"], Value::Null);
}

#[tokio::test]
async fn put_without_path_checks_duplicates_against_root() {
    let api = Api::start().await;
    // JWT_SECRET lives in /backend; APP_URL in "/".
    let sid = id(&api.by_key("development", "JWT_SECRET").await);
    // Renaming to a key that exists only at "/" is a false 409 without `path`...
    let (s, _) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid, "key": "APP_URL"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // ...and accepted with the secret's real path.
    let (s, _) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid, "key": "APP_URL", "path": "/backend"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // A real duplicate in /backend is missed without `path`.
    let sid2 = id(&api.by_key("development", "REDIS_URL").await);
    let (s, _) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid2, "key": "S3_BUCKET"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid2, "key": "aws_region", "path": "/backend"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["error"], "Duplicate secret found");
}

#[tokio::test]
async fn put_is_not_atomic() {
    let api = Api::start().await;
    let a = api.by_key("development", "REDIS_URL").await;
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [
            {"id": id(&a), "value": "redis://changed", "path": "/backend"},
            {"id": "does-not-exist", "value": "x"},
        ]}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"], "Secret not found: does-not-exist");
    assert_eq!(
        api.by_key("development", "REDIS_URL").await["value"],
        "redis://changed"
    );
    let (s, v) = put(&api, Who::Dev, json!({"secrets": [{"value": "x"}]})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"], "Secret ID not provided");
}

#[tokio::test]
async fn sealed_and_rotating_rules() {
    let api = Api::start().await;
    let sealed = id(&api.by_key("development", "STRIPE_SECRET_KEY").await);
    let (s, _) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sealed, "type": "secret", "path": "/payments/stripe"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sealed, "value": "sk_new", "path": "/payments/stripe"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "a sealed value can still be replaced");
    let normal = id(&api.by_key("development", "S3_BUCKET").await);
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": normal, "type": "sealed", "path": "/backend"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v[0]["type"], "sealed");

    let rotating = id(&api.by_key("development", "DB_PASSWORD").await);
    let (s, _) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": rotating, "value": "x", "path": "/backend/db"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = delete(&api, json!({"secrets": [rotating, normal]})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        api.by_key("development", "S3_BUCKET").await["type"],
        "sealed",
        "nothing deleted"
    );
    assert_eq!(
        api.by_key("development", "DB_PASSWORD").await["value"],
        "Xk9#mP2$vL7qR4nT"
    );
}

#[tokio::test]
async fn delete_is_all_or_nothing() {
    let api = Api::start().await;
    let a = id(&api.by_key("development", "APP_NAME").await);
    let b = id(&api.by_key("development", "NODE_ENV").await);
    let c = id(&api.by_key("development", "DB_PORT").await);
    let before = api.all("development").await.len();
    let (s, v) = delete(&api, json!({"secrets": [a, "ghost-1", "ghost-2"]})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(msg(&v).contains("ghost-1") && msg(&v).contains("ghost-2"));
    assert_eq!(api.all("development").await.len(), before);

    let (s, v) = delete(&api, json!({"secrets": [a]})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["message"], "Deleted 1 secret");
    let (_, v) = delete(&api, json!({"secrets": [b, c]})).await;
    assert_eq!(v["message"], "Deleted 2 secrets");
    assert_eq!(api.all("development").await.len(), before - 3);
    let (s, _) = delete(&api, json!({"secrets": [a]})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "already deleted");
    let (s, v) = delete(&api, json!({"secrets": []})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        v["error"],
        "'secrets' must be a non-empty list of secret IDs."
    );
}
