//! CommandK accounts through the desk, against `commandk_sandbox` over real HTTP: adding
//! one (Read + Write, Read only, tokens in the wrong field), browsing masked, reveal and
//! copy fetching one value, apps typed by name, and the local demo account. Edits are in
//! commandk_edits.rs. Keychain and clipboard tests need scripts/with-desktop.sh.

mod commandk_support;
mod common;

use std::process::Command;

use commandk_sandbox::CommandkSandbox;
use commandk_support::*;
use common::*;
use desk_core::view::*;

#[tokio::test]
async fn a_read_and_write_account_keeps_both_tokens_in_the_keychain_and_forgets_them_with_it() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        eprintln!("no D-Bus session: run under dbus-run-session scripts/with-desktop.sh");
        return;
    }
    let server = CommandkSandbox::start(Default::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let service = test_service();
    let desk = open_desk(dir.path(), &service, false).await;
    let (read, write) = (server.read_token(), server.write_token());
    let mut asked = input(&server, read.clone(), Some(write.clone()));
    asked.session_only = false;
    let account = desk.add_commandk_account(asked).await.expect("added");
    assert_eq!(account.provider, ProviderKind::Commandk);
    assert_eq!(account.token_kind, TokenKindView::ReadWrite);
    let caps = &account.capabilities;
    assert!(caps.masked_listing && caps.per_environment_values && !caps.read_only);
    assert!(!caps.folders && !caps.tags && !caps.comments && !caps.types);
    assert!(!caps.personal_overrides && !caps.delete && !caps.rename);
    let purposes: Vec<&str> = caps
        .purpose_types
        .as_ref()
        .unwrap()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(purposes, ["APIKey", "SSHKey", "UsernamePassword", "Other"]);
    let entry = |name: &str| keyring::Entry::new(&service, name).unwrap().get_password();
    assert_eq!(entry(&account.id).unwrap(), read);
    assert_eq!(entry(&format!("{}:write", account.id)).unwrap(), write);
    // Never in a file; the app is remembered there by id and name.
    for token in [&read, &write] {
        assert!(files_containing(dir.path(), token).is_empty());
    }
    let json = std::fs::read_to_string(dir.path().join("config/accounts.json")).unwrap();
    assert!(json.contains(APP) && json.contains("commandk"), "{json}");

    // A new desk on the same files reads the tokens back from the keychain.
    drop(desk);
    let desk = open_desk(dir.path(), &service, false).await;
    desk.switch_account(&account.id).unwrap();
    let opening = desk.open_account().await.expect("opens from the keychain");
    assert_eq!(opening.apps.len(), 1);
    let list = opened_listing(&desk, &opening).await.unwrap();
    assert!(!list.rows.is_empty());

    desk.remove_account(&account.id).await.unwrap();
    assert!(entry(&account.id).is_err());
    assert!(entry(&format!("{}:write", account.id)).is_err());
}

#[tokio::test]
async fn a_read_token_alone_is_read_only_and_tokens_in_the_wrong_field_are_said_so() {
    let server = CommandkSandbox::start(Default::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), &test_service(), false).await;
    let (read, write) = (server.read_token(), server.write_token());

    let swapped = desk
        .add_commandk_account(input(&server, write.clone(), None))
        .await;
    refused(swapped, "readToken", "Write token");
    let swapped = desk
        .add_commandk_account(input(&server, read.clone(), Some(read.clone())))
        .await;
    refused(swapped, "writeToken", "Read token");
    let mut unknown = input(&server, read.clone(), None);
    unknown.app_name = "no-such-app".into();
    refused(
        desk.add_commandk_account(unknown).await,
        "appName",
        "No app named no-such-app",
    );
    let mut twice = input(&server, read.clone(), None);
    twice.app_name = commandk_sandbox::SHARED_APP_NAME.into();
    refused(
        desk.add_commandk_account(twice).await,
        "appName",
        "Several apps",
    );
    let refused_token = desk
        .add_commandk_account(input(&server, "cmdk_read_nope".into(), None))
        .await;
    refused(refused_token, "readToken", "refused");
    let mut on_prem = input(&server, read.clone(), None);
    on_prem.host_kind = HostKind::SelfHosted;
    on_prem.host_url = Some("not a name".into());
    refused(
        desk.add_commandk_account(on_prem).await,
        "hostUrl",
        "installation",
    );

    let account = desk
        .add_commandk_account(input(&server, read, None))
        .await
        .expect("a Read token alone is enough to browse");
    assert_eq!(account.token_kind, TokenKindView::Read);
    assert!(account.capabilities.read_only);
    let reason = account.capabilities.missing_reason.unwrap();
    assert!(reason.contains("Write token"), "{reason}");

    // Pasting a Write token in "Replace token" adds it: the account can now edit.
    let now = desk.replace_token(&account.id, &write, true).await.unwrap();
    assert_eq!(now.token_kind, TokenKindView::ReadWrite);
    assert!(!now.capabilities.read_only);
}

