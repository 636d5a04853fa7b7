//! `docs/bench-history.csv`: one line per measure per full run (date, commit, measure,
//! figure, floor, ratio, target, met), and the Markdown table of the last five runs.

use std::collections::BTreeMap;
use std::path::Path;

/// One measure of one run, as the history keeps it.
pub struct Entry {
    pub id: &'static str,
    pub figure: Option<f64>,
    pub floor: Option<f64>,
    pub ratio: Option<f64>,
    pub target: &'static str,
    pub met: Option<bool>,
}

const HEADER: &str = "date,commit,measure,figure,floor,ratio,target,met";

fn cell(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.3}")).unwrap_or_default()
}

/// Appends this run's entries (the file is created with its header when missing).
pub fn append(path: &Path, date: &str, commit: &str, entries: &[Entry]) -> std::io::Result<()> {
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    if text.trim().is_empty() {
        text = format!("{HEADER}\n");
    }
    for e in entries {
        let met = match e.met {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        text.push_str(&format!(
            "{date},{commit},{},{},{},{},{},{met}\n",
            e.id,
            cell(e.figure),
            cell(e.floor),
            cell(e.ratio),
            e.target.replace(',', ";"),
        ));
    }
    std::fs::write(path, text)
}

/// The last `n` runs (by date and commit, oldest first) as a Markdown table: one row per
/// measure, one column per run, each cell the figure (and ratio when there is one).
pub fn last_runs_table(path: &Path, n: usize) -> String {
    let Ok(text) = std::fs::read_to_string(path) else {
        return String::new();
    };
    let mut runs: Vec<(String, String)> = Vec::new();
    let mut cells: BTreeMap<(String, (String, String)), String> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 8 {
            continue;
        }
        let run = (f[0].to_string(), f[1].to_string());
        if !runs.contains(&run) {
            runs.push(run.clone());
        }
        if !order.iter().any(|m| m == f[2]) {
            order.push(f[2].to_string());
        }
        targets.insert(f[2].to_string(), f[6].to_string());
        let mut shown = short(f[3]);
        if !f[5].is_empty() && f[5] != f[3] {
            // A memory measure's third figure is a delta in MB, the others' a ratio.
            shown = match f[2].ends_with("(MB)") {
                true => format!("{shown} (+{} MB)", short(f[5])),
                false => format!("{shown} ({}×)", short(f[5])),
            };
        }
        if f[7] == "no" {
            shown = format!("**{shown}**");
        }
        cells.insert((f[2].to_string(), run), shown);
    }
    let last: Vec<(String, String)> = runs.iter().rev().take(n).rev().cloned().collect();
    if last.is_empty() {
        return String::new();
    }
    let mut out = String::from("| measure | target |");
    for (date, commit) in &last {
        out.push_str(&format!(" {date} `{commit}` |"));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---:|".repeat(last.len()));
    out.push('\n');
    for m in &order {
        out.push_str(&format!(
            "| {m} | {} |",
            targets.get(m).cloned().unwrap_or_default()
        ));
        for run in &last {
            let c = cells.get(&(m.clone(), run.clone())).cloned();
            out.push_str(&format!(" {} |", c.unwrap_or_else(|| "—".into())));
        }
        out.push('\n');
    }
    out
}

/// Two significant decimals at most, without trailing zeros.
fn short(v: &str) -> String {
    match v.parse::<f64>() {
        Ok(x) if x.abs() >= 100.0 => format!("{x:.0}"),
        Ok(x) if x.abs() >= 10.0 => format!("{x:.1}"),
        Ok(x) => format!("{x:.2}"),
        Err(_) => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memory_delta_reads_as_megabytes_and_a_ratio_as_times() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        let entry = |id, figure, ratio| Entry {
            id,
            figure: Some(figure),
            floor: Some(438.0),
            ratio: Some(ratio),
            target: "—",
            met: Some(true),
        };
        let entries = [
            entry("RSS 10k − bare (MB)", 529.0, 91.0),
            entry("start ÷ bare window", 555.0, 1.12),
        ];
        append(&path, "2026-12-02", "abc", &entries).unwrap();
        let table = last_runs_table(&path, 5);
        assert!(table.contains("| 529 (+91.0 MB) |"), "{table}");
        assert!(table.contains("| 555 (1.12×) |"), "{table}");
    }

    #[test]
    fn appends_and_shows_the_last_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        for (i, figure) in [10.0, 20.0, 30.0].iter().enumerate() {
            let e = Entry {
                id: "filter p95 (ms)",
                figure: Some(*figure),
                floor: Some(16.7),
                ratio: None,
                target: "≤ 16 ms",
                met: Some(*figure <= 16.0),
            };
            append(&path, &format!("2026-12-0{}", i + 1), "abc", &[e]).unwrap();
        }
        let table = last_runs_table(&path, 2);
        assert!(!table.contains("2026-12-01"), "{table}");
        assert!(table.contains("2026-12-02 `abc`") && table.contains("2026-12-03"));
        assert!(
            table.contains("| filter p95 (ms) | ≤ 16 ms | **20.0** | **30.0** |"),
            "{table}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 4);
    }
}
