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
# Every process the tests start (the CLI, the server) inherits these: leaks that Debian's
# uninstrumented libraries keep are suppressed by module (tests/sanitizers/lsan.supp), and
# undefined behaviour prints its stack.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1"
ctest --test-dir build-asan --output-on-failure -j2
