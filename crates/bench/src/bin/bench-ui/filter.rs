//! Filter keystrokes typed into a window's search box, and their floor: the same keys
//! typed into a bare Tauri window showing a plain table of the app's size
//! (`crates/bench/bare-template/dist/table.html`) loaded with the same listing.

use std::path::Path;
use std::time::Duration;

use bench::{percentile, summary, SandboxHost};
use fantoccini::{Client, Locator};
use phase_api::{ClientOptions, EnvSelector, Host, PhaseClient, SecretFilter, Token, TokenKind};
use serde_json::{json, Value};

use crate::driver::{click, js, keystrokes, poll, Driver};
use crate::ten_k::INSTALL_PROBES;
use crate::R;

/// First `filter-painted` after the last keydown, and the value search that landed after
/// it (`values-found`) with the `filter-painted` that followed; null until the first exists.
/// Also when the app's update for the key was done (a microtask queued after the `input`
/// handlers runs after Svelte's) and when the next frame started (an animation callback
/// asked for at keydown), both from the probes `INSTALL_PROBES` puts in the page.
const FILTER_AFTER_KEY: &str = "const k = window.__bench.keys.at(-1); \
    const m = performance.getEntriesByName('filter-painted').filter(e => e.startTime >= k); \
    const f = performance.getEntriesByName('values-found').filter(e => e.startTime >= k); \
    const t = document.querySelector('[data-testid=secret-table]'); \
    const landed = f.length ? m.find(e => e.startTime >= f[0].startTime) : null; \
    const fr = window.__bench.frames.find(t => t >= k); const fl = window.__bench.flushed.find(t => t >= k); \
    return m.length ? { first: m[0].startTime - k, frame: fr === undefined ? null : fr - k, flushed: fl === undefined ? null : fl - k, landing: landed ? landed.startTime - f[0].startTime : null, rows: Number(t.getAttribute('aria-rowcount')) } : null";

/// Where a filter keystroke's time goes, split by whether it changed the rows shown:
/// keydown → the app's update done (script), → the next frame's animation callbacks (the
/// frame starts), → painted (that frame's style, layout and paint).
#[derive(Default)]
pub(crate) struct KeySplit {
    script: [Vec<f64>; 2],
    to_frame: [Vec<f64>; 2],
    render: [Vec<f64>; 2],
}

impl KeySplit {
    fn add(&mut self, v: &Value, rows_changed: bool) {
        let i = rows_changed as usize;
        let (Some(script), Some(frame), Some(painted)) = (
            v["flushed"].as_f64(),
            v["frame"].as_f64(),
            v["first"].as_f64(),
        ) else {
            return;
        };
        self.script[i].push(script);
        self.to_frame[i].push(frame);
        self.render[i].push(painted - frame);
    }

    fn print(&self, label: &str) {
        for (i, what) in ["rows kept", "rows changed"].iter().enumerate() {
            let p = |v: &[f64]| format!("{:.0} / {:.0}", percentile(v, 50.0), percentile(v, 95.0));
            eprintln!(
                "[bench] {label}: filter keys with {what} ({}), p50 / p95 ms: keydown → update done {}, → frame starts {}, frame → painted {}",
                self.script[i].len(),
                p(&self.script[i]),
                p(&self.to_frame[i]),
                p(&self.render[i])
            );
        }
    }

    pub(crate) fn json(&self) -> Value {
        let part = |i: usize| {
            json!({
                "keys": self.script[i].len(),
                "keydown_to_update_done_ms": summary(&self.script[i]),
                "keydown_to_frame_start_ms": summary(&self.to_frame[i]),
                "frame_start_to_painted_ms": summary(&self.render[i]),
            })
        };
        json!({ "rows_kept": part(0), "rows_changed": part(1) })
    }
}

/// What typing the bench's keystrokes gave: keydown → painted per key, value-search
/// answer → painted per landed search, rows shown after each key, and the split.
pub(crate) struct FilterKeys {
    pub(crate) first: Vec<f64>,
    pub(crate) landing: Vec<f64>,
    pub(crate) shown: Vec<u64>,
    pub(crate) split: KeySplit,
}

impl FilterKeys {
    pub(crate) fn print(&self, label: &str) {
        self.split.print(label);
        let landed = if self.landing.is_empty() {
            String::new()
        } else {
            format!(
                "; value search landed → painted p95 {:.1} ms ({})",
                percentile(&self.landing, 95.0),
                self.landing.len()
            )
        };
        eprintln!(
            "[bench] {label}: filter keystroke → painted p50 {:.1} ms, p95 {:.1} ms ({} keys){landed}",
            percentile(&self.first, 50.0),
            percentile(&self.first, 95.0),
            self.first.len(),
        );
    }
}

