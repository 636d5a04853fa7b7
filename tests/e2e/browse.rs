//! Journeys 1 and 3: the first start on the local sandbox, and walking folders, tags and search.

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::{ensure, journey, App, TestResult, WAIT};
use crate::server::{keys_where, under, Server, DEMO_APP, DEV};
use crate::ui::{self, tid};

/// WebKitWebDriver counts a `<button>` that clips its own text (`overflow: hidden`, for an
/// ellipsis: the breadcrumbs, the tag chips) as not displayed, although it is painted in full,
/// so `App::click` would wait for it forever. This checks what a person would see instead (a
/// box of some size, and at its centre the button itself, nothing lying over it), then sends
/// the same real WebDriver click.
async fn click_clipping_button(app: &App, css: &str) -> TestResult {
    app.wait_js_with(
        "const e = document.querySelector(arguments[0]); if (!e || e.disabled) return false; \
         const r = e.getBoundingClientRect(); if (r.width < 1 || r.height < 1) return false; \
         const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
         return !!hit && (hit === e || e.contains(hit));",
        vec![json!(css)],
        &format!("{css} to be shown"),
        WAIT,
    )
    .await?;
    let el = app
        .client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("find {css}: {e}"))?;
    el.click().await.map_err(|e| format!("click {css}: {e}"))
}

/// The tokens the embedded sandbox wrote to its data file (by design, for the demo).
fn embedded_sandbox_tokens(app: &App) -> TestResult<Vec<String>> {
    let file = app.home.path().join("data/dev.phase.desk/sandbox.json");
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    collect_tokens(&json, &mut out);
    out.retain(|t| !t.is_empty());
    Ok(out)
}

fn collect_tokens(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(tokens)) = m.get("tokens") {
                out.extend(
                    tokens
                        .iter()
                        .filter_map(|t| t["token"].as_str().map(str::to_string)),
                );
            }
            m.values().for_each(|x| collect_tokens(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_tokens(x, out)),
        _ => {}
    }
}

#[test]
fn j01_first_start_lands_on_the_local_sandbox() {
    journey("j01-first-start", |name| async move {
        let mut app = App::start(name, &[]).await?;
        ensure(ui::active_account(&app).await? == "local-sandbox", || {
            "the sandbox account is not active".into()
        })?;
        let badge = app.text(&tid("sandbox-badge")).await?;
        ensure(badge.trim() == "Sandbox", || {
            format!("badge says {badge:?}")
        })?;
        // The local sandbox comes with a CommandK demo account (not the active one).
        let accounts = ui::accounts(&app).await?;
        ensure(
            accounts.len() == 2
                && accounts["local-sandbox"].contains("Local sandbox")
                && accounts
                    .get("commandk-demo")
                    .is_some_and(|l| l.contains("CommandK demo")),
            || format!("accounts: {accounts:?}"),
        )?;
        let picked = app
            .js(
                "const s = document.querySelector('[data-testid=\"app-picker\"]'); return s.options[s.selectedIndex].textContent.trim();",
                vec![],
            )
            .await?;
        ensure(picked.as_str() == Some(DEMO_APP), || {
            format!("app picker shows {picked}")
        })?;
        let envs = app
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"env-tab\"]')).map(t => t.dataset.env)",
                vec![],
            )
            .await?;
        ensure(
            envs == serde_json::json!(["development", "staging", "production"]),
            || format!("environment tabs: {envs}"),
        )?;
        ui::wait_listing(&app, DEV).await?;
        let rows = ui::keys(&app).await?;
        for key in ["APP_NAME", "DB_HOST", "JWT_SECRET", "STRIPE_SECRET_KEY"] {
            ensure(rows.iter().any(|k| k == key), || {
                format!("{key} missing from {rows:?}")
            })?;
        }
        app.shot("sandbox").await?;

        // If the demo's tokens are kept in the sandbox's own data file, they are nowhere else.
        let tokens = embedded_sandbox_tokens(&app)?;
        if tokens.is_empty() {
            eprintln!("[e2e] {name}: the sandbox's data file keeps no tokens: nothing to trace");
        }
        let page = app
            .js("return document.documentElement.outerHTML", vec![])
            .await?;
        let page = page.as_str().unwrap_or_default();
        for (i, t) in tokens.iter().enumerate() {
            if let Some(at) = page.find(t.as_str()) {
                let ctx = |a: usize, b: usize| page.get(a..b).unwrap_or("").to_string();
                return Err(format!(
                    "sandbox token #{i} ({} chars) is in the DOM: …{}<TOKEN>{}…",
                    t.len(),
                    ctx(at.saturating_sub(200), at),
                    ctx(at + t.len(), (at + t.len() + 200).min(page.len()))
                ));
            }
            for dir in ["config", "cache"] {
                let hits = ui::files_containing(&app.home.path().join(dir), t);
                ensure(hits.is_empty(), || {
                    format!("sandbox token #{i} in {hits:?}")
                })?;
            }
        }
        app.finish().await
    });
}

