#!/usr/bin/env bash
# Builds Phase Desk's release packages for this machine with the Tauri CLI (ui/'s
# @tauri-apps/cli): on Linux a .deb, an .rpm and an AppImage. Prints where they are and
# their sizes.
#
#   bash scripts/package.sh           build the packages
#   bash scripts/package.sh --check   build, then install the .deb, start the installed
#                                     app under Xvfb, remove it, and start the AppImage;
#                                     PASS/FAIL per step, non-zero exit on a failure
#
# The AppImage needs linuxdeploy, which Tauri's bundler downloads from GitHub on first use
# (into ~/.cache/tauri); where GitHub cannot be reached the AppImage step says so and the
# .deb and .rpm are still built.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUNDLE="$ROOT/target/release/bundle"
CHECK_DIR="$ROOT/target/package-check"

# The CLI looks for tauri.conf.json and the app's Cargo.toml under TAURI_APP_PATH (both at
# the repository root here) and for the UI under TAURI_FRONTEND_PATH.
tauri_cli() {
  (cd "$ROOT/ui" && TAURI_APP_PATH="$ROOT" TAURI_FRONTEND_PATH="$ROOT/ui" npx --no-install tauri "$@")
}

human() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1"; }

# ---------------------------------------------------------------------------------------------
# --start LABEL CMD...: inside scripts/with-desktop.sh (Xvfb, private D-Bus, throwaway keyring
# and XDG folders), starts CMD and waits for the window "Phase Desk" and the local sandbox.
if [ "${1:-}" = "--start" ]; then
  label="$2"
  shift 2
  mkdir -p "$CHECK_DIR"
  "$@" >"$CHECK_DIR/$label.log" 2>&1 &
  pid=$!
  window=""
  for _ in $(seq 120); do
    window="$(xdotool search --name '^Phase Desk$' 2>/dev/null | head -1 || true)"
    [ -n "$window" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  sandbox="$XDG_DATA_HOME/dev.phase.desk/sandbox.json"
  for _ in $(seq 60); do [ -s "$sandbox" ] && break; sleep 0.5; done
  sleep 3 # let the first listing paint
  alive=no
  kill -0 "$pid" 2>/dev/null && alive=yes
  import -window root "$CHECK_DIR/$label.png" 2>/dev/null || true
  geometry="$( [ -n "$window" ] && xwininfo -id "$window" | awk '/Width|Height/ {printf "%s%s", sep, $2; sep="x"}' || true)"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -n "$window" ] && [ "$alive" = yes ] && [ -s "$sandbox" ]; then
    echo "window \"Phase Desk\" ${geometry} open on the local sandbox; screenshot $CHECK_DIR/$label.png"
    exit 0
  fi
  echo "window: ${window:-none}, still running: $alive, sandbox data: $([ -s "$sandbox" ] && echo yes || echo no); log: $CHECK_DIR/$label.log"
  tail -5 "$CHECK_DIR/$label.log" | sed 's/^/    /'
  exit 1
fi

CHECK=no
case "${1:-}" in
  --check) CHECK=yes ;;
  "") ;;
  *) echo "usage: bash scripts/package.sh [--check]" >&2; exit 2 ;;
esac
if [ "$(uname -s)" != Linux ]; then
  echo "This script builds the Linux packages; on macOS or Windows run, from ui/:" >&2
  echo "  TAURI_APP_PATH=.. TAURI_FRONTEND_PATH=. npx tauri build" >&2
  exit 2
fi

ensure_packages "${APP_PACKAGES[@]}" rpm
# The check starts the app as the tests do: Xvfb, a private D-Bus session with GNOME Keyring, xdotool.
[ "$CHECK" = no ] || ensure_packages "${TEST_PACKAGES[@]}"
ensure_rust
ensure_node_modules
build_ui

log "Building the release binary and the .deb and .rpm (cargo build --release: several minutes)"
tauri_cli build --bundles deb,rpm

log "Bundling the AppImage"
APPIMAGE_NOTE=""
if ! tauri_cli bundle --bundles appimage --verbose >"$ROOT/target/appimage-bundle.log" 2>&1; then
  grep -E 'Downloading|failed to bundle' "$ROOT/target/appimage-bundle.log" | head -3 | sed 's/^ */    /'
  url="$(grep -oE 'Downloading \[[^]]*\] [^ ]+' "$ROOT/target/appimage-bundle.log" | tail -1 | awk '{print $3}')"
  if [ -n "$url" ]; then
    APPIMAGE_NOTE="not built: Tauri's AppImage bundler downloads its tools from GitHub on first use (AppRun, linuxdeploy-x86_64.AppImage and linuxdeploy-plugin-gtk.sh, into ~/.cache/tauri) and could not fetch $url (this machine reaches package registries only; log: target/appimage-bundle.log)"
  else
    APPIMAGE_NOTE="not built: the AppImage bundler failed (log: target/appimage-bundle.log)"
  fi
