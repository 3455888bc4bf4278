# Lull — the two commands a new user needs: `make run` and `make test`.
# Both install missing Debian packages first (apt-get, with sudo when not root), and Rust
# through rustup when no cargo is found (the toolchain is pinned by rust-toolchain.toml).

# rustup installs into ~/.cargo/bin (scripts/install-deps.sh does so when Rust is missing);
# put it on PATH so a fresh shell needs no set-up.
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
export RUSTFLAGS ?= -D warnings

.PHONY: run test deps-build deps-run deps-test fmt-check clippy lint-unit smoke a11y reopen bench measure clean

run: deps-run
	$(CARGO) run --release --

test: deps-test fmt-check lint-unit smoke a11y reopen

deps-build:
	@scripts/install-deps.sh build

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

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

# Desktop figures (start-up, memory, CPU) against a bare eframe window: a script, not a test.
measure: deps-test
	scripts/measure-desktop.sh

bench: deps-build
	$(CARGO) bench --locked

clean:
	$(CARGO) clean
