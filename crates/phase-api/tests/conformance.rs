//! THE conformance suite: every call and every error path of `phase-api` against a Phase
//! server. By default each test starts a local `phase-sandbox`; set `PHASE_TEST_HOST`,
//! `PHASE_TEST_TOKEN`, `PHASE_TEST_SA_TOKEN` and `PHASE_TEST_APP_ID` to run it against a
//! real server (fault and rate-limit tests then skip with a note). Every key created
//! starts with a per-test `PDT_<8 hex>_` prefix and is deleted at the end, also on failure.
//!
//! Against a real server (the app must have SSE on and an environment `development`; the
//! tests create the organisation tags `pdt-conformance-a` / `pdt-conformance-b`):
//!
//! ```text
//! PHASE_TEST_HOST=https://api.phase.dev \
//! PHASE_TEST_TOKEN='pss_user:...' PHASE_TEST_SA_TOKEN='ServiceAccount ...' \
//! PHASE_TEST_APP_ID=<app uuid> cargo test -p phase-api --test conformance
//! ```
//!
//! For a self-hosted server use the API base, e.g. `https://console.example.com/service/public`.
//! Tokens are read like pasted ones (`Bearer User <hex>`, `User <hex>`, `<hex>`).

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::conformance;
use phase_api::{
    ClientOptions, EnvSelector, EnvType, Host, NewSecret, OverrideInput, PhaseClient, PhaseError,
    RateLimitNotice, RateLimitSource, SecretFilter, SecretString, SecretType, SecretUpdate, Token,
    TokenKind, NO_SUCH_ROUTE,
};

const TAG_A: &str = "pdt-conformance-a";
const TAG_B: &str = "pdt-conformance-b";

fn new_secret(key: &str, value: &str, path: &str, tags: &[&str]) -> NewSecret {
    NewSecret {
        path: Some(path.to_string()),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..NewSecret::new(key, value)
    }
}

fn recorder() -> (Arc<Mutex<Vec<RateLimitNotice>>>, ClientOptions) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let options =
        ClientOptions::default().with_rate_limit_callback(move |n| sink.lock().unwrap().push(n));
    (seen, options)
}

#[tokio::test]
async fn discovery_lists_apps_and_environments() {
    conformance(|ctx| async move {
        let apps = ctx.client().list_apps().await.expect("list apps");
        let app = apps
            .iter()
            .find(|a| a.id == ctx.app_id)
            .expect("the test app is listed");
        assert!(app.sse_enabled, "the test app must have SSE on");
        assert!(!app.name.is_empty());

        let envs = ctx
            .client()
            .list_environments(&ctx.app_id)
            .await
            .expect("envs");
        assert!(envs
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case("development")));
        assert!(
            envs.windows(2).all(|w| w[0].index <= w[1].index),
            "ordered by index"
        );

        let sa_apps = ctx.sa_client().list_apps().await.expect("SA lists apps");
        assert!(sa_apps.iter().any(|a| a.id == ctx.app_id));

        assert_eq!(envs[0].env_type, EnvType::Dev);
        let nosse = ctx
            .nosse_app_id
            .as_deref()
            .expect("set PHASE_TEST_NOSSE_APP_ID to an app without SSE");
        {
            let e2ee = apps.iter().find(|a| a.id == nosse).expect("listed");
            assert!(!e2ee.sse_enabled);
            let err = ctx.client().list_environments(&e2ee.id).await.unwrap_err();
            assert_eq!(err.code(), "sseDisabled", "{err:?}");
            let env = EnvSelector::new(&e2ee.id, "development");
            let err = ctx
                .client()
                .list_secrets(&env, &SecretFilter::default())
                .await
                .unwrap_err();
            assert!(matches!(err, PhaseError::BadRequest { .. }), "{err:?}");
            assert_eq!(err.code(), "sseDisabled");
        }
    })
    .await;
}

