//! Behaviours of the real Phase server that surprise a client, pinned down so the sandbox
//! keeps copying them and the client's guards (in desk-core) stay needed. Runs against the
//! real server when `PHASE_TEST_HOST` is set, else against the sandbox.

mod common;

use common::conformance;
use phase_api::{NewSecret, OverrideInput, SecretFilter, SecretUpdate};

#[tokio::test]
async fn an_override_given_at_creation_is_stored_active_even_when_inactive() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let created = client
            .create_secrets(
                &ctx.env,
                &[NewSecret {
                    r#override: Some(OverrideInput {
                        value: "mine".into(),
                        is_active: false,
                    }),
                    ..NewSecret::new(ctx.key("OFF_AT_BIRTH"), "shared")
                }],
            )
            .await
            .expect("create");
        let o = created[0].r#override.as_ref().expect("override stored");
        assert_eq!(o.value.expose(), "mine");
        assert!(o.is_active, "the server stores it active");
        // Only a PUT afterwards switches it off.
        let off = client
            .toggle_override(&ctx.env, &created[0], false)
            .await
            .expect("toggle off");
        assert!(!off.r#override.as_ref().unwrap().is_active);
    })
    .await;
}

#[tokio::test]
async fn a_batch_update_stops_at_an_unknown_id_with_earlier_items_saved() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let created = client
            .create_secrets(
                &ctx.env,
                &[
                    NewSecret::new(ctx.key("B1"), "1"),
                    NewSecret::new(ctx.key("B2"), "2"),
                ],
            )
            .await
            .expect("create");
        let unknown = uuid::Uuid::new_v4().to_string();
        let edit = |id: &str| SecretUpdate {
            comment: Some("batch".into()),
            ..SecretUpdate::new(id, "/")
        };
        let err = client
            .update_secrets(
                &ctx.env,
                &[edit(&created[0].id), edit(&unknown), edit(&created[1].id)],
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), "notFound", "{err:?}");
        assert!(err.to_string().contains(&unknown), "{err}");
        let now = ctx.mine(&SecretFilter::default()).await;
        let comment = |id: &str| now.iter().find(|s| s.id == id).unwrap().comment.clone();
        assert_eq!(comment(&created[0].id), "batch", "saved before the failure");
        assert_eq!(comment(&created[1].id), "", "not reached");
    })
    .await;
}

/// The server only marks a deleted secret deleted, and a PUT finds it by id regardless:
/// the update succeeds (200, the secret in the answer) and the secret stays deleted. A
/// client cannot learn from a PUT that someone deleted what it edits.
#[tokio::test]
async fn an_update_of_a_deleted_secret_succeeds_and_it_stays_deleted() {
    conformance(|ctx| async move {
        let client = ctx.client();
        let created = client
            .create_secrets(&ctx.env, &[NewSecret::new(ctx.key("GONE"), "1")])
            .await
            .expect("create");
        client
            .delete_secrets(&ctx.env, &[created[0].id.clone()])
            .await
            .expect("delete");
        let answered = client
            .update_secrets(
                &ctx.env,
                &[SecretUpdate {
                    comment: Some("after the delete".into()),
                    ..SecretUpdate::new(&created[0].id, "/")
                }],
            )
            .await
            .expect("the PUT is accepted");
        assert_eq!(answered[0].id, created[0].id);
        assert_eq!(answered[0].comment, "after the delete");
        assert!(
            ctx.mine(&SecretFilter::default()).await.is_empty(),
            "still deleted"
        );
        // Deleting it again is refused: DELETE does look at the mark.
        let again = client
            .delete_secrets(&ctx.env, &[created[0].id.clone()])
            .await
            .unwrap_err();
        assert_eq!(again.code(), "notFound", "{again:?}");
    })
    .await;
}
