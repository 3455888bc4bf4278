#!/bin/sh
# The sound output lost and back, for real, under Xvfb. The app plays a routine through
# ALSA's `file` plugin paced by `pv` (research/toolchain.md). After LOSE_AFTER seconds the
# first stream's sink goes away, in two ways:
#   unplug: its pipe ends (as when headphones are unplugged): ALSA fails the stream;
#   hang:   its reader stops (SIGSTOP; a server that no longer answers): the stream stops
#           asking for sound and the app's watcher notices a second later.
# Either way the app opens the default device again and the sound goes on into a second
# capture. Prints how long the sound was gone (wall clock, from the sink going to the first
# bytes of the new stream), the app's log of it, and the ambience's level before and after.
# Fails if the sound is not back within 2 s or comes back over 3 dB quieter than before.
# Usage: scripts/device-reopen.sh [BINARY] (default: the debug binary `cargo test` builds).
# Needs xvfb-run, pv, python3.
set -eu
BIN=${1:-target/debug/lull}
LOSE_AFTER=${LOSE_AFTER:-4}
RUN_FOR=${RUN_FOR:-12}
if [ "${LULL_REOPEN_INSIDE:-}" != 1 ]; then
  LULL_REOPEN_INSIDE=1 LULL_REOPEN_BIN=$BIN exec xvfb-run -a -s "-screen 0 1280x860x24" "$0"
fi
BIN=$LULL_REOPEN_BIN
# 44.1 kHz × 2 channels × 2 bytes a second.
rate=176400

# scenario unplug|hang: one run of the app; prints its figures, fails as said above.
scenario() {
  how=$1
  work=$(mktemp -d)
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
  # No voice (none may be installed here): the ambience is what is measured.
  printf 'version = 3\nemergency_number = "112"\n[audio.voice]\non = false\n' \
    >"$work/config/lull/settings.toml"
  # Every stream the app opens (and every probe of the device) runs this: into before.raw
  # until the sink goes, into after.raw from then on. "unplug" ends the pipe once
  # LOSE_AFTER seconds are captured; "hang" leaves it to the script to stop pv.
  if [ "$how" = unplug ]; then
    limit="-S -s $((rate * LOSE_AFTER))"
  else
    limit=""
  fi
  cat >"$work/sink.sh" <<SINK
#!/bin/sh
if [ -f "$work/gone" ]; then exec pv -q -L $rate >"$work/after.raw"; fi
echo \$\$ >"$work/pv.pid"
pv -q -L $rate $limit >"$work/before.raw"
[ "$how" != unplug ] || date +%s%N >"$work/gone"
SINK
  chmod +x "$work/sink.sh"
  cat >"$work/alsa.conf" <<ALSA
pcm.!default { type plug; slave { pcm "capture"; format S16_LE; rate 44100; channels 2 } }
pcm.capture { type file; slave.pcm "null"; file "|$work/sink.sh"; format "raw" }
ALSA
  started=$(date +%s%N)
  XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" \
    ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$work/alsa.conf" RUST_LOG=lull=info \
    "$BIN" play breathing-only-calm >"$work/app.log" 2>&1 &
  pid=$!
  stopped=""
  if [ "$how" = hang ]; then
    # Once LOSE_AFTER seconds are captured, as the unplug does.
    while [ "$(stat -c %s "$work/before.raw" 2>/dev/null || echo 0)" -lt $((rate * LOSE_AFTER)) ]; do
      sleep 0.05
    done
    # The sink's shell runs pv in the foreground: stop pv, its only child.
    stopped=$(pgrep -P "$(cat "$work/pv.pid")" pv || true)
    [ -n "$stopped" ] || { echo "reopen (hang): no pv to stop"; kill "$pid"; exit 1; }
    date +%s%N >"$work/gone"
    kill -STOP "$stopped"
  fi
  back=""
  deadline=$((started + RUN_FOR * 1000000000))
  while [ "$(date +%s%N)" -lt "$deadline" ]; do
    if [ -z "$back" ] && [ -s "$work/after.raw" ]; then back=$(date +%s%N); fi
    sleep 0.01
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -n "$stopped" ]; then
    kill -CONT "$stopped" 2>/dev/null || true
    kill "$stopped" 2>/dev/null || true
  fi
  ok=0
  if [ ! -f "$work/gone" ]; then
    echo "reopen ($how): the first stream's sink never went"
    cat "$work/app.log"
  elif [ -z "$back" ]; then
    echo "reopen ($how): no sound after the device was lost"
    cat "$work/app.log"
  else
    gap_ms=$(((back - $(cat "$work/gone")) / 1000000))
    echo "reopen ($how): sound back ${gap_ms} ms (wall clock) after the sink went"
    grep -E "sound output (lost|open again)" "$work/app.log" | sed "s/^/reopen ($how): log: /"
    /usr/bin/env python3 - "$work/before.raw" "$work/after.raw" "$gap_ms" "$how" <<'PY' && ok=1
import math, struct, sys
def level(path, start_s, secs):
    data = open(path, "rb").read()
    a = int(start_s * 44100) * 4
    chunk = data[a : a + int(secs * 44100) * 4]
    n = len(chunk) // 2
    if n < int(secs * 44100) * 2:
        return None, len(data) / 176400
    samples = struct.unpack("<%dh" % n, chunk)
    power = sum(s * s for s in samples) / n / 32768.0 ** 2
    return (10 * math.log10(power) if power > 0 else -math.inf), len(data) / 176400
how = sys.argv[4]
# Past the start's fade-in (the layers' crossfade and the master's ramp) ...
before, before_s = level(sys.argv[1], 2.5, 1.5)
# ... and the new engine's 3 s fade-in, which brings the sound back gently.
after, after_s = level(sys.argv[2], 4.0, 2.5)
print(f"reopen ({how}): before {before_s:.2f} s captured, "
      + (f"{before:.1f} dB RMS (2.5-4 s)" if before is not None else "too short to measure"))
print(f"reopen ({how}): after {after_s:.2f} s captured, "
      + (f"{after:.1f} dB RMS (4-6.5 s)" if after is not None else "too short to measure"))
ok = (int(sys.argv[3]) <= 2000 and before is not None and after is not None
      and after > before - 3.0)
print(f"reopen ({how}): " + ("ok" if ok else "FAILED"))
sys.exit(0 if ok else 1)
PY
  fi
  rm -rf "$work"
  [ "$ok" = 1 ]
}

scenario unplug
scenario hang
