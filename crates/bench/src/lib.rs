//! Shared pieces of Phase Desk's benchmark binaries (`scripts/bench.sh` runs them):
//! statistics, result fragments, process-tree memory, and the sandbox on its own runtime.
//!
//! Each binary measures one thing and writes `target/bench/<name>.json`; `bench-report`
//! joins them into `target/bench/results.json` and `docs/BENCHMARKS.md`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use phase_sandbox::{Sandbox, SandboxConfig, Seed};
use serde_json::Value;

mod sandbox_process;
pub use sandbox_process::SandboxProcess;

/// The workspace root (two levels above this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// `target/bench/`, created on demand.
pub fn out_dir() -> PathBuf {
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    dir
}

/// Writes one measurement's fragment as `target/bench/<name>.json`.
pub fn write_fragment(name: &str, value: &Value) {
    let path = out_dir().join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(value).expect("json");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    eprintln!("[bench] wrote {}", path.display());
}

/// Reads a fragment written by another binary, if present.
pub fn read_fragment(name: &str) -> Option<Value> {
    let text = std::fs::read_to_string(out_dir().join(format!("{name}.json"))).ok()?;
    serde_json::from_str(&text).ok()
}

/// Milliseconds of a duration, as f64.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median (mean of the two middle values for an even count).
pub fn median(xs: &[f64]) -> f64 {
    assert!(!xs.is_empty(), "median of nothing");
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Nearest-rank percentile (`p` in 0..=100).
pub fn percentile(xs: &[f64], p: f64) -> f64 {
    assert!(!xs.is_empty(), "percentile of nothing");
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// Rounds to `digits` decimals (for readable JSON).
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// Summary of samples: median, min, max, p95, n and the raw samples.
pub fn summary(xs: &[f64]) -> Value {
    serde_json::json!({
        "median": round(median(xs), 3),
        "min": round(xs.iter().cloned().fold(f64::INFINITY, f64::min), 3),
        "max": round(xs.iter().cloned().fold(f64::NEG_INFINITY, f64::max), 3),
        "p95": round(percentile(xs, 95.0), 3),
        "n": xs.len(),
        "samples": xs.iter().map(|x| round(*x, 3)).collect::<Vec<_>>(),
    })
}

/// A sandbox serving on a runtime of its own (two worker threads), so the server's work
/// does not run on the measuring runtime.
/// The benches' two-worker runtime (the machine has 2 cores), threads named `name`.
pub fn runtime(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(name)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

pub struct SandboxHost {
    pub sandbox: Sandbox,
    runtime: Option<tokio::runtime::Runtime>,
}

impl SandboxHost {
    pub fn start(seed: Seed) -> SandboxHost {
        let runtime = runtime("sandbox");
        let sandbox = runtime
            .block_on(Sandbox::start(SandboxConfig {
                seed,
                ..SandboxConfig::default()
            }))
            .expect("sandbox start");
        SandboxHost {
            sandbox,
            runtime: Some(runtime),
        }
    }
}

impl Drop for SandboxHost {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

/// `pid -> parent pid` of every process.
fn parents() -> HashMap<u32, u32> {
    let mut out = HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The command name is in parentheses and may hold spaces: parse after the last ')'.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|s| s.parse().ok()) {
            out.insert(pid, ppid);
        }
    }
    out
}

/// `pid` and all of its descendants.
pub fn process_tree(pid: u32) -> Vec<u32> {
    let parents = parents();
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| **pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// The first descendant of `root` (or `root` itself) whose executable is `exe`.
pub fn find_exe_in_tree(root: u32, exe: &Path) -> Option<u32> {
    let want = exe.canonicalize().ok()?;
    process_tree(root).into_iter().find(|pid| {
        std::fs::read_link(format!("/proc/{pid}/exe"))
            .map(|p| p == want)
            .unwrap_or(false)
    })
}

fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn pss_kb(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    text.lines()
        .find(|l| l.starts_with("Pss:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// Memory of a process tree: summed VmRSS and PSS (MB), and the processes counted.
#[derive(Debug, Clone)]
pub struct TreeMemory {
    pub rss_mb: f64,
    pub pss_mb: f64,
    pub processes: Vec<(u32, String, f64)>,
}

/// Sums VmRSS (and PSS) over `pid` and its descendants.
pub fn tree_memory(pid: u32) -> TreeMemory {
    let mut rss = 0u64;
    let mut pss = 0u64;
    let mut processes = Vec::new();
    for p in process_tree(pid) {
        let kb = status_kb(p, "VmRSS:").unwrap_or(0);
        rss += kb;
        pss += pss_kb(p).unwrap_or(0);
        let name = std::fs::read_to_string(format!("/proc/{p}/comm"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        processes.push((p, name, kb as f64 / 1024.0));
    }
    TreeMemory {
        rss_mb: rss as f64 / 1024.0,
        pss_mb: pss as f64 / 1024.0,
        processes,
    }
}

/// CPU time (user + system, ms) used so far by `pid` and its descendants: compared before
/// and after a step, it says what the step cost the machine, which a loaded machine's
/// frame timings cannot.
pub fn tree_cpu_ms(pid: u32) -> f64 {
    process_tree(pid)
        .into_iter()
        .filter_map(|p| {
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
            let rest = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) * 1000.0 / USER_HZ)
        })
        .sum()
}

/// The unit of /proc's times: `sysconf(_SC_CLK_TCK)`, 100 on every Linux (USER_HZ).
const USER_HZ: f64 = 100.0;

/// Runs a program and returns its trimmed stdout ("" when it fails).
pub fn capture(program: &str, args: &[&str]) -> String {
    std::process::Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// A `desk_core::Desk` in a temporary home whose active account is a session-only PAT on
/// `base_url` (the bench never touches a keychain). Keep the `TempDir` alive with the desk.
pub async fn desk_with_pat(base_url: &str, token: &str) -> (tempfile::TempDir, desk_core::Desk) {
    use desk_core::view::{HostKind, NewAccountInput, TokenKindView};
    let home = tempfile::tempdir().expect("tempdir");
    let desk = desk_core::Desk::open(
        desk_core::DeskPaths {
            config_dir: home.path().join("config"),
            data_dir: home.path().join("data"),
        },
        desk_core::DeskOptions {
            force_sandbox: false,
            keychain_service: "dev.phase.desk.bench".into(),
            sandbox_later: false,
        },
        std::sync::Arc::new(desk_core::Silent),
    )
    .await
    .expect("desk");
    desk.add_account(NewAccountInput {
        name: "bench".into(),
        host_kind: HostKind::Custom,
        host_url: Some(base_url.to_string()),
        token_kind: TokenKindView::User,
        token: token.to_string(),
        session_only: true,
        provider: None,
    })
    .await
    .expect("add account");
    (home, desk)
}

/// `curl -s -o /dev/null` with `headers` (one per line); returns (curl's own time_total, wall time
/// including process start, time_starttransfer), in ms. The headers are passed on stdin,
/// not the command line.
pub fn curl_timed(url: &str, headers: &str) -> (f64, f64, f64) {
    let start = std::time::Instant::now();
    let mut child = std::process::Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{time_total} %{time_starttransfer} %{http_code}",
            "-H",
            "@-",
            url,
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("curl (install it: apt-get install curl)");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(headers.as_bytes())
        .expect("write headers");
    let out = child.wait_with_output().expect("curl");
    let wall = ms(start.elapsed());
    assert!(out.status.success(), "curl failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text.split_whitespace();
    let mut time = || {
        fields
            .next()
            .and_then(|t| t.parse::<f64>().ok())
            .expect("curl times")
    };
    let total = time();
    let first_byte = time();
    let status = time();
    assert_eq!(status, 200.0, "curl got HTTP {status}");
    (total * 1000.0, wall, first_byte * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        let xs: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&xs, 95.0), 95.0);
        assert_eq!(percentile(&xs, 50.0), 50.0);
        assert_eq!(percentile(&[7.0], 95.0), 7.0);
    }

    #[test]
    fn own_tree_has_rss() {
        let m = tree_memory(std::process::id());
        assert!(m.rss_mb > 0.0);
        assert!(m.processes.iter().any(|(p, _, _)| *p == std::process::id()));
    }
}
