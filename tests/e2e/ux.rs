//! Issue 16, what a new user tripped over, in the real window: one journey per defect
//! (ux1–ux3 here, ux5–ux8 in `ux_dialogs.rs`, the 900×600 window, the row actions and the
//! screenshots in `ux_layout.rs`). Keys are pressed with WebDriver actions, so they go
//! where the keyboard really is.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::harness::{ensure, journey, App, TestResult, WAIT};
use crate::server::{Server, DEV};
use crate::ui::{self, in_row, tid};

pub const EDITOR: &str = "[data-testid=\"secret-editor\"]";

/// The sandbox, the app, and the sandbox's user account with development listed.
pub async fn open(name: &'static str) -> TestResult<(Server, App)> {
    let server = Server::start().await?;
    let mut app = App::start(name, &[]).await?;
    ui::add_user_account(&mut app, &server).await?;
    Ok((server, app))
}

/// Presses `keys` together (held in order, released in reverse) wherever focus is.
pub async fn press(app: &App, keys: &[char]) -> TestResult {
    let mut seq = KeyActions::new("keyboard".into());
    for &k in keys {
        seq = seq.then(KeyAction::Down { value: k });
    }
    for &k in keys.iter().rev() {
        seq = seq.then(KeyAction::Up { value: k });
    }
    let what = format!("pressing {keys:?}");
    app.client
        .perform_actions(seq)
        .await
        .map_err(|e| format!("{what}: {e}"))?;
    app.client
        .release_actions()
        .await
        .map_err(|e| format!("{what}: {e}"))
}

/// Moves the pointer to the centre of `css` and clicks there, as a person would (unlike a
/// WebDriver element click, which refuses a target that something lies over).
pub async fn click_at(app: &App, css: &str) -> TestResult {
    use fantoccini::actions::{MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    app.el(css).await?;
    let c = app
        .js(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + r.height / 2]",
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
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    let what = format!("clicking at {x},{y} ({css})");
    app.client
        .perform_actions(seq)
        .await
        .map_err(|e| format!("{what}: {e}"))?;
    app.client
        .release_actions()
        .await
        .map_err(|e| format!("{what}: {e}"))
}

pub async fn esc(app: &App) -> TestResult {
    press(app, &[Key::Escape.into()]).await
}

/// What has the keyboard: its test id, row key, aria-label, text, and whether it is the
/// row drawn as focused.
pub async fn active(app: &App) -> TestResult<Value> {
    app.js(
        "const a = document.activeElement; if (!a || a === document.body) return null; \
         return { testid: a.dataset.testid || null, key: a.dataset.key || null, \
           label: a.getAttribute('aria-label'), text: (a.textContent || '').trim().slice(0, 60), \
           focused: a.classList.contains('focused') };",
        vec![],
    )
    .await
}

/// Every element of `selectors` is in the window, at least 4×4 px, and on top at its
/// centre and at four inner points (nothing drawn over it, nothing cutting it off).
pub async fn uncovered(app: &App, selectors: &[String], what: &str) -> TestResult {
    let problems = app
        .js(
            r#"const name = e => !e ? 'nothing' : (e.dataset && e.dataset.testid) || (e.tagName.toLowerCase() + '.' + String(e.className).trim().split(/\s+/).join('.'));
const out = [];
for (const sel of arguments[0]) {
  const e = document.querySelector(sel);
  if (!e) { out.push(sel + ': missing'); continue; }
  const r = e.getBoundingClientRect();
  const at = [r.left, r.top, r.right, r.bottom].map(Math.round).join(',');
  if (r.width < 4 || r.height < 4) { out.push(sel + ': ' + at + ' is too small'); continue; }
  if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) { out.push(sel + ': ' + at + ' is outside the ' + innerWidth + '×' + innerHeight + ' window'); continue; }
  const pts = [[0.5, 0.5], [0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]];
  for (const [fx, fy] of pts) {
    const x = r.left + r.width * fx, y = r.top + r.height * fy, hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === e || e.contains(hit))) { out.push(sel + ': ' + at + ' covered at ' + Math.round(x) + ',' + Math.round(y) + ' by ' + name(hit)); break; }
  }
}
return out;"#,
            vec![json!(selectors)],
        )
        .await?;
    let problems: Vec<&str> = problems
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str())
        .collect();
    ensure(problems.is_empty(), || {
        let more = problems.len().saturating_sub(4);
        let shown = problems[..problems.len().min(4)].join("; ");
        format!(
            "{what}: {shown}{}",
            if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            }
        )
    })
}

