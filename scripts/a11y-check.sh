#!/bin/sh
# A real screen-reader client reads Lull. Starts, all private to this run: a session bus,
# Xvfb on a free display, and the AT-SPI accessibility bus with accessibility switched on
# (org.a11y.Status IsEnabled, which AccessKit waits for). Then scripts/a11y_tree.py starts
# the binary with an empty profile and walks its tree with pyatspi, by role and name, from
# the first run through the library to the player. Everything is stopped at the end.
# Needs at-spi2-core, python3-pyatspi, xvfb, x11-utils, dbus-daemon, dbus-bin.
# Usage: scripts/a11y-check.sh [BINARY]
set -eu
BIN=${1:-target/release/lull}
here=$(cd "$(dirname "$0")" && pwd)
# Debian's Python, which has pyatspi (a python3 earlier on PATH, pyenv's say, has not).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
LAUNCHER=/usr/libexec/at-spi-bus-launcher
[ -x "$LAUNCHER" ] || { echo "a11y: $LAUNCHER not found (install at-spi2-core)"; exit 1; }
[ -x "$BIN" ] || { echo "a11y: no binary at $BIN"; exit 1; }

work=$(mktemp -d)
bus_pid="" xvfb_pid="" launcher_pid=""
cleanup() {
  # The launcher leads its own process group: it and the bus it started end together.
  [ -z "$launcher_pid" ] || kill -- "-$launcher_pid" 2>/dev/null || true
  # Wait for Xvfb to go: a server still closing holds its display's socket, and the next
  # run could take that display and connect to the closing server.
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  [ -z "$bus_pid" ] || kill "$bus_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Waits up to 10 s for the command "$@" to succeed.
wait_for() {
  i=0
  until "$@" >/dev/null 2>&1; do
    [ $i -lt 50 ] || return 1
    sleep 0.2
    i=$((i + 1))
  done
}

# The accessibility bus's socket goes under XDG_RUNTIME_DIR: one of this run's own, so a
# bus left behind by another run is never picked up.
mkdir -m 700 "$work/runtime"
export XDG_RUNTIME_DIR="$work/runtime"

out=$(dbus-daemon --session --fork --print-address=1 --print-pid=1)
DBUS_SESSION_BUS_ADDRESS=$(echo "$out" | sed -n 1p)
bus_pid=$(echo "$out" | sed -n 2p)
export DBUS_SESSION_BUS_ADDRESS

# Xvfb takes a free display and writes its number once it accepts clients. -noreset: the
# server otherwise resets each time its last client leaves (xdpyinfo below, the launcher),
# and on a loaded machine Lull, connecting during a reset, failed in 2 or 3 runs of 10.
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp -noreset 3>"$work/display" \
  2>"$work/xvfb.log" &
xvfb_pid=$!
wait_for test -s "$work/display" || { echo "a11y: Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
DISPLAY=":$(cat "$work/display")"
export DISPLAY
wait_for xdpyinfo || { echo "a11y: display $DISPLAY does not answer"; cat "$work/xvfb.log"; exit 1; }

# Run in the background by a shell without job control, setsid makes the launcher the
# leader of a new process group (it does not fork, so $! is the launcher).
setsid "$LAUNCHER" --launch-immediately >"$work/launcher.log" 2>&1 &
launcher_pid=$!
wait_for dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
  org.a11y.Bus.GetAddress ||
  { echo "a11y: the accessibility bus did not start"; cat "$work/launcher.log"; exit 1; }
for property in IsEnabled ScreenReaderEnabled; do
  dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
    org.freedesktop.DBus.Properties.Set string:org.a11y.Status "string:$property" \
    variant:boolean:true >/dev/null
done

timeout 90 "$PY" "$here/a11y_tree.py" "$BIN"
