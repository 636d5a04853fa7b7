//! What the client expects of a CommandK server, run against the local sandbox by default
//! and against a real CommandK when `COMMANDK_TEST_HOST`, `COMMANDK_TEST_TOKEN` and
//! `COMMANDK_TEST_APP` are set (see `common/mod.rs`).

mod common;

use commandk_api::{
    ClientOptions, CommandkClient, Listing, NewSecret, PurposeType, RenderedValue, SecretList,
    SecretString, TokenScope,
};
use common::Ctx;

async fn masked(client: &CommandkClient, ctx: &Ctx, env: &str) -> SecretList {
    match client
        .list_masked(&ctx.app.id, env, None)
        .await
        .expect("listing")
    {
        Listing::Changed(list) => list,
        Listing::Unchanged => panic!("304 without an ETag"),
    }
}

async fn create(ctx: &Ctx, writer: &CommandkClient, what: &str, purpose: PurposeType) -> String {
    let name = ctx.name(what);
    let created = writer
        .create_secret(&ctx.app.id, &NewSecret::new(&name, purpose))
        .await
        .expect("create");
    assert_eq!(created.name, name);
    assert!(!created.id.is_empty());
    created.id
}

#[tokio::test]
async fn environments_have_ids_and_are_found_by_name_or_slug() {
    let ctx = Ctx::new().await;
    let client = ctx.reader.as_ref().or(ctx.writer.as_ref()).unwrap();
    let envs = client.list_environments().await.unwrap();
    assert!(!envs.is_empty());
    for e in &envs {
        assert!(!e.id.is_empty(), "{e:?}");
        assert!(!(e.name.is_empty() && e.slug.is_empty()), "{e:?}");
    }
    let first = &envs[0];
    let by = if first.slug.is_empty() {
        &first.name
    } else {
        &first.slug
    };
    assert_eq!(client.find_environment(by).await.unwrap().id, first.id);
    let missing = client
        .find_environment(&ctx.name("NOWHERE"))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "notFound");
    assert!(missing.to_string().contains(&ctx.prefix), "{missing}");
}

#[tokio::test]
async fn app_is_found_by_name_and_an_unknown_name_is_not_found() {
    let ctx = Ctx::new().await;
    let client = ctx.reader.as_ref().or(ctx.writer.as_ref()).unwrap();
    let app = client.find_app(&ctx.app_name).await.unwrap();
    assert_eq!(app, ctx.app);
    assert_eq!(app.name, ctx.app_name);
    let e = client.find_app(&ctx.name("NO SUCH APP")).await.unwrap_err();
    assert_eq!(e.code(), "notFound", "{e:?}");
}

#[tokio::test]
async fn providers_are_listed() {
    let ctx = Ctx::new().await;
    let client = ctx.reader.as_ref().or(ctx.writer.as_ref()).unwrap();
    let providers = client.list_providers().await.unwrap();
    assert!(providers.iter().all(|p| !p.id.is_empty()));
}

#[tokio::test]
async fn listings_are_masked_and_carry_an_etag() {
    let ctx = Ctx::new().await;
    let Some(reader) = ctx.reader("listings_are_masked") else {
        return;
    };
    let list = masked(reader, &ctx, ctx.env()).await;
    assert!(list.etag.is_some(), "no ETag on the listing");
    for s in &list.secrets {
        assert!(!s.key.is_empty() && !s.secret_id.is_empty());
        assert!(!matches!(s.value, RenderedValue::Full(_)), "{}", s.key);
    }
    if let Some(sb) = &ctx.sandbox {
        // The demo app's secrets: every masked preview differs from the stored value.
        assert!(!list.secrets.is_empty());
        for s in &list.secrets {
            let stored = sb.stored_value(&ctx.app.id, &s.key, ctx.env());
            match (&s.value, stored) {
                (RenderedValue::Masked(p), Some(v)) => assert_ne!(p.expose(), v),
                (RenderedValue::Unset, None) => {}
                (other, stored) => panic!("{}: {other:?} vs stored {stored:?}", s.key),
            }
        }
    }
}

