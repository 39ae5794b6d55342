#!/usr/bin/python3
"""cityties against other graph systems on one generated graph, side by side in one run.

Usage (through bench/run.sh): run.py BUILD_DIR --edges 1M|10M [--repeat 3] [--skip SYSTEM,...]

Needs Debian's /usr/bin/python3 (python3-igraph, python3-networkx, python3-graph-tool), the
sqlite3 module, node with bench/node_modules/kuzu (npm ci in bench/) and db_bench
(rocksdb-tools); whatever is missing is reported and its column shows n/a. Everything is
written into one temporary directory, removed at the end.

The graph: `cityties generate --format edgelist` (the synthetic world of generate/world.h as a
plain graph: N = edges / 5 vertices, skewed degrees), read as undirected by every system. The
nodes: s = the vertex of highest degree (the home city), t = the last vertex (a visit), q = the
vertex at the 99th percentile of degree (for lookups and hop expansions), its name from
nodes.tsv. Times are medians of --repeat runs where one run takes under 5 s, else one run.
cityties is timed as whole CLI processes, each opening the database; with --timing its kernel
(compute) time is read too, and the kernel rows' ratios are against that kernel time.
"""
import json
import os
import pickle
import platform
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
SYSTEMS = ["cityties", "graph-tool", "igraph", "NetworkX", "Kùzu", "SQLite", "db_bench"]
ROWS = [
    ("generate", "generate the graph (cityties generate, edge list)"),
    ("import", "import / load the edge list"),
    ("import_world", "import the same world as JSONL (properties, names)"),
    ("get_id", "point lookup by id"),
    ("get_name", "point lookup by name"),
    ("hop1", "1-hop neighbours of q (ids)"),
    ("hop2", "2-hop neighbourhood of q (ids)"),
    ("hop1_process", "1-hop neighbours of q (ids), whole processes (SQLite: the sqlite3 shell)"),
    ("hop2_process", "2-hop neighbourhood of q (ids), whole processes (SQLite: the sqlite3 shell)"),
    ("hop2_listing", "2-hop listing of q with each node's name, label, parent and tie to it, whole process"),
    ("hop2_image", "2-hop neighbourhood of q (ids), whole processes, once a kernel has written the projection image"),
    ("open", "open the graph for analytics (projection / native file)"),
    ("bytes", "bytes per edge of that file"),
    ("bfs", "BFS from s"),
    ("wcc", "WCC"),
    ("pagerank", "PageRank, 20 iterations"),
    ("betweenness", "betweenness, sampled (8 sources)"),
    ("path", "shortest path s to t"),
    ("first", "first whole-graph query after the import (WCC, building the projection)"),
    ("after_edit", "WCC after one added edge (the projection brought up to date)"),
    ("memory", "peak memory (largest process)"),
]
KERNEL_ROWS = {"bfs", "wcc", "pagerank", "betweenness", "path", "hop1", "hop2"}
PIVOTS = 8
notes = []


def parse_count(text):
    m = re.fullmatch(r"(\d+)([kKmM]?)", text)
    if not m:
        raise SystemExit(f"run.py: bad count {text!r} (e.g. 1M, 10M, 200k)")
    return int(m.group(1)) * {"": 1, "k": 1000, "K": 1000, "m": 1000000, "M": 1000000}[m.group(2)]


