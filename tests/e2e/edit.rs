//! Journeys 5, 7 and 8: creating, editing, moving, deleting with undo, and the errors a
//! person must see (duplicate key, conflicting edit).

use phase_api::{NewSecret, Secret, SecretUpdate};
use serde_json::{json, Value};

use crate::harness::{ensure, journey, App, TestResult, WAIT};
use crate::server::Server;
use crate::ui::{self, in_row, tid};

const EDITOR: &str = "[data-testid=\"secret-editor\"]";

/// Waits until the server holds `key` (as the app's user sees it).
async fn on_server(app: &App, server: &Server, key: &str) -> TestResult<Secret> {
    app.wait_value(
        &format!("{key} on the server"),
        WAIT,
        || server.dev_secret(key),
        |_| true,
    )
    .await
}

fn stored(server: &Server, id: &str) -> TestResult<Value> {
    server
        .stored(id)
        .ok_or_else(|| format!("secret {id} is not stored"))
}

async fn save_editor(app: &App) -> TestResult {
    app.click(&format!("{EDITOR} {}", tid("save-button")))
        .await?;
    app.gone(EDITOR).await
}

#[test]
fn j05_create_batch_edit_comment_and_move() {
    journey("j05-create-edit", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;

        // One secret through the form.
        app.click(&tid("new-secret-button")).await?;
        app.el("[data-testid=\"secret-editor\"][data-mode=\"new\"]")
            .await?;
        app.fill(&tid("field-key"), "E2E_CREATED").await?;
        app.fill(&tid("field-value"), "created-in-the-window")
            .await?;
        app.fill(&tid("field-comment"), "made by the e2e suite")
            .await?;
        app.fill(&tid("field-tags"), "e2e, backend").await?;
        app.fill(&tid("field-path"), "/backend").await?;
        app.choose(&tid("field-type"), "config").await?;
        app.shot("new-secret-form").await?;
        save_editor(&app).await?;
        let made = on_server(&app, &server, "E2E_CREATED").await?;
        ensure(made.value.expose() == "created-in-the-window", || {
            "value differs on the server".into()
        })?;
        ensure(made.comment == "made by the e2e suite", || {
            format!("comment {:?}", made.comment)
        })?;
        ensure(made.tags == ["e2e", "backend"], || {
            format!("tags {:?}", made.tags)
        })?;
        ensure(made.path == "/backend", || format!("path {:?}", made.path))?;
        ensure(made.r#type == phase_api::SecretType::Config, || {
            format!("type {:?}", made.r#type)
        })?;
        ensure(ui::row_of(&app, "E2E_CREATED").await?.id == made.id, || {
            "row id differs".into()
        })?;

        // A pasted batch, in one go.
        app.click(&tid("batch-button")).await?;
        app.el(&tid("batch-panel")).await?;
        app.fill(
            &tid("batch-text"),
            "# pasted\nBATCH_ONE=first\nexport BATCH_TWO=\"second value\"\n",
        )
        .await?;
        app.wait_js(
            "return document.querySelectorAll('[data-testid=\"batch-line\"]').length === 2",
            "the batch preview",
        )
        .await?;
        app.shot("batch-preview").await?;
        app.click(&tid("batch-submit")).await?;
        app.gone(&tid("batch-panel")).await?;
        for (key, value) in [("BATCH_ONE", "first"), ("BATCH_TWO", "second value")] {
            let s = on_server(&app, &server, key).await?;
            ensure(s.value.expose() == value, || {
                format!("{key} = {:?} on the server", s.value.expose())
            })?;
            ensure(s.path == "/", || format!("{key} in {}", s.path))?;
            ui::row_of(&app, key).await?;
        }

        // Only the comment changes: the value is not rewritten.
        let session = server.dev_secret("SESSION_SECRET").await?;
        let before = stored(&server, &session.id)?;
        ui::open_editor(&app, "SESSION_SECRET").await?;
        app.fill(&tid("field-comment"), "only the comment changed")
            .await?;
        app.shot("edit-panel").await?;
        save_editor(&app).await?;
        let after = app
            .wait_value(
                "the new comment on the server",
                WAIT,
                || async { stored(&server, &session.id) },
                |v| v["comment"] == "only the comment changed",
            )
            .await?;
        ensure(after["value"] == before["value"], || {
            "the value was rewritten".into()
        })?;
        ensure(
            after["key"] == before["key"] && after["tags"] == before["tags"],
            || "key or tags changed".into(),
        )?;
        let (v0, v1) = (
            before["version"].as_i64().unwrap_or(-1),
            after["version"].as_i64().unwrap_or(-1),
        );
        ensure(v1 == v0 + 1, || {
            format!("version {v0} -> {v1}, expected +1")
        })?;

        // Move to another folder.
        let bucket = server.dev_secret("S3_BUCKET").await?;
        ui::open_editor(&app, "S3_BUCKET").await?;
        app.fill(&tid("field-path"), "/archive").await?;
        save_editor(&app).await?;
        let moved = app
            .wait_value(
                "S3_BUCKET in /archive",
                WAIT,
                || async { stored(&server, &bucket.id) },
                |v| v["path"] == "/archive",
            )
            .await?;
        ensure(moved["value"] == json!(bucket.value.expose()), || {
            "moving changed the value".into()
        })?;
        app.click("[data-testid=\"folder-node\"][data-path=\"/archive\"]")
            .await?;
        ui::expect_keys(&app, &["S3_BUCKET".to_string()], "folder /archive").await?;
        app.shot("moved").await?;

        ui::assert_no_token_leaks(&app, &server.all_tokens()).await?;
        app.finish().await
    });
}

