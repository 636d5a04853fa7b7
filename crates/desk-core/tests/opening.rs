//! Opening an account in one call (`Desk::start` / `Desk::open_account`) against a real
//! sandbox: which app and environment open, what is remembered, and how a failed step
//! leaves the earlier ones usable.

mod common;

use common::*;
use desk_core::view::{ErrorCode, Selection};
use phase_sandbox::Fault;

fn last_selection(f: &Fixture) -> Option<Selection> {
    let state = f.desk.state();
    let active = state.active_account_id.clone()?;
    state.accounts.into_iter().find(|a| a.id == active)?.last
}

#[tokio::test]
async fn with_nothing_remembered_the_first_usable_app_and_environment_open_and_are_remembered() {
    let f = bare_pat_fixture().await;
    let start = f.desk.start().await;
    assert!(start.opening_error.is_none());
    let o = start.opening.expect("the active account opens");
    let demo = f.sandbox.demo_app_id();
    // The end-to-end encrypted app is listed but cannot be opened without the keys the
    // Console token carries: the demo app is chosen.
    assert!(o
        .apps
        .iter()
        .any(|a| a.id == f.sandbox.e2ee_app_id() && a.disabled_reason.is_some()));
    assert_eq!(o.app_id.as_deref(), Some(demo.as_str()));
    assert_eq!(o.env.as_deref(), Some(o.envs[0].name.as_str()));
    assert_eq!(o.folder, None);
    let list = o.list.expect("the first listing");
    assert!(!list.rows.is_empty());
    assert_eq!(list.app_id, demo);
    let last = last_selection(&f).expect("the choice is remembered");
    assert_eq!(
        (last.app_id.as_str(), last.env.as_str()),
        (demo.as_str(), o.envs[0].name.as_str())
    );
    // The state sent with the opening already holds it.
    let sent = start
        .state
        .accounts
        .iter()
        .find(|a| Some(&a.id) == start.state.active_account_id.as_ref());
    assert_eq!(sent.and_then(|a| a.last.clone()), Some(last));
}

#[tokio::test]
async fn the_remembered_environment_and_folder_reopen_whatever_the_case_of_the_name() {
    let f = pat_fixture().await;
    let demo = f.sandbox.demo_app_id();
    f.desk
        .remember_selection(Selection {
            app_id: demo.clone(),
            app_name: None,
            env: "PRODUCTION".into(),
            folder: Some("/backend".into()),
        })
        .unwrap();
    let o = f.desk.open_account().await.unwrap();
    assert_eq!(o.env.as_deref(), Some("production"));
    assert_eq!(o.folder.as_deref(), Some("/backend"));
    assert_eq!(o.list.expect("listing").env, "production");
}

#[tokio::test]
async fn a_remembered_app_that_cannot_be_opened_falls_back_without_its_folder() {
    let f = bare_pat_fixture().await;
    f.desk
        .remember_selection(Selection {
            app_id: f.sandbox.e2ee_app_id(),
            app_name: None,
            env: "production".into(),
            folder: Some("/backend".into()),
        })
        .unwrap();
    let o = f.desk.open_account().await.unwrap();
    assert_eq!(o.app_id, Some(f.sandbox.demo_app_id()));
    assert_eq!(o.folder, None);
    assert!(o.list.is_some());
}

#[tokio::test]
async fn a_failed_listing_keeps_the_apps_and_environments_and_says_why() {
    let f = pat_fixture().await;
    f.sandbox.inject_fault(Fault::ServerError, 1);
    let o = f.desk.open_account().await.unwrap();
    assert!(!o.apps.is_empty());
    assert!(!o.envs.is_empty());
    assert!(o.env.is_some());
    assert!(o.list.is_none());
    assert_eq!(
        o.list_error.expect("the listing's error").code,
        ErrorCode::Server
    );
    // Nothing was half-done: the next opening lists normally.
    assert!(f.desk.open_account().await.unwrap().list.is_some());
}

#[tokio::test]
async fn on_first_run_start_opens_the_local_sandbox_with_its_demo_secrets() {
    let f = fixture().await;
    let start = f.desk.start().await;
    assert_eq!(
        start.state.active_account_id.as_deref(),
        Some(desk_core::SANDBOX_ACCOUNT_ID)
    );
    let o = start.opening.expect("the sandbox opens");
    assert!(o.list.expect("its demo listing").rows.len() > 10);
}
