#!/usr/bin/python3
"""Bulk edge-list imports (sorted SST files ingested at once), all in a temp dir:

  - a SIGKILL at any moment of `import --edgelist` leaves a valid database that holds the whole
    import or none of it, and the next writer removes the staging folder the killed one left;
  - the same edge list imported with a memory budget of 1 MiB (spilled, merged runs) exports the
    same graph as with the default budget;
  - the summary of a bulk import reports its time and peak memory on stderr, --quiet silences it,
    and a non-terminal stderr gets no progress line for an import under a second.
"""
import glob
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctutil import BINARY, check, finish, run  # noqa: E402

EDGES = 300_000


def write_edge_list(path):
    rng = random.Random(5)
    edges = set()
    while len(edges) < EDGES:
        a, b = int(60_000 * rng.random() ** 2), rng.randrange(60_000)
        if a != b:
            edges.add((a, b))
    with open(path, "w") as f:
        f.writelines(f"{a} {b}\n" for a, b in edges)


def counts(db):
    result = run(db, "stats", "--format", "json", ok=False)
    if result.returncode != 0:
        return None
    return {(r["kind"], r["name"]): r["count"] for r in json.loads(result.stdout)}


def export(db, tmp, name):
    out = os.path.join(tmp, name)
    run(db, "export", "--format", "csv", "--out", out)
    return {f: open(os.path.join(out, f), "rb").read() for f in sorted(os.listdir(out))} if os.path.isdir(out) \
        else open(out, "rb").read()


def main():
    with tempfile.TemporaryDirectory(prefix="ct-bulk-") as tmp:
        edges = os.path.join(tmp, "g.e")
        write_edge_list(edges)

        full_db = os.path.join(tmp, "full")
        run(full_db, "init")
        result = run(full_db, "import", "--edgelist", edges)
        check("(bulk ingestion)" in result.stdout, f"not a bulk import: {result.stdout}")
        check("peak memory" in result.stderr and "MiB" in result.stderr,
              f"no peak memory on stderr: {result.stderr!r}")
        full = counts(full_db)
        check(full[("total", "edges")] == EDGES, f"imported {full[('total', 'edges')]} edges")

        quiet_db = os.path.join(tmp, "quiet")
        run(quiet_db, "init")
        result = run(quiet_db, "import", "--edgelist", edges, "--quiet", "--memory-budget", "1")
        check(result.stderr == "", f"--quiet printed {result.stderr!r}")
        check(counts(quiet_db) == full, "a 1 MiB budget imports other counts")
        check(export(quiet_db, tmp, "quiet.csv") == export(full_db, tmp, "full.csv"),
              "a 1 MiB budget exports another graph")

        small = os.path.join(tmp, "small.e")
        with open(small, "w") as f:
            f.write("1 2\n2 3\n")
        small_db = os.path.join(tmp, "small")
        run(small_db, "init")
        result = run(small_db, "import", "--edgelist", small)
        check("import:" not in result.stderr or "rows/s" not in result.stderr,
              f"progress for an import under a second: {result.stderr!r}")

        for attempt, delay in enumerate((0.05, 0.2, 0.4, 0.7, 1.0, 1.5)):
            db = os.path.join(tmp, f"killed-{attempt}")
            run(db, "init")
            proc = subprocess.Popen([BINARY, "import", "--edgelist", edges, "--db", db, "--quiet"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            got = counts(db)
            check(got is not None, f"killed after {delay} s: the database does not open")
            if got is None:
                continue
            nodes = got[("total", "nodes")]
            check(nodes in (0, full[("total", "nodes")]), f"killed after {delay} s: {nodes} nodes")
            check(run(db, "validate", ok=False).returncode == 0, f"killed after {delay} s: validate fails")
            # The next writer removes what the killed one staged, and can import the whole list.
            if nodes == 0:
                run(db, "import", "--edgelist", edges, "--quiet")
                check(counts(db) == full, f"killed after {delay} s, then imported: other counts")
            else:
                run(db, "add", "node", "extra", "--label", "Vertex")
            check(not glob.glob(os.path.join(db, "ingest-*")), f"killed after {delay} s: staging left behind")
    finish()


if __name__ == "__main__":
    main()
