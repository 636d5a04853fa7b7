//! CommandK edits through the desk, against `commandk_sandbox` over real HTTP: creating
//! with a purpose type and "also set in" other environments, a value set in a second
//! environment, and clear refusals, before anything is sent, of what a read-only account
//! or CommandK itself lacks (delete, rename, tags, folders, comments, overrides).

mod commandk_support;
mod common;

use commandk_support::*;
use desk_core::view::*;

#[tokio::test]
async fn create_with_a_purpose_type_sets_the_value_here_and_in_the_environments_named() {
    let f = ck(true).await;
    f.list("Development").await;
    let made = f
        .create(
            "Development",
            draft(
                "GITHUB_DEPLOY_KEY",
                "ghp_demo_value_1",
                "SSHKey",
                &["Staging"],
            ),
        )
        .await
        .expect("created");
    assert_eq!(made.len(), 1);
    assert_eq!(
        (made[0].key.as_str(), made[0].value_set),
        ("GITHUB_DEPLOY_KEY", Some(true))
    );
    let meta = f.server.secret_meta(&f.app, "GITHUB_DEPLOY_KEY").unwrap();
    assert_eq!(meta.0, "SSHKey");
    assert_eq!(
        f.stored("GITHUB_DEPLOY_KEY", "Development").as_deref(),
        Some("ghp_demo_value_1")
    );
    assert_eq!(
        f.stored("GITHUB_DEPLOY_KEY", "Staging").as_deref(),
        Some("ghp_demo_value_1")
    );
    assert_eq!(f.stored("GITHUB_DEPLOY_KEY", "Production"), None);
    assert_eq!(
        f.row("Production", "GITHUB_DEPLOY_KEY").await.value_set,
        Some(false)
    );

    // A name the app has: said, nothing made (once from the loaded list, once by the server).
    f.list("Development").await;
    let again = f
        .create("Development", draft("GITHUB_DEPLOY_KEY", "x", "Other", &[]))
        .await;
    assert_eq!(again.unwrap_err().to_ipc().code, ErrorCode::DuplicateKey);
    let other_env = f.create("Production", draft("STRIPE_SECRET_KEY", "x", "", &[]));
    f.list("Production").await;
    let e = other_env.await.unwrap_err().to_ipc();
    assert_eq!(e.code, ErrorCode::DuplicateKey, "{}", e.message);
    assert_eq!(f.server.secret_count(&f.app), 6);
    // Pasted lines become secrets of purpose Other with their value here.
    let pasted = f
        .desk
        .create_batch(&f.app, "Staging", "PASTED_ONE=alpha\nPASTED_TWO=beta", "/")
        .await
        .unwrap();
    assert_eq!(pasted.len(), 2);
    assert_eq!(
        f.server.secret_meta(&f.app, "PASTED_TWO").unwrap().0,
        "Other"
    );
    assert_eq!(f.stored("PASTED_TWO", "Staging").as_deref(), Some("beta"));
    let bad = f
        .create("Staging", draft("X_Y", "v", "Password", &[]))
        .await;
    refused(bad, "purposeType", "APIKey");
    let nowhere = f
        .create("Staging", draft("X_Z", "v", "Other", &["Moon"]))
        .await;
    assert_eq!(nowhere.unwrap_err().to_ipc().code, ErrorCode::NotFound);
    assert!(
        f.server.secret_meta(&f.app, "X_Z").is_none(),
        "nothing made"
    );
}

#[tokio::test]
async fn a_value_is_set_in_a_second_environment_from_its_row_there() {
    let f = ck(true).await;
    let row = f.row("Staging", "FEATURE_FLAGS").await;
    assert_eq!(row.value_set, Some(false));
    let saved = f
        .desk
        .update_secret(
            &f.app,
            "Staging",
            &row.id,
            row.version,
            value_change("beta=false"),
            false,
        )
        .await
        .unwrap();
    let SaveOutcome::Saved { row: saved } = saved else {
        panic!("no conflict expected")
    };
    assert_eq!(saved.value_set, Some(true));
    assert_eq!(
        f.stored("FEATURE_FLAGS", "Staging").as_deref(),
        Some("beta=false")
    );
    assert_eq!(
        f.stored("FEATURE_FLAGS", "Development").as_deref(),
        Some("beta=true")
    );
    assert_eq!(f.stored("FEATURE_FLAGS", "Production"), None);
    // And changed where it was set.
    let dev = f.row("Development", "FEATURE_FLAGS").await;
    f.desk
        .update_secret(
            &f.app,
            "Development",
            &dev.id,
            dev.version,
            value_change("beta=on"),
            false,
        )
        .await
        .unwrap();
    assert_eq!(
        f.stored("FEATURE_FLAGS", "Development").as_deref(),
        Some("beta=on")
    );
}

