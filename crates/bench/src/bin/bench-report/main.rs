//! Joins the fragments of the other bench binaries, measures sizes, and writes
//! `target/bench/results.json` and `docs/BENCHMARKS.md`; prints the table.
//!
//! `bench-report [--bare-binary PATH]`

use std::path::PathBuf;

mod across_rows;
mod history;
mod sources;

use bench::{capture, out_dir, read_fragment, root, round};
use serde_json::{json, Value};
use sources::{file_size, machine, mb, ui_js_gz};

fn get(v: &Option<Value>, path: &[&str]) -> Option<f64> {
    let mut cur = v.as_ref()?;
    for p in path {
        cur = cur.get(*p)?;
    }
    cur.as_f64()
}

/// One line of the table, and of the history when it has an `id`.
struct Row {
    what: String,
    figure: String,
    floor: String,
    ratio: String,
    target: String,
    met: String,
    history: Option<history::Entry>,
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

/// A measure with a target of issue 14: its row and its history entry.
#[allow(clippy::too_many_arguments)]
fn target_row(
    id: &'static str,
    what: String,
    figure: (Option<f64>, usize, &str),
    floor: (Option<f64>, String),
    ratio: (Option<f64>, String),
    target: &'static str,
    ok: impl Fn(f64) -> bool,
    judged: Option<f64>,
) -> Row {
    let met_now = judged.map(ok);
    Row {
        what,
        figure: f(figure.0, figure.1, figure.2),
        floor: floor.1,
        ratio: ratio.1,
        target: target.into(),
        met: met(met_now),
        history: Some(history::Entry {
            id,
            figure: figure.0,
            floor: floor.0,
            ratio: ratio.0,
            target,
            met: met_now,
        }),
    }
}

fn info_row(what: String, figure: String, floor: String, ratio: String) -> Row {
    Row {
        what,
        figure,
        floor,
        ratio,
        target: "—".into(),
        met: "—".into(),
        history: None,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let bare_binary = args
        .iter()
        .position(|a| a == "--bare-binary")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let list = read_fragment("list");
    let session = read_fragment("session");
    let ui = read_fragment("ui");
    let real = read_fragment("real");

    let app_bin = file_size(&root().join("target/release/phase-desk")).map(mb);
    let bare_bin = bare_binary.as_deref().and_then(file_size).map(mb);
    let js = ui_js_gz();

    let desk10k = get(&list, &["10000", "desk_list_ms", "median"]);
    let list_ratio = get(&list, &["10000", "ratio_desk_vs_curl"]);
    let paint = get(&ui, &["ten_k", "env_click_to_10k_painted_ms", "median"]);
    let paint_window = get(&ui, &["ten_k", "env_click_window_share_ms", "median"]);
    let first_draw = get(&ui, &["ten_k", "app_choose_to_10k_painted_ms"]);
    let first_draw_window = get(&ui, &["ten_k", "app_choose_window_share_ms"]);
    let filter_p50 = get(&ui, &["ten_k", "filter_p50_ms"]);
    let filter_p95 = get(&ui, &["ten_k", "filter_p95_ms"]);
    let landing_p95 = get(&ui, &["ten_k", "value_search_landed_to_painted_ms", "p95"]);
    let floor_p50 = get(&ui, &["filter_floor", "filter_p50_ms"]);
    let floor_p95 = get(&ui, &["filter_floor", "filter_p95_ms"]);
    // The filter's floor: the same keys typed into the bare window's plain table when it
    // was measured (full runs), one frame otherwise.
    let filter_floor = |floor: Option<f64>| match floor {
        Some(ms) => (Some(ms), format!("bare table {}", f(Some(ms), 1, "ms"))),
        None => (Some(16.7), "1 frame 16.7 ms".to_string()),
    };
    let app_ready = get(&ui, &["start", "app_ready_ms", "median"]);
    let bare_ready = get(&ui, &["start", "bare_ready_ms", "median"]);
    let start_ratio = get(&ui, &["start", "ratio"]);
    let bare_shm_ready = get(&ui, &["start", "bare_shm_ready_ms", "median"]);
    let bare_shm_rss = get(&ui, &["start", "bare_shm_rss_mb", "median"]);
    let app_idle = get(&ui, &["memory", "app_idle_rss_mb", "median"]);
    let bare_idle = get(&ui, &["memory", "bare_idle_rss_mb", "median"]);
    let rss10k = get(&ui, &["memory", "rss_10k_mb"]);
    let delta10k = get(&ui, &["memory", "delta_10k_mb"]);
    let rss50k = get(&ui, &["memory", "rss_50k_mb"]);
    let delta50k = get(&ui, &["memory", "delta_50k_mb"]);
    let session_requests = get(&session, &["session_requests"]);
    let idle_requests = get(&ui, &["ten_k", "idle_requests"]);
    let idle_secs = get(&ui, &["ten_k", "idle_secs"]).unwrap_or(60.0);
    let scroll_total = get(&ui, &["ten_k", "scroll", "total_ms"]);
    let scroll_steps = get(&ui, &["ten_k", "scroll", "steps"]);
    let scroll_p95 = get(&ui, &["ten_k", "scroll", "frame_ms", "p95"]);
    let real_ratio = get(&real, &["ratio_desk_vs_curl"]);

    let mut rows = Vec::new();
    for (size, id) in [
        ("1000", None),
        ("10000", Some("listing 10k ÷ curl")),
        ("50000", Some("listing 50k ÷ curl")),
    ] {
        let d = get(&list, &[size, "desk_list_ms", "median"]);
        let p = get(&list, &[size, "phase_client_list_ms", "median"]);
        let r = get(&list, &[size, "reqwest_bytes_ms", "median"]);
        let c = get(&list, &[size, "curl_time_total_ms", "median"]);
        let decode = get(&list, &[size, "decode_only_ms", "median"]);
        let copy_free = get(&list, &[size, "copy_free_parse_ms", "median"]);
        let ratio = get(&list, &[size, "ratio_desk_vs_curl"]);
        let what = format!(
            "Listing {size} — `Desk::list_secrets` (PhaseClient {} · reqwest bytes {} · decode alone {} · copy-free parse {})",
            f(p, 1, "ms"),
            f(r, 1, "ms"),
            f(decode, 1, "ms"),
            f(copy_free, 1, "ms")
        );
        let floor = (c, format!("curl {}", f(c, 1, "ms")));
        rows.push(match id {
            Some(id) => target_row(
                id,
                what,
                (d, 1, "ms"),
                floor,
                (ratio, f(ratio, 2, "×")),
                "≤ 1.15×",
                |x| x <= 1.15,
                ratio,
            ),
            None => info_row(what, f(d, 1, "ms"), floor.1, f(ratio, 2, "×")),
        });
    }
    let real_skip = real
        .as_ref()
        .and_then(|r| r["skipped"].as_str())
        .map(str::to_string);
    rows.push(match &real_skip {
        Some(why) => info_row(
            "Listing 5,000 on the real Phase backend".into(),
            format!("skipped: {why}"),
            "—".into(),
            "—".into(),
        ),
        None => target_row(
            "real backend 5k ÷ curl",
            "Listing 5,000 on the real Phase backend — `Desk::list_secrets`".into(),
            (get(&real, &["desk_list_ms", "median"]), 0, "ms"),
            (
                get(&real, &["curl_time_total_ms", "median"]),
                format!(
                    "curl {}",
                    f(get(&real, &["curl_time_total_ms", "median"]), 0, "ms")
                ),
            ),
            (real_ratio, f(real_ratio, 2, "×")),
            "≤ 1.1×",
            |x| x <= 1.1,
            real_ratio,
        ),
    });
    rows.push(target_row(
        "env click → 10k painted (ms)",
        "Environment click → 10k table painted (`secrets-painted`: the server's answer is on screen; a repeat visit shows the held rows first)".into(),
        (paint, 0, "ms"),
        (desk10k, format!("Rust side alone {}", f(desk10k, 0, "ms"))),
        (None, "—".into()),
        "≤ 250 ms",
        |x| x <= 250.0,
        paint,
    ));
    rows.push(target_row(
        "window share (ms)",
        "… of which the window's share: listing in (`secrets-loaded`) → painted".into(),
        (paint_window, 0, "ms"),
        (None, "—".into()),
        (None, "—".into()),
        "≤ 100 ms",
        |x| x <= 100.0,
        paint_window,
    ));
    rows.push(info_row(
        "First visit, for reference (nothing held): app chosen → 10k painted, and its window share"
            .into(),
        format!(
            "{} ({} window)",
            f(first_draw, 0, "ms"),
            f(first_draw_window, 0, "ms")
        ),
        "—".into(),
        "—".into(),
    ));
    let (p50_floor, p50_floor_text) = filter_floor(floor_p50);
    rows.push(info_row(
        "Filter keystroke → repaint (`filter-painted`), p50".into(),
        f(filter_p50, 1, "ms"),
        p50_floor_text,
        f(filter_p50.zip(p50_floor).map(|(x, fl)| x / fl), 2, "×"),
    ));
    rows.push(target_row(
        "filter keystroke p95 (ms)",
        "Filter keystroke → repaint (`filter-painted`), p95".into(),
        (filter_p95, 1, "ms"),
        filter_floor(floor_p95),
        {
            let r = filter_p95.zip(floor_p95).map(|(x, fl)| x / fl);
            (r, f(r, 2, "×"))
        },
        "≤ 16 ms",
        |x| x <= 16.0,
        filter_p95,
    ));
    rows.push(target_row(
        "value search landed p95 (ms)",
        "Value search answer landed (`values-found`) → repaint, p95".into(),
        (landing_p95, 1, "ms"),
        (Some(16.7), "1 frame 16.7 ms".into()),
        (None, "—".into()),
        "≤ 16 ms",
        |x| x <= 16.0,
        landing_p95,
    ));
    rows.push(target_row(
        "scroll 10k frame p95 (ms)",
        format!(
            "Scroll 10k rows top → bottom, one viewport per frame ({} steps in {}): frame p95",
            scroll_steps
                .map(|s| s.to_string())
                .unwrap_or_else(|| "?".into()),
            f(scroll_total, 0, "ms")
        ),
        (scroll_p95, 1, "ms"),
        (Some(16.7), "1 frame 16.7 ms".into()),
        (None, "—".into()),
        "≤ 17 ms",
        |x| x <= 17.0,
        scroll_p95,
    ));
    if !quick {
        rows.push(target_row(
            "start ÷ bare window",
            "Start: spawn → ready flag (warm cache)".into(),
            (app_ready, 0, "ms"),
            (
                bare_ready,
                format!("bare window {}", f(bare_ready, 0, "ms")),
            ),
            (start_ratio, f(start_ratio, 2, "×")),
            "≤ 1.3×",
            |x| x <= 1.3,
            start_ratio,
        ));
        rows.push(info_row(
            "Start, for reference: the bare window with the app's renderer choice (shared memory, no GPU here)".into(),
            f(app_ready, 0, "ms"),
            format!("bare window {}", f(bare_shm_ready, 0, "ms")),
            f(app_ready.zip(bare_shm_ready).map(|(a, b)| a / b), 2, "×"),
        ));
        rows.push(info_row(
            "RSS, all processes, idle (demo sandbox open)".into(),
            f(app_idle, 0, "MB"),
            format!("bare window {}", f(bare_idle, 0, "MB")),
            f(app_idle.zip(bare_idle).map(|(a, b)| a - b), 0, "MB more"),
        ));
        rows.push(target_row(
            "RSS 10k − bare (MB)",
            "RSS, all processes, 10k secrets loaded".into(),
            (rss10k, 0, "MB"),
            (bare_idle, format!("bare window {}", f(bare_idle, 0, "MB"))),
            (delta10k, f(delta10k, 0, "MB more")),
            "≤ bare + 60 MB",
            |x| x <= 60.0,
            delta10k,
        ));
        rows.push(target_row(
            "RSS 50k − bare (MB)",
            "RSS, all processes, 50k secrets loaded".into(),
            (rss50k, 0, "MB"),
            (bare_idle, format!("bare window {}", f(bare_idle, 0, "MB"))),
            (delta50k, f(delta50k, 0, "MB more")),
            "≤ bare + 200 MB",
            |x| x <= 200.0,
            delta50k,
        ));
        rows.push(info_row(
            "RSS 10k, for reference: against the bare window with the app's renderer choice".into(),
            f(rss10k, 0, "MB"),
            format!("bare window {}", f(bare_shm_rss, 0, "MB")),
            f(rss10k.zip(bare_shm_rss).map(|(a, b)| a - b), 0, "MB more"),
        ));
        rows.push(info_row(
            "Requests of the scripted session (browse 3 envs, create 20, edit 5, delete 10, toggle 3; 20 by design: a conflict-check GET per edit)".into(),
            f(session_requests, 0, ""),
            "15 (one per action)".into(),
            f(session_requests.map(|x| x / 15.0), 2, "×"),
        ));
        rows.extend(across_rows::rows(&ui));
        rows.push(target_row(
            "idle requests",
            format!("Requests during {idle_secs:.0} s idle, window open with 10k loaded"),
            (idle_requests, 0, ""),
            (Some(0.0), "0".into()),
            (None, "—".into()),
            "0",
            |x| x == 0.0,
            idle_requests,
        ));
        rows.push(info_row(
            "Release binary `phase-desk` (stripped)".into(),
            f(app_bin, 1, "MB"),
            format!("bare window {}", f(bare_bin, 1, "MB")),
            f(app_bin.zip(bare_bin).map(|(a, b)| a / b), 2, "×"),
        ));
        rows.push(info_row(
            format!(
                "UI JavaScript, gzip -9 ({} raw)",
                f(js.as_ref().map(|j| j.1), 1, "KB")
            ),
            f(js.as_ref().map(|j| j.0), 1, "KB"),
            "—".into(),
            "—".into(),
        ));
    }

    let m = machine();
    let r1 = |x: Option<f64>| x.map(|v| round(v, 1));
    let results = json!({
        "quick": quick,
        "list_10k_ratio_vs_curl": list_ratio,
        "list_50k_ratio_vs_curl": get(&list, &["50000", "ratio_desk_vs_curl"]),
        "list_1k_ratio_vs_curl": get(&list, &["1000", "ratio_desk_vs_curl"]),
        "list_10k_ratio_phase_client_vs_curl": get(&list, &["10000", "ratio_phase_client_vs_curl"]),
        "real_5k_ratio_vs_curl": real_ratio,
        "paint_10k_ms": r1(paint),
        "paint_10k_window_share_ms": r1(paint_window),
        "filter_p50_ms": filter_p50,
        "filter_p95_ms": filter_p95,
        "value_search_landed_p95_ms": landing_p95,
        "scroll_10k_total_ms": r1(scroll_total),
        "scroll_10k_frame_p95_ms": scroll_p95,
        "start_ratio_vs_bare": start_ratio,
        "start_app_ms": r1(app_ready),
        "start_bare_ms": r1(bare_ready),
        "rss_app_idle_mb": r1(app_idle),
        "rss_bare_idle_mb": r1(bare_idle),
        "rss_app_10k_mb": r1(rss10k),
        "rss_delta_mb_10k": delta10k,
        "rss_delta_mb_50k": delta50k,
        "session_requests": session_requests,
        "idle_requests_60s": idle_requests,
        "binary_mb": app_bin.map(|x| round(x, 2)),
        "bare_binary_mb": bare_bin.map(|x| round(x, 2)),
        "ui_js_gz_kb": js.as_ref().map(|j| round(j.0, 1)),
        "machine": m.clone(),
        "details": { "list": list, "session": session, "ui": ui, "real": real },
    });
    let path = out_dir().join("results.json");
    std::fs::write(&path, serde_json::to_string_pretty(&results).unwrap()).expect("results.json");

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
    // The page: title, machine, table, then how each figure is measured (method.md).
    let md = include_str!("method.md")
        .replace("{machine_md}", &machine_md)
        .replace("{table}", &table)
        .replace("{idle_secs:.0}", &format!("{idle_secs:.0}"));
    if quick {
        // A quick run is for working: the table only, nothing written to docs/.
        println!("{table}");
        eprintln!(
            "[bench] quick run: wrote {} (docs/ untouched)",
            path.display()
        );
        return;
    }
    let date = s("date");
    let commit = capture("git", &["rev-parse", "--short", "HEAD"]);
    let entries: Vec<history::Entry> = rows.into_iter().filter_map(|r| r.history).collect();
    let history_path = root().join("docs/bench-history.csv");
    history::append(&history_path, &date, &commit, &entries).expect("docs/bench-history.csv");
    let last_five = history::last_runs_table(&history_path, 5);
    let md = md.replacen(
        "## How each figure is measured",
        &format!("## The last five full runs (`docs/bench-history.csv`; a missed target in bold)\n\n{last_five}\n## How each figure is measured"),
        1,
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
