#!/usr/bin/env bash
# Benchmarks Phase Desk (not part of scripts/test.sh): listing against curl, the real
# window's paint / filter / scroll with 10k secrets, start time and memory against a bare
# Tauri 2 window, request counts, binary and UI sizes. Installs what is missing, builds
# in release, runs the window parts inside a private D-Bus session with GNOME Keyring and
# Xvfb, prints a table, and writes docs/BENCHMARKS.md and target/bench/results.json.
#
#   bash scripts/bench.sh              # everything (about 15 minutes once built)
#   bash scripts/bench.sh --quick      # listing and the 10k window (paint, filter, scroll): a few minutes
#   BENCH_IDLE_SECS=10 bash scripts/bench.sh   # shorter idle-request window (for trying it out)
#
# A full run appends its figures to docs/bench-history.csv and rewrites docs/BENCHMARKS.md;
# a quick run prints the table only. The real-backend listing runs when ../shared/real-phase
# is set up (or PHASE_TEST_* are set), and says why not otherwise.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/real-phase.sh"
QUICK=""
[ "${1:-}" = "--quick" ] && QUICK=1

ensure_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" gzip
ensure_rust
ensure_node_modules
ensure_tauri_driver
build_ui

cd "$ROOT"
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
rm -f "$OUT"/list.json "$OUT"/session.json "$OUT"/ui.json "$OUT"/real.json

log "Building the app and the bench in release (nice: the machine is shared)"
nice -n 10 cargo build --release --quiet -p phase-desk -p bench -p phase-sandbox

BIN="$ROOT/target/release"
if [ -n "$QUICK" ]; then
  log "Quick: listing 10k / 50k against curl, then the 10k window (paint, filter, scroll)"
  dbus-run-session -- "$ROOT/scripts/with-desktop.sh" bash -c '
    set -euo pipefail
    "$1/bench-list" 10000 50000
    "$1/bench-ui" --quick --app "$1/phase-desk"
  ' bench "$BIN"
  "$BIN/bench-report" --quick
  exit 0
fi

log "Generating and building a bare Tauri 2 window (target/bench/bare)"
BARE="$OUT/bare"
rm -rf "$BARE"
mkdir -p "$BARE/icons"
cp -R "$ROOT/crates/bench/bare-template/." "$BARE/"
mv "$BARE/Cargo.toml.in" "$BARE/Cargo.toml"
cp "$ROOT/icons/32x32.png" "$ROOT/icons/icon.png" "$BARE/icons/"
# The app's lock file, so the bare window uses the same Tauri and WebKit bindings.
cp "$ROOT/Cargo.lock" "$BARE/Cargo.lock"
# Its own target dir: building it in the shared one made cargo rebuild tauri for the app
# afterwards (seen on this machine), costing every run a long release rebuild.
(cd "$BARE" && nice -n 10 cargo build --release --quiet --target-dir "$OUT/bare-target")
BARE_BIN="$OUT/bare-target/release/bench-bare"

log "Listing (1k / 10k / 50k secrets against curl), a scripted session's requests, then the real window"
dbus-run-session -- "$ROOT/scripts/with-desktop.sh" bash -c '
  set -euo pipefail
  "$1/bench-list"
  "$1/bench-session"
  echo "[bench] the real window: start, memory, paint, filter, scroll, idle requests (a few minutes)" >&2
  "$1/bench-ui" --app "$1/phase-desk" --bare "$2" --starts "${BENCH_STARTS:-9}" --idle-secs "${BENCH_IDLE_SECS:-60}"
' bench "$BIN" "$BARE_BIN"

if find_real_phase; then
  log "Listing 5,000 secrets on the $REAL_PHASE_NOTE"
  "$BIN/bench-real"
else
  log "Real backend listing skipped: $REAL_PHASE_NOTE"
  "$BIN/bench-real" --skip "$REAL_PHASE_NOTE"
fi

log "Report"
"$BIN/bench-report" --bare-binary "$BARE_BIN"
