//! Accounts: every token form people paste, the keychain, a token revoked mid-session,
//! service accounts and apps the REST API cannot open.

use desk_core::keychain::TokenVault;
use desk_core::view::{ErrorCode, TokenKindView, ValueChoice};
use phase_api::TokenKind;

use crate::common::open_desk;
use crate::{scenario, ENV};

/// The token value inside a Console string (its 3rd `:` field).
fn bare(console: &str) -> String {
    console
        .split(':')
        .nth(2)
        .expect("a Console token")
        .to_string()
}

#[tokio::test]
async fn every_form_of_the_token_is_accepted() {
    scenario(|t| async move {
        let forms = [
            (t.user_token.clone(), TokenKindView::User),
            (
                format!("Bearer User {}", bare(&t.user_token)),
                TokenKindView::User,
            ),
            (bare(&t.user_token), TokenKindView::User),
            (t.sa_token.clone(), TokenKindView::User),
        ];
        for (token, picked) in forms {
            let account = t.add(&token, picked).await.expect("account added");
            let apps = t.desk.list_apps().await.expect("apps");
            assert!(
                apps.iter().any(|a| a.id == t.app_id),
                "{:?}",
                account.token_kind
            );
            assert!(!account.fingerprint.is_empty());
        }
        let accounts: Vec<_> = t
            .desk
            .state()
            .accounts
            .into_iter()
            .filter(|a| !a.is_sandbox)
            .collect();
        assert_eq!(accounts.len(), 5, "the suite's own and the four above");
        // The pasted Console SA string decided the kind, not the form's default.
        let (sa, pats): (Vec<_>, Vec<_>) = accounts
            .iter()
            .partition(|a| a.token_kind == TokenKindView::ServiceAccount);
        assert_eq!(sa.len(), 1);
        // One token, one fingerprint, whichever form it was pasted in.
        let prints: Vec<_> = pats.iter().map(|a| a.fingerprint.clone()).collect();
        assert_eq!(prints.len(), 4);
        assert!(prints.windows(2).all(|w| w[0] == w[1]), "{prints:?}");
    })
    .await;
}

#[tokio::test]
async fn a_refused_token_says_which_form_was_read_and_never_echoes_it() {
    scenario(|t| async move {
        let hex = || uuid::Uuid::new_v4().simple().to_string().repeat(2);
        let fake = format!("pss_user:v1:{}:{}:{}:{}", hex(), hex(), hex(), hex());
        let before = t.desk.state().accounts.len();
        let err = t
            .add(&fake, TokenKindView::User)
            .await
            .unwrap_err()
            .to_ipc();
        assert_eq!(err.code, ErrorCode::Unauthorized);
        assert!(err.message.contains("pss_user"), "{}", err.message);
        assert!(
            err.message.contains("Personal Access Token"),
            "{}",
            err.message
        );
        assert!(!err.message.contains(&bare(&fake)), "{}", err.message);
        assert_eq!(t.desk.state().accounts.len(), before, "nothing added");
    })
    .await;
}

#[tokio::test]
async fn the_keychain_keeps_the_whole_console_string_and_it_works_after_a_restart() {
    scenario(|t| async move {
        let mut input = t.input(&t.user_token, TokenKindView::User);
        input.session_only = false;
        let account = t
            .desk
            .add_account(input)
            .await
            .expect("stored in the keychain");
        let stored = TokenVault::new(t.service.clone())
            .load(&account.id, TokenKind::User)
            .expect("in the keychain");
        assert_eq!(stored.expose(), t.user_token, "the whole string, as pasted");
        // A new desk on the same folders reads it back and lists.
        let again = open_desk(t.dir.path(), &t.service, false).await;
        again.switch_account(&account.id).unwrap();
        let list = again
            .list_secrets(&t.app_id, ENV, vec![], None)
            .await
            .expect("lists with the stored token");
        assert!(list.can_override);
        let leaks = crate::common::files_containing(t.dir.path(), &bare(&t.user_token));
        assert!(leaks.is_empty(), "the token is in {leaks:?}");
    })
    .await;
}

#[tokio::test]
async fn a_token_revoked_mid_session_can_be_replaced_and_the_action_retried() {
    scenario(|t| async move {
        let fresh = t.mint_user_token();
        let account = t.add(&fresh, TokenKindView::User).await.expect("added");
        t.desk
            .list_secrets(&t.app_id, ENV, vec![], None)
            .await
            .expect("lists");
        t.revoke(&fresh);
        let err = t
            .desk
            .list_secrets(&t.app_id, ENV, vec![], None)
            .await
            .unwrap_err()
            .to_ipc();
        assert_eq!(err.code, ErrorCode::Unauthorized, "{}", err.message);
        t.desk
            .replace_token(&account.id, &t.user_token, true)
            .await
            .expect("replaced");
        t.desk
            .list_secrets(&t.app_id, ENV, vec![], None)
            .await
            .expect("the retry works");
    })
    .await;
}

#[tokio::test]
async fn a_service_account_lists_and_edits_but_never_sets_overrides() {
    scenario(|t| async move {
        t.add(&t.sa_token, TokenKindView::ServiceAccount)
            .await
            .expect("SA account");
        let created = t
            .desk
            .create_batch(&t.app_id, ENV, &format!("{}=sa-made", t.key("BY_SA")), "/")
            .await
            .expect("created by the SA");
        let list = t
            .desk
            .list_secrets(&t.app_id, ENV, vec![], None)
            .await
            .expect("lists");
        assert!(!list.can_override);
        assert!(list.override_note.unwrap().contains("Service Account"));
        let err = t
            .desk
            .set_override(&t.app_id, ENV, &created[0].id, Some("x".into()), true)
            .await
            .unwrap_err()
            .to_ipc();
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(
            t.desk
                .reveal_value(&t.app_id, ENV, &created[0].id, ValueChoice::Effective)
                .unwrap()
                .as_deref(),
            Some("sa-made")
        );
    })
    .await;
}

#[tokio::test]
async fn without_key_material_an_app_without_sse_is_listed_disabled_with_a_reason() {
    scenario(|t| async move {
        // The bare token carries no keys, so only the REST API is open to it.
        t.add(&bare(&t.user_token), TokenKindView::User)
            .await
            .expect("bare PAT");
        let apps = t.desk.list_apps().await.expect("apps");
        let app = apps
            .iter()
            .find(|a| a.id == t.nosse_app_id)
            .expect("listed");
        assert!(!app.sse_enabled);
        let reason = app.disabled_reason.as_deref().unwrap_or_default();
        assert!(reason.contains("pss_user"), "says what to paste: {reason}");
        let err = t
            .desk
            .list_secrets(&t.nosse_app_id, ENV, vec![], None)
            .await
            .unwrap_err()
            .to_ipc();
        assert_eq!(err.code, ErrorCode::SseDisabled, "{}", err.message);
        let err = t
            .desk
            .list_environments(&t.nosse_app_id)
            .await
            .unwrap_err()
            .to_ipc();
        assert_eq!(err.code, ErrorCode::SseDisabled, "{}", err.message);
    })
    .await;
}
