#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite (unit,
# golden CLI scenarios, checks against NetworkX/igraph).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCITYTIES_WERROR=ON
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2
