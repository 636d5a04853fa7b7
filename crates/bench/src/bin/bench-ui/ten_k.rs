//! With 10k secrets: environment switches, filter keystrokes, scrolling the virtual
//! table, memory with 10k loaded and the sandbox's request count over an idle window.

use std::path::Path;
use std::time::Duration;

use bench::{find_exe_in_tree, percentile, round, summary, tree_cpu_ms, tree_memory, SandboxHost};
use fantoccini::Client;
use serde_json::{json, Value};

use crate::driver::{add_account_and_wait_for, choose, click, js, poll, Driver};
use crate::filter::type_filter_keys;
use crate::{R, SETTLE};

pub(crate) const INSTALL_PROBES: &str = "window.__bench = { clicks: [], keys: [], frames: [], flushed: [] }; \
    window.addEventListener('input', () => queueMicrotask(() => window.__bench.flushed.push(performance.now())), false); \
    document.addEventListener('click', () => window.__bench.clicks.push(performance.now()), true); \
    document.addEventListener('change', () => window.__bench.clicks.push(performance.now()), true); \
    document.addEventListener('keydown', () => { window.__bench.keys.push(performance.now()); requestAnimationFrame(() => window.__bench.frames.push(performance.now())); }, true); \
    return true";

/// Time from the last click/change to the first `secrets-painted` after it, and from the
/// `secrets-loaded` mark before that paint (the listing reached the window) to the paint,
/// once the table shows `rows` rows and is not busy.
const PAINT_AFTER_CLICK: &str = "const c = window.__bench.clicks.at(-1); \
    const m = performance.getEntriesByName('secrets-painted').filter(e => e.startTime >= c); \
    const t = document.querySelector('[data-testid=secret-table]'); \
    if (!m.length || !t || t.getAttribute('aria-rowcount') !== String(arguments[0]) || t.getAttribute('aria-busy') === 'true') return null; \
    const l = performance.getEntriesByName('secrets-loaded').filter(e => e.startTime >= c && e.startTime <= m[0].startTime); \
    return { total: m[0].startTime - c, window: l.length ? m[0].startTime - l.at(-1).startTime : null }";

/// Environment click → painted: (whole, the window's share from data in to painted).
pub(crate) async fn paint_after_click(c: &Client, rows: usize) -> R<(f64, f64)> {
    let v = poll(
        c,
        PAINT_AFTER_CLICK,
        vec![json!(rows)],
        Duration::from_secs(60),
        Duration::from_millis(20),
        "secrets-painted",
    )
    .await?;
    let total = v["total"]
        .as_f64()
        .ok_or_else(|| format!("not a number: {v}"))?;
    Ok((total, v["window"].as_f64().unwrap_or(f64::NAN)))
}

const SCROLL: &str = "const done = arguments[arguments.length - 1]; \
  (async () => { \
    const frame = () => new Promise(r => requestAnimationFrame(() => r())); \
    const sc = document.querySelector('[data-testid=secret-table] .body'); \
    sc.scrollTop = 0; await frame(); await frame(); \
    const step = sc.clientHeight; const frames = []; \
    const t0 = performance.now(); let last = t0; \
    while (sc.scrollTop + sc.clientHeight < sc.scrollHeight - 1) { \
      sc.scrollTop = sc.scrollTop + step; await frame(); \
      const now = performance.now(); frames.push(now - last); last = now; \
    } \
    await frame(); \
    const total = performance.now() - t0; \
    const rows = sc.querySelectorAll('[data-testid=secret-row]'); \
    done({ total, frames, step, scrollHeight: sc.scrollHeight, rendered: rows.length, lastKey: rows.length ? rows[rows.length - 1].dataset.key : null }); \
  })().catch(e => done({ error: String(e) }));";

/// A fresh window with an account on `sb` added through the UI, the Bench app chosen and
/// its first environment (`rows` secrets) painted: the driver, the session, and the
/// choice → painted time with the window's share of it.
pub(crate) async fn open_bench_app(
    sb: &phase_sandbox::Sandbox,
    exe: &Path,
    rows: usize,
) -> R<(Driver, Client, (f64, f64))> {
    let bench_app = sb.bench_app_id().ok_or("no bench app")?;
    let (driver, c) = Driver::open(exe, &[]).await?;
    add_account_and_wait_for(&c, sb, &bench_app).await?;
    js(&c, INSTALL_PROBES, vec![]).await?;
    choose(&c, "[data-testid=app-picker]", &bench_app).await?;
    let painted = paint_after_click(&c, rows).await?;
    Ok((driver, c, painted))
}

