//! Copying values through the real X11 clipboard (Xvfb in scripts/test.sh),
//! read back with xclip as another program would.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use desk_core::view::{SecretKind, Settings, ValueChoice};

fn has_display() -> bool {
    std::env::var_os("DISPLAY").is_some()
}

fn clipboard_text() -> String {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("xclip runs (apt install xclip)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn put_on_clipboard(text: &str) {
    let mut child = Command::new("xclip")
        .args(["-selection", "clipboard"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("xclip runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    child.wait().unwrap();
}

async fn wait_until(mut done: impl FnMut() -> bool, limit: Duration) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    done()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_puts_the_value_on_the_clipboard_and_clears_only_our_own_copy() {
    let f = fixture().await;
    let desk = &f.desk;
    // The desk opened on its embedded sandbox.
    let app = desk
        .list_apps()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.sse_enabled)
        .unwrap()
        .id;
    let list = desk
        .list_secrets(&app, "development", vec![], None)
        .await
        .unwrap();
    let row = list
        .rows
        .iter()
        .find(|r| r.kind == SecretKind::Secret && r.has_override && r.override_active)
        .expect("a secret with an active override");
    let sealed = list
        .rows
        .iter()
        .find(|r| r.kind == SecretKind::Sealed)
        .unwrap();

    let sealed_err = desk.copy_value(&app, "development", &sealed.id, ValueChoice::Effective);
    assert!(sealed_err.is_err(), "sealed values cannot be copied");

    if !has_display() {
        let err = desk
            .copy_value(&app, "development", &row.id, ValueChoice::Effective)
            .unwrap_err();
        assert!(err.to_string().contains("clipboard"), "{err}");
        return;
    }

    desk.set_settings(Settings {
        clipboard_clear_secs: 1,
        ..Settings::default()
    })
    .unwrap();
    let effective = desk
        .reveal_value(&app, "development", &row.id, ValueChoice::Effective)
        .unwrap()
        .unwrap();
    let shared = desk
        .reveal_value(&app, "development", &row.id, ValueChoice::Shared)
        .unwrap()
        .unwrap();
    assert_ne!(effective, shared);

    let outcome = desk
        .copy_value(&app, "development", &row.id, ValueChoice::Effective)
        .unwrap();
    assert_eq!(outcome.clears_in_secs, Some(1));
    assert_eq!(
        clipboard_text(),
        effective,
        "copy gives the value that applies to me"
    );
    assert!(
        wait_until(|| clipboard_text().is_empty(), Duration::from_secs(5)).await,
        "our copy is cleared after the delay"
    );

    desk.copy_value(&app, "development", &row.id, ValueChoice::Shared)
        .unwrap();
    assert_eq!(clipboard_text(), shared);
    put_on_clipboard("something the person copied");
    tokio::time::sleep(Duration::from_millis(1800)).await;
    assert_eq!(
        clipboard_text(),
        "something the person copied",
        "never clear what is not ours"
    );

    desk.set_settings(Settings {
        clipboard_clear_secs: 0,
        ..Settings::default()
    })
    .unwrap();
    desk.copy_value(&app, "development", &row.id, ValueChoice::Shared)
        .unwrap();
    assert!(desk.clear_clipboard_if_ours(), "quit clears our copy");
    assert!(clipboard_text().is_empty());
}
