#!/bin/sh
# Installs the Debian packages Lull needs, only those that are missing.
# Usage: scripts/install-deps.sh build|test|run
# Uses sudo when not root. Safe to run repeatedly: present packages are skipped.
set -eu

build_pkgs="gcc libc6-dev pkg-config libasound2-dev"
# Run the GUI (also under Xvfb), and the audio / desktop checks of `make test`.
run_pkgs="libxcursor1 libxi6 libxkbcommon-x11-0 libgl1 libegl1 libgl1-mesa-dri tzdata"
test_pkgs="xvfb xauth x11-utils imagemagick xdotool pv sox dbus-daemon dbus-bin"

case "${1:-build}" in
  build) wanted="$build_pkgs" ;;
  run) wanted="$build_pkgs $run_pkgs" ;;
  test) wanted="$build_pkgs $run_pkgs $test_pkgs" ;;
  *) echo "usage: $0 build|run|test" >&2; exit 2 ;;
esac

missing=""
for p in $wanted; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

echo "Installing missing system packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: need root or sudo to install:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
