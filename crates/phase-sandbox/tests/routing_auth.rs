//! Routing, authentication and discovery.

mod common;

use common::{msg, Api, Who};
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn missing_trailing_slash_is_an_html_404() {
    let api = Api::start().await;
    for path in ["/v1/secrets", "/v1/apps", "/v1/environments", "/v2/apps/"] {
        let resp = api.raw(Method::GET, path, api.auth(Who::Dev), None).await;
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
        let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ct.starts_with("text/html"), "{path}: {ct}");
        assert!(resp.text().await.unwrap().contains("<h1>Not Found</h1>"));
    }
}

#[tokio::test]
async fn all_three_prefixes_serve_the_api() {
    let api = Api::start().await;
    for prefix in ["/v1", "/public/v1", "/service/public/v1"] {
        let (s, v) = api.get(&format!("{prefix}/apps/"), Who::Dev).await;
        assert_eq!(s, StatusCode::OK, "{prefix}");
        assert_eq!(v["data"].as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn patch_is_405_json() {
    let api = Api::start().await;
    let path = api.secrets("development", "");
    let (s, v) = api.call(Method::PATCH, &path, Who::Dev, None).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(v["detail"], "Method \"PATCH\" not allowed.");
}

#[tokio::test]
async fn auth_errors_match_the_real_server() {
    let api = Api::start().await;
    let cases = [
        (None, "Authentication credentials were not provided."),
        (
            Some("Bearer User 0000000000000000000000000000000000000000000000000000000000000000"),
            "Token expired or deleted",
        ),
        (Some("Bearer user abc"), "Invalid token"),
        (Some("Bearer abc"), "Invalid token"),
    ];
    for (header, expected) in cases {
        let resp = api
            .raw(Method::GET, "/v1/apps/", header.map(str::to_string), None)
            .await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{header:?}");
        assert_eq!(resp.headers()["www-authenticate"], "Bearer");
        let v: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(msg(&v), expected, "{header:?}");
    }
    // A user token sent as a service account token is unknown.
    let wrong_kind = format!("Bearer ServiceAccount {}", api.sb.user_token());
    let resp = api
        .raw(Method::GET, "/v1/apps/", Some(wrong_kind), None)
        .await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_token_kind_works() {
    let api = Api::start().await;
    for who in [Who::Dev, Who::Ops, Who::ServiceAccount, Who::Service] {
        let (s, _) = api.get(&api.secrets("development", ""), who).await;
        assert_eq!(s, StatusCode::OK);
    }
    // The legacy service token is limited to the demo app.
    let (s, v) = api.get("/v1/apps/", Who::Service).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"].as_array().unwrap().len(), 1);
    let (s, _) = api
        .get(
            &format!("/v1/environments/?app_id={}", api.sb.e2ee_app_id()),
            Who::Service,
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn apps_and_environments() {
    let api = Api::start().await;
    let (s, v) = api.get("/v1/apps/", Who::Dev).await;
    assert_eq!(s, StatusCode::OK);
    let apps = v["data"].as_array().unwrap();
    let demo = apps
        .iter()
        .find(|a| a["id"] == api.sb.demo_app_id())
        .unwrap();
    assert_eq!(demo["name"], "Phase Desk Demo");
    assert_eq!(demo["sseEnabled"], true);
    for field in ["description", "createdAt", "updatedAt"] {
        assert!(demo.get(field).is_some(), "{field}");
    }
    let legacy = apps
        .iter()
        .find(|a| a["id"] == api.sb.e2ee_app_id())
        .unwrap();
    assert_eq!(legacy["sseEnabled"], false);

    let (s, v) = api
        .get(
            &format!("/v1/environments/?app_id={}", api.sb.demo_app_id()),
            Who::Dev,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let envs: Vec<(String, String, u64)> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["envType"].as_str().unwrap().to_string(),
                e["index"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        envs,
        vec![
            ("development".into(), "dev".into(), 0),
            ("staging".into(), "staging".into(), 1),
            ("production".into(), "prod".into(), 2),
        ]
    );

    let (s, _) = api
        .get(
            &format!("/v1/environments/?app_id={}", api.sb.e2ee_app_id()),
            Who::Dev,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = api.get("/v1/environments/?app_id=nope", Who::Dev).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = api.get("/v1/environments/", Who::Dev).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn secrets_app_and_env_resolution() {
    let api = Api::start().await;
    // Env names match case-insensitively.
    let (s, _) = api.get(&api.secrets("DEVELOPMENT", ""), Who::Dev).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = api.get(&api.secrets("qa", ""), Who::Dev).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(msg(&v).contains("qa"));
    let (s, v) = api
        .get("/v1/secrets/?app_id=missing-app&env=development", Who::Dev)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(msg(&v).contains("missing-app"));
    let (s, v) = api
        .get(
            &format!(
                "/v1/secrets/?app_id={}&env=development",
                api.sb.e2ee_app_id()
            ),
            Who::Dev,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"], "SSE is not enabled for this App");
}

#[tokio::test]
async fn request_count_counts_everything() {
    let api = Api::start().await;
    api.sb.reset_request_count();
    api.get("/v1/apps/", Who::Dev).await;
    api.get("/v1/apps", Who::Dev).await;
    api.get("/v1/apps/", Who::Nobody).await;
    assert_eq!(api.sb.request_count(), 3);
    api.sb.reset_request_count();
    assert_eq!(api.sb.request_count(), 0);
}