/// Types the bench's keystrokes (real WebDriver key events) into the search box of a page
/// with `INSTALL_PROBES` installed and `rows` rows shown, one key every ~450 ms.
pub(crate) async fn type_filter_keys(c: &Client, rows: u64) -> R<FilterKeys> {
    tokio::time::sleep(Duration::from_secs(1)).await;
    click(c, "[data-testid=search-input]").await?;
    let search = c
        .find(Locator::Css("[data-testid=search-input]"))
        .await
        .map_err(|e| e.to_string())?;
    let mut out = FilterKeys {
        first: Vec::new(),
        landing: Vec::new(),
        shown: Vec::new(),
        split: KeySplit::default(),
    };
    let mut rows_before = rows;
    if crate::gaps::wanted() {
        crate::gaps::install(c).await?;
    }
    for k in keystrokes(&["aws_token", "db_password", "cache"]) {
        search
            .send_keys(&k)
            .await
            .map_err(|e| format!("type: {e}"))?;
        let v = poll(
            c,
            FILTER_AFTER_KEY,
            vec![],
            Duration::from_secs(10),
            Duration::from_millis(5),
            "filter-painted",
        )
        .await?;
        // Let the debounced value search (150 ms + IPC) land and repaint.
        tokio::time::sleep(Duration::from_millis(450)).await;
        let v2 = js(c, FILTER_AFTER_KEY, vec![]).await?;
        out.first.push(v["first"].as_f64().unwrap_or(f64::NAN));
        if let Some(s) = v2["landing"].as_f64() {
            out.landing.push(s);
        }
        let shown = v2["rows"].as_u64().unwrap_or(0);
        out.shown.push(shown);
        // The count stands for the set: typing narrows and a backspace widens, so a key
        // keeps the same rows exactly when it keeps their number.
        out.split.add(&v, v["rows"].as_u64() != Some(rows_before));
        rows_before = shown;
        if std::env::var_os("BENCH_KEY_TRACE").is_some() {
            let wall = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64());
            eprintln!("[bench] key {k:?} at {wall:.3}: {v}");
        }
    }
    if crate::gaps::wanted() {
        crate::gaps::print(c, "keys", rows, &out.shown).await?;
    }
    Ok(out)
}

/// The bench app's development listing as `[key, path, comment, tags]` rows, through the
/// project's own client.
async fn bench_rows(host: &SandboxHost) -> R<Vec<Value>> {
    let sb = &host.sandbox;
    let app = sb.bench_app_id().ok_or("no bench app")?;
    let fail = |e: String| format!("listing for the floor: {e}");
    let api_host = Host::custom(&sb.base_url()).map_err(|e| fail(e.to_string()))?;
    let token = Token::new(TokenKind::User, sb.user_token()).map_err(|e| fail(e.to_string()))?;
    let client = PhaseClient::new(api_host.clone(), token, ClientOptions::for_host(&api_host))
        .map_err(|e| fail(e.to_string()))?;
    let list = client
        .list_secrets(
            &EnvSelector::new(&app, "development"),
            &SecretFilter::default(),
        )
        .await
        .map_err(|e| fail(e.to_string()))?;
    Ok(list
        .into_iter()
        .map(|s| json!([s.key, s.path, s.comment, s.tags.join(", ")]))
        .collect())
}

/// The filter figure's floor: the bare window (with the app's renderer choice) showing
/// `table.html` loaded with the bench app's 10k rows, and the app's keystrokes typed into it.
pub(crate) async fn filter_floor(host: &SandboxHost, bare: &Path) -> R<Value> {
    let rows = bench_rows(host).await?;
    let (driver, c) = Driver::open(bare, &[("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]).await?;
    let url = c.current_url().await.map_err(|e| e.to_string())?;
    let table = url.join("table.html").map_err(|e| e.to_string())?;
    c.goto(table.as_str()).await.map_err(|e| e.to_string())?;
    let wait = |script: &'static str, what: &'static str| {
        poll(
            &c,
            script,
            vec![],
            Duration::from_secs(20),
            Duration::from_millis(20),
            what,
        )
    };
    wait("return typeof window.__floor === 'object'", "table.html").await?;
    js(&c, INSTALL_PROBES, vec![]).await?;
    let n = js(
        &c,
        "return window.__floor.load(arguments[0])",
        vec![Value::Array(rows)],
    )
    .await?;
    wait(
        "return performance.getEntriesByName('floor-loaded').length > 0",
        "floor-loaded",
    )
    .await?;
    let n = n.as_u64().ok_or("the floor page took no rows")?;
    let keys = type_filter_keys(&c, n).await?;
    keys.print("floor");
    let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
    drop(driver);
    Ok(json!({
        "rows": n,
        "filter_keystroke_to_painted_ms": summary(&keys.first),
        "filter_p50_ms": percentile(&keys.first, 50.0),
        "filter_p95_ms": percentile(&keys.first, 95.0),
        "filter_rows_shown": keys.shown,
        "filter_split": keys.split.json(),
    }))
}
