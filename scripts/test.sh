#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, runs the whole test suite (unit, golden
# CLI scenarios, checks against NetworkX/igraph, the API and the browser), then builds Release too
# (-O3 warns about things -O2 does not), warnings as errors, without running the tests again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCITYTIES_WERROR=ON
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCITYTIES_WERROR=ON -DCITYTIES_BUILD_TESTS=OFF
cmake --build build-release -j2