#[test]
fn j03_folders_tags_and_search_filter_the_table() {
    journey("j03-browse", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;
        let all = server.dev_secrets().await?;
        ensure(all.len() > 10, || {
            format!("only {} secrets on the server", all.len())
        })?;
        ui::expect_keys(&app, &keys_where(&all, |_| true), "everything at /").await?;

        let subfolders = app.prop(&tid("include-subfolders"), "checked").await?;
        ensure(subfolders.as_deref() == Some("true"), || {
            "subfolders are expected on by default".into()
        })?;
        app.click("[data-testid=\"folder-node\"][data-path=\"/backend\"]")
            .await?;
        ui::expect_keys(
            &app,
            &keys_where(&all, |s| under(&s.path, "/backend")),
            "folder /backend",
        )
        .await?;
        // The crumbs are read from the page, with what a person would see of them: WebDriver's
        // element text leaves them out (see `click_clipping_button`).
        let crumbs = app
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"breadcrumbs\"] button')).map(b => { \
                   const r = b.getBoundingClientRect(); \
                   return { text: b.textContent.trim(), current: b.getAttribute('aria-current') === 'page', \
                            width: r.width, clipped: b.scrollWidth > b.clientWidth }; })",
                vec![],
            )
            .await?;
        let current: Vec<&Value> = crumbs
            .as_array()
            .map(|a| a.iter().filter(|c| c["current"] == true).collect())
            .unwrap_or_default();
        ensure(
            current.len() == 1
                && current[0]["text"] == "backend"
                && current[0]["width"].as_f64().unwrap_or(0.0) > 0.0
                && current[0]["clipped"] == false,
            || format!("breadcrumbs: {crumbs}"),
        )?;
        app.shot("tree-and-table").await?;

        // Only /backend itself.
        app.click(&tid("include-subfolders")).await?;
        ui::expect_keys(
            &app,
            &keys_where(&all, |s| s.path == "/backend"),
            "folder /backend only",
        )
        .await?;
        app.click(&tid("include-subfolders")).await?;

        let db =
            |s: &phase_api::Secret| under(&s.path, "/backend") && s.tags.iter().any(|t| t == "db");
        let db_chip = "[data-testid=\"tag-chip\"][data-tag=\"db\"]";
        click_clipping_button(&app, db_chip).await?;
        ui::expect_keys(&app, &keys_where(&all, db), "/backend + tag db").await?;
        let pressed = app
            .js(
                "return document.querySelector(arguments[0]).getAttribute('aria-pressed')",
                vec![json!(db_chip)],
            )
            .await?;
        ensure(pressed == "true", || "the db chip is not pressed".into())?;
        app.shot("tag-filter").await?;

        ui::search(&app, "type:config").await?;
        let config = |s: &phase_api::Secret| db(s) && s.r#type == phase_api::SecretType::Config;
        ui::expect_keys(
            &app,
            &keys_where(&all, config),
            "/backend + db + type:config",
        )
        .await?;
        click_clipping_button(&app, db_chip).await?;

        ui::search(&app, "tag:aws type:secret").await?;
        let aws = |s: &phase_api::Secret| {
            under(&s.path, "/backend")
                && s.tags.iter().any(|t| t == "aws")
                && s.r#type == phase_api::SecretType::Secret
        };
        ui::expect_keys(
            &app,
            &keys_where(&all, aws),
            "tag:aws type:secret in /backend",
        )
        .await?;
        app.shot("search-qualifiers").await?;

        // Free text also matches values, which never leave Rust for the search.
        app.click("[data-testid=\"folder-node\"][data-path=\"/\"]")
            .await?;
        ui::search(&app, "postgres").await?;
        let text = |s: &phase_api::Secret| {
            let n = "postgres";
            s.key.to_lowercase().contains(n)
                || s.comment.to_lowercase().contains(n)
                || (s.r#type != phase_api::SecretType::Sealed
                    && (s.value.expose().to_lowercase().contains(n)
                        || s.effective_value().expose().to_lowercase().contains(n)))
        };
        let want = keys_where(&all, text);
        ensure(want.iter().any(|k| k == "DATABASE_URL"), || {
            "DATABASE_URL is expected to match by value".into()
        })?;
        ui::expect_keys(&app, &want, "free text 'postgres'").await?;
        ui::search(&app, "").await?;
        ui::expect_keys(&app, &keys_where(&all, |_| true), "filters cleared").await?;

        ui::assert_no_token_leaks(&app, &server.all_tokens()).await?;
        app.finish().await
    });
}
