#!/usr/bin/env bash
# Installs what is missing, builds the UI and runs Phase Desk.
# With no account configured it opens on the built-in local sandbox.
# Extra arguments go to the app (e.g. --sandbox).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages "${APP_PACKAGES[@]}"
ensure_rust
ensure_node_modules
build_ui
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY/WAYLAND_DISPLAY unset): Phase Desk needs a desktop session." >&2
  exit 1
fi
log "Starting Phase Desk"
cd "$ROOT"
exec cargo run --quiet -- "$@"
