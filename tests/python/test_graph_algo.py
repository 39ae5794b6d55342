#!/usr/bin/python3
"""The relationship commands against NetworkX (and an independent Python transcription where no
library has the algorithm).

Usage: test_graph_algo.py CITYTIES_BINARY

Part 1, generated graphs (imported with `import --edgelist`): undirected with several components,
isolated vertices, equal-length alternative paths and weights; checks centrality (degree,
betweenness, closeness, pagerank), components, brokers (articulation points, bridges and what
hangs on them), kcore, clustering, communities, path (shortest length, Yen -k, --all), neighbors
and common.

Part 2, the shipped dataset (data/kaohsiung, when present): the graph is rebuilt here from the
JSONL files -- not from cityties output -- applying the documented filters in Python (no
LOCATED_IN by default; --as-of windows on since/until and on Agreement/Visit dates;
--expand-agreements), and the same measures are compared, plus pairing-suggest, dormant, growth,
timeline and ties.
"""
import calendar
import csv
import io
import itertools
import json
import math
import os
import random
import tempfile

import networkx as nx

from ctutil import check, close, finish, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATASET = os.path.join(ROOT, "data", "kaohsiung")
def rows(db, *args):
    out = run(db, *args, "--format", "csv").stdout
    return list(csv.DictReader(io.StringIO(out)))


def key(v):
    """The id column as the graph's node key (ints for edge-list vertices)."""
    return int(v) if v.isdigit() else v


# ---- independent references

def nx_pagerank(G, tol=1e-13, max_iter=1000):
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
    return _pagerank_python(G, alpha=0.85, tol=tol, max_iter=max_iter, weight=None)


def async_lpa(G, order):
    """cityties' documented deterministic label propagation (algo/analytics.h)."""
    index = {v: i for i, v in enumerate(order)}
    label = {v: index[v] for v in order}
    for _ in range(100):
        changed = False
        for v in order:
            seen = [label[u] for u in G.neighbors(v) if u != v]
            if not seen:
                continue
            counts = {}
            for l in seen:
                counts[l] = counts.get(l, 0) + 1
            best = max(counts.values())
            if counts.get(label[v], 0) == best:
                continue
            label[v] = min(l for l, c in counts.items() if c == best)
            changed = True
        if not changed:
            break
    groups = {}
    for v in order:
        groups.setdefault(label[v], set()).add(v)
    return {frozenset(g) for g in groups.values()}


def broker_sizes(G):
    """Articulation points and bridges with cut_off, by removing each one (no DFS tricks)."""
    comp_of = {}
    for comp in nx.connected_components(G):
        for v in comp:
            comp_of[v] = comp
    points = {}
    for v in nx.articulation_points(G):
        H = G.subgraph(comp_of[v] - {v})
        sizes = [len(c) for c in nx.connected_components(H)]
        points[v] = (len(comp_of[v]) - 1 - max(sizes), len(sizes), len(comp_of[v]))
    bridges = {}
    for a, b in nx.bridges(G):
        H = G.subgraph(comp_of[a]).copy()
        H.remove_edge(a, b)
        side = len(nx.node_connected_component(H, a))
        bridges[frozenset((a, b))] = (min(side, len(comp_of[a]) - side), len(comp_of[a]))
    return points, bridges


# ---- comparisons shared by both parts

