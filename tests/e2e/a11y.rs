//! Issue 13, accessibility: axe-core (from `ui/node_modules`, a devDependency) run in the
//! real window on each main screen — table, editor, paste batch, checked rows with the bulk
//! dialog, copy and its review, settings, add account, lock screen — in the light and the
//! dark theme. Any `serious` or `critical` violation fails the journey, listed per screen.
//!
//! axe is injected through WebDriver's execute script (the page's CSP refuses inline
//! `<script>` tags, not the automation's own scripts: checked first); the embedded sandbox
//! gives the data. The table is also checked with a toast over it (a delete's undo).

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::harness::{ensure, journey, screenshot_dir, App, TestResult, WAIT};
use crate::server::DEV;
use crate::ui::{self, in_row, tid};
use crate::ux::{esc, press, EDITOR};

const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/ui/node_modules/axe-core/axe.min.js"
);

/// Runs axe on the whole document once nothing animates; resolves with the serious and
/// critical violations (rule, impact, help, node count, every target) or an error string.
/// Targets are CSS selectors; attribute values that could hold text of the page (a title,
/// a field's value) are left out of them, so no value reaches the test's output.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
const bare = t => t.replace(/\[(title|value|aria-label|placeholder|alt)="(?:[^"\\]|\\.)*"\]/g, '[$1]');
const still = () => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity);
const go = () => axe.run(document, { resultTypes: ['violations'] }).then(r => done({
  rules: r.violations.length + r.passes.length + r.incomplete.length + r.inapplicable.length,
  bad: r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    targets: v.nodes.map(n => bare(n.target.join(' ')) + (n.failureSummary ? ' — ' + n.failureSummary.split('\n').slice(1, 2).join('').trim() : '')),
  })),
})).catch(e => done({ error: String(e && e.stack || e) }));
const t0 = performance.now();
const wait = () => (still() || performance.now() - t0 > 2000) ? requestAnimationFrame(() => requestAnimationFrame(go)) : setTimeout(wait, 50);
wait();
"#;

struct Audit {
    source: String,
    /// (theme, screen, violations, rules checked, seconds)
    screens: Vec<(String, String, Vec<Value>, u64, f64)>,
}

impl Audit {
    fn new() -> TestResult<Audit> {
        let source = std::fs::read_to_string(AXE).map_err(|e| {
            format!("{AXE}: {e} (axe-core is a devDependency of ui/: run `npm ci` in ui/)")
        })?;
        Ok(Audit {
            source,
            screens: Vec::new(),
        })
    }

    /// Injects axe when the page does not have it yet, runs it, records the screen.
    async fn check(&mut self, app: &App, theme: &str, screen: &str) -> TestResult {
        let started = Instant::now();
        if app.js("return typeof window.axe", vec![]).await? != json!("object") {
            let version = app
                .js(
                    &format!("{}\n;return window.axe && window.axe.version", self.source),
                    vec![],
                )
                .await?;
            ensure(version.is_string(), || {
                format!("axe did not load in the page: {version}")
            })?;
        }
        let out = app
            .client
            .execute_async(RUN_AXE, vec![])
            .await
            .map_err(|e| format!("axe on {screen} ({theme}): {e}"))?;
        if let Some(e) = out.get("error") {
            return Err(format!("axe failed on {screen} ({theme}): {e}"));
        }
        let bad = out["bad"].as_array().cloned().unwrap_or_default();
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "[e2e] a11y {theme:5} {screen:14} {} serious/critical ({} rules, {secs:.1} s)",
            bad.len(),
            out["rules"]
        );
        // Every failing node, for whoever fixes them: artifacts/a11y/<theme>-<screen>.json.
        let dir = screenshot_dir().with_file_name("a11y");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let file = dir.join(format!("{theme}-{screen}.json"));
        let text = serde_json::to_string_pretty(&bad).map_err(|e| e.to_string())?;
        std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
        self.screens.push((
            theme.into(),
            screen.into(),
            bad,
            out["rules"].as_u64().unwrap_or(0),
            secs,
        ));
        Ok(())
    }

    fn verdict(&self) -> TestResult {
        ensure(self.screens.iter().all(|s| s.3 > 20), || {
            "axe checked suspiciously few rules on a screen".into()
        })?;
        let mut report = Vec::new();
        for (theme, screen, bad, _, _) in &self.screens {
            for v in bad {
                let targets: Vec<&str> = v["targets"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str())
                    .take(4)
                    .collect();
                report.push(format!(
                    "{screen} ({theme}): {} [{}] {} — {} node(s), first: {}",
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or("?"),
                    v["count"],
                    targets.join(" | ")
                ));
            }
        }
        ensure(report.is_empty(), || {
            format!(
                "{} serious or critical accessibility violations:\n{}",
                report.len(),
                report.join("\n")
            )
        })
    }
}

