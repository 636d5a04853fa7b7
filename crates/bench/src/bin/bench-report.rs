//! Joins the fragments of the other bench binaries, measures sizes, and writes
//! `target/bench/results.json` and `docs/BENCHMARKS.md`; prints the table.
//!
//! `bench-report [--bare-binary PATH]`

use std::path::{Path, PathBuf};

use bench::{capture, out_dir, read_fragment, root, round};
use serde_json::{json, Map, Value};

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn file_size(p: &Path) -> Option<u64> {
    std::fs::metadata(p).ok().map(|m| m.len())
}

/// Sum of `gzip -9` sizes of ui/dist/assets/*.js, and the file names.
fn ui_js_gz() -> Option<(f64, f64, Vec<String>)> {
    let dir = root().join("ui/dist/assets");
    let mut gz = 0u64;
    let mut raw = 0u64;
    let mut names = Vec::new();
    for e in std::fs::read_dir(&dir).ok()?.flatten() {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) != Some("js") {
            continue;
        }
        let out = std::process::Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&p)
            .output()
            .ok()?;
        gz += out.stdout.len() as u64;
        raw += file_size(&p)?;
        names.push(p.file_name()?.to_string_lossy().into_owned());
    }
    (!names.is_empty()).then(|| (gz as f64 / 1024.0, raw as f64 / 1024.0, names))
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let ram_gb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map(|kb| round(kb / 1024.0 / 1024.0, 1));
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines().find(|l| l.starts_with("PRETTY_NAME=")).map(|l| {
                l.trim_start_matches("PRETTY_NAME=")
                    .trim_matches('"')
                    .to_string()
            })
        })
        .unwrap_or_else(|| "unknown".into());
    json!({
        "nproc": capture("nproc", &[]),
        "cpu": cpu,
        "ram_gb": ram_gb,
        "os": os,
        "kernel": capture("uname", &["-r"]),
        "date": capture("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        "load_average": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        "webkit": capture("dpkg-query", &["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"]),
        "rustc": capture("rustc", &["--version"]),
    })
}

fn get(v: &Option<Value>, path: &[&str]) -> Option<f64> {
    let mut cur = v.as_ref()?;
    for p in path {
        cur = cur.get(*p)?;
    }
    cur.as_f64()
}

struct Row {
    what: String,
    figure: String,
    floor: String,
    ratio: String,
    target: String,
    met: String,
}

/// docs/BENCHMARKS.md from this line on is written by people and kept across runs.
const NOTES_MARKER: &str =
    "<!-- Notes below this line are kept when bench-report rewrites the file. -->";

fn f(x: Option<f64>, digits: usize, unit: &str) -> String {
    match x {
        Some(v) => format!("{v:.digits$} {unit}").trim_end().to_string(),
        None => "not measured".into(),
    }
}

