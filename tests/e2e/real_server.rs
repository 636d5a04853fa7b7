//! The real-server journey ("Works with the real Phase server"): the Console's
//! `pss_user:v1:…` token pasted into the add-account dialog with a custom API URL, then
//! the SSE app's development environment browsed, a comment edited, a personal override
//! switched off and on, and values copied, each result checked with a direct call to the
//! server. Against `PHASE_TEST_HOST` (+ `PHASE_TEST_TOKEN`, `PHASE_TEST_APP_ID`) when set,
//! else against an in-process sandbox. The secrets it needs are created first under a
//! unique `E2E_<8hex>_` prefix and deleted at the end, also when a step failed.

use phase_api::{
    ClientOptions, EnvSelector, Host, NewSecret, PhaseClient, Secret, SecretFilter, Token,
    TokenForm, TokenKind,
};
use phase_sandbox::{Sandbox, SandboxConfig};
use serde_json::json;

use crate::harness::{
    clipboard, ensure, journey, real_server_var as var, set_clipboard, App, TestResult, WAIT,
};
use crate::ui::{self, in_row, tid};

const ENV: &str = "development";
const REAL_APP: &str = "real-sse-app";
const ACCOUNT: &str = "Phase (pasted token)";
const EDITOR: &str = "[data-testid=\"secret-editor\"]";
const OVERRIDE_VALUE: &str = "my-own-override";
/// The name of the environment tab spelled `arguments[0]` in any case, or null.
const ENV_TAB_JS: &str =
    "const t = Array.from(document.querySelectorAll('[data-testid=\"env-tab\"]'))\
    .find(t => t.dataset.env.toLowerCase() === arguments[0]); return t ? t.dataset.env : null";

/// The server the journey runs against, and a direct client of it with the same token.
struct Target {
    label: String,
    url: String,
    /// The Console form, as pasted.
    token: String,
    app_id: String,
    app_name: String,
    api: PhaseClient,
    env: EnvSelector,
    /// Kept alive for the whole journey when no real server is configured.
    _sandbox: Option<Sandbox>,
}

async fn target() -> TestResult<Target> {
    let real = std::env::var("PHASE_TEST_HOST")
        .ok()
        .filter(|h| !h.is_empty());
    let (sandbox, url, token, app_id, app_name, label) = match real {
        Some(host) => (
            None,
            host.clone(),
            var("PHASE_TEST_TOKEN")?,
            var("PHASE_TEST_APP_ID")?,
            REAL_APP.to_string(),
            format!("the real Phase server at {host} (PHASE_TEST_HOST)"),
        ),
        None => {
            let sb = Sandbox::start(SandboxConfig::default())
                .await
                .map_err(|e| format!("sandbox: {e}"))?;
            let url = sb.base_url();
            let label = format!("an in-process sandbox at {url} (PHASE_TEST_HOST unset)");
            let (token, app_id) = (sb.user_token(), sb.demo_app_id());
            let name = crate::server::DEMO_APP.to_string();
            (Some(sb), url, token, app_id, name, label)
        }
    };
    let host = Host::custom(&url).map_err(|e| format!("host {url}: {e}"))?;
    let parsed = Token::parse(&token, TokenKind::User).map_err(|e| format!("token: {e}"))?;
    ensure(
        token.starts_with("pss_user:v1:") && parsed.form() == TokenForm::Console,
        || "the token is not in the Console's pss_user:v1:… form".into(),
    )?;
    let api = PhaseClient::new(host.clone(), parsed, ClientOptions::for_host(&host))
        .map_err(|e| e.to_string())?;
    let env = EnvSelector::new(app_id.clone(), ENV);
    Ok(Target {
        label,
        url,
        token,
        app_id,
        app_name,
        api,
        env,
        _sandbox: sandbox,
    })
}

/// The keys this run creates.
struct Keys {
    prefix: String,
    comment: String,
    overridden: String,
    plain: String,
}

impl Keys {
    fn all(&self) -> Vec<String> {
        [&self.comment, &self.overridden, &self.plain]
            .map(String::clone)
            .to_vec()
    }
}

/// The secret `key` as the server returns it to this user, right now.
async fn fetch(t: &Target, key: &str) -> TestResult<Secret> {
    let filter = SecretFilter {
        key: Some(key.to_string()),
        ..SecretFilter::default()
    };
    t.api
        .list_secrets(&t.env, &filter)
        .await
        .map_err(|e| format!("listing {key} directly: {e}"))?
        .into_iter()
        .find(|s| s.key == key)
        .ok_or_else(|| format!("{key} is not on the server"))
}

