//! The E2EE client against the real backend's end-to-end-encrypted app (when
//! `PHASE_TEST_HOST` is set) or the sandbox's emulation of it: the same steps, the same
//! expectations, on either server.

mod common;

use common::Ctx;
use phase_api::{NewSecret, OverrideInput, PhaseError, SecretFilter, SecretUpdate};
use phase_e2ee::Encryption;

fn key_filter(key: &str) -> SecretFilter {
    SecretFilter {
        key: Some(key.to_string()),
        ..SecretFilter::default()
    }
}

#[tokio::test]
async fn discovery_lists_the_e2ee_app_and_opens_its_keys() {
    let ctx = Ctx::new().await;
    let client = ctx.user_client();
    let apps = client.apps().await.unwrap();
    let app = apps
        .iter()
        .find(|a| a.id == ctx.app_id)
        .expect("E2EE app listed");
    assert_eq!(app.encryption, Encryption::EndToEnd);
    let names: Vec<String> = app
        .environments
        .iter()
        .map(|e| e.name.to_lowercase())
        .collect();
    assert_eq!(names, ["development", "staging", "production"]);
    assert!(app.environments.iter().all(|e| e.usable));
    let sse = apps
        .iter()
        .find(|a| a.id == ctx.sse_app_id)
        .expect("SSE app listed");
    assert_eq!(sse.encryption, Encryption::ServerSide);
    assert!(sse.to_app().sse_enabled);
    assert!(!app.to_app().sse_enabled);
    let envs = client.list_environments(&ctx.app_id).await.unwrap();
    assert_eq!(envs.len(), 3);
    // Unlocked once: the second call is the same keyring.
    let a = client.unlock().await.unwrap();
    let b = client.unlock().await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    assert!(!format!("{a:?} {client:?}").contains(ctx.user.bearer_value()));
    client.lock();
    let c = client.unlock().await.unwrap();
    assert!(!std::sync::Arc::ptr_eq(&a, &c));
}

#[tokio::test]
async fn create_list_read_by_digest_and_duplicate() {
    let ctx = Ctx::new().await;
    let client = ctx.user_client();
    let key = ctx.key("DB_URL");
    let mut new = NewSecret::new(key.clone(), "postgres://${DB_USER}@db/${DB_NAME}");
    new.comment = Some("made by e2ee_conformance".into());
    new.tags = vec![ctx.tag("conf")];
    let created = client
        .create_secrets(&ctx.env, &[new.clone()])
        .await
        .unwrap();
    assert_eq!(created.len(), 1);
    let s = &created[0];
    assert_eq!(s.key, key);
    // Raw: references come back as written.
    assert_eq!(s.value.expose(), "postgres://${DB_USER}@db/${DB_NAME}");
    assert_eq!(
        (s.comment.as_str(), s.version, s.path.as_str()),
        ("made by e2ee_conformance", 1, "/")
    );
    assert_eq!(s.tags, [ctx.tag("conf")]);
    assert!(s.r#override.is_none());
    // Stored as ciphertext only.
    let raw = ctx.raw_secret(&ctx.env, &s.id).await;
    for field in ["key", "value", "comment"] {
        let text = raw[field].as_str().unwrap();
        assert!(text.starts_with("ph:v1:"), "{field} stored as {text}");
        assert!(!text.contains("postgres") && !text.contains(&key));
    }
    // Read by key digest (exact), and with the key in lower case (upper-cased retry).
    let found = client
        .list_secrets(&ctx.env, &key_filter(&key))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, s.id);
    let lower = client
        .list_secrets(&ctx.env, &key_filter(&key.to_lowercase()))
        .await
        .unwrap();
    assert_eq!(lower.len(), 1);
    let all = client
        .list_secrets(&ctx.env, &SecretFilter::default())
        .await
        .unwrap();
    assert!(all.iter().any(|x| x.id == s.id));
    let tagged = SecretFilter {
        tags: vec![ctx.tag("conf")],
        ..SecretFilter::default()
    };
    assert!(client
        .list_secrets(&ctx.env, &tagged)
        .await
        .unwrap()
        .iter()
        .any(|x| x.id == s.id));
    let untagged = SecretFilter {
        tags: vec!["no-such-tag".into()],
        ..SecretFilter::default()
    };
    assert!(!client
        .list_secrets(&ctx.env, &untagged)
        .await
        .unwrap()
        .iter()
        .any(|x| x.id == s.id));
    // A second one with the same key in the same folder: 409, nothing created.
    let err = client
        .create_secrets(&ctx.env, &[new.clone()])
        .await
        .unwrap_err();
    assert!(matches!(err, PhaseError::Conflict { .. }), "{err:?}");
    // The same key in another folder is fine.
    new.path = Some("/e2ee/conf".into());
    let other = client.create_secrets(&ctx.env, &[new]).await.unwrap();
    assert_eq!(other[0].path, "/e2ee/conf");
    ctx.cleanup().await;
}

