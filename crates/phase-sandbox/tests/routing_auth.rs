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
async fn all_four_prefixes_serve_the_api() {
    let api = Api::start().await;
    for prefix in ["/v1", "/public/v1", "/service/v1", "/service/public/v1"] {
        let (s, v) = api.get(&format!("{prefix}/apps/"), Who::Dev).await;
        assert_eq!(s, StatusCode::OK, "{prefix}");
        assert_eq!(v["data"].as_array().unwrap().len(), 2);
    }
}

/// Real: PATCH on /v1/secrets/ is 403 "Unsupported HTTP method: PATCH" (after the
/// token check); on /v1/apps/ and /v1/environments/ it is 405 with an `error` body.
#[tokio::test]
async fn patch_is_403_on_secrets_and_405_elsewhere() {
    let api = Api::start().await;
    let path = api.secrets("development", "");
    let (s, v) = api.call(Method::PATCH, &path, Who::Dev, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(msg(&v), "Unsupported HTTP method: PATCH");
    let (s, v) = api.call(Method::PATCH, &path, Who::Nobody, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(msg(&v), "Authentication credentials were not provided.");
    let envs = format!("/v1/environments/?app_id={}", api.sb.demo_app_id());
    for route in ["/v1/apps/", envs.as_str()] {
        let (s, v) = api.call(Method::PATCH, route, Who::Dev, None).await;
        assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{route}");
        assert_eq!(msg(&v), "Method \"PATCH\" not allowed.");
    }
}

#[tokio::test]
async fn apps_newest_first_with_null_descriptions() {
    let api = Api::start().await;
    let (s, v) = api.get("/v1/apps/", Who::Dev).await;
    assert_eq!(s, StatusCode::OK);
    let apps = v["data"].as_array().unwrap();
    // Dev may use the demo app and Legacy Vault, not Ops Tools; newest first.
    let ids: Vec<&str> = apps.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [api.sb.demo_app_id(), api.sb.e2ee_app_id()]);
    let demo = &apps[0];
    assert_eq!(demo["name"], "Phase Desk Demo");
    assert_eq!(demo["sseEnabled"], true);
    for field in ["description", "createdAt", "updatedAt"] {
        assert!(demo.get(field).is_some(), "{field}");
    }
    // Like an app made in the Console: no description is `null`.
    assert_eq!(apps[1]["sseEnabled"], false);
    assert_eq!(apps[1]["description"], serde_json::Value::Null);
    let (_, v) = api.get("/v1/apps/", Who::Ops).await;
    let names: Vec<&str> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Phase Desk Demo", "Ops Tools", "Legacy Vault"]);
}

#[tokio::test]
async fn environments_and_their_errors() {
    let api = Api::start().await;
    let envs_of = |app: &str| format!("/v1/environments/?app_id={app}");
    let (s, v) = api.get(&envs_of(&api.sb.demo_app_id()), Who::Dev).await;
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
    let cases = [
        (
            envs_of(&api.sb.e2ee_app_id()),
            StatusCode::FORBIDDEN,
            "SSE is not enabled for this App.".to_string(),
        ),
        (
            envs_of("nope"),
            StatusCode::NOT_FOUND,
            "App with ID nope not found".into(),
        ),
        (
            "/v1/environments/".into(),
            StatusCode::FORBIDDEN,
            "Could not resolve app from request.".into(),
        ),
    ];
    for (path, status, expected) in cases {
        let (s, v) = api.get(&path, Who::Dev).await;
        assert_eq!((s, msg(&v)), (status, expected), "{path}");
    }
}

#[tokio::test]
async fn secrets_app_and_env_resolution() {
    let api = Api::start().await;
    let demo = api.sb.demo_app_id();
    // Env names match case-insensitively.
    let (s, _) = api.get(&api.secrets("DEVELOPMENT", ""), Who::Dev).await;
    assert_eq!(s, StatusCode::OK);
    let cases = [
        (
            api.secrets("qa", ""),
            StatusCode::NOT_FOUND,
            format!("Environment 'qa' not found in App {demo}"),
        ),
        (
            "/v1/secrets/?app_id=missing-app&env=development".to_string(),
            StatusCode::NOT_FOUND,
            "App with ID missing-app not found".into(),
        ),
        (
            format!(
                "/v1/secrets/?app_id={}&env=development",
                api.sb.e2ee_app_id()
            ),
            StatusCode::BAD_REQUEST,
            "SSE is not enabled for this App".into(),
        ),
    ];
    for (path, status, expected) in cases {
        let (s, v) = api.get(&path, Who::Dev).await;
        assert_eq!((s, msg(&v)), (status, expected), "{path}");
    }
    // Without app_id or env: 403, for people and service accounts alike.
    let context = "Environment context required. Supply `app_id` and `env` as query parameters.";
    for path in [
        "/v1/secrets/".to_string(),
        format!("/v1/secrets/?app_id={demo}"),
        "/v1/secrets/?env=development".into(),
    ] {
        for who in [Who::Dev, Who::ServiceAccount] {
            let (s, v) = api.get(&path, who).await;
            assert_eq!((s, msg(&v).as_str()), (StatusCode::FORBIDDEN, context));
        }
    }
}

/// Real: no access is 403 for a person and 401 for a service account.
#[tokio::test]
async fn no_access_is_403_for_people_and_401_for_service_accounts() {
    let api = Api::start().await;
    let ops_app = api.sb.ops_app_id();
    let secrets = format!("/v1/secrets/?app_id={ops_app}&env=development");
    let envs = format!("/v1/environments/?app_id={ops_app}");
    let cases = [
        (
            &secrets,
            Who::Dev,
            403,
            "User cannot access this environment",
        ),
        (
            &secrets,
            Who::ServiceAccount,
            401,
            "Service account cannot access this environment",
        ),
        (&envs, Who::Dev, 403, "User cannot access this app"),
        (
            &envs,
            Who::ServiceAccount,
            401,
            "Service account cannot access this app",
        ),
    ];
    for (path, who, status, expected) in cases {
        let resp = api.raw(Method::GET, path, api.auth(who), None).await;
        assert_eq!(resp.status().as_u16(), status, "{path}");
        if status == 401 {
            assert_eq!(resp.headers()["www-authenticate"], "Bearer");
        }
        let v: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(msg(&v), expected);
    }
    for path in [&secrets, &envs] {
        let (s, _) = api.get(path, Who::Ops).await;
        assert_eq!(s, StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn legacy_service_tokens_need_an_environment() {
    let api = Api::start().await;
    let (s, _) = api.get(&api.secrets("development", ""), Who::Service).await;
    assert_eq!(s, StatusCode::OK);
    let needs_env = "Service tokens require an environment context";
    for path in [
        "/v1/apps/".to_string(),
        format!("/v1/environments/?app_id={}", api.sb.demo_app_id()),
    ] {
        let (s, v) = api.get(&path, Who::Service).await;
        assert_eq!((s, msg(&v).as_str()), (StatusCode::UNAUTHORIZED, needs_env));
    }
    let (s, v) = api
        .get(
            &format!(
                "/v1/secrets/?app_id={}&env=development",
                api.sb.ops_app_id()
            ),
            Who::Service,
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(msg(&v), "Service token cannot access this environment");
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
