#!/bin/sh
# Measures Lull under Xvfb (llvmpipe) against a bare eframe window built the same way:
#   cold start to first frame, RSS after 5 s, and whole-process CPU over 30 s in three
#   states: idle in the library, a massage step playing with ambience (countdown only), and
#   a breathing step with the pacer animating; and the massage step with the voice off, to
#   see what the voice costs (its clips come from a cache warmed first, as on a second night).
# Sound goes to an ALSA file sink paced by `pv`, so the audio engine really runs.
# Prints a table; nothing here is a pass/fail test (these machines are noisy).
set -eu
cd "$(dirname "$0")/.."
[ "${1:-}" = "--inside-xvfb" ] || cargo build --release --locked --bin lull --example bare_window >/dev/null
LULL=target/release/lull
BARE=target/release/examples/bare_window
SECONDS_CPU=${SECONDS_CPU:-30}
if [ "${1:-}" != "--inside-xvfb" ]; then
  LULL_MEASURE_WORK=$(mktemp -d)
  export LULL_MEASURE_WORK
fi
work=$LULL_MEASURE_WORK
today=$(date +%F)
mkdir -p "$work/config/lull"
cat >"$work/config/lull/safety.toml" <<TOML
questionnaire_version = 2
answered_on = "$today"

[answers]
conditions = []
avoid_areas = []
cleared_by_clinician = []
skip_breath_holds = false

[today]
date = "$today"
unwell = false
TOML
# The emergency number is set, so the first-run question does not stand in front of the routine.
printf 'version = 3\nemergency_number = "112"\n' >"$work/config/lull/settings.toml"
cat >"$work/alsa.conf" <<ALSA
pcm.!default { type plug; slave { pcm "capture"; format S16_LE; rate 44100; channels 2 } }
pcm.capture { type file; slave.pcm "null"; file "|pv -q -L 176400 > /dev/null"; format "raw" }
ALSA
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
export ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$work/alsa.conf"
export LULL_REPORT_FIRST_FRAME=1

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# measure NAME KEYS CMD...: start, first frame, RSS at 5 s, CPU % of one core over the window.
measure() {
  name=$1; keys=$2; shift 2
  start=$(date +%s%N)
  "$@" >"$work/$name.log" 2>&1 &
  pid=$!
  i=0
  while ! grep -q "first frame at" "$work/$name.log" 2>/dev/null; do
    sleep 0.01; i=$((i + 1)); [ $i -lt 3000 ] || { echo "$name: no first frame"; kill $pid; return; }
  done
  first=$(grep -o "first frame at [0-9]*" "$work/$name.log" | grep -o "[0-9]*$" | head -n 1)
  ms=$(( (first - start) / 1000000 ))
  if [ -n "$keys" ]; then
    win=$(xdotool search --pid "$pid" | head -n 1)
    xdotool windowfocus --sync "$win" 2>/dev/null || true
    for k in $keys; do xdotool key "$k"; sleep 0.3; done
  fi
  sleep 5
  rss=$(rss_kb $pid)
  t0=$(cpu_ticks $pid); sleep "$SECONDS_CPU"; t1=$(cpu_ticks $pid)
  hz=$(getconf CLK_TCK)
  cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$SECONDS_CPU" 'BEGIN { printf "%.2f", (b - a) / hz / s * 100 }')
  printf "%-34s %8s ms %9.1f MB %8s %%\n" "$name" "$ms" "$(echo "$rss / 1024" | bc -l)" "$cpu"
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
}

if [ "${1:-}" != "--inside-xvfb" ]; then
  exec xvfb-run -a -s "-screen 0 1280x860x24" "$0" --inside-xvfb
fi
printf "%-34s %11s %12s %10s\n" "state" "first frame" "RSS at 5 s" "CPU"
measure "bare eframe window (idle)" "" "$BARE"
measure "lull: library, idle" "" "$LULL"
# The voice's clips, made once (an export says every line).
"$LULL" export hand-massage --out "$work/warm.wav" >/dev/null 2>&1 || true
measure "lull: massage step, ambience" "" "$LULL" play hand-massage
measure "lull: breathing step, pacer" "Right" "$LULL" play resonance-breathing
printf 'version = 3\nemergency_number = "112"\n[audio.voice]\non = false\n' >"$work/config/lull/settings.toml"
measure "lull: massage step, no voice" "" "$LULL" play hand-massage
rm -rf "$work"
