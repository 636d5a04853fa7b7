//! Journey 20: a CommandK account in the real window, against an in-process CommandK
//! sandbox: added with a Read and a Write token (each in its own keychain entry), browsed
//! masked, a value revealed and copied, a secret created with a purpose type and set in a
//! second environment too, a value set in another environment from its row there; then a
//! Read-only account whose controls are disabled with the reason. Screenshots are copied to
//! docs/screenshots/commandk-*.png.

use std::path::Path;

use commandk_sandbox::CommandkSandbox;
use serde_json::json;

use crate::harness::{clipboard, ensure, journey, screenshot_dir, App, TestResult, WAIT};
use crate::ui::{self, in_row, tid};

const APP: &str = "payments-service";
const EDITOR: &str = "[data-testid=\"secret-editor\"]";

/// Adds a CommandK account through the dialog ("Custom API URL"); returns its id once it
/// is active and `Development` is listed.
async fn add_commandk(
    app: &mut App,
    server: &CommandkSandbox,
    name: &str,
    write: Option<String>,
    shot: &str,
) -> TestResult<String> {
    let before = ui::accounts(app).await?;
    app.click(&tid("add-account-button")).await?;
    app.el(&tid("add-account-dialog")).await?;
    app.click(&tid("account-service-commandk")).await?;
    app.fill(&tid("ck-name"), name).await?;
    app.choose(&tid("ck-host-kind"), "custom").await?;
    app.fill(&tid("ck-host-url"), &server.base_url()).await?;
    app.fill(&tid("ck-read-token"), &server.read_token())
        .await?;
    if let Some(write) = &write {
        app.fill(&tid("ck-write-token"), write).await?;
    }
    app.fill(&tid("ck-app-name"), APP).await?;
    app.shot(shot).await?;
    app.click(&tid("account-submit")).await?;
    app.gone(&tid("add-account-dialog")).await?;
    let after = app
        .wait_value(
            &format!("account {name} in the switcher"),
            WAIT,
            || ui::accounts(app),
            |a| a.len() == before.len() + 1,
        )
        .await?;
    let id = after
        .keys()
        .find(|id| !before.contains_key(*id))
        .cloned()
        .ok_or("no new account")?;
    app.wait_value(
        "the new account to be active",
        WAIT,
        || ui::active_account(app),
        |a| a == &id,
    )
    .await?;
    ui::wait_app(app, &server.demo_app_id()).await?;
    ui::wait_listing(app, "Development").await?;
    Ok(id)
}

/// The row's value cell once it shows `want`.
async fn value_shows(app: &App, key: &str, want: &str) -> TestResult {
    app.wait_value(
        &format!("{key} to show {want:?}"),
        WAIT,
        || async { Ok(ui::row_of(app, key).await?.value) },
        |v| v == want,
    )
    .await
    .map(|_| ())
}

fn stored(server: &CommandkSandbox, key: &str, env: &str) -> Option<String> {
    let env = server.environment_id(env)?;
    server.stored_value(&server.demo_app_id(), key, &env)
}

async fn on_server(
    app: &App,
    server: &CommandkSandbox,
    key: &str,
    env: &str,
) -> TestResult<String> {
    app.wait_value(
        &format!("{key} set in {env} on the server"),
        WAIT,
        || async { Ok(stored(server, key, env)) },
        |v| v.is_some(),
    )
    .await
    .map(|v| v.unwrap_or_default())
}

