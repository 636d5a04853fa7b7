//! Secret references (`${KEY}`, `${folder/KEY}`, `${env.KEY}`, `${app::env.KEY}`) come
//! back resolved, as the real server does it (checked with curl against it).

mod common;

use common::{id, post, Api, Who};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn post_to(api: &Api, app: &str, env: &str, who: Who, secrets: Value) -> Value {
    let path = format!("/v1/secrets/?app_id={app}&env={env}");
    let (s, v) = api
        .call(
            Method::POST,
            &path,
            who,
            Some(json!({ "secrets": secrets })),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

#[tokio::test]
async fn the_demo_database_url_is_built_from_references() {
    let api = Api::start().await;
    let url = api.by_key("development", "DATABASE_URL").await;
    assert_eq!(
        url["value"],
        "postgres://acme_app:Xk9#mP2$vL7qR4nT@db.dev.internal:5432/acme_dev"
    );
    let stored = api
        .sb
        .stored_value(&api.sb.demo_app_id(), "development", &id(&url))
        .unwrap();
    assert!(
        stored.starts_with("postgres://${backend/db/DB_USER}:"),
        "{stored}"
    );
}

#[tokio::test]
async fn references_resolve_like_the_real_server() {
    let api = Api::start().await;
    let demo = api.sb.demo_app_id();
    post_to(
        &api,
        &demo,
        "staging",
        Who::Dev,
        json!([{"key": "R_STG", "value": "stg-v"}]),
    )
    .await;
    let (s, _) = post(
        &api,
        Who::Dev,
        json!({"secrets": [
            {"key": "R_ROOT", "value": "root-v"},
            {"key": "R_DEEP", "value": "deep-v", "path": "/r/a"},
            {"key": "R_CHAIN", "value": "chain(${R_ROOT})", "path": "/r"},
        ]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let value = "L=${R_ROOT} F=${r/a/R_DEEP} F2=${/r/a/R_DEEP} LC=${r_root} \
        E=${STAGING.R_STG} A=${phase desk demo::staging.R_STG} M=${NOPE} ME=${nope.X} \
        C=${R_CHAIN} K=${r/R_CHAIN} S=${r/R_USE} D=${{R_ROOT}} R2=${R_ROOT}";
    let (s, v) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "R_USE", "path": "/r", "value": value,
            "override": {"value": "ov ${R_ROOT}", "isActive": true}}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // `${KEY}` means the root folder; lower-case keys, missing secrets and cycles stay
    // as written; a referenced value's own references are resolved.
    let want = "L=root-v F=deep-v F2=deep-v LC=${r_root} E=stg-v A=stg-v M=${NOPE} \
        ME=${nope.X} C=${R_CHAIN} K=chain(root-v) S=${r/R_USE} D=${{R_ROOT}} R2=root-v";
    assert_eq!(v[0]["value"], want, "the POST answer is resolved too");
    let got = api.by_key("development", "R_USE").await;
    assert_eq!(got["value"], want);
    assert_eq!(got["override"]["value"], "ov root-v");
    let (_, sa) = api
        .get(
            &api.secrets("development", "&key=R_USE"),
            Who::ServiceAccount,
        )
        .await;
    assert_eq!(sa[0]["value"], want);
}

/// Real: at the first referenced environment the reader may not use, resolution stops
/// and the value is returned as resolved so far.
#[tokio::test]
async fn a_reference_the_reader_may_not_read_stops_resolution() {
    let api = Api::start().await;
    let ops_app = api.sb.ops_app_id();
    post_to(
        &api,
        &ops_app,
        "development",
        Who::Ops,
        json!([{"key": "PAGER", "value": "pager-v"}]),
    )
    .await;
    let value = "${Ops Tools::development.PAGER} ${APP_NAME}";
    let (s, v) = post(
        &api,
        Who::Dev,
        json!({"secrets": [{"key": "MIXED", "value": value}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // The POST answer does not check access (real: no reader in that context).
    assert_eq!(v[0]["value"], "pager-v Phase Desk Demo");
    for (who, want) in [
        (Who::Dev, value),
        (Who::ServiceAccount, value),
        (Who::Ops, "pager-v Phase Desk Demo"),
    ] {
        let (_, got) = api
            .get(&api.secrets("development", "&key=MIXED"), who)
            .await;
        assert_eq!(got[0]["value"], want);
    }
}
