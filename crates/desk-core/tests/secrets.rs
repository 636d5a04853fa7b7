//! The secrets commands against a real sandbox over HTTP: what is sent, what
//! is kept, conflicts and undo.

mod common;

use common::*;
use desk_core::view::{
    SaveOutcome, SecretChanges, SecretDraft, SecretKind, SecretRow, ValueChoice,
};
use phase_api::{
    ClientOptions, EnvSelector, Host, PhaseClient, SecretFilter, SecretUpdate, Token, TokenKind,
};

const ENV: &str = "development";

fn outside_client(f: &Fixture) -> PhaseClient {
    let host = Host::custom(&f.sandbox.base_url()).unwrap();
    let token = Token::new(TokenKind::User, f.sandbox.user_token()).unwrap();
    PhaseClient::new(host.clone(), token, ClientOptions::for_host(&host)).unwrap()
}

async fn rows(f: &Fixture) -> Vec<SecretRow> {
    f.desk
        .list_secrets(&f.sandbox.demo_app_id(), ENV, vec![], None)
        .await
        .unwrap()
        .rows
        .0
}

fn server_view(f: &Fixture, id: &str) -> serde_json::Value {
    f.sandbox
        .secret_json(&f.sandbox.demo_app_id(), ENV, id)
        .expect("secret on server")
}

fn plain(rows: &[SecretRow]) -> &SecretRow {
    rows.iter()
        .find(|r| r.kind == SecretKind::Secret && !r.rotating && !r.has_override)
        .expect("a plain secret")
}

#[tokio::test]
async fn rows_carry_no_values_except_config() {
    let f = pat_fixture().await;
    let rows = rows(&f).await;
    assert!(rows
        .iter()
        .any(|r| r.kind == SecretKind::Config && r.config_value.is_some()));
    assert!(rows
        .iter()
        .filter(|r| r.kind != SecretKind::Config)
        .all(|r| r.config_value.is_none()));
    let sealed = rows
        .iter()
        .find(|r| r.kind == SecretKind::Sealed)
        .expect("a sealed secret");
    let app = f.sandbox.demo_app_id();
    assert_eq!(
        f.desk
            .reveal_value(&app, ENV, &sealed.id, ValueChoice::Shared)
            .unwrap(),
        None
    );
    let row = plain(&rows);
    let value = f
        .desk
        .reveal_value(&app, ENV, &row.id, ValueChoice::Shared)
        .unwrap()
        .unwrap();
    assert_eq!(server_view(&f, &row.id)["value"], value.as_str());
}

#[tokio::test]
async fn editing_only_the_comment_sends_only_the_comment() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let rows = rows(&f).await;
    let row = plain(&rows);
    let before = server_view(&f, &row.id);
    let changes = SecretChanges {
        comment: Some("rotated by ops".into()),
        // The UI passes the value it showed; identical values must not be rewritten.
        value: before["value"].as_str().map(str::to_string),
        ..SecretChanges::default()
    };
    let outcome = f
        .desk
        .update_secret(&app, ENV, &row.id, row.version, changes, false)
        .await
        .unwrap();
    let SaveOutcome::Saved { row: saved } = outcome else {
        panic!("unexpected conflict")
    };
    let after = server_view(&f, &row.id);
    assert_eq!(after["comment"], "rotated by ops");
    assert_eq!(after["value"], before["value"]);
    assert_eq!(
        after["version"].as_i64(),
        before["version"].as_i64().map(|v| v + 1)
    );
    assert_eq!(saved.version as i64, after["version"].as_i64().unwrap());
    assert_eq!(saved.path, row.path);
}

#[tokio::test]
async fn nothing_changed_means_nothing_sent() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let rows = rows(&f).await;
    let row = plain(&rows);
    let before = server_view(&f, &row.id);
    let changes = SecretChanges {
        comment: Some(row.comment.clone()),
        ..SecretChanges::default()
    };
    f.desk
        .update_secret(&app, ENV, &row.id, row.version, changes, false)
        .await
        .unwrap();
    assert_eq!(server_view(&f, &row.id)["version"], before["version"]);
}

