use super::*;
use crate::models::PurposeType;

fn offline() -> CommandkClient {
    // Nothing listens on port 9: a request would fail with Network, not Validation.
    let host = Host::custom("http://127.0.0.1:9").unwrap();
    let token = AccessToken::parse("ck_test_token").unwrap();
    CommandkClient::new(host, token, ClientOptions::default()).unwrap()
}

#[test]
fn send_sync_clone_and_redacted() {
    fn check<T: Send + Sync + Clone>() {}
    check::<CommandkClient>();
    let dbg = format!("{:?}", offline());
    assert!(!dbg.contains("ck_test_token") && dbg.contains("<redacted>"));
}

#[test]
fn bodies_are_as_documented() {
    let create = CreateBody {
        name: "db",
        purpose_type: PurposeType::ApiKey.as_str(),
        provider_id: None,
        environment_scoped_values: [],
    };
    assert_eq!(
        serde_json::to_value(&create).unwrap(),
        serde_json::json!({"name": "db", "purposeType": "APIKey", "environmentScopedValues": []})
    );
    let value = ValueBody {
        value_type_urn: KV_VALUE_TYPE,
        hidden: false,
        kv_app_secret_value: TextValue {
            type_hint: TEXT_TYPE_HINT,
            text: "v",
        },
    };
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        serde_json::json!({
            "valueTypeUrn": "urn:app-secret:app-secret-type:keyValueAppSecret",
            "hidden": false,
            "kvAppSecretValue": {"typeHint": "urn:app-secret:kv-secret-value:textType", "text": "v"}
        })
    );
}

#[tokio::test]
async fn validation_before_any_request() {
    let c = offline();
    let bad_name = NewSecret::new("has space", PurposeType::Other);
    for e in [
        c.create_secret("app", &bad_name).await.unwrap_err(),
        c.create_secret("", &NewSecret::new("ok", PurposeType::Other))
            .await
            .unwrap_err(),
        c.set_value("app", "s/1", "env", &"v".into())
            .await
            .unwrap_err(),
        c.set_value("app", "s1", "env", &"a\0b".into())
            .await
            .unwrap_err(),
        c.reveal("app", "env", &[]).await.unwrap_err(),
        c.list_masked("app", " ", None).await.unwrap_err(),
        c.find_app("  ").await.unwrap_err(),
    ] {
        assert_eq!(e.code(), "validation", "{e:?}");
    }
    // A valid request reaches the network (and fails there).
    assert_eq!(c.list_environments().await.unwrap_err().code(), "network");
}
