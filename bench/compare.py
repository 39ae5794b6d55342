#!/usr/bin/python3
"""Times cityties, NetworkX and igraph on the same random graph, in one run.

Usage: bench/compare.py BUILD_DIR [--vertices N] [--edges M]

BUILD_DIR is a build configured with -DCITYTIES_BUILD_BENCH=ON (it needs BUILD_DIR/cityties and
BUILD_DIR/bench/cityties_bench). Steps:
  1. cityties_bench builds the graph in a fresh store and times the projection and the kernels
     in-process (see bench/graph_bench.cpp); it also writes the edge list;
  2. the cityties CLI imports that edge list and runs bfs / wcc / pagerank with --timing, once
     without the projection cache and once with it (what a user sees per command);
  3. NetworkX (pure Python: this python3 has no numpy) and igraph load the same edge list and run
     BFS, weakly connected components and PageRank.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

import igraph
import networkx as nx


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - start) * 1000


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    args = sys.argv[2:]
    vertices = int(args[args.index("--vertices") + 1]) if "--vertices" in args else 200000
    edges = int(args[args.index("--edges") + 1]) if "--edges" in args else 1000000
    binary = os.path.join(build, "cityties")
    with tempfile.TemporaryDirectory(prefix="ct-bench-") as tmp:
        edge_file = os.path.join(tmp, "edges.txt")
        print("== cityties_bench (in-process, min/median of 3)")
        subprocess.run([os.path.join(build, "bench", "cityties_bench"), "--vertices", str(vertices), "--edges",
                        str(edges), "--dir", os.path.join(tmp, "bench"), "--edges-out", edge_file], check=True)

        print("\n== cityties CLI (per command, wall clock; --timing lines from stderr)")
        db = os.path.join(tmp, "cli.db")
        subprocess.run([binary, "init", "--db", db], check=True, capture_output=True)
        _, ms = timed(lambda: subprocess.run([binary, "import", "--db", db, "--edgelist", edge_file, "--directed"],
                                             check=True, capture_output=True))
        print(f"import --edgelist                     {ms:9.1f} ms")
        for label, extra in (("no cache", ["--no-cache"]), ("cached", [])):
            for cmd in (["bfs", "0"], ["wcc"], ["pagerank", "--iterations", "20"]):
                result, ms = timed(lambda: subprocess.run([binary, *cmd, "--db", db, "--format", "csv", "--timing", *extra],
                                                          check=True, capture_output=True, text=True))
                timing = " | ".join(re.sub(r"^timing: ", "", l) for l in result.stderr.splitlines() if l.startswith("timing"))
                print(f"{' '.join(cmd):<22} {label:<9} {ms:9.1f} ms total   ({timing})")

        print("\n== NetworkX", nx.__version__)
        G, ms = timed(lambda: nx.read_edgelist(edge_file, nodetype=int, create_using=nx.DiGraph))
        G.add_nodes_from(range(vertices))
        print(f"load                                  {ms:9.1f} ms")
        _, ms = timed(lambda: nx.single_source_shortest_path_length(G, 0))
        print(f"bfs                                   {ms:9.1f} ms")
        _, ms = timed(lambda: list(nx.weakly_connected_components(G)))
        print(f"wcc                                   {ms:9.1f} ms")
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        def pagerank20():
            try:
                _pagerank_python(G, alpha=0.85, max_iter=20, tol=1e-300)
            except nx.PowerIterationFailedConvergence:
                pass  # exactly 20 iterations ran

        _, ms = timed(pagerank20)
        print(f"pagerank (20 iterations)              {ms:9.1f} ms")

        print("\n== igraph", igraph.__version__)
        g, ms = timed(lambda: igraph.Graph.Read_Edgelist(edge_file, directed=True))
        if g.vcount() < vertices:
            g.add_vertices(vertices - g.vcount())
        print(f"load                                  {ms:9.1f} ms")
        _, ms = timed(lambda: g.distances(source=[0], mode="out"))
        print(f"bfs (distances from one source)       {ms:9.1f} ms")
        _, ms = timed(lambda: g.connected_components(mode="weak"))
        print(f"wcc                                   {ms:9.1f} ms")
        _, ms = timed(lambda: g.pagerank(damping=0.85))
        print(f"pagerank (PRPACK, solved exactly)     {ms:9.1f} ms")


if __name__ == "__main__":
    main()