#[tokio::test]
async fn browsing_is_masked_and_reveal_fetches_only_the_value_asked_for() {
    let f = ck(true).await;
    let opening = f.desk.open_account().await.unwrap();
    let apps: Vec<&str> = opening.apps.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(apps, [APP], "the remembered app");
    let envs: Vec<&str> = opening.envs.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(envs, ["Development", "Staging", "Production"]);
    assert_eq!(opening.envs[2].env_type, "prod");
    let list = opened_listing(&f.desk, &opening)
        .await
        .expect("first listing");
    assert_eq!(list.rows.len(), 5);
    for row in &list.rows {
        assert_eq!((row.path.as_str(), row.kind), ("/", SecretKind::Secret));
        assert!(row.config_value.is_none() && row.tags.is_empty());
    }
    let stripe = list
        .rows
        .iter()
        .find(|r| r.key == "STRIPE_SECRET_KEY")
        .unwrap();
    assert_eq!(stripe.value_set, Some(true));
    assert_eq!(stripe.preview.as_deref(), Some("sk_********"));
    let full = f.stored("STRIPE_SECRET_KEY", "Development").unwrap();
    let json = serde_json::to_string(&list).unwrap();
    assert!(!json.contains(&full), "no value in a listing");
    assert!(f
        .desk
        .search_values(&f.app, "Development", "sk_test")
        .unwrap()
        .is_empty());

    let revealed = f
        .desk
        .reveal(&f.app, "Development", &stripe.id, ValueChoice::Effective)
        .await
        .unwrap();
    assert_eq!(revealed.as_deref(), Some(full.as_str()));
    // Unset in this environment: said by the row, and there is nothing to reveal.
    let ssh = f.row("Development", "DEPLOY_SSH_KEY").await;
    assert_eq!((ssh.value_set, ssh.preview.as_deref()), (Some(false), None));
    let none = f
        .desk
        .reveal(&f.app, "Development", &ssh.id, ValueChoice::Effective)
        .await;
    assert_eq!(none.unwrap(), None);
    let staging = f.row("staging", "STRIPE_SECRET_KEY").await;
    let staging_value = f
        .desk
        .reveal(&f.app, "staging", &staging.id, ValueChoice::Shared)
        .await;
    assert_eq!(
        staging_value.unwrap(),
        f.stored("STRIPE_SECRET_KEY", "Staging")
    );
    // An unchanged listing is a 304: the rows stay as they were.
    let again = f.list("Development").await;
    assert_eq!(again.rows, f.list("Development").await.rows);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_fetches_the_value_and_puts_it_on_the_clipboard() {
    let f = ck(false).await;
    let unset = f.row("Production", "FEATURE_FLAGS").await;
    let nothing = f
        .desk
        .copy(&f.app, "Production", &unset.id, ValueChoice::Effective)
        .await;
    refused(nothing, "which", "no value in Production");
    // The window keeps the environment on screen loaded: open Development now.
    let row = f.row("Development", "DATABASE_URL").await;
    let copied = f
        .desk
        .copy(&f.app, "Development", &row.id, ValueChoice::Effective)
        .await;
    if std::env::var_os("DISPLAY").is_none() {
        assert!(copied.unwrap_err().to_string().contains("clipboard"));
        return;
    }
    assert_eq!(copied.unwrap().clears_in_secs, Some(30));
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("xclip runs");
    let on_clipboard = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(Some(on_clipboard), f.stored("DATABASE_URL", "Development"));
    assert!(f.desk.clear_clipboard_if_ours());
}

#[tokio::test]
async fn apps_are_typed_by_name_and_remembered_for_the_account() {
    let f = ck(true).await;
    let found = f
        .desk
        .find_app("internal-tools")
        .await
        .expect("found by name");
    let names: Vec<String> = f
        .desk
        .list_apps()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, [APP, "internal-tools"]);
    f.desk.find_app("internal-tools").await.unwrap();
    assert_eq!(f.desk.list_apps().await.unwrap().len(), 2, "once");
    let json =
        std::fs::read_to_string(f.dir.path().join("config/accounts.json")).unwrap_or_default();
    // A session-only account is not written; its apps live with it for the run.
    assert!(!json.contains(&found.id));
    let missing = f.desk.find_app("nope").await.unwrap_err().to_ipc();
    assert_eq!(missing.code, ErrorCode::NotFound);
    refused(f.desk.find_app("  ").await, "appName", "Type");
}

#[tokio::test]
async fn the_local_commandk_demo_is_an_account_for_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), &test_service(), false).await;
    desk.open_commandk_demo_with_sandbox().await.unwrap();
    let state = desk.state();
    let demo = state
        .accounts
        .iter()
        .find(|a| a.name == "CommandK demo")
        .expect("demo account");
    assert!(demo.session_only && demo.is_sandbox && !demo.capabilities.read_only);
    assert_eq!(
        state.active_account_id.as_deref(),
        Some(desk_core::SANDBOX_ACCOUNT_ID)
    );
    desk.switch_account(&demo.id).unwrap();
    let opening = desk.open_account().await.unwrap();
    assert_eq!(opening.apps[0].name, APP);
    assert_eq!(opened_listing(&desk, &opening).await.unwrap().rows.len(), 5);
    let json = std::fs::read_to_string(dir.path().join("config/accounts.json")).unwrap_or_default();
    assert!(!json.contains("CommandK demo"));
}
