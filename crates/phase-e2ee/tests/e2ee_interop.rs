//! Interop with the independent Python client of the real-phase tools (`e2ee_check.py`,
//! PyNaCl): it decrypts what this crate wrote, and this crate decrypts what it wrote.

mod common;

use common::Ctx;
use phase_api::{NewSecret, SecretFilter};

fn key_filter(key: &str) -> SecretFilter {
    SecretFilter {
        key: Some(key.to_string()),
        ..SecretFilter::default()
    }
}

/// The independent Python client (`e2ee_check.py`, PyNaCl) decrypts what this crate
/// wrote, and this crate decrypts what it wrote. Real backend only, when the checker and
/// its venv are there (`../shared/real-phase`, `~/.cache/phase-desk/real-phase/venv`).
#[tokio::test]
#[ignore = "needs a real Phase backend (PHASE_TEST_HOST); scripts/test.sh runs it with --include-ignored when one is set up"]
async fn interop_with_the_independent_python_client() {
    let ctx = Ctx::new().await;
    if !ctx.is_real() {
        eprintln!("interop: real backend only (PHASE_TEST_HOST unset); nothing to do");
        return;
    }
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let check_dir = std::env::var("PHASE_E2EE_CHECK_DIR")
        .or_else(|_| std::env::var("PHASE_TEST_REAL_PHASE_DIR"))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| manifest.join("../../../shared/real-phase"));
    let cache = std::env::var("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache")
        });
    let python = cache.join("phase-desk/real-phase/venv/bin/python");
    if !check_dir.join("e2ee_check.py").exists() || !python.exists() {
        eprintln!("interop: e2ee_check.py or its venv not found; skipped");
        return;
    }
    let script = manifest.join("tests/interop/e2ee_interop.py");
    let run = |mode: &str, key: &str, value: &str| {
        let out = std::process::Command::new(&python)
            .arg(&script)
            .arg(&check_dir)
            .args([mode, key, value])
            .output()
            .expect("python runs");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "e2ee_interop.py {mode}: {text} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprint!("{text}");
    };
    let client = ctx.user_client();
    let ours = ctx.key("WRITTEN_BY_RUST");
    let value = "v=${OTHER} ünïcode 🔐";
    client
        .create_secrets(&ctx.env, &[NewSecret::new(ours.clone(), value)])
        .await
        .unwrap();
    run("read", &ours, value);
    let theirs = ctx.key("WRITTEN_BY_PYTHON");
    run("write", &theirs, "py-value\nline two");
    let read = client
        .list_secrets(&ctx.env, &key_filter(&theirs))
        .await
        .unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].value.expose(), "py-value\nline two");
    assert_eq!(read[0].comment, "from e2ee_check");
    ctx.cleanup().await;
}
