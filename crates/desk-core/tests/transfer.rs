//! Import files that cannot be taken: each gets a clear error naming the problem, nothing
//! is planned and no value is shown.

mod common;

use common::*;
use desk_core::view::ErrorCode;

#[tokio::test]
async fn an_unusable_import_file_is_refused_with_the_reason() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    let dir = tempfile::tempdir().unwrap();
    let plan = |name: &str| {
        let file = dir.path().join(name);
        let desk = &f.desk;
        let app = app.clone();
        async move { desk.plan_import_file(&app, "development", &file, "/").await }
    };

    let missing = plan("missing.env").await.unwrap_err().to_ipc();
    assert_eq!(
        (missing.code, missing.field.as_deref()),
        (ErrorCode::Validation, Some("file"))
    );
    assert!(
        missing.message.contains("missing.env could not be read"),
        "{}",
        missing.message
    );

    std::fs::write(dir.path().join("latin1.env"), b"KEY=caf\xe9-secret-value\n").unwrap();
    let latin1 = plan("latin1.env").await.unwrap_err().to_ipc();
    assert_eq!(latin1.message, "That file is not UTF-8 text.");

    std::fs::write(dir.path().join("empty.env"), "# only a comment\n\n").unwrap();
    let empty = plan("empty.env").await.unwrap_err().to_ipc();
    assert_eq!(empty.message, "There is no KEY=value line in it.");

    let big = std::fs::File::create(dir.path().join("big.env")).unwrap();
    big.set_len(17 * 1024 * 1024).unwrap();
    let big = plan("big.env").await.unwrap_err().to_ipc();
    assert!(big.message.contains("over 16 MB"), "{}", big.message);

    // One good line: planned, and nothing else in the file is needed.
    std::fs::write(dir.path().join("one.env"), "TRANSFER_TEST_KEY=v\n").unwrap();
    let one = plan("one.env").await.unwrap();
    assert!(one.lines.iter().any(|l| l.key == "TRANSFER_TEST_KEY"));
}
