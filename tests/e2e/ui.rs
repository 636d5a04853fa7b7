//! What a person does in Phase Desk, one helper per gesture, by `data-testid`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Value};

use crate::harness::{ensure, run, set_clipboard, App, TestResult, WAIT};
use fantoccini::key::Key;

pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

pub fn row(key: &str) -> String {
    format!("[data-testid=\"secret-row\"][data-key=\"{key}\"]")
}

pub fn in_row(key: &str, id: &str) -> String {
    format!("{} {}", row(key), tid(id))
}

/// A row as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub id: String,
    pub path: String,
    pub value: String,
}

const ROWS_JS: &str = r#"
const t = document.querySelector('[data-testid="secret-table"]');
if (!t || t.getAttribute('aria-busy') === 'true') return null;
return Array.from(document.querySelectorAll('[data-testid="secret-row"]')).map(r => ({
  key: r.dataset.key, id: r.dataset.id, path: r.dataset.path,
  value: (r.querySelector('[data-testid="row-value"]') || {}).textContent || ''
}));"#;

/// The rows on screen, or `None` while the table is loading.
pub async fn rows(app: &App) -> TestResult<Option<Vec<Row>>> {
    let v = app.js(ROWS_JS, vec![]).await?;
    let Value::Array(items) = v else {
        return Ok(None);
    };
    let s = |r: &Value, k: &str| r[k].as_str().unwrap_or_default().to_string();
    Ok(Some(
        items
            .iter()
            .map(|r| Row {
                key: s(r, "key"),
                id: s(r, "id"),
                path: s(r, "path"),
                value: s(r, "value").trim().to_string(),
            })
            .collect(),
    ))
}

/// The sorted keys on screen once loaded.
pub async fn keys(app: &App) -> TestResult<Vec<String>> {
    let mut k: Vec<String> = rows(app)
        .await?
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.key)
        .collect();
    k.sort();
    Ok(k)
}

/// Waits until the table shows exactly `expected` (sorted) keys.
pub async fn expect_keys(app: &App, expected: &[String], what: &str) -> TestResult {
    let mut want = expected.to_vec();
    want.sort();
    ensure(!want.is_empty(), || {
        format!("{what}: an empty expectation proves nothing")
    })?;
    app.wait_value(
        &format!("the table to show exactly {want:?} ({what})"),
        WAIT,
        || async {
            let r = rows(app).await?;
            Ok(r.map(|r| {
                let mut k: Vec<String> = r.into_iter().map(|r| r.key).collect();
                k.sort();
                k
            }))
        },
        |k| k.as_ref() == Some(&want),
    )
    .await
    .map(|_| ())
}

/// The row with `key`, once it is on screen.
pub async fn row_of(app: &App, key: &str) -> TestResult<Row> {
    app.wait_value(
        &format!("row {key}"),
        WAIT,
        || async {
            Ok(rows(app)
                .await?
                .and_then(|r| r.into_iter().find(|r| r.key == key)))
        },
        |r| r.is_some(),
    )
    .await
    .map(|r| r.expect("checked"))
}

/// Waits for the app's first listing: the active account's app and environment chosen and rows shown.
pub async fn wait_listing(app: &App, env: &str) -> TestResult {
    app.wait_js_with(
        "const t = document.querySelector('[data-env=\"' + arguments[0] + '\"][aria-selected=\"true\"]'); \
         const tbl = document.querySelector('[data-testid=\"secret-table\"]'); \
         return !!t && !!tbl && tbl.getAttribute('aria-busy') === 'false' && \
           document.querySelectorAll('[data-testid=\"secret-row\"]').length > 0",
        vec![json!(env)],
        &format!("rows of {env}"),
        WAIT,
    )
    .await
}

/// The account switcher's options: value (account id) → label.
pub async fn accounts(app: &App) -> TestResult<HashMap<String, String>> {
    let v = app
        .js(
            "const s = document.querySelector('[data-testid=\"account-switcher\"]'); if (!s) return []; \
             return Array.from(s.options).map(o => [o.value, o.textContent.trim()]);",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p[0].as_str()?.to_string(), p[1].as_str()?.to_string())))
        .collect())
}