fi

DEB="$(ls -t "$BUNDLE"/deb/*.deb 2>/dev/null | head -1 || true)"
RPM="$(ls -t "$BUNDLE"/rpm/*.rpm 2>/dev/null | head -1 || true)"
APPIMAGE="$(ls -t "$BUNDLE"/appimage/*.AppImage 2>/dev/null | head -1 || true)"
log "Packages"
for f in "$DEB" "$RPM" "$APPIMAGE"; do
  [ -n "$f" ] && printf '  %-10s %s\n' "$(human "$(stat -c %s "$f")")" "${f#"$ROOT"/}"
done
[ -n "$APPIMAGE" ] || echo "  AppImage   $APPIMAGE_NOTE"
[ -n "$DEB" ] && [ -n "$RPM" ] || { echo "The .deb or the .rpm is missing" >&2; exit 1; }

[ "$CHECK" = yes ] || exit 0

# ---------------------------------------------------------------------------------------------
log "Checking the packages"
FAILED=0
step() { # step NAME COMMAND...: runs it, prints PASS/FAIL with its last output line
  local name="$1" out rc
  shift
  out="$("$@" 2>&1)" && rc=0 || rc=$?
  if [ $rc -eq 0 ]; then
    printf 'PASS  %s%s\n' "$name" "$( [ -n "$out" ] && printf ': %s' "$(tail -1 <<<"$out")")"
  else
    printf 'FAIL  %s\n' "$name"
    sed 's/^/      /' <<<"$out" | tail -8
    FAILED=1
  fi
  return 0
}
start_under_xvfb() { dbus-run-session -- "$ROOT/scripts/with-desktop.sh" bash "$ROOT/scripts/package.sh" --start "$@"; }

desktop_entry_has_scheme() {
  local dir
  dir="$(mktemp -d)"
  dpkg-deb -x "$DEB" "$dir"
  local entry
  entry="$(ls "$dir"/usr/share/applications/*.desktop)"
  grep -q '^MimeType=.*x-scheme-handler/phase-desk' "$entry" && grep -q '^Exec=.*%u' "$entry" &&
    grep -q '^Categories=Development' "$entry"
  local rc=$?
  echo "$(basename "$entry"): $(grep -E '^(Exec|MimeType|Categories)=' "$entry" | tr '\n' ' ')"
  rm -rf "$dir"
  return $rc
}
deb_metadata() {
  dpkg-deb -f "$DEB" Package Version Depends Recommends Installed-Size | tr '\n' ' '
  [ "$(dpkg-deb -f "$DEB" Package)" = phase-desk ]
}
rpm_metadata() {
  local req
  req="$(rpm -qpR "$RPM" 2>/dev/null | grep -vE '^(rpmlib|/bin/sh)' | tr '\n' ' ')"
  echo "$(rpm -qp --qf '%{NAME} %{VERSION}-%{RELEASE} %{ARCH}' "$RPM" 2>/dev/null); requires: $req"
  [[ "$req" == *libwebkit2gtk-4.1* && "$req" == *libxdo* ]]
}
install_deb() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" >/dev/null &&
    command -v phase-desk >/dev/null &&
    echo "/usr/bin/phase-desk installed ($(dpkg-query -W -f='${Installed-Size}' phase-desk) KiB installed size)"
}
remove_deb() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq phase-desk >/dev/null &&
    ! dpkg-query -W -f='${Status}' phase-desk 2>/dev/null | grep -q "install ok installed" &&
    [ ! -e /usr/bin/phase-desk ] && echo "phase-desk removed, /usr/bin/phase-desk gone"
}

if dpkg-query -W -f='${Status}' phase-desk 2>/dev/null | grep -q "install ok installed"; then
  echo "phase-desk is already installed on this machine: remove it first (apt-get remove phase-desk)" >&2
  exit 1
fi
step ".deb metadata" deb_metadata
step ".deb desktop entry (phase-desk:// scheme)" desktop_entry_has_scheme
step ".rpm metadata" rpm_metadata
step "install the .deb (apt-get install ./…)" install_deb
step "start the installed /usr/bin/phase-desk under Xvfb" start_under_xvfb deb /usr/bin/phase-desk
step "remove the package (apt-get remove phase-desk)" remove_deb
if [ -n "$APPIMAGE" ]; then
  chmod +x "$APPIMAGE"
  step "start the AppImage (--appimage-extract-and-run, no FUSE here)" start_under_xvfb appimage "$APPIMAGE" --appimage-extract-and-run
else
  echo "SKIP  start the AppImage: $APPIMAGE_NOTE"
fi
if [ $FAILED -ne 0 ]; then
  log "Package check FAILED"
  exit 1
fi
log "Package check passed"
