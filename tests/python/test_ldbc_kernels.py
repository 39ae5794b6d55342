#!/usr/bin/python3
"""The LDBC Graphalytics kernels (bfs, sssp, wcc, pagerank, cdlp, lcc) against NetworkX and igraph.

Usage: test_ldbc_kernels.py CITYTIES_BINARY

Generated graphs, directed and undirected: several components, isolated vertices (given only in
the vertex file), sparse non-contiguous ids, integer weights (so that equal-length alternative
paths exist) and real weights. Each graph is imported with `cityties import --edgelist` into a
fresh database; each kernel's `--format csv` output (id,value sorted by numeric id) is compared
with an independent computation:
  bfs      networkx single_source_shortest_path_length (out-edges)
  sssp     networkx single_source_dijkstra_path_length and igraph distances
  wcc      networkx (weakly_)connected_components, label = smallest id
  pagerank networkx pagerank (pure Python) and igraph pagerank at convergence (100 iterations), and a direct
           transcription of the LDBC formula for a few fixed iterations
  cdlp     a direct transcription of the LDBC CDLP definition (neither library has it)
  lcc      networkx clustering / igraph transitivity_local_undirected (undirected); the LDBC
           directed definition computed from networkx neighbour sets (directed)
"""
import csv
import io
import math
import os
import random
import tempfile

import igraph
import networkx as nx

from ctutil import check, close, finish, run

UNREACHABLE = 9223372036854775807


def kernel(db, *args):
    """Runs a kernel and returns {id: value-text}, checking the header and the row order."""
    out = run(db, *args, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    check(rows[0] == ["id", "value"], f"{args[0]}: header {rows[0]}")
    ids = [int(r[0]) for r in rows[1:]]
    check(ids == sorted(ids), f"{args[0]}: rows not sorted by numeric id")
    return {int(r[0]): r[1] for r in rows[1:]}


def make_graph(seed, directed, weighted, integer_weights):
    """Three components of different shapes with sparse ids, plus isolated vertices."""
    rng = random.Random(seed)
    G = nx.DiGraph() if directed else nx.Graph()
    next_id = 5
    for size, edges in ((60, 200), (25, 40), (8, 10)):
        ids = []
        for _ in range(size):
            next_id += rng.randint(1, 9)
            ids.append(next_id)
        G.add_nodes_from(ids)
        # A spanning path keeps the component weakly connected; random edges on top.
        order = ids[:]
        rng.shuffle(order)
        pairs = set()
        for a, b in zip(order, order[1:]):
            pairs.add((a, b) if rng.random() < 0.5 or not directed else (b, a))
        while len(pairs) < edges:
            a, b = rng.sample(ids, 2)
            if not directed and (b, a) in pairs:
                continue
            pairs.add((a, b))
        for a, b in sorted(pairs):
            w = float(rng.randint(1, 4)) if integer_weights else round(rng.uniform(0.1, 10.0), 3)
            G.add_edge(a, b, weight=w if weighted else 1.0)
    for _ in range(4):
        next_id += rng.randint(1, 9)
        G.add_node(next_id)  # isolated
    return G


def import_graph(tmp, name, G, directed, weighted):
    edges = os.path.join(tmp, name + ".e")
    vertices = os.path.join(tmp, name + ".v")
    with open(vertices, "w") as f:
        for v in sorted(G.nodes):
            f.write(f"{v}\n")
    with open(edges, "w") as f:
        for a, b, data in G.edges(data=True):
            f.write(f"{a} {b} {data['weight']!r}\n" if weighted else f"{a} {b}\n")
    db = os.path.join(tmp, name + ".db")
    run(db, "init")
    args = ["import", "--edgelist", edges, "--vertices", vertices]
    if directed:
        args.append("--directed")
    if weighted:
        args.append("--weighted")
    run(db, *args)
    return db


def to_igraph(G, directed):
    ids = sorted(G.nodes)
    index = {v: i for i, v in enumerate(ids)}
    g = igraph.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in G.edges], directed=directed)
    g.es["weight"] = [d["weight"] for _, _, d in G.edges(data=True)]
    return g, ids, index


def ldbc_pagerank(G, directed, damping, iterations):
    n = G.number_of_nodes()
    rank = {v: 1.0 / n for v in G}
    out_deg = {v: (G.out_degree(v) if directed else G.degree(v)) for v in G}
    for _ in range(iterations):
        sink = sum(rank[v] for v in G if out_deg[v] == 0)
        new = {}
        for v in G:
            incoming = G.predecessors(v) if directed else G.neighbors(v)
            new[v] = (1 - damping) / n + damping * sum(rank[u] / out_deg[u] for u in incoming) + damping * sink / n
        rank = new
    return rank


def ldbc_cdlp(G, directed, iterations):
    label = {v: v for v in G}
    for _ in range(iterations):
        new = {}
        for v in G:
            seen = [label[u] for u in G.successors(v)] + [label[u] for u in G.predecessors(v)] if directed \
                else [label[u] for u in G.neighbors(v)]
            if not seen:
                new[v] = label[v]
                continue
            counts = {}
            for l in seen:
                counts[l] = counts.get(l, 0) + 1
            best = max(counts.values())
            new[v] = min(l for l, c in counts.items() if c == best)
        label = new
    return label


