#!/bin/sh
# The desktop integration, checked as a distribution would: the desktop file
# (desktop-file-validate), the AppStream metainfo (appstreamcli validate --strict, offline),
# the icons' sizes, then `make install` into a temporary prefix with BINARY: every file is
# there, the installed desktop file and metainfo still validate, the MIME type is known,
# the manual page renders and bash completes a command; then `make uninstall` leaves none of
# those files. Usage: scripts/desktop-check.sh [BINARY] (default: the debug binary `cargo
# test` builds). Needs desktop-file-utils, appstream, shared-mime-info, man-db, imagemagick.
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-target/debug/lull}
APP_ID=app.lull.Lull
SRC=assets/desktop
fail() { echo "desktop-check: $*" >&2; exit 1; }

desktop-file-validate "$SRC/$APP_ID.desktop"
appstreamcli validate --strict --no-net "$SRC/$APP_ID.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
  png=$SRC/icons/hicolor/${size}x$size/apps/$APP_ID.png
  [ "$(identify -format %wx%h "$png")" = "${size}x$size" ] || fail "$png is not ${size}x$size"
done

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
out=$(make -s install PREFIX="$prefix" BIN="$BIN" 2>&1) || { echo "$out"; fail "make install failed"; }
share=$prefix/share
installed="bin/lull share/applications/$APP_ID.desktop share/metainfo/$APP_ID.metainfo.xml
share/mime/packages/$APP_ID.xml share/icons/hicolor/scalable/apps/$APP_ID.svg
share/icons/hicolor/symbolic/apps/$APP_ID-symbolic.svg share/icons/hicolor/16x16/apps/$APP_ID.png
share/icons/hicolor/512x512/apps/$APP_ID.png share/man/man1/lull.1
share/man/man1/lull-routine-import.1 share/bash-completion/completions/lull
share/zsh/site-functions/_lull share/fish/vendor_completions.d/lull.fish"
for f in $installed; do
  [ -f "$prefix/$f" ] || fail "make install did not install $f"
done
[ "$("$prefix/bin/lull" --version)" = "$("$BIN" --version)" ] || fail "the installed binary differs"
grep -q "^Exec=$prefix/bin/lull %F\$" "$share/applications/$APP_ID.desktop" ||
  fail "the installed desktop file does not start the installed binary"
desktop-file-validate "$share/applications/$APP_ID.desktop"
appstreamcli validate-tree --strict --no-net "$prefix"
grep -q '^50:application/x-lull-routine+toml:\*\.lull\.toml$' "$share/mime/globs2" ||
  fail "update-mime-database did not take the routine files' type"
MANWIDTH=80 man -l "$share/man/man1/lull.1" 2>/dev/null | grep -q "lull-routine(1)" ||
  fail "man lull does not list lull-routine(1)"
completed=$(bash -c '. "$1"; COMP_WORDS=(lull rout); COMP_CWORD=1; _lull lull rout lull; echo "${COMPREPLY[*]}"' \
  bash "$share/bash-completion/completions/lull")
[ "$completed" = routine ] || fail "bash completes 'lull rout' as '$completed', not 'routine'"

out=$(make -s uninstall PREFIX="$prefix" 2>&1) || { echo "$out"; fail "make uninstall failed"; }
echo "$out" | grep -q "Your own data is left as it was" || fail "uninstall does not say where the data is"
left=""
for f in $installed; do
  [ ! -e "$prefix/$f" ] || left="$left $f"
done
left="$left $(find "$prefix" -name 'lull*' -o -name "$APP_ID*" -o -name '_lull' | sed "s|^$prefix/||" | tr '\n' ' ')"
[ -z "$(echo "$left" | tr -d ' ')" ] || fail "make uninstall left:$left"
echo "desktop-check: desktop file and metainfo valid, install into a prefix and uninstall clean"