/// Every field undo must bring back.
fn fields(s: &Secret) -> Value {
    json!({
        "key": s.key, "value": s.value.expose(), "comment": s.comment, "tags": s.tags,
        "path": s.path, "type": s.r#type,
        "override": s.r#override.as_ref().map(|o| json!({"value": o.value.expose(), "active": o.is_active})),
    })
}

#[test]
fn j07_delete_two_and_undo() {
    journey("j07-delete-undo", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;
        // One with an inactive override (config), one with an active override (secret, subfolder).
        let doomed = ["API_PORT", "DB_HOST"];
        let mut before = Vec::new();
        for key in doomed {
            let s = server.dev_secret(key).await?;
            ensure(
                s.r#override.is_some() && !s.tags.is_empty() && !s.comment.is_empty(),
                || format!("{key} lacks an override, tags or a comment: a weak test"),
            )?;
            before.push(s);
        }
        ensure(
            before[0].r#override.as_ref().is_some_and(|o| !o.is_active),
            || "API_PORT's override should be off".into(),
        )?;

        for key in doomed {
            app.click(&in_row(key, "row-select")).await?;
        }
        app.click(&tid("delete-selected-button")).await?;
        app.el(&tid("confirm-dialog")).await?;
        let msg = app.text(&tid("confirm-dialog")).await?;
        ensure(doomed.iter().all(|k| msg.contains(k)), || {
            format!("confirm text: {msg:?}")
        })?;
        app.click(&tid("confirm-ok")).await?;
        app.gone(&tid("confirm-dialog")).await?;
        // Hidden at once, but held back for the undo window: the server still has them.
        for s in &before {
            app.gone(&ui::row(&s.key)).await?;
            ensure(server.stored(&s.id).is_some(), || {
                format!("{} was deleted before the undo window ended", s.key)
            })?;
        }
        app.el(&tid("undo-button")).await?;
        app.shot("delete-undo-toast").await?;

        app.click(&tid("undo-button")).await?;
        ui::toast(&app, "Restored").await?;
        // Nothing was sent, so everything is exactly as before: same ids, same fields.
        let now = server.dev_secrets().await?;
        for old in &before {
            let new = now
                .iter()
                .find(|s| s.id == old.id)
                .ok_or_else(|| format!("{} is gone from the server", old.key))?;
            ensure(
                fields(new) == fields(old) && new.version == old.version,
                || format!("{} changed:\n{}\n{}", old.key, fields(new), fields(old)),
            )?;
            let row = ui::row_of(&app, &old.key).await?;
            ensure(row.id == old.id, || {
                format!("{} row shows id {}, server has {}", old.key, row.id, old.id)
            })?;
        }
        app.shot("restored").await?;

        // Deleted again and "Delete now": sent at once, in one request.
        for key in doomed {
            app.click(&in_row(key, "row-select")).await?;
        }
        app.click(&tid("delete-selected-button")).await?;
        app.click(&tid("confirm-ok")).await?;
        app.click(&tid("undo-dismiss")).await?;
        for s in &before {
            app.gone(&ui::row(&s.key)).await?;
        }
        for _ in 0..50 {
            if before.iter().all(|s| server.stored(&s.id).is_none()) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        for s in &before {
            ensure(server.stored(&s.id).is_none(), || {
                format!("{} is still on the server after Delete now", s.key)
            })?;
        }

        ui::assert_no_token_leaks(&app, &server.all_tokens()).await?;
        app.finish().await
    });
}

