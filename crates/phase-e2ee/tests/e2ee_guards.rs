//! The E2EE client's guards, on the real backend (when `PHASE_TEST_HOST` is set) or the
//! sandbox: ids checked against the environment, batches validated before sending, the
//! server's answer shape, and tokens without key material refused.

mod common;

use common::Ctx;
use phase_api::{
    NewSecret, PhaseError, SecretFilter, SecretString, SecretUpdate, Token, TokenKind,
};
use phase_e2ee::E2eeClient;

fn key_filter(key: &str) -> SecretFilter {
    SecretFilter {
        key: Some(key.to_string()),
        ..SecretFilter::default()
    }
}

#[tokio::test]
async fn ids_are_checked_against_the_environment() {
    let ctx = Ctx::new().await;
    let client = ctx.user_client();
    let s = client
        .create_secrets(&ctx.env, &[NewSecret::new(ctx.key("STAYS"), "here")])
        .await
        .unwrap()
        .remove(0);
    // Through Staging, this id is unknown: nothing is sent (the server would move or
    // delete it, whatever the Environment header says).
    let err = client
        .update_secrets(
            &ctx.other_env,
            &[SecretUpdate {
                value: Some("moved".into()),
                ..SecretUpdate::new(&s.id, "/")
            }],
        )
        .await
        .unwrap_err();
    assert!(matches!(err, PhaseError::NotFound { .. }), "{err:?}");
    let err = client
        .delete_secrets(&ctx.other_env, std::slice::from_ref(&s.id))
        .await
        .unwrap_err();
    assert!(matches!(err, PhaseError::NotFound { .. }), "{err:?}");
    let still = client
        .list_secrets(&ctx.env, &key_filter(&s.key))
        .await
        .unwrap();
    assert_eq!(still[0].value.expose(), "here");
    // Deleted for real through its own environment.
    assert_eq!(
        client
            .delete_secrets(&ctx.env, std::slice::from_ref(&s.id))
            .await
            .unwrap(),
        "Deleted 1 secret"
    );
    assert!(client
        .list_secrets(&ctx.env, &key_filter(&s.key))
        .await
        .unwrap()
        .is_empty());
    ctx.cleanup().await;
}

#[tokio::test]
async fn batch_create_and_update_many() {
    let ctx = Ctx::new().await;
    let client = ctx.user_client();
    let batch: Vec<NewSecret> = (0..5)
        .map(|i| {
            let mut n = NewSecret::new(ctx.key(&format!("BATCH_{i}")), format!("v{i}"));
            n.path = Some(if i % 2 == 0 { "/a".into() } else { "/b".into() });
            n
        })
        .collect();
    let created = client.create_secrets(&ctx.env, &batch).await.unwrap();
    assert_eq!(created.len(), 5);
    // Two rows with one key in one folder: refused before sending.
    let dup = [
        NewSecret::new(ctx.key("TWICE"), "1"),
        NewSecret::new(ctx.key("twice"), "2"),
    ];
    assert_eq!(
        client
            .create_secrets(&ctx.env, &dup)
            .await
            .unwrap_err()
            .code(),
        "validation"
    );
    let updates: Vec<SecretUpdate> = created
        .iter()
        .map(|s| SecretUpdate {
            value: Some(SecretString::new(format!("{}!", s.value.expose()))),
            ..SecretUpdate::new(&s.id, &s.path)
        })
        .collect();
    let updated = client.update_secrets(&ctx.env, &updates).await.unwrap();
    assert_eq!(updated.len(), 5);
    for (before, after) in created.iter().zip(&updated) {
        assert_eq!(after.id, before.id);
        assert_eq!(after.value.expose(), format!("{}!", before.value.expose()));
        assert_eq!(after.version, 2);
    }
    let ids: Vec<String> = created.iter().map(|s| s.id.clone()).collect();
    assert_eq!(
        client.delete_secrets(&ctx.env, &ids).await.unwrap(),
        "Deleted 5 secrets"
    );
    ctx.cleanup().await;
}

#[tokio::test]
async fn server_answers_like_the_real_one() {
    let ctx = Ctx::new().await;
    let client = ctx.user_client();
    let s = client
        .create_secrets(&ctx.env, &[NewSecret::new(ctx.key("SHAPE"), "x")])
        .await
        .unwrap()
        .remove(0);
    let snake = ctx.raw_secret(&ctx.env, &s.id).await;
    let mut fields: Vec<&str> = snake
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "comment",
            "created_at",
            "environment",
            "folder",
            "id",
            "key",
            "key_digest",
            "lifecycle",
            "override",
            "path",
            "tags",
            "type",
            "updated_at",
            "value",
            "version"
        ]
    );
    let camel = ctx
        .raw_list(&ctx.env, vec![("X-Use-Camel-Case", "true".into())])
        .await;
    let mine = camel.iter().find(|x| x["id"] == s.id.as_str()).unwrap();
    assert!(mine.get("keyDigest").is_some() && mine.get("key_digest").is_none());
    ctx.cleanup().await;
}

#[tokio::test]
async fn tokens_without_key_material_are_refused() {
    let ctx = Ctx::new().await;
    for bare in [
        Token::parse(ctx.user.bearer_value(), TokenKind::User).unwrap(),
        Token::parse(
            &format!("Bearer User {}", ctx.user.bearer_value()),
            TokenKind::User,
        )
        .unwrap(),
    ] {
        let err = E2eeClient::new(ctx.host.clone(), bare, Default::default()).unwrap_err();
        assert_eq!(err.code(), "validation");
        assert!(err.to_string().contains("pss_user:v1"), "{err}");
        assert!(!err.to_string().contains(ctx.user.bearer_value()));
    }
}

/// A 429 is waited out and retried like the REST client does (sandbox only: the real
/// backend's limit needs a restart, `ratelimit.sh`).
#[tokio::test]
async fn rate_limited_calls_wait_and_retry() {
    let ctx = Ctx::new().await;
    let Some(sandbox) = &ctx.sandbox else {
        eprintln!("rate limit: sandbox only");
        return;
    };
    let waits = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let seen = waits.clone();
    let options = phase_api::ClientOptions::default().with_rate_limit_callback(move |n| {
        assert!(n.wait <= std::time::Duration::from_secs(2));
        seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    let client = E2eeClient::new(ctx.host.clone(), ctx.user.clone(), options).unwrap();
    sandbox.set_rate_limit_window(std::time::Duration::from_secs(1));
    sandbox.set_rate_limit(Some(2));
    // Keyring + listing + listing: the third request in the window waits.
    client
        .list_secrets(&ctx.env, &SecretFilter::default())
        .await
        .unwrap();
    client
        .list_secrets(&ctx.env, &SecretFilter::default())
        .await
        .unwrap();
    assert!(waits.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    sandbox.set_rate_limit(None);
}
