#!/bin/sh
# Coverage-guided fuzzing of every parser of outside input (cargo-fuzz / libFuzzer; see
# fuzz/checks.rs for what each target checks). Not part of `make test`.
#   scripts/fuzz.sh [TARGET...]      each target until FUZZ_RUNS inputs (default 1000000)
#                                    or FUZZ_SECONDS (default 1800), whichever comes first
# Installs the nightly toolchain and cargo-fuzz when missing. Runs without a sanitizer
# (Lull is safe Rust: libFuzzer's coverage, crash, hang (> 1 s) and memory (> 2 GB)
# detection is what counts, at 2-4 times the speed). New inputs are added to
# fuzz/corpus/TARGET; a crash, hang or out-of-memory input is saved in fuzz/artifacts/TARGET,
# which tests/it/fuzz_corpus.rs replays. Prints one summary line per target.
set -eu
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS RUSTFLAGS
runs="${FUZZ_RUNS:-1000000}"
secs="${FUZZ_SECONDS:-1800}"
targets="${*:-routine answers settings safety_record history preset sound_file}"

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --version 0.13.2 --locked

cd fuzz
cargo +nightly fuzz build -O -s none
mkdir -p logs
for t in $targets; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log="logs/$t.log"
  start=$(date +%s)
  status=0
  cargo +nightly fuzz run -O -s none "$t" "corpus/$t" -- \
    -runs="$runs" -max_total_time="$secs" -timeout=1 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  end=$(date +%s)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || echo "?")
  ft=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -o 'ft: [0-9]*' | grep -o '[0-9]*' || echo "?")
  crashes=$(find "artifacts/$t" -type f | wc -l)
  echo "$t: $execs executions in $((end - start)) s, coverage $cov edges ($ft features), artifacts $crashes, exit $status"
done