pub async fn active_account(app: &App) -> TestResult<String> {
    Ok(app
        .prop(&tid("account-switcher"), "value")
        .await?
        .unwrap_or_default())
}

/// Adds an account through the dialog with a "Custom API URL"; returns its id (from the
/// account switcher) once it is active and its first environment is listed.
pub async fn add_account(
    app: &mut App,
    name: &str,
    url: &str,
    kind: &str,
    token: &str,
) -> TestResult<String> {
    let before = accounts(app).await?;
    app.click(&tid("add-account-button")).await?;
    app.el(&tid("add-account-dialog")).await?;
    app.fill(&tid("account-name"), name).await?;
    app.choose(&tid("account-host-kind"), "custom").await?;
    app.fill(&tid("account-host-url"), url).await?;
    app.choose(&tid("account-token-kind"), kind).await?;
    app.fill(&tid("account-token"), token).await?;
    app.shot(&format!("add-account-{}", kind.to_lowercase()))
        .await?;
    app.click(&tid("account-submit")).await?;
    app.gone(&tid("add-account-dialog")).await?;
    let after = app
        .wait_value(
            &format!("account {name} in the switcher"),
            WAIT,
            || accounts(app),
            |a| a.len() == before.len() + 1,
        )
        .await?;
    let id = after
        .iter()
        .find(|(id, label)| !before.contains_key(*id) && label.starts_with(name))
        .map(|(id, _)| id.clone())
        .ok_or_else(|| format!("no new option for {name} in {after:?}"))?;
    let active = app
        .wait_value(
            "the new account to be active",
            WAIT,
            || active_account(app),
            |a| a == &id,
        )
        .await?;
    ensure(active == id, || {
        format!("active account {active}, expected {id}")
    })?;
    Ok(id)
}

/// Adds the sandbox's user (PAT) account and waits for the demo app's development rows.
pub async fn add_user_account(app: &mut App, server: &crate::server::Server) -> TestResult<String> {
    let id = add_account(
        app,
        "Sandbox PAT",
        &server.url(),
        "User",
        &server.user_token(),
    )
    .await?;
    wait_app(app, &server.sandbox.demo_app_id()).await?;
    wait_listing(app, crate::server::DEV).await?;
    Ok(id)
}

/// Waits for the app picker to show `app_id`.
pub async fn wait_app(app: &App, app_id: &str) -> TestResult {
    app.wait_value(
        "the demo app to be picked",
        WAIT,
        || async { app.prop(&tid("app-picker"), "value").await },
        |v| v.as_deref() == Some(app_id),
    )
    .await
    .map(|_| ())
}

/// Types a search query.
pub async fn search(app: &App, query: &str) -> TestResult {
    app.fill(&tid("search-input"), query).await
}

/// Sets the clipboard clear delay in the settings dialog.
pub async fn set_clipboard_secs(app: &App, secs: u32) -> TestResult {
    app.click(&tid("settings-button")).await?;
    app.el(&tid("settings-dialog")).await?;
    app.fill(&tid("settings-clipboard-secs"), &secs.to_string())
        .await?;
    app.click(&tid("settings-save")).await?;
    app.gone(&tid("settings-dialog")).await
}

/// Opens the editor of `key`.
pub async fn open_editor(app: &App, key: &str) -> TestResult {
    app.click(&in_row(key, "edit-button")).await?;
    app.el("[data-testid=\"secret-editor\"][data-mode=\"edit\"]")
        .await?;
    // The value is fetched when the editor opens; wait until it has arrived.
    app.gone(&tid("field-value-loading")).await
}

/// Waits for an info toast containing `text`.
pub async fn toast(app: &App, text: &str) -> TestResult {
    app.wait_js_with(
        "return Array.from(document.querySelectorAll('[data-testid=\"toast\"]')).some(t => t.textContent.includes(arguments[0]))",
        vec![json!(text)],
        &format!("a toast saying {text:?}"),
        WAIT,
    )
    .await
}

/// What `secret-tool lookup` finds for the account, if anything.
pub fn keychain_lookup(service: &str, account_id: &str) -> TestResult<Option<String>> {
    let (ok, out) = run(
        "secret-tool",
        &["lookup", "service", service, "username", account_id],
    )?;
    Ok((ok && !out.is_empty()).then_some(out))
}

