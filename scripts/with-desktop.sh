#!/usr/bin/env bash
# Runs a command inside a throwaway desktop: Xvfb, and (when started through
# dbus-run-session) an unlocked GNOME Keyring with a throwaway password.
# Config, data and runtime dirs point at a temp folder so nothing of the
# person's own setup is touched.
set -euo pipefail

SCRATCH="$(mktemp -d -t phase-desk-test.XXXXXX)"
export XDG_CONFIG_HOME="$SCRATCH/config" XDG_DATA_HOME="$SCRATCH/data" XDG_CACHE_HOME="$SCRATCH/cache"
export XDG_RUNTIME_DIR="$SCRATCH/run"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export PHASE_DESK_KEYCHAIN_SERVICE="dev.phase.desk.test"
export PHASE_DESK_TEST_SCRATCH="$SCRATCH"

cleanup() {
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  pkill -f "gnome-keyring-daemon.*$SCRATCH" 2>/dev/null || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  eval "$(printf 'throwaway-test-password' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
fi

if [ -z "${DISPLAY:-}" ]; then
  for n in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { DISPLAY_NUM=$n; break; }
  done
  Xvfb ":$DISPLAY_NUM" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=":$DISPLAY_NUM"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break; sleep 0.1; done
fi

"$@"
