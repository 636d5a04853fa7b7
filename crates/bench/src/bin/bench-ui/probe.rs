//! `bench-ui --probe --app …`: where a scroll step and a filter keystroke spend their time
//! in the 10k window, for working on the table (not part of any reported figure).
//!
//! Per scroll step: the scroll handler and Svelte's update (a capturing listener before the
//! app's and one after it), style + layout (forced in the animation frame), the whole frame,
//! and the process tree's CPU. CSS variants (`--probe-css 'rule' …`, each one a variant)
//! are added through the CSSOM and run alternately with the page as built, so A and B
//! see the same machine. Per keystroke (typed in the page through `input` events): the
//! handler and Svelte's update, style + layout, and the frame after it. With
//! `BENCH_PROBE_KEYS=1`, the bench's real keystrokes are typed instead, once per CSS
//! variant and round, and each pass's split is printed.

use std::path::Path;
use std::time::Duration;

use bench::{find_exe_in_tree, percentile, tree_cpu_ms, SandboxHost};
use fantoccini::Client;
use serde_json::{json, Value};

use crate::driver::{js, poll};
use crate::filter::type_filter_keys;
use crate::ten_k::{open_bench_app, staging_and_back};
use crate::R;

/// Scrolls `arguments[0]` steps of one viewport per frame from the top (wrapping at the
/// bottom) with the CSS rules `arguments[1]` added; per-step times in ms.
const SCROLL_PROBE: &str = "const done = arguments[arguments.length - 1]; const steps = arguments[0]; const rules = arguments[1]; \
  (async () => { \
    const frame = () => new Promise(r => requestAnimationFrame(() => r())); \
    const sheet = document.styleSheets[document.styleSheets.length - 1]; const added = []; \
    const block = rules.includes('NOUPDATE'); const stop = (e) => e.stopImmediatePropagation(); \
    for (const r of rules) if (r !== 'NOUPDATE' && r !== 'WRAPDOM') added.push(sheet.insertRule(r, sheet.cssRules.length)); \
    const spent = {}; const undo = []; \
    const wrap = (obj, name, label, kind) => { const d = Object.getOwnPropertyDescriptor(obj, name); if (!d) return; \
      const timed = (f) => function (...a) { const t = performance.now(); try { return f.apply(this, a); } finally { spent[label] = (spent[label] || 0) + performance.now() - t; } }; \
      const nd = { ...d }; if (kind === 'set') nd.set = timed(d.set); else nd.value = timed(d.value); Object.defineProperty(obj, name, nd); undo.push(() => Object.defineProperty(obj, name, d)); }; \
    if (rules.includes('WRAPDOM')) { \
      wrap(Element.prototype, 'setAttribute', 'setAttribute'); wrap(Element.prototype, 'removeAttribute', 'removeAttribute'); \
      wrap(Node.prototype, 'nodeValue', 'nodeValue', 'set'); wrap(Node.prototype, 'textContent', 'textContent', 'set'); wrap(CharacterData.prototype, 'data', 'data', 'set'); \
      wrap(Element.prototype, 'className', 'className', 'set'); wrap(HTMLInputElement.prototype, 'checked', 'checked', 'set'); wrap(HTMLButtonElement.prototype, 'disabled', 'disabled', 'set'); wrap(HTMLInputElement.prototype, 'disabled', 'disabled', 'set'); \
      wrap(Node.prototype, 'insertBefore', 'insert'); wrap(Node.prototype, 'appendChild', 'insert'); wrap(Element.prototype, 'remove', 'remove'); wrap(CharacterData.prototype, 'remove', 'remove'); wrap(Node.prototype, 'cloneNode', 'clone'); wrap(Document.prototype, 'importNode', 'clone'); \
      wrap(Intl.RelativeTimeFormat.prototype, 'format', 'rtf'); wrap(Date, 'parse', 'Date.parse'); wrap(Element.prototype, 'toggleAttribute', 'toggleAttribute'); \
      wrap(DOMTokenList.prototype, 'toggle', 'classList'); wrap(DOMTokenList.prototype, 'add', 'classList'); wrap(DOMTokenList.prototype, 'remove', 'classList'); \
    } \
    const sc = document.querySelector('[data-testid=secret-table] .body'); \
    sc.scrollTop = 0; await frame(); await frame(); await frame(); \
    let a = 0, js = 0; \
    const before = () => { a = performance.now(); }; const after = () => { js += performance.now() - a; }; \
    sc.addEventListener('scroll', before, true); sc.addEventListener('scroll', after); if (block) sc.addEventListener('scroll', stop, true); \
    const mut = { added: 0, removed: 0, attrs: {}, text: 0 }; \
    const mo = new MutationObserver(ms => { for (const m of ms) { \
      if (m.type === 'childList') { for (const n of m.addedNodes) if (n.nodeType === 1) mut.added += 1 + n.querySelectorAll('*').length; for (const n of m.removedNodes) if (n.nodeType === 1) mut.removed += 1 + n.querySelectorAll('*').length; } \
      else if (m.type === 'attributes') mut.attrs[m.attributeName] = (mut.attrs[m.attributeName] || 0) + 1; else mut.text++; } }); \
    mo.observe(sc, { subtree: true, childList: true, attributes: true, characterData: true }); \
    const step = sc.clientHeight; const out = { frame: [], js: [], style: [], layout: [] }; \
    let last = performance.now(); \
    for (let i = 0; i < steps; i++) { \
      js = 0; \
      if (sc.scrollTop + sc.clientHeight >= sc.scrollHeight - 1) sc.scrollTop = 0; else sc.scrollTop = sc.scrollTop + step; \
      await frame(); \
      const t = performance.now(); const lr = sc.querySelector('.row:last-child'); void getComputedStyle(lr).color; \
      const t1 = performance.now(); lr.getBoundingClientRect(); \
      out.style.push(t1 - t); out.layout.push(performance.now() - t1); out.js.push(js); out.frame.push(t - last); last = t; \
    } \
    mo.disconnect(); out.mutations = mut; for (const u of undo) u(); for (const k in spent) spent[k] = Math.round(spent[k] / steps * 1000) / 1000; out.spent = spent; \
    sc.removeEventListener('scroll', stop, true); sc.removeEventListener('scroll', before, true); sc.removeEventListener('scroll', after); \
    for (const i of added.reverse()) sheet.deleteRule(i); \
    await frame(); done(out); \
  })().catch(e => done({ error: String(e) }));";

