#!/usr/bin/env bash
# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (GCC, in
# build-asan): any report fails the test it happens in; leak checking stays on. scripts/test.sh
# (and so CI) runs it last (README "Fuzzing and sanitizers").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# -O1, as AddressSanitizer advises, and line tables only: a shorter build than the default -O2 -g.
cmake -S . -B build-asan -DCITYTIES_WERROR=ON -DCITYTIES_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1"
cmake --build build-asan -j2
ctest --test-dir build-asan --output-on-failure -j2
