#!/usr/bin/python3
"""`neighbors --ids` lists what `neighbors` lists, and what NetworkX reaches.

The ids-only listing reads adjacency keys and node heads from the store and projects nothing
(projection::ReachHeads), or, under the default scope with a projection image written, walks the
image's arcs; scopes it cannot read either way (a time window, statuses, countries,
expanded agreements) come from the full listing. Either way it must be the full listing's
depth, id and label columns, row for row, on the shipped dataset; and on a generated edge list
each depth's ids must be NetworkX's breadth-first layers, read from the keys and from the image.
"""
import csv
import io
import json
import os
import sys
import tempfile

import networkx as nx

sys.path.insert(0, os.path.dirname(__file__))
from ctutil import check, finish, run  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def rows(text):
    return list(csv.reader(io.StringIO(text)))


with tempfile.TemporaryDirectory(prefix="ct-reach-") as tmp:
    db = os.path.join(tmp, "db")
    run(db, "init")
    run(db, "import", os.path.join(ROOT, "data", "kaohsiung"))
    scopes = [[], ["--labels", "City,Agreement"], ["--types", "PARTY_TO,PAIRED_WITH"], ["--include-location"],
              ["--as-of", "2015"], ["--status", "planned"], ["--country", "jp"], ["--expand-agreements"]]
    for node in ("高雄市", "Gdynia", "高雄中學", "official/chen-chi-mai"):
        for scope in scopes:
            for depth in ("1", "2", "3"):
                args = ["neighbors", node, "--depth", depth, *scope, "--format", "csv"]
                full = run(db, *args, ok=False)
                ids = run(db, *args, "--ids", "--timing", ok=False)
                what = f"{node} {scope} depth {depth}"
                check(full.returncode == ids.returncode, f"{what}: exit {ids.returncode}, the full listing's "
                      f"{full.returncode} ({ids.stderr.strip()[:200]})")
                if full.returncode:
                    check(full.stderr.splitlines()[-1:] == ids.stderr.splitlines()[-1:], f"{what}: another error")
                    continue
                expected = [[r[0], r[1], r[3]] for r in rows(full.stdout)]
                check(rows(ids.stdout) == expected, f"{what}: the ids differ from the full listing's")
                lean = "nothing projected" in ids.stderr
                plain = not any(flag in scope for flag in ("--as-of", "--status", "--country", "--expand-agreements"))
                check(lean == plain, f"{what}: read from the keys: {lean}, expected {plain}")
    # With the projection image written (a kernel writes it), the default scope is listed from
    # the image's arcs: the same rows as from the store's keys (--no-cache) and the full listing.
    run(db, "wcc")
    for node in ("高雄市", "Gdynia", "高雄中學", "official/chen-chi-mai"):
        for depth in ("1", "2", "3", "4"):
            args = ["neighbors", node, "--depth", depth, "--format", "csv"]
            mapped = run(db, *args, "--ids", "--timing")
            keys = run(db, *args, "--ids", "--no-cache", "--timing")
            full = [[r[0], r[1], r[3]] for r in rows(run(db, *args).stdout)]
            check("image, in place" in mapped.stderr, f"{node} depth {depth}: listed from the image")
            check("nothing projected" in keys.stderr, f"{node} depth {depth}: --no-cache reads the keys")
            check(rows(mapped.stdout) == rows(keys.stdout) == full, f"{node} depth {depth}: image, keys and "
                  "full listing differ")
    # An ambiguous or unknown name is refused with its candidates, never guessed.
    for name in ("Kumamoto", "熊本", "no such place"):
        full = run(db, "neighbors", name, ok=False)
        ids = run(db, "neighbors", name, "--ids", ok=False)
        check(full.returncode != 0 and ids.returncode == full.returncode and ids.stderr == full.stderr,
              f"{name}: refused as the full listing refuses it ({ids.stderr.strip()[:200]})")
    # JSON: numeric ids as numbers, as every listing prints them.
    out = json.loads(run(db, "neighbors", "Gdynia", "--ids", "--format", "json").stdout)
    check(out and all(isinstance(r["id"], str) and r["depth"] >= 1 for r in out), "json rows of Gdynia")

    # A generated edge list: each depth's ids are NetworkX's breadth-first layers.
    world = os.path.join(tmp, "world")
    run(db, "generate", "--nodes", "3000", "--edges", "15000", "--seed", "3", "--format", "edgelist",
        "--out", world)
    edb = os.path.join(tmp, "edges.db")
    run(edb, "init")
    run(edb, "import", "--edgelist", os.path.join(world, "edges.txt"), "--vertices",
        os.path.join(world, "vertices.txt"))
    graph = nx.Graph()
    with open(os.path.join(world, "vertices.txt")) as f:
        graph.add_nodes_from(int(line) for line in f if line.strip())
    with open(os.path.join(world, "edges.txt")) as f:
        graph.add_edges_from(tuple(map(int, line.split())) for line in f if line.strip())
    by_degree = sorted(graph.nodes, key=lambda v: (-graph.degree(v), v))
    sources = (by_degree[0], by_degree[30], by_degree[len(by_degree) // 2], by_degree[-1])
    for read in ("keys", "image"):
        if read == "image":
            run(edb, "wcc")  # writes the image: from now on the listing walks its arcs
        for source in sources:
            for depth in (1, 2, 3):
                what = f"edge list {source} depth {depth} ({read})"
                out = run(edb, "neighbors", str(source), "--depth", str(depth), "--ids", "--format", "csv", "--timing")
                check(("image, in place" in out.stderr) == (read == "image"), f"{what}: read from the {read}")
                listed = rows(out.stdout)
                reached = nx.single_source_shortest_path_length(graph, source, cutoff=depth)
                expected = sorted((d, v) for v, d in reached.items() if d > 0)
                got = [(int(r[0]), int(r[1])) for r in listed[1:]]
                check(sorted(got) == expected, f"{what}: the layers differ from NetworkX's")
                check(got == sorted(got), f"{what}: not by depth, then id")
                check(all(r[2] == "Vertex" for r in listed[1:]), f"{what}: labels")
finish()