#[tokio::test]
async fn create_batch_and_list_with_filters() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let (a, b, c) = (ctx.key("A"), ctx.key("B"), ctx.key("C"));
        let batch = vec![
            // Sent lower-case with a dash: the client normalises it.
            new_secret(
                &a.to_lowercase().replace("_a", "-a"),
                "va",
                "/",
                &[TAG_A, TAG_B],
            ),
            new_secret(&b, "vb", "x/", &[TAG_B]),
            NewSecret {
                comment: Some("config value".into()),
                r#type: Some(SecretType::Config),
                ..new_secret(&c, "vc", "/x/y", &[])
            },
        ];
        let created = client
            .create_secrets(&ctx.env, &batch)
            .await
            .expect("create");
        assert_eq!(created.len(), 3);
        let by_key = |k: &str| created.iter().find(|s| s.key == k).expect(k).clone();
        let (sa, sb, sc) = (by_key(&a), by_key(&b), by_key(&c));
        assert_eq!(sa.path, "/");
        assert_eq!(sa.value.expose(), "va");
        assert_eq!(sb.path, "/x");
        assert_eq!(sc.path, "/x/y");
        assert_eq!(sc.comment, "config value");
        assert_eq!(sc.r#type, SecretType::Config);
        assert!(sa.comment.is_empty());
        let mut tags = sa.tags.clone();
        tags.sort();
        assert_eq!(tags, vec![TAG_A.to_string(), TAG_B.to_string()]);

        // Everything, all paths.
        let all = ctx.mine(&SecretFilter::default()).await;
        assert_eq!(all.len(), 3);

        // path: exact folder, not recursive.
        let in_x = ctx
            .mine(&SecretFilter {
                path: Some("/x/".into()),
                ..SecretFilter::default()
            })
            .await;
        assert_eq!(
            in_x.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            vec![b.as_str()]
        );

        // key: one key, any case, across paths.
        let only_a = client
            .list_secrets(
                &ctx.env,
                &SecretFilter {
                    key: Some(a.clone()),
                    ..SecretFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(only_a.len(), 1);
        assert_eq!(only_a[0].id, sa.id);

        // tags: ANY match; A matches both tags and must come back once.
        let tagged = ctx
            .mine(&SecretFilter {
                tags: vec![TAG_A.into(), TAG_B.into()],
                ..SecretFilter::default()
            })
            .await;
        let mut ids: Vec<&str> = tagged.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 2, "de-duplicated by id");
        ids.sort();
        let mut want = vec![sa.id.as_str(), sb.id.as_str()];
        want.sort();
        assert_eq!(ids, want);
        let only_tag_a = ctx
            .mine(&SecretFilter {
                tags: vec![TAG_A.into()],
                ..SecretFilter::default()
            })
            .await;
        assert_eq!(only_tag_a.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn duplicates_409_and_in_batch_refused_client_side() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let k = ctx.key("DUP");
        client
            .create_secrets(&ctx.env, &[new_secret(&k, "one", "/", &[])])
            .await
            .expect("create");
        let err = client
            .create_secrets(&ctx.env, &[new_secret(&k.to_lowercase(), "two", "/", &[])])
            .await
            .unwrap_err();
        assert!(matches!(err, PhaseError::Conflict { .. }), "{err:?}");
        assert_eq!(err.code(), "duplicateKey");
        assert!(err.to_string().contains("Duplicate"), "{err}");
        assert!(!err.to_string().contains("two"));

        // Same key in another folder is fine.
        client
            .create_secrets(&ctx.env, &[new_secret(&k, "three", "/other", &[])])
            .await
            .expect("same key, other path");

        // Two rows with one key in one batch: refused before sending anything.
        let before = ctx.requests();
        let k2 = ctx.key("TWICE");
        let err = client
            .create_secrets(
                &ctx.env,
                &[
                    new_secret(&k2, "a", "/", &[]),
                    new_secret(&format!(" {} ", k2.to_lowercase()), "b", "//", &[]),
                ],
            )
            .await
            .unwrap_err();
        match &err {
            PhaseError::Validation { field, message } => {
                assert_eq!(field, "key");
                assert!(message.contains(&k2), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // A tag over 64 characters: refused before sending (the server would save first).
        let k3 = ctx.key("LONGTAG");
        let long = "t".repeat(65);
        let err = client
            .create_secrets(&ctx.env, &[new_secret(&k3, "a", "/", &[&long])])
            .await
            .unwrap_err();
        assert!(
            matches!(&err, PhaseError::Validation { field, .. } if field == "tags"),
            "{err:?}"
        );
        assert_eq!(ctx.requests(), before, "no request was sent");
        let left = ctx.mine(&SecretFilter::default()).await;
        assert!(
            left.iter().all(|s| s.key != k2 && s.key != k3),
            "nothing was created"
        );
    })
    .await;
}

#[tokio::test]
async fn update_changes_only_given_fields() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let k = ctx.key("UPD");
        let created = client
            .create_secrets(&ctx.env, &[new_secret(&k, "original", "/", &[TAG_A])])
            .await
            .expect("create");
        let s = &created[0];

        let updated = client
            .update_secrets(
                &ctx.env,
                &[SecretUpdate {
                    comment: Some("only the comment".into()),
                    ..SecretUpdate::new(&s.id, &s.path)
                }],
            )
            .await
            .expect("update");
        let u = &updated[0];
        assert_eq!(u.id, s.id);
        assert_eq!(u.comment, "only the comment");
        assert_eq!(u.value.expose(), "original", "value untouched");
        assert_eq!(u.tags, vec![TAG_A.to_string()], "tags untouched");
        assert_eq!(u.version, s.version + 1);

        // tags replace the whole list; [] clears it. Value and key change when given.
        let updated = client
            .update_secrets(
                &ctx.env,
                &[SecretUpdate {
                    tags: Some(vec![]),
                    value: Some("changed".into()),
                    key: Some(ctx.key("upd renamed")),
                    ..SecretUpdate::new(&s.id, "/")
                }],
            )
            .await
            .expect("update 2");
        let u = &updated[0];
        assert!(u.tags.is_empty());
        assert_eq!(u.value.expose(), "changed");
        assert_eq!(u.key, ctx.key("UPD_RENAMED"));
        assert_eq!(u.comment, "only the comment");
        assert_eq!(u.version, s.version + 2);

        let listed = ctx.mine(&SecretFilter::default()).await;
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].value.expose(), "changed");

        // An unknown id: 404.
        let err = client
            .update_secrets(
                &ctx.env,
                &[SecretUpdate {
                    comment: Some("x".into()),
                    ..SecretUpdate::new(uuid::Uuid::new_v4().to_string(), "/")
                }],
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), "notFound", "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn update_always_sends_path() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let k = ctx.key("SAME");
        let created = client
            .create_secrets(
                &ctx.env,
                &[
                    new_secret(&k, "root", "/", &[]),
                    new_secret(&k, "nested", "/x", &[]),
                ],
            )
            .await
            .expect("create");
        let nested = created.iter().find(|s| s.path == "/x").expect("nested");
        // Editing the /x secret must not be checked against the / one (a false 409).
        let updated = client
            .update_secrets(
                &ctx.env,
                &[SecretUpdate {
                    key: Some(k.clone()),
                    comment: Some("edited in /x".into()),
                    ..SecretUpdate::new(&nested.id, &nested.path)
                }],
            )
            .await
            .expect("no false 409");
        assert_eq!(updated[0].path, "/x");
        assert_eq!(updated[0].value.expose(), "nested");
        // Moving it onto the root one with its key IS a duplicate.
        let err = client
            .update_secrets(
                &ctx.env,
                &[SecretUpdate {
                    key: Some(k.clone()),
                    ..SecretUpdate::new(&nested.id, "/")
                }],
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), "duplicateKey", "{err:?}");
        // The real server checks duplicates only for items that carry `key`: a bare move
        // is saved and the folder then holds the key twice. Clients must send `key`.
        let moved = client
            .update_secrets(&ctx.env, &[SecretUpdate::new(&nested.id, "/")])
            .await
            .expect("a move without key is not checked");
        assert_eq!(moved[0].path, "/");
        let root = ctx
            .mine(&SecretFilter {
                path: Some("/".into()),
                ..SecretFilter::default()
            })
            .await;
        assert_eq!(root.iter().filter(|s| s.key == k).count(), 2);
    })
    .await;
}

