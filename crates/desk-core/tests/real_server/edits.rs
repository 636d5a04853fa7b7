//! Browsing and editing: filters, create (one, batch, with an inactive override), edits that
//! send only what changed, moves and renames, overrides, conflicts, deletes with undo, and
//! bulk edits that the server stops part-way.

use desk_core::view::{
    BulkEdit, ErrorCode, SaveOutcome, SecretChanges, SecretDraft, SecretKind, SecretRow,
};
use phase_api::SecretUpdate;

use crate::{scenario, Target, ENV};

fn draft(t: &Target, name: &str, value: &str, path: &str, tags: &[&str]) -> SecretDraft {
    SecretDraft {
        key: t.key(name),
        value: value.into(),
        comment: String::new(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        path: path.into(),
        kind: SecretKind::Secret,
        override_value: None,
        override_active: false,
    }
}

async fn create(t: &Target, drafts: Vec<SecretDraft>) -> Vec<SecretRow> {
    t.desk
        .create_secrets(&t.app_id, ENV, drafts)
        .await
        .expect("created")
}

async fn mine(t: &Target, tags: Vec<String>, path: Option<String>) -> Vec<SecretRow> {
    let list = t
        .desk
        .list_secrets(&t.app_id, ENV, tags, path)
        .await
        .expect("listed");
    list.rows
        .into_iter()
        .filter(|r| r.key.starts_with(&t.prefix))
        .collect()
}

async fn edit(
    t: &Target,
    row: &SecretRow,
    changes: SecretChanges,
) -> desk_core::DeskResult<SaveOutcome> {
    t.desk
        .update_secret(&t.app_id, ENV, &row.id, row.version, changes, false)
        .await
}

#[tokio::test]
async fn listing_filters_by_tag_and_by_folder() {
    scenario(|t| async move {
        create(
            &t,
            vec![
                draft(&t, "TAGGED", "1", "/", &["pdr-a"]),
                draft(&t, "DEEP", "2", "/pdr/deep", &[]),
                draft(&t, "SHALLOW", "3", "/pdr", &["pdr-a", "pdr-b"]),
            ],
        )
        .await;
        let tagged = mine(&t, vec!["pdr-a".into(), "pdr-b".into()], None).await;
        assert_eq!(tagged.len(), 2, "each secret once");
        let folder = mine(&t, vec![], Some("/pdr".into())).await;
        assert_eq!(folder.len(), 1, "the folder only, not its subfolders");
        assert_eq!(folder[0].key, t.key("SHALLOW"));
        let all = mine(&t, vec![], None).await;
        assert_eq!(all.len(), 3);
        // Created out of order, listed by key (the window relies on it to skip its sort).
        let keys: Vec<&str> = all.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, [t.key("DEEP"), t.key("SHALLOW"), t.key("TAGGED")]);
    })
    .await;
}

