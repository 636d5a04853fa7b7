//! The real window, driven through tauri-driver + WebKitWebDriver (run it inside
//! `dbus-run-session -- scripts/with-desktop.sh`):
//!
//! * start: spawn → `window.__PHASE_DESK_READY__` for the app and for a bare Tauri 2
//!   window built from `crates/bench/bare-template` (same flag), and the RSS / PSS summed
//!   over each one's process tree (main + WebKitWebProcess + WebKitNetworkProcess + …);
//! * with 10k secrets: environment click → `secrets-painted`, filter keystrokes →
//!   `filter-painted` (p50/p95), scrolling the virtual table top to bottom, RSS with 10k
//!   loaded, and the sandbox's request count over 60 s of idle window.
//!
//! `bench-ui --app target/release/phase-desk --bare target/bench/bare/…/bench-bare`
//! `[--starts N] [--idle-secs S]` writes `target/bench/ui.json`.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bench::{find_exe_in_tree, median, ms, percentile, round, summary, tree_memory};
use bench::{write_fragment, SandboxHost};
use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use phase_sandbox::Seed;
use serde_json::{json, Value};

type R<T = ()> = Result<T, String>;

const NATIVE_DRIVER: &str = "/usr/bin/WebKitWebDriver";
const SETTLE: Duration = Duration::from_secs(3);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn which(program: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH")?).collect();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// tauri-driver (leader of its own process group, with WebKitWebDriver and the app in
/// it) and the fresh config/data/cache folders of one run. Ends the group on drop.
struct Driver {
    child: Child,
    port: u16,
    _home: tempfile::TempDir,
}

impl Driver {
    fn start() -> R<Driver> {
        Self::start_with_env(&[])
    }

    /// `env` reaches the app (tauri-driver and WebKitWebDriver pass it on).
    fn start_with_env(env: &[(&str, &str)]) -> R<Driver> {
        use std::os::unix::process::CommandExt;
        let home = tempfile::Builder::new()
            .prefix("phase-desk-bench-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        for d in ["config", "data", "cache"] {
            std::fs::create_dir_all(home.path().join(d)).map_err(|e| e.to_string())?;
        }
        let (port, native) = (free_port(), free_port());
        let driver = which("tauri-driver").ok_or("tauri-driver is not installed")?;
        let log =
            std::fs::File::create(home.path().join("driver.log")).map_err(|e| e.to_string())?;
        let child = Command::new(driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .args(["--native-driver", NATIVE_DRIVER])
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("could not start tauri-driver: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        // Both tauri-driver and the WebKitWebDriver it starts must listen.
        while TcpStream::connect(("127.0.0.1", port)).is_err()
            || TcpStream::connect(("127.0.0.1", native)).is_err()
        {
            if Instant::now() > deadline {
                return Err("tauri-driver did not listen".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Driver {
            child,
            port,
            _home: home,
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    async fn session(&self, exe: &Path) -> R<Client> {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": exe.to_string_lossy(), "args": [] }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .map_err(|e| {
                let log = std::fs::read_to_string(self._home.path().join("driver.log"))
                    .unwrap_or_default();
                format!("WebDriver session: {e}\n--- tauri-driver log ---\n{log}")
            })?;
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(180)),
                Some(Duration::from_secs(60)),
                Some(Duration::ZERO),
            ))
            .await
            .map_err(|e| format!("timeouts: {e}"))?;
        Ok(client)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pgid = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &pgid]).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &pgid]).status();
        let _ = self.child.wait();
    }
}

async fn js(c: &Client, script: &str, args: Vec<Value>) -> R<Value> {
    c.execute(script, args)
        .await
        .map_err(|e| format!("script failed: {e}\n{script}"))
}

/// Polls `script` every `every` until it returns something other than null/false.
async fn poll(
    c: &Client,
    script: &str,
    args: Vec<Value>,
    limit: Duration,
    every: Duration,
    what: &str,
) -> R<Value> {
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(v) = c.execute(script, args.clone()).await {
            if !v.is_null() && v != json!(false) {
                return Ok(v);
            }
        }
        if Instant::now() > deadline {
            return Err(format!("timed out after {limit:?} waiting for {what}"));
        }
        tokio::time::sleep(every).await;
    }
}

