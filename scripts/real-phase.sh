# Finds a real Phase backend for the server-facing suites (sourced by scripts/test.sh).
# shellcheck shell=bash
#
# Uses PHASE_TEST_* when the caller set them; otherwise starts the real Phase backend of
# ../shared/real-phase when a phasehq/console copy was extracted there before. Sets
# REAL_PHASE_NOTE to one line saying which server (or why none).

REAL_PHASE_DIR="$ROOT/../shared/real-phase"

find_real_phase() {
  REAL_PHASE_NOTE=""
  local state="${XDG_CACHE_HOME:-$HOME/.cache}/phase-desk/real-phase"
  if [ -n "${PHASE_TEST_HOST:-}" ]; then
    REAL_PHASE_NOTE="real Phase server at $PHASE_TEST_HOST (PHASE_TEST_* set by the caller)"
    # The caller sourced the env of ../shared/real-phase: the suites that mint tokens or
    # trip the rate limit need its scripts too.
    if [ -z "${PHASE_TEST_REAL_PHASE_DIR:-}" ] && [ -f "$REAL_PHASE_DIR/up.sh" ] &&
      grep -qsxF "export PHASE_TEST_HOST=$PHASE_TEST_HOST" "$state/env"; then
      export_real_phase_scripts "$state"
    fi
    return 0
  fi
  if [ ! -x "$REAL_PHASE_DIR/up.sh" ] && [ ! -f "$REAL_PHASE_DIR/up.sh" ]; then
    REAL_PHASE_NOTE="no real Phase server: $REAL_PHASE_DIR/up.sh is not there"
    return 1
  fi
  if [ ! -f "$state/src/backend/manage.py" ]; then
    REAL_PHASE_NOTE="no real Phase server: no phasehq/console copy was extracted into $state (run $REAL_PHASE_DIR/up.sh <console git dir> once)"
    return 1
  fi
  if ! bash "$REAL_PHASE_DIR/up.sh" >"$state/logs/test-up.log" 2>&1; then
    REAL_PHASE_NOTE="no real Phase server: up.sh failed (see $state/logs/test-up.log)"
    return 1
  fi
  # shellcheck disable=SC1091
  . "$state/env"
  export_real_phase_scripts "$state"
  local version
  version="$(cat "$state/src/backend/version.txt" 2>/dev/null || echo 'version unknown')"
  REAL_PHASE_NOTE="real Phase backend $version at $PHASE_TEST_HOST (../shared/real-phase)"
  return 0
}

# Points the suites at ../shared/real-phase's scripts and the state directory ($1).
export_real_phase_scripts() {
  export PHASE_TEST_RATELIMIT_SCRIPT="$REAL_PHASE_DIR/ratelimit.sh"
  export PHASE_TEST_REAL_PHASE_DIR="$REAL_PHASE_DIR"
  export PHASE_TEST_REAL_STATE="$1"
}

# Runs every server-facing suite against the real server found by find_real_phase.
run_real_phase_suites() {
  log "Against the $REAL_PHASE_NOTE"
  log "  phase-api: conformance and quirks suites"
  cargo test -p phase-api --test conformance --test quirks
  log "  desk-core: every Desk operation the UI uses"
  dbus-run-session -- "$ROOT/scripts/with-desktop.sh" cargo test -p desk-core --test real_server
  log "  e2e: the real-window journey"
  dbus-run-session -- "$ROOT/scripts/with-desktop.sh" cargo test --test e2e real_server
  log "  e2e: the end-to-end-encrypted journey (the E2EE app)"
  dbus-run-session -- "$ROOT/scripts/with-desktop.sh" cargo test --test e2e e2ee
  log "  phase-e2ee: E2EE conformance, guards, server quirks, interop with e2ee_check.py (the E2EE app)"
  cargo test -p phase-e2ee --test e2ee_conformance --test e2ee_quirks
  log "  phase-e2ee guards (rate_limited_calls_wait_and_retry is sandbox only: skipped here)"
  cargo test -p phase-e2ee --test e2ee_guards -- --skip rate_limited_calls_wait_and_retry
  cargo test -p phase-e2ee --test e2ee_interop -- --include-ignored
  log "  phase-sandbox: the same requests to the sandbox and the real server, answers compared"
  cargo test -p phase-sandbox --test against_real -- --include-ignored
  log "  phase-api: throttle suite (sets the server's limit to 3/min with ratelimit.sh, then off)"
  cargo test -p phase-api --test throttle
  log "  phase-api faults suite: not run against the real server (it needs the sandbox's fault injection)"
}