#[test]
fn j08_duplicate_key_and_conflicting_edit() {
    journey("j08-duplicate-conflict", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;

        // Someone else creates the key after the app loaded its list: the server refuses ours.
        server
            .api
            .create_secrets(&server.dev(), &[NewSecret::new("E2E_TAKEN", "theirs")])
            .await
            .map_err(|e| e.to_string())?;
        app.click(&tid("new-secret-button")).await?;
        app.el("[data-testid=\"secret-editor\"][data-mode=\"new\"]")
            .await?;
        app.fill(&tid("field-key"), "E2E_TAKEN").await?;
        app.fill(&tid("field-value"), "mine").await?;
        app.fill(&tid("field-comment"), "kept after the error")
            .await?;
        app.click(&format!("{EDITOR} {}", tid("save-button")))
            .await?;
        let error = app.text(&tid("editor-error")).await?;
        ensure(error.contains("Duplicate secret found"), || {
            format!("editor error: {error:?}")
        })?;
        for (field, want) in [
            ("field-key", "E2E_TAKEN"),
            ("field-value", "mine"),
            ("field-comment", "kept after the error"),
        ] {
            let got = app.prop(&tid(field), "value").await?.unwrap_or_default();
            ensure(got == want, || {
                format!("{field} holds {got:?} after the error")
            })?;
        }
        app.shot("duplicate-key").await?;
        let theirs = server.dev_secret("E2E_TAKEN").await?;
        ensure(theirs.value.expose() == "theirs", || {
            "the other secret was overwritten".into()
        })?;
        app.click(&format!("{EDITOR} {}", tid("cancel-button")))
            .await?;
        // The form still holds the person's input: closing it asks first.
        app.el(&tid("confirm-dialog")).await?;
        let question = app.text(&tid("confirm-dialog")).await?;
        ensure(question.contains("Discard"), || {
            format!("closing a filled form asked {question:?}")
        })?;
        app.click(&tid("confirm-ok")).await?;
        app.gone(&tid("confirm-dialog")).await?;

        // A conflicting edit behind the app's back.
        let level = server.dev_secret("LOG_LEVEL").await?;
        ui::open_editor(&app, "LOG_LEVEL").await?;
        app.fill(&tid("field-comment"), "my comment").await?;
        let update = SecretUpdate {
            comment: Some("their comment".into()),
            ..SecretUpdate::new(level.id.clone(), level.path.clone())
        };
        server
            .api
            .update_secrets(&server.dev(), &[update])
            .await
            .map_err(|e| e.to_string())?;
        app.click(&format!("{EDITOR} {}", tid("save-button")))
            .await?;
        let dialog = app.text(&tid("conflict-dialog")).await?;
        ensure(
            dialog.contains("their comment") && dialog.contains("my comment"),
            || format!("conflict dialog: {dialog:?}"),
        )?;
        app.shot("conflict-dialog").await?;
        let kept = stored(&server, &level.id)?;
        ensure(kept["comment"] == "their comment", || {
            "the app overwrote the other edit".into()
        })?;

        app.click(&tid("conflict-keep-mine")).await?;
        app.gone(&tid("conflict-dialog")).await?;
        app.wait_value(
            "my comment on the server",
            WAIT,
            || async { stored(&server, &level.id) },
            |v| v["comment"] == "my comment",
        )
        .await?;

        ui::assert_no_token_leaks(&app, &server.all_tokens()).await?;
        app.finish().await
    });
}