def compare_measures(db, G, tag, extra=()):
    order = sorted(G.nodes, key=lambda v: (not isinstance(v, int), v))
    n = G.number_of_nodes()
    converged = ("--tolerance", "1e-13", "--iterations", "1000")
    for measure, want, options in (("degree", {v: G.degree(v) for v in G}, ()),
                                   ("betweenness", nx.betweenness_centrality(G), ()),
                                   ("closeness", nx.closeness_centrality(G), ()),
                                   ("pagerank", nx_pagerank(G), converged),
                                   # the defaults stop by NetworkX's own rule (tol 1e-6, at most 100)
                                   ("pagerank", nx_pagerank(G, tol=1e-6, max_iter=100), ())):
        got = rows(db, "centrality", "--measure", measure, "--top", "0", *options, *extra)
        check(len(got) == n, f"{tag}: centrality {measure}: {len(got)} rows for {n} vertices")
        values = [float(r["value"]) for r in got]
        check(values == sorted(values, reverse=True), f"{tag}: centrality {measure} not ranked")
        for r in got:
            v = key(r["id"])
            tol = 1e-8 if measure == "pagerank" else 1e-9
            check(abs(float(r["value"]) - want[v]) <= tol, f"{tag}: {measure} of {v} = {r['value']}, expected {want[v]}")

    # Sampled betweenness: NetworkX's accumulation from the same sources (every n//k-th vertex in
    # id order), scaled as betweenness_centrality(k=) scales its own sample: n/k / ((n-1)(n-2)).
    from networkx.algorithms.centrality.betweenness import _accumulate_basic, _single_source_shortest_path_basic
    k = 7
    sources = order[::max(1, n // k)][:k]
    want = dict.fromkeys(G, 0.0)
    for s in sources:
        S, P, sigma, _ = _single_source_shortest_path_basic(G, s)
        want, _ = _accumulate_basic(want, S, P, sigma, s)
    scale = n / k / ((n - 1) * (n - 2))
    got = rows(db, "centrality", "--measure", "betweenness", "--samples", str(k), "--top", "0", *extra)
    check(len(got) == n, f"{tag}: sampled betweenness: {len(got)} rows for {n} vertices")
    for r in got:
        v = key(r["id"])
        check(abs(float(r["value"]) - want[v] * scale) <= 1e-9,
              f"{tag}: betweenness from {k} sources of {v} = {r['value']}, expected {want[v] * scale}")

    got = rows(db, "components", "--list", *extra)
    mine = {}
    for r in got:
        mine.setdefault(r["component"], set()).add(key(r["id"]))
    check({frozenset(c) for c in mine.values()} == {frozenset(c) for c in nx.connected_components(G)},
          f"{tag}: components differ")
    sizes = [len(mine[c]) for c in sorted(mine, key=int)]
    check(sizes == sorted(sizes, reverse=True), f"{tag}: components not largest first")

    points, bridges = broker_sizes(G)
    got = rows(db, "brokers", *extra)
    got_points = {key(r["id"]): (int(r["cut_off"]), int(r["pieces"]), int(r["component_size"]))
                  for r in got if r["kind"] == "articulation_point"}
    got_bridges = {frozenset((key(r["id"]), key(r["other"]))): (int(r["cut_off"]), int(r["component_size"]))
                   for r in got if r["kind"] == "bridge"}
    check(got_points == points, f"{tag}: articulation points differ: {set(got_points) ^ set(points)}")
    check(got_bridges == bridges, f"{tag}: bridges differ: {set(got_bridges) ^ set(bridges)}")

    core = nx.core_number(G)
    got = rows(db, "kcore", *extra)
    check({key(r["id"]): int(r["core"]) for r in got} == core, f"{tag}: core numbers differ")
    k = max(core.values())
    got = rows(db, "kcore", "-k", str(k), *extra)
    check({key(r["id"]) for r in got} == {v for v, c in core.items() if c >= k}, f"{tag}: the {k}-core differs")

    want = nx.clustering(G)
    for r in rows(db, "clustering", *extra):
        v = key(r["id"])
        check(close(float(r["clustering"]), want[v]), f"{tag}: clustering of {v} = {r['clustering']}, expected {want[v]}")

    got = rows(db, "communities", "--list", *extra)
    mine = {}
    for r in got:
        mine.setdefault(r["community"], set()).add(key(r["id"]))
    check({frozenset(c) for c in mine.values()} == async_lpa(G, order), f"{tag}: communities differ")
    print(f"{tag}: measures checked on {n} vertices, {G.number_of_edges()} edges")


def path_of(rows_):
    """Vertex sequences of the paths in a `path` table."""
    paths = {}
    for r in rows_:
        seq = paths.setdefault(int(r["path"]), [key(r["from"])])
        seq.append(key(r["to"]))
    return [paths[i] for i in sorted(paths)]


def valid_path(G, seq):
    return len(set(seq)) == len(seq) and all(G.has_edge(a, b) for a, b in zip(seq, seq[1:]))


def compare_paths(db, G, pairs, tag, extra=()):
    for a, b in pairs:
        ra, rb = str(a), str(b)
        has = nx.has_path(G, a, b)
        result = run(db, "path", ra, rb, "--format", "csv", *extra, ok=False)
        if not has:
            check(result.returncode == 1, f"{tag}: path {a} {b} should fail with 1, got {result.returncode}")
            continue
        got = path_of(list(csv.DictReader(io.StringIO(result.stdout))))
        want = nx.shortest_path_length(G, a, b)
        check(len(got) == 1 and len(got[0]) - 1 == want and valid_path(G, got[0]),
              f"{tag}: path {a} {b}: {got}, expected length {want}")
        # The documented tie-break: the smallest vertex sequence among shortest paths.
        if len(got) == 1 and all(isinstance(v, int) for v in got[0]):
            smallest = min(nx.all_shortest_paths(G, a, b))
            check(got[0] == smallest, f"{tag}: path {a} {b}: {got[0]}, expected the smallest {smallest}")
        k = 6
        got = path_of(rows(db, "path", ra, rb, "-k", str(k), *extra))
        want = [len(p) - 1 for p in itertools.islice(nx.shortest_simple_paths(G, a, b), k)]
        check([len(p) - 1 for p in got] == want, f"{tag}: path -k {k} {a} {b}: lengths {[len(p) - 1 for p in got]}, expected {want}")
        check(all(valid_path(G, p) for p in got) and len({tuple(p) for p in got}) == len(got),
              f"{tag}: path -k {a} {b}: invalid or repeated paths")
        hops = min(want[0] + 2, 5)
        result = run(db, "path", ra, rb, "--all", "--max-hops", str(hops), "--limit", "100000", "--format", "csv",
                     *extra, ok=False)
        got = path_of(list(csv.DictReader(io.StringIO(result.stdout))))
        want = {tuple(p) for p in nx.all_simple_paths(G, a, b, cutoff=hops)}
        check({tuple(p) for p in got} == want, f"{tag}: path --all {a} {b}: {len(got)} paths, expected {len(want)}")
        lengths = [len(p) for p in got]
        check(lengths == sorted(lengths), f"{tag}: path --all not shortest first")

    for a, _ in pairs[:3]:
        for depth in (1, 2):
            got = {key(r["id"]): int(r["depth"]) for r in rows(db, "neighbors", str(a), "--depth", str(depth), *extra)}
            want = nx.single_source_shortest_path_length(G, a, cutoff=depth)
            del want[a]
            check(got == want, f"{tag}: neighbors {a} --depth {depth} differ")
    for a, b in pairs[:3]:
        got = {key(r["id"]) for r in rows(db, "common", str(a), str(b), *extra)}
        check(got == set(nx.common_neighbors(G, a, b)), f"{tag}: common {a} {b} differ")


# ---- part 1: generated graphs

def generated(tmp):
    rng = random.Random(7)
    G = nx.Graph()
    # Component 1: a grid (many equal-length alternatives) with a tail and a pendant triangle.
    grid = nx.grid_2d_graph(4, 5)
    ids = {node: 10 + 3 * i for i, node in enumerate(sorted(grid.nodes))}
    G.add_edges_from((ids[a], ids[b]) for a, b in grid.edges)
    G.add_edges_from([(ids[(3, 4)], 200), (200, 201), (201, 202), (202, 200), (201, 203)])
    # Component 2: a random graph; component 3: a path; and isolated vertices.
    nodes = list(range(300, 340))
    G.add_nodes_from(nodes)
    while G.subgraph(nodes).number_of_edges() < 70:
        G.add_edge(*rng.sample(nodes, 2))
    G.add_edges_from([(500, 501), (501, 502)])
    G.add_nodes_from([900, 901])
    edges = os.path.join(tmp, "g.e")
    vertices = os.path.join(tmp, "g.v")
    with open(edges, "w") as f:
        for a, b in G.edges:
            # Store a random direction: the property-graph commands must not care.
            f.write(f"{a} {b}\n" if rng.random() < 0.5 else f"{b} {a}\n")
    with open(vertices, "w") as f:
        f.writelines(f"{v}\n" for v in sorted(G.nodes))
    db = os.path.join(tmp, "g.db")
    run(db, "init")
    run(db, "import", "--edgelist", edges, "--vertices", vertices, "--directed")
    compare_measures(db, G, "generated")
    pairs = [(ids[(0, 0)], ids[(3, 4)]), (ids[(0, 0)], 203), (300, 317), (ids[(1, 1)], 500), (500, 502),
             (ids[(2, 3)], ids[(0, 1)])]
    compare_paths(db, G, pairs, "generated")

    # Weighted paths: Dijkstra lengths.
    W = nx.Graph()
    for a, b in G.subgraph(list(ids.values()) + [200, 201, 202, 203]).edges:
        W.add_edge(a, b, weight=rng.randint(1, 5))
    wedges = os.path.join(tmp, "w.e")
    with open(wedges, "w") as f:
        for a, b, d in W.edges(data=True):
            f.write(f"{a} {b} {d['weight']}\n")
    wdb = os.path.join(tmp, "w.db")
    run(wdb, "init")
    run(wdb, "import", "--edgelist", wedges, "--weighted")
    for a, b in [(ids[(0, 0)], ids[(3, 4)]), (ids[(0, 0)], 203), (ids[(2, 0)], ids[(0, 4)])]:
        got = rows(wdb, "path", str(a), str(b), "--weighted")
        want = nx.dijkstra_path_length(W, a, b)
        check(close(float(got[0]["length"]), want), f"weighted: path {a} {b} = {got[0]['length']}, expected {want}")
        seq = path_of(got)[0]
        check(close(sum(W[x][y]["weight"] for x, y in zip(seq, seq[1:])), want), f"weighted: path {a} {b} not that long")
        got = path_of(rows(wdb, "path", str(a), str(b), "--weighted", "-k", "5"))
        lengths = [sum(W[x][y]["weight"] for x, y in zip(p, p[1:])) for p in got]
        want = [nx.path_weight(W, p, "weight") for p in itertools.islice(nx.shortest_simple_paths(W, a, b, "weight"), 5)]
        check(all(close(x, y) for x, y in zip(lengths, want)) and len(lengths) == len(want),
              f"weighted: path -k {a} {b}: {lengths}, expected {want}")
    print("generated: paths checked")


# ---- part 2: the shipped dataset, rebuilt from its JSONL files

def first_day(text):
    parts = [int(x) for x in text.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(text):
    parts = [int(x) for x in text.split("-")]
    y = parts[0]
    m = parts[1] if len(parts) > 1 else 12
    d = parts[2] if len(parts) > 2 else calendar.monthrange(y, m)[1]
    return (y, m, d)


def in_window(begin, end, since, until):
    if until and begin and first_day(begin) > last_day(until):
        return False
    if since and end and last_day(end) < first_day(since):
        return False
    return True


def load_dataset():
    nodes, edges = {}, []
    for name in sorted(os.listdir(DATASET)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(DATASET, name), encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("//"):
                    continue
                rec = json.loads(line)
                if "id" in rec:
                    nodes[rec["id"]] = rec
                else:
                    edges.append(rec)
    return nodes, edges


def dataset_graph(nodes, edges, since=None, until=None, expand=False):
    G = nx.Graph()
    keep = set()
    for nid, rec in nodes.items():
        p = rec.get("props", {})
        label = rec["label"]
        begin, end = (p.get("date"), p.get("end_date")) if label in ("Agreement", "Visit") else (None, None)
        if label == "Visit" and not end:
            end = begin
        if not in_window(begin, end, since, until):
            continue
        # Under a window, an undated agreement or visit is left out (--include-undated keeps it).
        if (since or until) and label in ("Agreement", "Visit") and not begin and not p.get("end_date"):
            continue
        if expand and label == "Agreement":
            continue
        keep.add(nid)
        G.add_node(nid)
    parties = {}
    for e in edges:
        if e["type"] == "LOCATED_IN":
            continue
        p = e.get("props", {})
        if not in_window(p.get("since"), p.get("until"), since, until):
            continue
        # Under a window, a tie dated neither by itself (since, until, as_of) nor by an agreement
        # or visit at one of its ends is left out.
        hub = any(nodes[x]["label"] in ("Agreement", "Visit") for x in (e["from"], e["to"]) if x in nodes)
        if (since or until) and not hub and not any(p.get(k) for k in ("since", "until", "as_of")):
            continue
        if expand and e["type"] == "PARTY_TO" and nodes[e["to"]]["label"] == "Agreement":
            a = nodes[e["to"]]
            ap = a.get("props", {})
            if in_window(ap.get("date"), ap.get("end_date"), since, until) and e["from"] in keep:
                parties.setdefault(e["to"], set()).add(e["from"])
            continue
        if e["from"] in keep and e["to"] in keep and e["from"] != e["to"]:
            G.add_edge(e["from"], e["to"])
    for members in parties.values():
        for a, b in itertools.combinations(sorted(members), 2):
            G.add_edge(a, b)
    return G


def city_of(nodes, edges):
    targets = {}
    for e in edges:
        if e["type"] == "LOCATED_IN":
            targets.setdefault(e["from"], []).append(e["to"])
    return {v: min(t) for v, t in targets.items() if nodes[min(t)]["label"] == "City"}


def check_pairing_suggest(db, nodes, edges, G, school):
    cities = city_of(nodes, edges)
    here = cities.get(school)

    def extended(x):
        nb = set(G.neighbors(x))
        if x in cities and cities[x] in G:
            nb |= set(G.neighbors(cities[x]))
        return nb - {x, cities.get(x)}

    paired = set()
    for e in edges:
        if e["type"] == "PAIRED_WITH" and school in (e["from"], e["to"]):
            paired.add(e["to"] if e["from"] == school else e["from"])
    for a, rec in nodes.items():
        if rec["label"] == "Agreement" and a in G and school in G[a]:
            paired |= {y for y in G.neighbors(a) if nodes[y]["label"] == "School"}
    mine = extended(school)
    want = {}
    for c, rec in nodes.items():
        if rec["label"] != "School" or c == school or c in paired or (here and cities.get(c) == here):
            continue
        shared = (mine & extended(c)) - {school, c}
        if shared:
            want[c] = sum(1 / math.log(max(2, G.degree(z))) for z in shared)
    got = {r["id"]: float(r["score"]) for r in rows(db, "pairing-suggest", school, "--top", "0")}
    check(set(got) == set(want), f"dataset: pairing-suggest {school}: candidates differ: {set(got) ^ set(want)}")
    for c in got.keys() & want.keys():
        check(abs(got[c] - want[c]) < 1e-6, f"dataset: pairing-suggest {school}: {c} = {got[c]}, expected {want[c]}")


def check_dormant_growth_timeline(db, nodes, edges, G):
    # Dormant since 2020 for pairs with Kaohsiung: recomputed from the JSONL.
    party_of = {}
    for e in edges:
        if e["type"] == "PARTY_TO":
            party_of.setdefault(e["to"], set()).add(e["from"])
    last = {}
    ok_label = lambda v: nodes[v]["label"] not in ("Official", "Agreement", "Visit")
    for a, members in party_of.items():
        date = nodes[a]["props"].get("date")
        for x, y in itertools.combinations(sorted(m for m in members if ok_label(m)), 2):
            pair = frozenset((x, y))
            last.setdefault(pair, None)
            if date and (last[pair] is None or first_day(date) > first_day(last[pair])):
                last[pair] = date
    for e in edges:
        if e["type"] == "PAIRED_WITH":
            pair = frozenset((e["from"], e["to"]))
            last.setdefault(pair, None)
            since = e.get("props", {}).get("since")
            if since and (last[pair] is None or first_day(since) > first_day(last[pair])):
                last[pair] = since
    visits = {}
    for e in edges:
        for v, other in ((e["to"], e["from"]), (e["from"], e["to"])):
            if nodes[v]["label"] == "Visit" and nodes[other]["label"] not in ("Visit", "Agreement"):
                visits.setdefault(v, set()).add(other)
    for v, members in visits.items():
        date = nodes[v]["props"]["date"]
        for x, y in itertools.combinations(members, 2):
            pair = frozenset((x, y))
            if pair in last and (last[pair] is None or first_day(date) > first_day(last[pair])):
                last[pair] = date
    want = {pair for pair, date in last.items() if "city/kaohsiung" in pair and (date is None or last_day(date) < (2020, 1, 1))}
    every_status = ("--status", "in_force,planned,ended,lapsed,unknown")
    got = {frozenset((r["a"], r["b"])) for r in rows(db, "dormant", "--since", "2020", "--node", "city/kaohsiung", *every_status)}
    check(got == want, f"dataset: dormant since 2020 differs: {len(got)} vs {len(want)}: {list(got ^ want)[:5]}")
    # By default a planned tie is not dormant (it never started): exactly the planned pairs go.
    default = {frozenset((r["a"], r["b"])) for r in rows(db, "dormant", "--since", "2020", "--node", "city/kaohsiung")}
    planned = {frozenset((r["a"], r["b"])) for r in rows(db, "dormant", "--since", "2020", "--node", "city/kaohsiung", "--status", "planned")}
    check(default == got - planned and planned <= got and planned, f"dataset: dormant without planned: {len(default)}, {len(planned)} planned")

    # Growth: agreements and visits per year.
    agreements, visits_per_year = {}, {}
    for rec in nodes.values():
        date = rec.get("props", {}).get("date")
        if rec["label"] == "Agreement" and date:
            agreements[first_day(date)[0]] = agreements.get(first_day(date)[0], 0) + 1
        if rec["label"] == "Visit":
            visits_per_year[first_day(date)[0]] = visits_per_year.get(first_day(date)[0], 0) + 1
    def count(r, key):
        # A year no report covers has no count (unknown, not zero).
        if r[key] == "":
            check(r["covered"] == "no", f"dataset: growth {r['year']}: no {key} count, yet covered")
            return 0
        return int(r[key])

    for r in rows(db, "growth"):
        if r["year"] == "undated":
            continue
        y = int(r["year"])
        check(count(r, "agreements") == agreements.get(y, 0), f"dataset: growth {y}: agreements {r['agreements']}")
        check(count(r, "visits") == visits_per_year.get(y, 0), f"dataset: growth {y}: visits {r['visits']}")

    # Ties and timeline of Gdynia: every tie but LOCATED_IN; one event per dated hub.
    got = rows(db, "ties", "city/gdynia")
    want = [e for e in edges if "city/gdynia" in (e["from"], e["to"]) and e["type"] != "LOCATED_IN"]
    check(len(got) == len(want), f"dataset: ties of Gdynia: {len(got)} rows, expected {len(want)}")
    hubs = {e["to"] if e["from"] == "city/gdynia" else e["from"] for e in want}
    dated = sorted(first_day(nodes[h]["props"]["date"]) for h in hubs
                   if nodes[h]["label"] in ("Agreement", "Visit") and nodes[h]["props"].get("date"))
    got = [first_day(r["date"]) for r in rows(db, "timeline", "city/gdynia") if r["date"] and r["event"] in ("visit", "agreement signed")]
    check(got == dated, f"dataset: timeline of Gdynia: {got}, expected {dated}")


def dataset(tmp):
    if not os.path.isdir(DATASET):
        print("dataset: data/kaohsiung absent, skipped")
        return
    db = os.path.join(tmp, "k.db")
    run(db, "init")
    run(db, "import", DATASET)
    nodes, edges = load_dataset()
    G = dataset_graph(nodes, edges)
    compare_measures(db, G, "dataset")
    pairs = [("city/kaohsiung", "city/gdynia"), ("city/kaohsiung", "city/kumamoto"),
             ("school/kaohsiung-municipal-kaohsiung-senior-high-school", "city/gdynia")]
    pairs = [(a, b) for a, b in pairs if a in G and b in G]
    compare_paths(db, G, pairs, "dataset")

    for as_of in ("2016", "2023-06"):
        H = dataset_graph(nodes, edges, as_of, as_of)
        got = rows(db, "project", "--vertices", "--as-of", as_of)
        check({r["id"] for r in got} == set(H.nodes), f"dataset --as-of {as_of}: vertices differ")
        degrees = {r["id"]: int(r["degree"]) for r in got}
        check(degrees == dict(H.degree), f"dataset --as-of {as_of}: degrees differ")
        got = rows(db, "components", "--list", "--as-of", as_of)
        check(len({r["component"] for r in got}) == nx.number_connected_components(H),
              f"dataset --as-of {as_of}: component count differs")
        print(f"dataset --as-of {as_of}: {H.number_of_nodes()} vertices, {H.number_of_edges()} edges checked")
    E = dataset_graph(nodes, edges, expand=True)
    got = rows(db, "centrality", "--measure", "degree", "--top", "0", "--expand-agreements")
    check({r["id"]: int(r["value"]) for r in got} == dict(E.degree), "dataset --expand-agreements: degrees differ")
    want = nx.betweenness_centrality(E)
    for r in rows(db, "centrality", "--measure", "betweenness", "--top", "10", "--expand-agreements"):
        check(abs(float(r["value"]) - want[r["id"]]) < 1e-9, f"dataset --expand-agreements: betweenness of {r['id']}")
    print(f"dataset --expand-agreements: {E.number_of_nodes()} vertices, {E.number_of_edges()} edges checked")

    schools = sorted(v for v, rec in nodes.items() if rec["label"] == "School" and v.startswith("school/kaohsiung"))
    for school in schools[:4]:
        check_pairing_suggest(db, nodes, edges, G, school)
    check_dormant_growth_timeline(db, nodes, edges, G)

    # school-path: every route is a path of the graph with LOCATED_IN, and the "city partnership"
    # routes are exactly the agreements both cities are parties to.
    school = "school/kaohsiung-municipal-kaohsiung-senior-high-school"
    if school in nodes and "city/gdynia" in nodes:
        L = G.copy()
        for e in edges:
            if e["type"] == "LOCATED_IN":
                L.add_edge(e["from"], e["to"])
        routes = rows(db, "school-path", school, "--to", "city/gdynia", "--limit", "100")
        for r in routes:
            seq = r["ids"].split("|")
            check(valid_path(L, seq) and seq[0] == school and seq[-1] == "city/gdynia", f"dataset: school-path route {seq}")
        got = {r["ids"].split("|")[2] for r in routes if r["kind"] == "city partnership"}
        want = {a for a in G.neighbors("city/kaohsiung")
                if nodes[a]["label"] == "Agreement" and G.has_edge(a, "city/gdynia")}
        check(got == want, f"dataset: school-path partnerships {got}, expected {want}")
        kinds = [r["kind"] for r in routes]
        rank = ["existing pairing", "city partnership", "peer pairing", "shared tie", "other path"]
        check([rank.index(k) for k in kinds] == sorted(rank.index(k) for k in kinds), "dataset: school-path not ranked")
    print("dataset: checked")


def main():
    with tempfile.TemporaryDirectory(prefix="ct-graph-algo-") as tmp:
        generated(tmp)
        dataset(tmp)
    finish()


if __name__ == "__main__":
    main()
