//! Unit tests of the client that need no server.

use phase_api::{
    ClientOptions, EnvSelector, Host, NewSecret, OverrideInput, SecretFilter, SecretType,
    SecretUpdate, Token, TokenKind,
};
use serde_json::json;

use super::payload::applied;
use super::wire::{decrypt_all, WireSecret};
use super::{has_key_material, service_base, E2eeClient};
use crate::crypto::KeyPair;
use crate::keys::{mint_token, EnvSeed, TokenPrefix};

fn console(prefix: TokenPrefix) -> String {
    let account = KeyPair::generate().unwrap();
    mint_token(prefix, &"5e".repeat(32), &account)
        .unwrap()
        .console
        .to_string()
}

#[test]
fn service_base_per_host() {
    assert_eq!(
        service_base(&Host::cloud()),
        "https://console.phase.dev/service"
    );
    let sh = Host::self_hosted("https://phase.example.com").unwrap();
    assert_eq!(service_base(&sh), "https://phase.example.com/service");
    let local = Host::custom("http://127.0.0.1:58000").unwrap();
    assert_eq!(service_base(&local), "http://127.0.0.1:58000/service");
    let public = Host::custom("http://127.0.0.1:58000/public").unwrap();
    assert_eq!(service_base(&public), "http://127.0.0.1:58000/service");
    let svc = Host::custom("https://x.example.com/service").unwrap();
    assert_eq!(service_base(&svc), "https://x.example.com/service");
}

#[test]
fn key_material_is_needed_and_never_shown() {
    let whole = console(TokenPrefix::User);
    let token = Token::parse(&whole, TokenKind::User).unwrap();
    assert!(has_key_material(&token));
    let bare = Token::parse(token.bearer_value(), TokenKind::User).unwrap();
    assert!(!has_key_material(&bare));
    let err = E2eeClient::new(Host::cloud(), bare, ClientOptions::default()).unwrap_err();
    assert_eq!(err.code(), "validation");
    let client = E2eeClient::new(Host::cloud(), token.clone(), ClientOptions::default()).unwrap();
    let shown = format!("{client:?}");
    for field in whole.split(':').skip(2) {
        assert!(!shown.contains(field), "{shown}");
    }
    assert_eq!(client.token_kind(), TokenKind::User);
    let sa = Token::parse(&console(TokenPrefix::ServiceAccount), TokenKind::User).unwrap();
    let sa = E2eeClient::new(Host::cloud(), sa, ClientOptions::default()).unwrap();
    assert_eq!(sa.token_kind(), TokenKind::ServiceAccount);
}

#[tokio::test]
async fn validation_happens_before_any_request() {
    // An unroutable host: any request would fail with a network error, not validation.
    let host = Host::custom("http://127.0.0.1:9").unwrap();
    let sa = Token::parse(&console(TokenPrefix::ServiceAccount), TokenKind::User).unwrap();
    let client = E2eeClient::new(host, sa, ClientOptions::default()).unwrap();
    let env = EnvSelector::new("app", "development");
    let code = |r: Result<Vec<phase_api::Secret>, phase_api::PhaseError>| r.unwrap_err().code();
    assert_eq!(code(client.create_secrets(&env, &[]).await), "validation");
    assert_eq!(
        code(
            client
                .create_secrets(&env, &[NewSecret::new("a.b", "v")])
                .await
        ),
        "validation"
    );
    let mut o = NewSecret::new("K", "v");
    o.r#override = Some(OverrideInput {
        value: "x".into(),
        is_active: true,
    });
    assert_eq!(code(client.create_secrets(&env, &[o]).await), "validation");
    assert_eq!(
        code(
            client
                .update_secrets(&env, &[SecretUpdate::new("", "/")])
                .await
        ),
        "validation"
    );
    let bad_tag = SecretFilter {
        tags: vec!["a,b".into()],
        ..SecretFilter::default()
    };
    assert_eq!(
        code(client.list_secrets(&env, &bad_tag).await),
        "validation"
    );
    let e = client
        .set_override(&env, "id", "/", "v".into(), true)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "validation");
    assert_eq!(
        client.delete_secrets(&env, &[]).await.unwrap_err().code(),
        "validation"
    );
    assert_eq!(
        client
            .delete_secrets(&env, &[" ".into()])
            .await
            .unwrap_err()
            .code(),
        "validation"
    );
    // Past validation, the network is reached.
    assert_eq!(client.list_apps().await.unwrap_err().code(), "network");
}

