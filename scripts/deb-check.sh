#!/bin/sh
# The Debian package, installed and removed for real: builds the .deb from BINARY
# (scripts/deb.sh), installs it with `dpkg -i`, runs `lull --version` and `lull list` from
# /usr/bin (with a temporary home), checks the desktop file (valid, starting /usr/bin/lull),
# the icons, the manual page and the completions are there and that dpkg lists them, and
# that dpkg's triggers took the routine files' MIME type and the desktop file (no maintainer
# scripts do it); then `dpkg -r` and `dpkg -P`, and checks nothing of the package is left.
# Usage: scripts/deb-check.sh [BINARY] (default: the debug binary `cargo test` builds; it is
# stripped first, as the release profile strips, so packing it stays quick).
# Needs root or passwordless sudo, otherwise it says so and skips (CI runs as root). Refuses
# to run when a lull package, or any file the package would install, is already there: it
# never replaces or removes someone's install. Needs dpkg-dev, desktop-file-utils,
# shared-mime-info (scripts/install-deps.sh test).
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-target/debug/lull}
APP_ID=app.lull.Lull
fail() { echo "deb-check: $*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "deb-check: skipped: installing a package needs root or passwordless sudo (CI runs as root)"
  exit 0
fi
[ -x "$BIN" ] || fail "no binary at $BIN: build it first (cargo test --no-run)"
status=$(dpkg-query -W -f='${db:Status-Status}' lull 2>/dev/null || true)
case "$status" in
  "" | not-installed) ;;
  *) fail "a lull package is already on this system ($status): remove it first (sudo apt remove lull); this check does not touch it" ;;
esac

start=$(date +%s)
work=$(mktemp -d)
installed=""
# Whatever happens, a package this check installed is purged again.
cleanup() {
  if [ -n "$installed" ]; then
    $SUDO dpkg -P lull >/dev/null 2>&1 || echo "deb-check: could not purge lull: run sudo dpkg -P lull" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The binary packed as a release build would be: without symbols (116 MB → 74 MB).
strip -o "$work/lull" "$BIN"
# A target directory of its own: cargo-deb deletes the lull_*.deb in target/debian, which may
# be `make deb`'s package (the binary is built already, it builds nothing there).
CARGO_TARGET_DIR=$work/target scripts/deb.sh "$work/lull" --fast >"$work/deb.log" 2>&1 ||
  { cat "$work/deb.log"; fail "scripts/deb.sh failed"; }
deb=$(find "$work/target/debian" -name 'lull_*.deb')
[ -f "$deb" ] || { cat "$work/deb.log"; fail "scripts/deb.sh made no .deb in $work/target/debian"; }

# Every path in the package, without the leading "." (directories end with "/").
dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's|^\.||; /^\/$/d' >"$work/paths"
grep -v '/$' "$work/paths" >"$work/files"
# The paths that are already there: none may be a file of the package; its directories that
# are (/usr/share/man/man1…) are shared, the others must be gone after the purge.
while read -r p; do
  [ ! -e "$p" ] || echo "$p"
done <"$work/paths" >"$work/before"
if grep -v '/$' "$work/before" >"$work/clash"; then
  fail "these files of the package are already installed (make install PREFIX=/usr?), not replacing them: $(tr '\n' ' ' <"$work/clash")"
fi

installed=yes
$SUDO dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i $deb failed"; }
[ "$(command -v lull)" = /usr/bin/lull ] || fail "lull on PATH is '$(command -v lull)', not /usr/bin/lull"
[ "$(/usr/bin/lull --version)" = "$("$BIN" --version)" ] || fail "the installed lull is not $BIN"
home=$work/home
listed=$(env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
  XDG_CACHE_HOME="$home/cache" /usr/bin/lull list) || fail "lull list failed"
echo "$listed" | grep -q "temple-scalp-reset" || fail "lull list does not list the routines: $listed"

share=/usr/share
for f in /usr/bin/lull "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml" \
  "$share/mime/packages/$APP_ID.xml" "$share/icons/hicolor/scalable/apps/$APP_ID.svg" \
  "$share/icons/hicolor/48x48/apps/$APP_ID.png" "$share/icons/hicolor/symbolic/apps/$APP_ID-symbolic.svg" \
  "$share/man/man1/lull.1.gz" "$share/bash-completion/completions/lull" \
  "$share/zsh/site-functions/_lull" "$share/fish/vendor_completions.d/lull.fish" \
  "$share/doc/lull/copyright"; do
  [ -f "$f" ] || fail "the package did not install $f"
  dpkg -L lull | grep -qx "$f" || fail "dpkg -L lull does not list $f"
done
desktop-file-validate "$share/applications/$APP_ID.desktop"
grep -q '^Exec=/usr/bin/lull %F$' "$share/applications/$APP_ID.desktop" ||
  fail "the installed desktop file does not start /usr/bin/lull"
# dpkg's triggers (shared-mime-info, desktop-file-utils) ran at the end of dpkg -i.
grep -q "^50:application/x-lull-routine+toml:\*\.lull\.toml\$" "$share/mime/globs2" ||
  fail "the MIME database does not know the routine files' type after dpkg -i"
grep -q "application/x-lull-routine+toml=.*$APP_ID.desktop" "$share/applications/mimeinfo.cache" ||
  fail "the desktop database does not open routine files with Lull after dpkg -i"

$SUDO dpkg -r lull >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -r lull failed"; }
# Removed: the files are gone (a package without conffiles keeps nothing for the purge).
left=$(while read -r f; do [ ! -e "$f" ] || echo "$f"; done <"$work/files")
[ -z "$left" ] || fail "dpkg -r left: $left"
$SUDO dpkg -P lull >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -P lull failed"; }
installed=""
status=$(dpkg-query -W -f='${db:Status-Status}' lull 2>/dev/null || true)
case "$status" in
  "" | not-installed) ;;
  *) fail "lull is still known to dpkg after the purge ($status)" ;;
esac
# Purged: no path of the package that was not there before (its own directories too).
left=$(while read -r p; do
  [ ! -e "$p" ] || grep -qx "$p" "$work/before" || echo "$p"
done <"$work/paths")
[ -z "$left" ] || fail "dpkg -P left: $(echo "$left" | tr '\n' ' ')"
! grep -q "x-lull-routine" "$share/mime/globs2" || fail "the MIME database still has the routine files' type"
! grep -q "$APP_ID" "$share/applications/mimeinfo.cache" || fail "the desktop database still names Lull"

echo "deb-check: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB): dpkg -i, lull --version and list from /usr/bin, desktop file, icons, MIME type by triggers, dpkg -r and -P left nothing ($(($(date +%s) - start)) s)"