/// Every file below `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    hits.push(p.display().to_string());
                }
            }
        }
    }
    hits
}

/// Fails if any token appears in the app's config/data/cache folders, its DOM or its web storage.
pub async fn assert_no_token_leaks(app: &App, tokens: &[String]) -> TestResult {
    let page = app
        .js(
            "const dump = s => { const o = {}; for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); } return JSON.stringify(o); }; \
             return [document.documentElement.outerHTML, dump(window.localStorage), dump(window.sessionStorage)].join('\\n');",
            vec![],
        )
        .await?;
    let page = page.as_str().unwrap_or_default().to_string();
    ensure(page.len() > 1000, || {
        format!("the DOM dump looks empty ({} chars)", page.len())
    })?;
    let mut leaks = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        ensure(token.len() >= 16, || {
            format!("token #{i} is suspiciously short")
        })?;
        if page.contains(token.as_str()) {
            leaks.push(format!("token #{i} in the webview's DOM or storage"));
        }
        for dir in app.app_dirs() {
            for f in files_containing(&dir, token) {
                leaks.push(format!("token #{i} in {f}"));
            }
        }
    }
    let files = app.app_dirs().iter().map(|d| count_files(d)).sum::<usize>();
    eprintln!(
        "[e2e] {}: searched {} tokens in {files} files and {} chars of DOM/storage: {} hits",
        app.journey,
        tokens.len(),
        page.len(),
        leaks.len()
    );
    ensure(leaks.is_empty(), || format!("tokens leaked: {leaks:?}"))
}

fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                count_files(&e.path())
            } else {
                1
            }
        })
        .sum()
}

/// Pastes `text` into a field with Ctrl+V from the X clipboard, as a person would.
pub async fn paste(app: &App, css: &str, text: &str) -> TestResult {
    set_clipboard(text)?;
    let el = app.el(css).await?;
    el.clear().await.map_err(|e| format!("clear {css}: {e}"))?;
    el.click().await.map_err(|e| format!("focus {css}: {e}"))?;
    el.send_keys(&(Key::Control + "v"))
        .await
        .map_err(|e| format!("Ctrl+V into {css}: {e}"))?;
    let got = app
        .wait_value(
            &format!("the paste into {css}"),
            WAIT,
            || async { app.prop(css, "value").await.map(|v| v.unwrap_or_default()) },
            |v| v == text,
        )
        .await;
    // Take the token off the clipboard whatever happened; never print the field's value.
    set_clipboard("(cleared by the e2e journey)")?;
    got.map(|_| ())
        .map_err(|_| format!("{css} does not hold the pasted text"))
}

/// Adds an account through the dialog as a person would: Custom API URL, the token pasted
/// with Ctrl+V; fails with the dialog's own message when it refuses the account.
pub async fn add_pasted_account(app: &mut App, name: &str, url: &str, token: &str) -> TestResult {
    let before = accounts(app).await?;
    app.click(&tid("add-account-button")).await?;
    app.el(&tid("add-account-dialog")).await?;
    app.fill(&tid("account-name"), name).await?;
    app.choose(&tid("account-host-kind"), "custom").await?;
    app.fill(&tid("account-host-url"), url).await?;
    app.choose(&tid("account-token-kind"), "User").await?;
    paste(app, &tid("account-token"), token).await?;
    app.shot("add-account").await?;
    app.click(&tid("account-submit")).await?;
    // Either the dialog closes, or it says why the account was refused.
    let js = "const e = document.querySelector(arguments[1]); \
              return e ? e.textContent.trim() : !document.querySelector(arguments[0])";
    let args = vec![
        json!(tid("add-account-dialog")),
        json!(tid("account-error")),
    ];
    let outcome = app
        .wait_value(
            "the dialog to close",
            WAIT,
            || app.js(js, args.clone()),
            |v| v != &json!(false),
        )
        .await?;
    if let Some(error) = outcome.as_str() {
        app.shot("add-account-refused").await?;
        return Err(format!("the dialog refused the account: {error}"));
    }
    app.wait_value(
        "the new account, active in the switcher",
        WAIT,
        || active_account(app),
        |a| !a.is_empty() && !before.contains_key(a),
    )
    .await
    .map(|_| ())
}
