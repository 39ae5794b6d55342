#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang-14 (ASan + UBSan, in build-fuzz) and runs each
# for a bounded time: scripts/fuzz.sh [SECONDS] (default 30 per target). Each run starts from the
# committed seed corpus and the regression inputs (fuzz/corpus/<target>, fuzz/regressions/<target>),
# which it never changes: new inputs go to a scratch copy, removed at the end. Prints per target
# the executions, executions per second and crashes found; a crashing input is kept in
# build-fuzz/crashes/<target>/ (add it to fuzz/regressions/<target>/ once it is fixed). Exits 1
# when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
targets=(jsonl_reader csv_reader edgelist_reader format_codecs name_folding projection_image)

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
mkdir -p build-fuzz
configure_log=build-fuzz/configure.log
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++-14 -DCITYTIES_FUZZ=ON -DCITYTIES_BUILD_TESTS=OFF \
  -DCITYTIES_WERROR=ON "${launcher[@]}" >"$configure_log" 2>&1 ||
  { cat "$configure_log"; exit 1; }
cmake --build build-fuzz -j2 --target fuzz

work="$(mktemp -d "${TMPDIR:-/tmp}/cityties-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rm -rf build-fuzz/crashes
failed=0
rows=()
for t in "${targets[@]}"; do
  mkdir -p "$work/$t/corpus" "$work/$t/tmp" "$work/$t/artifacts"
  log="$work/$t/log"
  echo "fuzzing $t for ${seconds}s" >&2
  status=0
  # Seeds and regression inputs, where the target has them (git keeps no empty folder).
  inputs=()
  for d in "fuzz/corpus/$t" "fuzz/regressions/$t"; do
    if [ -d "$d" ]; then inputs+=("$d"); fi
  done
  # The targets' scratch files go under the run's own directory (TMPDIR, see fuzz/fuzz_common.h).
  TMPDIR="$work/$t/tmp" "build-fuzz/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" \
    "$work/$t/corpus" "${inputs[@]}" >"$log" 2>&1 || status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  crashes="$(find "$work/$t/artifacts" -type f | wc -l)"
  if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    failed=1
    mkdir -p build-fuzz/crashes/$t
    cp "$work/$t/artifacts/"* build-fuzz/crashes/$t/ 2>/dev/null || true
    cp "$log" "build-fuzz/crashes/$t/log"
    grep -m1 -A12 -E 'ERROR|check failed|runtime error' "$log" >&2 || tail -20 "$log" >&2
  fi
  rows+=("$(printf '%-16s %6ss %12s %8s %8s' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "$crashes")")
done

printf '%-16s %7s %12s %8s %8s\n' target time executions exec/s crashes
printf '%s\n' "${rows[@]}"
if [ "$failed" -ne 0 ]; then
  echo "crashes found: inputs and logs in build-fuzz/crashes/" >&2
  exit 1
fi