#[tokio::test]
async fn delete_batch_and_unknown_id() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let created = client
            .create_secrets(
                &ctx.env,
                &[
                    new_secret(&ctx.key("D1"), "1", "/", &[]),
                    new_secret(&ctx.key("D2"), "2", "/", &[]),
                    new_secret(&ctx.key("D3"), "3", "/", &[]),
                ],
            )
            .await
            .expect("create");
        let ids: Vec<String> = created.iter().map(|s| s.id.clone()).collect();
        let msg = client
            .delete_secrets(&ctx.env, &ids[..2])
            .await
            .expect("delete");
        assert_eq!(msg, "Deleted 2 secrets");

        let unknown = uuid::Uuid::new_v4().to_string();
        let err = client
            .delete_secrets(&ctx.env, &[ids[2].clone(), unknown.clone()])
            .await
            .unwrap_err();
        assert!(matches!(err, PhaseError::NotFound { .. }), "{err:?}");
        assert!(err.to_string().contains(&unknown), "{err}");
        let left = ctx.mine(&SecretFilter::default()).await;
        assert_eq!(left.len(), 1, "nothing deleted");
        assert_eq!(left[0].id, ids[2]);

        let msg = client
            .delete_secrets(&ctx.env, &ids[2..])
            .await
            .expect("delete one");
        assert_eq!(msg, "Deleted 1 secret");
    })
    .await;
}

