#!/bin/sh
# The fault soak (`make faults`, not part of `make test`: ~15 min): Lull killed at random
# moments (the app under Xvfb while it starts, recovers and plays; the command line while
# it imports a routine over another or exports a WAV), exports and app starts over a file
# size limit (`prlimit --fsize`), each followed by a check that nothing earlier was lost or
# half-written; see scripts/fault_soak.py. Usage: scripts/fault-soak.sh [BINARY] [KILLS]
# (default: the debug binary the tests built, 200 kills). SOAK_SEED picks another order.
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-target/debug/lull}
exec xvfb-run -a -s "-screen 0 1280x860x24 -noreset" python3 scripts/fault_soak.py "$BIN" "${2:-200}"