/// Opens Settings, chooses `theme` (applied at once) and checks the dialog in it.
async fn settings_in(app: &App, audit: &mut Audit, theme: &str) -> TestResult {
    app.click(&tid("settings-button")).await?;
    app.el(&tid("settings-dialog")).await?;
    app.click(&tid(&format!("theme-{theme}"))).await?;
    app.wait_js_with(
        "return document.documentElement.dataset.theme === arguments[0]",
        vec![json!(theme)],
        &format!("the {theme} theme"),
        WAIT,
    )
    .await?;
    audit.check(app, theme, "settings").await?;
    esc(app).await?;
    app.gone(&tid("settings-dialog")).await
}

/// Every screen of the list, in the theme now applied.
async fn screens(app: &App, audit: &mut Audit, theme: &str) -> TestResult {
    ui::wait_listing(app, DEV).await?;
    audit.check(app, theme, "table").await?;
    // The table with a toast over it: a delete waiting for its undo.
    app.click(&in_row("LOG_LEVEL", "delete-button")).await?;
    app.click(&tid("confirm-ok")).await?;
    app.el(&tid("undo-button")).await?;
    audit.check(app, theme, "table-toast").await?;
    app.click(&tid("undo-button")).await?;
    ui::row_of(app, "LOG_LEVEL").await?;

    ui::open_editor(app, "DB_HOST").await?;
    audit.check(app, theme, "editor").await?;
    esc(app).await?;
    app.gone(EDITOR).await?;

    // The paste batch with its preview: a new key, an existing one, an invalid line.
    app.click(&tid("batch-button")).await?;
    app.fill(
        &tid("batch-text"),
        "export NEW_ONE=\"x\"\nAPP_NAME=taken\nnot a line\n",
    )
    .await?;
    app.wait_js(
        "return document.querySelectorAll('[data-testid=\"batch-line\"]').length === 3",
        "the paste preview",
    )
    .await?;
    audit.check(app, theme, "batch-paste").await?;
    esc(app).await?;
    app.click(&tid("confirm-ok")).await?;
    app.gone(&tid("batch-panel")).await?;

    // Checked rows: the bulk bar, then the bulk dialog.
    for key in ["APP_NAME", "DB_HOST"] {
        app.click(&in_row(key, "row-select")).await?;
    }
    app.el(&tid("bulk-bar")).await?;
    audit.check(app, theme, "batch-selected").await?;
    app.click(&tid("bulk-add-tag-button")).await?;
    app.el(&tid("bulk-dialog")).await?;
    audit.check(app, theme, "batch-dialog").await?;
    esc(app).await?;
    app.gone(&tid("bulk-dialog")).await?;

    // Copy the checked rows to production: the copy dialog, then the review.
    app.click(&tid("copy-to-envs-button")).await?;
    app.el(&tid("copy-dialog")).await?;
    app.click("[data-testid=\"copy-to\"][value=\"production\"]")
        .await?;
    audit.check(app, theme, "copy").await?;
    app.click(&tid("copy-review")).await?;
    app.el(&tid("review-dialog")).await?;
    audit.check(app, theme, "review").await?;
    for _ in 0..3 {
        esc(app).await?;
        let open = app
            .js(
                "return !!document.querySelector('[data-testid=\"review-dialog\"], [data-testid=\"copy-dialog\"]')",
                vec![],
            )
            .await?;
        if open == json!(false) {
            break;
        }
    }
    app.gone(&tid("review-dialog")).await?;
    app.gone(&tid("copy-dialog")).await?;
    app.click(&tid("clear-selection-button")).await?;
    app.gone(&tid("bulk-bar")).await?;

    app.click(&tid("add-account-button")).await?;
    app.el(&tid("add-account-dialog")).await?;
    audit.check(app, theme, "add-account").await?;
    esc(app).await?;
    app.gone(&tid("add-account-dialog")).await?;

    press(app, &[Key::Control.into(), 'l']).await?;
    app.el(&tid("lock-screen")).await?;
    audit.check(app, theme, "lock").await?;
    app.click(&tid("unlock-button")).await?;
    app.gone(&tid("lock-screen")).await?;
    ui::wait_listing(app, DEV).await
}

#[test]
fn a11y_axe_finds_no_serious_violation_on_any_screen_in_either_theme() {
    journey("a11y-axe", |name| async move {
        let mut audit = Audit::new()?;
        let app = App::start(name, &[]).await?;
        ui::wait_listing(&app, DEV).await?;
        app.client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(60)),
                None,
                None,
            ))
            .await
            .map_err(|e| format!("script timeout: {e}"))?;
        // The CSP is in force in the real window: an inline <script> does not run.
        let inline = app
            .js(
                "const s = document.createElement('script'); s.textContent = 'window.__a11yInline = 1'; \
                 document.head.appendChild(s); s.remove(); return window.__a11yInline === undefined",
                vec![],
            )
            .await?;
        ensure(inline == json!(true), || {
            "an inline <script> ran: is the CSP missing?".into()
        })?;
        for theme in ["light", "dark"] {
            settings_in(&app, &mut audit, theme).await?;
            screens(&app, &mut audit, theme).await?;
        }
        let total: f64 = audit.screens.iter().map(|s| s.4).sum();
        eprintln!(
            "[e2e] a11y: {} screens checked, axe took {total:.1} s in all",
            audit.screens.len()
        );
        let verdict = audit.verdict();
        app.finish().await?;
        verdict
    });
}
