#!/usr/bin/python3
"""`path A B` by the bidirectional search, on the mapped projection image and on a projection,
against NetworkX and an independent reference of the documented tie-break.

Usage: test_shortest_paths.py CITYTIES_BINARY

The graph: a skewed world from `cityties generate --format edgelist` (a hub of high degree, so the
two ends of a search grow very differently), a second component (a cycle with chords) and isolated
vertices, imported undirected. After a kernel has written the projection image, `path` answers
from it; for many pairs (reachable, unreachable, and a vertex to itself) the hop count equals
NetworkX's shortest_path_length, the path is a real one, and it is the smallest vertex sequence
among the shortest (computed here by a plain breadth-first search). For some pairs the answer from
the image is byte for byte the answer from a projection built from the store (--no-cache), as JSON
and CSV, hop explanations included.
"""
import csv
import io
import os
import random
import sys
import tempfile
from collections import deque

import networkx as nx

sys.path.insert(0, os.path.dirname(__file__))
from ctutil import check, finish, run  # noqa: E402


def smallest_shortest_path(G, a, b):
    """Hop distances to b, then from a always the smallest neighbour one hop nearer; None if unreachable."""
    dist = {b: 0}
    queue = deque([b])
    while queue:
        u = queue.popleft()
        for w in G[u]:
            if w not in dist:
                dist[w] = dist[u] + 1
                queue.append(w)
    if a not in dist:
        return None
    path = [a]
    while path[-1] != b:
        path.append(min(w for w in G[path[-1]] if dist.get(w) == dist[path[-1]] - 1))
    return path


def path_rows(result):
    return list(csv.DictReader(io.StringIO(result.stdout)))


with tempfile.TemporaryDirectory(prefix="ct-paths-") as tmp:
    out = os.path.join(tmp, "graph")
    run(os.path.join(tmp, "unused.db"), "generate", "--nodes", "3000", "--edges", "9000", "--seed", "5", "--format",
        "edgelist", "--out", out)
    G = nx.Graph()
    edges = []
    with open(os.path.join(out, "edges.txt")) as f:
        for line in f:
            a, b = map(int, line.split())
            edges.append((a, b))
    rng = random.Random(3)
    ring = list(range(5000, 5040))  # a second component: a cycle with chords
    edges += [(ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))]
    edges += [tuple(rng.sample(ring, 2)) for _ in range(15)]
    G.add_nodes_from(range(3000))
    G.add_nodes_from([7000, 7001])  # isolated
    G.add_edges_from(edges)
    edge_file = os.path.join(tmp, "edges.txt")
    with open(edge_file, "w") as f:
        f.writelines(f"{a} {b}\n" for a, b in G.edges if a != b)
    vertex_file = os.path.join(tmp, "vertices.txt")
    with open(vertex_file, "w") as f:
        f.writelines(f"{v}\n" for v in sorted(G.nodes))
    G.remove_edges_from(nx.selfloop_edges(G))
    db = os.path.join(tmp, "g.db")
    run(db, "init")
    run(db, "import", "--edgelist", edge_file, "--vertices", vertex_file)
    run(db, "wcc", "--format", "csv")  # writes the projection image
    check(os.path.exists(os.path.join(db, "projection.image")), "the image was written")

    hub = max(G.nodes, key=lambda v: (G.degree(v), -v))
    nodes = sorted(G.nodes)
    pairs = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(120)]
    pairs += [(hub, rng.choice(nodes)) for _ in range(20)] + [(rng.choice(nodes), hub) for _ in range(20)]
    pairs += [(rng.choice(nodes[:3000]), rng.choice(ring)) for _ in range(10)]  # disconnected
    pairs += [(ring[0], ring[20]), (7000, 7001), (7000, 7000), (hub, hub), (ring[3], ring[3]), (17, 17)]
    counts = {"found": 0, "unreachable": 0, "itself": 0}
    for a, b in pairs:
        result = run(db, "path", str(a), str(b), "--format", "csv", "--timing", ok=False)
        want = smallest_shortest_path(G, a, b)
        if want is None:
            counts["unreachable"] += 1
            check(not nx.has_path(G, a, b), f"path {a} {b}: the reference and NetworkX disagree")
            check(result.returncode == 1 and "no path" in result.stderr,
                  f"path {a} {b}: expected 'no path' and exit 1, got {result.returncode}: {result.stderr[:200]}")
            continue
        check(result.returncode == 0, f"path {a} {b}: exit {result.returncode}: {result.stderr[:200]}")
        check("image, in place" in result.stderr, f"path {a} {b}: answered from the image ({result.stderr[:200]})")
        rows = path_rows(result)
        got = [a] + [int(r["to"]) for r in rows]
        length = nx.shortest_path_length(G, a, b)
        counts["itself" if a == b else "found"] += 1
        check(len(got) - 1 == length, f"path {a} {b}: {len(got) - 1} hops, NetworkX says {length}")
        check(all(int(r["length"]) == length for r in rows), f"path {a} {b}: the length column is not {length}")
        check(all(int(r["from"]) == x and G.has_edge(x, y) for r, x, y in zip(rows, got, got[1:])),
              f"path {a} {b}: {got} is not a path of the graph")
        check(got == want, f"path {a} {b}: {got}, expected the smallest shortest path {want}")
    check(counts["found"] >= 100 and counts["unreachable"] >= 10 and counts["itself"] >= 4, f"pairs: {counts}")

    # The image and a projection from the store answer alike, byte for byte.
    for a, b in pairs[:8] + pairs[-6:]:
        for fmt in ("csv", "json"):
            mapped = run(db, "path", str(a), str(b), "--format", fmt, ok=False)
            built = run(db, "path", str(a), str(b), "--format", fmt, "--no-cache", ok=False)
            check((mapped.returncode, mapped.stdout, mapped.stderr) == (built.returncode, built.stdout, built.stderr),
                  f"path {a} {b} --format {fmt}: the image and the projection answer differently")
    print(f"pairs: {counts}")
finish()
