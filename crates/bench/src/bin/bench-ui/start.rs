//! Cold starts: spawn → ready flag, paint timings and the process tree's memory.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bench::{find_exe_in_tree, ms, round, tree_memory};
use serde_json::{json, Value};

use crate::driver::{js, poll, Driver};
use crate::{R, READY, SETTLE};

/// One cold start: spawn (WebDriver new session) → ready flag; then memory after a settle.
pub(crate) async fn start_run(exe: &Path) -> R<Value> {
    start_run_with_env(exe, &[]).await
}

pub(crate) async fn start_run_with_env(exe: &Path, env: &[(&str, &str)]) -> R<Value> {
    let driver = Driver::start_with_env(env)?;
    let epoch0 = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let t0 = Instant::now();
    let client = driver.session(exe).await?;
    let session_ms = ms(t0.elapsed());
    poll(
        &client,
        READY,
        vec![],
        Duration::from_secs(60),
        Duration::from_millis(5),
        "ready",
    )
    .await?;
    let ready_ms = ms(t0.elapsed());
    let page = js(
        &client,
        "const p = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint'); \
         const m = performance.getEntriesByName('secrets-painted')[0]; \
         const n = performance.getEntriesByType('navigation')[0]; \
         const marks = performance.getEntriesByType('mark').map(e => [e.name, Math.round(e.startTime)]); \
         if (n) marks.unshift(['html-in', Math.round(n.responseEnd)], ['dom-interactive', Math.round(n.domInteractive)], ['dom-content-loaded', Math.round(n.domContentLoadedEventEnd)]); \
         return { origin: performance.timeOrigin, fcp: p ? p.startTime : null, painted: m ? m.startTime : null, marks }",
        vec![],
    )
    .await?;
    let origin_from_spawn = page["origin"].as_f64().unwrap_or(0.0) - ms(epoch0);
    tokio::time::sleep(SETTLE).await;
    let pid = find_exe_in_tree(driver.pid(), exe).ok_or("the app's process was not found")?;
    let mem = tree_memory(pid);
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    drop(driver);
    Ok(json!({
        "ready_ms": ready_ms,
        "session_ms": session_ms,
        "navigation_start_ms": origin_from_spawn,
        "fcp_ms": page["fcp"].as_f64().map(|f| origin_from_spawn + f),
        "secrets_painted_ms": page["painted"].as_f64().map(|f| origin_from_spawn + f),
        // The page's own marks (ms from navigation start), to see where a start spends its time.
        "marks": page["marks"],
        "rss_mb": mem.rss_mb,
        "pss_mb": mem.pss_mb,
        "processes": mem.processes.iter().map(|(p, n, mb)| json!({"pid": p, "name": n, "rss_mb": round(*mb, 1)})).collect::<Vec<_>>(),
    }))
}

pub(crate) fn col(runs: &[Value], key: &str) -> Vec<f64> {
    runs.iter().filter_map(|r| r[key].as_f64()).collect()
}

/// One start's figures (ms from the spawn) and the page's own marks (ms from navigation).
fn print_start(which: &str, run: &Value) {
    let at = |k: &str| run[k].as_f64().unwrap_or(0.0);
    eprintln!(
        "[bench] {which} ready {:.0} ms (session {:.0}, navigation {:.0}, fcp {:.0}), marks {}",
        at("ready_ms"),
        at("session_ms"),
        at("navigation_start_ms"),
        at("fcp_ms"),
        run["marks"]
    );
}

/// `bench-ui --starts-only N --app … [--bare …]`: alternating warm starts with each run's
/// marks and the medians, for work on the start (prints only; writes nothing).
pub(crate) async fn starts_only(app: &Path, bare: Option<&Path>, n: usize) -> R {
    start_run(app).await?;
    let (mut apps, mut bares) = (Vec::new(), Vec::new());
    for _ in 0..n {
        if let Some(bare) = bare {
            let b = start_run(bare).await?;
            print_start("bare", &b);
            bares.push(b);
        }
        let a = start_run(app).await?;
        print_start("app", &a);
        apps.push(a);
    }
    let app_ready = bench::median(&col(&apps, "ready_ms"));
    let app_rss = bench::median(&col(&apps, "rss_mb"));
    match bare {
        Some(_) => {
            let bare_ready = bench::median(&col(&bares, "ready_ms"));
            eprintln!(
                "[bench] median: app {app_ready:.0} ms / {app_rss:.0} MB, bare {bare_ready:.0} ms / {:.0} MB, ratio {:.3}",
                bench::median(&col(&bares, "rss_mb")),
                app_ready / bare_ready
            );
        }
        None => eprintln!("[bench] median: app {app_ready:.0} ms / {app_rss:.0} MB"),
    }
    Ok(())
}