def measure(fn, repeat):
    """Median seconds of fn() over `repeat` runs (one run when the first takes 5 s or more), and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        if times[0] >= 5:
            break
    return statistics.median(times), result


class Results:
    def __init__(self):
        self.cells = {}  # (row, system) -> seconds, or a string

    def put(self, row, system, value, kernel=None):
        self.cells[(row, system)] = (value, kernel)

    def get(self, row, system):
        return self.cells.get((row, system))


def fmt_seconds(s):
    if s >= 10:
        return f"{s:.0f} s"
    if s >= 1:
        return f"{s:.1f} s"
    if s >= 0.001:
        return f"{s * 1000:.0f} ms" if s >= 0.01 else f"{s * 1000:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def fmt_ratio(r):
    """2.8× when the peer is slower; 1/16× (a sixteenth of cityties' time) when it is faster."""
    if 0.95 <= r < 1.05:
        return "1.0×"
    if r >= 1:
        return f"{r:.2g}×" if r < 10 else f"{r:.0f}×"
    inverse = 1 / r
    return f"1/{float(f'{inverse:.2g}'):,.0f}×" if inverse >= 10 else f"1/{inverse:.2g}×"


def fmt_memory(kib):
    return f"{kib / 1048576:.1f} GiB" if kib >= 1048576 else f"{kib / 1024:.0f} MiB"


def in_child(run, res):
    """Runs a peer's benchmark in a forked process, so that its peak resident memory is its own (plus
    what this script held at the fork); the results and notes come back through a pipe."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        error = None
        try:
            run()
        except Exception as e:  # reported by the parent, as a failure of this peer
            error = f"{type(e).__name__}: {e}"
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        with os.fdopen(write_fd, "wb") as f:
            pickle.dump((res.cells, notes, error, peak), f)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as f:
        payload = f.read()
    os.waitpid(pid, 0)
    if not payload:
        raise RuntimeError("the benchmark process died")
    cells, child_notes, error, peak = pickle.loads(payload)
    res.cells.update(cells)
    notes[:] = child_notes
    if error:
        raise RuntimeError(error)
    return peak


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    return f"{os.cpu_count()} cores, {model}, {kib / 1048576:.0f} GiB RAM, {platform.system()} {platform.release()}"


# ---------------------------------------------------------------- cityties


class Cityties:
    def __init__(self, binary, tmp, repeat):
        self.binary, self.tmp, self.repeat = binary, tmp, repeat
        self.peak = {}  # KiB: "edgelist" (every command on the edge-list database), "world"

    def run(self, *args, db=None):
        """Runs one cityties command; its output goes through files, so that its own peak resident
        memory can be read when it ends (os.wait4)."""
        cmd = [self.binary, *args] + (["--db", db] if db else [])
        out_path, err_path = os.path.join(self.tmp, "cityties.out"), os.path.join(self.tmp, "cityties.err")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            pid = os.posix_spawn(cmd[0], cmd, os.environ,
                                 file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                               (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
            _, status, usage = os.wait4(pid, 0)
        with open(out_path, encoding="utf-8") as out, open(err_path, encoding="utf-8") as err:
            result = subprocess.CompletedProcess(cmd, os.waitstatus_to_exitcode(status), out.read(), err.read())
        # Peak resident memory (KiB), the world database's (its JSONL import) apart.
        key = "world" if db and os.path.basename(db) == "ct-world.db" else "edgelist"
        self.peak[key] = max(self.peak.get(key, 0), usage.ru_maxrss)
        if result.returncode != 0:
            raise RuntimeError(f"cityties {' '.join(args)}: {result.stderr.strip()}")
        return result

    def timed(self, *args, db, repeat=None, with_projection=False):
        """Whole-process median seconds, and from --timing (of the last run) the compute seconds (plus the
        projection's base and view with_projection: a point query's store reads) and the base's match."""
        seconds, result = measure(lambda: self.run(*args, "--timing", "--format", "csv", db=db), repeat or self.repeat)
        compute = re.search(r"timing: compute ([\d.]+) ms", result.stderr)
        base = re.search(r"timing: projection base ([\d.]+) ms \(([^)]*)\), view ([\d.]+) ms", result.stderr)
        store = re.search(r"timing: store reads ([\d.]+) ms", result.stderr)  # nothing projected
        kernel = float(compute.group(1)) / 1000 if compute else None
        if kernel is not None and with_projection and base:
            kernel += (float(base.group(1)) + float(base.group(3))) / 1000
        if kernel is not None and with_projection and store:
            kernel += float(store.group(1)) / 1000
        return seconds, kernel, base

    def bench(self, g, world, res):
        db = os.path.join(self.tmp, "ct-edgelist.db")

        def fresh_import():
            shutil.rmtree(db, ignore_errors=True)
            self.run("init", db=db)
            self.run("import", "--edgelist", g.edges, "--vertices", g.vertices, db=db)

        seconds, _ = measure(fresh_import, self.repeat)
        res.put("import", "cityties", seconds)
        if world:
            wdb = os.path.join(self.tmp, "ct-world.db")
            self.run("init", db=wdb)
            seconds, _ = measure(lambda: self.run("import", world, db=wdb), 1)
            res.put("import_world", "cityties", seconds)
            seconds, _ = measure(lambda: self.run("get", g.q_name, "--format", "csv", db=wdb), self.repeat)
            res.put("get_name", "cityties", seconds)
        seconds, _ = measure(lambda: self.run("get", str(g.q), "--format", "csv", db=db), self.repeat)
        res.put("get_id", "cityties", seconds)
        # The peers return the ids reached; so does `neighbors --ids` (read from the keys and the
        # nodes' heads). The full listing (names, labels, parents, ties) is a row of its own.
        for row, depth in (("hop1", "1"), ("hop2", "2")):
            seconds, kernel, _ = self.timed("neighbors", str(g.q), "--depth", depth, "--ids", db=db,
                                            with_projection=True)
            res.put(row, "cityties", seconds, kernel)
            res.put(row + "_process", "cityties", seconds)
        seconds, _, _ = self.timed("neighbors", str(g.q), "--depth", "2", db=db)
        res.put("hop2_listing", "cityties", seconds)
        # The first whole-graph query builds the projection and its cache; later ones read it.
        # The first whole-graph query builds the projection's files; later ones open them: the
        # cache (projection.cache) or, where the build has it, the image (projection.image).
        seconds, _, _ = self.timed("wcc", db=db, repeat=1)
        res.put("first", "cityties", seconds)
        # Now the default view's image is there: the ids listing walks its arcs (small images).
        seconds, _, _ = self.timed("neighbors", str(g.q), "--depth", "2", "--ids", db=db)
        res.put("hop2_image", "cityties", seconds)
        seconds, kernel, base = self.timed("wcc", db=db)
        res.put("wcc", "cityties", seconds, kernel)
        source = base.group(2).split(",")[0] if base else ""
        if source in ("cache", "image"):
            res.put("open", "cityties", (float(base.group(1)) + float(base.group(3))) / 1000)
            opened = [os.path.join(r, f) for r, _, fs in os.walk(db) for f in fs if f == "projection." + source]
            if opened:
                res.put("bytes", "cityties", f"{os.path.getsize(opened[0]) / g.m:.0f}")
            notes.append(f"cityties opens the graph for analytics from its projection.{source} file "
                         "(--timing: projection base plus view).")
        seconds, kernel, _ = self.timed("bfs", str(g.s), db=db)
        res.put("bfs", "cityties", seconds, kernel)
        seconds, kernel, _ = self.timed("pagerank", "--iterations", "20", db=db)
        res.put("pagerank", "cityties", seconds, kernel)
        seconds, kernel, _ = self.timed("path", str(g.s), str(g.t), db=db)
        res.put("path", "cityties", seconds, kernel)
        seconds, kernel, _ = self.timed("centrality", "--measure", "betweenness", "--samples", str(PIVOTS), "--top",
                                        "10", db=db, repeat=1)
        res.put("betweenness", "cityties", seconds, kernel)
        self.run("add", "edge", "--from", str(g.t), "--type", "LINK", "--to", str(g.q), db=db)
        seconds, _, base = self.timed("wcc", db=db, repeat=1)
        res.put("after_edit", "cityties", seconds)
        if base:
            notes.append(f"After one `cityties add edge`, the next WCC read its projection from "
                         f"\"{base.group(2)}\" in {float(base.group(1)):.0f} ms (a rebuild scans the store).")
        res.put("memory", "cityties", self.peak["edgelist"])
        if "world" in self.peak:
            notes.append(f"cityties' peak memory is that of its largest process on the edge-list database (import, "
                         f"lookups, kernels); importing the JSONL world took {fmt_memory(self.peak['world'])}.")
        notes.append(f"Sampled betweenness: Brandes from the same {PIVOTS} sources (every n/{PIVOTS}-th vertex by id) "
                     f"in every system; cityties' `centrality --samples {PIVOTS}`.")


# ---------------------------------------------------------------- the peers, in this process


def bench_igraph(g, res, repeat):
    import igraph
    seconds, graph = measure(lambda: load_igraph(igraph, g), repeat)
    res.put("import", "igraph", seconds)
    names = g.names()
    seconds, _ = measure(lambda: graph.vs.__setitem__("name", names), 1)
    seconds_find, _ = measure(lambda: graph.vs.find(name=g.q_name).index, repeat)
    res.put("get_name", "igraph", seconds_find)
    res.put("get_id", "igraph", measure(lambda: graph.vs[g.q].attributes(), repeat)[0])
    res.put("hop1", "igraph", measure(lambda: graph.neighbors(g.q), repeat)[0])
    res.put("hop2", "igraph", measure(lambda: graph.neighborhood(g.q, order=2), repeat)[0])
    del graph.vs["name"]
    pickle = os.path.join(g.tmp, "igraph.pickle")
    graph.write_pickle(pickle)
    res.put("open", "igraph", measure(lambda: igraph.Graph.Read_Pickle(pickle), repeat)[0])
    res.put("bytes", "igraph", f"{os.path.getsize(pickle) / g.m:.0f}")
    res.put("bfs", "igraph", measure(lambda: graph.bfs(g.s), repeat)[0])
    res.put("wcc", "igraph", measure(lambda: graph.connected_components(), repeat)[0])
    res.put("pagerank", "igraph", measure(lambda: graph.pagerank(), repeat)[0])
    notes.append("igraph's PageRank is PRPACK's exact solve (it has no iteration count); its betweenness has no "
                 "source sampling in python-igraph " + igraph.__version__ + " (only a path-length cutoff).")
    res.put("betweenness", "igraph", "n/a")
    res.put("path", "igraph", measure(lambda: graph.get_shortest_paths(g.s, g.t), repeat)[0])


def load_igraph(igraph, g):
    graph = igraph.Graph.Read_Edgelist(g.edges, directed=False)
    if graph.vcount() < g.n:
        graph.add_vertices(g.n - graph.vcount())
    return graph


def bench_graph_tool(g, res, repeat):
    import graph_tool.all as gt
    import numpy as np

    def load():
        with open(g.edges, "rb") as f:
            pairs = np.array(f.read().split(), dtype=np.int64).reshape(-1, 2)
        graph = gt.Graph(directed=False)
        graph.add_vertex(g.n)
        graph.add_edge_list(pairs)
        return graph

    seconds, graph = measure(load, repeat)
    res.put("import", "graph-tool", seconds)
    name = graph.new_vertex_property("string", vals=g.names())
    res.put("get_id", "graph-tool", measure(lambda: name[graph.vertex(g.q)], repeat)[0])
    res.put("get_name", "graph-tool", measure(lambda: gt.find_vertex(graph, name, g.q_name), repeat)[0])
    res.put("hop1", "graph-tool", measure(lambda: graph.get_all_neighbors(g.q), repeat)[0])

    def two_hops():
        first = graph.get_all_neighbors(g.q)
        return np.unique(np.concatenate([first] + [graph.get_all_neighbors(v) for v in first]))

    res.put("hop2", "graph-tool", measure(two_hops, repeat)[0])
    saved = os.path.join(g.tmp, "graph.gt")
    graph.save(saved)
    res.put("open", "graph-tool", measure(lambda: gt.load_graph(saved), repeat)[0])
    res.put("bytes", "graph-tool", f"{os.path.getsize(saved) / g.m:.0f}")
    res.put("bfs", "graph-tool", measure(lambda: gt.shortest_distance(graph, graph.vertex(g.s)), repeat)[0])
    res.put("wcc", "graph-tool", measure(lambda: gt.label_components(graph), repeat)[0])
    res.put("pagerank", "graph-tool", measure(lambda: gt.pagerank(graph, epsilon=0, max_iter=20), repeat)[0])
    pivots = np.array(g.pivots, dtype=np.int64)
    res.put("betweenness", "graph-tool", measure(lambda: gt.betweenness(graph, pivots=pivots), 1)[0])
    res.put("path", "graph-tool", measure(lambda: gt.shortest_path(graph, graph.vertex(g.s), graph.vertex(g.t)),
                                          repeat)[0])
    notes.append(f"graph-tool {gt.__version__} runs its kernels with OpenMP on all {os.cpu_count()} cores; "
                 "so does cityties' PageRank (its other kernels run on one), igraph and NetworkX on one.")


def bench_networkx(g, res, repeat):
    import networkx as nx

    def load():
        graph = nx.read_edgelist(g.edges, nodetype=int)
        graph.add_nodes_from(range(g.n))
        return graph

    seconds, graph = measure(load, 1)
    res.put("import", "NetworkX", seconds)
    names = g.names()
    for v, nm in enumerate(names):
        graph.nodes[v]["name"] = nm
    res.put("get_id", "NetworkX", measure(lambda: graph.nodes[g.q], repeat)[0])
    res.put("get_name", "NetworkX",
            measure(lambda: next(v for v, nm in graph.nodes(data="name") if nm == g.q_name), repeat)[0])
    res.put("hop1", "NetworkX", measure(lambda: list(graph.neighbors(g.q)), repeat)[0])
    res.put("hop2", "NetworkX",
            measure(lambda: nx.single_source_shortest_path_length(graph, g.q, cutoff=2), repeat)[0])
    res.put("bfs", "NetworkX", measure(lambda: nx.single_source_shortest_path_length(graph, g.s), 1)[0])
    res.put("wcc", "NetworkX", measure(lambda: list(nx.connected_components(graph)), 1)[0])

    def pagerank20():
        try:
            nx.pagerank(graph, max_iter=20, tol=1e-300)
        except nx.PowerIterationFailedConvergence:
            pass  # exactly 20 iterations ran

    res.put("pagerank", "NetworkX", measure(pagerank20, 1)[0])
    res.put("betweenness", "NetworkX", measure(lambda: betweenness_pivots_nx(nx, graph, g.pivots), 1)[0])
    res.put("path", "NetworkX", measure(lambda: nx.shortest_path(graph, g.s, g.t), repeat)[0])
    res.put("open", "NetworkX", "n/a")


def betweenness_pivots_nx(nx, graph, pivots):
    # The same sources as graph-tool's pivots (betweenness_centrality(k=) would draw its own).
    from networkx.algorithms.centrality.betweenness import _accumulate_basic, _single_source_shortest_path_basic
    b = dict.fromkeys(graph, 0.0)
    for s in pivots:
        S, P, sigma, _ = _single_source_shortest_path_basic(graph, s)
        b, _ = _accumulate_basic(b, S, P, sigma, s)
    return b


def bench_sqlite(g, res, repeat):
    path = os.path.join(g.tmp, "sqlite.db")

    def load():
        if os.path.exists(path):
            os.remove(path)
        con = sqlite3.connect(path)
        con.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "CREATE TABLE nodes(num INTEGER PRIMARY KEY, ext TEXT, label TEXT, name TEXT);"
                          "CREATE TABLE edges(src INTEGER, dst INTEGER);")
        with open(g.nodes_tsv) as f:
            con.executemany("INSERT INTO nodes VALUES (?,?,?,?)", (line.rstrip("\n").split("\t") for line in f))
        with open(g.edges) as f:
            con.executemany("INSERT INTO edges VALUES (?,?)", (line.split() for line in f))
        con.executescript("CREATE INDEX edges_src ON edges(src, dst); CREATE INDEX edges_dst ON edges(dst, src);"
                          "CREATE INDEX nodes_name ON nodes(name);")
        con.commit()
        con.close()

    seconds, _ = measure(load, 1)
    res.put("import", "SQLite", seconds)
    con = sqlite3.connect(path)
    q = lambda sql, *args: con.execute(sql, args).fetchall()  # noqa: E731
    neighbours = "SELECT dst AS n FROM edges WHERE src = {0} UNION SELECT src FROM edges WHERE dst = {0}"
    res.put("get_id", "SQLite", measure(lambda: q("SELECT * FROM nodes WHERE num = ?", g.q), repeat)[0])
    res.put("get_name", "SQLite", measure(lambda: q("SELECT * FROM nodes WHERE name = ?", g.q_name), repeat)[0])
    res.put("hop1", "SQLite", measure(lambda: q(neighbours.format("?"), g.q, g.q), repeat)[0])
    two = ("WITH one AS (" + neighbours.format("?") + ") SELECT n FROM one UNION "
           "SELECT e.dst FROM edges e JOIN one ON e.src = one.n UNION SELECT e.src FROM edges e JOIN one ON e.dst = one.n")
    res.put("hop2", "SQLite", measure(lambda: q(two, g.q, g.q), repeat)[0])
    # The same queries from a whole process, as cityties is timed: the sqlite3 shell opens the
    # database, runs the query and prints the ids.
    shell = shutil.which("sqlite3")
    for row, sql in (("hop1_process", neighbours.format(g.q)), ("hop2_process", two.replace("?", str(g.q)))):
        if shell:
            run_shell = lambda: subprocess.run([shell, path, sql], check=True, capture_output=True)  # noqa: E731
            res.put(row, "SQLite", measure(run_shell, repeat)[0])
            if row == "hop2_process":
                res.put("hop2_image", "SQLite", measure(run_shell, repeat)[0])
        else:
            res.put(row, "SQLite", "n/a (no sqlite3 shell)")
    bfs3 = ("WITH RECURSIVE reach(n, d) AS (SELECT ?, 0 UNION "
            "SELECT e.dst, r.d + 1 FROM reach r JOIN edges e ON e.src = r.n WHERE r.d < 3 UNION "
            "SELECT e.src, r.d + 1 FROM reach r JOIN edges e ON e.dst = r.n WHERE r.d < 3) "
            "SELECT n, MIN(d) FROM reach GROUP BY n")
    res.put("bfs", "SQLite", f"{fmt_seconds(measure(lambda: q(bfs3, g.s), 1)[0])}²")
    for row in ("open", "bytes", "wcc", "pagerank", "betweenness", "path"):
        res.put(row, "SQLite", "n/a")
    con.close()


