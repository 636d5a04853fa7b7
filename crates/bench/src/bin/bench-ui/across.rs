//! Issue 11's measures in the real window, on an app with 10k secrets in each of three
//! environments (`Seed::Across`): the side-by-side view painted against one
//! environment's table, filter keystrokes there, and a 5,000-line import from the
//! Review click to the painted review.

use std::path::Path;
use std::time::Duration;

use bench::{percentile, summary, SandboxHost};
use fantoccini::{Client, Locator};
use phase_sandbox::Seed;
use serde_json::{json, Value};

use crate::driver::{click, js, keystrokes, poll};
use crate::ten_k::{open_bench_app, paint_after_click};
use crate::R;

/// Time from the last click to the first `name` mark after it, once `ready` holds.
async fn mark_after_click(c: &Client, name: &str, ready: &str) -> R<f64> {
    let script = format!(
        "const c = window.__bench.clicks.at(-1); \
         const m = performance.getEntriesByName('{name}').filter(e => e.startTime >= c); \
         if (!m.length || !({ready})) return null; return m[0].startTime - c"
    );
    let v = poll(
        c,
        &script,
        vec![],
        Duration::from_secs(60),
        Duration::from_millis(20),
        name,
    )
    .await?;
    v.as_f64().ok_or_else(|| format!("not a number: {v}"))
}

/// Time from the last click to the first `name` mark after it, once it is there (call it
/// after a later mark was seen).
async fn mark_since_click(c: &Client, name: &str) -> R<f64> {
    let script = format!(
        "const c = window.__bench.clicks.at(-1); \
         const m = performance.getEntriesByName('{name}').filter(e => e.startTime >= c); \
         return m.length ? m[0].startTime - c : null"
    );
    let v = js(c, &script, vec![]).await?;
    v.as_f64()
        .ok_or_else(|| format!("no {name} mark after the click"))
}

const COMPARE_SHOWN: &str = "!!document.querySelector('[data-testid=compare-row]')";
const REVIEW_SHOWN: &str = "!!document.querySelector('[data-testid=review-line]')";

/// `compare-filter-painted` after the last keydown.
const FILTER_AFTER_KEY: &str = "const k = window.__bench.keys.at(-1); \
    const m = performance.getEntriesByName('compare-filter-painted').filter(e => e.startTime >= k); \
    const r = performance.getEntriesByName('compare-filter-rendered').filter(e => e.startTime >= k); \
    const i = (window.__bench.inputs || []).filter(t => t >= k); \
    return m.length && r.length ? [m[0].startTime - k, r[0].startTime - k, i.length ? i[0] - k : null] : null";

/// The sandbox these measures need (started outside any runtime: it has its own).
pub(crate) fn sandbox() -> SandboxHost {
    eprintln!("[bench] across: seeding 3 environments x 10000 secrets");
    SandboxHost::start(Seed::Across { count: 10_000 })
}

