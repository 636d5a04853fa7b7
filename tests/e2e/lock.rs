//! Issue 13, auto-lock: Ctrl+L locks the real window (the native menu's accelerator, or the
//! window's own shortcut), the lock screen hides what was shown and no value is left in the
//! page, the clipboard no longer holds our copy; Unlock lists again and a reveal fetches anew.
//! Then the log file: it has the session's requests and none of its tokens or values (j24).
//! A short idle time set in Settings locks the window by itself; while locked no command
//! hands out a value; the reveal after unlocking fetches again; with "Keep unsaved edits"
//! the editor comes back with its text, which never reaches a file (j25).

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use phase_api::SecretUpdate;
use serde_json::{json, Value};

use crate::harness::{clipboard, ensure, journey, set_clipboard, App, TestResult, WAIT};
use crate::server::{Server, DEV};
use crate::ui::{self, in_row, tid};
use crate::ux::{press, EDITOR};

#[test]
fn j24_lock_now_drops_values_and_unlock_fetches_again() {
    journey("j24-lock", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;
        let jwt = server.dev_secret("JWT_SECRET").await?;
        let value = jwt.value.expose().to_string();
        app.click(&in_row("JWT_SECRET", "reveal-button")).await?;
        app.wait_js_with(
            "return document.body.innerText.includes(arguments[0])",
            vec![serde_json::json!(value)],
            "JWT_SECRET revealed",
            WAIT,
        )
        .await?;
        set_clipboard("before")?;
        app.click(&in_row("JWT_SECRET", "copy-button")).await?;
        app.wait_value(
            "the copy",
            WAIT,
            || async { clipboard() },
            |c| c.as_deref() == Some(value.as_str()),
        )
        .await?;

        press(&app, &[Key::Control.into(), 'l']).await?;
        app.el(&tid("lock-screen")).await?;
        app.shot("locked").await?;
        let page = app.js("return document.body.innerText", vec![]).await?;
        ensure(!page.as_str().unwrap_or_default().contains(&value), || {
            "the value is still in the page".into()
        })?;
        ensure(
            app.js(
                "return document.querySelectorAll('[data-testid=\"secret-row\"]').length",
                vec![],
            )
            .await?
                == 0,
            || "rows are still on the page".into(),
        )?;
        app.wait_value(
            "the clipboard cleared",
            WAIT,
            || async { clipboard() },
            |c| c.as_deref() != Some(value.as_str()),
        )
        .await?;

        app.click(&tid("unlock-button")).await?;
        app.gone(&tid("lock-screen")).await?;
        ui::wait_listing(&app, "development").await?;
        let masked = app.text(&ui::row("JWT_SECRET")).await?;
        ensure(!masked.contains(&value), || {
            "the value came back without a reveal".into()
        })?;
        app.click(&in_row("JWT_SECRET", "reveal-button")).await?;
        app.wait_js_with(
            "return document.body.innerText.includes(arguments[0])",
            vec![serde_json::json!(value)],
            "JWT_SECRET revealed after unlocking",
            WAIT,
        )
        .await?;

        // The log file has the requests (method, URL, status, time) and nothing secret.
        let logs: Vec<std::path::PathBuf> = app
            .app_dirs()
            .iter()
            .flat_map(|d| walk(d))
            .filter(|p| p.extension().is_some_and(|e| e == "log"))
            .collect();
        let text: String = logs
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        ensure(text.contains("/v1/secrets/ -> 200"), || {
            format!("no request lines in the log files {logs:?}")
        })?;
        let mut secrets = server.all_tokens();
        secrets.push(value.clone());
        for s in server.dev_secrets().await? {
            if s.value.expose().len() >= 6 {
                secrets.push(s.value.expose().to_string());
            }
        }
        let leaked: Vec<&String> = secrets
            .iter()
            .filter(|s| text.contains(s.as_str()))
            .collect();
        ensure(leaked.is_empty(), || {
            format!("{} secrets or tokens are in the log", leaked.len())
        })?;
        eprintln!(
            "[e2e] j24: searched {} tokens and values in {} log bytes: 0 hits",
            secrets.len(),
            text.len()
        );
        app.finish().await
    });
}

