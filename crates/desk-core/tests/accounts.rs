//! Accounts against a real sandbox over HTTP and the real Secret Service
//! (scripts/test.sh provides a private D-Bus session with GNOME Keyring).

mod common;

use common::*;
use desk_core::view::{ErrorCode, HostKind, TokenKindView};
use desk_core::SANDBOX_ACCOUNT_ID;

fn has_dbus() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

fn keychain_entry(service: &str, account: &str) -> Result<String, keyring::Error> {
    keyring::Entry::new(service, account)?.get_password()
}

#[tokio::test]
async fn first_start_opens_on_the_sandbox_with_its_apps_and_environments() {
    let f = fixture().await;
    let state = f.desk.state();
    assert_eq!(state.accounts.len(), 1);
    assert_eq!(state.active_account_id.as_deref(), Some(SANDBOX_ACCOUNT_ID));
    assert_eq!(state.accounts[0].name, "Local sandbox");
    assert_eq!(state.accounts[0].host_kind, HostKind::Sandbox);

    let apps = f.desk.list_apps().await.expect("apps");
    let demo = apps.iter().find(|a| a.sse_enabled).expect("an SSE app");
    let e2ee = apps
        .iter()
        .find(|a| !a.sse_enabled)
        .expect("an app without SSE");
    assert!(demo.disabled_reason.is_none());
    // End-to-end encrypted, and the sandbox's Console token carries its keys: it opens.
    assert!(e2ee.disabled_reason.is_none(), "{:?}", e2ee.disabled_reason);
    let e2ee_envs = f.desk.list_environments(&e2ee.id).await.expect("E2EE envs");
    assert!(!e2ee_envs.is_empty());
    let envs = f.desk.list_environments(&demo.id).await.expect("envs");
    let names: Vec<_> = envs.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["development", "staging", "production"]);
    // The sandbox account is for this run only: nothing about it is written.
    let accounts_json =
        std::fs::read_to_string(f.config_dir().join("accounts.json")).unwrap_or_default();
    assert!(!accounts_json.contains(SANDBOX_ACCOUNT_ID));
}

#[tokio::test]
async fn a_personal_access_token_lives_only_in_the_keychain_and_leaves_with_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let service = test_service();
    let sandbox = phase_sandbox::Sandbox::start(Default::default())
        .await
        .unwrap();
    let desk = open_desk(dir.path(), &service, false).await;
    let token = sandbox.user_token();
    let added = desk
        .add_account(account_input(
            &sandbox,
            "Work",
            TokenKindView::User,
            token.clone(),
        ))
        .await;

    if !has_dbus() {
        // No Secret Service: a clear message, and nothing stored anywhere.
        let err = added.expect_err("no keychain without D-Bus").to_ipc();
        assert_eq!(err.code, ErrorCode::KeychainUnavailable);
        assert!(err.message.contains("Secret Service"), "{}", err.message);
        assert_eq!(desk.state().accounts.len(), 1);
        assert!(files_containing(dir.path(), &token).is_empty());
        return;
    }

    let account = added.expect("account added");
    assert_eq!(account.token_kind, TokenKindView::User);
    assert!(!account.session_only);
    assert_eq!(
        keychain_entry(&service, &account.id).expect("keychain entry"),
        token
    );
    assert!(
        files_containing(dir.path(), &token).is_empty(),
        "token written to a file"
    );
    let json = std::fs::read_to_string(dir.path().join("config/accounts.json")).unwrap();
    assert!(json.contains("\"Work\""));

    // A fresh desk (the app restarted) reads the token back from the keychain.
    drop(desk);
    let desk = open_desk(dir.path(), &service, false).await;
    assert_eq!(
        desk.state().active_account_id.as_deref(),
        Some(account.id.as_str())
    );
    assert!(!desk
        .list_apps()
        .await
        .expect("apps with the stored token")
        .is_empty());

    desk.remove_account(&account.id).await.expect("removed");
    assert!(matches!(
        keychain_entry(&service, &account.id),
        Err(keyring::Error::NoEntry)
    ));
    assert!(desk.state().accounts.iter().all(|a| a.id != account.id));
}

