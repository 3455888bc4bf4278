#!/bin/sh
# Xvfb smoke test: start the (release) binary with an empty data folder, wait for its
# window, take a screenshot of it and check it is not blank, close the window with Ctrl+Q
# and check the process exits cleanly.
# Usage: scripts/smoke-gui.sh [BINARY] [SCREENSHOT.png] [ARGUMENTS for lull...]
# LULL_SMOKE_ANSWERED=1 starts from a user who has answered the safety questions today (no
# voice, a quiet sound sink), so the library or the routine given shows: `make screenshots`
# makes the AppStream screenshots this way.
set -eu
BIN=${1:-target/release/lull}
SHOT=${2:-target/smoke-gui.png}
[ $# -lt 2 ] || shift 2
export LULL_SMOKE_BIN="$BIN" LULL_SMOKE_SHOT="$SHOT" LULL_SMOKE_ANSWERED="${LULL_SMOKE_ANSWERED:-}"
exec xvfb-run -a -s "-screen 0 1280x860x24 -noreset" sh -c '
set -eu
home=$(mktemp -d)
export XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache"
if [ -n "$LULL_SMOKE_ANSWERED" ]; then
  today=$(date +%F)
  mkdir -p "$home/config/lull"
  printf "questionnaire_version = 2\nanswered_on = \"%s\"\n\n[answers]\nconditions = []\navoid_areas = []\ncleared_by_clinician = []\nskip_breath_holds = false\n\n[today]\ndate = \"%s\"\nunwell = false\n" "$today" "$today" >"$home/config/lull/safety.toml"
  printf "version = 3\nemergency_number = \"112\"\n[audio.voice]\non = false\n" >"$home/config/lull/settings.toml"
  # A sound card that swallows the sound in real time, so no "no speakers" notice shows.
  printf "pcm.!default { type plug; slave { pcm \"sink\"; format S16_LE; rate 44100; channels 2 } }\npcm.sink { type file; slave.pcm \"null\"; file \"|pv -q -L 176400 >/dev/null\"; format \"raw\" }\n" >"$home/alsa.conf"
  export ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$home/alsa.conf"
fi
"$LULL_SMOKE_BIN" "$@" >"$home/out.log" 2>&1 &
pid=$!
win=""
i=0
while [ $i -lt 60 ]; do
  win=$(xdotool search --pid "$pid" 2>/dev/null | head -n 1 || true)
  [ -n "$win" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "smoke: lull exited before opening a window"; cat "$home/out.log"; exit 1; }
  sleep 0.25
  i=$((i + 1))
done
[ -n "$win" ] || { echo "smoke: no window after 15 s"; kill "$pid"; exit 1; }
sleep 2
import -window "$win" "$LULL_SMOKE_SHOT"
colours=$(identify -format "%k" "$LULL_SMOKE_SHOT")
echo "smoke: window $win, screenshot $LULL_SMOKE_SHOT with $colours colours"
[ "$colours" -gt 16 ] || { echo "smoke: the screenshot looks blank"; kill "$pid"; exit 1; }
xdotool windowfocus --sync "$win" 2>/dev/null || true
xdotool key --clearmodifiers ctrl+q
i=0
while kill -0 "$pid" 2>/dev/null; do
  [ $i -lt 40 ] || { echo "smoke: Ctrl+Q did not close the window"; kill "$pid"; exit 1; }
  sleep 0.25
  i=$((i + 1))
done
wait "$pid" && code=0 || code=$?
[ "$code" -eq 0 ] || { echo "smoke: exit code $code"; cat "$home/out.log"; exit 1; }
echo "smoke: clean exit"
rm -rf "$home"
' smoke-gui "$@"
