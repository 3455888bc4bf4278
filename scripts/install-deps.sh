#!/bin/sh
# Installs what Lull needs to build, run or test, only what is missing:
# - the Debian packages for the chosen target;
# - Rust, through rustup, when no `cargo` is found (on PATH or in ~/.cargo/bin). The
#   toolchain itself (1.95.0 with clippy and rustfmt) comes from rust-toolchain.toml.
# Usage: scripts/install-deps.sh build|test|run|icons|deb
# Uses sudo when not root. Safe to run repeatedly: what is present is skipped.
set -eu

build_pkgs="gcc libc6-dev pkg-config libasound2-dev"
# Run the GUI (also under Xvfb), and the audio / desktop checks of `make test`.
# The window's libraries are opened at run time (dlopen): libGL/libEGL, on X11 Xlib-xcb,
# Xcursor, XInput2 and xkbcommon-x11, on Wayland libwayland-client, libwayland-egl and
# xkbcommon (the Debian package's Depends, in Cargo.toml, lists the same).
# flite and espeak-ng: the voice engines of spoken guidance (run as programs).
run_pkgs="libx11-xcb1 libxcursor1 libxi6 libxkbcommon0 libxkbcommon-x11-0 libwayland-client0 libwayland-egl1 libgl1 libegl1 libgl1-mesa-dri tzdata flite espeak-ng"
# at-spi2-core and python3-pyatspi: the screen-reader check (scripts/a11y-check.sh).
# dbus-daemon, dbus-bin (dbus-send) and playerctl: the media keys' test on a private session
# bus (tests/it/mpris.rs). poppler-utils: pdftotext reads the handout back (tests/it/handout.rs).
# desktop-file-utils, appstream, shared-mime-info and man-db: the desktop integration's check
# (scripts/desktop-check.sh: the desktop file, the metainfo, the MIME type, the man page).
# dpkg-dev: dpkg-shlibdeps, which cargo-deb runs for the Debian package's check (deb-check.sh).
test_pkgs="xvfb xauth x11-utils imagemagick xdotool pv sox dbus-daemon dbus-bin playerctl at-spi2-core python3-pyatspi poppler-utils desktop-file-utils appstream shared-mime-info man-db dpkg-dev"
# The Debian package (`make deb`): cargo-deb runs dpkg-shlibdeps for the Depends.
deb_pkgs="dpkg-dev"
# rsvg-convert renders the PNG icons from the SVG (`make icons`; the PNGs are committed).
icons_pkgs="librsvg2-bin"

case "${1:-build}" in
  build) wanted="$build_pkgs" ;;
  run) wanted="$build_pkgs $run_pkgs" ;;
  test) wanted="$build_pkgs $run_pkgs $test_pkgs" ;;
  icons) wanted="$icons_pkgs" ;;
  deb) wanted="$build_pkgs $deb_pkgs" ;;
  *) echo "usage: $0 build|run|test|icons|deb" >&2; exit 2 ;;
esac

# Prints the packages of "$@" that are not installed.
missing_of() {
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      printf ' %s' "$p"
    fi
  done
}

# Installs the packages given (all known to be missing) with apt-get.
apt_install() {
  echo "Installing missing system packages:$*"
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "error: need root or sudo to install:$*" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2068
  $SUDO apt-get install -y -qq --no-install-recommends $@
}

# shellcheck disable=SC2086
missing="$(missing_of $wanted)"
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086
  apt_install $missing
fi

# The icons need no Rust.
[ "${1:-build}" != icons ] || exit 0

# Rust: nothing to do when cargo is already there (the Makefile puts ~/.cargo/bin on PATH).
if command -v cargo >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/cargo" ]; then
  exit 0
fi
echo "Rust is not installed: installing rustup into ~/.cargo"
need="$(missing_of ca-certificates)"
if ! command -v curl >/dev/null 2>&1; then
  need="$need curl"
fi
if [ -n "$need" ]; then
  # shellcheck disable=SC2086
  apt_install $need
fi
curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
  sh -s -- -y --profile minimal --default-toolchain none
# Install the pinned toolchain and its components now (rust-toolchain.toml, at the repo root).
cd "$(dirname "$0")/.."
"$HOME/.cargo/bin/rustup" toolchain install
