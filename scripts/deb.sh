#!/bin/sh
# Builds Lull's Debian package with cargo-deb from BINARY (default: the release binary): the
# files `make install PREFIX=/usr` installs (scripts/install.sh, the one list of installed
# files) are staged into target/deb-stage, which Cargo.toml's [package.metadata.deb] assets
# take as they are; cargo-deb adds the control file (Depends from dpkg-shlibdeps plus the
# libraries opened at run time, listed there) and the copyright file.
# Usage: scripts/deb.sh [BINARY [cargo-deb options...]]   (run by `make deb` and
# scripts/deb-check.sh, which adds --fast, xz at a low level: 7 s instead of 38 s for its
# unoptimised binary)
# The .deb goes into the Cargo target directory's debian/ (target/debian/lull_VERSION-1_ARCH.deb),
# where cargo-deb first deletes every other lull_*.deb, even with --output (deb-check.sh gives
# it a CARGO_TARGET_DIR of its own); its path is the last line printed. cargo-deb (pinned below) is installed with `cargo install
# --locked` into ~/.cargo/bin when missing. Needs dpkg-dev (dpkg-shlibdeps).
set -eu
cd "$(dirname "$0")/.."
TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN=${1:-$TARGET_DIR/release/lull}
[ $# -eq 0 ] || shift
# cargo-deb, MIT licensed: a build tool, nothing of it goes into the package.
CARGO_DEB_VERSION=3.8.0
# Fixed: Cargo.toml's assets name it (relative to the repository, whatever CARGO_TARGET_DIR).
STAGE=target/deb-stage

if [ ! -x "$BIN" ]; then
  echo "deb: no binary at $BIN: build it first (make release)" >&2
  exit 1
fi

# cargo-deb, the pinned version, built from crates.io with its own lock file. Not with this
# project's build settings: the Makefile's RUSTFLAGS (-D warnings), a linting wrapper or its
# target directory are for Lull, not for a tool (cargo install builds in a temporary one).
if ! cargo deb --version 2>/dev/null | grep -qx "cargo-deb $CARGO_DEB_VERSION"; then
  echo "deb: installing cargo-deb $CARGO_DEB_VERSION (cargo install, once)" >&2
  (
    unset RUSTFLAGS CARGO_TARGET_DIR RUSTC_WORKSPACE_WRAPPER
    cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked --quiet
  )
fi

# The installed tree, staged as a packager does (no caches are updated when staging).
rm -rf "$STAGE"
DESTDIR=$STAGE PREFIX=/usr BIN=$BIN scripts/install.sh install >/dev/null

# --no-build: the binary is already built (and staged); cargo-deb only packs the tree.
cargo deb --no-build --locked "$@"
