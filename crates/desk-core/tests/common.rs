//! Shared set-up: a sandbox over real HTTP and a desk with temp config/data dirs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use desk_core::view::{AccountOpening, HostKind, NewAccountInput, SecretList, TokenKindView};
use desk_core::{Desk, DeskOptions, DeskPaths, DeskResult, Silent};
use phase_sandbox::{Sandbox, SandboxConfig};

pub struct Fixture {
    pub sandbox: Sandbox,
    pub desk: Desk,
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }
}

/// A unique keychain service per test run, so runs never see each other's entries.
pub fn test_service() -> String {
    format!("dev.phase.desk.test.{}", uuid::Uuid::new_v4().simple())
}

pub async fn open_desk(dir: &Path, service: &str, force_sandbox: bool) -> Desk {
    Desk::open(
        DeskPaths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
        },
        DeskOptions {
            force_sandbox,
            keychain_service: service.to_string(),
            sandbox_later: false,
        },
        Arc::new(Silent),
    )
    .await
    .expect("desk opens")
}

pub async fn fixture() -> Fixture {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = open_desk(dir.path(), &test_service(), false).await;
    Fixture { sandbox, desk, dir }
}

/// A fixture whose active account is a PAT on `f.sandbox`, kept for the session only
/// (so these tests need no keychain).
pub async fn pat_fixture() -> Fixture {
    let f = fixture().await;
    let mut input = account_input(
        &f.sandbox,
        "Dev",
        TokenKindView::User,
        f.sandbox.user_token(),
    );
    input.session_only = true;
    f.desk.add_account(input).await.expect("PAT account");
    f
}

/// A fixture whose PAT was pasted as the bare token value (no key material): apps with
/// end-to-end encryption are listed but cannot be opened.
pub async fn bare_pat_fixture() -> Fixture {
    let f = fixture().await;
    let console = f.sandbox.user_token();
    let bare = console.split(':').nth(2).expect("Console form").to_string();
    let mut input = account_input(&f.sandbox, "Dev", TokenKindView::User, bare);
    input.session_only = true;
    f.desk.add_account(input).await.expect("PAT account");
    f
}

pub fn account_input(
    sandbox: &Sandbox,
    name: &str,
    kind: TokenKindView,
    token: String,
) -> NewAccountInput {
    NewAccountInput {
        name: name.to_string(),
        host_kind: HostKind::Custom,
        host_url: Some(sandbox.base_url()),
        token_kind: kind,
        token,
        session_only: false,
        provider: None,
    }
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    hits.push(path);
                }
            }
        }
    }
    hits
}

/// The listing the window asks for right after an account opened (the opening started it).
pub async fn opened_listing(desk: &Desk, opening: &AccountOpening) -> DeskResult<SecretList> {
    let app = opening.app_id.clone().expect("an app was opened");
    let env = opening.env.clone().expect("an environment was opened");
    desk.list_secrets(&app, &env, Vec::new(), None).await
}