/// Waits until `css` passes `ready` (a script given the selector), then finds it.
async fn ready_element(c: &Client, css: &str, ready: &str) -> R<fantoccini::elements::Element> {
    poll(
        c,
        ready,
        vec![json!(css)],
        Duration::from_secs(20),
        Duration::from_millis(50),
        css,
    )
    .await?;
    c.find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))
}

async fn click(c: &Client, css: &str) -> R {
    let el = ready_element(
        c,
        css,
        "const e = document.querySelector(arguments[0]); return !!e && !e.disabled && e.offsetParent !== null",
    )
    .await?;
    el.click().await.map_err(|e| format!("click {css}: {e}"))
}

async fn fill(c: &Client, css: &str, text: &str) -> R {
    click(c, css).await?;
    let el = c
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))?;
    el.clear().await.map_err(|e| format!("clear {css}: {e}"))?;
    el.send_keys(text)
        .await
        .map_err(|e| format!("type into {css}: {e}"))
}

async fn choose(c: &Client, css: &str, value: &str) -> R {
    let el = ready_element(
        c,
        css,
        "const e = document.querySelector(arguments[0]); return !!e && !e.disabled",
    )
    .await?;
    el.select_by(Locator::Css(&format!("option[value=\"{value}\"]")))
        .await
        .map_err(|e| format!("choose {value} in {css}: {e}"))
}

const READY: &str = "return window.__PHASE_DESK_READY__ === true";

/// One cold start: spawn (WebDriver new session) → ready flag; then memory after a settle.
async fn start_run(exe: &Path) -> R<Value> {
    start_run_with_env(exe, &[]).await
}

async fn start_run_with_env(exe: &Path, env: &[(&str, &str)]) -> R<Value> {
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
         return { origin: performance.timeOrigin, fcp: p ? p.startTime : null, painted: m ? m.startTime : null }",
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
        "rss_mb": mem.rss_mb,
        "pss_mb": mem.pss_mb,
        "processes": mem.processes.iter().map(|(p, n, mb)| json!({"pid": p, "name": n, "rss_mb": round(*mb, 1)})).collect::<Vec<_>>(),
    }))
}

fn col(runs: &[Value], key: &str) -> Vec<f64> {
    runs.iter().filter_map(|r| r[key].as_f64()).collect()
}

const INSTALL_PROBES: &str = "window.__bench = { clicks: [], keys: [] }; \
    document.addEventListener('click', () => window.__bench.clicks.push(performance.now()), true); \
    document.addEventListener('change', () => window.__bench.clicks.push(performance.now()), true); \
    document.addEventListener('keydown', () => window.__bench.keys.push(performance.now()), true); \
    return true";

/// Time from the last click/change to the first `secrets-painted` after it, once the
/// table shows `rows` rows and is not busy.
const PAINT_AFTER_CLICK: &str = "const c = window.__bench.clicks.at(-1); \
    const m = performance.getEntriesByName('secrets-painted').filter(e => e.startTime >= c); \
    const t = document.querySelector('[data-testid=secret-table]'); \
    if (!m.length || !t || t.getAttribute('aria-rowcount') !== String(arguments[0]) || t.getAttribute('aria-busy') === 'true') return null; \
    return m[0].startTime - c";

async fn paint_after_click(c: &Client, rows: usize) -> R<f64> {
    let v = poll(
        c,
        PAINT_AFTER_CLICK,
        vec![json!(rows)],
        Duration::from_secs(60),
        Duration::from_millis(20),
        "secrets-painted",
    )
    .await?;
    v.as_f64().ok_or_else(|| format!("not a number: {v}"))
}

/// First and second `filter-painted` after the last keydown (the second one follows the
/// debounced value search); null until the first exists.
const FILTER_AFTER_KEY: &str = "const k = window.__bench.keys.at(-1); \
    const m = performance.getEntriesByName('filter-painted').filter(e => e.startTime >= k); \
    const t = document.querySelector('[data-testid=secret-table]'); \
    return m.length ? { first: m[0].startTime - k, second: m.length > 1 ? m[1].startTime - k : null, rows: Number(t.getAttribute('aria-rowcount')) } : null";

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