/// Copies this journey's pictures to docs/screenshots/commandk-<step>.png.
fn publish_screenshots(journey: &str) -> TestResult {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    let entries = std::fs::read_dir(screenshot_dir()).map_err(|e| e.to_string())?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // <journey>-<NN>-<step>.png → commandk-<step>.png
        let Some(rest) = name.strip_prefix(&format!("{journey}-")) else {
            continue;
        };
        let step = rest.split_once('-').map_or(rest, |(_, s)| s);
        std::fs::copy(entry.path(), docs.join(format!("commandk-{step}")))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[test]
fn j20_commandk_account_browse_reveal_copy_create_and_read_only() {
    journey("j20-commandk", |name| async move {
        let server = CommandkSandbox::start(Default::default())
            .await
            .map_err(|e| format!("CommandK sandbox: {e}"))?;
        let mut app = App::start(name, &[]).await?;

        let id = add_commandk(
            &mut app,
            &server,
            "Payments (CommandK)",
            Some(server.write_token()),
            "add-account",
        )
        .await?;
        for (entry, token) in [
            (id.clone(), server.read_token()),
            (format!("{id}:write"), server.write_token()),
        ] {
            let kept = ui::keychain_lookup(&app.keychain_service, &entry)?;
            ensure(kept.as_deref() == Some(token.as_str()), || {
                format!("keychain entry {entry} differs")
            })?;
        }

        // Browse: masked by the server, "not set" where an environment has no value.
        value_shows(&app, "STRIPE_SECRET_KEY", "sk_********").await?;
        value_shows(&app, "DEPLOY_SSH_KEY", "not set").await?;
        // "not set" starts where the masked values do (an empty-state rule of the table once
        // centred it in its cell).
        let lefts = app
            .js(
                "return Array.from(arguments).map(k => { \
                   const cell = document.querySelector('[data-testid=\"secret-row\"][data-key=\"' + k + '\"] [data-testid=\"row-value\"]'); \
                   const text = document.createRange(); text.selectNodeContents(cell); \
                   return Math.round(text.getBoundingClientRect().left); })",
                vec![json!("STRIPE_SECRET_KEY"), json!("DEPLOY_SSH_KEY")],
            )
            .await?;
        let (masked, not_set) = (lefts[0].as_f64(), lefts[1].as_f64());
        ensure(masked.is_some() && masked == not_set, || {
            format!("\"not set\" and a masked value start at different x: {lefts}")
        })?;
        app.shot("browse").await?;

        // Reveal fetches the one value.
        let full = stored(&server, "STRIPE_SECRET_KEY", "Development").ok_or("no stored value")?;
        app.click(&in_row("STRIPE_SECRET_KEY", "reveal-button"))
            .await?;
        value_shows(&app, "STRIPE_SECRET_KEY", &full).await?;
        app.shot("reveal").await?;

        // Copy, without the value reaching the window.
        let db = stored(&server, "DATABASE_URL", "Development").ok_or("no stored value")?;
        app.click(&in_row("DATABASE_URL", "copy-button")).await?;
        ui::toast(&app, "Copied DATABASE_URL").await?;
        app.wait_value(
            "the copy on the clipboard",
            WAIT,
            || async { clipboard() },
            |c| c.as_deref() == Some(db.as_str()),
        )
        .await?;

        // Create with a purpose type, also set in Staging.
        app.click(&tid("new-secret-button")).await?;
        app.el("[data-testid=\"secret-editor\"][data-mode=\"new\"]")
            .await?;
        app.fill(&tid("field-key"), "GITHUB_DEPLOY_KEY").await?;
        app.fill(&tid("field-value"), "ghp_e2e_created_value")
            .await?;
        app.choose(&tid("field-purpose"), "SSHKey").await?;
        app.click("[data-testid=\"also-in\"][data-env=\"Staging\"]")
            .await?;
        app.shot("create").await?;
        app.click(&format!("{EDITOR} {}", tid("save-button")))
            .await?;
        app.gone(EDITOR).await?;
        ui::row_of(&app, "GITHUB_DEPLOY_KEY").await?;
        let meta = server.secret_meta(&server.demo_app_id(), "GITHUB_DEPLOY_KEY");
        ensure(
            meta.as_ref().map(|m| m.0.as_str()) == Some("SSHKey"),
            || format!("purpose {meta:?}"),
        )?;
        for env in ["Development", "Staging"] {
            let v = on_server(&app, &server, "GITHUB_DEPLOY_KEY", env).await?;
            ensure(v == "ghp_e2e_created_value", || {
                format!("{env} holds another value")
            })?;
        }
        ensure(
            stored(&server, "GITHUB_DEPLOY_KEY", "Production").is_none(),
            || "Production got a value it was not asked for".into(),
        )?;

        // A value set in a second environment, from its row there.
        app.click("[data-testid=\"env-tab\"][data-env=\"Staging\"]")
            .await?;
        ui::wait_listing(&app, "Staging").await?;
        value_shows(&app, "FEATURE_FLAGS", "not set").await?;
        ui::open_editor(&app, "FEATURE_FLAGS").await?;
        app.fill(&tid("field-value"), "beta=staging").await?;
        app.shot("set-value-staging").await?;
        app.click(&format!("{EDITOR} {}", tid("save-button")))
            .await?;
        app.gone(EDITOR).await?;
        let v = on_server(&app, &server, "FEATURE_FLAGS", "Staging").await?;
        ensure(v == "beta=staging", || format!("Staging holds {v:?}"))?;
        ensure(
            stored(&server, "FEATURE_FLAGS", "Development").as_deref() == Some("beta=true"),
            || "Development changed too".into(),
        )?;

        // A Read token alone: said once, and the controls that write are disabled.
        add_commandk(
            &mut app,
            &server,
            "Payments (read only)",
            None,
            "add-read-only",
        )
        .await?;
        ui::toast(&app, "Read-only").await?;
        let disabled = app.prop(&tid("new-secret-button"), "disabled").await?;
        ensure(disabled.as_deref() == Some("true"), || {
            format!("New secret enabled ({disabled:?})")
        })?;
        let why = app
            .attr(&tid("new-secret-button"), "title")
            .await?
            .unwrap_or_default();
        ensure(why.contains("Write token"), || {
            format!("no reason on New secret: {why:?}")
        })?;
        app.shot("read-only").await?;

        let tokens = vec![server.read_token(), server.write_token()];
        ui::assert_no_token_leaks(&app, &tokens).await?;
        app.finish().await?;
        publish_screenshots(name)
    });
}