def ldbc_lcc_directed(G):
    lcc = {}
    for v in G:
        nbrs = (set(G.successors(v)) | set(G.predecessors(v))) - {v}
        d = len(nbrs)
        if d < 2:
            lcc[v] = 0.0
            continue
        links = sum(1 for u in nbrs for w in G.successors(u) if w in nbrs and w != u)
        lcc[v] = links / (d * (d - 1))
    return lcc


def nx_pagerank(G):
    """NetworkX PageRank (its pure-Python implementation: this python3 has no numpy)."""
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
    return _pagerank_python(G, alpha=0.85, tol=1e-13, max_iter=1000, weight=None)


def check_graph(tmp, name, directed, weighted, integer_weights, seed):
    G = make_graph(seed, directed, weighted, integer_weights)
    db = import_graph(tmp, name, G, directed, weighted)
    g, ids, index = to_igraph(G, directed)
    tag = f"{name} ({'directed' if directed else 'undirected'}{', weighted' if weighted else ''})"
    sources = [ids[0], ids[len(ids) // 2], ids[-1]]  # the last one is isolated

    for s in sources:
        got = kernel(db, "bfs", str(s))
        want = nx.single_source_shortest_path_length(G, s)
        for v in G:
            expected = want.get(v, UNREACHABLE)
            check(int(got[v]) == expected, f"{tag}: bfs from {s}: vertex {v} = {got[v]}, expected {expected}")

    for s in sources:
        got = kernel(db, "sssp", str(s))
        want = nx.single_source_dijkstra_path_length(G, s, weight="weight")
        ig = g.distances(source=[index[s]], weights="weight", mode="out")[0]
        for v in G:
            if v in want:
                check(got[v] != "infinity" and close(float(got[v]), want[v]),
                      f"{tag}: sssp from {s}: vertex {v} = {got[v]}, expected {want[v]}")
                check(close(want[v], ig[index[v]]), f"{tag}: networkx and igraph disagree on sssp {s}->{v}")
            else:
                check(got[v] == "infinity", f"{tag}: sssp from {s}: vertex {v} = {got[v]}, expected infinity")

    got = kernel(db, "wcc")
    comps = nx.weakly_connected_components(G) if directed else nx.connected_components(G)
    for comp in comps:
        smallest = min(comp)
        for v in comp:
            check(int(got[v]) == smallest, f"{tag}: wcc of {v} = {got[v]}, expected {smallest}")

    for iterations in (1, 3):
        got = kernel(db, "pagerank", "--iterations", str(iterations))
        want = ldbc_pagerank(G, directed, 0.85, iterations)
        for v in G:
            check(close(float(got[v]), want[v], 1e-12), f"{tag}: pagerank/{iterations} of {v} = {got[v]}, expected {want[v]}")
    got = kernel(db, "pagerank", "--iterations", "100")
    want = nx_pagerank(G)
    ig = g.pagerank(damping=0.85, directed=directed)
    for v in G:
        check(abs(float(got[v]) - want[v]) < 1e-8, f"{tag}: pagerank of {v} = {got[v]}, networkx {want[v]}")
        check(abs(float(got[v]) - ig[index[v]]) < 1e-8, f"{tag}: pagerank of {v} = {got[v]}, igraph {ig[index[v]]}")
    check(abs(sum(float(x) for x in got.values()) - 1.0) < 1e-9, f"{tag}: pagerank does not sum to 1")

    for iterations in (1, 2, 10):
        got = kernel(db, "cdlp", "--iterations", str(iterations))
        want = ldbc_cdlp(G, directed, iterations)
        for v in G:
            check(int(got[v]) == want[v], f"{tag}: cdlp/{iterations} of {v} = {got[v]}, expected {want[v]}")

    got = kernel(db, "lcc")
    if directed:
        want = ldbc_lcc_directed(G)
    else:
        want = nx.clustering(G)
        ig = g.transitivity_local_undirected(mode="zero")
        for v in G:
            check(close(want[v], ig[index[v]]), f"{tag}: networkx and igraph disagree on lcc of {v}")
    for v in G:
        check(close(float(got[v]), want[v], 1e-12), f"{tag}: lcc of {v} = {got[v]}, expected {want[v]}")
    print(f"{tag}: {G.number_of_nodes()} vertices, {G.number_of_edges()} edges checked")


def main():
    with tempfile.TemporaryDirectory(prefix="ct-ldbc-") as tmp:
        check_graph(tmp, "dir-int", True, True, True, 1)
        check_graph(tmp, "undir-int", False, True, True, 2)
        check_graph(tmp, "dir-real", True, True, False, 3)
        check_graph(tmp, "undir-plain", False, False, False, 4)
        # A hand-made graph with equal-length alternative paths and a tie in CDLP.
        G = nx.DiGraph()
        G.add_edges_from([(1, 2), (1, 3), (2, 4), (3, 4), (4, 5)], weight=1.0)
        G.add_node(9)
        db = import_graph(tmp, "diamond", G, True, False)
        check(kernel(db, "bfs", "1") == {1: "0", 2: "1", 3: "1", 4: "2", 5: "3", 9: str(UNREACHABLE)},
              "diamond: bfs")
        check(kernel(db, "sssp", "1")[5] == "3.0", "diamond: sssp 1->5")
    finish()


if __name__ == "__main__":
    main()
