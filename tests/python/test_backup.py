#!/usr/bin/python3
"""`cityties backup` and `cityties restore` (all paths in a temp dir): a backup of data/kaohsiung,
restored into a new path, gives the same `stats`, `validate` and query answers (`ties Kaohsiung`,
`path Busan Gdynia`); a second backup of the same database goes beside the first; restore refuses
an existing database without --force and replaces it with --force; a backup taken while a reader
runs (a read-only open takes no lock) succeeds.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctutil import BINARY, check, finish, run  # noqa: E402

QUERIES = [["stats", "--format", "csv"], ["validate"], ["ties", "Kaohsiung", "--format", "csv"],
           ["path", "Busan", "Gdynia", "--format", "csv"]]


def answers(db):
    return [run(db, *q).stdout for q in QUERIES]


def main():
    with tempfile.TemporaryDirectory(prefix="ct-backup-") as tmp:
        db = os.path.join(tmp, "db")
        run(db, "init")
        run(db, "import", "data/kaohsiung")
        before = answers(db)
        backups = os.path.join(tmp, "backups")
        first = run(db, "backup", backups, ok=False)
        check(first.returncode == 0 and "backup 1" in first.stdout, f"backup: {first.stdout}{first.stderr}")
        # A reader beside the backup: a long read-only command started first.
        reader = subprocess.Popen([BINARY, "centrality", "--measure", "betweenness", "--db", db],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        second = run(db, "backup", backups, ok=False)
        check(reader.wait() == 0, "the reader beside the backup failed")
        check(second.returncode == 0 and "backup 2" in second.stdout, f"second backup: {second.stdout}{second.stderr}")
        restored = os.path.join(tmp, "restored")
        result = run(restored, "restore", backups, ok=False)
        check(result.returncode == 0 and "validate: ok" in result.stdout, f"restore: {result.stdout}{result.stderr}")
        check(answers(restored) == before, "the restored database answers differently")
        again = run(restored, "restore", backups, ok=False)
        check(again.returncode == 1 and "--force" in again.stderr, f"restore over a database: {again.stderr}")
        run(restored, "delete", "node", "city/kaohsiung", "--detach")
        forced = run(restored, "restore", backups, "--force", ok=False)
        check(forced.returncode == 0, f"restore --force: {forced.stdout}{forced.stderr}")
        check(answers(restored) == before, "restore --force did not bring the backup back")
        empty = run(os.path.join(tmp, "x"), "restore", os.path.join(tmp, "no-backups"), ok=False)
        check(empty.returncode != 0, "restore from an empty directory succeeded")
    finish()


if __name__ == "__main__":
    main()
