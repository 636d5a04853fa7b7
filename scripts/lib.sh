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
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
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