/// The sandbox's secret as the app's user sees it, by key.
async fn dev_value(server: &Server, key: &str) -> TestResult<(String, String, String)> {
    let s = server.dev_secret(key).await?;
    Ok((s.id, s.value.expose().to_string(), s.comment))
}

#[test]
fn ux1_long_key_delete_keeps_undo_reachable_and_ctrl_z_works() {
    journey("ux1-long-key-undo", |name| async move {
        let server = Server::start().await?;
        let long = format!("E2E_{}KEY", "VERY_LONG_UNBROKEN_".repeat(8));
        server
            .api
            .create_secrets(
                &server.dev(),
                &[phase_api::NewSecret::new(&long, "long-key-value")],
            )
            .await
            .map_err(|e| e.to_string())?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;
        let (id, _, _) = dev_value(&server, &long).await?;

        for round in ["Ctrl+Z", "Undo button"] {
            app.click(&in_row(&long, "delete-button")).await?;
            app.click(&tid("confirm-ok")).await?;
            app.gone(&ui::row(&long)).await?;
            let toast = "[data-testid=\"toast\"][data-kind=\"undo\"]";
            app.el(&format!("{toast} {}", tid("undo-button"))).await?;
            // Undo and × inside the window and inside the toast, nothing over them.
            let buttons = [
                format!("{toast} {}", tid("undo-button")),
                format!("{toast} {}", tid("undo-dismiss")),
            ];
            uncovered(&app, &buttons, "the undo toast of a long key").await?;
            let fit = app
                .js(
                    "const t = document.querySelector(arguments[0]).getBoundingClientRect(); \
                     return Array.from(document.querySelectorAll(arguments[0] + ' button')).every(b => { \
                       const r = b.getBoundingClientRect(); return r.left >= t.left && r.right <= t.right + 0.5; }) \
                       && t.right <= innerWidth;",
                    vec![json!(toast)],
                )
                .await?;
            ensure(fit == json!(true), || {
                "a toast button sticks out of the toast".into()
            })?;
            let title = app.attr(&tid("undo-text"), "title").await?;
            ensure(title.as_deref() == Some(long.as_str()), || {
                format!("the toast's title is {title:?}, not the full key")
            })?;
            ensure(server.stored(&id).is_some(), || {
                "deleted before the undo window ended".into()
            })?;
            if round == "Ctrl+Z" {
                app.shot("long-key-undo-toast").await?;
                let who = active(&app).await?;
                eprintln!("[e2e] {name}: Ctrl+Z pressed with the keyboard on {who}");
                press(&app, &[Key::Control.into(), 'z']).await?;
            } else {
                app.click(&format!("{toast} {}", tid("undo-button")))
                    .await?;
            }
            ui::toast(&app, "Restored").await?;
            ensure(ui::row_of(&app, &long).await?.id == id, || {
                format!("{round}: the row came back with another id")
            })?;
            // The "Restored" toast of the long key keeps its × in view too.
            uncovered(
                &app,
                &[format!("{toast} {}", tid("undo-dismiss"))],
                "the Restored toast",
            )
            .await?;
        }
        ensure(server.dev_secret(&long).await?.id == id, || {
            "the secret changed on the server".into()
        })?;
        app.finish().await
    });
}

