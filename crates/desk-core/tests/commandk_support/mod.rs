//! Shared set-up of the CommandK test files: a CommandK sandbox over real HTTP and a desk
//! whose active account is CommandK.
#![allow(dead_code)]

use commandk_sandbox::{CommandkSandbox, CommandkSandboxConfig};
use desk_core::view::*;
use desk_core::Desk;

use crate::common::{open_desk, test_service};

pub const APP: &str = "payments-service";

pub struct Ck {
    pub server: CommandkSandbox,
    pub desk: Desk,
    pub dir: tempfile::TempDir,
    pub app: String,
}

pub fn input(
    server: &CommandkSandbox,
    read: String,
    write: Option<String>,
) -> CommandkAccountInput {
    CommandkAccountInput {
        name: "Payments".into(),
        host_kind: HostKind::Custom,
        host_url: Some(server.base_url()),
        read_token: read,
        write_token: write,
        app_name: APP.into(),
        session_only: true,
    }
}

/// A desk whose active account is CommandK with the given tokens (session only).
pub async fn ck(write: bool) -> Ck {
    let server = CommandkSandbox::start(CommandkSandboxConfig::default())
        .await
        .expect("CommandK sandbox starts");
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), &test_service(), false).await;
    let write = write.then(|| server.write_token());
    desk.add_commandk_account(input(&server, server.read_token(), write))
        .await
        .expect("CommandK account");
    let app = server.demo_app_id();
    Ck {
        server,
        desk,
        dir,
        app,
    }
}

impl Ck {
    pub fn env_id(&self, name: &str) -> String {
        self.server.environment_id(name).expect("environment")
    }
    pub fn stored(&self, key: &str, env: &str) -> Option<String> {
        self.server.stored_value(&self.app, key, &self.env_id(env))
    }
    pub async fn list(&self, env: &str) -> SecretList {
        self.desk
            .list_secrets(&self.app, env, vec![], None)
            .await
            .expect("listing")
    }
    pub async fn create(
        &self,
        env: &str,
        d: Draft,
    ) -> Result<Vec<SecretRow>, desk_core::DeskError> {
        let drafts = vec![d.draft];
        self.desk
            .create_secrets_with(&self.app, env, drafts, d.options)
            .await
    }
    pub async fn row(&self, env: &str, key: &str) -> SecretRow {
        let list = self.list(env).await;
        list.rows.into_iter().find(|r| r.key == key).expect(key)
    }
}

/// A secret as the create form fills it in, with the purpose type and "also set in".
pub struct Draft {
    pub draft: SecretDraft,
    pub options: CreateOptions,
}

pub fn draft(key: &str, value: &str, purpose: &str, also: &[&str]) -> Draft {
    let draft = serde_json::from_value(serde_json::json!({
        "key": key, "value": value, "comment": "", "tags": [], "path": "/", "kind": "secret",
        "overrideValue": null, "overrideActive": false,
    }))
    .unwrap();
    let options = serde_json::from_value(serde_json::json!({
        "purposeType": purpose, "alsoIn": also,
    }))
    .unwrap();
    Draft { draft, options }
}

pub fn value_change(value: &str) -> SecretChanges {
    SecretChanges {
        value: Some(value.into()),
        ..SecretChanges::default()
    }
}

/// A refusal of `field` before anything was sent, saying `words`.
pub fn refused<T: std::fmt::Debug>(r: Result<T, desk_core::DeskError>, field: &str, words: &str) {
    let e = r.expect_err("refused").to_ipc();
    assert_eq!(e.code, ErrorCode::Validation, "{}", e.message);
    assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
    assert!(e.message.contains(words), "{:?} lacks {words:?}", e.message);
}
