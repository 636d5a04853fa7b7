#!/usr/bin/env bash
# Installs what is missing and runs every test: UI type check and unit tests,
# formatting and lints, then all Rust suites against the local sandbox (keychain
# tests against a real GNOME Keyring, end-to-end journeys in the real window under
# Xvfb), then the server-facing suites again against a real Phase backend when one
# is available (PHASE_TEST_* set, or ../shared/real-phase set up before).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/real-phase.sh"

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

log "Rust: all suites against the local sandbox, inside a private D-Bus session, GNOME Keyring and Xvfb"
(
  unset PHASE_TEST_HOST PHASE_TEST_TOKEN PHASE_TEST_SA_TOKEN PHASE_TEST_APP_ID PHASE_TEST_NOSSE_APP_ID
  dbus-run-session -- "$ROOT/scripts/with-desktop.sh" cargo test --workspace --no-fail-fast
)

if find_real_phase; then
  run_real_phase_suites
  log "All tests passed: every suite against the sandbox; server-facing suites also against the $REAL_PHASE_NOTE"
else
  log "Server-facing suites ran against the sandbox only: $REAL_PHASE_NOTE"
  log "All tests passed"
fi
