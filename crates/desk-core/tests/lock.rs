//! Locking drops every value held in memory: after `lock_now` no command hands out a
//! value (each refuses, saying the desk is locked), the clipboard no longer holds our
//! copy, and after `unlock` values come from a new listing, not from before.

mod common;

use std::process::Command;

use common::*;
use desk_core::view::{ErrorCode, ExportRequest, FileFormat, LineSide, Settings, ValueChoice};

fn clipboard_text() -> Option<String> {
    std::env::var_os("DISPLAY")?;
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
async fn after_locking_no_command_reaches_a_value_and_unlock_lists_again() {
    let f = pat_fixture().await;
    let desk = &f.desk;
    let app = f.sandbox.demo_app_id();
    let list = desk
        .list_secrets(&app, "development", vec![], None)
        .await
        .unwrap();
    let row = list
        .rows
        .iter()
        .find(|r| r.key == "DB_HOST")
        .unwrap()
        .clone();
    let value = desk
        .reveal_value(&app, "development", &row.id, ValueChoice::Shared)
        .unwrap()
        .expect("a value before locking");
    let compare = desk.compare_environments(&app).await.unwrap();
    let plan = desk
        .plan_import_text(&app, "development", "LOCK_TEST_KEY=lock-test-value\n", "/")
        .await
        .unwrap();
    let copied = std::env::var_os("DISPLAY").is_some()
        && desk
            .copy_value(&app, "development", &row.id, ValueChoice::Shared)
            .is_ok();

    let out = desk.lock_now().await;
    assert!(desk.is_locked());
    assert_eq!(out.clipboard_cleared, copied);
    if copied {
        assert_ne!(
            clipboard_text().as_deref(),
            Some(value.as_str()),
            "our copy is gone"
        );
    }

    let env = "development";
    let staging = compare
        .rows
        .iter()
        .find(|r| r.key == "DB_HOST")
        .unwrap()
        .cells[1]
        .secret_id
        .clone()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let export = ExportRequest {
        app_id: app.clone(),
        env: env.into(),
        folder: None,
        recursive: true,
        format: FileFormat::Dotenv,
    };
    let refusals: Vec<(&str, Result<String, desk_core::DeskError>)> = vec![
        (
            "reveal",
            desk.reveal_value(&app, env, &row.id, ValueChoice::Shared)
                .map(|v| format!("{v:?}")),
        ),
        (
            "reveal (async)",
            desk.reveal(&app, env, &row.id, ValueChoice::Effective)
                .await
                .map(|v| format!("{v:?}")),
        ),
        (
            "copy",
            desk.copy_value(&app, env, &row.id, ValueChoice::Shared)
                .map(|v| format!("{v:?}")),
        ),
        (
            "as written",
            desk.value_as_written(&app, env, &row.id, ValueChoice::Shared)
                .map(|v| format!("{v:?}")),
        ),
        (
            "for editing",
            desk.value_for_editing(&app, env, &row.id, ValueChoice::Shared)
                .await
                .map(|v| format!("{v:?}")),
        ),
        (
            "search",
            desk.search_values(&app, env, "db")
                .map(|v| format!("{v:?}")),
        ),
        (
            "list",
            desk.list_secrets(&app, env, vec![], None)
                .await
                .map(|v| format!("{} rows", v.rows.len())),
        ),
        (
            "compare",
            desk.compare_environments(&app)
                .await
                .map(|v| format!("{} rows", v.rows.len())),
        ),
        (
            "compare from the table",
            desk.open_compare(&app)
                .await
                .map(|v| format!("{} rows", v.rows.len())),
        ),
        (
            "compare reveal",
            desk.compare_reveal(&app, "staging", &staging)
                .map(|v| format!("{v:?}")),
        ),
        (
            "review reveal",
            desk.reveal_change(&plan.id, plan.lines[0].id, LineSide::After)
                .map(|v| format!("{v:?}")),
        ),
        (
            "copy as .env",
            desk.copy_as_dotenv(&app, env, vec![row.id.clone()])
                .map(|v| format!("{v:?}")),
        ),
        (
            "export",
            desk.export_secrets(export, &dir.path().join("x.env"))
                .await
                .map(|v| format!("{v:?}")),
        ),
    ];
    for (what, outcome) in refusals {
        let err = outcome.expect_err(what);
        let ipc = err.to_ipc();
        assert!(
            !ipc.message.contains(&value),
            "{what}: the error shows the value"
        );
        if what != "review reveal" {
            assert_eq!(ipc.code, ErrorCode::Locked, "{what}: {ipc:?}");
        }
    }
    assert!(!dir.path().join("x.env").exists(), "nothing was exported");

    desk.unlock().await.unwrap();
    assert!(!desk.is_locked());
    // Nothing from before the lock: the value comes back only with a new listing.
    assert!(desk
        .reveal_value(&app, env, &row.id, ValueChoice::Shared)
        .is_err());
    desk.list_secrets(&app, env, vec![], None).await.unwrap();
    let again = desk
        .reveal_value(&app, env, &row.id, ValueChoice::Shared)
        .unwrap();
    assert_eq!(again.as_deref(), Some(value.as_str()));
}

#[tokio::test]
async fn the_idle_time_capture_protection_and_keeping_edits_are_kept_settings() {
    let f = pat_fixture().await;
    assert_eq!(
        f.desk.state().settings.auto_lock_secs,
        15 * 60,
        "the default"
    );
    for refused in [5, 24 * 3600 + 1] {
        let err = f
            .desk
            .set_settings(Settings {
                auto_lock_secs: refused,
                ..Settings::default()
            })
            .unwrap_err();
        assert_eq!(
            err.to_ipc().field.as_deref(),
            Some("autoLockSecs"),
            "{refused} s"
        );
    }
    let defaults = f.desk.state().settings;
    assert!(
        !defaults.protect_from_capture,
        "capture protection is opt-in"
    );
    assert!(!defaults.keep_edits_on_lock, "keeping edits is opt-in");
    let state = f
        .desk
        .set_settings(Settings {
            auto_lock_secs: 6,
            protect_from_capture: true,
            keep_edits_on_lock: true,
            ..Settings::default()
        })
        .unwrap();
    assert_eq!(state.settings.auto_lock_secs, 6, "a short idle time");
    assert!(state.settings.protect_from_capture && state.settings.keep_edits_on_lock);
    // Kept in accounts.json: a desk opened on the same folder has them.
    let again = open_desk(f.dir.path(), &test_service(), false).await;
    assert_eq!(again.state().settings, state.settings);
    let file = std::fs::read_to_string(f.dir.path().join("config/accounts.json")).unwrap();
    let stored: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(
        stored["settings"],
        serde_json::json!({
            "clipboardClearSecs": 30,
            "autoLockSecs": 6,
            "protectFromCapture": true,
            "keepEditsOnLock": true
        }),
        "the settings on disk are these four numbers and booleans"
    );
}

#[tokio::test]
async fn idle_minutes_of_an_older_settings_file_become_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    for (old, secs) in [
        (serde_json::json!({ "autoLockMins": 0 }), 0),
        (
            serde_json::json!({ "autoLockMins": 5, "clipboardClearSecs": 10 }),
            300,
        ),
        (serde_json::json!({}), 15 * 60),
    ] {
        let file = serde_json::json!({ "accounts": [], "settings": old });
        std::fs::write(config.join("accounts.json"), file.to_string()).unwrap();
        let desk = open_desk(dir.path(), &test_service(), false).await;
        assert_eq!(desk.state().settings.auto_lock_secs, secs, "{old}");
    }
}

#[tokio::test]
async fn diagnostics_name_versions_and_hosts_but_no_token_fingerprint_or_value() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let list = f
        .desk
        .list_secrets(&app, "development", vec![], None)
        .await
        .unwrap();
    let text = f.desk.diagnostics(&[("renderer", "test".into())]);
    assert!(
        text.starts_with(&format!("Phase Desk {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(
        text.contains("renderer: test") && text.contains(&f.sandbox.base_url()),
        "{text}"
    );
    let state = f.desk.state();
    let token = f.sandbox.user_token();
    let mut secret: Vec<String> = token.split(':').map(str::to_string).collect();
    secret.push(token.clone());
    secret.extend(state.accounts.iter().map(|a| a.fingerprint.clone()));
    for row in &list.rows {
        if let Ok(Some(v)) = f
            .desk
            .reveal_value(&app, "development", &row.id, ValueChoice::Shared)
        {
            if v.len() >= 6 {
                secret.push(v);
            }
        }
    }
    let shown: Vec<&String> = secret
        .iter()
        .filter(|s| s.len() >= 6 && text.contains(s.as_str()))
        .collect();
    assert!(shown.is_empty(), "diagnostics show {} secrets", shown.len());
}
