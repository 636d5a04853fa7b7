# Shared set-up for scripts/run.sh and scripts/test.sh: installs only what is missing.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

APP_PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev curl xdg-utils)
TEST_PACKAGES=(webkit2gtk-driver xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools xclip imagemagick xdotool x11-utils)

log() { printf '\033[1;34m==>\033[0m %s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing system packages: ${missing[*]}"
    apt_update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Another package manager at work (unattended upgrades, a second set-up) holds apt's locks:
# wait for it instead of failing. `install` waits by itself (DPkg::Lock::Timeout); `update`'s
# lock on the package lists does not honour that option, so it is retried.
apt_update() {
  local err tries=0
  until err="$(as_root apt-get update -qq 2>&1 >/dev/null)"; do
    if ! grep -q 'Could not get lock' <<<"$err" || [ $((tries += 1)) -ge 120 ]; then
      printf '%s\n' "$err" >&2
      return 1
    fi
    [ "$tries" -eq 1 ] && log "Waiting for another package manager to finish"
    sleep 5
  done
  [ -z "$err" ] || printf '%s\n' "$err" >&2
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
    exit 1
  fi
}

ensure_node_modules() {
  if ! command -v npm >/dev/null; then
    ensure_packages nodejs npm
  fi
  local stamp="$ROOT/ui/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/ui/package-lock.json" -nt "$stamp" ]; then
    log "Installing UI packages (npm ci)"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build_ui() {
  log "Building the UI"
  (cd "$ROOT/ui" && npm run --silent build)
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    log "Installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
}
