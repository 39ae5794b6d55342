#!/usr/bin/python3
"""Readers beside a writer see a consistent state, never a torn one.

While one process adds countries one by one (each a single atomic batch), and then while another
bulk-imports an edge list into a second database, reader processes run `validate` (which checks
every counter against the data) and `stats` back to back. Every read must succeed, and every
`validate` must say ok: a counter that disagrees with the data would be a torn read.

READS (environment, default 300) sets how many reads per phase; the README's table was measured
with READS=2000.
"""
import os
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
from ctutil import BINARY, check, finish, run  # noqa: E402

READS = int(os.environ.get("READS", "300"))


def reader_loop(db, stop, results):
    commands = (["validate"], ["stats"])
    i = 0
    while not stop.is_set() or i < 2:
        cmd = commands[i % 2]
        r = subprocess.run([BINARY, *cmd, "--db", db], capture_output=True, text=True)
        results.append((cmd[0], r.returncode, r.stdout + r.stderr))
        i += 1
        if len(results) >= READS:
            break


def phase(name, db, write):
    stop = threading.Event()
    results = []
    readers = [threading.Thread(target=reader_loop, args=(db, stop, results)) for _ in range(2)]
    for t in readers:
        t.start()
    write()
    stop.set()
    for t in readers:
        t.join()
    failed = [r for r in results if r[1] != 0]
    torn = [r for r in results if r[0] == "validate" and r[1] == 0 and "ok" not in r[2]]
    check(not failed, f"{name}: {len(failed)} of {len(results)} reads failed: {failed[:2]}")
    check(not torn, f"{name}: {len(torn)} torn reads: {torn[:2]}")
    print(f"{name}: {len(results)} reads beside the writer, {len(failed)} failed, {len(torn)} torn")


with tempfile.TemporaryDirectory(prefix="ct-readers-") as tmp:
    small = os.path.join(tmp, "small")
    run(small, "init")
    run(small, "import", os.path.join(os.path.dirname(__file__), "..", "data", "sample"))

    def small_writes():
        for i in range(40):
            run(small, "add", "node", f"country/x{i}", "--label", "Country", "--set", f"name_en=X{i}",
                "--set", f"iso2=x{i}")

    phase("small writes", small, small_writes)
    counted = run(small, "stats").stdout
    check("Country" in counted, "the writes landed")

    bulk = os.path.join(tmp, "bulk")
    run(bulk, "init")
    edges = os.path.join(tmp, "g.e")
    with open(edges, "w") as f:
        f.writelines(f"{i} {(i * 7919 + 1) % 50000}\n" for i in range(200000))
    phase("bulk import", bulk, lambda: run(bulk, "import", "--edgelist", edges))
    check("200000" in run(bulk, "stats").stdout, "the bulk import landed")
finish()