#[tokio::test]
async fn comment_only_update_leaves_key_and_value_ciphertexts_and_tags() {
    let ctx = Ctx::new().await;
    let client = ctx.user_client();
    let mut new = NewSecret::new(ctx.key("API_TOKEN"), "t0ps3cret");
    new.tags = vec![ctx.tag("conf"), ctx.tag("backend")];
    let s = client
        .create_secrets(&ctx.env, &[new])
        .await
        .unwrap()
        .remove(0);
    let before = ctx.raw_secret(&ctx.env, &s.id).await;
    let update = SecretUpdate {
        comment: Some("rotated monthly".into()),
        ..SecretUpdate::new(&s.id, &s.path)
    };
    let after = client
        .update_secrets(&ctx.env, &[update])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(after.comment, "rotated monthly");
    assert_eq!(after.version, 2);
    assert_eq!(after.value.expose(), "t0ps3cret");
    let mut tags = after.tags.clone();
    tags.sort();
    assert_eq!(
        tags,
        [ctx.tag("backend"), ctx.tag("conf")],
        "a PUT without tags would have cleared them"
    );
    let raw = ctx.raw_secret(&ctx.env, &s.id).await;
    assert_eq!(raw["key"], before["key"], "key ciphertext untouched");
    assert_eq!(raw["value"], before["value"], "value ciphertext untouched");
    assert_eq!(raw["key_digest"], before["key_digest"]);
    assert_ne!(raw["comment"], before["comment"]);
    // Value and rename: new ciphertexts, new digest; the old name is gone.
    let renamed = ctx.key("API_TOKEN_2");
    let update = SecretUpdate {
        key: Some(renamed.clone()),
        value: Some("n3w".into()),
        tags: Some(vec![]),
        ..SecretUpdate::new(&s.id, &s.path)
    };
    let after = client
        .update_secrets(&ctx.env, &[update])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        (after.key.as_str(), after.value.expose(), after.version),
        (renamed.as_str(), "n3w", 3)
    );
    assert!(after.tags.is_empty());
    assert!(client
        .list_secrets(&ctx.env, &key_filter(&ctx.key("API_TOKEN")))
        .await
        .unwrap()
        .is_empty());
    ctx.cleanup().await;
}

#[tokio::test]
async fn move_checks_the_destination_folder() {
    let ctx = Ctx::new().await;
    let client = ctx.user_client();
    let key = ctx.key("MOVED");
    let mut a = NewSecret::new(key.clone(), "root");
    let root = client
        .create_secrets(&ctx.env, &[a.clone()])
        .await
        .unwrap()
        .remove(0);
    a.path = Some("/moved".into());
    a.value = "folder".into();
    client.create_secrets(&ctx.env, &[a]).await.unwrap();
    let err = client
        .update_secrets(&ctx.env, &[SecretUpdate::new(&root.id, "/moved")])
        .await
        .unwrap_err();
    assert!(matches!(err, PhaseError::Conflict { .. }), "{err:?}");
    let moved = client
        .update_secrets(&ctx.env, &[SecretUpdate::new(&root.id, "/elsewhere")])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        (moved.path.as_str(), moved.value.expose()),
        ("/elsewhere", "root")
    );
    ctx.cleanup().await;
}

#[tokio::test]
async fn override_set_toggle_and_service_account_view() {
    let ctx = Ctx::new().await;
    let client = ctx.user_client();
    let s = client
        .create_secrets(&ctx.env, &[NewSecret::new(ctx.key("DEBUG"), "false")])
        .await
        .unwrap()
        .remove(0);
    let set = client
        .set_override(&ctx.env, &s.id, &s.path, "true".into(), true)
        .await
        .unwrap();
    let o = set.r#override.as_ref().expect("override");
    assert!(o.is_active);
    assert_eq!(o.value.expose(), "true");
    assert_eq!(set.value.expose(), "false");
    assert_eq!(set.effective_value().expose(), "true");
    let off = client.toggle_override(&ctx.env, &set, false).await.unwrap();
    let o = off.r#override.as_ref().unwrap();
    assert!(!o.is_active);
    assert_eq!(o.value.expose(), "true");
    assert_eq!(off.effective_value().expose(), "false");
    // The service account decrypts the same secret, sees no override, may not set one.
    let sa = ctx.sa_client();
    let seen = sa
        .list_secrets(&ctx.env, &key_filter(&s.key))
        .await
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].value.expose(), "false");
    assert!(seen[0].r#override.is_none());
    let err = sa
        .set_override(&ctx.env, &s.id, &s.path, "x".into(), true)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    let mut with_override = NewSecret::new(ctx.key("SA_OVERRIDE"), "v");
    with_override.r#override = Some(OverrideInput {
        value: "o".into(),
        is_active: true,
    });
    assert_eq!(
        sa.create_secrets(&ctx.env, &[with_override])
            .await
            .unwrap_err()
            .code(),
        "validation"
    );
    // The service account writes; the user reads.
    let by_sa = sa
        .create_secrets(&ctx.env, &[NewSecret::new(ctx.key("FROM_SA"), "sa-value")])
        .await
        .unwrap()
        .remove(0);
    let read = client
        .list_secrets(&ctx.env, &key_filter(&by_sa.key))
        .await
        .unwrap();
    assert_eq!(read[0].value.expose(), "sa-value");
    ctx.cleanup().await;
}
