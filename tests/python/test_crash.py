#!/usr/bin/python3
"""SIGKILL at random moments of every kind of write, on copies of a database (all in a temp dir).

For each kind of write, the write is timed once, then run again and again and killed after a
delay drawn (seeded) between 0 and 1.2 times that duration. After every kill:
  - the database opens, and `validate` passes;
  - it holds all of the write or none of it (node counts, the new nodes, the schema);
  - it is writable (an `add node` succeeds), and the next writer of the same kind finishes;
  - no stray file is left (`ingest-*` staging, temporaries of the projection files, init's
    build folder) once that next writer has run.
The kinds: `init` (atomic: built beside its path and renamed into place), a small `import` (one
WriteBatch), `add node`, `delete --detach`, `migrate`, and the projection cache and image that the
first whole-graph query after a change writes. Bulk imports are killed in test_bulk_import.py.
"""
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctutil import BINARY, check, finish, run  # noqa: E402

SCHEMA = "schema/cityties.schema.json"
KILLS = int(os.environ.get("KILLS", "8"))  # per kind of write; the README's table was measured with 40
RNG = random.Random(20261201)
SMALL_NODES = 40


def total_nodes(db):
    result = run(db, "stats", "--format", "json", ok=False)
    if result.returncode != 0:
        return None
    return {(r["kind"], r["name"]): r["count"] for r in json.loads(result.stdout)}[("total", "nodes")]