#[tokio::test]
async fn a_change_made_elsewhere_is_a_conflict_not_an_overwrite() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let rows = rows(&f).await;
    let row = plain(&rows);
    let env = EnvSelector {
        app_id: app.clone(),
        env: ENV.into(),
    };
    let mut theirs = SecretUpdate::new(&row.id, &row.path);
    theirs.value = Some("changed-behind-your-back".into());
    outside_client(&f)
        .update_secrets(&env, &[theirs])
        .await
        .unwrap();

    let mine = SecretChanges {
        comment: Some("mine".into()),
        ..SecretChanges::default()
    };
    let outcome = f
        .desk
        .update_secret(&app, ENV, &row.id, row.version, mine.clone(), false)
        .await
        .unwrap();
    let SaveOutcome::Conflict {
        theirs,
        their_value_changed,
    } = outcome
    else {
        panic!("conflict expected")
    };
    assert!(their_value_changed);
    assert_eq!(theirs.version, row.version + 1);
    assert_ne!(server_view(&f, &row.id)["comment"], "mine");

    // Keeping mine applies my change on top of theirs, without undoing theirs.
    let outcome = f
        .desk
        .update_secret(&app, ENV, &row.id, theirs.version, mine, true)
        .await
        .unwrap();
    assert!(matches!(outcome, SaveOutcome::Saved { .. }));
    let after = server_view(&f, &row.id);
    assert_eq!(after["comment"], "mine");
    assert_eq!(after["value"], "changed-behind-your-back");
}

#[tokio::test]
async fn a_delete_is_held_back_so_undo_loses_nothing() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let rows = rows(&f).await;
    let with_inactive_override = rows
        .iter()
        .find(|r| r.has_override && !r.override_active && !r.rotating)
        .expect("a secret with an inactive override");
    let other = rows
        .iter()
        .find(|r| {
            !r.tags.is_empty() && !r.has_override && !r.rotating && r.kind != SecretKind::Sealed
        })
        .unwrap();
    let ids = vec![with_inactive_override.id.clone(), other.id.clone()];
    let before: Vec<_> = ids.iter().map(|id| server_view(&f, id)).collect();
    let requests = f.sandbox.request_count();

    let outcome = f.desk.delete_secrets(&app, ENV, ids.clone()).await.unwrap();
    assert_eq!(outcome.deleted_keys.len(), 2);
    assert!(outcome.commit_in_secs > 0);
    assert_eq!(f.sandbox.request_count(), requests, "nothing sent yet");
    // Hidden from the next listing although the server still has them.
    let listed = self::rows(&f).await;
    assert!(listed.iter().all(|r| !ids.contains(&r.id)));

    let restored = f.desk.undo_delete(&outcome.undo_id).unwrap();
    assert_eq!(restored.len(), 2);
    for old in &before {
        let id = old["id"].as_str().unwrap();
        assert_eq!(&server_view(&f, id), old, "untouched on the server");
    }
    assert!(
        f.desk.undo_delete(&outcome.undo_id).is_err(),
        "an undo is used once"
    );
    assert!(self::rows(&f).await.iter().any(|r| r.id == ids[0]));

    // Deleted again and committed: now it is gone, in one request.
    let outcome = f.desk.delete_secrets(&app, ENV, ids.clone()).await.unwrap();
    let requests = f.sandbox.request_count();
    f.desk.commit_delete(&outcome.undo_id).await.unwrap();
    assert_eq!(f.sandbox.request_count(), requests + 1);
    assert!(ids
        .iter()
        .all(|id| f.sandbox.secret_json(&app, ENV, id).is_none()));
    assert!(f.desk.undo_delete(&outcome.undo_id).is_err());
}

