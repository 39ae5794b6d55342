#!/usr/bin/python3
"""Durability and repair, on copies of a database holding data/kaohsiung (all in a temp dir):

  - after `import` returns the dataset lives in table files: a copy without its write-ahead
    logs still counts every node and edge;
  - a damaged newest WAL (a byte flipped, truncated) never reads as an empty database: the
    open fails with exit 2 and a message that says the database is damaged and names
    `cityties repair`, or (when the WAL holds nothing) every node and edge is still there;
  - the same for a database whose WAL holds records (right after `init`), read-only and read-write;
  - a flipped byte in the MANIFEST fails the open (exit 2); `cityties repair` rebuilds it from
    the tables, then `stats` and `validate` agree with the original.
"""
import glob
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctutil import check, finish, run  # noqa: E402

DAMAGED = "is damaged"


def counts(db):
    result = run(db, "stats", "--format", "json", ok=False)
    if result.returncode != 0:
        return None, result
    rows = json.loads(result.stdout)
    return {(r["kind"], r["name"]): r["count"] for r in rows}, result


def newest(db, pattern):
    files = sorted(glob.glob(os.path.join(db, pattern)), key=os.path.getmtime)
    return files[-1] if files else None


def flip_byte(path):
    data = bytearray(open(path, "rb").read())
    data[len(data) // 2] ^= 0xFF
    open(path, "wb").write(data)


def truncate(path):
    size = os.path.getsize(path)
    os.truncate(path, max(0, size - 7))


def copy(src, tmp, name):
    dst = os.path.join(tmp, name)
    shutil.copytree(src, dst)
    return dst


def expect_damaged(result, what):
    check(result.returncode == 2, f"{what}: exit {result.returncode}, expected 2 ({result.stderr.strip()})")
    check(DAMAGED in result.stderr and "cityties repair" in result.stderr,
          f"{what}: the error does not say the database is damaged or name repair: {result.stderr.strip()}")


def expect_all_or_damaged(db, full, what):
    got, result = counts(db)
    if got is None:
        expect_damaged(result, what)
    else:
        check(got == full, f"{what}: stats shows {got.get(('total', 'nodes'))} nodes, expected "
                           f"{full[('total', 'nodes')]} (silently lost data)")


def main():
    with tempfile.TemporaryDirectory(prefix="ct-durability-") as tmp:
        db = os.path.join(tmp, "db")
        run(db, "init")
        run(db, "import", "data/kaohsiung")
        full, _ = counts(db)
        check(full[("total", "nodes")] > 900, f"the dataset has {full[('total', 'nodes')]} nodes")

        # The dataset is in the tables, not only in the WAL.
        no_wal = copy(db, tmp, "no-wal")
        for log in glob.glob(os.path.join(no_wal, "*.log")):
            os.remove(log)
        got, result = counts(no_wal)
        check(got == full, f"without its WAL the database counts {got} ({result.stderr.strip()})")

        for name, damage in (("flip", flip_byte), ("truncate", truncate)):
            damaged = copy(db, tmp, "wal-" + name)
            log = newest(damaged, "*.log")
            if log and os.path.getsize(log) > 0:
                damage(log)
            expect_all_or_damaged(damaged, full, f"dataset, newest WAL {name}")

        # Right after init the schema is synced to the WAL and not yet in a table.
        fresh = os.path.join(tmp, "fresh")
        run(fresh, "init")
        for name, damage in (("flip", flip_byte), ("truncate", truncate)):
            damaged = copy(fresh, tmp, "init-wal-" + name)
            log = newest(damaged, "*.log")
            check(log is not None and os.path.getsize(log) > 0, f"init left no WAL records in {damaged}")
            if not log:
                continue
            damage(log)
            expect_damaged(run(damaged, "stats", ok=False), f"init, WAL {name}, read-only")
            expect_damaged(run(damaged, "add", "node", "x", "--label", "Country", ok=False),
                           f"init, WAL {name}, read-write")

        # A damaged MANIFEST: the open fails; repair rebuilds it from the tables.
        broken = copy(db, tmp, "manifest")
        for cache in ("projection.cache", "projection.image"):  # caches of the state before the repair
            with open(os.path.join(broken, cache), "wb") as f:
                f.write(b"stale")
        flip_byte(newest(broken, "MANIFEST-*"))
        expect_damaged(run(broken, "stats", ok=False), "flipped MANIFEST, stats")
        expect_damaged(run(broken, "validate", ok=False), "flipped MANIFEST, validate")
        repaired = run(broken, "repair", ok=False)
        check(repaired.returncode == 0, f"repair exit {repaired.returncode}: {repaired.stdout}{repaired.stderr}")
        check("validate: ok" in repaired.stdout, f"repair does not report the check: {repaired.stdout}")
        for cache in ("projection.cache", "projection.image"):
            check(not os.path.exists(os.path.join(broken, cache)), f"repair kept {cache}")
        got, result = counts(broken)
        check(got == full, f"after repair stats shows {got} ({result.stderr.strip()})")
        check(run(broken, "validate", ok=False).returncode == 0, "validate fails after repair")
        check(run(os.path.join(tmp, "nothing"), "repair", ok=False).returncode == 1, "repair of no database")
    finish()


if __name__ == "__main__":
    main()