fn met(ok: Option<bool>) -> String {
    match ok {
        Some(true) => "met".into(),
        Some(false) => "**missed**".into(),
        None => "not measured".into(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bare_binary = args
        .iter()
        .position(|a| a == "--bare-binary")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let list = read_fragment("list");
    let session = read_fragment("session");
    let ui = read_fragment("ui");

    let app_bin = file_size(&root().join("target/release/phase-desk")).map(mb);
    let bare_bin = bare_binary.as_deref().and_then(file_size).map(mb);
    let js = ui_js_gz();

    let curl10k = get(&list, &["10000", "curl_time_total_ms", "median"]);
    let desk10k = get(&list, &["10000", "desk_list_ms", "median"]);
    let list_ratio = get(&list, &["10000", "ratio_desk_vs_curl"]);
    let paint = get(&ui, &["ten_k", "env_click_to_10k_painted_ms", "median"]);
    let filter_p50 = get(&ui, &["ten_k", "filter_p50_ms"]);
    let filter_p95 = get(&ui, &["ten_k", "filter_p95_ms"]);
    let app_ready = get(&ui, &["start", "app_ready_ms", "median"]);
    let bare_ready = get(&ui, &["start", "bare_ready_ms", "median"]);
    let start_ratio = get(&ui, &["start", "ratio"]);
    let bare_shm_ready = get(&ui, &["start", "bare_shm_ready_ms", "median"]);
    let bare_shm_rss = get(&ui, &["start", "bare_shm_rss_mb", "median"]);
    let app_idle = get(&ui, &["memory", "app_idle_rss_mb", "median"]);
    let bare_idle = get(&ui, &["memory", "bare_idle_rss_mb", "median"]);
    let rss10k = get(&ui, &["memory", "rss_10k_mb"]);
    let delta10k = get(&ui, &["memory", "delta_10k_mb"]);
    let session_requests = get(&session, &["session_requests"]);
    let idle_requests = get(&ui, &["ten_k", "idle_requests"]);
    let idle_secs = get(&ui, &["ten_k", "idle_secs"]).unwrap_or(60.0);
    let scroll_total = get(&ui, &["ten_k", "scroll", "total_ms"]);
    let scroll_steps = get(&ui, &["ten_k", "scroll", "steps"]);
    let scroll_p95 = get(&ui, &["ten_k", "scroll", "frame_ms", "p95"]);

    let mut rows = Vec::new();
    for size in ["1000", "10000", "50000"] {
        let d = get(&list, &[size, "desk_list_ms", "median"]);
        let p = get(&list, &[size, "phase_client_list_ms", "median"]);
        let r = get(&list, &[size, "reqwest_bytes_ms", "median"]);
        let c = get(&list, &[size, "curl_time_total_ms", "median"]);
        let ratio = get(&list, &[size, "ratio_desk_vs_curl"]);
        let is10k = size == "10000";
        rows.push(Row {
            what: format!(
                "Listing {size} — `Desk::list_secrets` (PhaseClient {} · reqwest bytes {})",
                f(p, 1, "ms"),
                f(r, 1, "ms")
            ),
            figure: f(d, 1, "ms"),
            floor: format!("curl {}", f(c, 1, "ms")),
            ratio: f(ratio, 2, "×"),
            target: if is10k {
                "≤ 1.3×".into()
            } else {
                "—".into()
            },
            met: if is10k {
                met(ratio.map(|x| x <= 1.3))
            } else {
                "—".into()
            },
        });
    }
    rows.push(Row {
        what: "Listing 10k — `PhaseClient::list_secrets` only".into(),
        figure: f(
            get(&list, &["10000", "phase_client_list_ms", "median"]),
            1,
            "ms",
        ),
        floor: format!("curl {}", f(curl10k, 1, "ms")),
        ratio: f(get(&list, &["10000", "ratio_phase_client_vs_curl"]), 2, "×"),
        target: "—".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: "Environment click → 10k table painted (`secrets-painted`)".into(),
        figure: f(paint, 0, "ms"),
        floor: format!("Rust side alone {}", f(desk10k, 0, "ms")),
        ratio: f(paint.zip(desk10k).map(|(a, b)| a / b), 1, "×"),
        target: "none set".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: "Filter keystroke → repaint (`filter-painted`), p50".into(),
        figure: f(filter_p50, 1, "ms"),
        floor: "1 frame 16.7 ms".into(),
        ratio: f(filter_p50.map(|x| x / 16.7), 2, "×"),
        target: "—".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: "Filter keystroke → repaint (`filter-painted`), p95".into(),
        figure: f(filter_p95, 1, "ms"),
        floor: "1 frame 16.7 ms".into(),
        ratio: f(filter_p95.map(|x| x / 16.7), 2, "×"),
        target: "≤ 16 ms".into(),
        met: met(filter_p95.map(|x| x <= 16.0)),
    });
    rows.push(Row {
        what: format!(
            "Scroll 10k rows top → bottom, one viewport per frame ({} steps; frame p95 {})",
            scroll_steps
                .map(|s| s.to_string())
                .unwrap_or_else(|| "?".into()),
            f(scroll_p95, 1, "ms")
        ),
        figure: f(scroll_total, 0, "ms"),
        floor: f(scroll_steps.map(|s| s * 16.7), 0, "ms (16.7 ms/step)"),
        ratio: f(
            scroll_total.zip(scroll_steps).map(|(t, s)| t / (s * 16.7)),
            2,
            "×",
        ),
        target: "none set".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: "Start: spawn → ready flag (warm cache)".into(),
        figure: f(app_ready, 0, "ms"),
        floor: format!("bare window {}", f(bare_ready, 0, "ms")),
        ratio: f(start_ratio, 2, "×"),
        target: "≤ 1.5×".into(),
        met: met(start_ratio.map(|x| x <= 1.5)),
    });
    rows.push(Row {
        what: "Start, for reference: the bare window with the app's renderer choice (shared memory, no GPU here)".into(),
        figure: f(app_ready, 0, "ms"),
        floor: format!("bare window {}", f(bare_shm_ready, 0, "ms")),
        ratio: f(app_ready.zip(bare_shm_ready).map(|(a, b)| a / b), 2, "×"),
        target: "—".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: "RSS, all processes, idle (demo sandbox open)".into(),
        figure: f(app_idle, 0, "MB"),
        floor: format!("bare window {}", f(bare_idle, 0, "MB")),
        ratio: f(app_idle.zip(bare_idle).map(|(a, b)| a - b), 0, "MB more"),
        target: "—".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: "RSS, all processes, 10k secrets loaded".into(),
        figure: f(rss10k, 0, "MB"),
        floor: format!("bare window {}", f(bare_idle, 0, "MB")),
        ratio: f(delta10k, 0, "MB more"),
        target: "≤ bare + 60 MB".into(),
        met: met(delta10k.map(|x| x <= 60.0)),
    });
    rows.push(Row {
        what: "RSS 10k, for reference: against the bare window with the app's renderer choice"
            .into(),
        figure: f(rss10k, 0, "MB"),
        floor: format!("bare window {}", f(bare_shm_rss, 0, "MB")),
        ratio: f(rss10k.zip(bare_shm_rss).map(|(a, b)| a - b), 0, "MB more"),
        target: "—".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: "Requests of the scripted session (browse 3 envs, create 20, edit 5, delete 10, toggle 3)".into(),
        figure: f(session_requests, 0, ""),
        floor: "15 (one per action)".into(),
        ratio: f(session_requests.map(|x| x / 15.0), 2, "×"),
        target: "none set (20 by design: a conflict-check GET per edit)".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: format!("Requests during {idle_secs:.0} s idle, window open with 10k loaded"),
        figure: f(idle_requests, 0, ""),
        floor: "0".into(),
        ratio: "—".into(),
        target: "0".into(),
        met: met(idle_requests.map(|x| x == 0.0)),
    });
    rows.push(Row {
        what: "Release binary `phase-desk` (stripped)".into(),
        figure: f(app_bin, 1, "MB"),
        floor: format!("bare window {}", f(bare_bin, 1, "MB")),
        ratio: f(app_bin.zip(bare_bin).map(|(a, b)| a / b), 2, "×"),
        target: "none set".into(),
        met: "—".into(),
    });
    rows.push(Row {
        what: format!(
            "UI JavaScript, gzip -9 ({} raw)",
            f(js.as_ref().map(|j| j.1), 1, "KB")
        ),
        figure: f(js.as_ref().map(|j| j.0), 1, "KB"),
        floor: "—".into(),
        ratio: "—".into(),
        target: "none set".into(),
        met: "—".into(),
    });

    let m = machine();
    let mut results = Map::new();
    results.insert("list_10k_ratio_vs_curl".into(), json!(list_ratio));
    results.insert("paint_10k_ms".into(), json!(paint.map(|x| round(x, 1))));
    results.insert(
        "filter_p95_ms".into(),
        json!(filter_p95.map(|x| round(x, 2))),
    );
    results.insert("start_ratio_vs_bare".into(), json!(start_ratio));
    results.insert("rss_delta_mb_10k".into(), json!(delta10k));
    results.insert(
        "session_requests".into(),
        json!(session_requests.map(|x| x as u64)),
    );
    results.insert(
        "idle_requests_60s".into(),
        json!(idle_requests.map(|x| x as u64)),
    );
    results.insert("binary_mb".into(), json!(app_bin.map(|x| round(x, 2))));
    results.insert(
        "ui_js_gz_kb".into(),
        json!(js.as_ref().map(|j| round(j.0, 1))),
    );
    // Extras.
    results.insert(
        "list_10k_ratio_phase_client_vs_curl".into(),
        json!(get(&list, &["10000", "ratio_phase_client_vs_curl"])),
    );
    results.insert(
        "list_1k_ratio_vs_curl".into(),
        json!(get(&list, &["1000", "ratio_desk_vs_curl"])),
    );
    results.insert(
        "list_50k_ratio_vs_curl".into(),
        json!(get(&list, &["50000", "ratio_desk_vs_curl"])),
    );
    results.insert(
        "filter_p50_ms".into(),
        json!(filter_p50.map(|x| round(x, 2))),
    );
    results.insert(
        "scroll_10k_total_ms".into(),
        json!(scroll_total.map(|x| round(x, 0))),
    );
    results.insert("scroll_10k_frame_p95_ms".into(), json!(scroll_p95));
    results.insert("start_app_ms".into(), json!(app_ready.map(|x| round(x, 0))));
    results.insert(
        "start_bare_ms".into(),
        json!(bare_ready.map(|x| round(x, 0))),
    );
    results.insert(
        "rss_app_idle_mb".into(),
        json!(app_idle.map(|x| round(x, 1))),
    );
    results.insert(
        "rss_bare_idle_mb".into(),
        json!(bare_idle.map(|x| round(x, 1))),
    );
    results.insert("rss_app_10k_mb".into(), json!(rss10k.map(|x| round(x, 1))));
    results.insert(
        "bare_binary_mb".into(),
        json!(bare_bin.map(|x| round(x, 2))),
    );
    results.insert("machine".into(), m.clone());
    results.insert(
        "details".into(),
        json!({ "list": list, "session": session, "ui": ui }),
    );
    let path = out_dir().join("results.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&Value::Object(results)).unwrap(),
    )
    .expect("results.json");

    // Table.
    let mut table = String::from(
        "| Measure | Figure | Floor | Ratio / delta | Target | Met |\n|---|---|---|---|---|---|\n",
    );
    for r in &rows {
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            r.what, r.figure, r.floor, r.ratio, r.target, r.met
        ));
    }
    let s = |k: &str| m[k].as_str().unwrap_or("?").to_string();
    let machine_md = format!(
        "- Machine: {} cores (`nproc`), {}, {} GB RAM, {} (kernel {}), WebKitGTK {}, {}\n- Date: {}; load average when the report was written: {} (the machine was shared with other builds)\n",
        s("nproc"),
        s("cpu"),
        m["ram_gb"],
        s("os"),
        s("kernel"),
        s("webkit"),
        s("rustc"),
        s("date"),
        s("load_average"),
    );
    let md = format!(
        "# Phase Desk benchmarks\n\n\
Written by `bash scripts/bench.sh` (not part of the test command). Figures are medians of several runs\n\
on the machine below; the raw samples are in `target/bench/results.json` (`details`).\n\n\
{machine_md}\n\
{table}\n\
## How each figure is measured\n\n\
- **Listing** (`bench-list`, release): a sandbox seeded with `Seed::Generated {{ count }}` (development holds\n\
  `count` secrets spread round-robin over 50 folders; staging and production hold `count / 10`); the same URL and `Authorization` header fetched with `curl -s -o /dev/null`\n\
  (its own `time_total`, without process start), raw bytes through reqwest, `PhaseClient::list_secrets`\n\
  (fetch + JSON decode + de-duplicate) and `Desk::list_secrets` (that + the value cache + masked rows).\n\
  The sandbox runs on its own runtime; 21 / 11 / 7 interleaved runs for 1k / 10k / 50k. The folder tree is\n\
  built in the UI (`ui/src/lib/tree.ts`), so it is inside the paint figure, not here.\n\
- **Paint, filter, scroll** (`bench-ui`, the release app in the real webview under Xvfb, driven by\n\
  tauri-driver + WebKitWebDriver): an account on an in-process sandbox with 10k secrets is added through\n\
  the UI; the figure is the time from the click on the development tab (coming from staging, 1k) to the\n\
  app's `secrets-painted` mark (set one animation frame after the DOM update), median of 5. Filter: real\n\
  key events typed into the search box (3 words typed and erased), keydown → the next `filter-painted`\n\
  mark. Scroll: the virtual table's scroller moved one viewport per animation frame from top to bottom.\n\
- **Start**: WebDriver new session (which spawns the app) → `window.__PHASE_DESK_READY__`, polled every\n\
  5 ms; the bare window (`crates/bench/bare-template`, generated and built in release under\n\
  `target/bench/bare/`) sets the same flag after its first frame. Fresh config/data folders each run, so\n\
  the app opens on its embedded demo sandbox (first-run path). One warm-up each, then 5 alternating runs.\n\
  The page cache is warm (dropping it needs root and disturbs other work on the machine).\n\
- **Memory**: VmRSS summed over the app's process tree (main + WebKitWebProcess + WebKitNetworkProcess +\n\
  helpers) 3 s after ready, and again with 10k secrets loaded; PSS is in `results.json` too. The 10k\n\
  delta is taken against the bare window's idle RSS.\n\
- **Requests**: `bench-session` drives `desk_core::Desk` against a sandbox and reads `request_count()`\n\
  (adding the account, one more request, is not counted). Idle: the window stays open with 10k loaded\n\
  for {idle_secs:.0} s and the 10k sandbox counts what arrives.\n\
- **Size**: `target/release/phase-desk` after `npm run build` and `cargo build --release -p phase-desk`;\n\
  the UI's JavaScript is every `ui/dist/assets/*.js` through `gzip -9`.\n",
    );
    let doc = root().join("docs/BENCHMARKS.md");
    // What people wrote below the marker (before/after notes) survives a new run.
    let kept = std::fs::read_to_string(&doc)
        .ok()
        .and_then(|old| old.find(NOTES_MARKER).map(|i| old[i..].to_string()))
        .unwrap_or_else(|| format!("{NOTES_MARKER}\n"));
    std::fs::write(&doc, format!("{md}\n{kept}")).expect("docs/BENCHMARKS.md");
    println!("{table}");
    eprintln!("[bench] wrote {} and {}", path.display(), doc.display());
}
