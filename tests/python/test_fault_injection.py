#!/usr/bin/python3
"""Fault injection: every file of a database damaged in every way, and a disk that fills up.

A database holding data/kaohsiung plus a few edits (so that it has table files of every column
family, a MANIFEST, a write-ahead log, and its projection cache and image) is copied once per
case; in the copy one file is flipped (one byte in the middle), truncated (to half) or deleted.
The kinds: write-ahead log, each table file, MANIFEST, CURRENT, OPTIONS, IDENTITY, the info LOG,
projection.cache and projection.image. In every case every read command either answers exactly
as on the undamaged database, or fails (exit 2 for a damaged store, with a message that says so
and names `cityties repair`); a write either fails the same way or lands whole beside all the
old data. Nothing may answer with data missing or changed.

A full disk: writes run with RLIMIT_FSIZE set so that files cannot grow past a few kilobytes
(the kernel refuses the write with EFBIG, as a full disk does with ENOSPC); an import, an
`add node` and a PNG map must fail with exit 1 or 2 and a message (never a crash or an empty
message), leave the database as it was, and leave no partial output file. Where the machine
lets this test mount a small tmpfs (root, and mount allowed), a real full file system is tried
as well.
"""
import glob
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctutil import BINARY, check, finish, run  # noqa: E402

DAMAGED = "is damaged"
READS = [
    ["stats", "--format", "json"],
    ["validate"],
    ["get", "Gdynia", "--format", "json"],
    ["ties", "Gdynia", "--format", "csv"],
    ["list", "--label", "Agreement", "--format", "csv", "--limit", "0"],
    ["centrality", "--top", "10", "--format", "csv"],
    ["bfs", "city/gdynia", "--format", "csv"],
]


def answers(db):
    return [run(db, *args, ok=False) for args in READS]


def file_kinds(db):
    """(kind, path) of every file of the database worth damaging."""
    kinds = []
    for path in sorted(glob.glob(os.path.join(db, "*"))):
        name = os.path.basename(path)
        if name == "LOCK" or os.path.isdir(path):
            continue
        for prefix, kind in (("MANIFEST-", "MANIFEST"), ("OPTIONS-", "OPTIONS"), ("LOG", "info LOG")):
            if name.startswith(prefix):
                break
        else:
            kind = {".sst": "table", ".log": "WAL"}.get(os.path.splitext(name)[1], name)
        kinds.append((kind, name))
    return kinds


