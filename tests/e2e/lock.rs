//! Issue 13, auto-lock: Ctrl+L locks the real window (the native menu's accelerator, or the
//! window's own shortcut), the lock screen hides what was shown and no value is left in the
//! page, the clipboard no longer holds our copy; Unlock lists again and a reveal fetches anew.

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
        app.finish().await
    });
}
