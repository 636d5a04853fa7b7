//! Issue 16 in the real window, dialogs, menus and empty states: focus back on the row
//! after a dialog (ux5), the account menu (ux6), add-account errors in words at their
//! field (ux7), an emptied folder (ux8).

use fantoccini::key::Key;
use serde_json::json;

use crate::harness::{ensure, journey, App, TestResult, WAIT};
use crate::server::Server;
use crate::ui::{self, in_row, tid};
use crate::ux::{active, click_at, esc, open, press, uncovered, EDITOR};

/// The row that has the keyboard and is drawn focused; its key.
async fn focused_row(app: &App, what: &str) -> TestResult<String> {
    let who = app
        .wait_value(
            &format!("the keyboard on the focused row ({what})"),
            WAIT,
            || active(app),
            |a| a["testid"] == "secret-row" && a["focused"] == true,
        )
        .await?;
    Ok(who["key"].as_str().unwrap_or_default().to_string())
}

#[test]
fn ux5_after_a_dialog_closes_with_esc_enter_opens_the_focused_row() {
    journey("ux5-focus-back", |name| async move {
        let (_server, mut app) = open(name).await?;
        press(&app, &[Key::Down.into()]).await?;
        let key = focused_row(&app, "after ArrowDown").await?;

        app.click(&tid("settings-button")).await?;
        app.el(&tid("settings-dialog")).await?;
        esc(&app).await?;
        app.gone(&tid("settings-dialog")).await?;
        let back = focused_row(&app, "after Esc closed Settings").await?;
        ensure(back == key, || {
            format!("focus went to {back}, the row was {key}")
        })?;
        app.shot("focus-back-on-row").await?;

        // Enter acts on what is visibly focused: the row's editor, not the dialog again.
        press(&app, &[Key::Enter.into()]).await?;
        let label = app.attr(EDITOR, "aria-label").await?;
        ensure(label == Some(format!("Edit {key}")), || {
            format!("Enter opened {label:?}, expected the editor of {key}")
        })?;
        let dialog = app
            .js(
                "return !!document.querySelector('[data-testid=\"settings-dialog\"]')",
                vec![],
            )
            .await?;
        ensure(dialog == json!(false), || "Enter reopened Settings".into())?;
        app.gone(&tid("field-value-loading")).await?;

        // Closing the unchanged editor with Esc gives the keyboard back to its row, and
        // Space there selects that row.
        esc(&app).await?;
        app.gone(EDITOR).await?;
        let again = focused_row(&app, "after Esc closed the editor").await?;
        ensure(again == key, || {
            format!("after the editor focus is on {again}, not {key}")
        })?;
        press(&app, &[' ']).await?;
        app.wait_js_with(
            "const r = document.querySelector('[data-testid=\"secret-row\"][data-key=\"' + arguments[0] + '\"] [data-testid=\"row-select\"]'); return !!r && r.checked",
            vec![json!(key)],
            "Space to select the focused row",
            WAIT,
        )
        .await?;
        app.finish().await
    });
}

#[test]
fn ux6_account_menu_closes_on_esc_and_a_click_outside_reaches_its_target() {
    journey("ux6-account-menu", |name| async move {
        let (_server, mut app) = open(name).await?;
        // A panel is open: Esc in the menu must close the menu only.
        ui::open_editor(&app, "APP_NAME").await?;
        // Found by its place (next to its button), not only by its test id.
        let menu = format!("{} ~ [role=\"menu\"]", tid("account-menu-button"));
        app.click(&tid("account-menu-button")).await?;
        app.el(&menu).await?;
        app.shot("account-menu-open").await?;
        esc(&app).await?;
        app.gone(&menu).await?;
        let label = app.attr(EDITOR, "aria-label").await?;
        ensure(label.as_deref() == Some("Edit APP_NAME"), || {
            format!("Esc in the menu also closed the editor ({label:?})")
        })?;
        let who = active(&app).await?;
        ensure(who["testid"] == "account-menu-button", || {
            format!("after Esc the keyboard is on {who}")
        })?;

        // One press on Settings while the menu is open (the pointer, as a person's click:
        // nothing may lie over it): the menu closes and Settings opens.
        app.click(&tid("account-menu-button")).await?;
        app.el(&menu).await?;
        uncovered(
            &app,
            &[tid("settings-button")],
            "Settings beside the open menu",
        )
        .await?;
        click_at(&app, &tid("settings-button")).await?;
        app.gone(&menu).await?;
        app.el(&tid("settings-dialog")).await?;
        esc(&app).await?;
        app.gone(&tid("settings-dialog")).await?;
        app.finish().await
    });
}

/// The error under the URL field: its text, once it says `want`.
async fn url_error(app: &App, want: &str) -> TestResult<String> {
    let err = tid("account-error");
    let text = app
        .wait_value(
            &format!("the add-account error to say {want:?}"),
            WAIT,
            || async { app.text(&err).await },
            |t| t.contains(want),
        )
        .await?;
    // Tied to the URL field: marked for it, inside its field, named by aria-describedby.
    let tied = app
        .js(
            "const e = document.querySelector('[data-testid=\"account-error\"]'); \
             const u = document.querySelector('[data-testid=\"account-host-url\"]'); \
             return [e.dataset.field, u.getAttribute('aria-invalid'), u.getAttribute('aria-describedby') === e.id, \
                     e.closest('.field') === u.closest('.field')];",
            vec![],
        )
        .await?;
    ensure(tied == json!(["hostUrl", "true", true, true]), || {
        format!("the error {text:?} is not tied to the URL field: {tied}")
    })?;
    Ok(text)
}

