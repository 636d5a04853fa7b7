//! What the report reads besides the fragments: file sizes, the UI bundle, the machine.

use std::path::Path;

use bench::{capture, root, round};
use serde_json::{json, Value};

pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

pub fn file_size(p: &Path) -> Option<u64> {
    std::fs::metadata(p).ok().map(|m| m.len())
}

/// Sum of `gzip -9` sizes of ui/dist/assets/*.js, and the file names.
pub fn ui_js_gz() -> Option<(f64, f64, Vec<String>)> {
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

pub fn machine() -> Value {
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
