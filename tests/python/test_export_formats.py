#!/usr/bin/python3
"""`cityties export` read by other tools, on the render fixture and on data/kaohsiung:

  - GraphML loads in NetworkX (read_graphml) and igraph with the node and edge counts of
    `cityties stats`, every node id, every edge type, and typed attributes (int, float, bool);
  - the JSON export parses and holds the same counts;
  - the Cypher script has one CREATE per node and one MATCH ... CREATE per edge;
  - CSV round trip: export, import into a fresh database, and the two databases give identical
    `stats`, identical query results (`get`, `list`, `ties`) and, property by property, identical
    JSON exports; values with '|', commas, quotes, line breaks and CJK survive.
"""
import json
import os
import subprocess
import sys
import tempfile

import igraph
import networkx as nx

BIN = sys.argv[1]
DATASETS = ["tests/data/render"] + (["data/kaohsiung"] if os.path.isdir("data/kaohsiung") else [])
failures = []


def run(*args, db=None, check=True):
    cmd = [BIN, *args] + (["--db", db] if db else [])
    result = subprocess.run(cmd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return result


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def stats(db):
    rows = json.loads(run("stats", "--format", "json", db=db).stdout)
    return {(r["kind"], r["name"]): r["count"] for r in rows}


def load(data, tmp, name):
    db = os.path.join(tmp, name)
    run("init", db=db)
    run("import", data, db=db)
    return db


def check_graphml(db, tmp, label):
    path = os.path.join(tmp, "g.graphml")
    run("export", "--format", "graphml", "--out", path, db=db)
    counts = stats(db)
    exported = json.load(open(export_json(db, tmp, "g.json"), encoding="utf-8"))
    g = nx.read_graphml(path)
    check(g.number_of_nodes() == counts[("total", "nodes")], f"{label}: networkx nodes {g.number_of_nodes()}")
    check(g.number_of_edges() == counts[("total", "edges")], f"{label}: networkx edges {g.number_of_edges()}")
    check(set(g.nodes) == {n["id"] for n in exported["nodes"]}, f"{label}: graphml node ids differ")
    types = {}
    for _, _, data in g.edges(data=True):
        types[data["label"]] = types.get(data["label"], 0) + 1
    check(types == {name: n for (kind, name), n in counts.items() if kind == "edge_type"},
          f"{label}: graphml edge types {types}")
    for node in exported["nodes"]:
        attrs = g.nodes[node["id"]]
        check(attrs["labels"] == node["label"], f"{label}: {node['id']} label")
        for key, value in node["props"].items():
            expected = "|".join(value) if isinstance(value, list) else value
            got = attrs.get(key)
            ok = got == expected and type(got) is type(expected)
            check(ok, f"{label}: {node['id']}.{key}: graphml {got!r}, json {expected!r}")
    ig = igraph.Graph.Read_GraphML(path)
    check((ig.vcount(), ig.ecount()) == (counts[("total", "nodes")], counts[("total", "edges")]),
          f"{label}: igraph counts {ig.vcount()}, {ig.ecount()}")


def export_json(db, tmp, name):
    path = os.path.join(tmp, name)
    run("export", "--format", "json", "--out", path, db=db)
    return path


def check_cypher(db, tmp, label):
    counts = stats(db)
    for dialect in ["neo4j", "memgraph", "kuzu"]:
        path = os.path.join(tmp, f"{dialect}.cypher")
        run("export", "--format", "cypher", "--dialect", dialect, "--out", path, db=db)
        text = open(path, encoding="utf-8").read()
        lines = text.splitlines()
        creates = sum(1 for l in lines if l.startswith("CREATE (:"))
        matches = sum(1 for l in lines if l.startswith("MATCH (a:"))
        check(creates == counts[("total", "nodes")] and matches == counts[("total", "edges")],
              f"{label}: {dialect}: {creates} node CREATEs, {matches} edge MATCHes")
        check(text.endswith(";\n"), f"{label}: {dialect}: unterminated last statement")
        if dialect != "kuzu":  # Neo4j and Memgraph: escapes keep every statement on one line
            check(all(l.endswith(";") for l in lines if not l.startswith("//")),
                  f"{label}: {dialect}: a statement spans lines")


def check_csv_round_trip(db, tmp, label):
    csv = os.path.join(tmp, "csv")
    run("export", "--format", "csv", "--out", csv, db=db)
    names = sorted(os.listdir(csv))
    check(all(n.startswith(("nodes_", "edges_")) and n.endswith(".csv") for n in names), f"{label}: csv files {names}")
    copy = os.path.join(tmp, "copy")
    run("init", db=copy)
    run("import", csv, db=copy)
    check(run("stats", db=db).stdout == run("stats", db=copy).stdout, f"{label}: stats differ after the round trip")
    before = json.load(open(export_json(db, tmp, "before.json"), encoding="utf-8"))
    after = json.load(open(export_json(copy, tmp, "after.json"), encoding="utf-8"))
    for kind, key in (("nodes", lambda r: r["id"]), ("edges", lambda r: (r["from"], r["type"], r["to"]))):
        a = {key(r): r for r in before[kind]}
        b = {key(r): r for r in after[kind]}
        check(a.keys() == b.keys(), f"{label}: {kind} differ after the round trip")
        for k in a.keys() & b.keys():
            if a[k] != b[k]:
                check(False, f"{label}: {k}: {a[k]} became {b[k]}")
    check(open(os.path.join(tmp, "before.json"), "rb").read() == open(os.path.join(tmp, "after.json"), "rb").read(),
          f"{label}: the JSON exports are not byte-identical")
    # Query results are the same in both databases.
    queries = [["get", "city/kaohsiung", "--format", "json"], ["list", "--label", "City", "--format", "json"],
               ["list", "--label", "Agreement", "--format", "json"], ["ties", "city/kaohsiung", "--format", "json"]]
    for q in queries:
        a = run(*q, db=db, check=False)
        b = run(*q, db=copy, check=False)
        rows_a, rows_b = json.loads(a.stdout or "[]"), json.loads(b.stdout or "[]")
        if q[0] == "list":  # in order of internal node ids, which follow the order of import
            rows_a, rows_b = sorted(rows_a, key=json.dumps), sorted(rows_b, key=json.dumps)
        check(a.returncode == 0 and (a.returncode, rows_a) == (b.returncode, rows_b),
              f"{label}: {' '.join(q)} differs after the round trip")
    return before


def check_jsonl_round_trip(db, tmp, label):
    """export --format jsonl, then import it into a new database: the same graph, byte for byte."""
    first = os.path.join(tmp, "all.jsonl")
    run("export", "--format", "jsonl", "--out", first, db=db)
    copy = os.path.join(tmp, "jsonl-copy")
    run("init", db=copy)
    run("import", first, db=copy)
    again = os.path.join(tmp, "again.jsonl")
    run("export", "--format", "jsonl", "--out", again, db=copy)
    check(open(first, "rb").read() == open(again, "rb").read(), f"{label}: the JSON Lines round trip changed the graph")
    check(run("stats", db=db).stdout == run("stats", db=copy).stdout, f"{label}: stats differ after the JSON Lines trip")
    for q in (["ties", "city/kaohsiung", "--format", "json"], ["partners", "--format", "json"]):
        a, b = run(*q, db=db, check=False), run(*q, db=copy, check=False)
        check((a.returncode, a.stdout) == (b.returncode, b.stdout), f"{label}: {' '.join(q)} differs after the JSON Lines trip")


def check_values_csv_cannot_carry(tmp):
    """List items holding '|', empty strings and empty lists: CSV refuses them, JSON Lines keeps them."""
    db = os.path.join(tmp, "awkward")
    run("init", db=db)
    run("add", "node", "city/x", "--label", "City", "--props",
        json.dumps({"admin_level": "city", "name_en": "", "sources": ["a|b", "c, \"d\"", ""], "aliases": []}), db=db)
    refused = run("export", "--format", "csv", "--out", os.path.join(tmp, "awkward-csv"), db=db, check=False)
    check(refused.returncode != 0, "csv refuses a list item holding '|'")
    check_jsonl_round_trip(db, tmp, "awkward values")
    exported = open(os.path.join(tmp, "all.jsonl"), encoding="utf-8").read()
    check('"a|b"' in exported and '"name_en":""' in exported and '"aliases":[]' in exported,
          f"awkward values kept: {exported}")


def main():
    with tempfile.TemporaryDirectory(prefix="ct-export-") as tmp:
        check_values_csv_cannot_carry(tmp)
    for data in DATASETS:
        with tempfile.TemporaryDirectory(prefix="ct-export-") as tmp:
            db = load(data, tmp, "db")
            check_graphml(db, tmp, data)
            check_cypher(db, tmp, data)
            before = check_csv_round_trip(db, tmp, data)
            check_jsonl_round_trip(db, tmp, data)
            if data == "tests/data/render":
                nodes = {n["id"]: n for n in before["nodes"]}
                check(nodes["city/kaohsiung"]["props"]["note"] == 'home, "harbour" city, with a | bar', "awkward string")
                check(nodes["city/kumamoto"]["props"]["note"] == "line one\nline two, with a comma", "line break")
                check(nodes["city/san-antonio"]["props"]["sources"] == ["report A §1, item (2)", 'report "B" p.3'], "list")
                check(nodes["visit/2025-09-01-gdynia-delegation"]["props"]["delegation_size"] == 12, "int")
    print(f"{'FAILED' if failures else 'ok'}: export formats on {', '.join(DATASETS)}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
