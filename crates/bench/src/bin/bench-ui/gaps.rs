//! `BENCH_GAP_PROBE=1` (probing only, not part of any figure): what the page's main thread
//! does between a filter keystroke and the frame that paints it. From each keydown until
//! that frame's animation callback, a chain of `MessageChannel` messages records when the
//! thread was free to run a task; a hole in the chain is the thread busy with something
//! else (an event, a collection, style or layout forced early). Keyup and input times are
//! recorded beside it.

use fantoccini::Client;
use serde_json::{json, Value};

use crate::driver::js;
use crate::R;

const INSTALL: &str = "window.__gaps = []; \
    document.addEventListener('keydown', () => { \
      const rec = { k: performance.now(), pings: [], up: null, input: null, frame: null, kdEnd: null, inEnd: null, chain: null }; \
      window.__gaps.push(rec); \
      requestAnimationFrame(() => { rec.frame = performance.now(); }); \
      const ch = new MessageChannel(); \
      ch.port1.onmessage = () => { rec.pings.push(performance.now()); \
        if (rec.frame === null && rec.pings.length < 5000) ch.port2.postMessage(0); else ch.port1.close(); }; \
      ch.port2.postMessage(0); \
    }, true); \
    document.addEventListener('keyup', () => { const r = window.__gaps.at(-1); if (r && r.up === null) r.up = performance.now(); }, true); \
    window.addEventListener('input', () => { const r = window.__gaps.at(-1); if (r && r.input === null) r.input = performance.now(); }, true); \
    window.addEventListener('keydown', () => { const r = window.__gaps.at(-1); if (r && r.kdEnd === null) r.kdEnd = performance.now(); }, false); \
    window.addEventListener('input', () => { const r = window.__gaps.at(-1); if (!r || r.inEnd !== null) return; r.inEnd = performance.now(); \
      let n = 0; const step = () => { if (++n < 40) queueMicrotask(step); else r.chain = performance.now(); }; queueMicrotask(step); }, false); \
    return true";

/// Per key: times from keydown (ms), the first ping, the holes over 0.75 ms in the chain
/// before the frame as [start, length], and how many pings ran.
const READ: &str = "const fl = window.__bench.flushed; \
    return window.__gaps.map(r => { const rel = t => t === null ? null : Math.round((t - r.k) * 10) / 10; \
      const holes = []; let prev = r.k; \
      for (const p of r.pings) { if (r.frame !== null && p > r.frame) break; if (p - prev > 0.75) holes.push([rel(prev), Math.round((p - prev) * 10) / 10]); prev = p; } \
      if (r.frame !== null && r.frame - prev > 0.75) holes.push([rel(prev), Math.round((r.frame - prev) * 10) / 10]); \
      const f = fl.find(t => t >= r.k); \
      return { kdEnd: rel(r.kdEnd), inEnd: rel(r.inEnd), chain: rel(r.chain), input: rel(r.input), flushed: f === undefined ? null : rel(f), up: rel(r.up), frame: rel(r.frame), pings: r.pings.filter(p => r.frame === null || p <= r.frame).length, holes }; })";

pub(crate) fn wanted() -> bool {
    std::env::var_os("BENCH_GAP_PROBE").is_some()
}

pub(crate) async fn install(c: &Client) -> R {
    js(c, INSTALL, vec![]).await.map(|_| ())
}

/// Prints one line per key, with the rows shown after it.
pub(crate) async fn print(c: &Client, label: &str, rows: u64, shown: &[u64]) -> R {
    let v = js(c, READ, vec![]).await?;
    let keys = v.as_array().cloned().unwrap_or_default();
    let mut before = Some(rows);
    for (i, k) in keys.iter().enumerate() {
        let now = shown.get(i).copied();
        let changed = now != before;
        before = now;
        let tag = if changed { "CHANGED" } else { "kept" };
        eprintln!("[gaps] {label} key {i} {tag} rows {now:?}: {}", line(k));
    }
    Ok(())
}

fn line(k: &Value) -> String {
    json!({ "kdEnd": k["kdEnd"], "input": k["input"], "inEnd": k["inEnd"], "chain": k["chain"], "flushed": k["flushed"], "up": k["up"], "frame": k["frame"], "pings": k["pings"], "holes": k["holes"] }).to_string()
}