/// One switch to staging (1k secrets) and back to development (10k), each half a second
/// after the last paint: the 1k paint time, and the 10k paint time with its window share.
pub(crate) async fn staging_and_back(c: &Client) -> R<(f64, (f64, f64))> {
    tokio::time::sleep(Duration::from_millis(500)).await;
    click(c, "[data-testid=env-tab][data-env=staging]").await?;
    let one_k = paint_after_click(c, 1_000).await?.0;
    tokio::time::sleep(Duration::from_millis(500)).await;
    click(c, "[data-testid=env-tab][data-env=development]").await?;
    Ok((one_k, paint_after_click(c, 10_000).await?))
}

/// `quick`: the paint, filter and scroll figures only (no memory, no idle window).
pub(crate) async fn ten_k(host: &SandboxHost, exe: &Path, idle_secs: u64, quick: bool) -> R<Value> {
    let sb = &host.sandbox;
    // Choose the Bench app: its first environment (development, 10k) loads.
    let (driver, c, (app_choose_ms, first_window)) = open_bench_app(sb, exe, 10_000).await?;
    eprintln!("[bench] webview: choose app → 10k painted {app_choose_ms:.0} ms (data in → painted {first_window:.0} ms)");
    let pid = find_exe_in_tree(driver.pid(), exe).ok_or("the app's process was not found")?;
    rss_stage(pid, "first 10k painted").await;

    // Environment switches: staging (1k) then development (10k), measured on development.
    let (mut paint, mut paint_window, mut paint_1k) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        let (one_k, (t, w)) = staging_and_back(&c).await?;
        paint_1k.push(one_k);
        eprintln!("[bench] webview: development tab → 10k painted {t:.0} ms (data in → painted {w:.0} ms)");
        paint.push(t);
        paint_window.push(w);
    }
    rss_stage(pid, "after the environment switches").await;
    let ipc = js(
        &c,
        "return performance.getEntriesByType('resource').filter(e => /list_secrets/.test(e.name)).map(e => ({ name: e.name, duration: e.duration, size: e.transferSize || e.encodedBodySize || 0 }))",
        vec![],
    )
    .await
    .unwrap_or(Value::Null);

    // Filter keystrokes (real WebDriver key events into the search box).
    let keys = type_filter_keys(&c, 10_000).await?;
    keys.print("webview");

    rss_stage(pid, "after the filter keystrokes").await;
    // Scroll the whole virtual table, one viewport per frame.
    poll(&c, "const t = document.querySelector('[data-testid=secret-table]'); return t && t.getAttribute('aria-rowcount') === '10000'", vec![], Duration::from_secs(10), Duration::from_millis(50), "10000 rows").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let cpu_before = tree_cpu_ms(pid);
    let scroll = c
        .execute_async(SCROLL, vec![])
        .await
        .map_err(|e| format!("scroll: {e}"))?;
    let scroll_cpu = tree_cpu_ms(pid) - cpu_before;
    if std::env::var_os("BENCH_RSS_TRACE").is_some() {
        // A second pass: memory that grows again is added per pass; memory that does not
        // was a cache filled by the first, or is released during the second (a collection
        // or a trimmed buffer pool; RSS alone does not tell those apart).
        rss_stage(pid, "after one scroll").await;
        c.execute_async(SCROLL, vec![])
            .await
            .map_err(|e| format!("scroll: {e}"))?;
        rss_stage(pid, "after a second scroll").await;
    }
    let frames: Vec<f64> = scroll["frames"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    if frames.is_empty() {
        return Err(format!("scroll gave no frames: {scroll}"));
    }
    eprintln!(
        "[bench] webview: scrolled 10k rows in {:.0} ms ({} steps, frame p95 {:.1} ms, CPU {:.1} ms per step)",
        scroll["total"].as_f64().unwrap_or(0.0),
        frames.len(),
        percentile(&frames, 95.0),
        scroll_cpu / frames.len() as f64
    );

    let mut out = json!({
        "app_choose_to_10k_painted_ms": app_choose_ms,
        // The first visit draws 10k rows; a repeat visit shows the rows held from before
        // and the server's answer confirms them, so its window share is about a frame.
        "app_choose_window_share_ms": first_window,
        "env_click_to_10k_painted_ms": summary(&paint),
        "env_click_window_share_ms": summary(&paint_window),
        "env_click_to_1k_painted_ms": summary(&paint_1k),
        "ipc_resource_timing": ipc,
        "filter_keystroke_to_painted_ms": summary(&keys.first),
        "filter_p50_ms": percentile(&keys.first, 50.0),
        "filter_p95_ms": percentile(&keys.first, 95.0),
        "value_search_landed_to_painted_ms": if keys.landing.is_empty() { Value::Null } else { summary(&keys.landing) },
        "filter_rows_shown": keys.shown,
        "filter_split": keys.split.json(),
        "scroll": {
            "total_ms": scroll["total"],
            "steps": frames.len(),
            "step_px": scroll["step"],
            "scroll_height_px": scroll["scrollHeight"],
            "rows_in_dom_at_end": scroll["rendered"],
            "last_key_at_end": scroll["lastKey"],
            "frame_ms": summary(&frames),
            "cpu_ms_per_step": round(scroll_cpu / frames.len() as f64, 2),
            "frames_over_16_7ms": frames.iter().filter(|f| **f > 16.7).count(),
            "frames_over_33_4ms": frames.iter().filter(|f| **f > 33.4).count(),
        },
    });
    // Memory with 10k loaded (quick runs too, to compare allocator settings), then idle
    // requests.
    tokio::time::sleep(SETTLE).await;
    let mem = tree_memory(pid);
    if quick {
        let trace = rss_trace(pid).await;
        let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
        let more = json!({
            "rss_10k_mb": mem.rss_mb,
            "processes_10k": mem.processes.iter().map(|(p, n, mb)| json!({"pid": p, "name": n, "rss_mb": round(*mb, 1)})).collect::<Vec<_>>(),
            "rss_trace": trace,
        });
        if let (Some(o), Value::Object(m)) = (out.as_object_mut(), more) {
            o.extend(m);
        }
        return Ok(out);
    }
    eprintln!(
        "[bench] webview: 10k loaded, RSS {:.0} MB; idling {idle_secs} s",
        mem.rss_mb
    );
    sb.reset_request_count();
    tokio::time::sleep(Duration::from_secs(idle_secs)).await;
    let idle_requests = sb.request_count();
    let mem_after_idle = tree_memory(pid);
    let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
    drop(driver);

    let more = json!({
        "rss_10k_mb": mem.rss_mb,
        "pss_10k_mb": mem.pss_mb,
        "processes_10k": mem.processes.iter().map(|(p, n, mb)| json!({"pid": p, "name": n, "rss_mb": round(*mb, 1)})).collect::<Vec<_>>(),
        "rss_10k_after_idle_mb": mem_after_idle.rss_mb,
        "idle_secs": idle_secs,
        "idle_requests": idle_requests,
    });
    if let (Some(o), Value::Object(m)) = (out.as_object_mut(), more) {
        o.extend(m);
    }
    Ok(out)
}

