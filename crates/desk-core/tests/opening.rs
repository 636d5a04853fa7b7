//! Opening an account in one call (`Desk::start` / `Desk::open_account`) against a real
//! sandbox: which app and environment open, what is remembered, how a failed step leaves
//! the earlier ones usable, and the first listing fetched meanwhile (taken once by the
//! window's `list_secrets`, never waited for by the opening, dropped after a change).

mod common;

use common::*;
use std::time::Duration;

use desk_core::view::{ErrorCode, SecretDraft, SecretKind, Selection};
use desk_core::DeskError;
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
    let list = opened_listing(&f.desk, &o)
        .await
        .expect("the first listing");
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
    let list = opened_listing(&f.desk, &o).await.unwrap();
    assert_eq!(list.env, "production");
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
    assert!(opened_listing(&f.desk, &o).await.is_ok());
}

#[tokio::test]
async fn the_listing_started_by_the_opening_is_the_one_the_window_gets_and_only_once() {
    let f = pat_fixture().await;
    // The first secrets request (the one the opening starts) fails: the window's listing
    // shows that failure, so it was not asked for again.
    f.sandbox.inject_fault(Fault::ServerError, 1);
    let o = f.desk.open_account().await.unwrap();
    assert!(!o.apps.is_empty());
    assert!(!o.envs.is_empty());
    assert!(o.env.is_some());
    let failed = opened_listing(&f.desk, &o)
        .await
        .expect_err("the opening's listing");
    assert_eq!(failed.to_ipc().code, ErrorCode::Server);
    // Taken once: Retry asks the server again.
    assert!(!opened_listing(&f.desk, &o).await.unwrap().rows.is_empty());
}

#[tokio::test]
async fn the_opening_answers_without_waiting_for_a_slow_listing_which_can_be_cancelled() {
    let f = pat_fixture().await;
    f.sandbox
        .inject_fault(Fault::Delay(Duration::from_secs(60)), 1);
    let o = tokio::time::timeout(Duration::from_secs(20), f.desk.open_account())
        .await
        .expect("the opening does not wait for the listing")
        .unwrap();
    assert!(!o.apps.is_empty() && o.env.is_some());
    let (listed, ()) = tokio::join!(opened_listing(&f.desk, &o), async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        f.desk.cancel_listing();
    });
    assert!(matches!(listed, Err(DeskError::Cancelled)), "{listed:?}");
    // The next listing is a new request (the delay was used up by the cancelled one).
    assert!(!opened_listing(&f.desk, &o).await.unwrap().rows.is_empty());
}

#[tokio::test]
async fn a_change_after_the_opening_drops_its_listing() {
    let f = pat_fixture().await;
    f.sandbox.inject_fault(Fault::ServerError, 1);
    let before = f.sandbox.request_count();
    let o = f.desk.open_account().await.unwrap();
    let (app, env) = (o.app_id.clone().unwrap(), o.env.clone().unwrap());
    // Waits for the opening's listing to reach the server (and take the fault).
    let asked = f.sandbox.request_count() - before;
    for _ in 0..200 {
        if f.sandbox.request_count() - before > asked {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let draft = SecretDraft {
        key: "MADE_AFTER_OPENING".into(),
        value: "v".into(),
        comment: String::new(),
        tags: vec![],
        path: "/".into(),
        kind: SecretKind::Secret,
        override_value: None,
        override_active: false,
    };
    f.desk
        .create_secrets(&app, &env, vec![draft])
        .await
        .expect("the create is not hit by the fault");
    let list = opened_listing(&f.desk, &o).await.expect("a new listing");
    assert!(list.rows.iter().any(|r| r.key == "MADE_AFTER_OPENING"));
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
    let list = opened_listing(&f.desk, &o).await.expect("its demo listing");
    assert!(list.rows.len() > 10);
}
