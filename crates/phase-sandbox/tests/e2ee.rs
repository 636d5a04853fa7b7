//! The E2EE emulation on its own: what only the sandbox can show (what it stores, the
//! key material of its tokens, its demo data, its limits). The behaviour shared with the
//! real server is checked on both by `phase-e2ee`'s `e2ee_conformance` and `e2ee_quirks`.

use phase_e2ee::{EnvKeys, TokenKeys};
use phase_sandbox::{Sandbox, SandboxConfig, Seed};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

struct E2ee {
    sb: Sandbox,
    http: reqwest::Client,
}

impl E2ee {
    async fn start(config: SandboxConfig) -> E2ee {
        E2ee {
            sb: Sandbox::start(config).await.unwrap(),
            http: reqwest::Client::new(),
        }
    }

    async fn call(
        &self,
        method: Method,
        route: &str,
        console: &str,
        headers: &[(&str, String)],
        body: Option<Value>,
    ) -> (StatusCode, String) {
        let keys = TokenKeys::parse(console).unwrap();
        let mut req = self
            .http
            .request(method, format!("{}/service/{route}", self.sb.base_url()))
            .header(
                "Authorization",
                format!("Bearer {} {}", keys.prefix().header_word(), keys.bearer()),
            );
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    /// The keyring of a Console token, opened: (answer, env keys by env name).
    async fn open(&self, console: &str) -> (Value, Vec<(String, String, EnvKeys)>) {
        let (status, body) = self
            .call(Method::GET, "secrets/tokens/", console, &[], None)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let answer: Value = serde_json::from_str(&body).unwrap();
        let account = TokenKeys::parse(console)
            .unwrap()
            .unwrap_account(answer["wrapped_key_share"].as_str().unwrap())
            .expect("the token's key material opens the server's share");
        let mut envs = Vec::new();
        for app in answer["apps"].as_array().unwrap() {
            for k in app["environment_keys"].as_array().unwrap() {
                let keys = EnvKeys::open(
                    &account,
                    k["wrapped_seed"].as_str().unwrap(),
                    k["wrapped_salt"].as_str().unwrap(),
                    k["identity_key"].as_str().unwrap(),
                )
                .unwrap();
                let name = k["environment"]["name"].as_str().unwrap().to_string();
                let id = k["environment"]["id"].as_str().unwrap().to_string();
                envs.push((name, id, keys));
            }
        }
        (answer, envs)
    }
}

fn dev_of(envs: &[(String, String, EnvKeys)]) -> (String, EnvKeys) {
    envs.iter()
        .find(|(n, _, _)| n == "development")
        .map(|(_, id, k)| (id.clone(), k.clone()))
        .unwrap()
}

#[tokio::test]
async fn every_token_opens_the_vault_and_the_demo_data_decrypts() {
    let api = E2ee::start(SandboxConfig::default()).await;
    for console in [
        api.sb.user_token(),
        api.sb.other_user_token(),
        api.sb.service_account_token(),
    ] {
        let (answer, envs) = api.open(&console).await;
        assert_eq!(envs.len(), 3, "three environments of Legacy Vault");
        let apps = answer["apps"].as_array().unwrap();
        let vault = apps
            .iter()
            .find(|a| a["id"] == api.sb.e2ee_app_id().as_str())
            .unwrap();
        assert_eq!(vault["encryption"], "E2E");
        let demo = apps
            .iter()
            .find(|a| a["id"] == api.sb.demo_app_id().as_str())
            .unwrap();
        assert_eq!(
            (demo["encryption"].clone(), demo["environment_keys"].clone()),
            (json!("SSE"), json!([]))
        );
    }
    let (_, envs) = api.open(&api.sb.user_token()).await;
    let (env_id, keys) = dev_of(&envs);
    let (status, body) = api
        .call(
            Method::GET,
            "secrets/",
            &api.sb.user_token(),
            &[("Environment", env_id)],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let list: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert!(list.len() >= 8);
    let mut seen = Vec::new();
    for s in &list {
        let key = keys.decrypt(s["key"].as_str().unwrap()).unwrap();
        assert_eq!(s["key_digest"], keys.key_digest(&key));
        let value = keys.decrypt(s["value"].as_str().unwrap()).unwrap();
        if key == "LOG_LEVEL" {
            assert_eq!(
                keys.decrypt(s["override"]["value"].as_str().unwrap())
                    .unwrap(),
                "trace"
            );
        }
        if key == "DATABASE_URL" {
            assert!(
                value.contains("${DB_PASSWORD}"),
                "references stored as written"
            );
        }
        seen.push(key);
    }
    assert!(seen.contains(&"MASTER_KEY".to_string()));
}

#[tokio::test]
async fn only_ciphertext_reaches_the_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sandbox.json");
    let config = SandboxConfig {
        data_file: Some(file.clone()),
        ..SandboxConfig::default()
    };
    let api = E2ee::start(config.clone()).await;
    let user = api.sb.user_token();
    let (_, envs) = api.open(&user).await;
    let (env_id, keys) = dev_of(&envs);
    let secret = json!({"secrets": [{
        "key": keys.encrypt("PLAINTEXT_KEY_NAME").unwrap(),
        "keyDigest": keys.key_digest("PLAINTEXT_KEY_NAME"),
        "value": keys.encrypt("plaintext-value-42").unwrap(),
        "comment": keys.encrypt("plaintext comment").unwrap(),
        "path": "/", "tags": [],
        "override": {"value": keys.encrypt("plaintext-override").unwrap(), "isActive": true},
    }]});
    let (status, body) = api
        .call(
            Method::POST,
            "secrets/",
            &user,
            &[("Environment", env_id.clone())],
            Some(secret),
        )
        .await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
    let stored = std::fs::read_to_string(&file).unwrap();
    for plain in [
        "PLAINTEXT_KEY_NAME",
        "plaintext-value-42",
        "plaintext comment",
        "plaintext-override",
        "Lv!dev-3xQ9pR2m",
        "mk_dev_0a9b8c7d6e5f4a3b",
        "SIGNING_KEY",
    ] {
        assert!(!stored.contains(plain), "{plain} stored in clear");
    }
    // Restarted from the file: the same token still opens it, the secret is still there.
    api.sb.shutdown().await;
    let again = E2ee::start(config).await;
    assert_eq!(again.sb.user_token(), user);
    let (status, body) = again
        .call(
            Method::GET,
            "secrets/",
            &user,
            &[
                ("Environment", env_id),
                ("KeyDigest", keys.key_digest("PLAINTEXT_KEY_NAME")),
            ],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let list: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(
        keys.decrypt(list[0]["value"].as_str().unwrap()).unwrap(),
        "plaintext-value-42"
    );
}

#[tokio::test]
async fn minted_fresh_and_older_tokens_carry_working_key_material() {
    let api = E2ee::start(SandboxConfig::default()).await;
    let minted = api.sb.mint_user_token();
    let (_, envs) = api.open(&minted).await;
    assert_eq!(envs.len(), 3);
    // Same account: the same environment keys as Dev's own token.
    let (_, dev_envs) = api.open(&api.sb.user_token()).await;
    assert_eq!(dev_of(&envs).1.public(), dev_of(&dev_envs).1.public());
    api.sb.revoke_token(&minted);
    let (status, body) = api
        .call(Method::GET, "secrets/tokens/", &minted, &[], None)
        .await;
    assert_eq!(
        (status, body.as_str()),
        (
            StatusCode::FORBIDDEN,
            "{\"error\": \"Token expired or deleted\"}"
        )
    );

    // A data file written before the E2EE emulation (no `e2ee`, random token fields).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.json");
    let config = SandboxConfig {
        data_file: Some(file.clone()),
        seed: Seed::Empty,
        ..SandboxConfig::default()
    };
    let first = Sandbox::start(config.clone()).await.unwrap();
    let bearer = first.user_bearer();
    first.shutdown().await;
    let mut old: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    old.as_object_mut().unwrap().remove("e2ee");
    std::fs::write(&file, old.to_string()).unwrap();
    let again = E2ee::start(config).await;
    assert_eq!(again.sb.user_bearer(), bearer, "the token value is kept");
    let (_, envs) = again.open(&again.sb.user_token()).await;
    assert_eq!(envs.len(), 3);

    // Fresh tokens at every start (the desktop app's embedded sandbox).
    let fresh = E2ee::start(SandboxConfig {
        fresh_tokens: true,
        ..SandboxConfig::default()
    })
    .await;
    let (_, envs) = fresh.open(&fresh.sb.service_account_token()).await;
    assert_eq!(envs.len(), 3);
}

#[tokio::test]
async fn limits_of_the_emulation() {
    let api = E2ee::start(SandboxConfig::default()).await;
    let user = api.sb.user_token();
    // No Authorization header on the tokens route: the real view's KeyError, 500.
    let resp = api
        .http
        .get(format!("{}/secrets/tokens/", api.sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // An SSE app's environment: refused (the sandbox keeps SSE secrets in clear).
    let q = format!("secrets/?app_id={}&env=development", api.sb.demo_app_id());
    let (status, body) = api.call(Method::GET, &q, &user, &[], None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("end-to-end-encrypted apps"), "{body}");
    // The legacy service token's app is SSE: nothing to open.
    let (status, body) = api
        .call(
            Method::GET,
            "secrets/tokens/",
            &api.sb.service_token(),
            &[],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["apps"],
        json!([])
    );
    // The rate limit counts these routes too.
    api.sb.set_rate_limit(Some(1));
    let (first, _) = api
        .call(Method::GET, "secrets/tokens/", &user, &[], None)
        .await;
    let (second, _) = api
        .call(Method::GET, "secrets/tokens/", &user, &[], None)
        .await;
    assert_eq!(
        (first, second),
        (StatusCode::OK, StatusCode::TOO_MANY_REQUESTS)
    );
}