def bench_kuzu(g, res, repeat):
    script = os.path.join(BENCH_DIR, "kuzu_bench.mjs")
    # Kùzu's COPY FROM goes by file extension: the same files under .csv names.
    nodes, edges = os.path.join(g.tmp, "kuzu-nodes.csv"), os.path.join(g.tmp, "kuzu-edges.csv")
    for target, link in ((g.nodes_tsv, nodes), (g.edges, edges)):
        if not os.path.exists(link):
            os.symlink(target, link)
    out = subprocess.run(["node", script, json.dumps({
        "dir": os.path.join(g.tmp, "kuzu"), "nodes": nodes, "edges": edges, "q": g.q, "name": g.q_name,
        "s": g.s, "t": g.t, "repeat": repeat})], capture_output=True, text=True, cwd=BENCH_DIR)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-500:])
    answer = json.loads(out.stdout)
    for row, seconds in answer["seconds"].items():
        res.put(row, "Kùzu", seconds)
    res.put("bfs", "Kùzu", f"{fmt_seconds(answer['seconds']['bfs'])}²")
    for row in ("open", "bytes", "wcc", "pagerank", "betweenness"):
        res.put(row, "Kùzu", "n/a")
    notes.append(f"Kùzu {answer['version']} (npm kuzu, in node): COPY FROM the same files; its graph algorithms "
                 "are an extension that is downloaded at run time, so only Cypher queries are timed.")


