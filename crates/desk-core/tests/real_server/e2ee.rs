//! The end-to-end-encrypted app through the same desk: the Console token's keys open it,
//! values come back as written, reveal resolves references here, and edits and undo never
//! flatten one. Checked on the server with phase-e2ee's own client (itself checked
//! against the independent PyNaCl client of ../shared/real-phase/e2ee_check.py).

use desk_core::view::{SaveOutcome, SecretChanges, SecretDraft, SecretKind, ValueChoice};
use phase_api::{ClientOptions, EnvSelector, Host, Secret, SecretFilter, Token, TokenKind};
use phase_e2ee::E2eeClient;

use crate::{scenario, Target, ENV};

fn outside(t: &Target) -> E2eeClient {
    let host = Host::custom(&t.host).unwrap();
    let token = Token::parse(&t.user_token, TokenKind::User).unwrap();
    E2eeClient::new(host.clone(), token, ClientOptions::for_host(&host)).unwrap()
}

async fn on_server(t: &Target, name: &str) -> Secret {
    let key = t.key(name);
    outside(t)
        .list_secrets(
            &EnvSelector::new(&t.e2ee_app_id, ENV),
            &SecretFilter::default(),
        )
        .await
        .expect("E2EE listing")
        .into_iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("{key} on the server"))
}

fn draft(t: &Target, name: &str, value: &str) -> SecretDraft {
    SecretDraft {
        key: t.key(name),
        value: value.into(),
        comment: String::new(),
        tags: vec!["pdr-e2ee".into()],
        path: "/".into(),
        kind: SecretKind::Secret,
        override_value: None,
        override_active: false,
    }
}

#[tokio::test]
async fn an_end_to_end_encrypted_app_opens_and_references_survive_edits_and_undo() {
    scenario(|t| async move {
        let app = t.e2ee_app_id.clone();
        let apps = t.desk.list_apps().await.expect("apps");
        let listed = apps.iter().find(|a| a.id == app).expect("listed");
        assert!(!listed.sse_enabled);
        assert!(
            listed.disabled_reason.is_none(),
            "{:?}",
            listed.disabled_reason
        );
        let base = t.key("E2E_BASE");
        t.desk
            .create_secrets(
                &app,
                ENV,
                vec![
                    draft(&t, "E2E_BASE", "alpha"),
                    draft(&t, "E2E_REF", &format!("${{{base}}}-x")),
                ],
            )
            .await
            .expect("created, encrypted here");
        let rows = t
            .desk
            .list_secrets(&app, ENV, vec![], None)
            .await
            .expect("listed, decrypted here")
            .rows;
        let row = rows.iter().find(|r| r.key == t.key("E2E_REF")).unwrap();
        let reveal = |which| t.desk.reveal_value(&app, ENV, &row.id, which);
        assert_eq!(reveal(ValueChoice::Effective).unwrap().unwrap(), "alpha-x");
        let written = t
            .desk
            .value_as_written(&app, ENV, &row.id, ValueChoice::Shared)
            .unwrap()
            .unwrap();
        assert_eq!(written, format!("${{{base}}}-x"));

        // The editor sends back what it showed, unchanged, with a new comment.
        let before = on_server(&t, "E2E_REF").await;
        let outcome = t
            .desk
            .update_secret(
                &app,
                ENV,
                &row.id,
                row.version,
                SecretChanges {
                    value: Some(written.clone()),
                    comment: Some("edited".into()),
                    ..SecretChanges::default()
                },
                false,
            )
            .await
            .expect("saved");
        assert!(matches!(outcome, SaveOutcome::Saved { .. }));
        let after = on_server(&t, "E2E_REF").await;
        assert_eq!(
            after.value.expose(),
            written,
            "the reference is still there"
        );
        assert_eq!(after.comment, "edited");
        assert_eq!(
            after.tags, before.tags,
            "tags kept (a PUT without them would clear them)"
        );

        // Delete, then undo: nothing was sent, the raw value is untouched.
        let held = t
            .desk
            .delete_secrets(&app, ENV, vec![row.id.clone()])
            .await
            .expect("held");
        t.desk.undo_delete(&held.undo_id).expect("undone");
        assert_eq!(on_server(&t, "E2E_REF").await.value.expose(), written);
    })
    .await;
}
