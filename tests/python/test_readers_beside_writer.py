#!/usr/bin/python3
"""Readers beside a writer see a consistent state, never a torn one.

While one process adds countries one by one (each a single atomic batch), and then while another
bulk-imports (an edge list into an empty database, then 40,000 countries again and again, each
import ingested as SST files), reader processes run `validate` (which checks every counter
against the data) and `stats` back to back. The writer goes on until the readers have done READS
reads per phase (environment; default 300 beside small writes, 100 beside bulk imports; the
README's table was measured with READS=2000). Every read must succeed, and every `validate` must
say ok: a counter that disagrees with the data would be a torn read.
"""
import os
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
from ctutil import BINARY, check, finish, run  # noqa: E402

READS = int(os.environ.get("READS", "0"))  # 0: 300 beside small writes, 100 beside bulk imports
PHASES = os.environ.get("PHASES", "small,bulk").split(",")  # which phases to run


def reader_loop(db, stop, results, reads):
    commands = (["validate"], ["stats"], ["stats"])  # validate reads everything: a third of the reads
    i = 0
    while not stop.is_set() or i < 2:
        cmd = commands[i % len(commands)]
        r = subprocess.run([BINARY, *cmd, "--db", db], capture_output=True, text=True)
        results.append((cmd[0], r.returncode, r.stdout + r.stderr))
        i += 1
        if len(results) >= reads:
            break


def phase(name, db, write, reads):
    """Runs write(round) again and again beside two readers until they have done `reads` reads."""
    stop = threading.Event()
    results = []
    readers = [threading.Thread(target=reader_loop, args=(db, stop, results, reads)) for _ in range(2)]
    for t in readers:
        t.start()
    rounds = 0
    while rounds == 0 or len(results) < reads:
        write(rounds)
        rounds += 1
    stop.set()
    for t in readers:
        t.join()
    failed = [r for r in results if r[1] != 0]
    torn = [r for r in results if r[0] == "validate" and r[1] == 0 and "ok" not in r[2]]
    check(not failed, f"{name}: {len(failed)} of {len(results)} reads failed: {failed[:2]}")
    check(not torn, f"{name}: {len(torn)} torn reads: {torn[:2]}")
    print(f"{name}: {len(results)} reads beside {rounds} writes, {len(failed)} failed, {len(torn)} torn")


with tempfile.TemporaryDirectory(prefix="ct-readers-") as tmp:
    small = os.path.join(tmp, "small")
    run(small, "init")
    run(small, "import", os.path.join(os.path.dirname(__file__), "..", "data", "sample"))

    def small_write(i):
        run(small, "add", "node", f"country/x{i}", "--label", "Country", "--set", f"name_en=X{i}",
            "--set", f"iso2=x{i}")

    if "small" in PHASES:
        phase("small writes", small, small_write, READS or 300)
        check("Country" in run(small, "stats").stdout, "the writes landed")

    bulk = os.path.join(tmp, "bulk")
    run(bulk, "init")
    edges = os.path.join(tmp, "g.e")
    with open(edges, "w") as f:
        f.writelines(f"{i} {(i * 7919 + 1) % 20000}\n" for i in range(50000))

    def bulk_write(i):
        if i == 0:
            run(bulk, "import", "--edgelist", edges, "--quiet")
            return
        # 40,000 countries, created in round 1 and renamed in every later one (so the database
        # does not grow): well above the WriteBatch limit of 100,000 keys, so SST ingestions.
        nodes = os.path.join(tmp, "nodes.jsonl")
        with open(nodes, "w") as f:
            f.writelines(f'{{"id":"country/b{n}","label":"Country","props":{{"name_en":"R{i} {n}"}}}}\n'
                         for n in range(40000))
        result = run(bulk, "import", nodes, "--quiet", "--upsert")
        check("(bulk ingestion)" in result.stdout, f"round {i} was not a bulk ingestion: {result.stdout}")

    if "bulk" in PHASES:
        phase("bulk imports", bulk, bulk_write, READS or 100)
        check("50000" in run(bulk, "stats").stdout, "the bulk import landed")
        # Each writer that only ingested used to leave its write-ahead log behind, for every later
        # open and reader to replay (one per round).
        logs = [f for f in os.listdir(bulk) if f.endswith(".log")]
        check(len(logs) <= 1, f"{len(logs)} write-ahead logs left after the bulk imports: {sorted(logs)[:5]}")
finish()