#[test]
fn j25_auto_lock_after_a_short_idle_time_drops_values_and_keeps_chosen_edits() {
    journey("j25-auto-lock", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;
        let app_id = server.sandbox.demo_app_id();
        let jwt = server.dev_secret("JWT_SECRET").await?;
        let value = jwt.value.expose().to_string();
        let row_id = ui::row_of(&app, "JWT_SECRET").await?.id;
        app.click(&in_row("JWT_SECRET", "reveal-button")).await?;
        shows(&app, &value, "JWT_SECRET revealed").await?;

        // A short idle time (0.1 minutes = 6 s) and "Keep unsaved edits", in Settings.
        app.click(&tid("settings-button")).await?;
        app.el(&tid("settings-dialog")).await?;
        app.fill(&tid("settings-auto-lock-mins"), "0.1").await?;
        app.click(&tid("settings-keep-edits")).await?;
        app.click(&tid("settings-save")).await?;
        app.gone(&tid("settings-dialog")).await?;

        // An unsaved value typed into DB_HOST's editor, then nobody touches the window.
        let typed = format!("typed-not-saved-{}", uuid::Uuid::new_v4().simple());
        ui::open_editor(&app, "DB_HOST").await?;
        app.fill(&tid("field-value"), &typed).await?;
        let idle_from = Instant::now();
        app.wait_js_with(
            "return document.querySelector('[data-testid=\"lock-screen\"]') !== null",
            vec![],
            "the lock screen to come by itself",
            WAIT,
        )
        .await?;
        let idle = idle_from.elapsed();
        ensure(
            idle >= Duration::from_secs(5) && idle <= Duration::from_secs(12),
            || format!("locked {idle:?} after the last input, with 6 s set"),
        )?;
        eprintln!("[e2e] j25: locked by itself {idle:.1?} after the last input (6 s set)");
        app.shot("auto-locked").await?;
        let page = app
            .js("return document.documentElement.outerHTML", vec![])
            .await?;
        let page = page.as_str().unwrap_or_default();
        ensure(!page.contains(&value) && !page.contains(&typed), || {
            "a value or the typed text is still in the page".into()
        })?;
        ensure(
            !page.contains("data-testid=\"secret-row\"") && !page.contains("secret-editor"),
            || "rows or the editor are still in the page".into(),
        )?;

        // Every command that could hand out a value refuses while locked.
        let start: String = value.chars().take(6).collect();
        let one = json!({ "appId": app_id, "env": DEV, "secretId": row_id, "which": "shared" });
        let attempts = [
            (
                "list_secrets",
                json!({ "appId": app_id, "env": DEV, "tags": [], "path": null }),
            ),
            ("reveal_value", one.clone()),
            ("value_for_editing", one.clone()),
            ("copy_value", one),
            (
                "search_values",
                json!({ "appId": app_id, "env": DEV, "needle": start }),
            ),
            (
                "compare_environments",
                json!({ "appId": app_id, "fromTable": true }),
            ),
            (
                "compare_environments",
                json!({ "appId": app_id, "fromTable": false }),
            ),
            (
                "compare_reveal",
                json!({ "appId": app_id, "env": DEV, "secretId": row_id }),
            ),
            (
                "copy_as_dotenv",
                json!({ "appId": app_id, "env": DEV, "secretIds": [row_id] }),
            ),
        ];
        for (cmd, args) in &attempts {
            let answer = invoke(&app, cmd, args.clone()).await?;
            ensure(answer["code"] == "locked", || {
                format!("{cmd} while locked answered {}", redact(&answer, &value))
            })?;
            ensure(!answer.to_string().contains(&value), || {
                format!("{cmd}'s refusal holds the value")
            })?;
        }
        eprintln!(
            "[e2e] j25: {} commands refused while locked",
            attempts.len()
        );

        // Changed on the server while locked: the reveal after unlocking must show the new
        // value, read by a new GET, not the one from before.
        let newer = format!("rotated-while-locked-{}", uuid::Uuid::new_v4().simple());
        let update = SecretUpdate {
            value: Some(newer.clone().into()),
            ..SecretUpdate::new(jwt.id.clone(), jwt.path.clone())
        };
        server
            .api
            .update_secrets(&server.dev(), &[update])
            .await
            .map_err(|e| e.to_string())?;
        let requests = server.sandbox.request_count();
        let gets = secrets_gets(&app);

        app.click(&tid("unlock-button")).await?;
        app.gone(&tid("lock-screen")).await?;
        ui::wait_listing(&app, DEV).await?;
        // The editor is back with the typed text (kept in the window's memory only).
        app.el(&format!("{EDITOR}[data-mode=\"edit\"]")).await?;
        app.gone(&tid("field-value-loading")).await?;
        let back = app.prop(&tid("field-value"), "value").await?;
        ensure(back.as_deref() == Some(typed.as_str()), || {
            "the editor came back without the typed value".into()
        })?;
        app.shot("editor-back").await?;
        app.click(&format!("{EDITOR} {}", tid("cancel-button")))
            .await?;
        app.click(&tid("confirm-ok")).await?;
        app.gone(EDITOR).await?;

        let masked = app.text(&ui::row("JWT_SECRET")).await?;
        ensure(!masked.contains(&value) && !masked.contains(&newer), || {
            "a value came back without a reveal".into()
        })?;
        app.click(&in_row("JWT_SECRET", "reveal-button")).await?;
        shows(&app, &newer, "the value changed while locked").await?;
        ensure(
            !app.text(&ui::row("JWT_SECRET")).await?.contains(&value),
            || "the value from before the lock is shown".into(),
        )?;
        let (requests_now, gets_now) = (server.sandbox.request_count(), secrets_gets(&app));
        ensure(requests_now > requests && gets_now > gets, || {
            format!("no new GET: requests {requests} -> {requests_now}, logged GETs {gets} -> {gets_now}")
        })?;
        eprintln!(
            "[e2e] j25: after unlocking {} requests, {} of them GET /v1/secrets/; the reveal shows the server's new value",
            requests_now - requests,
            gets_now - gets
        );

        // The typed text was never written: not in accounts.json, the log or any other file.
        let mut written = Vec::new();
        for dir in app.app_dirs() {
            written.extend(ui::files_containing(&dir, &typed));
        }
        ensure(written.is_empty(), || {
            format!("the unsaved text is in {written:?}")
        })?;
        let accounts =
            std::fs::read_to_string(app.config_dir().join("dev.phase.desk/accounts.json"))
                .unwrap_or_default();
        ensure(
            accounts.contains("\"keepEditsOnLock\": true")
                && accounts.contains("\"autoLockSecs\": 6"),
            || format!("the settings on disk: {accounts}"),
        )?;
        app.finish().await
    });
}

/// Waits until the page shows `text`.
async fn shows(app: &App, text: &str, what: &str) -> TestResult {
    app.wait_js_with(
        "return document.body.innerText.includes(arguments[0])",
        vec![json!(text)],
        what,
        WAIT,
    )
    .await
}

/// Invokes a Tauri command from the page, as the UI would; the answer, or the error it gave.
async fn invoke(app: &App, cmd: &str, args: Value) -> TestResult<Value> {
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]) \
               .then(ok => done({ ok }), err => done(err));",
            vec![json!(cmd), args],
        )
        .await
        .map_err(|e| format!("invoking {cmd}: {e}"))
}

/// `answer` for a failure message, with `value` blacked out.
fn redact(answer: &Value, value: &str) -> String {
    answer.to_string().replace(value, "<the value>")
}

/// How many `GET …/v1/secrets/` lines the app's log files hold.
fn secrets_gets(app: &App) -> usize {
    app.app_dirs()
        .iter()
        .flat_map(|d| walk(d))
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| {
            t.lines()
                .filter(|l| l.contains("GET ") && l.contains("/v1/secrets/"))
                .count()
        })
        .sum()
}

/// Every file below `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk(&p)
            } else {
                vec![p]
            }
        })
        .collect()
}
