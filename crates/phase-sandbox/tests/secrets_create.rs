//! POST /v1/secrets/ and its quirks, as the real server shows them.

mod common;

use common::{id, msg, post, Api, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};

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
    assert!(created["folder"].is_string(), "the folder's id");
    assert_eq!(created["keyDigest"].as_str().unwrap().len(), 64);
    // Real: an override given at creation is stored active even though isActive was false.
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
            json!({"secrets": [{"key": "  ", "value": "x"}]}),
            "Each secret requires a non-empty 'key'.",
        ),
        (
            json!({"secrets": [{"key": 5, "value": "x"}]}),
            "Each secret requires a non-empty 'key'.",
        ),
        (
            json!({"secrets": {"key": "K"}}),
            "'secrets' must be a non-empty list.",
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
            json!({"secrets": [{"key": "K", "value": "v", "type": 5}]}),
            "Invalid 'type': 5. Must be one of ['config', 'sealed', 'secret'].",
        ),
        (
            json!({"secrets": [{"key": "K", "value": "v", "override": "x"}]}),
            "'override' must be a JSON object.",
        ),
        // Real: a present `override: null` is validated too.
        (
            json!({"secrets": [{"key": "K", "value": "v", "override": null}]}),
            "'override' must be a JSON object.",
        ),
        // Every entry is checked before anything is saved.
        (
            json!({"secrets": [{"key": "K", "value": "v"}, {"key": "K2"}]}),
            "Each secret requires a 'value' string.",
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

/// Real: the secret is saved (without tags or override), then 400 names the tag; later
/// entries are not created; names before the long one are created.
#[tokio::test]
async fn overlong_tag_is_refused_after_the_secret_was_saved() {
    let api = Api::start().await;
    let long = "t".repeat(65);
    let (s, v) = post(
        &api,
        Who::Dev,
        json!({"secrets": [
            {"key": "BEFORE", "value": "b"},
            {"key": "LONG_TAG", "value": "v", "tags": ["fine", long],
             "override": {"value": "o", "isActive": true}},
            {"key": "AFTER", "value": "a"},
        ]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        msg(&v),
        format!(
            "Tag name exceeds 64 characters: '{}'\u{2026}",
            "t".repeat(32)
        )
    );
    assert_eq!(api.by_key("development", "BEFORE").await["value"], "b");
    let saved = api.by_key("development", "LONG_TAG").await;
    assert_eq!(saved["value"], "v");
    assert_eq!(saved["tags"], json!([]));
    assert_eq!(saved["override"], Value::Null);
    assert!(api
        .all("development")
        .await
        .iter()
        .all(|s| s["key"] != "AFTER"));
    let ok64 = "t".repeat(64);
    let (s, _) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "TAG64", "value": "v", "tags": [ok64]}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

/// Real: keys are upper-cased, never trimmed; tags are trimmed, empty and non-string
/// names dropped; a missing/non-string path is `/`; `null` comment or type are 500s.
#[tokio::test]
async fn keys_tags_paths_and_nulls_like_the_real_server() {
    let api = Api::start().await;
    let (s, v) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": " a b ", "value": "1", "path": null,
            "tags": [" spaced ", 5, "", "svc", "svc"]}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v[0]["key"], " A B ");
    assert_eq!(v[0]["path"], "/");
    assert_eq!(v[0]["folder"], Value::Null);
    assert_eq!(v[0]["tags"], json!(["spaced", "svc"]));
    for field in ["comment", "type"] {
        let mut entry = json!({"key": format!("NULL_{field}"), "value": "1"});
        entry[field] = Value::Null;
        let (s, v) = post(&api, Who::Dev, json!({ "secrets": [entry] })).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{field}");
        assert_eq!(msg(&v), "Internal server error.");
    }
    // The same key in another case finds the secret (the digest is of the upper-cased key).
    let (_, v) = api
        .get(&api.secrets("development", "&key=%20a%20B%20"), Who::Dev)
        .await;
    assert_eq!(v.as_array().unwrap().len(), 1);
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