async fn seed(t: &Target, k: &Keys) -> TestResult {
    let url = format!(
        "postgres://e2e:{}@db.internal:5432/app?sslmode=require",
        k.prefix
    );
    let batch = [
        NewSecret {
            comment: Some("seeded by the e2e journey".into()),
            ..NewSecret::new(&k.comment, "comment-target")
        },
        NewSecret::new(&k.overridden, "the-shared-value"),
        NewSecret::new(&k.plain, url),
    ];
    t.api
        .create_secrets(&t.env, &batch)
        .await
        .map_err(|e| format!("creating the journey's secrets: {e}"))?;
    let s = fetch(t, &k.overridden).await?;
    t.api
        .set_override(&t.env, &s.id, &s.path, OVERRIDE_VALUE.into(), true)
        .await
        .map_err(|e| format!("setting the override: {e}"))?;
    Ok(())
}

/// Deletes every secret of the environment whose key starts with the run's prefix.
async fn cleanup(t: &Target, prefix: &str) -> TestResult {
    let ours = |all: Vec<Secret>| -> Vec<String> {
        all.into_iter()
            .filter(|s| s.key.starts_with(prefix))
            .map(|s| s.id)
            .collect()
    };
    let all = SecretFilter::default();
    let list = || t.api.list_secrets(&t.env, &all);
    let ids = ours(list().await.map_err(|e| format!("cleanup listing: {e}"))?);
    if !ids.is_empty() {
        t.api
            .delete_secrets(&t.env, &ids)
            .await
            .map_err(|e| format!("cleanup delete: {e}"))?;
    }
    let left = ours(list().await.map_err(|e| format!("cleanup listing: {e}"))?);
    eprintln!(
        "[e2e] real-server: deleted {} {prefix}* secrets ({} left)",
        ids.len(),
        left.len()
    );
    ensure(left.is_empty(), || {
        format!("{} {prefix}* secrets are still on the server", left.len())
    })
}

/// What the app picker shows (for a failure message): disabled or not, and its options.
async fn picker_state(app: &App) -> String {
    app.js(
        "const p = document.querySelector('[data-testid=\"app-picker\"]'); if (!p) return 'absent'; \
         return (p.disabled ? 'disabled: ' : 'enabled: ') + Array.from(p.options) \
           .map(o => o.value + ' ' + o.textContent.trim() + (o.disabled ? ' (disabled)' : '')).join('; ');",
        vec![],
    )
    .await
    .map(|v| v.as_str().unwrap_or_default().to_string())
    .unwrap_or_else(|e| format!("not readable: {e}"))
}

/// Picks the app by its picker entry and the development tab, then narrows to our keys.
async fn browse(app: &mut App, t: &Target, k: &Keys) -> TestResult {
    let option = format!("{} option[value=\"{}\"]", tid("app-picker"), t.app_id);
    let label = app
        .wait_value(
            "the app in the picker, enabled",
            WAIT,
            || {
                app.js(
                    "const o = document.querySelector(arguments[0]); \
                     return !!o && !o.disabled && !o.parentElement.disabled && o.textContent.trim()",
                    vec![json!(option)],
                )
            },
            |v| v.is_string(),
        )
        .await;
    let label = match label {
        Ok(label) => label,
        Err(e) => return Err(format!("{e}; the picker: {}", picker_state(app).await)),
    };
    let label = label.as_str().unwrap_or_default();
    ensure(label == t.app_name, || {
        format!(
            "the picker names the app {label:?}, expected {:?}",
            t.app_name
        )
    })?;
    app.choose(&tid("app-picker"), &t.app_id).await?;
    ui::wait_app(app, &t.app_id).await?;
    // The tab shows the server's spelling ("Development" on the real server).
    let env = app
        .wait_value(
            "the development tab",
            WAIT,
            || app.js(ENV_TAB_JS, vec![json!(ENV)]),
            |v| v.is_string(),
        )
        .await?;
    let env = env.as_str().unwrap_or_default();
    app.click(&format!("[data-testid=\"env-tab\"][data-env=\"{env}\"]"))
        .await?;
    ui::wait_listing(app, env).await?;
    ui::search(app, &k.prefix).await?;
    ui::expect_keys(app, &k.all(), "the search for the run's prefix").await?;
    for key in k.all() {
        let (row, s) = (ui::row_of(app, &key).await?, fetch(t, &key).await?);
        ensure(row.id == s.id && row.path == s.path, || {
            format!(
                "row {key} shows {}:{}, server {}:{}",
                row.id, row.path, s.id, s.path
            )
        })?;
    }
    eprintln!("[e2e] real-server: listing {:?} / {env}", t.app_name);
    app.shot("listing").await
}