#[tokio::test]
async fn overrides_with_pat_and_never_for_service_accounts() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let created = client
            .create_secrets(
                &ctx.env,
                &[new_secret(&ctx.key("OVR"), "shared", "/x", &[])],
            )
            .await
            .expect("create");
        let s = &created[0];
        assert!(s.r#override.is_none());
        let err = client.toggle_override(&ctx.env, s, true).await.unwrap_err();
        assert_eq!(err.code(), "validation");

        let s = client
            .set_override(&ctx.env, &s.id, &s.path, SecretString::from("mine"), true)
            .await
            .expect("set override");
        assert_eq!(s.value.expose(), "shared");
        assert_eq!(s.effective_value().expose(), "mine");
        let o = s.r#override.clone().expect("override");
        assert!(o.is_active);

        let off = client
            .toggle_override(&ctx.env, &s, false)
            .await
            .expect("off");
        assert_eq!(off.effective_value().expose(), "shared");
        assert_eq!(off.r#override.as_ref().unwrap().value.expose(), "mine");
        let on = client
            .toggle_override(&ctx.env, &off, true)
            .await
            .expect("on");
        assert_eq!(on.effective_value().expose(), "mine");

        // The service account sees the shared value and no override.
        let sa = ctx.sa_client();
        let seen = sa
            .list_secrets(
                &ctx.env,
                &SecretFilter {
                    key: Some(s.key.clone()),
                    ..SecretFilter::default()
                },
            )
            .await
            .expect("SA lists");
        assert_eq!(seen.len(), 1);
        assert!(seen[0].r#override.is_none());
        assert_eq!(seen[0].effective_value().expose(), "shared");

        // ...and the client refuses to set one with it, without a request.
        let before = ctx.requests();
        let err = sa
            .set_override(&ctx.env, &s.id, &s.path, "x".into(), true)
            .await
            .unwrap_err();
        assert!(matches!(&err, PhaseError::Validation { field, .. } if field == "override"));
        assert_eq!(ctx.requests(), before);

        // An override in an SA update is silently ignored by the server.
        let upd = sa
            .update_secrets(
                &ctx.env,
                &[SecretUpdate {
                    r#override: Some(OverrideInput {
                        value: "sa".into(),
                        is_active: true,
                    }),
                    ..SecretUpdate::new(&s.id, &s.path)
                }],
            )
            .await
            .expect("SA update");
        assert!(upd[0].r#override.is_none());
        let mine = ctx.mine(&SecretFilter::default()).await;
        assert_eq!(mine[0].effective_value().expose(), "mine");
    })
    .await;
}