def damage(path, how):
    if how == "deleted":
        os.remove(path)
        return True
    size = os.path.getsize(path)
    if size == 0:
        return False
    if how == "flipped":
        with open(path, "r+b") as f:
            f.seek(size // 2)
            byte = f.read(1)
            f.seek(size // 2)
            f.write(bytes([byte[0] ^ 0x5A]))
    else:
        os.truncate(path, size // 2)
    return True


def judge(result, expected, what):
    """Right answer, or a clear failure; never a wrong answer with exit 0."""
    if result.returncode == 0:
        check(result.stdout == expected.stdout, f"{what}: exit 0 with another answer (silent loss)")
        return "right"
    check(result.stderr.strip() != "", f"{what}: exit {result.returncode} with no message")
    check(result.returncode in (1, 2), f"{what}: exit {result.returncode} (crash?) {result.stderr[-300:]}")
    if DAMAGED in result.stderr:
        check(result.returncode == 2 and "cityties repair" in result.stderr,
              f"{what}: a damaged database without exit 2 and repair: {result.stderr.strip()}")
    return "refused"


def damaged_files(tmp, base, reference, tally):
    nodes = json.loads(reference[0].stdout)
    total = {(r["kind"], r["name"]): r["count"] for r in nodes}[("total", "nodes")]
    for kind, name in file_kinds(base):
        for how in ("flipped", "truncated", "deleted"):
            db = os.path.join(tmp, "case")
            shutil.rmtree(db, ignore_errors=True)
            shutil.copytree(base, db)
            if not damage(os.path.join(db, name), how):
                continue
            what = f"{kind} {name} {how}"
            outcomes = [judge(got, want, f"{what}: {' '.join(args)}")
                        for got, want, args in zip(answers(db), reference, READS)]
            write = run(db, "add", "node", "country/after-damage", "--label", "Country", "--set", "name_en=After",
                        ok=False)
            if write.returncode == 0:
                # A write may land beside a damaged block it does not touch; then reads must
                # still see all the old data, or name the damage.
                stats = run(db, "stats", "--format", "json", ok=False)
                if stats.returncode == 0:
                    counted = {(r["kind"], r["name"]): r["count"] for r in json.loads(stats.stdout)}
                    check(counted[("total", "nodes")] == total + 1, f"{what}: a write landed on a database that "
                                                                   "lost data")
                else:
                    judge(stats, None, f"{what}: stats after a write")
                check(run(db, "validate", ok=False).returncode in (0, 2), f"{what}: validate after a write")
            else:
                judge(write, None, f"{what}: add node")
            key = (kind, how)
            tally[key] = tally.get(key, [0, 0])
            tally[key][0 if all(o == "right" for o in outcomes) else 1] += 1


def limited(limit):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def full_disk(tmp, base, reference, data):
    """Writes that cannot grow their files must fail cleanly and change nothing."""
    cases = 0
    for limit in (4096, 65536, 1 << 20):
        for args in (["import", data], ["add", "node", "country/full", "--label", "Country", "--set", "name_en=F"],
                     ["map", "partners", "--out", "OUT.png"]):
            db = os.path.join(tmp, "full")
            shutil.rmtree(db, ignore_errors=True)
            shutil.copytree(base, db)
            out = os.path.join(tmp, "out", "partners.png")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            args = [a.replace("OUT.png", out) for a in args]
            what = f"{' '.join(args[:2])} with files limited to {limit} bytes"
            result = subprocess.run([BINARY, *args, "--db", db], capture_output=True, text=True,
                                    preexec_fn=limited(limit))
            cases += 1
            if result.returncode != 0:
                check(result.returncode in (1, 2) and result.stderr.strip(),
                      f"{what}: exit {result.returncode} with {result.stderr.strip()[-200:]!r}")
                check(not os.path.exists(out), f"{what}: a partial {out} is left")
                leftovers = [n for n in os.listdir(os.path.dirname(out)) if n != "partners.png"]
                check(not leftovers, f"{what}: temporaries left: {leftovers}")
            elif args[0] == "import":
                # An import of data the database already holds changes nothing when it lands.
                pass
            landed = args[0] == "add" and run(db, "get", "country/full", ok=False).returncode == 0
            if landed and result.returncode != 0:
                check("the write is stored" in result.stderr, f"{what}: the node landed, the error says not: "
                                                              f"{result.stderr.strip()[-200:]}")
            after = answers(db)
            for got, want, read in zip(after, reference, READS):
                if landed and read[0] in ("stats", "bfs"):
                    continue  # the node is there: counts and the vertex list rightly differ
                check(got.returncode == 0 and got.stdout == want.stdout,
                      f"{what}: afterwards {' '.join(read)} differs: {got.stderr.strip()[-200:]}")
            shutil.rmtree(os.path.dirname(out), ignore_errors=True)
    return cases


def tmpfs_full(tmp):
    """A real full file system: a 3 MiB tmpfs, when this process may mount one."""
    mount = os.path.join(tmp, "tmpfs")
    os.makedirs(mount)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount],
                                           capture_output=True).returncode != 0:
        print("note: no tmpfs could be mounted here; the full disk was tried with RLIMIT_FSIZE only")
        return 0
    try:
        db = os.path.join(mount, "db")
        run(db, "init")
        filler = os.path.join(mount, "filler")
        with open(filler, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        result = run(db, "import", "data/kaohsiung", ok=False)
        check(result.returncode in (1, 2) and result.stderr.strip(),
              f"import onto a full tmpfs: exit {result.returncode}, {result.stderr.strip()[-200:]!r}")
        os.remove(filler)
        stats = run(db, "stats", "--format", "json", ok=False)
        check(stats.returncode == 0, f"after a full tmpfs the database does not open: {stats.stderr}")
        if stats.returncode == 0:
            total = {(r["kind"], r["name"]): r["count"] for r in json.loads(stats.stdout)}[("total", "nodes")]
            check(total == 0, f"after a failed import onto a full tmpfs the database holds {total} nodes")
            check(run(db, "validate", ok=False).returncode == 0, "after a full tmpfs validate fails")
        return 1
    finally:
        subprocess.run(["umount", mount], capture_output=True)


def main():
    tally = {}
    with tempfile.TemporaryDirectory(prefix="ct-faults-") as tmp:
        base = os.path.join(tmp, "base")
        run(base, "init")
        run(base, "import", "data/kaohsiung")
        for i in range(3):
            run(base, "add", "node", f"country/edit{i}", "--label", "Country", "--set", f"name_en=Edit {i}")
        run(base, "centrality", "--top", "1")  # writes projection.cache
        run(base, "bfs", "city/gdynia")       # writes projection.image
        reference = answers(base)
        for args, result in zip(READS, reference):
            check(result.returncode == 0, f"reference {' '.join(args)} fails: {result.stderr}")
        kinds = {kind for kind, _ in file_kinds(base)}
        for wanted in ("WAL", "table", "MANIFEST", "CURRENT", "projection.cache", "projection.image"):
            check(wanted in kinds, f"the database has no {wanted} file to damage ({sorted(kinds)})")
        damaged_files(tmp, base, reference, tally)
        disk = full_disk(tmp, base, reference, "data/kaohsiung")
        disk += tmpfs_full(tmp)
    cases = sum(a + b for a, b in tally.values())
    refused = sum(b for _, b in tally.values())
    print(f"damaged files: {cases} cases, {cases - refused} answered right, {refused} refused at least one read "
          "clearly, 0 silently wrong unless a FAIL line says so")
    for (kind, how), (right, ref) in sorted(tally.items()):
        print(f"  {kind:18} {how:9} right {right}, refused {ref}")
    print(f"full disk: {disk} cases")
    finish()


if __name__ == "__main__":
    main()