#[tokio::test]
async fn create_then_set_and_reveal_values_in_two_environments() {
    let ctx = Ctx::new().await;
    let Some((reader, writer)) = ctx.both("create_then_set_and_reveal") else {
        return;
    };
    let id = create(&ctx, writer, "STRIPE_KEY", PurposeType::ApiKey).await;
    let name = ctx.name("STRIPE_KEY");
    // Created without values: listed, unset.
    let list = masked(reader, &ctx, ctx.env()).await;
    let row = list.secrets.iter().find(|s| s.key == name).expect("listed");
    assert_eq!(
        (row.secret_id.as_str(), &row.value),
        (id.as_str(), &RenderedValue::Unset)
    );
    assert_eq!(
        reader
            .reveal_value(&ctx.app.id, ctx.env(), &name)
            .await
            .unwrap(),
        None
    );

    let first = SecretString::from("sk_test_ünïcode \"quoted\"\nsecond line\t!");
    writer
        .set_value(&ctx.app.id, &id, ctx.env(), &first)
        .await
        .unwrap();
    let list = masked(reader, &ctx, ctx.env()).await;
    let row = list.secrets.iter().find(|s| s.key == name).unwrap();
    let RenderedValue::Masked(preview) = &row.value else {
        panic!("expected a masked value, got {:?}", row.value);
    };
    assert_ne!(preview.expose(), first.expose());
    let revealed = reader
        .reveal_value(&ctx.app.id, ctx.env(), &name)
        .await
        .unwrap();
    assert_eq!(
        revealed.as_ref().map(SecretString::expose),
        Some(first.expose())
    );

    if let Some(second) = ctx.second_env() {
        assert_eq!(
            reader
                .reveal_value(&ctx.app.id, second, &name)
                .await
                .unwrap(),
            None
        );
        let other = SecretString::from("sk_live_second_environment");
        writer
            .set_value(&ctx.app.id, &id, second, &other)
            .await
            .unwrap();
        let got = reader
            .reveal_value(&ctx.app.id, second, &name)
            .await
            .unwrap();
        assert_eq!(got, Some(other));
    } else {
        eprintln!("second environment: skipped, the target has one environment");
    }
    // Replacing a value; the other environment keeps its own.
    let replaced = SecretString::from("");
    writer
        .set_value(&ctx.app.id, &id, ctx.env(), &replaced)
        .await
        .unwrap();
    let got = reader
        .reveal_value(&ctx.app.id, ctx.env(), &name)
        .await
        .unwrap();
    assert_eq!(got.as_ref().map(SecretString::expose), Some(""));
    if let Some(sb) = &ctx.sandbox {
        assert_eq!(sb.secret_meta(&ctx.app.id, &name).unwrap().0, "APIKey");
        let second = ctx.second_env().unwrap();
        assert_eq!(
            sb.stored_value(&ctx.app.id, &name, second).as_deref(),
            Some("sk_live_second_environment")
        );
    }
}

#[tokio::test]
async fn a_taken_name_gives_409_with_the_existing_id() {
    let ctx = Ctx::new().await;
    let Some(writer) = ctx.writer("a_taken_name_gives_409") else {
        return;
    };
    let id = create(&ctx, writer, "DEPLOY_KEY", PurposeType::SshKey).await;
    let again = NewSecret::new(ctx.name("DEPLOY_KEY"), PurposeType::Other);
    let e = writer.create_secret(&ctx.app.id, &again).await.unwrap_err();
    assert_eq!(e.code(), "duplicateKey", "{e:?}");
    assert_eq!(e.existing_id(), Some(id.as_str()));
    assert!(!e.is_ambiguous_write_failure());
    if let Some(sb) = &ctx.sandbox {
        assert_eq!(
            sb.secret_meta(&ctx.app.id, &ctx.name("DEPLOY_KEY"))
                .unwrap()
                .0,
            "SSHKey"
        );
    }
}