/// Types `arguments[0]` (a list of whole query texts, one per keystroke) into the search
/// box through `input` events, `arguments[1]` ms apart; per-keystroke times in ms.
const KEY_PROBE: &str = "const done = arguments[arguments.length - 1]; const texts = arguments[0]; const gap = arguments[1]; \
  (async () => { \
    const frame = () => new Promise(r => requestAnimationFrame(() => r())); \
    const input = document.querySelector('[data-testid=search-input]'); \
    const out = { handler: [], flush: [], layout: [], toFrame: [], frame2: [] }; \
    for (const text of texts) { \
      const t0 = performance.now(); \
      input.value = text; input.dispatchEvent(new Event('input', { bubbles: true })); \
      const t1 = performance.now(); \
      await Promise.resolve(); await Promise.resolve(); \
      const t2 = performance.now(); \
      document.querySelector('[data-testid=secret-table]').getBoundingClientRect(); \
      const t3 = performance.now(); \
      await frame(); const t4 = performance.now(); await frame(); const t5 = performance.now(); \
      out.handler.push(t1 - t0); out.flush.push(t2 - t1); out.layout.push(t3 - t2); out.toFrame.push(t4 - t0); out.frame2.push(t5 - t4); \
      await new Promise(r => setTimeout(r, gap)); \
    } \
    done(out); \
  })().catch(e => done({ error: String(e) }));";

