//! The real window, driven through tauri-driver + WebKitWebDriver (run it inside
//! `dbus-run-session -- scripts/with-desktop.sh`):
//!
//! * start: spawn → `window.__PHASE_DESK_READY__` for the app and for a bare Tauri 2
//!   window built from `crates/bench/bare-template` (same flag), and the RSS / PSS summed
//!   over each one's process tree (main + WebKitWebProcess + WebKitNetworkProcess + …);
//! * with 10k secrets: environment click → `secrets-painted`, filter keystrokes →
//!   `filter-painted` (p50/p95), scrolling the virtual table top to bottom, RSS with 10k
//!   loaded, and the sandbox's request count over 60 s of idle window;
//! * the filter's floor: the same keystrokes typed into the bare window showing a plain
//!   table of the app's size loaded with the same 10k rows (`filter.rs`).
//!
//! `bench-ui --app target/release/phase-desk --bare target/bench/bare/…/bench-bare`
//! `[--starts N] [--idle-secs S]` writes `target/bench/ui.json`; `bench-ui --quick --app …`
//! only the 10k paint, filter and scroll figures; `--across-only` the compare view's;
//! `--floor-only --bare …` the filter's floor.

mod across;
mod driver;
mod filter;
mod gaps;
mod ipc;
mod probe;
mod start;
mod ten_k;

use std::path::PathBuf;
use std::time::Duration;

use bench::{median, round, summary};
use bench::{write_fragment, SandboxHost};
use phase_sandbox::Seed;
use serde_json::{json, Value};

use start::{col, start_run, start_run_with_env};
use ten_k::ten_k;

type R<T = ()> = Result<T, String>;

const SETTLE: Duration = Duration::from_secs(3);
const READY: &str = "return window.__PHASE_DESK_READY__ === true";

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

async fn run(host: &SandboxHost, across_host: &SandboxHost, fifty_host: &SandboxHost) -> R<Value> {
    let app = PathBuf::from(arg("--app").ok_or("--app PATH is required")?);
    let bare = PathBuf::from(arg("--bare").ok_or("--bare PATH is required")?);
    let starts: usize = arg("--starts").and_then(|s| s.parse().ok()).unwrap_or(9);
    let idle_secs: u64 = arg("--idle-secs")
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    if std::env::var_os("DISPLAY").is_none() {
        return Err("no DISPLAY: run through `dbus-run-session -- scripts/with-desktop.sh`".into());
    }
    let (app, bare) = (
        app.canonicalize()
            .map_err(|e| format!("{}: {e}", app.display()))?,
        bare.canonicalize()
            .map_err(|e| format!("{}: {e}", bare.display()))?,
    );

    // Warm the page cache once for each (the figures are warm-cache process starts).
    start_run(&bare).await?;
    start_run(&app).await?;
    let (mut app_runs, mut bare_runs) = (Vec::new(), Vec::new());
    // Pairs in alternating order (bare first, then app first), so that neither window is
    // always the one started right after the other.
    for i in 0..starts {
        let (a, b) = if i % 2 == 0 {
            let b = start_run(&bare).await?;
            (start_run(&app).await?, b)
        } else {
            let a = start_run(&app).await?;
            (a, start_run(&bare).await?)
        };
        eprintln!(
            "[bench] start {}/{starts}: app {:.0} ms / {:.0} MB, bare {:.0} ms / {:.0} MB",
            i + 1,
            a["ready_ms"].as_f64().unwrap_or(0.0),
            a["rss_mb"].as_f64().unwrap_or(0.0),
            b["ready_ms"].as_f64().unwrap_or(0.0),
            b["rss_mb"].as_f64().unwrap_or(0.0),
        );
        app_runs.push(a);
        bare_runs.push(b);
    }
    // The app picks WebKitGTK's shared-memory renderer when there is no GPU render node
    // (src-tauri/renderer.rs); the bare window keeps WebKit's default. For reference, the
    // bare window with the same choice:
    let shm = [("WEBKIT_DISABLE_DMABUF_RENDERER", "1")];
    let mut bare_shm_runs = Vec::new();
    for _ in 0..starts {
        bare_shm_runs.push(start_run_with_env(&bare, &shm).await?);
    }
    let tenk = ten_k(host, &app, idle_secs, false).await?;
    let floor = filter::filter_floor(host, &bare).await?;
    let fifty = ten_k::fifty_k(fifty_host, &app).await?;
    let across = across::across(across_host, &app).await?;
    let app_ready = median(&col(&app_runs, "ready_ms"));
    let bare_ready = median(&col(&bare_runs, "ready_ms"));
    let app_rss = median(&col(&app_runs, "rss_mb"));
    let bare_rss = median(&col(&bare_runs, "rss_mb"));
    Ok(json!({
        "start": {
            "app_ready_ms": summary(&col(&app_runs, "ready_ms")),
            "bare_ready_ms": summary(&col(&bare_runs, "ready_ms")),
            "app_session_ms": summary(&col(&app_runs, "session_ms")),
            "bare_session_ms": summary(&col(&bare_runs, "session_ms")),
            "app_fcp_ms": if col(&app_runs, "fcp_ms").is_empty() { Value::Null } else { summary(&col(&app_runs, "fcp_ms")) },
            "bare_fcp_ms": if col(&bare_runs, "fcp_ms").is_empty() { Value::Null } else { summary(&col(&bare_runs, "fcp_ms")) },
            "ratio": round(app_ready / bare_ready, 3),
            "bare_shm_ready_ms": summary(&col(&bare_shm_runs, "ready_ms")),
            "bare_shm_rss_mb": summary(&col(&bare_shm_runs, "rss_mb")),
            "app_runs": app_runs,
            "bare_runs": bare_runs,
        },
        "memory": {
            "app_idle_rss_mb": summary(&col(&app_runs, "rss_mb")),
            "bare_idle_rss_mb": summary(&col(&bare_runs, "rss_mb")),
            "app_idle_pss_mb": summary(&col(&app_runs, "pss_mb")),
            "bare_idle_pss_mb": summary(&col(&bare_runs, "pss_mb")),
            "idle_delta_mb": round(app_rss - bare_rss, 1),
            "rss_10k_mb": tenk["rss_10k_mb"],
            "delta_10k_mb": round(tenk["rss_10k_mb"].as_f64().unwrap_or(0.0) - bare_rss, 1),
            "rss_50k_mb": fifty["rss_50k_mb"],
            "delta_50k_mb": round(fifty["rss_50k_mb"].as_f64().unwrap_or(0.0) - bare_rss, 1),
        },
        "fifty_k": fifty,
        "ten_k": tenk,
        "filter_floor": floor,
        "across": across,
    }))
}