#[tokio::test]
async fn a_refused_delete_brings_the_rows_back_with_the_reason() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let rows = rows(&f).await;
    let a = plain(&rows);
    let b = rows
        .iter()
        .find(|r| r.id != a.id && !r.rotating)
        .expect("a second secret");
    let outcome = f
        .desk
        .delete_secrets(&app, ENV, vec![a.id.clone(), b.id.clone()])
        .await
        .unwrap();
    // Someone deletes one of them elsewhere: the server refuses the whole delete (404).
    outside_client(&f)
        .delete_secrets(&EnvSelector::new(&app, ENV), std::slice::from_ref(&b.id))
        .await
        .unwrap();
    let err = f.desk.commit_all_deletes().await.unwrap_err().to_ipc();
    assert_eq!(err.code, desk_core::view::ErrorCode::NotFound);
    assert!(err.message.contains(&a.key), "{}", err.message);
    assert!(
        f.sandbox.secret_json(&app, ENV, &a.id).is_some(),
        "nothing deleted"
    );
    // The rows are back in the loaded list: their values can be read again.
    assert!(f
        .desk
        .reveal_value(&app, ENV, &a.id, ValueChoice::Shared)
        .is_ok());
    assert!(f.desk.undo_delete(&outcome.undo_id).is_err());
}

#[tokio::test]
async fn tag_filters_return_each_secret_once() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let all = rows(&f).await;
    let doubly = all
        .iter()
        .find(|r| r.tags.len() >= 2)
        .expect("a secret with two tags");
    let list = f
        .desk
        .list_secrets(&app, ENV, doubly.tags[..2].to_vec(), None)
        .await
        .unwrap();
    let mut ids: Vec<_> = list.rows.iter().map(|r| r.id.as_str()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
    assert!(ids.contains(&doubly.id.as_str()));
}

#[tokio::test]
async fn value_search_runs_in_rust_and_returns_ids() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let rows = rows(&f).await;
    let row = plain(&rows);
    let value = server_view(&f, &row.id)["value"]
        .as_str()
        .unwrap()
        .to_string();
    let needle: String = value
        .chars()
        .skip(1)
        .take(6)
        .collect::<String>()
        .to_uppercase();
    let hits = f.desk.search_values(&app, ENV, &needle).unwrap();
    assert!(hits.contains(&row.id), "{needle} should find {}", row.key);
    assert!(f
        .desk
        .search_values(&app, ENV, "no-such-value-anywhere-42")
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn create_one_and_a_pasted_batch_each_in_one_request() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    rows(&f).await;
    let before = f.sandbox.request_count();
    let created = f
        .desk
        .create_secrets(
            &app,
            ENV,
            vec![SecretDraft {
                key: "feature flag-x".into(),
                value: "on".into(),
                comment: "new".into(),
                tags: vec!["flags".into()],
                path: "/flags".into(),
                kind: SecretKind::Config,
                override_value: Some("off".into()),
                override_active: true,
            }],
        )
        .await
        .unwrap();
    assert_eq!(f.sandbox.request_count() - before, 1);
    assert_eq!(created[0].key, "FEATURE_FLAG_X");
    assert!(created[0].override_active);

    let before = f.sandbox.request_count();
    let batch = f
        .desk
        .create_batch(
            &app,
            ENV,
            "# pasted\nA_ONE=1\nexport A_TWO=\"two\"\n",
            "/batch",
        )
        .await
        .unwrap();
    assert_eq!(f.sandbox.request_count() - before, 1);
    assert_eq!(batch.len(), 2);

    let before = f.sandbox.request_count();
    let err = f
        .desk
        .create_batch(&app, ENV, "B=1\nB=2\n", "/")
        .await
        .expect_err("duplicate refused");
    assert!(err.to_string().contains("more than once"), "{err}");
    assert_eq!(
        f.sandbox.request_count(),
        before,
        "nothing sent for a bad batch"
    );
}

