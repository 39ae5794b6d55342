"""Helpers shared by the Python comparison tests: running the cityties binary and counting checks.

Not a test itself (the runner globs tests/python/test_*.py); the tests import it from their own
directory. The binary is the first command-line argument, as the tests are run.
"""
import subprocess
import sys

BINARY = sys.argv[1] if len(sys.argv) > 1 else "build/cityties"
FAILURES = []
CHECKS = [0]


def check(condition, message):
    CHECKS[0] += 1
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message)


def run(db, *args, ok=True):
    """Runs `cityties ARGS --db DB`; stops the test when it fails, unless ok=False."""
    result = subprocess.run([BINARY, *args, "--db", db], capture_output=True, text=True)
    if ok and result.returncode != 0:
        raise SystemExit(f"cityties {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def finish():
    """Exits 1 when a check failed, else prints how many checks passed."""
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        sys.exit(1)
    print(f"ok: {CHECKS[0]} checks")


def report(failures, summary):
    """For the tests that collect their own failures: prints them and the summary, exits 1 if any."""
    for f in failures:
        print("FAIL:", f)
    print(summary)
    sys.exit(1 if failures else 0)