/// RSS of the whole process tree with a 50k-secret environment on screen (`host` seeded
/// with 50k; it is started outside the runtime, as sandboxes on their own runtime must be).
pub(crate) async fn fifty_k(host: &SandboxHost, exe: &Path) -> R<Value> {
    let sb = &host.sandbox;
    let (driver, c, (painted, window)) = open_bench_app(sb, exe, 50_000).await?;
    tokio::time::sleep(SETTLE).await;
    let pid = find_exe_in_tree(driver.pid(), exe).ok_or("the app's process was not found")?;
    let mem = tree_memory(pid);
    eprintln!(
        "[bench] webview: 50k painted in {painted:.0} ms (window {window:.0} ms), RSS {:.0} MB",
        mem.rss_mb
    );
    let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
    Ok(json!({
        "app_choose_to_50k_painted_ms": painted,
        "window_share_ms": window,
        "rss_50k_mb": mem.rss_mb,
        "pss_50k_mb": mem.pss_mb,
    }))
}

/// `BENCH_RSS_TRACE=1`: each process's RSS at a stage of the 10k workout, after a settle
/// (a working aid: where the 10k figure's memory comes from).
async fn rss_stage(pid: u32, stage: &str) {
    if std::env::var_os("BENCH_RSS_TRACE").is_none() {
        return;
    }
    tokio::time::sleep(SETTLE).await;
    print_rss(pid, stage);
}

/// Prints the process tree's RSS, in total and per process, under `label`.
fn print_rss(pid: u32, label: &str) -> f64 {
    let mem = tree_memory(pid);
    let line: Vec<String> = mem
        .processes
        .iter()
        .map(|(_, n, mb)| format!("{n} {mb:.1}"))
        .collect();
    eprintln!(
        "[bench] RSS {label}: {:.1} MB ({})",
        mem.rss_mb,
        line.join(", ")
    );
    mem.rss_mb
}

/// `BENCH_RSS_TRACE=1`: each process's RSS at 5, 10, 20 and 40 s after the 10k figure,
/// to see which process gives memory back while the window idles (a working aid, empty
/// otherwise).
async fn rss_trace(pid: u32) -> Value {
    if std::env::var_os("BENCH_RSS_TRACE").is_none() {
        return Value::Null;
    }
    let mut samples = Vec::new();
    let mut at = 3;
    for next in [5u64, 10, 20, 40] {
        tokio::time::sleep(Duration::from_secs(next - at)).await;
        at = next;
        let rss_mb = print_rss(pid, &format!("at {next} s"));
        samples.push(json!({"secs": next, "rss_mb": round(rss_mb, 1)}));
    }
    Value::Array(samples)
}
