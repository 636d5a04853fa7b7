//! Starting the real app under `tauri-driver`, waiting, clicking, typing and screenshots.

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub type TestResult<T = ()> = Result<T, String>;

/// How long any single wait may take before the journey fails.
pub const WAIT: Duration = Duration::from_secs(20);
/// Interval between two polls of a condition.
const POLL: Duration = Duration::from_millis(100);

const NATIVE_DRIVER: &str = "/usr/bin/WebKitWebDriver";

/// Journeys run one at a time (one window, two cores).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs one journey: checks the desktop, takes the lock, runs `body` on its own runtime.
pub fn journey<F, Fut>(name: &'static str, body: F)
where
    F: FnOnce(&'static str) -> Fut,
    Fut: Future<Output = TestResult>,
{
    if !desktop_ready(name) {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let outcome = runtime.block_on(body(name));
    runtime.shutdown_timeout(Duration::from_secs(2));
    eprintln!("[e2e] {name}: {:.1} s", started.elapsed().as_secs_f64());
    if let Err(e) = outcome {
        panic!("journey {name} failed: {e}");
    }
}

fn which(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Path::new(program).is_file().then(|| PathBuf::from(program));
    }
    let path = std::env::var_os("PATH")?;
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// True when the journey can run; false (after a note) when skipping was asked for.
/// Panics with instructions when the desktop is missing.
fn desktop_ready(name: &str) -> bool {
    let mut missing = Vec::new();
    if std::env::var_os("DISPLAY").is_none() {
        missing.push("DISPLAY is not set (no X server)".to_string());
    }
    if which("tauri-driver").is_none() {
        missing.push("tauri-driver is not installed".to_string());
    }
    if which(NATIVE_DRIVER).is_none() {
        missing.push(format!(
            "{NATIVE_DRIVER} is missing (package webkit2gtk-driver)"
        ));
    }
    if missing.is_empty() {
        return true;
    }
    if std::env::var("PHASE_DESK_SKIP_E2E").as_deref() == Ok("1") {
        eprintln!(
            "[e2e] skipping {name} (PHASE_DESK_SKIP_E2E=1): {}",
            missing.join("; ")
        );
        return false;
    }
    panic!(
        "journey {name} cannot run: {}. The end-to-end journeys need Xvfb, a D-Bus session with GNOME Keyring, \
         tauri-driver and WebKitWebDriver: run them via `bash scripts/test.sh` \
         (or set PHASE_DESK_SKIP_E2E=1 to skip them).",
        missing.join("; ")
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/screenshots")
}

/// The driver process group; killed on drop, whatever happened.
struct DriverGuard {
    child: Child,
}

impl Drop for DriverGuard {
    fn drop(&mut self) {
        // tauri-driver was started as the leader of its own process group: end the group
        // (tauri-driver, WebKitWebDriver and the app) by its id.
        let pgid = self.child.id();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pgid}")])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(POLL);
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status();
        let _ = self.child.wait();
    }
}

/// One running app with its own config/data/cache folders and keychain service.
pub struct App {
    // Dropped first: the driver and the app end before their folders are removed.
    _driver: DriverGuard,
    pub client: Client,
    pub journey: &'static str,
    pub home: tempfile::TempDir,
    pub keychain_service: String,
    shots: u32,
}

impl App {
    /// Starts tauri-driver (which starts the app) with fresh folders, and waits for the
    /// UI to say it is ready.
    pub async fn start(journey: &'static str, args: &[&str]) -> TestResult<App> {
        let home = tempfile::Builder::new()
            .prefix(&format!("phase-desk-e2e-{journey}-"))
            .tempdir()
            .map_err(|e| format!("temp dir: {e}"))?;
        for d in ["config", "data", "cache"] {
            std::fs::create_dir_all(home.path().join(d)).map_err(|e| e.to_string())?;
        }
        let keychain_service = format!("dev.phase.desk.e2e.{}", uuid::Uuid::new_v4().simple());
        let (port, native_port) = (free_port(), free_port());
        let driver = which("tauri-driver").ok_or("tauri-driver vanished")?;
        let log =
            std::fs::File::create(home.path().join("driver.log")).map_err(|e| e.to_string())?;
        let child = {
            use std::os::unix::process::CommandExt;
            Command::new(driver)
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .args(["--native-driver", NATIVE_DRIVER])
                .env("XDG_CONFIG_HOME", home.path().join("config"))
                .env("XDG_DATA_HOME", home.path().join("data"))
                .env("XDG_CACHE_HOME", home.path().join("cache"))
                .env("PHASE_DESK_KEYCHAIN_SERVICE", &keychain_service)
                .stdin(Stdio::null())
                .stdout(log.try_clone().map_err(|e| e.to_string())?)
                .stderr(log)
                .process_group(0)
                .spawn()
                .map_err(|e| format!("could not start tauri-driver: {e}"))?
        };
        let guard = DriverGuard { child };
        wait_port(port).await?;

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": env!("CARGO_BIN_EXE_phase-desk"), "args": args }),
        );
        let client = connect(port, caps).await?;
        let app = App {
            _driver: guard,
            client,
            journey,
            home,
            keychain_service,
            shots: 0,
        };
        app.wait_js(
            "return window.__PHASE_DESK_READY__ === true",
            "the app to be ready",
        )
        .await?;
        Ok(app)
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.path().join("config")
    }

    /// The app's config, data and cache folders.
    pub fn app_dirs(&self) -> Vec<PathBuf> {
        ["config", "data", "cache"]
            .iter()
            .map(|d| self.home.path().join(d))
            .collect()
    }

    /// Ends the WebDriver session (closing the app); the guard ends the driver.
    pub async fn finish(self) -> TestResult {
        let App {
            client, _driver, ..
        } = self;
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        drop(_driver);
        Ok(())
    }

    // ------------------------------------------------------------------ screenshots

    /// Saves `artifacts/screenshots/<journey>-<NN>-<step>.png`.
    pub async fn shot(&mut self, step: &str) -> TestResult {
        self.shots += 1;
        // WebKit hands WebDriver its last painted frame: let two frames paint first,
        // or the picture can show the screen as it was a step earlier. It also waits for
        // a paint after the request, which on a still page took 3-45 s (until something
        // happened to repaint): keep an invisible 1-px element changing on every frame
        // until the picture is taken (at most 15 s).
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 const d = document.createElement('div');\
                 d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;pointer-events:none';\
                 document.body.appendChild(d); window.__e2eShotTaken = false;\
                 const end = performance.now() + 15000;\
                 const tick = ts => { d.style.opacity = d.style.opacity === '0.01' ? '0.02' : '0.01';\
                   if (!window.__e2eShotTaken && ts < end) requestAnimationFrame(tick); else d.remove(); };\
                 requestAnimationFrame(tick);\
                 requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));",
                vec![],
            )
            .await;
        let png = self.client.screenshot().await;
        let _ = self
            .client
            .execute("window.__e2eShotTaken = true", vec![])
            .await;
        let png = png.map_err(|e| format!("screenshot: {e}"))?;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let file = dir.join(format!("{}-{:02}-{step}.png", self.journey, self.shots));
        std::fs::write(&file, png).map_err(|e| format!("{}: {e}", file.display()))
    }

    // ------------------------------------------------------------------ scripts and waits

    pub async fn js(&self, script: &str, args: Vec<Value>) -> TestResult<Value> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| format!("script failed: {e}\n{script}"))
    }

    /// Polls a script until it returns `true`.
    pub async fn wait_js(&self, script: &str, what: &str) -> TestResult {
        self.wait_js_with(script, vec![], what, WAIT).await
    }

    pub async fn wait_js_with(
        &self,
        script: &str,
        args: Vec<Value>,
        what: &str,
        limit: Duration,
    ) -> TestResult {
        let deadline = Instant::now() + limit;
        loop {
            let last = match self.client.execute(script, args.clone()).await {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(v) => v,
                Err(e) => json!(e.to_string()),
            };
            if Instant::now() >= deadline {
                return Err(format!(
                    "timed out after {limit:?} waiting for {what} (last: {last})"
                ));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Polls `probe` until `ok` accepts its value; returns that value.
    pub async fn wait_value<T, P, PF>(
        &self,
        what: &str,
        limit: Duration,
        mut probe: P,
        ok: impl Fn(&T) -> bool,
    ) -> TestResult<T>
    where
        T: std::fmt::Debug,
        P: FnMut() -> PF,
        PF: Future<Output = TestResult<T>>,
    {
        let deadline = Instant::now() + limit;
        loop {
            let last = probe().await;
            if matches!(&last, Ok(v) if ok(v)) {
                return last;
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "timed out after {limit:?} waiting for {what} (last: {last:?})"
                ));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits for an element to be present and displayed.
    pub async fn el(&self, css: &str) -> TestResult<Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                if e.is_displayed().await.unwrap_or(false) {
                    return Ok(e);
                }
            }
            if Instant::now() >= deadline {
                return Err(format!("timed out waiting for {css}"));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub async fn gone(&self, css: &str) -> TestResult {
        self.wait_js_with(
            "return document.querySelector(arguments[0]) === null",
            vec![json!(css)],
            &format!("{css} to go away"),
            WAIT,
        )
        .await
    }

    /// Waits until the element is enabled, then clicks it (a real WebDriver click).
    pub async fn click(&self, css: &str) -> TestResult {
        let el = self.el(css).await?;
        self.wait_js_with(
            "const e = document.querySelector(arguments[0]); return !!e && !e.disabled",
            vec![json!(css)],
            &format!("{css} to be enabled"),
            WAIT,
        )
        .await?;
        // A click can be intercepted (for example by a toast lying over the button, as it
        // would be for a person): retry until the element takes it.
        let deadline = Instant::now() + WAIT;
        let mut noted = false;
        loop {
            match el.click().await {
                Ok(()) => return Ok(()),
                Err(e) if Instant::now() >= deadline => return Err(format!("click {css}: {e:?}")),
                Err(e) => {
                    if !noted {
                        eprintln!(
                            "[e2e] {}: click on {css} not taken yet ({e:?}); retrying",
                            self.journey
                        );
                        noted = true;
                    }
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
            }
        }
    }

    /// Replaces an input's text by typing it (falls back to setting the value and firing
    /// `input` only for characters WebDriver cannot type, such as newlines).
    /// Replaces an input's text by typing it; retries once if the field lost keystrokes.
    pub async fn fill(&self, css: &str, text: &str) -> TestResult {
        if let Err(e) = self.fill_once(css, text).await {
            eprintln!(
                "[e2e] {}: typing into {css} failed once ({e}); typing again",
                self.journey
            );
            return self.fill_once(css, text).await;
        }
        Ok(())
    }

    async fn fill_once(&self, css: &str, text: &str) -> TestResult {
        let el = self.el(css).await?;
        el.clear().await.map_err(|e| format!("clear {css}: {e}"))?;
        // WebDriver's clear does not always fire `input`; the UI listens to it.
        self.js(
            "document.querySelector(arguments[0]).dispatchEvent(new Event('input', { bubbles: true }))",
            vec![json!(css)],
        )
        .await?;
        if text.contains('\n') {
            self.js(
                "const e = document.querySelector(arguments[0]); e.focus(); e.value = arguments[1]; \
                 e.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(css), json!(text)],
            )
            .await?;
        } else if !text.is_empty() {
            el.send_keys(text)
                .await
                .map_err(|e| format!("type into {css}: {e}"))?;
        }
        let now = el
            .prop("value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        if now != text {
            return Err(format!("{css} holds {now:?} after typing {text:?}"));
        }
        Ok(())
    }

    /// Chooses an option of a `<select>` by value, as a person would (click the option).
    pub async fn choose(&self, css: &str, value: &str) -> TestResult {
        let el = self.el(css).await?;
        el.select_by(Locator::Css(&format!("option[value=\"{value}\"]")))
            .await
            .map_err(|e| format!("choose {value} in {css}: {e}"))?;
        let now = el
            .prop("value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        if now != value {
            return Err(format!("{css} shows {now:?} after choosing {value:?}"));
        }
        Ok(())
    }

    pub async fn text(&self, css: &str) -> TestResult<String> {
        self.el(css)
            .await?
            .text()
            .await
            .map_err(|e| format!("text of {css}: {e}"))
    }

    pub async fn attr(&self, css: &str, name: &str) -> TestResult<Option<String>> {
        self.el(css)
            .await?
            .attr(name)
            .await
            .map_err(|e| format!("{name} of {css}: {e}"))
    }

    pub async fn prop(&self, css: &str, name: &str) -> TestResult<Option<String>> {
        self.el(css)
            .await?
            .prop(name)
            .await
            .map_err(|e| format!("{name} of {css}: {e}"))
    }
}

/// Opens the WebDriver session (tauri-driver listens before WebKitWebDriver does: retry).
async fn connect(port: u16, caps: serde_json::Map<String, Value>) -> TestResult<Client> {
    let deadline = Instant::now() + WAIT;
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => return Ok(c),
            Err(e) if Instant::now() >= deadline => {
                return Err(format!("WebDriver session could not start: {e}"))
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
}

async fn wait_port(port: u16) -> TestResult {
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() >= deadline {
            return Err(format!("tauri-driver did not listen on port {port}"));
        }
        tokio::time::sleep(POLL).await;
    }
    Ok(())
}

/// Runs a program; returns whether it succeeded and its stdout without the last newline.
pub fn run(program: &str, args: &[&str]) -> TestResult<(bool, String)> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    if text.ends_with('\n') {
        text.pop();
    }
    Ok((out.status.success(), text))
}

/// Puts `text` on the clipboard with xclip, as another program would.
pub fn set_clipboard(text: &str) -> TestResult {
    use std::io::Write;
    let mut child = Command::new("xclip")
        .args(["-selection", "clipboard"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("xclip: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    // xclip forks a child that serves the selection; the parent exits once it has read stdin.
    child.wait().map_err(|e| e.to_string())?;
    Ok(())
}

/// The clipboard's text, or `None` when it is empty.
pub fn clipboard() -> TestResult<Option<String>> {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("xclip -o: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Ok((out.status.success() && !text.is_empty()).then_some(text))
}

pub fn ensure(cond: bool, what: impl FnOnce() -> String) -> TestResult {
    if cond {
        Ok(())
    } else {
        Err(what())
    }
}

/// A `PHASE_TEST_*` variable the journeys need once `PHASE_TEST_HOST` points them at a real
/// server; a clear error when it is missing.
pub fn real_server_var(name: &str) -> TestResult<String> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| format!("PHASE_TEST_HOST is set but {name} is not"))
}
