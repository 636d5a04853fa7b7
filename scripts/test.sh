#!/usr/bin/env bash
# Installs what is missing and runs every test: UI type check and unit tests,
# formatting and lints, then all Rust suites (API conformance against the
# sandbox or PHASE_TEST_*, keychain tests against a real GNOME Keyring, and the
# end-to-end journeys in the real window under Xvfb).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust
ensure_node_modules
ensure_tauri_driver

log "UI: type check and unit tests"
(cd "$ROOT/ui" && npm run --silent check && npm test --silent)
build_ui

cd "$ROOT"
log "Rust: formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

log "Rust: all suites inside a private D-Bus session, GNOME Keyring and Xvfb"
dbus-run-session -- "$ROOT/scripts/with-desktop.sh" cargo test --workspace --no-fail-fast
log "All tests passed"