def bench_db_bench(g, res):
    tool = shutil.which("db_bench")
    if not tool:
        raise RuntimeError("db_bench not installed (Debian rocksdb-tools)")
    out = subprocess.run([tool, "--benchmarks=fillseq,readrandom", f"--num={g.m}", f"--reads={min(g.m, 1000000)}",
                          "--key_size=18", "--value_size=8", "--threads=1", f"--db={os.path.join(g.tmp, 'db_bench')}",
                          "--disable_wal=1"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-500:])
    ops = dict(re.findall(r"^(\w+)\s*:\s*([\d.]+) micros/op", out.stdout, re.M))
    res.put("import", "db_bench", float(ops["fillseq"]) * g.m / 1e6)
    res.put("get_id", "db_bench", float(ops["readrandom"]) / 1e6)
    notes.append(f"db_bench: fillseq of {g.m:,} 18-byte keys (one per edge, the size of an adjacency key) and "
                 "readrandom, one thread, RocksDB's own limit for the store underneath cityties.")


# ---------------------------------------------------------------- the graph and the table


class GeneratedGraph:
    def __init__(self, tmp, binary, n, m, res):
        self.tmp, self.n, self.m = tmp, n, m
        out = os.path.join(tmp, "graph")
        seconds, _ = measure(lambda: subprocess.run(
            [binary, "generate", "--nodes", str(n), "--edges", str(m), "--seed", "1", "--format", "edgelist",
             "--out", out, "--force"], check=True, capture_output=True), 1)
        res.put("generate", "cityties", seconds)
        self.edges, self.vertices, self.nodes_tsv = (os.path.join(out, f) for f in
                                                     ("edges.txt", "vertices.txt", "nodes.tsv"))
        degree = [0] * n
        with open(self.edges) as f:
            for line in f:
                a, b = line.split()
                degree[int(a)] += 1
                degree[int(b)] += 1
        order = sorted(range(n), key=lambda v: (-degree[v], v))
        self.s, self.t, self.q = order[0], n - 1, order[n // 100]
        # Every n//PIVOTS-th vertex by id: what `cityties centrality --samples PIVOTS` takes.
        self.pivots = list(range(0, n, max(1, n // PIVOTS)))[:PIVOTS]
        self.degree_s, self.degree_q, self.mean = degree[self.s], degree[self.q], 2 * m / n
        self.q_name = self.names()[self.q]

    def names(self):
        with open(self.nodes_tsv) as f:
            return [line.rstrip("\n").split("\t")[3] for line in f]


def cell(res, row, system):
    got = res.get(row, system)
    if got is None:
        return "n/a"
    value, kernel = got
    if isinstance(value, str):
        return value
    if row == "memory":
        text = fmt_memory(value)
        base = res.get(row, "cityties")
        if system != "cityties" and base and not isinstance(base[0], str) and base[0] > 0:
            text += f" ({fmt_ratio(value / base[0])})"
        return text
    text = fmt_seconds(value)
    if system == "cityties":
        what = "in process" if row in ("hop1", "hop2") else "kernel"
        return text + (f" ({what} {fmt_seconds(kernel)})" if kernel is not None else "")
    base = res.get(row, "cityties")
    if base and not isinstance(base[0], str):
        reference = base[1] if row in KERNEL_ROWS and base[1] else base[0]
        if reference > 0:
            text += f" ({fmt_ratio(value / reference)})"
    return text


def main():
    build = sys.argv[1]
    args = sys.argv[2:]
    m = parse_count(args[args.index("--edges") + 1]) if "--edges" in args else 1000000
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 3
    skip = set(args[args.index("--skip") + 1].split(",")) if "--skip" in args else set()
    n = m // 5
    binary = os.path.abspath(os.path.join(build, "cityties"))
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"run.py: no cityties binary at {binary}")
    if m > 2000000:
        skip.add("NetworkX")
        notes.append("NetworkX skipped above 2M edges: its pure-Python kernels take many minutes there.")
    res = Results()
    with tempfile.TemporaryDirectory(prefix="cityties-bench-") as tmp:
        print(f"machine: {machine()}", flush=True)
        g = GeneratedGraph(tmp, binary, n, m, res)
        print(f"graph: {n:,} vertices, {m:,} edges (undirected), mean degree {g.mean:.1f}; s = {g.s} (degree "
              f"{g.degree_s}), t = {g.t}, q = {g.q} '{g.q_name}' (degree {g.degree_q})", flush=True)
        world = None
        if "world" not in skip:
            world = os.path.join(tmp, "world")
            subprocess.run([binary, "generate", "--nodes", str(n), "--edges", str(m), "--seed", "1", "--out", world],
                           check=True, capture_output=True)
        runs = [("cityties", lambda: Cityties(binary, tmp, repeat).bench(g, world, res)),
                ("graph-tool", lambda: bench_graph_tool(g, res, repeat)),
                ("igraph", lambda: bench_igraph(g, res, repeat)),
                ("NetworkX", lambda: bench_networkx(g, res, repeat)),
                ("Kùzu", lambda: bench_kuzu(g, res, repeat)),
                ("SQLite", lambda: bench_sqlite(g, res, repeat)),
                ("db_bench", lambda: bench_db_bench(g, res))]
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for system, run in runs:
            if system in skip:
                continue
            start = time.perf_counter()
            try:
                if system == "cityties":
                    run()
                else:
                    peak = in_child(run, res)
                    if system != "db_bench":
                        res.put("memory", system, peak)
                print(f"  {system}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
            except (ImportError, RuntimeError, OSError, subprocess.CalledProcessError) as e:
                notes.append(f"{system}: not measured ({e})")
                print(f"  {system}: failed: {e}", file=sys.stderr, flush=True)
        notes.append(f"Peak memory: the largest resident set of the system's processes (os.wait4, getrusage); each "
                     f"peer runs in a process forked from this script, which held {fmt_memory(base)} then.")
    print()
    print("| step | " + " | ".join(SYSTEMS) + " |")
    print("| --- " * (len(SYSTEMS) + 1) + "|")
    for row, label in ROWS:
        print(f"| {label} | " + " | ".join(cell(res, row, s) for s in SYSTEMS) + " |")
    print()
    print("Ratios (×) are the system's time over cityties' (2.8×: cityties is 2.8 times faster; 1/16×: the "
          "system takes a sixteenth of cityties' time): over its whole CLI "
          "process for import, lookups and the hops from whole processes, over its in-process time for the other "
          "hops (reading the neighbourhood from the store and expanding it) and the kernels (compute only, on the projection). Peers run in one "
          "process with the graph loaded; cityties starts a process and opens the database for every command. "
          "Peak memory: the same ratio of memory (2.5×: the system needs 2.5 times cityties' memory).")
    if any(isinstance(v, str) and "²" in v for v, _ in res.cells.values()):
        notes.append("² SQLite and Kùzu: BFS to depth 3 only (SQLite: a recursive CTE over indexed edges, both "
                     "directions; Kùzu: MATCH p = (s)-[* SHORTEST 1..3]-(b)).")
    for note in notes:
        print("- " + note)


if __name__ == "__main__":
    main()
