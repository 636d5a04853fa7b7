//! Issue 13, auto-lock: Ctrl+L locks the real window (the native menu's accelerator, or the
//! window's own shortcut), the lock screen hides what was shown and no value is left in the
//! page, the clipboard no longer holds our copy; Unlock lists again and a reveal fetches anew.
//! Then the log file: it has the session's requests and none of its tokens or values.

use fantoccini::key::Key;

use crate::harness::{clipboard, ensure, journey, set_clipboard, App, WAIT};
use crate::server::Server;
use crate::ui::{self, in_row, tid};
use crate::ux::press;

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
