//! The end-to-end-encrypted journey: the Console's whole `pss_user:v1:…` token pasted into
//! the add-account dialog with a custom API URL, the E2EE app opened from the picker (shown
//! as end-to-end, not disabled), browsed, a value holding a `${...}` reference revealed
//! resolved, its comment edited (the value stays as written on the server), and a personal
//! override switched on and off, each result checked with a direct `phase_e2ee::E2eeClient`
//! (which decrypts on its own). Against `PHASE_TEST_HOST` (+ `PHASE_TEST_TOKEN`,
//! `PHASE_TEST_E2EE_APP_ID`) when set, else against an in-process sandbox's "Legacy Vault".
//! The secrets it needs are created first under a unique `E2E_<8hex>_` prefix and deleted
//! at the end, also when a step failed.

use phase_api::{
    ClientOptions, EnvSelector, Host, NewSecret, OverrideInput, Secret, SecretFilter, Token,
    TokenForm, TokenKind,
};
use phase_e2ee::E2eeClient;
use phase_sandbox::{Sandbox, SandboxConfig};
use serde_json::json;

use crate::harness::{ensure, journey, real_server_var as var, App, TestResult, WAIT};
use crate::ui::{self, in_row, tid};

const REAL_APP: &str = "real-e2ee-app";
const SANDBOX_APP: &str = "Legacy Vault";
const ACCOUNT: &str = "Phase E2EE (pasted token)";
const EDITOR: &str = "[data-testid=\"secret-editor\"]";
const BASE_VALUE: &str = "alpha";
const OVERRIDE_VALUE: &str = "my-own-e2ee-override";
/// The name of the environment tab spelled `arguments[0]` in any case, or null.
const ENV_TAB_JS: &str =
    "const t = Array.from(document.querySelectorAll('[data-testid=\"env-tab\"]'))\
    .find(t => t.dataset.env.toLowerCase() === arguments[0]); return t ? t.dataset.env : null";

/// The server the journey runs against, and a direct E2EE client of it with the same token.
struct Target {
    label: String,
    url: String,
    /// The Console form, as pasted.
    token: String,
    app_id: String,
    app_name: String,
    api: E2eeClient,
    env: EnvSelector,
    /// Kept alive for the whole journey when no real server is configured.
    _sandbox: Option<Sandbox>,
}

async fn target() -> TestResult<Target> {
    let real = std::env::var("PHASE_TEST_HOST")
        .ok()
        .filter(|h| !h.is_empty());
    let (sandbox, url, token, app_id, app_name, env, label) = match real {
        Some(host) => (
            None,
            host.clone(),
            var("PHASE_TEST_TOKEN")?,
            var("PHASE_TEST_E2EE_APP_ID")?,
            REAL_APP.to_string(),
            "Development",
            format!("the real Phase server at {host} (PHASE_TEST_HOST)"),
        ),
        None => {
            let sb = Sandbox::start(SandboxConfig::default())
                .await
                .map_err(|e| format!("sandbox: {e}"))?;
            let url = sb.base_url();
            let label = format!("an in-process sandbox at {url} (PHASE_TEST_HOST unset)");
            let (token, app_id) = (sb.user_token(), sb.e2ee_app_id());
            let name = SANDBOX_APP.to_string();
            (Some(sb), url, token, app_id, name, "development", label)
        }
    };
    let host = Host::custom(&url).map_err(|e| format!("host {url}: {e}"))?;
    let parsed = Token::parse(&token, TokenKind::User).map_err(|e| format!("token: {e}"))?;
    ensure(
        token.starts_with("pss_user:v1:") && parsed.form() == TokenForm::Console,
        || "the token is not in the Console's pss_user:v1:… form".into(),
    )?;
    let api = E2eeClient::new(host.clone(), parsed, ClientOptions::for_host(&host))
        .map_err(|e| e.to_string())?;
    let env = EnvSelector::new(app_id.clone(), env);
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

/// The keys this run creates: `BASE` = "alpha", `REF` = "${BASE}-x" with an override.
struct Keys {
    prefix: String,
    base: String,
    reference: String,
}

impl Keys {
    fn all(&self) -> Vec<String> {
        vec![self.base.clone(), self.reference.clone()]
    }

    /// REF's value as written.
    fn raw(&self) -> String {
        format!("${{{}}}-x", self.base)
    }

    /// REF's value with the reference resolved.
    fn resolved(&self) -> String {
        format!("{BASE_VALUE}-x")
    }
}

/// The secret `key` as the server holds it for this user right now (decrypted here, values
/// as written).
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
    let batch = [
        NewSecret {
            comment: Some("the referenced value".into()),
            ..NewSecret::new(&k.base, BASE_VALUE)
        },
        NewSecret {
            comment: Some("seeded by the e2ee journey".into()),
            r#override: Some(OverrideInput {
                value: OVERRIDE_VALUE.into(),
                is_active: true,
            }),
            ..NewSecret::new(&k.reference, k.raw())
        },
    ];
    t.api
        .create_secrets(&t.env, &batch)
        .await
        .map_err(|e| format!("creating the journey's secrets: {e}"))?;
    // The server stores a new override active: switch it off, so that the shared value
    // (the reference) is what the row reveals.
    let s = fetch(t, &k.reference).await?;
    t.api
        .toggle_override(&t.env, &s, false)
        .await
        .map_err(|e| format!("switching the seeded override off: {e}"))?;
    let s = fetch(t, &k.reference).await?;
    ensure(
        s.value.expose() == k.raw() && s.r#override.as_ref().is_some_and(|o| !o.is_active),
        || "the seeded REF is not as written with its override off".into(),
    )
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
        "[e2e] e2ee: deleted {} {prefix}* secrets ({} left)",
        ids.len(),
        left.len()
    );
    ensure(left.is_empty(), || {
        format!("{} {prefix}* secrets are still on the server", left.len())
    })
}