#[test]
fn listings_decrypt_and_report_what_does_not() {
    let keys = EnvSeed::generate().unwrap().keys();
    let other = EnvSeed::generate().unwrap().keys();
    let mut records = vec![json!({
        "id": "a", "key": keys.encrypt("DB_URL").unwrap(), "key_digest": keys.key_digest("DB_URL"),
        "value": keys.encrypt("x${Y}").unwrap(), "comment": "", "tags": ["t1", {"name": "t2"}],
        "override": {"id": "o", "value": keys.encrypt("ov").unwrap(), "is_active": true},
        "type": "sealed", "lifecycle": "static", "path": "", "version": 3,
        "created_at": "2026-01-02T03:04:05.000006Z", "environment": "e",
    })];
    records
        .push(json!({"id": "b", "key": other.encrypt("K").unwrap(), "value": "", "comment": ""}));
    records.push(json!({"id": "c", "key": "not ph", "value": "", "comment": ""}));
    records.push(json!({"id": "d", "type": "dynamic", "key_map": []}));
    // camelCase too.
    records.push(json!({"id": "e", "key": keys.encrypt("E").unwrap(), "keyDigest": "dg", "value": keys.encrypt("").unwrap(),
        "override": {"value": keys.encrypt("z").unwrap(), "isActive": false}}));
    for n in 0..100 {
        records.push(json!({"id": format!("n{n}"), "key": keys.encrypt(&format!("K{n}")).unwrap(), "value": keys.encrypt("v").unwrap()}));
    }
    let wire: Vec<WireSecret> = serde_json::from_value(json!(records)).unwrap();
    let (secrets, failed) = decrypt_all(&wire, &keys);
    assert_eq!(failed, ["b", "c"]);
    assert_eq!(secrets.len(), 102, "the dynamic one is left out");
    let a = &secrets[0];
    assert_eq!(
        (a.key.as_str(), a.value.expose(), a.path.as_str()),
        ("DB_URL", "x${Y}", "/")
    );
    assert_eq!(a.tags, ["t1", "t2"]);
    assert_eq!(a.r#type, SecretType::Sealed);
    assert_eq!(a.effective_value().expose(), "ov");
    assert!(a.created_at.is_some());
    let e = &secrets[1];
    assert_eq!((e.key.as_str(), e.value.expose()), ("E", ""));
    assert!(!e.r#override.as_ref().unwrap().is_active);
    assert_eq!(
        secrets[101].key, "K99",
        "server order kept on the parallel path"
    );
}

#[test]
fn local_result_of_an_update() {
    let keys = EnvSeed::generate().unwrap().keys();
    let wire: Vec<WireSecret> = serde_json::from_value(json!([{
        "id": "a", "key": keys.encrypt("K").unwrap(), "value": keys.encrypt("v").unwrap(),
        "comment": "", "type": "sealed", "version": 1, "tags": ["x"],
    }]))
    .unwrap();
    let (mut s, _) = decrypt_all(&wire, &keys);
    let update = SecretUpdate {
        value: Some("new".into()),
        comment: Some("c".into()),
        r#override: Some(OverrideInput {
            value: "o".into(),
            is_active: false,
        }),
        ..SecretUpdate::new("a", "/moved")
    };
    let after = applied(s.remove(0), &update);
    assert_eq!(after.value.expose(), "v", "sealed values are kept");
    assert_eq!(
        (after.comment.as_str(), after.path.as_str(), after.version),
        ("c", "/moved", 2)
    );
    assert_eq!(after.tags, ["x"]);
    assert!(!after.r#override.unwrap().is_active);
}
