//! PUT and DELETE on /v1/secrets/ and their quirks, as the real server shows them.

mod common;

use common::{delete, id, msg, put, Api, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};

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

/// Real: items before a failing one (404 "Secret not found: <id>") stay saved, the
/// answer does not say so, and items after it are not applied.
#[tokio::test]
async fn put_is_not_atomic() {
    let api = Api::start().await;
    let a = api.by_key("development", "REDIS_URL").await;
    let c = api.by_key("development", "S3_BUCKET").await;
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [
            {"id": id(&a), "value": "redis://changed", "path": "/backend"},
            {"id": "does-not-exist", "value": "x"},
            {"id": id(&c), "value": "after"},
        ]}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"], "Secret not found: does-not-exist");
    let saved = api.by_key("development", "REDIS_URL").await;
    assert_eq!(saved["value"], "redis://changed");
    assert_eq!(saved["version"], a["version"].as_u64().unwrap() + 1);
    assert_eq!(
        api.by_key("development", "S3_BUCKET").await["value"],
        c["value"]
    );
    // Ids are printed the Python way; an empty id is looked up, not refused.
    for (sent, shown) in [(json!(""), ""), (json!(null), "None"), (json!(5), "5")] {
        let (s, v) = put(
            &api,
            Who::Dev,
            json!({"secrets": [{"id": sent, "value": "x"}]}),
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(msg(&v), format!("Secret not found: {shown}"));
    }
    for entry in [json!({"value": "x"}), json!(1)] {
        let (s, v) = put(&api, Who::Dev, json!({ "secrets": [entry] })).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(v["error"], "Secret ID not provided");
    }
}

/// Real: types, overrides and duplicate keys of every entry are checked before any is
/// saved, so those failures save nothing.
#[tokio::test]
async fn put_checks_every_entry_first() {
    let api = Api::start().await;
    let a = api.by_key("development", "REDIS_URL").await;
    let b = id(&api.by_key("development", "S3_BUCKET").await);
    let bad_entries = [
        (json!({"id": b, "type": "x"}), StatusCode::BAD_REQUEST),
        (
            json!({"id": b, "override": {"value": 1, "isActive": true}}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"id": b, "key": "aws_region", "path": "/backend"}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"id": b, "key": null}),
            StatusCode::INTERNAL_SERVER_ERROR,
        ),
    ];
    for (bad, status) in bad_entries {
        let first = json!({"id": id(&a), "value": "changed", "path": "/backend"});
        let (s, _) = put(&api, Who::Dev, json!({ "secrets": [first, bad] })).await;
        assert_eq!(s, status);
        let now = api.by_key("development", "REDIS_URL").await;
        assert_eq!(
            (&now["value"], &now["version"]),
            (&a["value"], &a["version"])
        );
    }
}

/// Real: the duplicate check runs only for entries carrying `key`; a move onto a
/// folder already holding that key is saved, leaving two secrets with one key there.
#[tokio::test]
async fn put_moving_onto_an_existing_key_is_saved() {
    let api = Api::start().await;
    let (s, v) = common::post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "DB_HOST", "value": "elsewhere", "path": "/other"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let moving = id(&v[0]);
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": moving, "path": "/backend/db"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, v) = api
        .get(
            &api.secrets("development", "&key=DB_HOST&path=/backend/db"),
            Who::Dev,
        )
        .await;
    assert_eq!(v.as_array().unwrap().len(), 2);
    // With `key`, the same move is a 409.
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": moving, "key": "DB_HOST", "path": "/backend/db"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(msg(&v), "Duplicate secret found");
}

/// Real: a bad tag in a PUT entry saves nothing of that entry; `tags: null` clears the
/// tags; an empty `key` is stored.
#[tokio::test]
async fn put_tags_and_keys_like_the_real_server() {
    let api = Api::start().await;
    let s0 = api.by_key("development", "JWT_SECRET").await;
    let sid = id(&s0);
    let long = "t".repeat(65);
    let (s, _) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid, "value": "new", "tags": [long],
            "override": {"value": "o", "isActive": true}}]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let after = api.by_key("development", "JWT_SECRET").await;
    assert_eq!(
        (&after["value"], &after["version"]),
        (&s0["value"], &s0["version"])
    );
    assert_eq!(after["override"], Value::Null);
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sid, "tags": null}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v[0]["tags"], json!([]));
    let (s, v) = put(&api, Who::Dev, json!({"secrets": [{"id": sid, "key": ""}]})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v[0]["key"], "");
}

#[tokio::test]
async fn sealed_and_rotating_rules() {
    let api = Api::start().await;
    let stripe = api.by_key("development", "STRIPE_SECRET_KEY").await;
    let sealed = id(&stripe);
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sealed, "type": "secret", "path": "/payments/stripe"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        msg(&v),
        "Sealed secrets cannot be unsealed. Delete and recreate the secret instead."
    );
    // Real: a new value for a sealed secret is silently dropped (200, version bumped,
    // other fields saved).
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": sealed, "value": "sk_new", "comment": "c2",
            "path": "/payments/stripe"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v[0]["value"], stripe["value"]);
    assert_eq!(v[0]["comment"], "c2");
    assert_eq!(v[0]["version"], stripe["version"].as_u64().unwrap() + 1);
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
    let (s, v) = put(
        &api,
        Who::Dev,
        json!({"secrets": [{"id": rotating, "value": "x", "path": "/backend/db"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(msg(&v), "Rotating secrets are managed by the Phase rotation engine and cannot be updated via this endpoint.");
    let (s, v) = delete(&api, json!({"secrets": [rotating, normal]})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(msg(&v), "Rotating secrets are managed by the Phase rotation engine and cannot be deleted via this endpoint.");
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
    assert_eq!(
        msg(&v),
        "Secret(s) not found in this environment: ghost-1, ghost-2"
    );
    assert_eq!(api.all("development").await.len(), before);
    // Real: a non-string id is a 500 (and deletes nothing).
    let (s, v) = delete(&api, json!({"secrets": [a, 5]})).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(msg(&v), "Internal server error.");
    assert_eq!(api.all("development").await.len(), before);

    // The same id twice deletes one secret.
    let (s, v) = delete(&api, json!({"secrets": [a, a]})).await;
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