#[tokio::test]
async fn a_read_only_account_refuses_every_change_before_sending_it() {
    let f = ck(false).await;
    let row = f.row("Development", "SENTRY_DSN").await;
    let before = f.stored("SENTRY_DSN", "Development");
    let create = f
        .create("Development", draft("NEW_ONE", "v", "Other", &[]))
        .await;
    refused(create, "token", "Write token");
    let update = f
        .desk
        .update_secret(
            &f.app,
            "Development",
            &row.id,
            row.version,
            value_change("changed"),
            false,
        )
        .await;
    refused(update, "token", "Write token");
    let delete = f
        .desk
        .delete_secrets(&f.app, "Development", vec![row.id.clone()])
        .await;
    refused(delete, "secretIds", "cannot be deleted");
    assert_eq!(f.stored("SENTRY_DSN", "Development"), before);
    assert!(f.server.secret_meta(&f.app, "NEW_ONE").is_none());
}

#[tokio::test]
async fn what_commandk_lacks_is_refused_with_the_reason() {
    let f = ck(true).await;
    let row = f.row("Development", "SENTRY_DSN").await;
    let reason = "CommandK keeps one secret per app";
    let delete = f
        .desk
        .delete_secrets(&f.app, "Development", vec![row.id.clone()])
        .await;
    refused(delete, "secretIds", reason);
    let rename = SecretChanges {
        key: Some("SENTRY_URL".into()),
        ..SecretChanges::default()
    };
    let renamed = f
        .desk
        .update_secret(&f.app, "Development", &row.id, 0, rename, false)
        .await;
    refused(renamed, "key", "cannot rename");
    let tags = SecretChanges {
        tags: Some(vec!["ops".into()]),
        ..SecretChanges::default()
    };
    refused(
        f.desk
            .update_secret(&f.app, "Development", &row.id, 0, tags, false)
            .await,
        "tags",
        reason,
    );
    let moved = SecretChanges {
        path: Some("/backend".into()),
        ..SecretChanges::default()
    };
    refused(
        f.desk
            .update_secret(&f.app, "Development", &row.id, 0, moved, false)
            .await,
        "path",
        reason,
    );
    let mut tagged = draft("TAGGED", "v", "Other", &[]);
    tagged.draft.tags = vec!["ops".into()];
    refused(f.create("Development", tagged).await, "tags", reason);
    let mut foldered = draft("FOLDERED", "v", "Other", &[]);
    foldered.draft.path = "/backend".into();
    refused(f.create("Development", foldered).await, "path", reason);
    let mut with_override = draft("MINE", "v", "Other", &[]);
    with_override.draft.override_value = Some("mine".into());
    refused(
        f.create("Development", with_override).await,
        "overrideValue",
        reason,
    );
    let over = f
        .desk
        .set_override(&f.app, "Development", &row.id, Some("x".into()), true)
        .await;
    refused(over, "override", reason);
    let bulk = BulkEdit {
        add_tags: vec!["ops".into()],
        ..BulkEdit::default()
    };
    refused(
        f.desk
            .bulk_edit(&f.app, "Development", vec![row.id.clone()], bulk)
            .await,
        "tags",
        reason,
    );
    let bulk_move = BulkEdit {
        move_to: Some("/x".into()),
        ..BulkEdit::default()
    };
    refused(
        f.desk
            .bulk_edit(&f.app, "Development", vec![row.id.clone()], bulk_move)
            .await,
        "moveTo",
        reason,
    );
    let by_tag = f
        .desk
        .list_secrets(&f.app, "Development", vec!["ops".into()], None)
        .await;
    refused(by_tag, "tags", reason);
    let mine = f
        .desk
        .reveal(&f.app, "Development", &row.id, ValueChoice::Override)
        .await;
    refused(mine, "which", reason);
    assert_eq!(f.server.secret_count(&f.app), 5, "nothing was made");
}