/// What one kind of DOM change to every rendered row costs in style and layout: each
/// experiment `arguments[0]` times, style forced with getComputedStyle, then layout.
const MUTATION_PROBE: &str = "const n = arguments[0]; const sc = document.querySelector('[data-testid=secret-table] .body'); \
  const rows = [...sc.querySelectorAll('[data-testid=secret-row]')]; const lr = rows[rows.length - 1]; \
  const exps = { \
    none: (i) => {}, \
    dataAttr: (i) => rows.forEach(r => r.setAttribute('data-probe', 'x' + i)), \
    ariaLabel: (i) => rows.forEach(r => r.querySelectorAll('[aria-label]').forEach(b => b.setAttribute('aria-label', 'Copy ' + i))), \
    title: (i) => rows.forEach(r => r.querySelectorAll('[title]').forEach(b => b.setAttribute('title', 't' + i))), \
    keyText: (i) => rows.forEach(r => { const k = r.querySelector('.k'); k.firstChild.nodeValue = k.firstChild.nodeValue.slice(0, -1) + (i % 10); }), \
    valueText: (i) => rows.forEach(r => { const k = r.querySelector('.value'); k.firstChild.nodeValue = k.firstChild.nodeValue + (i % 2 ? 'x' : ''); }), \
    disabled: (i) => rows.forEach(r => r.querySelectorAll('button').forEach(b => b.disabled = !!(i % 2))), \
    rowClass: (i) => rows.forEach(r => r.classList.toggle('probe', !!(i % 2))), \
    tagNew: (i) => rows.forEach(r => { const t = r.querySelector('.tags'); if (!t) return; const s = document.createElement('span'); s.className = 'tag'; s.textContent = 'tag' + i; t.replaceChildren(s); }), \
    disabledOne: (i) => { rows[3].querySelector('button').disabled = !!(i % 2); }, \
    checkboxDisabledOne: (i) => { rows[3].querySelector('input').disabled = !!(i % 2); }, \
    keyTextOne: (i) => { const k = rows[3].querySelector('.k'); k.firstChild.nodeValue = k.firstChild.nodeValue.slice(0, -1) + (i % 10); }, \
    classOne: (i) => { rows[3].querySelector('.value').classList.toggle('masked', !!(i % 2)); }, \
    tagNewOne: (i) => { const t = rows[3].querySelector('.tags'); const s = document.createElement('span'); s.className = 'tag'; s.textContent = 'tag' + i; t.replaceChildren(s); }, \
    transform: (i) => { sc.querySelector('.window').style.transform = 'translateY(' + (i % 2) + 'px)'; }, \
  }; \
  const out = {}; \
  for (const [name, f] of Object.entries(exps)) { \
    let st = 0, la = 0, js = 0; \
    for (let i = 0; i < n; i++) { \
      const t0 = performance.now(); f(i); const t1 = performance.now(); void getComputedStyle(lr).color; const t2 = performance.now(); lr.getBoundingClientRect(); const t3 = performance.now(); \
      js += t1 - t0; st += t2 - t1; la += t3 - t2; \
    } \
    out[name] = [js / n, st / n, la / n].map(x => Math.round(x * 100) / 100).join(' / '); \
  } \
  return out;";

/// Style + layout of a simulated scroll step (every rendered row shows another row's texts)
/// under CSS variants `arguments[1]` (rules written with `.VAR` for the table, enabled by a
/// class on it), interleaved step by step so that A and B share the machine's noise.
const LAYOUT_AB: &str = "const n = arguments[0]; const vars = arguments[1]; \
  const table = document.querySelector('[data-testid=secret-table]'); const sc = table.querySelector('.body'); \
  const sheet = document.styleSheets[document.styleSheets.length - 1]; const added = []; \
  vars.forEach((rules, i) => rules.split(';;').forEach(r => added.push(sheet.insertRule(r.replaceAll('.VAR', '.table.pv' + (i + 1)), sheet.cssRules.length)))); \
  const rows = [...sc.querySelectorAll('[data-testid=secret-row]')]; \
  const textsOf = (r) => { const w = document.createTreeWalker(r, NodeFilter.SHOW_TEXT); const out = []; while (w.nextNode()) if (w.currentNode.nodeValue.trim()) out.push(w.currentNode); return out; }; \
  const nodes = rows.map(textsOf); const orig = nodes.map(ns => ns.map(t => t.nodeValue)); \
  const sums = new Array(vars.length + 1).fill(0); const lr = rows[rows.length - 1]; \
  for (let j = 0; j < n * (vars.length + 1); j++) { \
    const v = j % (vars.length + 1); \
    for (let i = 1; i <= vars.length; i++) table.classList.toggle('pv' + i, i === v); \
    lr.getBoundingClientRect(); \
    const t0 = performance.now(); \
    const shift = 1 + j % (rows.length - 1); \
    nodes.forEach((ns, i) => { const src = orig[(i + shift) % rows.length]; ns.forEach((t, k) => { if (k < src.length) t.nodeValue = src[k]; }); }); \
    lr.getBoundingClientRect(); \
    sums[v] += performance.now() - t0; \
  } \
  nodes.forEach((ns, i) => ns.forEach((t, k) => t.nodeValue = orig[i][k])); \
  for (let i = 1; i <= vars.length; i++) table.classList.remove('pv' + i); \
  for (const i of added.reverse()) sheet.deleteRule(i); \
  return sums.map(x => Math.round(x / n * 1000) / 1000);";