fn main() {
    let runtime = bench::runtime("bench");
    if std::env::args().any(|a| a == "--across-only") {
        let app = PathBuf::from(arg("--app").unwrap_or_default());
        let host = across::sandbox();
        let outcome = runtime.block_on(across::across(&host, &app));
        drop(host);
        match outcome {
            Ok(v) => write_fragment("across", &v),
            Err(e) => {
                eprintln!("[bench] across benchmark failed: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    if std::env::args().any(|a| a == "--probe") {
        // Where a scroll step and a keystroke spend their time (see probe.rs).
        let app = PathBuf::from(arg("--app").unwrap_or_default());
        let args: Vec<String> = std::env::args().collect();
        let css: Vec<String> = args
            .windows(2)
            .filter(|w| w[0] == "--probe-css")
            .map(|w| w[1].clone())
            .collect();
        let rounds = arg("--rounds").and_then(|s| s.parse().ok()).unwrap_or(2);
        let host = SandboxHost::start(Seed::Generated { count: 10_000 });
        let outcome = runtime.block_on(probe::probe(&host, &app, &css, rounds));
        drop(host);
        if let Err(e) = outcome {
            eprintln!("[probe] failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    if std::env::args().any(|a| a == "--ipc-probe") {
        let app = PathBuf::from(arg("--app").unwrap_or_default());
        let host = SandboxHost::start(Seed::Generated { count: 10_000 });
        let outcome = runtime.block_on(ipc::ipc_probe(&host, &app));
        drop(host);
        if let Err(e) = outcome {
            eprintln!("[ipc] failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    if std::env::args().any(|a| a == "--floor-only") {
        // The filter figure's floor alone (see filter.rs).
        let bare = PathBuf::from(arg("--bare").unwrap_or_default());
        let host = SandboxHost::start(Seed::Generated { count: 10_000 });
        let outcome = runtime.block_on(filter::filter_floor(&host, &bare));
        drop(host);
        if let Err(e) = outcome {
            eprintln!("[bench] floor failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    if let Some(n) = arg("--starts-only").and_then(|s| s.parse().ok()) {
        let app = PathBuf::from(arg("--app").unwrap_or_default());
        let bare = arg("--bare").map(PathBuf::from);
        if let Err(e) = runtime.block_on(start::starts_only(&app, bare.as_deref(), n)) {
            eprintln!("[bench] starts failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    if std::env::args().any(|a| a == "--quick") {
        // bench.sh --quick: the 10k paint, filter and scroll figures only.
        let app = PathBuf::from(arg("--app").unwrap_or_default());
        let host = SandboxHost::start(Seed::Generated { count: 10_000 });
        let outcome = runtime.block_on(ten_k(&host, &app, 0, true));
        drop(host);
        match outcome {
            Ok(v) => write_fragment("ui", &json!({ "quick": true, "ten_k": v })),
            Err(e) => {
                eprintln!("[bench] webview benchmark failed: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    eprintln!("[bench] webview: seeding a sandbox with 10000 secrets");
    let host = SandboxHost::start(Seed::Generated { count: 10_000 });
    let across_host = across::sandbox();
    eprintln!("[bench] webview: seeding a sandbox with 50000 secrets");
    let fifty_host = SandboxHost::start(Seed::Generated { count: 50_000 });
    let outcome = runtime.block_on(run(&host, &across_host, &fifty_host));
    drop(fifty_host);
    drop(host);
    drop(across_host);
    match outcome {
        Ok(v) => write_fragment("ui", &v),
        Err(e) => {
            eprintln!("[bench] webview benchmark failed: {e}");
            std::process::exit(1);
        }
    }
}
