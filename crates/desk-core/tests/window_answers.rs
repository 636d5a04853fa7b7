//! The listing as the window takes it, against a real sandbox over HTTP: a listing the
//! window holds comes back without its rows, and every change brings them again.

mod common;

use common::*;
use phase_api::{ClientOptions, EnvSelector, Host, PhaseClient, SecretUpdate, Token, TokenKind};
use serde_json::Value;

const ENV: &str = "development";

async fn answer(f: &Fixture, env: &str, have: Option<&str>) -> Value {
    let json = f
        .desk
        .list_secrets_for_window(&f.sandbox.demo_app_id(), env, vec![], None, have)
        .await
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

fn digest(answer: &Value) -> String {
    answer["digest"].as_str().expect("a digest").to_string()
}

/// The ids of an answer's rows (each row is an array: id first).
fn ids(answer: &Value) -> Vec<String> {
    answer["list"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r[0].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_held_listing_comes_back_without_rows_until_something_changes() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let first = answer(&f, ENV, None).await;
    let held = digest(&first);
    let all = ids(&first);
    assert!(all.len() > 3);

    let again = answer(&f, ENV, Some(&held)).await;
    assert!(again["list"].is_null());
    assert_eq!(digest(&again), held);
    assert!(again["elapsedMs"].is_u64());

    // Another environment never passes for the one held.
    let staging = answer(&f, "staging", Some(&held)).await;
    assert!(!staging["list"].is_null());
    assert_ne!(digest(&staging), held);

    // A comment changed by someone else: the rows come, with it.
    let host = Host::custom(&f.sandbox.base_url()).unwrap();
    let token = Token::new(TokenKind::User, f.sandbox.user_token()).unwrap();
    let outside = PhaseClient::new(host.clone(), token, ClientOptions::for_host(&host)).unwrap();
    let id = &all[0];
    let path = first["list"]["rows"][0][2].as_str().unwrap();
    let mut theirs = SecretUpdate::new(id, path);
    theirs.comment = Some("changed elsewhere".into());
    let env = EnvSelector {
        app_id: app.clone(),
        env: ENV.into(),
    };
    outside.update_secrets(&env, &[theirs]).await.unwrap();
    let changed = answer(&f, ENV, Some(&held)).await;
    assert_ne!(digest(&changed), held);
    assert_eq!(changed["list"]["rows"][0][3], "changed elsewhere");
    let held = digest(&changed);

    // A delete held back for undo leaves its row out; after the undo the window's listing
    // is the one it held before the delete.
    let outcome = f
        .desk
        .delete_secrets(&app, ENV, vec![all[1].clone()])
        .await
        .unwrap();
    let without = answer(&f, ENV, Some(&held)).await;
    assert_eq!(ids(&without).len(), all.len() - 1);
    assert!(!ids(&without).contains(&all[1]));
    f.desk.undo_delete(&outcome.undo_id).unwrap();
    let back = answer(&f, ENV, Some(&held)).await;
    assert!(back["list"].is_null());
    assert_eq!(digest(&back), held);

    // The digest given without building the rows is the one building them gives.
    assert_eq!(digest(&answer(&f, ENV, None).await), held);
}
