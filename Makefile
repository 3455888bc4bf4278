# Lull — the two commands a new user needs: `make run` and `make test`.
# Both install missing Debian packages first (apt-get, with sudo when not root), and Rust
# through rustup when no cargo is found (the toolchain is pinned by rust-toolchain.toml).

# rustup installs into ~/.cargo/bin (scripts/install-deps.sh does so when Rust is missing);
# put it on PATH so a fresh shell needs no set-up.
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
export RUSTFLAGS ?= -D warnings

.PHONY: run test deps-build deps-run deps-test fmt-check clippy unit smoke a11y bench measure clean

run: deps-run
	$(CARGO) run --release --

test: deps-test fmt-check clippy unit smoke a11y

deps-build:
	@scripts/install-deps.sh build

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --all-targets --locked -- -D warnings

unit:
	$(CARGO) test --locked
	$(CARGO) test --locked --doc

# Start the binary under Xvfb, screenshot it, close it, check a clean exit. The debug build
# the tests already made (with egui's debug assertions on, which a release build would not
# check): a release build would cost CI a third build of every crate.
smoke:
	$(CARGO) build --locked
	scripts/smoke-gui.sh target/debug/lull target/smoke-gui.png

# A real screen-reader client (AT-SPI, pyatspi) reads the binary's window, by role and
# name: the first run, the library and the player.
a11y:
	$(CARGO) build --locked
	scripts/a11y-check.sh target/debug/lull

# Desktop figures (start-up, memory, CPU) against a bare eframe window: a script, not a test.
measure: deps-test
	scripts/measure-desktop.sh

bench: deps-build
	$(CARGO) bench --locked

clean:
	$(CARGO) clean
