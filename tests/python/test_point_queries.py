#!/usr/bin/python3
"""Point queries answer the same whichever way the engine reads the graph.

A point query (ties, common, timeline, neighbors) reads either the neighbourhood of its nodes by
prefix scans of the store (--no-cache, and on large databases) or, on a small database with a
current cache, the whole cached graph. Both must give the same answer, byte for byte, on the
shipped dataset; and the kernels must answer the same from the mapped projection image as from
a projection built from the store, and so must the shortest path found on the image.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from ctutil import check, finish, run  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")

with tempfile.TemporaryDirectory(prefix="ct-point-") as tmp:
    db = os.path.join(tmp, "db")
    run(db, "init")
    run(db, "import", os.path.join(ROOT, "data", "kaohsiung"))
    run(db, "ties", "高雄市")  # on a small database a point query reads the whole graph, and caches it
    queries = [
        ["ties", "高雄市"], ["ties", "Gdynia"], ["ties", "official/chen-chi-mai"],
        ["common", "Kaohsiung", "Gdynia"], ["common", "高雄市", "熊本縣"],
        ["timeline", "高雄市"], ["timeline", "Kumamoto Prefecture"],
        ["neighbors", "Gdynia", "--depth", "2"], ["neighbors", "高雄中學"],
        ["ties", "高雄市", "--as-of", "2015"], ["timeline", "高雄市", "--since", "2023"],
    ]
    for q in queries:
        cached = run(db, *q, "--format", "csv", "--timing")
        scanned = run(db, *q, "--format", "csv", "--no-cache", "--timing")
        check("(cache)" in cached.stderr, f"{q}: read the cached graph ({cached.stderr.splitlines()[:1]})")
        check("(neighbourhood)" in scanned.stderr, f"{q}: --no-cache scans the neighbourhood")
        check(cached.stdout == scanned.stdout and cached.stdout, f"{q}: the two readings differ")
        strip = lambda s: [l for l in s.splitlines() if not l.startswith("timing:")]
        check(strip(cached.stderr) == strip(scanned.stderr), f"{q}: notes differ")
    for kernel in (["wcc"], ["pagerank"], ["bfs", "city/kaohsiung"], ["lcc"], ["cdlp"]):
        first = run(db, *kernel, "--format", "csv", "--no-cache")
        run(db, *kernel, "--format", "csv")  # writes the image if it is not there yet
        mapped = run(db, *kernel, "--format", "csv", "--timing")
        check("image, in place" in mapped.stderr, f"{kernel}: ran on the mapped image")
        check(first.stdout == mapped.stdout, f"{kernel}: the image answers differently")
    # The shortest path of the default view is found on the image and explained on a projection
    # of its own nodes: every hop, date, status and source as on the whole projection.
    for pair in (["高雄市", "Gdynia"], ["official/chen-chi-mai", "Kumamoto Prefecture"], ["高雄中學", "Gdynia"],
                 ["Gdynia", "Gdynia"]):
        for extra in ([], ["--weighted"]):
            for fmt in ("csv", "json"):
                mapped = run(db, "path", *pair, *extra, "--format", fmt, "--timing")
                built = run(db, "path", *pair, *extra, "--format", fmt, "--no-cache")
                check("image, in place" in mapped.stderr, f"path {pair} {extra}: found on the mapped image")
                check(mapped.stdout == built.stdout and mapped.stdout, f"path {pair} {extra} {fmt}: answers differ")
finish()