#[test]
fn ux2_unsaved_comment_asks_before_esc_another_row_or_environment() {
    journey("ux2-discard-changes", |name| async move {
        let (server, mut app) = open(name).await?;
        let (_, _, comment_before) = dev_value(&server, "APP_NAME").await?;
        ui::open_editor(&app, "APP_NAME").await?;
        app.fill(&tid("field-comment"), "typed by ux2, not saved yet")
            .await?;
        esc(&app).await?;
        let dialog = app.text(&tid("confirm-dialog")).await?;
        ensure(dialog.contains("Discard changes?"), || {
            format!("Esc on an edited editor showed {dialog:?}")
        })?;
        let cancel = app.text(&tid("confirm-cancel")).await?;
        ensure(cancel.trim() == "Keep editing", || {
            format!("the safe button reads {cancel:?}")
        })?;
        let who = active(&app).await?;
        ensure(who["testid"] == "confirm-cancel", || {
            format!("the default is not Keep editing: focus on {who}")
        })?;
        app.shot("discard-changes").await?;
        // Enter on the default button: Keep editing.
        press(&app, &[Key::Enter.into()]).await?;
        app.gone(&tid("confirm-dialog")).await?;
        let kept = app.prop(&tid("field-comment"), "value").await?;
        ensure(
            kept.as_deref() == Some("typed by ux2, not saved yet"),
            || format!("the comment reads {kept:?} after Keep editing"),
        )?;

        // Another row and another environment ask too; Keep editing stays on APP_NAME.
        for (gesture, css) in [
            ("another row", in_row("LOG_LEVEL", "edit-button")),
            (
                "another environment",
                "[data-testid=\"env-tab\"][data-env=\"staging\"]".to_string(),
            ),
        ] {
            app.click(&css).await?;
            let dialog = app.text(&tid("confirm-dialog")).await?;
            ensure(dialog.contains("Discard changes?"), || {
                format!("{gesture} showed {dialog:?}")
            })?;
            app.click(&tid("confirm-cancel")).await?;
            app.gone(&tid("confirm-dialog")).await?;
            let label = app.attr(EDITOR, "aria-label").await?;
            ensure(label.as_deref() == Some("Edit APP_NAME"), || {
                format!("after Keep editing on {gesture} the editor is {label:?}")
            })?;
        }
        ui::wait_listing(&app, DEV).await?;

        // Discard closes without sending anything.
        esc(&app).await?;
        app.click(&tid("confirm-ok")).await?;
        app.gone(EDITOR).await?;
        let (_, _, comment_after) = dev_value(&server, "APP_NAME").await?;
        ensure(comment_after == comment_before, || {
            format!("the comment changed on the server: {comment_after:?}")
        })?;
        app.finish().await
    });
}

#[test]
fn ux3_paste_marks_the_existing_key_before_sending() {
    journey("ux3-paste-existing", |name| async move {
        let (server, mut app) = open(name).await?;
        app.click(&tid("batch-button")).await?;
        app.el(&tid("batch-panel")).await?;
        // "app-name" becomes APP_NAME, as in the New secret form: it exists in /.
        app.fill(&tid("batch-text"), "app-name=mine\nE2E_PASTED=fresh\n")
            .await?;
        app.wait_js(
            "return document.querySelectorAll('[data-testid=\"batch-line\"]').length === 2",
            "the paste preview",
        )
        .await?;
        let line = "[data-testid=\"batch-line\"][data-line=\"1\"]";
        let marked = app.attr(line, "data-exists").await?;
        let text = app.text(line).await?;
        ensure(
            marked.as_deref() == Some("true") && text.contains("APP_NAME already exists in /"),
            || format!("line 1 is not marked: exists={marked:?}, {text:?}"),
        )?;
        let summary = app.text(&tid("batch-summary")).await?;
        ensure(summary.contains("1 ready"), || {
            format!("summary {summary:?}")
        })?;
        let disabled = app.prop(&tid("batch-submit"), "disabled").await?;
        ensure(disabled.as_deref() == Some("true"), || {
            "Create is enabled with a line that would fail".into()
        })?;
        app.shot("paste-existing-key").await?;

        app.click(&tid("batch-skip-invalid")).await?;
        app.wait_js(
            "return !document.querySelector('[data-testid=\"batch-submit\"]').disabled",
            "Create to be enabled once the line is skipped",
        )
        .await?;
        // Ctrl+Enter sends, from the text.
        app.el(&tid("batch-text"))
            .await?
            .send_keys(&format!("{}{}", Key::Control, Key::Enter))
            .await
            .map_err(|e| format!("Ctrl+Enter: {e}"))?;
        app.gone(&tid("batch-panel")).await?;
        let made = app
            .wait_value(
                "E2E_PASTED on the server",
                WAIT,
                || server.dev_secret("E2E_PASTED"),
                |_| true,
            )
            .await?;
        ensure(made.value.expose() == "fresh" && made.path == "/", || {
            format!("E2E_PASTED in {} holds another value", made.path)
        })?;
        let (_, kept, _) = dev_value(&server, "APP_NAME").await?;
        ensure(kept == "Phase Desk Demo", || {
            format!("APP_NAME was overwritten: {kept:?}")
        })?;

        // A paste panel with text asks before closing too.
        app.click(&tid("batch-button")).await?;
        app.fill(&tid("batch-text"), "HALF=typed\n").await?;
        esc(&app).await?;
        let dialog = app.text(&tid("confirm-dialog")).await?;
        ensure(dialog.contains("Discard changes?"), || {
            format!("Esc on a filled paste panel showed {dialog:?}")
        })?;
        app.click(&tid("confirm-ok")).await?;
        app.gone(&tid("batch-panel")).await?;
        app.finish().await
    });
}
