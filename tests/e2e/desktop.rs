//! Issue 13: one instance and `phase-desk://` links, in the real window.
//!
//! "Copy link" on a row puts a link on the clipboard that reads back to the same place;
//! then, with the window showing another environment and another program focused, a
//! second launch of the app with that link exits at once, focuses the first window and
//! opens the linked secret; a link to an unknown account says which is missing.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use desk_core::deeplink::DeepLink;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_RIGHT};
use serde_json::json;

use crate::harness::{clipboard, ensure, journey, run, App, TestResult, WAIT};
use crate::ui::{self, tid};

const KEY: &str = "DB_NAME";
const FOLDER: &str = "/backend/db";

/// A real right click on the row of `key` (opens its menu).
async fn right_click_row(app: &App, key: &str) -> TestResult {
    let css = ui::row(key);
    app.el(&css).await?;
    let c = app
        .js(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
             return [r.left + 60, r.top + r.height / 2]",
            vec![json!(css)],
        )
        .await?;
    let (x, y) = (c[0].as_f64().unwrap_or(0.0), c[1].as_f64().unwrap_or(0.0));
    let seq = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_RIGHT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_RIGHT,
        });
    app.client
        .perform_actions(seq)
        .await
        .map_err(|e| format!("right click on {key}: {e}"))?;
    let _ = app.client.release_actions().await;
    Ok(())
}

/// The name of the X window that has the keyboard focus.
fn focused_window() -> TestResult<String> {
    run("xdotool", &["getwindowfocus", "getwindowname"]).map(|(_, name)| name)
}

/// Starts a second Phase Desk with the first one's folders and keychain service (as a
/// person's second launch would have), waits for it to end; answers how long it took.
fn second_launch(app: &App, arg: &str) -> TestResult<Duration> {
    let started = Instant::now();
    let home = app.home.path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_phase-desk"))
        .arg(arg)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("PHASE_DESK_KEYCHAIN_SERVICE", &app.keychain_service)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("second launch: {e}"))?;
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            ensure(status.success(), || {
                format!("the second launch ended with {status}")
            })?;
            return Ok(started.elapsed());
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the second launch was still running after 10 s: it opened a second window instead of handing over".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Another program's window, focused (so the second launch has focus to take back).
struct OtherWindow(std::process::Child);

impl OtherWindow {
    fn open_and_focus() -> TestResult<OtherWindow> {
        let child = Command::new("xmessage")
            .args([
                "-geometry",
                "260x80+0+0",
                "-name",
                "e2e-other",
                "another program",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("xmessage (package x11-utils): {e}"))?;
        let other = OtherWindow(child);
        let deadline = Instant::now() + WAIT;
        loop {
            let (found, id) = run(
                "xdotool",
                &["search", "--name", "^another program$|^e2e-other$"],
            )?;
            if let Some(id) = found
                .then(|| id.lines().next().map(str::to_string))
                .flatten()
            {
                run("xdotool", &["windowfocus", "--sync", &id])?;
                return Ok(other);
            }
            if Instant::now() > deadline {
                return Err("the other program's window did not appear".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for OtherWindow {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn d01_copy_link_then_a_second_launch_opens_it() {
    journey("d01-links", |name| async move {
        let mut app = App::start(name, &[]).await?;
        ui::wait_listing(&app, "development").await?;
        let app_id = app
            .prop(&tid("app-picker"), "value")
            .await?
            .unwrap_or_default();

        // "Copy link" in the row's menu: a link that reads back to this place.
        right_click_row(&app, KEY).await?;
        app.el(&tid("row-menu")).await?;
        app.shot("row-menu").await?;
        app.click(&tid("row-menu-copy-link")).await?;
        let copied = app
            .wait_value(
                "a phase-desk:// link on the clipboard",
                WAIT,
                || async { clipboard() },
                |c| c.as_deref().is_some_and(|t| t.starts_with("phase-desk://")),
            )
            .await?
            .unwrap_or_default();
        let link = DeepLink::parse(&copied).map_err(|e| format!("{copied}: {e}"))?;
        let want = DeepLink::new("local-sandbox", &app_id, "development", FOLDER, Some(KEY))
            .map_err(|e| e.to_string())?;
        ensure(link == want, || {
            format!("copied {link:?}, expected {want:?}")
        })?;
        ensure(link.to_url() == copied, || {
            format!("{copied} does not round-trip ({})", link.to_url())
        })?;

        // Somewhere else, and another program has the focus.
        app.click(&format!("{}[data-env=\"staging\"]", tid("env-tab")))
            .await?;
        ui::wait_listing(&app, "staging").await?;
        let other = OtherWindow::open_and_focus()?;
        ensure(focused_window()? != "Phase Desk", || {
            "Phase Desk still has the focus".into()
        })?;

        // A second launch with the link: it hands over and ends at once.
        let took = second_launch(&app, &copied)?;
        eprintln!("[e2e] {name}: the second launch ended after {took:?}");
        app.wait_value(
            "the first window to take the focus",
            WAIT,
            || async { focused_window() },
            |f| f == "Phase Desk",
        )
        .await?;
        let editor = tid("secret-editor");
        app.wait_js_with(
            "const e = document.querySelector(arguments[0]); return !!e && e.getAttribute('aria-label') === arguments[1]",
            vec![json!(editor), json!(format!("Edit {KEY}"))],
            "the editor on the linked secret",
            WAIT,
        )
        .await?;
        ui::wait_listing(&app, "development").await?;
        let folder = app
            .attr(
                &format!("{}[data-path=\"{FOLDER}\"]", tid("folder-node")),
                "aria-current",
            )
            .await?;
        ensure(folder.as_deref() == Some("page"), || {
            format!("folder {FOLDER} is not the current one ({folder:?})")
        })?;
        ensure(
            ui::rows(&app)
                .await?
                .is_some_and(|r| r.iter().all(|r| r.path.starts_with(FOLDER))),
            || format!("rows outside {FOLDER} are shown"),
        )?;
        app.shot("opened-by-link").await?;
        drop(other);

        // A link to an account this Phase Desk does not have says so.
        let unknown = DeepLink::new("no-such-account", &app_id, "development", "/", Some(KEY))
            .map_err(|e| e.to_string())?
            .to_url();
        second_launch(&app, &unknown)?;
        app.wait_js_with(
            "return Array.from(document.querySelectorAll('[data-testid=\"toast\"]')).some(t => t.textContent.includes(arguments[0]))",
            vec![json!("an account Phase Desk does not have (id no-such-account)")],
            "the message about the unknown account",
            WAIT,
        )
        .await?;
        app.shot("unknown-account").await?;
        app.finish().await
    });
}