#[tokio::test]
async fn a_duplicate_key_gets_the_servers_409_message() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let rows = rows(&f).await;
    let row = plain(&rows);
    let draft = SecretDraft {
        key: row.key.to_lowercase(),
        value: "x".into(),
        comment: String::new(),
        tags: vec![],
        path: row.path.clone(),
        kind: SecretKind::Secret,
        override_value: None,
        override_active: false,
    };
    // In the loaded list: refused before sending, naming the key.
    let requests = f.sandbox.request_count();
    let err = f
        .desk
        .create_secrets(&app, ENV, vec![draft.clone()])
        .await
        .expect_err("duplicate")
        .to_ipc();
    assert_eq!(err.code, desk_core::view::ErrorCode::DuplicateKey);
    assert!(err.message.contains(&row.key), "{}", err.message);
    assert_eq!(f.sandbox.request_count(), requests, "nothing sent");

    // Created elsewhere since the list was loaded: the server's 409, with the key named.
    let fresh_key = "MADE_ELSEWHERE";
    outside_client(&f)
        .create_secrets(
            &EnvSelector::new(&app, ENV),
            &[phase_api::NewSecret {
                path: Some(row.path.clone()),
                ..phase_api::NewSecret::new(fresh_key, "v")
            }],
        )
        .await
        .unwrap();
    let err = f
        .desk
        .create_secrets(
            &app,
            ENV,
            vec![SecretDraft {
                key: fresh_key.into(),
                ..draft
            }],
        )
        .await
        .expect_err("409")
        .to_ipc();
    assert_eq!(err.code, desk_core::view::ErrorCode::DuplicateKey);
    assert!(
        err.message.contains("Duplicate secret found"),
        "{}",
        err.message
    );
    assert!(err.message.contains(fresh_key), "{}", err.message);
}

#[tokio::test]
async fn toggling_an_override_changes_the_effective_value() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let rows = rows(&f).await;
    let row = rows
        .iter()
        .find(|r| r.has_override && r.override_active && !r.rotating)
        .unwrap();
    let shared = f
        .desk
        .reveal_value(&app, ENV, &row.id, ValueChoice::Shared)
        .unwrap();
    let mine = f
        .desk
        .reveal_value(&app, ENV, &row.id, ValueChoice::Override)
        .unwrap();
    assert_ne!(shared, mine);
    assert_eq!(
        f.desk
            .reveal_value(&app, ENV, &row.id, ValueChoice::Effective)
            .unwrap(),
        mine
    );

    let off = f
        .desk
        .set_override(&app, ENV, &row.id, None, false)
        .await
        .unwrap();
    assert!(!off.override_active);
    assert_eq!(
        f.desk
            .reveal_value(&app, ENV, &row.id, ValueChoice::Effective)
            .unwrap(),
        shared
    );
    let server = server_view(&f, &row.id);
    assert_eq!(server["override"]["isActive"], false);
    assert_eq!(server["override"]["value"].as_str(), mine.as_deref());

    let on = f
        .desk
        .set_override(&app, ENV, &row.id, Some("mine-now".into()), true)
        .await
        .unwrap();
    assert!(on.override_active);
    assert_eq!(
        f.desk
            .reveal_value(&app, ENV, &row.id, ValueChoice::Effective)
            .unwrap()
            .as_deref(),
        Some("mine-now")
    );
    // The shared value never moved.
    let check = outside_client(&f)
        .list_secrets(
            &EnvSelector {
                app_id: app.clone(),
                env: ENV.into(),
            },
            &SecretFilter::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        check
            .iter()
            .find(|s| s.id == row.id)
            .unwrap()
            .value
            .expose(),
        shared.unwrap()
    );
}

#[tokio::test]
async fn only_the_environment_listed_last_stays_cached() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let dev = rows(&f).await;
    let id = plain(&dev).id.clone();
    f.desk
        .list_secrets(&app, "staging", vec![], None)
        .await
        .unwrap();
    let gone = f.desk.reveal_value(&app, ENV, &id, ValueChoice::Shared);
    assert!(gone
        .unwrap_err()
        .to_string()
        .contains("not in the loaded list"));
    rows(&f).await;
    assert!(f
        .desk
        .reveal_value(&app, ENV, &id, ValueChoice::Shared)
        .unwrap()
        .is_some());
}