#[tokio::test]
async fn an_etag_gives_unchanged_until_a_value_is_set() {
    let ctx = Ctx::new().await;
    let Some((reader, writer)) = ctx.both("an_etag_gives_unchanged") else {
        return;
    };
    let id = create(&ctx, writer, "ETAG_PROBE", PurposeType::Other).await;
    let list = masked(reader, &ctx, ctx.env()).await;
    let etag = list.etag.clone().expect("an ETag");
    let again = reader
        .list_masked(&ctx.app.id, ctx.env(), Some(&etag))
        .await
        .unwrap();
    assert_eq!(again, Listing::Unchanged);
    writer
        .set_value(&ctx.app.id, &id, ctx.env(), &"v1".into())
        .await
        .unwrap();
    match reader
        .list_masked(&ctx.app.id, ctx.env(), Some(&etag))
        .await
        .unwrap()
    {
        Listing::Changed(fresh) => {
            assert_ne!(fresh.etag.as_deref(), Some(etag.as_str()));
            let row = fresh.secrets.iter().find(|s| s.secret_id == id).unwrap();
            assert!(row.value.is_set());
        }
        Listing::Unchanged => panic!("still unchanged after a write"),
    }
}

#[tokio::test]
async fn reveal_returns_only_the_names_asked_for() {
    let ctx = Ctx::new().await;
    let Some(reader) = ctx.reader("reveal_returns_only_the_names_asked_for") else {
        return;
    };
    let list = masked(reader, &ctx, ctx.env()).await;
    let Some(first) = list.secrets.iter().find(|s| s.value.is_set()) else {
        eprintln!("reveal: skipped, no secret has a value in this environment");
        return;
    };
    let got = reader
        .reveal(&ctx.app.id, ctx.env(), std::slice::from_ref(&first.key))
        .await
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].secret_id, first.secret_id);
    assert!(matches!(got[0].value, RenderedValue::Full(_)));
    let e = reader
        .reveal_value(&ctx.app.id, ctx.env(), &ctx.name("MISSING"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "notFound");
}

#[tokio::test]
async fn a_read_token_is_refused_writes() {
    let ctx = Ctx::new().await;
    let Some(reader) = ctx.reader("a_read_token_is_refused_writes") else {
        return;
    };
    let new = NewSecret::new(ctx.name("NOT_ALLOWED"), PurposeType::Other);
    let e = reader.create_secret(&ctx.app.id, &new).await.unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e:?}");
    let list = masked(reader, &ctx, ctx.env()).await;
    if let Some(row) = list.secrets.first() {
        let e = reader
            .set_value(&ctx.app.id, &row.secret_id, ctx.env(), &"x".into())
            .await
            .unwrap_err();
        assert_eq!(e.code(), "forbidden", "{e:?}");
    }
    assert_eq!(
        reader.detect_scope(&ctx.app.id, ctx.env()).await.unwrap(),
        TokenScope::Read
    );
}

#[tokio::test]
async fn a_write_token_is_refused_reading_values() {
    let ctx = Ctx::new().await;
    let Some(writer) = ctx.writer("a_write_token_is_refused_reading_values") else {
        return;
    };
    let e = writer
        .list_masked(&ctx.app.id, ctx.env(), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e:?}");
    assert_eq!(
        writer.detect_scope(&ctx.app.id, ctx.env()).await.unwrap(),
        TokenScope::Write
    );
}

#[tokio::test]
async fn unknown_app_environment_and_secret_are_not_found() {
    let ctx = Ctx::new().await;
    let Some((reader, writer)) = ctx.both("unknown_app_environment_and_secret") else {
        return;
    };
    let e = reader
        .list_masked("PDTno-such-app", ctx.env(), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "notFound", "{e:?}");
    let e = reader
        .list_masked(&ctx.app.id, "PDTno-such-env", None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "notFound", "{e:?}");
    let e = writer
        .set_value(&ctx.app.id, "PDTno-such-secret", ctx.env(), &"v".into())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "notFound", "{e:?}");
    let e = writer
        .create_secret(
            "PDTno-such-app",
            &NewSecret::new(ctx.name("X"), PurposeType::Other),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "notFound", "{e:?}");
}

#[tokio::test]
async fn an_unknown_token_is_unauthorized() {
    let ctx = Ctx::new().await;
    let client = ctx.client_with(
        "cmdk_read_0000not0a0real0token0000",
        ClientOptions::default(),
    );
    let e = client.list_environments().await.unwrap_err();
    assert_eq!(e.code(), "unauthorized", "{e:?}");
    assert!(!e.to_string().contains("0000not0a0real"));
}