/// Picks the E2EE app (listed as end-to-end and enabled) and the development tab, then
/// narrows to our keys.
async fn browse(app: &mut App, t: &Target, k: &Keys) -> TestResult {
    let option = format!("{} option[value=\"{}\"]", tid("app-picker"), t.app_id);
    let entry = app
        .wait_value(
            "the E2EE app in the picker, enabled",
            WAIT,
            || {
                app.js(
                    "const o = document.querySelector(arguments[0]); \
                     if (!o || o.disabled || o.parentElement.disabled) return null; \
                     return [o.textContent.trim(), o.dataset.mode || '', o.parentElement.label || ''];",
                    vec![json!(option)],
                )
            },
            |v| v.is_array(),
        )
        .await?;
    let (label, mode, group) = (
        entry[0].as_str().unwrap_or_default(),
        entry[1].as_str().unwrap_or_default(),
        entry[2].as_str().unwrap_or_default(),
    );
    ensure(
        label == t.app_name && mode == "end-to-end" && group == "End-to-end encrypted",
        || {
            format!(
                "the picker lists the app as {label:?} ({mode:?}, group {group:?}), expected {:?}, end-to-end",
                t.app_name
            )
        },
    )?;
    app.choose(&tid("app-picker"), &t.app_id).await?;
    ui::wait_app(app, &t.app_id).await?;
    let badge = tid("app-mode");
    app.wait_value(
        "the picker's mode badge to say end-to-end",
        WAIT,
        || app.attr(&badge, "data-mode"),
        |m| m.as_deref() == Some("end-to-end"),
    )
    .await?;
    // The tab shows the server's spelling ("Development" on the real server).
    let env = app
        .wait_value(
            "the development tab",
            WAIT,
            || app.js(ENV_TAB_JS, vec![json!("development")]),
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
    let start = app
        .attr(&in_row(&k.reference, "override-toggle"), "data-state")
        .await?;
    ensure(start.as_deref() == Some("off"), || {
        format!("the seeded override is shown {start:?}, expected off")
    })?;
    eprintln!("[e2e] e2ee: listing {:?} / {env}", t.app_name);
    app.shot("listing").await
}

/// Reveals REF: the cell shows the value with `${BASE}` resolved, never the raw text.
async fn shown(app: &App, key: &str) -> TestResult<String> {
    Ok(ui::row_of(app, key).await?.value)
}

async fn reveal(app: &mut App, k: &Keys) -> TestResult {
    let before = shown(app, &k.reference).await?;
    ensure(
        !before.contains(BASE_VALUE) && !before.contains("${"),
        || format!("REF is shown before revealing: {before:?}"),
    )?;
    app.click(&in_row(&k.reference, "reveal-button")).await?;
    let want = k.resolved();
    app.wait_value(
        "REF revealed with its reference resolved",
        WAIT,
        || shown(app, &k.reference),
        |v| v == &want,
    )
    .await?;
    eprintln!("[e2e] e2ee: REF revealed as {want:?}");
    app.shot("revealed").await?;
    // Hidden again before the editor opens.
    app.click(&in_row(&k.reference, "reveal-button")).await?;
    let hidden = || shown(app, &k.reference);
    app.wait_value("REF hidden again", WAIT, hidden, |v| v != &want)
        .await
        .map(|_| ())
}

/// Edits REF's comment: the editor shows the value as written with its reference named,
/// and the server keeps that value (not flattened) with the new comment.
async fn edit_comment(app: &mut App, t: &Target, k: &Keys) -> TestResult {
    let before = fetch(t, &k.reference).await?;
    ui::open_editor(app, &k.reference).await?;
    let field = format!("{EDITOR} {}", tid("field-value"));
    let raw = app.prop(&field, "value").await?.unwrap_or_default();
    ensure(raw == k.raw(), || {
        format!(
            "the editor's value field holds {raw:?}, expected {:?}",
            k.raw()
        )
    })?;
    let named = app
        .js(
            "return Array.from(document.querySelectorAll('[data-testid=\"value-reference\"]')).map(r => [r.textContent, r.dataset.scope])",
            vec![],
        )
        .await?;
    let want = format!("${{{}}}", k.base);
    ensure(named == json!([[want, "local"]]), || {
        format!("the editor names the references {named}, expected [[{want:?}, \"local\"]]")
    })?;
    // Shown: the raw text, `${...}` and all, as the person edits it.
    app.click(&format!("{EDITOR} label[for=\"ed-value\"] button"))
        .await?;
    app.wait_js_with(
        "const f = document.querySelector(arguments[0]); return !!f && f.tagName === 'TEXTAREA' && f.value === arguments[1]",
        vec![json!(field), json!(k.raw())],
        "the value shown as written",
        WAIT,
    )
    .await?;
    let comment = format!("edited in the window {}", &k.prefix[4..12]);
    app.fill(&tid("field-comment"), &comment).await?;
    app.shot("edit-comment").await?;
    app.click(&format!("{EDITOR} {}", tid("save-button")))
        .await?;
    app.gone(EDITOR).await?;
    let after = app
        .wait_value(
            "the new comment on the server",
            WAIT,
            || fetch(t, &k.reference),
            |s| s.comment == comment,
        )
        .await?;
    ensure(after.value.expose() == k.raw(), || {
        format!(
            "saving the comment changed REF's value to {:?} (expected it as written, {:?})",
            after.value.expose(),
            k.raw()
        )
    })?;
    let same = |s: &Secret| {
        let o = s.r#override.as_ref();
        format!(
            "{}{}{:?}{:?}{:?}",
            s.key,
            s.path,
            s.tags,
            o.map(|o| o.value.expose().to_string()),
            o.map(|o| o.is_active)
        )
    };
    ensure(same(&after) == same(&before), || {
        "saving the comment changed the key, path, tags or override".into()
    })?;
    eprintln!(
        "[e2e] e2ee: comment saved, value still {:?}, version {} -> {}",
        k.raw(),
        before.version,
        after.version
    );
    Ok(())
}

/// Clicks REF's override switch and checks the screen and the server agree on `on`.
async fn switch_override(app: &mut App, t: &Target, k: &Keys, on: bool) -> TestResult {
    let toggle = in_row(&k.reference, "override-toggle");
    let state = if on { "on" } else { "off" };
    app.click(&toggle).await?;
    app.wait_value(
        &format!("the toggle of REF {state}"),
        WAIT,
        || app.attr(&toggle, "data-state"),
        |s| s.as_deref() == Some(state),
    )
    .await?;
    let what = format!("the override {state} on the server");
    let active = |s: &Secret| s.r#override.as_ref().is_some_and(|o| o.is_active == on);
    let s = app
        .wait_value(&what, WAIT, || fetch(t, &k.reference), active)
        .await?;
    let kept = s.r#override.as_ref().map(|o| o.value.expose());
    ensure(
        kept == Some(OVERRIDE_VALUE) && s.value.expose() == k.raw(),
        || "switching the override changed the override or the shared value".into(),
    )?;
    eprintln!("[e2e] e2ee: override {state} on the server");
    app.shot(&format!("override-{state}")).await
}

async fn steps(app: &mut App, t: &Target, k: &Keys) -> TestResult {
    ui::add_pasted_account(app, ACCOUNT, &t.url, &t.token).await?;
    browse(app, t, k).await?;
    reveal(app, k).await?;
    edit_comment(app, t, k).await?;
    switch_override(app, t, k, true).await?;
    switch_override(app, t, k, false).await?;
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
fn e2ee_pasted_token_browse_reveal_reference_edit_override() {
    journey("e2ee", |name| async move {
        let t = target().await?;
        eprintln!("[e2e] {name}: running against {}", t.label);
        let hex = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
        let prefix = format!("E2E_{hex}_");
        let k = Keys {
            base: format!("{prefix}BASE"),
            reference: format!("{prefix}REF"),
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