pub(crate) async fn across(host: &SandboxHost, exe: &Path) -> R<Value> {
    let sb = &host.sandbox;
    let (driver, c, _) = open_bench_app(sb, exe, 10_000).await?;

    // One environment's table: staging, then development (10k) measured.
    let mut table = Vec::new();
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(&c, "[data-testid=env-tab][data-env=staging]").await?;
        poll(&c, "const t = document.querySelector('[data-testid=secret-table]'); return t && t.getAttribute('aria-busy') === 'false' && t.getAttribute('aria-rowcount') !== '10000'", vec![], Duration::from_secs(30), Duration::from_millis(20), "staging").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(&c, "[data-testid=env-tab][data-env=development]").await?;
        table.push(paint_after_click(&c, 10_000).await?.0);
    }
    // The side-by-side view of the three environments, opened from the table.
    let mut compare = Vec::new();
    let mut compare_loaded = Vec::new();
    let mut rows = Value::Null;
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(&c, "[data-testid=compare-button]").await?;
        let t = mark_after_click(&c, "compare-painted", COMPARE_SHOWN).await?;
        let loaded = mark_since_click(&c, "compare-loaded").await?;
        let rendered = mark_since_click(&c, "compare-rendered").await?;
        eprintln!("[bench] across: compare 3 x 10k painted {t:.0} ms (in the window at {loaded:.0}, DOM updated at {rendered:.0})");
        compare.push(t);
        compare_loaded.push(loaded);
        rows = js(&c, "return document.querySelector('[data-testid=compare-view] [role=grid]').getAttribute('aria-rowcount')", vec![]).await?;
        click(&c, "[data-testid=compare-close]").await?;
        poll(
            &c,
            "return !!document.querySelector('[data-testid=secret-table]')",
            vec![],
            Duration::from_secs(10),
            Duration::from_millis(20),
            "the table",
        )
        .await?;
    }

    // Filter keystrokes in the side-by-side view.
    tokio::time::sleep(Duration::from_millis(500)).await;
    click(&c, "[data-testid=compare-button]").await?;
    mark_after_click(&c, "compare-painted", COMPARE_SHOWN).await?;
    click(&c, "[data-testid=compare-search]").await?;
    js(&c, "window.__bench.inputs = []; document.querySelector('[data-testid=compare-search]').addEventListener('input', () => window.__bench.inputs.push(performance.now()), true); return true", vec![]).await?;
    let search = c
        .find(Locator::Css("[data-testid=compare-search]"))
        .await
        .map_err(|e| e.to_string())?;
    let mut keys_ms = Vec::new();
    let mut rendered_ms = Vec::new();
    let mut input_ms = Vec::new();
    for k in keystrokes(&["aws_token", "db_pass", "cache"]) {
        search
            .send_keys(&k)
            .await
            .map_err(|e| format!("type: {e}"))?;
        let v = poll(
            &c,
            FILTER_AFTER_KEY,
            vec![],
            Duration::from_secs(10),
            Duration::from_millis(5),
            "compare-filter-painted",
        )
        .await?;
        keys_ms.push(v[0].as_f64().unwrap_or(f64::NAN));
        rendered_ms.push(v[1].as_f64().unwrap_or(f64::NAN));
        if let Some(i) = v[2].as_f64() {
            input_ms.push(i);
        }
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
    eprintln!(
        "[bench] across: compare filter keystroke p50 {:.1} ms, p95 {:.1} ms (input event: p50 {:.1}; DOM updated: p50 {:.1}, p95 {:.1})",
        percentile(&keys_ms, 50.0),
        percentile(&keys_ms, 95.0),
        percentile(&input_ms, 50.0),
        percentile(&rendered_ms, 50.0),
        percentile(&rendered_ms, 95.0)
    );
    click(&c, "[data-testid=compare-close]").await?;

    // A 5,000-line .env pasted into the import dialog: Review click → review painted.
    let text: String = (0..5000)
        .map(|i| format!("IMPORTED_KEY_{i:05}=\"value {i} with some text\"\n"))
        .collect();
    let mut import = Vec::new();
    let mut import_loaded = Vec::new();
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(&c, "[data-testid=import-button]").await?;
        poll(
            &c,
            "return !!document.querySelector('[data-testid=import-text]')",
            vec![],
            Duration::from_secs(10),
            Duration::from_millis(20),
            "the import dialog",
        )
        .await?;
        js(
            &c,
            "const t = document.querySelector('[data-testid=import-text]'); t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true })); return true",
            vec![json!(text)],
        )
        .await?;
        click(&c, "[data-testid=import-review]").await?;
        let t = mark_after_click(&c, "review-painted", REVIEW_SHOWN).await?;
        let loaded = mark_since_click(&c, "review-loaded").await?;
        let rendered = mark_since_click(&c, "review-rendered").await?;
        eprintln!("[bench] across: 5,000-line import, Review click → review painted {t:.0} ms (in the window at {loaded:.0}, DOM updated at {rendered:.0})");
        import.push(t);
        import_loaded.push(loaded);
        js(&c, "document.querySelector('[data-testid=review-dialog] .btn:not(.primary)').click(); return true", vec![]).await?;
        poll(
            &c,
            "return !document.querySelector('[data-testid=review-dialog]')",
            vec![],
            Duration::from_secs(10),
            Duration::from_millis(20),
            "the review to close",
        )
        .await?;
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
    drop(driver);
    let table_median = bench::median(&table);
    let compare_median = bench::median(&compare);
    Ok(json!({
        "table_10k_painted_ms": summary(&table),
        "compare_3x10k_painted_ms": summary(&compare),
        "compare_3x10k_loaded_ms": summary(&compare_loaded),
        "compare_rows": rows,
        "compare_over_table": bench::round(compare_median / table_median, 3),
        "compare_filter_keystroke_ms": summary(&keys_ms),
        "compare_filter_p95_ms": percentile(&keys_ms, 95.0),
        "compare_filter_keystroke_to_dom_updated_ms": summary(&rendered_ms),
        "compare_filter_keystroke_to_input_event_ms": summary(&input_ms),
        "import_5000_review_painted_ms": summary(&import),
        "import_5000_review_loaded_ms": summary(&import_loaded),
    }))
}
