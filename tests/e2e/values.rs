//! Journeys 4 and 6: revealing and copying values (clipboard cleared only if still ours),
//! and personal overrides.

use std::time::{Duration, Instant};

use crate::harness::{clipboard, ensure, journey, set_clipboard, App, TestResult};
use crate::server::Server;
use crate::ui::{self, in_row, tid};

const MASKED_HINT: &str = "masked";

/// The row's value cell text.
async fn shown(app: &App, key: &str) -> TestResult<String> {
    Ok(ui::row_of(app, key).await?.value)
}

async fn wait_clipboard(
    app: &App,
    what: &str,
    limit: Duration,
    ok: impl Fn(&Option<String>) -> bool,
) -> TestResult<Option<String>> {
    app.wait_value(what, limit, || async { clipboard() }, ok)
        .await
}

/// Checks for `period` that the clipboard keeps holding `text`.
async fn clipboard_stays(text: &str, period: Duration) -> TestResult {
    let end = Instant::now() + period;
    while Instant::now() < end {
        let now = clipboard()?;
        ensure(now.as_deref() == Some(text), || {
            format!("the clipboard changed to {now:?}")
        })?;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Ok(())
}

#[test]
fn j04_reveal_copy_and_clipboard_clearing() {
    journey("j04-reveal-copy", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;

        // Reveal: the cell shows exactly the server's value.
        let jwt = server.dev_secret("JWT_SECRET").await?;
        let before = shown(&app, "JWT_SECRET").await?;
        ensure(before != jwt.value.expose(), || {
            format!("JWT_SECRET is shown before revealing ({MASKED_HINT} expected)")
        })?;
        app.click(&in_row("JWT_SECRET", "reveal-button")).await?;
        app.wait_value(
            "JWT_SECRET revealed",
            crate::harness::WAIT,
            || shown(&app, "JWT_SECRET"),
            |v| v == jwt.value.expose(),
        )
        .await?;
        app.shot("revealed").await?;

        // Copy without revealing: the clipboard holds the value, the cell stays masked.
        let redis = server.dev_secret("REDIS_URL").await?;
        let value = redis.value.expose().to_string();
        set_clipboard("before")?;
        app.click(&in_row("REDIS_URL", "copy-button")).await?;
        wait_clipboard(
            &app,
            "REDIS_URL on the clipboard",
            crate::harness::WAIT,
            |c| c.as_deref() == Some(value.as_str()),
        )
        .await?;
        ensure(shown(&app, "REDIS_URL").await? != value, || {
            "copying revealed the value on screen".into()
        })?;
        ui::toast(&app, "Copied REDIS_URL").await?;
        app.shot("copied").await?;

        // Clear after 3 s.
        ui::set_clipboard_secs(&app, 3).await?;
        app.click(&in_row("REDIS_URL", "copy-button")).await?;
        ui::toast(&app, "clears in 3 s").await?;
        let copied_at = Instant::now();
        wait_clipboard(&app, "the copy", crate::harness::WAIT, |c| {
            c.as_deref() == Some(value.as_str())
        })
        .await?;
        wait_clipboard(
            &app,
            "the clipboard to be cleared",
            Duration::from_secs(10),
            |c| c.as_deref() != Some(value.as_str()),
        )
        .await?;
        let took = copied_at.elapsed();
        ensure(took >= Duration::from_millis(2500), || {
            format!("cleared after {took:?}, before the 3 s")
        })?;
        eprintln!(
            "[e2e] {name}: clipboard cleared {:.1} s after the copy",
            took.as_secs_f64()
        );

        // Something else copied in between is left alone.
        app.click(&in_row("REDIS_URL", "copy-button")).await?;
        wait_clipboard(&app, "the second copy", crate::harness::WAIT, |c| {
            c.as_deref() == Some(value.as_str())
        })
        .await?;
        set_clipboard("other")?;
        wait_clipboard(
            &app,
            "'other' on the clipboard",
            crate::harness::WAIT,
            |c| c.as_deref() == Some("other"),
        )
        .await?;
        clipboard_stays("other", Duration::from_secs(5)).await?;

        ui::assert_no_token_leaks(&app, &server.all_tokens()).await?;
        app.finish().await
    });
}

