#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, runs the whole test suite (unit, golden
# CLI scenarios, checks against NetworkX/igraph, the API and the browser), then builds Release too
# (-O3 warns about things -O2 does not), warnings as errors, without running the tests again.
# Then every fuzz target for a bounded time (scripts/fuzz.sh; README "Fuzzing and sanitizers");
# CITYTIES_FUZZ_SECONDS sets that time per target (default 30). Last, the whole suite again under
# AddressSanitizer and UndefinedBehaviorSanitizer (scripts/test-sanitizers.sh, in build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCITYTIES_WERROR=ON
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCITYTIES_WERROR=ON -DCITYTIES_BUILD_TESTS=OFF
cmake --build build-release -j2
bash scripts/fuzz.sh "${CITYTIES_FUZZ_SECONDS:-30}"
bash scripts/test-sanitizers.sh