#[tokio::test]
async fn auth_and_not_found_errors() {
    conformance(|ctx| async move {
        let bogus = Token::new(TokenKind::User, uuid::Uuid::new_v4().simple().to_string()).unwrap();
        let err = ctx
            .client_with(bogus.clone(), ctx.options())
            .list_apps()
            .await
            .unwrap_err();
        assert!(matches!(err, PhaseError::Unauthorized { .. }), "{err:?}");
        assert_eq!(err.to_string(), "Token expired or deleted");
        assert!(!format!("{err:?}").contains(bogus.expose()));

        let env = EnvSelector::new(
            &ctx.app_id,
            format!("pdt-no-such-env-{}", &ctx.prefix[4..12]),
        );
        let err = ctx
            .client()
            .list_secrets(&env, &SecretFilter::default())
            .await
            .unwrap_err();
        assert!(matches!(err, PhaseError::NotFound { .. }), "{err:?}");
        assert!(
            err.to_string()
                .to_lowercase()
                .contains(&env.env.to_lowercase()),
            "{err}"
        );

        let app = EnvSelector::new(uuid::Uuid::new_v4().to_string(), "development");
        let err = ctx
            .client()
            .list_secrets(&app, &SecretFilter::default())
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                PhaseError::NotFound { .. } | PhaseError::Forbidden { .. }
            ),
            "{err:?}"
        );

        // A wrong base URL: HTML 404, explained.
        let wrong = Host::custom(&format!("{}/pdt-wrong-prefix", ctx.host.base_url())).unwrap();
        let err = PhaseClient::new(wrong, ctx.user.clone(), ctx.options())
            .unwrap()
            .list_apps()
            .await
            .unwrap_err();
        assert_eq!(
            err,
            PhaseError::NotFound {
                message: NO_SUCH_ROUTE.into()
            }
        );
    })
    .await;
}

#[tokio::test]
async fn client_side_budget_waits_and_reports() {
    conformance(|ctx| async move {
        let (seen, options) = recorder();
        let client = ctx.client_with(
            ctx.user.clone(),
            ClientOptions {
                budget_per_minute: Some(30),
                ..options
            },
        );
        let started = Instant::now();
        let before = ctx.requests();
        // 30 tokens up front, then one every 2 s. A slow server refills some while the
        // first 30 calls run, so calls go on until the client waits (each call is far
        // quicker than 2 s, so it does within a few more).
        let mut calls = 0;
        while seen.lock().unwrap().is_empty() && calls < 90 {
            client.list_apps().await.expect("list");
            calls += 1;
        }
        let elapsed = started.elapsed();
        if ctx.sandbox.is_some() {
            assert_eq!(
                ctx.requests(),
                before + calls,
                "every call reached the server"
            );
        }
        let notices = seen.lock().unwrap().clone();
        assert!(
            !notices.is_empty(),
            "no wait in {calls} calls ({elapsed:?})"
        );
        assert!(
            calls > 30,
            "a wait before the 30 tokens were used: call {calls}"
        );
        assert!(notices.iter().all(|n| n.source == RateLimitSource::Budget));
        assert!(notices[0].wait <= Duration::from_secs(2));
        assert!(
            elapsed >= notices[0].wait,
            "{elapsed:?} < {:?}",
            notices[0].wait
        );
        assert_eq!(notices[0].attempt, 1);
    })
    .await;
}