fn nums(v: &Value, k: &str) -> Vec<f64> {
    v[k].as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn line(v: &Value, keys: &[&str]) -> String {
    keys.iter()
        .map(|k| {
            let xs = nums(v, k);
            if xs.is_empty() {
                format!("{k} -")
            } else {
                format!(
                    "{k} {:.2}/{:.0}/{:.0}",
                    mean(&xs),
                    percentile(&xs, 50.0),
                    percentile(&xs, 95.0)
                )
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
}

async fn scroll_once(c: &Client, pid: u32, steps: usize, rules: &[String]) -> R<(Value, f64)> {
    let cpu = tree_cpu_ms(pid);
    let v = c
        .execute_async(SCROLL_PROBE, vec![json!(steps), json!(rules)])
        .await
        .map_err(|e| format!("scroll probe: {e}"))?;
    if v.get("error").is_some() {
        return Err(format!("scroll probe: {v}"));
    }
    Ok((v, (tree_cpu_ms(pid) - cpu) / steps as f64))
}

fn words(ws: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for w in ws {
        for i in 1..=w.len() {
            out.push(w[..i].to_string());
        }
        for i in (0..w.len()).rev() {
            out.push(w[..i].to_string());
        }
    }
    out
}

pub(crate) async fn probe(host: &SandboxHost, exe: &Path, css: &[String], rounds: usize) -> R {
    let (driver, c, (ms, _)) = open_bench_app(&host.sandbox, exe, 10_000).await?;
    eprintln!("[probe] 10k painted {ms:.0} ms");
    let pid = find_exe_in_tree(driver.pid(), exe).ok_or("the app's process was not found")?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let info = js(
        &c,
        "const sc = document.querySelector('[data-testid=secret-table] .body'); return { w: innerWidth, h: innerHeight, dpr: devicePixelRatio, viewport: sc.clientHeight, rows: sc.querySelectorAll('[data-testid=secret-row]').length, nodes: sc.querySelectorAll('*').length }",
        vec![],
    )
    .await?;
    eprintln!("[probe] window {info}");
    // An animation left running repaints its area every frame, on the same cores as the
    // frames measured here.
    let running = js(
        &c,
        "return document.getAnimations().map(a => { const t = a.effect && a.effect.target; return { name: a.animationName || a.id, playState: a.playState, target: t ? t.tagName + '.' + [...t.classList].join('.') : null, testid: t && t.closest('[data-testid]') ? t.closest('[data-testid]').dataset.testid : null }; })",
        vec![],
    )
    .await?;
    eprintln!("[probe] animations running: {running}");
    if let Ok(png) = c.screenshot().await {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/bench/probe-table.png");
        if std::fs::write(&path, png).is_ok() {
            eprintln!("[probe] screenshot: {}", path.display());
        }
    }

    for _ in 0..2 {
        let m = js(&c, MUTATION_PROBE, vec![json!(100)]).await?;
        eprintln!("[probe] one change to every row, js / style / layout ms: {m}");
    }

    if std::env::var_os("BENCH_PROBE_KEYS").is_some() {
        return keys_ab(&c, css, rounds).await;
    }

    let ab: Vec<String> = css.iter().filter(|r| r.contains(".VAR")).cloned().collect();
    if !ab.is_empty() {
        for _ in 0..3 {
            let m = js(&c, LAYOUT_AB, vec![json!(300), json!(ab)]).await?;
            eprintln!(
                "[probe] simulated step, style + layout ms: as built, then each .VAR variant: {m}"
            );
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
        return Ok(());
    }

    // Keystrokes, through input events (no WebDriver polling in between).
    let texts = words(&["aws_token", "db_password", "cache"]);
    for gap in [400u64] {
        let v = c
            .execute_async(KEY_PROBE, vec![json!(texts), json!(gap)])
            .await
            .map_err(|e| format!("key probe: {e}"))?;
        eprintln!(
            "[probe] keys (gap {gap} ms; mean/p50/p95): {}",
            line(&v, &["handler", "flush", "layout", "toFrame", "frame2"])
        );
    }
    poll(&c, "const t = document.querySelector('[data-testid=secret-table]'); return t && t.getAttribute('aria-rowcount') === '10000'", vec![], Duration::from_secs(10), Duration::from_millis(50), "10000 rows").await?;

    // Scroll: the page as built, then each CSS variant, alternately.
    let mut variants: Vec<Vec<String>> = vec![vec![]];
    for rule in css {
        variants.push(rule.split(";;").map(str::to_string).collect());
    }
    for round in 0..rounds {
        for (i, rules) in variants.iter().enumerate() {
            let (v, cpu) = scroll_once(&c, pid, 200, rules).await?;
            if round == 0 && i == 0 {
                eprintln!(
                    "[probe] scroll mutations over 200 steps: {}",
                    v["mutations"]
                );
            }
            if v["spent"].as_object().is_some_and(|o| !o.is_empty()) {
                eprintln!("[probe] ms per step inside DOM calls: {}", v["spent"]);
            }
            eprintln!(
                "[probe] scroll r{round} v{i} cpu/step {cpu:.1}  {}  {}",
                line(&v, &["frame", "js", "style", "layout"]),
                if rules.is_empty() {
                    "(as built)".to_string()
                } else {
                    rules.join(" ")
                }
            );
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), c.clone().close()).await;
    Ok(())
}

/// `BENCH_PROBE_KEYS=1`: the bench's real keystrokes typed with each CSS variant added in
/// turn (the page as built first), `rounds` times, printing each pass's split.
async fn keys_ab(c: &Client, css: &[String], rounds: usize) -> R {
    let mut variants: Vec<String> = vec![String::new()];
    variants.extend(css.iter().cloned());
    // `BENCH_PROBE_SWITCHES=N`: before each round after the first, N switches to staging and
    // back, as the full run makes before it types (to tell the window's state from the code).
    let switches: usize = std::env::var("BENCH_PROBE_SWITCHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for round in 0..rounds {
        if round > 0 && switches > 0 {
            for _ in 0..switches {
                staging_and_back(c).await?;
            }
            eprintln!("[probe] {switches} environment switches before round {round}");
        }
        for (i, rules) in variants.iter().enumerate() {
            let rules: Vec<&str> = rules.split(";;").filter(|r| !r.is_empty()).collect();
            js(c, "const sheet = document.styleSheets[document.styleSheets.length - 1]; for (const r of arguments[0]) sheet.insertRule(r, sheet.cssRules.length); window.__added = arguments[0].length; return true", vec![json!(rules)]).await?;
            let keys = type_filter_keys(c, 10_000).await?;
            keys.print(&format!("keys r{round} v{i} {}", rules.join(" ")));
            js(c, "const sheet = document.styleSheets[document.styleSheets.length - 1]; for (let i = 0; i < window.__added; i++) sheet.deleteRule(sheet.cssRules.length - 1); return true", vec![]).await?;
            poll(c, "const t = document.querySelector('[data-testid=secret-table]'); return t && t.getAttribute('aria-rowcount') === '10000'", vec![], Duration::from_secs(10), Duration::from_millis(50), "10000 rows").await?;
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), c.clone().close()).await;
    Ok(())
}
