//! Issue 11 in the real window: three environments side by side and fill what production
//! lacks; a `.env` file imported through the native open dialog with one line unticked;
//! staging exported through the native save dialog (content and file mode checked).
//! The GTK dialogs are driven with xdotool, as a person types a path into them.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use phase_api::{EnvSelector, Secret, SecretFilter};

use crate::harness::{ensure, journey, run, App, TestResult};
use crate::server::Server;
use crate::ui::{self, tid};

async fn env_secrets(server: &Server, env: &str) -> TestResult<Vec<Secret>> {
    server
        .api
        .list_secrets(
            &EnvSelector::new(server.sandbox.demo_app_id(), env),
            &SecretFilter::default(),
        )
        .await
        .map_err(|e| format!("listing {env} directly: {e}"))
}

fn keys(secrets: &[Secret]) -> Vec<String> {
    let mut keys: Vec<String> = secrets
        .iter()
        .map(|s| format!("{}{}", s.path, s.key))
        .collect();
    keys.sort();
    keys
}

/// Types `path` into the GTK file dialog titled `title` and confirms it. `location`: open
/// the location bar first (open dialogs); save dialogs have the name field focused.
fn answer_file_dialog(title: &str, path: &str, location: bool) -> TestResult {
    let deadline = Instant::now() + Duration::from_secs(20);
    let window = loop {
        let (found, ids) = run("xdotool", &["search", "--name", &format!("^{title}$")])?;
        if let Some(id) = ids.lines().last().filter(|_| found) {
            break id.to_string();
        }
        if Instant::now() >= deadline {
            return Err(format!("no dialog named {title:?} appeared"));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    // Without a window manager nothing gives the dialog the keyboard: give it.
    std::thread::sleep(Duration::from_millis(600));
    run("xdotool", &["windowfocus", "--sync", &window])?;
    let select = if location { "ctrl+l" } else { "ctrl+a" };
    run("xdotool", &["key", "--clearmodifiers", select])?;
    std::thread::sleep(Duration::from_millis(300));
    run("xdotool", &["type", "--delay", "15", path])?;
    std::thread::sleep(Duration::from_millis(300));
    run("xdotool", &["key", "Return"])?;
    Ok(())
}

async fn compare_rows(app: &App) -> TestResult<Vec<(String, String)>> {
    let v = app
        .js(
            "return [...document.querySelectorAll('[data-testid=\"compare-row\"]')].map(r => [r.dataset.path + r.dataset.key, [...r.querySelectorAll('[data-testid=\"compare-cell\"]')].map(c => c.dataset.state).join(',')])",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}

#[test]
fn j21_compare_three_environments_and_fill_what_production_lacks() {
    journey("j21-compare", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;
        let dev = env_secrets(&server, "development").await?;
        let prod_before = env_secrets(&server, "production").await?;
        ensure(keys(&prod_before).len() < keys(&dev).len(), || {
            "production should lack keys".into()
        })?;

        app.click(&tid("compare-button")).await?;
        app.el(&tid("compare-row")).await?;
        let rows = compare_rows(&app).await?;
        let db_host = rows
            .iter()
            .find(|(k, _)| k == "/backend/dbDB_HOST")
            .map(|(_, s)| s.clone());
        ensure(
            db_host.as_deref() == Some("value A,value B,value C"),
            || format!("DB_HOST cells: {db_host:?}"),
        )?;
        let redis = rows
            .iter()
            .find(|(k, _)| k == "/backendREDIS_URL")
            .map(|(_, s)| s.clone());
        ensure(redis.as_deref() == Some("present,missing,missing"), || {
            format!("REDIS_URL cells: {redis:?}")
        })?;
        app.click(&tid("compare-filter-missing")).await?;
        app.shot("compare-missing").await?;

        app.click(&tid("compare-copy-button")).await?;
        app.el(&tid("copy-dialog")).await?;
        app.click("[data-testid=\"copy-to\"][value=\"production\"]")
            .await?;
        app.click(&tid("copy-mode-fill")).await?;
        app.click(&tid("copy-review")).await?;
        app.el(&tid("review-dialog")).await?;
        app.shot("fill-review").await?;
        let summary = app.text(&tid("review-summary")).await?;
        let planned: usize = summary
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let lacking = keys(&dev)
            .iter()
            .filter(|k| !keys(&prod_before).contains(k))
            .count();
        ensure(planned == lacking, || {
            format!("{planned} creates planned, production lacks {lacking}")
        })?;
        app.click(&tid("review-apply")).await?;
        app.gone(&tid("review-dialog")).await?;

        let prod = env_secrets(&server, "production").await?;
        let missing: Vec<String> = keys(&dev)
            .into_iter()
            .filter(|k| !keys(&prod).contains(k))
            .collect();
        ensure(missing.is_empty(), || {
            format!("production still lacks {missing:?}")
        })?;
        let unchanged = prod_before
            .iter()
            .all(|b| prod.iter().any(|p| p.id == b.id && p.version == b.version));
        ensure(unchanged, || {
            "a secret production had was changed by fill missing".into()
        })?;
        // The view reloaded: nothing is missing in production any more.
        app.wait_js(
            "return [...document.querySelectorAll('[data-testid=\"compare-row\"]')].every(r => r.querySelectorAll('[data-testid=\"compare-cell\"]')[2].dataset.state !== 'missing')",
            "production complete in the view",
        )
        .await?;
        app.shot("compare-after-fill").await?;
        app.finish().await
    });
}

#[test]
fn j22_import_a_dotenv_file_through_the_dialog_with_one_line_unticked() {
    journey("j22-import", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let file = dir.path().join("teammate.env");
        std::fs::write(
            &file,
            "# from a teammate\nexport IMPORTED_ONE=\"first\"\nIMPORTED_SKIPPED=second\nAPP_NAME=renamed-app\nIMPORTED_REF=${APP_NAME}\nBAD KEY=never-shown\n",
        )
        .map_err(|e| e.to_string())?;

        app.click(&tid("import-button")).await?;
        app.el(&tid("import-dialog")).await?;
        app.click(&tid("import-choose-file")).await?;
        answer_file_dialog("Import secrets", &file.display().to_string(), true)?;
        app.el(&tid("review-dialog")).await?;
        let refused = app.text(&tid("review-refused")).await?;
        ensure(
            refused.to_lowercase().contains("line 6") && !refused.contains("never-shown"),
            || format!("refused: {refused}"),
        )?;
        app.click("[data-testid=\"review-line\"][data-key=\"IMPORTED_SKIPPED\"] [data-testid=\"review-tick\"]").await?;
        app.shot("import-review").await?;
        app.click(&tid("review-apply")).await?;
        app.gone(&tid("review-dialog")).await?;

        let dev = server.dev_secrets().await?;
        let value = |k: &str| {
            dev.iter()
                .find(|s| s.key == k)
                .map(|s| s.value.expose().to_string())
        };
        ensure(value("IMPORTED_ONE").as_deref() == Some("first"), || {
            format!("IMPORTED_ONE {:?}", value("IMPORTED_ONE"))
        })?;
        ensure(value("IMPORTED_SKIPPED").is_none(), || {
            "the unticked line was sent".into()
        })?;
        ensure(value("APP_NAME").as_deref() == Some("renamed-app"), || {
            "APP_NAME not updated".into()
        })?;
        // The reference was sent as written: the server resolves it to APP_NAME's value.
        ensure(
            value("IMPORTED_REF").as_deref() == Some("renamed-app"),
            || format!("IMPORTED_REF {:?}", value("IMPORTED_REF")),
        )?;
        let id = dev
            .iter()
            .find(|s| s.key == "IMPORTED_REF")
            .map(|s| s.id.clone())
            .unwrap_or_default();
        let raw = server
            .sandbox
            .stored_value(&server.sandbox.demo_app_id(), "development", &id)
            .unwrap_or_default();
        ensure(raw == "${APP_NAME}", || {
            format!("stored as {raw:?}, not as written")
        })?;
        ui::wait_listing(&app, "development").await?;
        app.el(&ui::row("IMPORTED_ONE")).await?;
        app.finish().await
    });
}

#[test]
fn j23_export_staging_to_a_file_through_the_save_dialog() {
    journey("j23-export", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;
        app.click("[data-testid=\"env-tab\"][data-env=\"staging\"]")
            .await?;
        ui::wait_listing(&app, "staging").await?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let file = dir.path().join("staging-export.env");

        app.click(&tid("export-button")).await?;
        app.el(&tid("export-dialog")).await?;
        app.shot("export-dialog").await?;
        app.click(&tid("export-save")).await?;
        answer_file_dialog("Export secrets", &file.display().to_string(), false)?;
        ui::toast(&app, "Exported").await?;

        let mode = std::fs::metadata(&file)
            .map_err(|e| format!("{}: {e}", file.display()))?
            .permissions()
            .mode()
            & 0o777;
        ensure(mode == 0o600, || format!("file mode {mode:o}"))?;
        let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let staging = env_secrets(&server, "staging").await?;
        for s in staging
            .iter()
            .filter(|s| s.r#type != phase_api::SecretType::Sealed)
        {
            let line = format!("{}=\"", s.key);
            ensure(text.contains(&line), || {
                format!("{} is not in the export", s.key)
            })?;
        }
        let sealed = staging
            .iter()
            .find(|s| s.r#type == phase_api::SecretType::Sealed);
        if let Some(sealed) = sealed {
            ensure(!text.contains(sealed.value.expose()), || {
                "a sealed value was exported".into()
            })?;
        }
        ensure(text.contains("#@ path=/backend/db"), || {
            "folders are not kept".into()
        })?;
        app.finish().await
    });
}
