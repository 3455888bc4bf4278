# Lull — the two commands a new user needs: `make run` and `make test`.
# Both install missing Debian packages first (apt-get, with sudo when not root), and Rust
# through rustup when no cargo is found (the toolchain is pinned by rust-toolchain.toml).

# rustup installs into ~/.cargo/bin (scripts/install-deps.sh does so when Rust is missing);
# put it on PATH so a fresh shell needs no set-up.
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
export RUSTFLAGS ?= -D warnings

.PHONY: run test deps-build deps-run deps-test deps-icons deps-deb fmt-check clippy lint-unit smoke a11y \
	reopen desktop-check deb-check release install uninstall deb icons screenshots bench measure fuzz \
	faults clean

run: deps-run
	$(CARGO) run --release --

test: deps-test fmt-check lint-unit smoke a11y reopen desktop-check deb-check

deps-build:
	@scripts/install-deps.sh build

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

deps-icons:
	@scripts/install-deps.sh icons

deps-deb:
	@scripts/install-deps.sh deb

fmt-check:
	$(CARGO) fmt --all -- --check

# Clippy alone (pedantic, every target, warnings are errors).
clippy:
	$(CARGO) clippy --all-targets --locked -- -D warnings

# The same lints while the tests build: clippy-driver compiles Lull's own crates (lib, bin,
# tests, examples, benches) with the lints of Cargo.toml, and the dependencies are compiled
# once, not a second time in check mode for `cargo clippy` (6 of the 21 minutes CI took).
# Every cargo command of `make test` uses it, so none rebuilds Lull without it.
LINTING = RUSTC_WORKSPACE_WRAPPER="$$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

lint-unit:
	$(LINTING) $(CARGO) test --locked --all-targets --no-run
	$(LINTING) $(CARGO) test --locked
	$(LINTING) $(CARGO) test --locked --doc

# Start the binary under Xvfb, screenshot it, close it, check a clean exit. The debug
# binary the tests built (with egui's debug assertions on, which a release build would not
# check), as `cargo test` built it: `cargo build` would resolve the dependencies' features
# without the test-only crates and build many of them again (4 min on a fresh clone).
smoke:
	$(LINTING) $(CARGO) test --locked --no-run
	scripts/smoke-gui.sh target/debug/lull target/smoke-gui.png

# A real screen-reader client (AT-SPI, pyatspi) reads the binary's window, by role and
# name: the first run, the library and the player.
a11y:
	$(LINTING) $(CARGO) test --locked --no-run
	scripts/a11y-check.sh target/debug/lull

# The sound output lost mid-routine and opened again, for real: the binary under Xvfb plays
# into ALSA's file sink, whose pipe ends (an unplug) or whose reader stops (a hang); fails
# unless the sound is back within 2 s at its level (~25 s).
reopen:
	$(LINTING) $(CARGO) test --locked --no-run
	scripts/device-reopen.sh target/debug/lull

# The desktop integration (scripts/desktop-check.sh, about a second): desktop-file-validate, appstreamcli
# validate --strict, and `make install` into a temporary prefix then `make uninstall`, with
# the debug binary the tests built.
desktop-check:
	$(LINTING) $(CARGO) test --locked --no-run
	scripts/desktop-check.sh $(TARGET_DIR)/debug/lull

# The Debian package installed and removed for real, as root (scripts/deb-check.sh; skipped
# with a message when not root and sudo asks for a password): `make deb`'s packaging of the
# debug binary the tests built, stripped (a release build would take minutes more), then
# dpkg -i, lull --version and lull list from /usr/bin, the desktop file and icons, dpkg -r
# and -P, nothing left. Refuses if a lull package is already installed.
deb-check:
	$(LINTING) $(CARGO) test --locked --no-run
	scripts/deb-check.sh $(TARGET_DIR)/debug/lull

# Installing (scripts/install.sh): the binary, the desktop file, the icons, the AppStream
# metainfo, the routine files' MIME type, the manual pages and the shell completions.
# For you alone:        make install                  (PREFIX=~/.local)
# For every user:       make release && sudo make install PREFIX=/usr/local
# Packagers may stage with DESTDIR=…; BIN=… installs another binary. `make uninstall` (same
# PREFIX) removes exactly those files, never your data, and says where that is.
PREFIX ?= $(HOME)/.local
TARGET_DIR = $(or $(CARGO_TARGET_DIR),target)
BIN ?= $(TARGET_DIR)/release/lull
INSTALL_ENV = PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" BIN="$(BIN)"

release: deps-build
	$(CARGO) build --release --locked

# Builds the release binary first, unless a BIN was named or this runs under sudo (where
# Rust belongs to the user: build with `make release` first).
install:
	@if [ "$(origin BIN)" != "command line" ] && [ -z "$${SUDO_USER:-}" ]; then \
	  $(MAKE) --no-print-directory release; fi
	$(INSTALL_ENV) scripts/install.sh install

uninstall:
	$(INSTALL_ENV) scripts/install.sh uninstall

# The Debian package (scripts/deb.sh, with cargo-deb, installed from crates.io when missing):
# the release binary and what `make install PREFIX=/usr` installs, into
# target/debian/lull_VERSION-1_ARCH.deb. Install it with sudo apt install ./target/debian/lull_*.deb
deb: deps-deb release
	scripts/deb.sh $(TARGET_DIR)/release/lull

# The PNG icons, rendered from the scalable SVG by librsvg (committed, so building needs
# neither): run after changing assets/desktop/icons/hicolor/scalable/apps/app.lull.Lull.svg.
ICON_SIZES = 16 24 32 48 64 128 256 512
icons: deps-icons
	for s in $(ICON_SIZES); do \
	  mkdir -p assets/desktop/icons/hicolor/$${s}x$$s/apps && \
	  rsvg-convert -w $$s -h $$s assets/desktop/icons/hicolor/scalable/apps/app.lull.Lull.svg \
	    -o assets/desktop/icons/hicolor/$${s}x$$s/apps/app.lull.Lull.png || exit 1; \
	done

# The AppStream screenshots (assets/desktop/screenshots/): the smoke test's Xvfb run of the
# release binary, as a user who has answered the safety questions, in the library and in a
# hand massage step.
screenshots: deps-test release
	LULL_SMOKE_ANSWERED=1 scripts/smoke-gui.sh $(BIN) assets/desktop/screenshots/library.png
	LULL_SMOKE_ANSWERED=1 scripts/smoke-gui.sh $(BIN) assets/desktop/screenshots/player.png \
	  play hand-massage

# Desktop figures (start-up, memory, CPU) against a bare eframe window: a script, not a test.
measure: deps-test
	scripts/measure-desktop.sh

# Coverage-guided fuzzing of every parser of outside input (nightly + cargo-fuzz, installed
# when missing); not part of `make test`. FUZZ_RUNS (1000000) and FUZZ_SECONDS (1800) per
# target; FUZZ_TARGETS to choose. The corpus and crash reproducers are replayed by the tests.
fuzz: deps-build
	scripts/fuzz.sh $(FUZZ_TARGETS)

# The fault soak (scripts/fault-soak.sh, ~15 min; not part of `make test`): the app and the
# command line killed at 200 random moments and writing over a file size limit, each
# followed by a check that nothing was lost or half-written. Every write under every
# injected fault is in `make test` (tests/it/faults.rs). FAULT_KILLS to change the count.
faults: deps-test
	$(LINTING) $(CARGO) test --locked --no-run
	scripts/fault-soak.sh target/debug/lull $(or $(FAULT_KILLS),200)

bench: deps-build
	$(CARGO) bench --locked

clean:
	$(CARGO) clean
