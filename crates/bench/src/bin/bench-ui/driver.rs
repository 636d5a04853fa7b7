//! tauri-driver + WebKitWebDriver plumbing: one driver per run, and the small WebDriver
//! helpers (scripts, polling, clicks, typing, selects) the measurements use.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::{R, READY};

const NATIVE_DRIVER: &str = "/usr/bin/WebKitWebDriver";

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
pub(crate) struct Driver {
    child: Child,
    port: u16,
    log_path: PathBuf,
    _home: tempfile::TempDir,
}

impl Driver {
    /// `env` reaches the app (tauri-driver and WebKitWebDriver pass it on).
    pub(crate) fn start_with_env(env: &[(&str, &str)]) -> R<Driver> {
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
        // `BENCH_DRIVER_LOG=file` keeps the output of every driver, app and web process the
        // run starts (for instance JavaScriptCore's `JSC_logGC=1` lines), appended in turn.
        let log_path = std::env::var_os("BENCH_DRIVER_LOG")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.path().join("driver.log"));
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| e.to_string())?;
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
            log_path,
            _home: home,
        })
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A driver whose `env` reaches `exe`, and a session on `exe` once its page is ready.
    pub(crate) async fn open(exe: &Path, env: &[(&str, &str)]) -> R<(Driver, Client)> {
        let driver = Self::start_with_env(env)?;
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
        Ok((driver, c))
    }

    pub(crate) async fn session(&self, exe: &Path) -> R<Client> {
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
                let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
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

pub(crate) async fn js(c: &Client, script: &str, args: Vec<Value>) -> R<Value> {
    c.execute(script, args)
        .await
        .map_err(|e| format!("script failed: {e}\n{script}"))
}

/// Polls `script` every `every` until it returns something other than null/false.
pub(crate) async fn poll(
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

pub(crate) async fn click(c: &Client, css: &str) -> R {
    let el = ready_element(
        c,
        css,
        "const e = document.querySelector(arguments[0]); return !!e && !e.disabled && e.offsetParent !== null",
    )
    .await?;
    el.click().await.map_err(|e| format!("click {css}: {e}"))
}

pub(crate) async fn fill(c: &Client, css: &str, text: &str) -> R {
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

pub(crate) async fn choose(c: &Client, css: &str, value: &str) -> R {
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

/// Adds the sandbox's user as an account through the UI, as a person would, then waits
/// until `app_id` can be chosen and the first listing has settled.
pub(crate) async fn add_account_and_wait_for(
    c: &Client,
    sb: &phase_sandbox::Sandbox,
    app_id: &str,
) -> R {
    click(c, "[data-testid=add-account-button]").await?;
    fill(c, "[data-testid=account-name]", "Bench").await?;
    choose(c, "[data-testid=account-host-kind]", "custom").await?;
    fill(c, "[data-testid=account-host-url]", &sb.base_url()).await?;
    choose(c, "[data-testid=account-token-kind]", "User").await?;
    fill(c, "[data-testid=account-token]", &sb.user_token()).await?;
    click(c, "[data-testid=account-submit]").await?;
    let added = poll(
        c,
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
        click(c, "[data-testid=account-session-only-button]").await?;
    }
    let picker_option = format!("[data-testid=app-picker] option[value=\"{app_id}\"]");
    poll(
        c,
        "const o = document.querySelector(arguments[0]); const p = document.querySelector('[data-testid=app-picker]'); return !!o && !!p && !p.disabled && window.__PHASE_DESK_READY__ === true",
        vec![json!(picker_option)],
        Duration::from_secs(30),
        Duration::from_millis(50),
        "the Bench app in the picker",
    )
    .await?;
    // Let the first app's listing finish before measuring.
    tokio::time::sleep(Duration::from_secs(1)).await;
    Ok(())
}

/// The keys that type each of `words` into a search box and erase it again (Backspace).
pub(crate) fn keystrokes(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .flat_map(|word| {
            let typed = word.chars().map(|ch| ch.to_string());
            typed.chain(std::iter::repeat_n(
                "\u{E003}".to_string(),
                word.chars().count(),
            ))
        })
        .collect()
}