#[tokio::test]
async fn a_bad_token_gets_the_servers_message_and_nothing_is_stored() {
    let f = fixture().await;
    let input = account_input(
        &f.sandbox,
        "Bad",
        TokenKindView::User,
        "Bearer User 0badc0ffee".into(),
    );
    let err = f
        .desk
        .add_account(input)
        .await
        .expect_err("refused")
        .to_ipc();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(
        err.message.contains("Token expired or deleted"),
        "{}",
        err.message
    );
    assert_eq!(f.desk.state().accounts.len(), 1);
    let json = std::fs::read_to_string(f.config_dir().join("accounts.json")).unwrap_or_default();
    assert!(!json.contains("\"Bad\""));
}

#[tokio::test]
async fn a_session_only_token_is_never_written_anywhere() {
    let f = fixture().await;
    let token = f.sandbox.service_account_token();
    let mut input = account_input(
        &f.sandbox,
        "CI bot",
        TokenKindView::ServiceAccount,
        token.clone(),
    );
    input.session_only = true;
    let account = f
        .desk
        .add_account(input)
        .await
        .expect("added for this session");
    assert!(account.session_only);
    assert!(!f.desk.list_apps().await.unwrap().is_empty());
    assert!(files_containing(f.dir.path(), &token).is_empty());
    let json = std::fs::read_to_string(f.config_dir().join("accounts.json")).unwrap_or_default();
    assert!(!json.contains("CI bot"));
}

#[tokio::test]
async fn a_service_account_cannot_use_overrides_and_is_told_why() {
    let f = fixture().await;
    let mut input = account_input(
        &f.sandbox,
        "SA",
        TokenKindView::ServiceAccount,
        f.sandbox.service_account_token(),
    );
    input.session_only = true;
    f.desk.add_account(input).await.unwrap();
    let list = f
        .desk
        .list_secrets(&f.sandbox.demo_app_id(), "development", vec![], None)
        .await
        .unwrap();
    assert!(!list.can_override);
    assert!(list.override_note.unwrap().contains("Service Account"));
    assert!(list.rows.iter().all(|r| !r.has_override));
    let id = &list.rows[0].id;
    let err = f
        .desk
        .set_override(
            &f.sandbox.demo_app_id(),
            "development",
            id,
            Some("x".into()),
            true,
        )
        .await
        .expect_err("refused")
        .to_ipc();
    assert_eq!(err.code, ErrorCode::Validation);
}

#[tokio::test]
async fn switching_accounts_and_remembering_the_last_selection() {
    let f = fixture().await;
    let mut input = account_input(
        &f.sandbox,
        "Second",
        TokenKindView::User,
        f.sandbox.other_user_token(),
    );
    input.session_only = true;
    let second = f.desk.add_account(input).await.unwrap();
    assert_eq!(
        f.desk.state().active_account_id.as_deref(),
        Some(second.id.as_str())
    );
    let state = f.desk.switch_account(SANDBOX_ACCOUNT_ID).unwrap();
    assert_eq!(state.active_account_id.as_deref(), Some(SANDBOX_ACCOUNT_ID));
    let selection = desk_core::view::Selection {
        app_id: f.sandbox.demo_app_id(),
        app_name: Some("Demo".into()),
        env: "staging".into(),
        folder: Some("/backend".into()),
    };
    f.desk.remember_selection(selection.clone()).unwrap();
    let sandbox_account = f
        .desk
        .state()
        .accounts
        .into_iter()
        .find(|a| a.id == SANDBOX_ACCOUNT_ID)
        .unwrap();
    assert_eq!(sandbox_account.last, Some(selection));
    assert!(f.desk.switch_account("no-such-account").is_err());
}