def timed(args):
    start = time.monotonic()
    result = subprocess.run([BINARY, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"cityties {' '.join(args)} failed: {result.stderr}")
    return time.monotonic() - start


def killed(args, delay):
    """Runs cityties ARGS and kills it after `delay` seconds; True if the kill came first."""
    proc = subprocess.Popen([BINARY, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return proc.returncode == -signal.SIGKILL


def delays(duration):
    return [RNG.uniform(0, 1.2 * duration) for _ in range(KILLS)]


def stray_files(db):
    """Files a killed writer may leave that the next writer must have removed."""
    parent, name = os.path.split(db)
    return (glob.glob(os.path.join(db, "ingest-*")) + glob.glob(os.path.join(db, ".projection.*")) +
            glob.glob(os.path.join(db, "projection.cache.tmp.*")) +
            glob.glob(os.path.join(parent, "." + name + ".init-*")))


def healthy(db, what):
    """Opens, validates and writes; returns the node count before the probe write (None if broken)."""
    nodes = total_nodes(db)
    check(nodes is not None, f"{what}: the database does not open")
    if nodes is None:
        return None
    result = run(db, "validate", ok=False)
    check(result.returncode == 0, f"{what}: validate fails: {result.stdout}{result.stderr}")
    probe = run(db, "add", "node", f"country/probe-{RNG.randrange(10**9)}", "--label", "Country", "--set",
                "name_en=Probe", ok=False)
    check(probe.returncode == 0, f"{what}: not writable: {probe.stderr}")
    return nodes


def write_small_import(path):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(SMALL_NODES):
            f.write(json.dumps({"id": f"country/crash{i}", "label": "Country",
                                "props": {"name_en": f"Crash {i}"}}) + "\n")


def kill_init(tmp, stats):
    duration = timed(["init", "--db", os.path.join(tmp, "init-timed")])
    for n, delay in enumerate(delays(duration)):
        db = os.path.join(tmp, f"init-{n}")
        what = f"init killed after {delay:.3f} s"
        stats["init"] += killed(["init", "--db", db], delay)
        if os.path.exists(os.path.join(db, "CURRENT")):
            healthy(db, what)
        else:
            check(not os.path.exists(db) or not os.listdir(db), f"{what}: a half-made database at its path")
            result = run(db, "init", ok=False)
            check(result.returncode == 0, f"{what}: init again fails: {result.stderr}")
            healthy(db, what + ", then init")
        check(not stray_files(db), f"{what}: left {stray_files(db)}")


def state(db):
    """What a write changes: the node count and the stored schema (None if it does not open)."""
    nodes = total_nodes(db)
    return None if nodes is None else (nodes, run(db, "schema", "--format", "csv").stdout)


def kill_writes(tmp, base, kind, args_of, stats):
    """Kills `cityties args_of(db)` on copies of `base`: each must hold the whole write or none."""
    timed_db = os.path.join(tmp, f"{kind}-timed")
    shutil.copytree(base, timed_db)
    duration = timed(args_of(timed_db))
    before, after = state(base), state(timed_db)
    check(before != after, f"{kind}: the write changes nothing the test looks at")
    for n, delay in enumerate(delays(duration)):
        db = os.path.join(tmp, f"{kind}-{n}")
        shutil.copytree(base, db)
        what = f"{kind} killed after {delay:.3f} s"
        stats[kind] += killed(args_of(db), delay)
        got = state(db)
        check(got in (before, after), f"{what}: neither none nor all of the write ({got and got[0]} nodes)")
        if healthy(db, what) is None:
            continue
        if got == before:  # none of it: the same write again must finish
            result = subprocess.run([BINARY] + args_of(db), capture_output=True, text=True)
            check(result.returncode == 0, f"{what}: the write again fails: {result.stderr}")
        check(not stray_files(db), f"{what}: left {stray_files(db)}")


def newer_schema(tmp):
    with open(SCHEMA, encoding="utf-8") as f:
        doc = json.load(f)
    doc["labels"]["Aaa"] = {"properties": {"name_en": {"type": "string"}}}
    path = os.path.join(tmp, "newer.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    return path


def kill_cache_writes(tmp, base, stats):
    """The first whole-graph query after a change writes projection.cache and .image."""
    reference = run(base, "centrality", "--top", "5", "--format", "csv").stdout
    timed_db = os.path.join(tmp, "cache-timed")
    shutil.copytree(base, timed_db)
    for name in ("projection.cache", "projection.image"):
        if os.path.exists(os.path.join(timed_db, name)):
            os.remove(os.path.join(timed_db, name))
    duration = timed(["centrality", "--top", "5", "--db", timed_db])
    for n, delay in enumerate(delays(duration)):
        db = os.path.join(tmp, f"cache-{n}")
        shutil.copytree(base, db)
        run(db, "add", "node", f"country/cache{n}", "--label", "Country", "--set", "name_en=Cache")
        expected = run(db, "centrality", "--top", "5", "--format", "csv", "--no-cache").stdout
        what = f"cache write killed after {delay:.3f} s"
        stats["cache write"] += killed(["centrality", "--top", "5", "--db", db], delay)
        for attempt in ("first", "second"):  # the next query rewrites or reads what was left
            got = run(db, "centrality", "--top", "5", "--format", "csv", ok=False)
            check(got.returncode == 0 and got.stdout == expected, f"{what}: {attempt} query after: {got.stderr}")
        check(not stray_files(db), f"{what}: left {stray_files(db)}")
    check(reference, "the reference centrality is empty")


def main():
    stats = {k: 0 for k in ("init", "import", "add", "delete", "migrate", "cache write")}
    with tempfile.TemporaryDirectory(prefix="ct-crash-") as tmp:
        base = os.path.join(tmp, "base")
        run(base, "init")
        run(base, "import", "data/kaohsiung")
        run(base, "centrality", "--top", "1")  # its projection files, as a used database has them
        small = os.path.join(tmp, "small.jsonl")
        write_small_import(small)

        kill_init(tmp, stats)
        kill_writes(tmp, base, "import", lambda db: ["import", small, "--db", db], stats)
        kill_writes(tmp, base, "add", lambda db: ["add", "node", "country/added", "--label", "Country", "--set",
                                                  "name_en=Added", "--db", db], stats)
        kill_writes(tmp, base, "delete", lambda db: ["delete", "node", "city/gdynia", "--detach", "--db", db], stats)
        schema = newer_schema(tmp)
        kill_writes(tmp, base, "migrate", lambda db: ["migrate", "--schema", schema, "--db", db], stats)
        kill_cache_writes(tmp, base, stats)
    tried = len(stats) * KILLS
    print(f"kills: {tried} tried, {sum(stats.values())} landed before the process ended "
          f"({', '.join(f'{k} {v}' for k, v in stats.items())}); every one checked")
    finish()


if __name__ == "__main__":
    main()
