//! Fails when `ui/src/lib/bindings.ts` no longer matches the Rust IPC types.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test -p desk-core --test bindings`.

use std::path::PathBuf;

#[test]
fn generated_typescript_bindings_are_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let expected = desk_core::bindings::typescript_bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).expect("write bindings.ts");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p desk-core --test bindings`"
    );
}