#[tokio::test]
async fn created_overrides_are_held_as_chosen_and_toggle() {
    scenario(|t| async move {
        let mut off = draft(&t, "OFF", "shared", "/", &[]);
        off.override_value = Some("mine".into());
        let mut on = draft(&t, "ON", "shared", "/", &[]);
        on.override_value = Some("mine".into());
        on.override_active = true;
        create(&t, vec![off, on]).await;
        let server_off = t.on_server_by_key("OFF").await;
        let o = server_off.r#override.as_ref().expect("override");
        assert!(!o.is_active, "inactive, as chosen");
        assert!(t.on_server_by_key("ON").await.r#override.unwrap().is_active);

        mine(&t, vec![], None).await;
        let row = t
            .desk
            .set_override(&t.app_id, ENV, &server_off.id, None, true)
            .await
            .expect("switched on");
        assert!(row.override_active);
        assert!(
            t.on_server_by_key("OFF")
                .await
                .r#override
                .unwrap()
                .is_active
        );
    })
    .await;
}

#[tokio::test]
async fn a_pasted_batch_is_created_in_one_go() {
    scenario(|t| async move {
        let text = format!(
            "# pasted\n{}=one\nexport {}=\"two words\"\n",
            t.key("P1"),
            t.key("P2")
        );
        let rows = t
            .desk
            .create_batch(&t.app_id, ENV, &text, "/pasted")
            .await
            .expect("created");
        assert_eq!(rows.len(), 2);
        let p2 = t.on_server_by_key("P2").await;
        assert_eq!(
            (p2.value.expose(), p2.path.as_str()),
            ("two words", "/pasted")
        );
    })
    .await;
}

#[tokio::test]
async fn an_edit_sends_only_what_changed_so_a_reference_survives() {
    scenario(|t| async move {
        let a = t.key("REF_A");
        create(&t, vec![draft(&t, "REF_A", "alpha", "/", &[])]).await;
        create(
            &t,
            vec![draft(&t, "REF_B", &format!("${{{a}}}-x"), "/", &[])],
        )
        .await;
        let rows = mine(&t, vec![], None).await;
        let b = rows.iter().find(|r| r.key == t.key("REF_B")).unwrap();
        let resolved = t.on_server_by_key("REF_B").await.value.expose().to_string();
        assert_eq!(resolved, "alpha-x", "the server resolves references");
        // The form sends back the resolved value unchanged plus a new comment.
        let outcome = edit(
            &t,
            b,
            SecretChanges {
                value: Some(resolved),
                comment: Some("edited".into()),
                ..SecretChanges::default()
            },
        )
        .await
        .expect("saved");
        assert!(matches!(outcome, SaveOutcome::Saved { .. }));
        // The reference still follows A.
        let a_now = t.on_server_by_key("REF_A").await;
        t.outside()
            .update_secrets(
                &t.env(),
                &[SecretUpdate {
                    value: Some("beta".into()),
                    ..SecretUpdate::new(&a_now.id, "/")
                }],
            )
            .await
            .unwrap();
        let b_now = t.on_server_by_key("REF_B").await;
        assert_eq!(b_now.value.expose(), "beta-x");
        assert_eq!(b_now.comment, "edited");
    })
    .await;
}

#[tokio::test]
async fn moves_and_renames_and_a_move_onto_a_taken_key_is_refused() {
    scenario(|t| async move {
        create(
            &t,
            vec![
                draft(&t, "MOVER", "m", "/from", &[]),
                draft(&t, "MOVER", "there", "/to", &[]),
                draft(&t, "RENAMED", "r", "/", &[]),
            ],
        )
        .await;
        let rows = mine(&t, vec![], None).await;
        let mover = rows.iter().find(|r| r.path == "/from").unwrap();
        let err = edit(
            &t,
            mover,
            SecretChanges {
                path: Some("/to".into()),
                ..SecretChanges::default()
            },
        )
        .await
        .unwrap_err()
        .to_ipc();
        assert_eq!(err.code, ErrorCode::DuplicateKey);
        assert!(err.message.contains(&t.key("MOVER")), "{}", err.message);
        let on_server = t.on_server().await;
        assert_eq!(
            on_server.iter().filter(|s| s.path == "/to").count(),
            1,
            "nothing saved"
        );
        // A free folder is fine; a rename too.
        edit(
            &t,
            mover,
            SecretChanges {
                path: Some("/free".into()),
                ..SecretChanges::default()
            },
        )
        .await
        .expect("moved");
        let renamed = rows.iter().find(|r| r.key == t.key("RENAMED")).unwrap();
        edit(
            &t,
            renamed,
            SecretChanges {
                key: Some(t.key("NEW_NAME")),
                ..SecretChanges::default()
            },
        )
        .await
        .expect("renamed");
        let keys: Vec<_> = t
            .on_server()
            .await
            .into_iter()
            .map(|s| (s.key, s.path))
            .collect();
        assert!(keys.contains(&(t.key("MOVER"), "/free".into())), "{keys:?}");
        assert!(keys.contains(&(t.key("NEW_NAME"), "/".into())), "{keys:?}");
    })
    .await;
}

#[tokio::test]
async fn a_change_made_elsewhere_is_a_conflict_not_overwritten() {
    scenario(|t| async move {
        create(&t, vec![draft(&t, "CONTESTED", "v1", "/", &[])]).await;
        let row = mine(&t, vec![], None).await.remove(0);
        t.outside()
            .update_secrets(
                &t.env(),
                &[SecretUpdate {
                    value: Some("theirs".into()),
                    ..SecretUpdate::new(&row.id, "/")
                }],
            )
            .await
            .unwrap();
        let outcome = edit(
            &t,
            &row,
            SecretChanges {
                value: Some("mine".into()),
                ..SecretChanges::default()
            },
        )
        .await
        .expect("answered");
        match outcome {
            SaveOutcome::Conflict {
                their_value_changed,
                ..
            } => assert!(their_value_changed),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            t.on_server_by_key("CONTESTED").await.value.expose(),
            "theirs"
        );
    })
    .await;
}

#[tokio::test]
async fn a_delete_waits_for_the_undo_window_and_undo_changes_nothing() {
    scenario(|t| async move {
        create(&t, vec![draft(&t, "DOOMED", "d", "/", &["pdr-a"])]).await;
        let row = mine(&t, vec![], None).await.remove(0);
        let before = t.on_server_by_key("DOOMED").await;
        let held = t
            .desk
            .delete_secrets(&t.app_id, ENV, vec![row.id.clone()])
            .await
            .expect("held");
        assert!(mine(&t, vec![], None).await.is_empty(), "hidden at once");
        assert_eq!(t.on_server().await.len(), 1, "not sent yet");
        t.desk.undo_delete(&held.undo_id).expect("undone");
        assert_eq!(t.on_server_by_key("DOOMED").await, before, "untouched");
        let held = t
            .desk
            .delete_secrets(&t.app_id, ENV, vec![row.id.clone()])
            .await
            .expect("held");
        let message = t.desk.commit_delete(&held.undo_id).await.expect("sent");
        assert_eq!(message, "Deleted 1 secret");
        assert!(t.on_server().await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_bulk_edit_is_one_request_and_a_partial_failure_names_what_was_saved() {
    scenario(|t| async move {
        create(
            &t,
            vec![
                draft(&t, "BULK_1", "1", "/", &["pdr-old"]),
                draft(&t, "BULK_2", "2", "/", &["pdr-old"]),
                draft(&t, "BULK_3", "3", "/", &["pdr-old"]),
            ],
        )
        .await;
        let mut rows = mine(&t, vec![], None).await;
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let outcome = t
            .desk
            .bulk_edit(
                &t.app_id,
                ENV,
                ids.clone(),
                BulkEdit {
                    add_tags: vec!["pdr-new".into()],
                    remove_tags: vec!["pdr-old".into()],
                    ..BulkEdit::default()
                },
            )
            .await
            .expect("saved");
        assert_eq!(outcome.saved.len(), 3);
        assert!(outcome.not_saved.is_empty());
        assert!(t
            .on_server()
            .await
            .iter()
            .all(|s| s.tags == vec!["pdr-new".to_string()]));

        // Someone seals BULK_2 meanwhile: the server saves BULK_1's change of type, then
        // refuses to unseal BULK_2 (400) and never reaches BULK_3.
        t.outside()
            .update_secrets(
                &t.env(),
                &[SecretUpdate {
                    r#type: Some(phase_api::SecretType::Sealed),
                    ..SecretUpdate::new(&ids[1], "/")
                }],
            )
            .await
            .unwrap();
        let outcome = t
            .desk
            .bulk_edit(
                &t.app_id,
                ENV,
                ids.clone(),
                BulkEdit {
                    kind: Some(SecretKind::Config),
                    ..BulkEdit::default()
                },
            )
            .await
            .expect("partly saved");
        let saved: Vec<_> = outcome.saved.iter().map(|r| r.key.clone()).collect();
        let not_saved: Vec<_> = outcome.not_saved.iter().map(|n| n.key.clone()).collect();
        assert_eq!(saved, vec![t.key("BULK_1")], "{}", outcome.message);
        assert_eq!(not_saved, vec![t.key("BULK_2"), t.key("BULK_3")]);
        assert!(
            outcome.not_saved[0].reason.contains("Sealed"),
            "{:?}",
            outcome.not_saved
        );
        let server = t.on_server().await;
        let type_of = |name: &str| server.iter().find(|s| s.key == t.key(name)).unwrap().r#type;
        assert_eq!(type_of("BULK_1"), phase_api::SecretType::Config);
        assert_eq!(type_of("BULK_3"), phase_api::SecretType::Secret);
    })
    .await;
}

#[tokio::test]
async fn a_bulk_move_onto_taken_keys_sends_nothing() {
    scenario(|t| async move {
        create(
            &t,
            vec![
                draft(&t, "SAME", "a", "/x", &[]),
                draft(&t, "SAME", "b", "/y", &[]),
            ],
        )
        .await;
        let ids: Vec<String> = mine(&t, vec![], None)
            .await
            .into_iter()
            .map(|r| r.id)
            .collect();
        let err = t
            .desk
            .bulk_edit(
                &t.app_id,
                ENV,
                ids,
                BulkEdit {
                    move_to: Some("/z".into()),
                    ..BulkEdit::default()
                },
            )
            .await
            .unwrap_err()
            .to_ipc();
        assert_eq!(err.code, ErrorCode::DuplicateKey);
        assert!(
            t.on_server().await.iter().all(|s| s.path != "/z"),
            "nothing saved"
        );
    })
    .await;
}