#[test]
fn ux7_add_account_errors_say_what_to_do_under_the_url() {
    journey("ux7-add-account-errors", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        let before = ui::accounts(&app).await?;
        app.click(&tid("add-account-button")).await?;
        app.el(&tid("add-account-dialog")).await?;
        app.fill(&tid("account-name"), "Nowhere").await?;
        app.choose(&tid("account-host-kind"), "custom").await?;
        app.fill(&tid("account-host-url"), "127.0.0.1:9").await?;
        app.choose(&tid("account-token-kind"), "User").await?;
        app.fill(&tid("account-token"), &server.user_token())
            .await?;
        app.click(&tid("account-submit")).await?;
        url_error(&app, "Add https:// in front").await?;
        app.shot("add-https").await?;

        // Editing the URL clears it.
        app.fill(&tid("account-host-url"), "http://127.0.0.1:9")
            .await?;
        app.gone(&tid("account-error")).await?;
        app.click(&tid("account-submit")).await?;
        let text = url_error(&app, "Nothing answered at").await?;
        ensure(
            text.trim()
                == "Nothing answered at http://127.0.0.1:9 — is the address right and the server running?",
            || format!("the error reads {text:?}"),
        )?;
        app.shot("nothing-answered").await?;
        // Editing another field keeps it; editing the URL clears it.
        app.fill(&tid("account-name"), "Nowhere else").await?;
        app.el(&tid("account-error")).await?;
        app.fill(&tid("account-host-url"), "http://127.0.0.1:1")
            .await?;
        app.gone(&tid("account-error")).await?;
        esc(&app).await?;
        app.gone(&tid("add-account-dialog")).await?;
        ensure(ui::accounts(&app).await? == before, || {
            "an account was added".into()
        })?;
        app.finish().await
    });
}

#[test]
fn ux8_an_emptied_folder_says_so_and_offers_new_secret_here() {
    journey("ux8-empty-folder", |name| async move {
        let (server, mut app) = open(name).await?;
        let folder = "/frontend";
        let node = format!("[data-testid=\"folder-node\"][data-path=\"{folder}\"]");
        app.click(&node).await?;
        let keys: Vec<String> =
            crate::server::keys_where(&server.dev_secrets().await?, |s| s.path == folder);
        ui::expect_keys(&app, &keys, folder).await?;
        for key in &keys {
            app.click(&in_row(key, "row-select")).await?;
        }
        app.click(&tid("delete-selected-button")).await?;
        app.click(&tid("confirm-ok")).await?;

        let empty = tid("empty-state");
        let text = app.text(&empty).await?;
        let reason = app.attr(&empty, "data-reason").await?;
        ensure(reason.as_deref() == Some("folder"), || {
            format!("empty state for {reason:?}: {text:?}")
        })?;
        ensure(
            text.contains("/frontend is empty") && !text.contains("No secrets match"),
            || format!("the empty folder says {text:?}"),
        )?;
        let stray = app
            .js(
                "return !!document.querySelector('[data-testid=\"empty-state\"] [data-testid=\"clear-filters-button\"]')",
                vec![],
            )
            .await?;
        ensure(stray == json!(false), || {
            "Clear filters is offered with no filter set".into()
        })?;
        // The folder stays in the tree (as the one on screen) and in the breadcrumb.
        let current = app.attr(&node, "aria-current").await?;
        ensure(current.as_deref() == Some("page"), || {
            format!("{folder} in the tree: aria-current={current:?}")
        })?;
        app.shot("empty-folder").await?;
        let crumbs = app
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"breadcrumbs\"] button')).map(b => { const r = b.getBoundingClientRect(); return b.textContent.trim() + '@' + [r.left, r.top, r.width, r.height].map(Math.round); }).join(' ')",
                vec![],
            )
            .await?;
        let crumbs = crumbs.as_str().unwrap_or_default().to_string();
        ensure(crumbs.contains("frontend"), || {
            format!("breadcrumb {crumbs:?}")
        })?;
        let offer = format!("{empty} {}", tid("empty-new-button"));
        let label = app.text(&offer).await?;
        ensure(label.contains("New secret here"), || {
            format!("the empty folder offers {label:?}")
        })?;

        // The offer opens the form in that folder, and the secret lands there.
        app.click(&offer).await?;
        app.el("[data-testid=\"secret-editor\"][data-mode=\"new\"]")
            .await?;
        let path = app.prop(&tid("field-path"), "value").await?;
        ensure(path.as_deref() == Some(folder), || {
            format!("New secret here opened in {path:?}")
        })?;
        app.fill(&tid("field-key"), "E2E_BACK_IN_FRONTEND").await?;
        app.fill(&tid("field-value"), "here").await?;
        app.click(&format!("{EDITOR} {}", tid("save-button")))
            .await?;
        app.gone(EDITOR).await?;
        let made = app
            .wait_value(
                "the new secret on the server",
                WAIT,
                || server.dev_secret("E2E_BACK_IN_FRONTEND"),
                |_| true,
            )
            .await?;
        ensure(made.path == folder, || format!("created in {}", made.path))?;
        ui::row_of(&app, "E2E_BACK_IN_FRONTEND").await?;
        app.gone(&empty).await?;
        app.finish().await
    });
}
