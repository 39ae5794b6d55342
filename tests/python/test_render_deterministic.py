#!/usr/bin/python3
"""The same database draws the same diagram in every run: cgraph orders clusters by object id,
and cityties gives ids in creation order (not cgraph's default, the address of the interned
name, which address-space randomisation changes from run to run). Renders the shipped dataset's
partnership map, which has two dozen country clusters, in three separate processes."""
import os
import subprocess
import sys
import tempfile

from ctutil import report

BIN = sys.argv[1]
failures = []
with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    subprocess.run([BIN, "init", "--db", db], check=True, capture_output=True)
    subprocess.run([BIN, "import", "--db", db, "data/kaohsiung"], check=True, capture_output=True)
    outputs = []
    for run in range(3):
        path = os.path.join(tmp, f"partners{run}.dot")
        subprocess.run([BIN, "map", "partners", "--db", db, "--out", path, "--strict"], check=True, capture_output=True)
        with open(path, "rb") as f:
            outputs.append(f.read())
    for run in (1, 2):
        if outputs[run] != outputs[0]:
            failures.append(f"run {run + 1} drew a different partners.dot than run 1")
report(failures, f"render determinism: {len(failures)} failed, {0 if failures else 1} passed")