async fn ten_k(host: &SandboxHost, exe: &Path, idle_secs: u64) -> R<Value> {
    let sb = &host.sandbox;
    let bench_app = sb.bench_app_id().ok_or("no bench app")?;
    let driver = Driver::start()?;
    let c = driver.session(exe).await?;
    poll(
        &c,
        READY,
        vec![],
        Duration::from_secs(60),
        Duration::from_millis(50),
        "ready",
    )
    .await?;

    // Add the account through the UI, as a person would.
    click(&c, "[data-testid=add-account-button]").await?;
    fill(&c, "[data-testid=account-name]", "Bench 10k").await?;
    choose(&c, "[data-testid=account-host-kind]", "custom").await?;
    fill(&c, "[data-testid=account-host-url]", &sb.base_url()).await?;
    choose(&c, "[data-testid=account-token-kind]", "User").await?;
    fill(&c, "[data-testid=account-token]", &sb.user_token()).await?;
    click(&c, "[data-testid=account-submit]").await?;
    let added = poll(
        &c,
        "if (document.querySelector('[data-testid=account-session-only-button]')) return 'keychain'; \
         return !document.querySelector('[data-testid=account-submit]') ? 'added' : null",
        vec![],
        Duration::from_secs(30),
        Duration::from_millis(50),
        "the account to be added",
    )
    .await?;
    if added == json!("keychain") {
        eprintln!("[bench] note: no keychain; keeping the token for this session only");
        click(&c, "[data-testid=account-session-only-button]").await?;
    }
    let picker_option = format!("[data-testid=app-picker] option[value=\"{bench_app}\"]");
    poll(
        &c,
        "const o = document.querySelector(arguments[0]); const p = document.querySelector('[data-testid=app-picker]'); return !!o && !!p && !p.disabled && window.__PHASE_DESK_READY__ === true",
        vec![json!(picker_option)],
        Duration::from_secs(30),
        Duration::from_millis(50),
        "the Bench app in the picker",
    )
    .await?;
    // Let the first app's listing finish before measuring.
    tokio::time::sleep(Duration::from_secs(1)).await;
    js(&c, INSTALL_PROBES, vec![]).await?;

    // Choose the Bench app: its first environment (development, 10k) loads.
    choose(&c, "[data-testid=app-picker]", &bench_app).await?;
    let app_choose_ms = paint_after_click(&c, 10_000).await?;
    eprintln!("[bench] webview: choose app → 10k painted {app_choose_ms:.0} ms");

    // Environment switches: staging (1k) then development (10k), measured on development.
    let mut paint = Vec::new();
    let mut paint_1k = Vec::new();
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(&c, "[data-testid=env-tab][data-env=staging]").await?;
        paint_1k.push(paint_after_click(&c, 1_000).await?);
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(&c, "[data-testid=env-tab][data-env=development]").await?;
        let t = paint_after_click(&c, 10_000).await?;
        eprintln!("[bench] webview: development tab → 10k painted {t:.0} ms");
        paint.push(t);
    }
    let ipc = js(
        &c,
        "return performance.getEntriesByType('resource').filter(e => /list_secrets/.test(e.name)).map(e => ({ name: e.name, duration: e.duration, size: e.transferSize || e.encodedBodySize || 0 }))",
        vec![],
    )
    .await
    .unwrap_or(Value::Null);

    // Filter keystrokes (real WebDriver key events into the search box).
    tokio::time::sleep(Duration::from_secs(1)).await;
    click(&c, "[data-testid=search-input]").await?;
    let search = c
        .find(Locator::Css("[data-testid=search-input]"))
        .await
        .map_err(|e| e.to_string())?;
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut shown = Vec::new();
    for word in ["aws_token", "db_password", "cache"] {
        let mut keys: Vec<String> = word.chars().map(|ch| ch.to_string()).collect();
        keys.extend(std::iter::repeat_n("\u{E003}".to_string(), word.len()));
        for k in keys {
            search
                .send_keys(&k)
                .await
                .map_err(|e| format!("type: {e}"))?;
            let v = poll(
                &c,
                FILTER_AFTER_KEY,
                vec![],
                Duration::from_secs(10),
                Duration::from_millis(5),
                "filter-painted",
            )
            .await?;
            // Let the debounced value search (150 ms + IPC) land and repaint.
            tokio::time::sleep(Duration::from_millis(450)).await;
            let v2 = js(&c, FILTER_AFTER_KEY, vec![]).await?;
            first.push(v["first"].as_f64().unwrap_or(f64::NAN));
            if let Some(s) = v2["second"].as_f64() {
                second.push(s);
            }
            shown.push(v2["rows"].as_u64().unwrap_or(0));
        }
    }
    eprintln!(
        "[bench] webview: filter keystroke → painted p50 {:.1} ms, p95 {:.1} ms ({} keys)",
        percentile(&first, 50.0),
        percentile(&first, 95.0),
        first.len()
    );

    // Scroll the whole virtual table, one viewport per frame.
    poll(&c, "const t = document.querySelector('[data-testid=secret-table]'); return t && t.getAttribute('aria-rowcount') === '10000'", vec![], Duration::from_secs(10), Duration::from_millis(50), "10000 rows").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let scroll = c
        .execute_async(SCROLL, vec![])
        .await
        .map_err(|e| format!("scroll: {e}"))?;
    let frames: Vec<f64> = scroll["frames"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    if frames.is_empty() {
        return Err(format!("scroll gave no frames: {scroll}"));
    }
    eprintln!(
        "[bench] webview: scrolled 10k rows in {:.0} ms ({} steps, frame p95 {:.1} ms)",
        scroll["total"].as_f64().unwrap_or(0.0),
        frames.len(),
        percentile(&frames, 95.0)
    );

    // Memory with 10k loaded, then idle requests.
    tokio::time::sleep(SETTLE).await;
    let pid = find_exe_in_tree(driver.pid(), exe).ok_or("the app's process was not found")?;
    let mem = tree_memory(pid);
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

    Ok(json!({
        "app_choose_to_10k_painted_ms": app_choose_ms,
        "env_click_to_10k_painted_ms": summary(&paint),
        "env_click_to_1k_painted_ms": summary(&paint_1k),
        "ipc_resource_timing": ipc,
        "filter_keystroke_to_painted_ms": summary(&first),
        "filter_p50_ms": percentile(&first, 50.0),
        "filter_p95_ms": percentile(&first, 95.0),
        "filter_keystroke_to_value_search_painted_ms": if second.is_empty() { Value::Null } else { summary(&second) },
        "filter_rows_shown": shown,
        "scroll": {
            "total_ms": scroll["total"],
            "steps": frames.len(),
            "step_px": scroll["step"],
            "scroll_height_px": scroll["scrollHeight"],
            "rows_in_dom_at_end": scroll["rendered"],
            "last_key_at_end": scroll["lastKey"],
            "frame_ms": summary(&frames),
            "frames_over_16_7ms": frames.iter().filter(|f| **f > 16.7).count(),
            "frames_over_33_4ms": frames.iter().filter(|f| **f > 33.4).count(),
        },
        "rss_10k_mb": mem.rss_mb,
        "pss_10k_mb": mem.pss_mb,
        "processes_10k": mem.processes.iter().map(|(p, n, mb)| json!({"pid": p, "name": n, "rss_mb": round(*mb, 1)})).collect::<Vec<_>>(),
        "rss_10k_after_idle_mb": mem_after_idle.rss_mb,
        "idle_secs": idle_secs,
        "idle_requests": idle_requests,
    }))
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

async fn run(host: &SandboxHost) -> R<Value> {
    let app = PathBuf::from(arg("--app").ok_or("--app PATH is required")?);
    let bare = PathBuf::from(arg("--bare").ok_or("--bare PATH is required")?);
    let starts: usize = arg("--starts").and_then(|s| s.parse().ok()).unwrap_or(5);
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
    for i in 0..starts {
        let b = start_run(&bare).await?;
        let a = start_run(&app).await?;
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
    let tenk = ten_k(host, &app, idle_secs).await?;
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
        },
        "ten_k": tenk,
    }))
}

fn main() {
    let runtime = bench::runtime("bench");
    eprintln!("[bench] webview: seeding a sandbox with 10000 secrets");
    let host = SandboxHost::start(Seed::Generated { count: 10_000 });
    let outcome = runtime.block_on(run(&host));
    drop(host);
    match outcome {
        Ok(v) => write_fragment("ui", &v),
        Err(e) => {
            eprintln!("[bench] webview benchmark failed: {e}");
            std::process::exit(1);
        }
    }
}
