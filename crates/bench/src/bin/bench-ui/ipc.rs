//! `bench-ui --ipc-probe --app …`: where an environment click's time goes between Rust and
//! the page with 10k secrets (prints only; not a reported figure). From the page: the
//! `list_secrets` round trip, the server-and-decode part Rust reports in `elapsedMs`,
//! and what stringifying and parsing the same answer costs in JavaScriptCore.

use std::path::Path;
use std::time::Duration;

use bench::SandboxHost;
use serde_json::json;

use crate::driver::click;
use crate::ten_k::{open_bench_app, paint_after_click};
use crate::R;

/// Records when the page asks for `list_secrets` and when the answer's bytes are in
/// (Tauri's IPC goes through `fetch` on Linux).
const RECORD_IPC: &str = "const orig = window.fetch; window.__ipcLog = []; \
  window.fetch = function (url, ...rest) { const t0 = performance.now(); const p = orig.call(this, url, ...rest); \
    p.then((r) => r.clone().text()).then((t) => { const t1 = performance.now(); const m = /\"elapsedMs\":(\\d+)/.exec(t); window.__ipcLog.push([t0, t1, String(url) + (m ? ` (Rust ${m[1]})` : '')]); }, () => {}); return p; }; return true";

/// The phases of the last environment click, in ms from the click.
const CLICK_PHASES: &str = "const c = window.__bench.clicks.at(-1); const call = window.__ipcLog.filter(e => e[0] >= c && e[2].includes('list_secrets')).at(-1); \
  const at = (n) => { const e = performance.getEntriesByName(n).filter(e => e.startTime >= c)[0]; return e ? e.startTime - c : null; }; \
  return { invoked: call ? call[0] - c : null, answered: call ? call[1] - c : null, loaded: at('secrets-loaded'), rendered: at('secrets-rendered'), painted: at('secrets-painted'), calls: window.__ipcLog.filter(e => e[0] >= c - 5).map(e => `${e[2].split('/').pop()} ${Math.round(e[0] - c)}..${Math.round(e[1] - c)}`).join(', ') }";

const ROUND_TRIPS: &str = "const done = arguments[arguments.length - 1]; const appId = arguments[0]; \
  (async () => { \
    const invoke = window.__TAURI_INTERNALS__.invoke; const out = []; \
    for (let i = 0; i < 7; i++) { \
      const t0 = performance.now(); \
      const list = await invoke('list_secrets', { appId, env: i % 2 ? 'staging' : 'development', tags: [], path: null }); \
      const t1 = performance.now(); \
      const text = JSON.stringify(list); const t2 = performance.now(); \
      JSON.parse(text); const t3 = performance.now(); \
      const s0 = performance.now(); await invoke('cancel_listing'); const s1 = performance.now(); \
      out.push({ roundTrip: t1 - t0, rust: list.elapsedMs, stringify: t2 - t1, parse: t3 - t2, bytes: text.length, small: s1 - s0 }); \
    } \
    done(out); \
  })().catch(e => done({ error: String(e) }));";

pub(crate) async fn ipc_probe(host: &SandboxHost, exe: &Path) -> R {
    let sb = &host.sandbox;
    let app_id = sb.bench_app_id().ok_or("no bench app")?;
    let (_driver, c, _) = open_bench_app(sb, exe, 10_000).await?;
    let runs = c
        .execute_async(ROUND_TRIPS, vec![json!(app_id)])
        .await
        .map_err(|e| format!("probe: {e}"))?;
    for r in runs
        .as_array()
        .ok_or_else(|| format!("probe failed: {runs}"))?
    {
        eprintln!(
            "[ipc] list_secrets round trip {:.0} ms (elapsedMs {}), JSON.stringify {:.0} ms, JSON.parse {:.0} ms, {} chars; a small command {:.1} ms",
            r["roundTrip"].as_f64().unwrap_or(f64::NAN),
            r["rust"],
            r["stringify"].as_f64().unwrap_or(f64::NAN),
            r["parse"].as_f64().unwrap_or(f64::NAN),
            r["bytes"],
            r["small"].as_f64().unwrap_or(f64::NAN),
        );
    }
    crate::driver::js(&c, RECORD_IPC, vec![]).await?;
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(&c, "[data-testid=env-tab][data-env=staging]").await?;
        paint_after_click(&c, 1_000).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(&c, "[data-testid=env-tab][data-env=development]").await?;
        paint_after_click(&c, 10_000).await?;
        let p = crate::driver::js(&c, CLICK_PHASES, vec![]).await?;
        let f = |k: &str| p[k].as_f64().unwrap_or(f64::NAN);
        eprintln!(
            "[ipc] click → invoke {:.0} → answer {:.0} → loaded {:.0} → rendered {:.0} → painted {:.0} ms",
            f("invoked"),
            f("answered"),
            f("loaded"),
            f("rendered"),
            f("painted")
        );
        eprintln!("[ipc]   calls: {}", p["calls"].as_str().unwrap_or(""));
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
    Ok(())
}