#[test]
fn j06_personal_override_toggle() {
    journey("j06-override", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;

        let db_host = server.dev_secret("DB_HOST").await?;
        let ov = db_host
            .r#override
            .clone()
            .ok_or("DB_HOST has no override in the demo data")?;
        ensure(ov.is_active, || {
            "DB_HOST's override is expected active".into()
        })?;
        let (shared, mine) = (
            db_host.value.expose().to_string(),
            ov.value.expose().to_string(),
        );
        ensure(shared != mine, || {
            "override and shared value are equal".into()
        })?;

        let toggle = in_row("DB_HOST", "override-toggle");
        ensure(
            app.prop(&toggle, "checked").await?.as_deref() == Some("true"),
            || "toggle shown off".into(),
        )?;
        app.click(&in_row("DB_HOST", "reveal-button")).await?;
        app.wait_value(
            "the override value",
            crate::harness::WAIT,
            || shown(&app, "DB_HOST"),
            |v| v == &mine,
        )
        .await?;

        app.click(&toggle).await?;
        app.wait_value(
            "the toggle off",
            crate::harness::WAIT,
            || app.prop(&toggle, "checked"),
            |c| c.as_deref() == Some("false"),
        )
        .await?;
        let stored = server.stored(&db_host.id).ok_or("DB_HOST vanished")?;
        ensure(stored["override"]["isActive"] == false, || {
            format!("server override: {}", stored["override"])
        })?;
        // The revealed value follows the override.
        if shown(&app, "DB_HOST").await? != shared {
            let cell = shown(&app, "DB_HOST").await?;
            if cell == mine {
                return Err(
                    "the revealed value still shows the override after switching it off".into(),
                );
            }
            app.click(&in_row("DB_HOST", "reveal-button")).await?;
        }
        app.wait_value(
            "the shared value",
            crate::harness::WAIT,
            || shown(&app, "DB_HOST"),
            |v| v == &shared,
        )
        .await?;
        app.shot("override-off").await?;

        app.click(&toggle).await?;
        app.wait_value(
            "the toggle on",
            crate::harness::WAIT,
            || app.prop(&toggle, "checked"),
            |c| c.as_deref() == Some("true"),
        )
        .await?;
        let stored = server.stored(&db_host.id).ok_or("DB_HOST vanished")?;
        ensure(stored["override"]["isActive"] == true, || {
            format!("server override: {}", stored["override"])
        })?;
        if shown(&app, "DB_HOST").await? != mine {
            app.click(&in_row("DB_HOST", "reveal-button")).await?;
        }
        app.wait_value(
            "the override again",
            crate::harness::WAIT,
            || shown(&app, "DB_HOST"),
            |v| v == &mine,
        )
        .await?;
        app.shot("override-on").await?;

        // A service account never has overrides: the control is off, with the reason.
        ui::add_account(
            &mut app,
            "CI deployer",
            &server.url(),
            "ServiceAccount",
            &server.sa_token(),
        )
        .await?;
        ui::wait_listing(&app, crate::server::DEV).await?;
        let note = app.text(&tid("override-note")).await?;
        ensure(note.contains("Service Account"), || {
            format!("override note: {note:?}")
        })?;
        let enabled = app
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"override-toggle\"]')).filter(t => !t.disabled).length",
                vec![],
            )
            .await?;
        ensure(enabled == 0, || {
            format!("{enabled} override toggles are enabled for the service account")
        })?;
        // The listing a Service Account gets carries no overrides: there is no switch at all,
        // only the dash, which says why.
        let title = app
            .attr(&in_row("DB_HOST", "override-none"), "title")
            .await?
            .unwrap_or_default();
        ensure(title == note.trim(), || {
            format!("the override dash's title {title:?} differs from the note")
        })?;
        app.shot("service-account-note").await?;

        ui::assert_no_token_leaks(&app, &server.all_tokens()).await?;
        app.finish().await
    });
}
