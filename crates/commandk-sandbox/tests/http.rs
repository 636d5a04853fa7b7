//! The sandbox's wire behaviour, checked with plain HTTP (no client crate).

use commandk_sandbox::{CommandkSandbox, CommandkSandboxConfig, Seed};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

struct Sb {
    sb: CommandkSandbox,
    http: reqwest::Client,
}

impl Sb {
    async fn start() -> Sb {
        Sb {
            sb: CommandkSandbox::start(CommandkSandboxConfig::default())
                .await
                .unwrap(),
            http: reqwest::Client::new(),
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.sb.base_url()));
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        (
            status,
            headers,
            serde_json::from_str(&text).unwrap_or(Value::Null),
        )
    }

    async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        let (s, _, v) = self.call(Method::GET, path, token, None, &[]).await;
        (s, v)
    }

    fn rendered(&self, env: &str, mode: &str) -> String {
        format!(
            "/apps/{}/secrets/rendered?environment={env}&mode={mode}",
            self.sb.demo_app_id()
        )
    }
}

#[tokio::test]
async fn bearer_auth_and_error_shape() {
    let s = Sb::start().await;
    let (status, body) = s.get("/environments", "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["requestId"].is_string() && body["message"].is_string());
    assert_eq!(body["error"], "Unauthorized");
    assert_eq!(
        s.get("/environments", "nope").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = s.get("/environments", &s.sb.write_token()).await;
    assert_eq!(status, StatusCode::OK);
    let envs = body["environments"].as_array().unwrap();
    assert_eq!(envs.len(), 3);
    for key in ["id", "name", "slug", "label"] {
        assert!(envs[0][key].is_string(), "{key}");
    }
    assert_eq!(
        s.get("/no/such/route", &s.sb.read_token()).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn apps_by_name() {
    let s = Sb::start().await;
    let t = s.sb.read_token();
    let (status, app) = s
        .get("/apps/payments-service?identifierType=Name", &t)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app["id"], s.sb.demo_app_id());
    assert_eq!(app["slug"], "payments-service");
    let path = format!("/apps/{}?identifierType=Identifier", s.sb.demo_app_id());
    assert_eq!(s.get(&path, &t).await.1["name"], "payments-service");
    assert_eq!(
        s.get("/apps/nope?identifierType=Name", &t).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get("/apps/payments-service", &t).await.0,
        StatusCode::BAD_REQUEST
    );
    let (status, body) = s.get("/apps/legacy-billing?identifierType=Name", &t).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errorType"], "DataEntityNonSingular");
    let (_, providers) = s.get("/providers", &t).await;
    assert!(providers["providers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Other"));
}

#[tokio::test]
async fn rendered_modes_masking_filters_and_etag() {
    let s = Sb::start().await;
    let t = s.sb.read_token();
    let dev = s.sb.environment_id("development").unwrap();
    let (status, full) = s.get(&s.rendered(&dev, "Full"), &t).await;
    assert_eq!(status, StatusCode::OK);
    let row = |v: &Value, key: &str| {
        v["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .cloned()
            .unwrap()
    };
    let stripe = row(&full, "STRIPE_SECRET_KEY");
    assert_eq!(
        stripe["serializedValue"],
        "sk_test_51HxDemoDevKey0000000000"
    );
    assert_eq!(
        stripe["valueType"],
        "urn:rendered-app-secret:value-type:String"
    );
    let ssh = row(&full, "DEPLOY_SSH_KEY");
    assert_eq!(ssh["valueType"], "urn:rendered-app-secret:value-type:None");
    assert!(ssh.get("serializedValue").is_none());
    for key in ["changelogId", "secretDigest", "incrementalId"] {
        assert!(!full[key].is_null(), "{key}");
    }
    let (_, preview) = s.get(&s.rendered(&dev, "PreviewOnly"), &t).await;
    assert_eq!(
        row(&preview, "STRIPE_SECRET_KEY")["serializedValue"],
        "sk_********"
    );
    assert_eq!(
        row(&preview, "FEATURE_FLAGS")["serializedValue"],
        "********"
    );

    let filtered = format!(
        "{}&secret-name-filter=SENTRY_DSN&secret-name-filter=FEATURE_FLAGS",
        s.rendered(&dev, "Full")
    );
    assert_eq!(
        s.get(&filtered, &t).await.1["secrets"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let commas = format!(
        "{}&secret-name-filter=SENTRY_DSN,DATABASE_URL",
        s.rendered(&dev, "Full")
    );
    assert_eq!(
        s.get(&commas, &t).await.1["secrets"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let path = s.rendered(&dev, "PreviewOnly");
    let (_, headers, _) = s.call(Method::GET, &path, &t, None, &[]).await;
    let etag = headers["etag"].to_str().unwrap().to_string();
    let (status, _, _) = s
        .call(Method::GET, &path, &t, None, &[("if-none-match", &etag)])
        .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    let weak = format!("\"other\", W/{etag}");
    let (status, _, _) = s
        .call(Method::GET, &path, &t, None, &[("if-none-match", &weak)])
        .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    // Full and PreviewOnly listings have different ETags.
    let (status, _, _) = s
        .call(
            Method::GET,
            &s.rendered(&dev, "Full"),
            &t,
            None,
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    assert_eq!(
        s.get(&s.rendered(&dev, "Masked"), &t).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.get(&s.rendered("", "Full"), &t).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.get(&s.rendered("nope", "Full"), &t).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, body) = s.get(&s.rendered(&dev, "Full"), &s.sb.write_token()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains("Write scope"));
}

#[tokio::test]
async fn create_conflict_and_set_value() {
    let s = Sb::start().await;
    let w = s.sb.write_token();
    let app = s.sb.demo_app_id();
    let create = |name: &str, purpose: &str| json!({"name": name, "purposeType": purpose, "environmentScopedValues": []});
    let path = format!("/apps/{app}/secrets");
    let (status, _, made) = s
        .call(
            Method::POST,
            &path,
            &w,
            Some(create("NEW_ONE", "UsernamePassword")),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (made["name"].as_str(), made["slug"].as_str()),
        (Some("NEW_ONE"), Some("new-one"))
    );
    let (status, _, dup) = s
        .call(
            Method::POST,
            &path,
            &w,
            Some(create("NEW_ONE", "Other")),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(dup["entityId"], made["id"]);
    let (status, _, body) = s
        .call(Method::POST, &path, &w, Some(create("X", "Password")), &[])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("APIKey"));
    let (status, _, _) = s
        .call(
            Method::POST,
            &path,
            &s.sb.read_token(),
            Some(create("Y", "Other")),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let staging = s.sb.environment_id("staging").unwrap();
    let id = made["id"].as_str().unwrap();
    let put = format!("/apps/{app}/secrets/{id}/environments/{staging}/values");
    let value = |text: &str| {
        json!({"valueTypeUrn": "urn:app-secret:app-secret-type:keyValueAppSecret", "hidden": false,
               "kvAppSecretValue": {"typeHint": "urn:app-secret:kv-secret-value:textType", "text": text}})
    };
    let (status, _, _) = s.call(Method::PUT, &put, &w, Some(value("u:p")), &[]).await;
    assert!(status.is_success());
    assert_eq!(
        s.sb.stored_value(&app, "NEW_ONE", &staging).as_deref(),
        Some("u:p")
    );
    let mut wrong = value("x");
    wrong["valueTypeUrn"] = json!("urn:other");
    assert_eq!(
        s.call(Method::PUT, &put, &w, Some(wrong), &[]).await.0,
        StatusCode::BAD_REQUEST
    );
    let bad_env = format!("/apps/{app}/secrets/{id}/environments/nope/values");
    assert_eq!(
        s.call(Method::PUT, &bad_env, &w, Some(value("x")), &[])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let read = s.sb.read_token();
    assert_eq!(
        s.call(Method::PUT, &put, &read, Some(value("x")), &[])
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    // Shutting down does not wait for the client's idle keep-alive connection.
    let Sb { sb, http } = s;
    tokio::time::timeout(std::time::Duration::from_secs(5), sb.shutdown())
        .await
        .expect("shutdown with an idle connection open");
    drop(http);
}

#[tokio::test]
async fn the_empty_seed_has_no_secrets() {
    let sb = CommandkSandbox::start(CommandkSandboxConfig {
        seed: Seed::Empty,
        ..CommandkSandboxConfig::default()
    })
    .await
    .unwrap();
    assert_eq!(sb.secret_count(&sb.demo_app_id()), 0);
    assert_eq!(sb.environments().len(), 3);
    assert!(sb.summary().contains(&sb.read_token()));
    sb.shutdown().await;
}
