#!/bin/sh
# An ambience export against sox, side by side in one run (BENCHMARKS.md, "An ambience
# export against sox"): `lull ambience brown-noise --minutes M` and sox's brown noise of the
# same length, each PAIRS times, alternating. Prints wall time, CPU (user + sys) and peak
# RSS of each. Usage: scripts/export-vs-sox.sh [MINUTES] [PAIRS] [BINARY]
set -eu
MIN=${1:-10}
PAIRS=${2:-3}
BIN=${3:-target/release/lull}
command -v sox >/dev/null || { echo "sox is needed (apt-get install sox)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
home="$dir/home"
mkdir -p "$home"
secs=$((MIN * 60))
run() {
  label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$dir/t" "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err"; exit 1; }
  read -r wall user sys rss <"$dir/t"
  cpu=$(echo "$user + $sys" | bc)
  printf '%-5s %3s min  wall %7.2f s  cpu %7.2f s  rss %6d kB\n' "$label" "$MIN" "$wall" "$cpu" "$rss"
  rm -f "$dir/x.wav"
}
i=0
while [ $i -lt "$PAIRS" ]; do
  run lull env HOME="$home" XDG_DATA_HOME="$home/d" XDG_CONFIG_HOME="$home/c" XDG_CACHE_HOME="$home/k" \
    "$BIN" ambience brown-noise --minutes "$MIN" --out "$dir/x.wav"
  run sox sox -n -r 48000 -c 2 -b 16 "$dir/x.wav" synth "$secs" brownnoise
  i=$((i + 1))
done