async fn edit_comment(app: &mut App, t: &Target, key: &str) -> TestResult {
    let before = fetch(t, key).await?;
    let comment = format!("edited in the window {}", &key[4..12]);
    ui::open_editor(app, key).await?;
    app.fill(&tid("field-comment"), &comment).await?;
    app.shot("edit-comment").await?;
    app.click(&format!("{EDITOR} {}", tid("save-button")))
        .await?;
    app.gone(EDITOR).await?;
    let after = app
        .wait_value(
            "the new comment on the server",
            WAIT,
            || fetch(t, key),
            |s| s.comment == comment,
        )
        .await?;
    let same = |s: &Secret| format!("{}{}{}{:?}", s.value.expose(), s.key, s.path, s.tags);
    ensure(same(&after) == same(&before), || {
        "saving the comment changed the value, key, path or tags".into()
    })?;
    eprintln!(
        "[e2e] real-server: comment saved, version {} -> {}",
        before.version, after.version
    );
    app.shot("comment-saved").await
}

/// Clicks the row's override switch and checks the screen and the server agree on `on`.
async fn switch_override(app: &mut App, t: &Target, key: &str, on: bool) -> TestResult {
    let toggle = in_row(key, "override-toggle");
    let state = if on { "on" } else { "off" };
    app.click(&toggle).await?;
    app.wait_value(
        &format!("the toggle of {key} {state}"),
        WAIT,
        || app.attr(&toggle, "data-state"),
        |s| s.as_deref() == Some(state),
    )
    .await?;
    let what = format!("the override {state} on the server");
    let active = |s: &Secret| s.r#override.as_ref().is_some_and(|o| o.is_active == on);
    let s = app
        .wait_value(&what, WAIT, || fetch(t, key), active)
        .await?;
    let kept = s.r#override.as_ref().map(|o| o.value.expose());
    ensure(
        kept == Some(OVERRIDE_VALUE) && s.value.expose() == "the-shared-value",
        || "switching the override changed the override or the shared value".into(),
    )?;
    app.shot(&format!("override-{state}")).await
}

/// Copies the row's value and checks the clipboard holds what the server says applies.
async fn copy(app: &mut App, t: &Target, key: &str) -> TestResult {
    let want = fetch(t, key).await?.effective_value().expose().to_string();
    set_clipboard("before the copy")?;
    app.click(&in_row(key, "copy-button")).await?;
    app.wait_value(
        &format!("{key}'s value on the clipboard"),
        WAIT,
        || async { clipboard() },
        |c| c.as_deref() == Some(want.as_str()),
    )
    .await?;
    ui::toast(app, &format!("Copied {key}")).await?;
    ensure(ui::row_of(app, key).await?.value != want, || {
        format!("copying revealed {key} on screen")
    })?;
    Ok(())
}

async fn steps(app: &mut App, t: &Target, k: &Keys) -> TestResult {
    ui::add_pasted_account(app, ACCOUNT, &t.url, &t.token).await?;
    browse(app, t, k).await?;
    edit_comment(app, t, &k.comment).await?;
    let toggle = in_row(&k.overridden, "override-toggle");
    let start = app.attr(&toggle, "data-state").await?;
    ensure(start.as_deref() == Some("on"), || {
        format!("the seeded override is shown {start:?}, expected on")
    })?;
    switch_override(app, t, &k.overridden, false).await?;
    switch_override(app, t, &k.overridden, true).await?;
    copy(app, t, &k.overridden).await?;
    copy(app, t, &k.plain).await?;
    app.shot("copied").await?;
    let bearer = Token::parse(&t.token, TokenKind::User)
        .map_err(|e| e.to_string())?
        .bearer_value()
        .to_string();
    ui::assert_no_token_leaks(app, &[t.token.clone(), bearer]).await
}

async fn walk(name: &'static str, t: &Target, k: &Keys) -> TestResult {
    let mut app = App::start(name, &[]).await?;
    if let Err(e) = steps(&mut app, t, k).await {
        let _ = app.shot("failed").await;
        return Err(e);
    }
    app.finish().await
}

#[test]
fn real_server_pasted_token_browse_edit_override_copy() {
    journey("real-server", |name| async move {
        let t = target().await?;
        eprintln!("[e2e] {name}: running against {}", t.label);
        let hex = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
        let prefix = format!("E2E_{hex}_");
        let k = Keys {
            comment: format!("{prefix}COMMENTED"),
            overridden: format!("{prefix}OVERRIDDEN"),
            plain: format!("{prefix}DATABASE_URL"),
            prefix,
        };
        let outcome = match seed(&t, &k).await {
            Ok(()) => walk(name, &t, &k).await,
            Err(e) => Err(e),
        };
        match (outcome, cleanup(&t, &k.prefix).await) {
            (Err(e), Err(c)) => Err(format!("{e} (and the cleanup failed: {c})")),
            (outcome, cleaned) => outcome.and(cleaned),
        }
    });
}
