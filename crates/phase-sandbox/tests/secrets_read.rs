//! GET /v1/secrets/: shape, filters, the tag quirk and who sees which override.

mod common;

use std::collections::HashSet;

use common::{Api, Who};
use reqwest::StatusCode;
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn demo_data_has_the_promised_shape() {
    let api = Api::start().await;
    let all = api.all("development").await;
    assert!((20..=30).contains(&all.len()), "{}", all.len());
    let paths: HashSet<&str> = all.iter().map(|s| s["path"].as_str().unwrap()).collect();
    for p in [
        "/",
        "/backend",
        "/backend/db",
        "/frontend",
        "/payments/stripe",
    ] {
        assert!(paths.contains(p), "{p}");
    }
    let s = api.by_key("development", "DB_HOST").await;
    for field in [
        "id",
        "key",
        "value",
        "comment",
        "tags",
        "override",
        "type",
        "lifecycle",
        "path",
        "folder",
        "keyDigest",
        "version",
        "createdAt",
        "updatedAt",
        "environment",
    ] {
        assert!(s.get(field).is_some(), "{field}");
    }
    // Like the real server, `folder` is the folder's id (a string), `null` at `/`.
    let folder = s["folder"].as_str().expect("folder id");
    assert_eq!(folder.len(), 36);
    let same_folder = api.by_key("development", "DB_PORT").await;
    assert_eq!(same_folder["folder"], s["folder"]);
    assert_ne!(
        api.by_key("development", "JWT_SECRET").await["folder"],
        s["folder"]
    );
    assert_eq!(s["keyDigest"].as_str().unwrap().len(), 64);
    let created = s["createdAt"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.len() == 27, "{created}");
    assert_eq!(
        api.by_key("development", "APP_URL").await["folder"],
        Value::Null
    );
    assert_eq!(
        api.by_key("development", "STRIPE_SECRET_KEY").await["type"],
        "sealed"
    );
    assert_eq!(
        api.by_key("development", "LOG_LEVEL").await["type"],
        "config"
    );
    assert_eq!(
        api.by_key("development", "DB_PASSWORD").await["lifecycle"],
        "rotating"
    );
    // Dev: 2 active overrides and 1 inactive.
    let ovs: Vec<bool> = all
        .iter()
        .filter(|s| !s["override"].is_null())
        .map(|s| s["override"]["isActive"].as_bool().unwrap())
        .collect();
    assert_eq!(ovs.iter().filter(|a| **a).count(), 2);
    assert_eq!(ovs.iter().filter(|a| !**a).count(), 1);
    // Staging and production share some keys with different values.
    let stg = api.by_key("staging", "DB_HOST").await;
    assert_ne!(stg["value"], s["value"]);
    assert!(api.all("production").await.len() < all.len());
}

#[tokio::test]
async fn path_and_key_filters() {
    let api = Api::start().await;
    let (s, v) = api
        .get(&api.secrets("development", "&path=backend/db/"), Who::Dev)
        .await;
    assert_eq!(s, StatusCode::OK);
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| r["path"] == "/backend/db"),
        "not recursive"
    );

    let (_, v) = api
        .get(&api.secrets("development", "&key=db_host"), Who::Dev)
        .await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["key"], "DB_HOST");
    let (_, v) = api
        .get(&api.secrets("development", "&key=DB_HOST&path=/"), Who::Dev)
        .await;
    assert_eq!(v.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn tag_filter_is_any_and_case_sensitive_and_duplicates_rows() {
    let api = Api::start().await;
    let (_, db) = api
        .get(&api.secrets("development", "&tags=db"), Who::Dev)
        .await;
    let (_, backend) = api
        .get(&api.secrets("development", "&tags=backend"), Who::Dev)
        .await;
    let (_, both) = api
        .get(&api.secrets("development", "&tags=db,backend"), Who::Dev)
        .await;
    let db_ids: HashSet<String> = ids(&db).into_iter().collect();
    let backend_ids: HashSet<String> = ids(&backend).into_iter().collect();
    let both_ids = ids(&both);
    // ANY match: the union...
    let unique: HashSet<String> = both_ids.iter().cloned().collect();
    assert_eq!(unique, &db_ids | &backend_ids);
    // ...but a secret tagged with both comes back twice (the real server's join quirk).
    let overlap = db_ids.intersection(&backend_ids).count();
    assert!(overlap > 0);
    assert_eq!(both_ids.len(), unique.len() + overlap);
    let host = api.by_key("development", "DB_HOST").await;
    let host_id = host["id"].as_str().unwrap();
    assert_eq!(both_ids.iter().filter(|i| *i == host_id).count(), 2);

    // Case-sensitive and untrimmed.
    let (_, upper) = api
        .get(&api.secrets("development", "&tags=DB"), Who::Dev)
        .await;
    assert_eq!(upper.as_array().unwrap().len(), 0);
    let (_, aws) = api
        .get(&api.secrets("development", "&tags=aws"), Who::Dev)
        .await;
    let (_, spaced) = api
        .get(&api.secrets("development", "&tags=aws,%20db"), Who::Dev)
        .await;
    assert_eq!(ids(&spaced), ids(&aws), "\" db\" matches no tag");
}

#[tokio::test]
async fn overrides_are_per_person_and_hidden_from_service_tokens() {
    let api = Api::start().await;
    let dev = api.by_key("development", "DB_HOST").await;
    assert_eq!(dev["override"]["value"], "localhost");
    assert_eq!(dev["override"]["isActive"], true);

    let path = api.secrets("development", "&key=DB_HOST");
    let (_, ops) = api.get(&path, Who::Ops).await;
    assert_eq!(
        ops[0]["override"],
        Value::Null,
        "Ops does not see Dev's override"
    );
    let (_, ops_log) = api
        .get(&api.secrets("development", "&key=LOG_LEVEL"), Who::Ops)
        .await;
    assert_eq!(ops_log[0]["override"]["value"], "trace");
    assert_eq!(
        api.by_key("development", "LOG_LEVEL").await["override"],
        Value::Null
    );

    for who in [Who::ServiceAccount, Who::Service] {
        let (s, all) = api.get(&api.secrets("development", ""), who).await;
        assert_eq!(s, StatusCode::OK);
        assert!(all
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["override"].is_null()));
    }
}
