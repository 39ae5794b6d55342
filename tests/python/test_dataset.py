#!/usr/bin/python3
"""Checks of the shipped Kaohsiung dataset (data/kaohsiung), independent of cityties' own code
where it can be: connectivity with NetworkX, name folding with Python's unicodedata.

  - it imports with zero errors and `cityties validate` passes;
  - every node and edge carries its source (a report item or the secondary reference);
  - every node is connected to Kaohsiung;
  - no two nodes of a label share a name or alias (NFKC + case folded);
  - facts from the reports that the dataset must hold (multi-party MOUs, school pairings,
    anniversary-derived years, secondary-source marking);
  - every agreement has a status, and the sister-city agreements split by status and source
    tier as the reports and the secondary list give them; a note that says a value comes from
    the secondary list belongs to a record that marks it (secondary or secondary_props);
  - coverage.json names every report once, with its period;
  - the statistics in the README are the database's.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

import networkx as nx

from ctutil import report

BIN = sys.argv[1]
DATA = "data/kaohsiung"
REPORTS = {os.path.basename(p) for p in glob.glob("../shared/seeds/*.txt")} | {
    "000_7171382b04180599.txt", "001_dbc2bf830f2d2891.txt", "002_6b802bc92c7d7165.txt",
    "003_be5196aa093fe3a6.txt", "004_6de0411d3e247b52.txt"}
REFERENCE = "reference/kaohsiung_twin_towns_secondary.tsv"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def load():
    nodes, edges = {}, []
    for path in sorted(glob.glob(f"{DATA}/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("//"):
                    continue
                record = json.loads(line)
                record["_at"] = f"{path}:{number}"
                record.setdefault("props", {})
                if "label" in record:
                    nodes[record["id"]] = record
                else:
                    edges.append(record)
    return nodes, edges


def fold(name):
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[-_.\s]+", " ", folded).split())


# A note that says some value of the record comes from the secondary list, not the reports.
SECONDARY_VALUE_NOTE = re.compile(r"(year|date|kind)s?\b[^;]*\bfrom the (secondary|reference)|"
                                  r"\b\d{4} from the (secondary|reference)")


def check_status_and_tier(nodes):
    agreements = {i: r for i, r in nodes.items() if r["label"] == "Agreement"}
    for node_id, record in agreements.items():
        props = record["props"]
        check(props.get("status") in {"in_force", "planned", "ended", "lapsed", "unknown"},
              f"{record['_at']}: {node_id} has status {props.get('status')!r}")
    for record in nodes.values():
        props = record["props"]
        for name in props.get("secondary_props", []):
            check(name in props, f"{record['_at']}: secondary_props names {name!r}, which the record lacks")
        if props.get("secondary_props"):
            check(any(s.startswith(REFERENCE) for s in props.get("sources", [])),
                  f"{record['_at']}: secondary_props without the reference among its sources")
        note = props.get("note", "")
        check(not SECONDARY_VALUE_NOTE.search(note) or props.get("secondary") or props.get("secondary_props"),
              f"{record['_at']}: the note says a value comes from the secondary list, but nothing marks it: {note!r}")

    # Sister cities: in force in the reports, planned in the 2015 report, or named only by the
    # secondary list (status unknown: no report says they are in force).
    sister = [r["props"] for r in agreements.values() if r["props"]["kind"] == "sister_city"]
    reported = [p for p in sister if not p.get("secondary")]
    counts = {
        "in force, from the reports": sum(p["status"] == "in_force" for p in reported),
        "planned": sum(p["status"] == "planned" for p in reported),
        "secondary only": sum(bool(p.get("secondary")) for p in sister),
        "secondary only, status unknown": sum(bool(p.get("secondary")) and p["status"] == "unknown" for p in sister),
        "in force, kind only from the secondary list": sum(
            p["status"] == "in_force" and "kind" in p.get("secondary_props", []) for p in reported),
        "in force, start year only from the secondary list": sum(
            p["status"] == "in_force" and "date" in p.get("secondary_props", []) for p in reported),
    }
    expected = {"in force, from the reports": 17, "planned": 3, "secondary only": 16,
                "secondary only, status unknown": 16, "in force, kind only from the secondary list": 3,
                "in force, start year only from the secondary list": 7}
    check(counts == expected, f"sister-city agreements by status and tier: {counts}, expected {expected}")
    # Every start year the reports do not give and the secondary list does is marked.
    years_from_reference = ["busan-sister-city", "honolulu-sister-city", "tulsa-sister-city",
                            "belize-city-sister-city", "pristina-sister-city", "seattle-sister-city",
                            "king-county-sister-city", "daegu-friendship-city", "aomori-prefecture-mutsu-friendship"]
    for name in years_from_reference:
        record = agreements.get(f"agreement/kaohsiung-{name}")
        check(record is not None and "date" in record["props"].get("secondary_props", []),
              f"agreement/kaohsiung-{name}: its year comes only from the secondary list but is not marked")


def check_coverage():
    with open(f"{DATA}/coverage.json", encoding="utf-8") as f:
        periods = json.load(f)["periods"]
    files = [p["file"] for p in periods]
    check(sorted(files) == sorted(set(files)) and set(files) == REPORTS,
          f"coverage.json should name each report once: {files}")
    for p in periods:
        check(p["start"] <= p["end"], f"coverage.json: {p['file']} ends before it starts")


def main():
    nodes, edges = load()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "db")
        subprocess.run([BIN, "init", "--db", db], check=True, capture_output=True)
        result = subprocess.run([BIN, "import", "--db", db, DATA], capture_output=True, text=True)
        check(result.returncode == 0, f"import failed: {result.stderr}")
        result = subprocess.run([BIN, "validate", "--db", db], capture_output=True, text=True)
        check(result.returncode == 0, f"validate failed: {result.stdout}{result.stderr}")
        stats = subprocess.run([BIN, "stats", "--db", db, "--format", "csv"], capture_output=True, text=True).stdout

    # Provenance on every node and edge, naming a report or the reference list.
    for record in list(nodes.values()) + edges:
        sources = record["props"].get("sources") or []
        check(sources, f"{record['_at']}: no sources")
        for source in sources:
            check(source.split(" ")[0] in REPORTS or source.startswith(REFERENCE),
                  f"{record['_at']}: source {source!r} names neither a report nor the reference")
        if record["props"].get("secondary"):
            check(any(s.startswith(REFERENCE) for s in sources), f"{record['_at']}: secondary without the reference")

    # Every node reaches Kaohsiung.
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((e["from"], e["to"]) for e in edges)
    reached = nx.node_connected_component(graph, "city/kaohsiung")
    for node in sorted(set(nodes) - reached):
        check(False, f"{nodes[node]['_at']}: {node} is not connected to city/kaohsiung")

    # No two nodes of a label share a folded name or alias.
    seen = {}
    for node_id, record in nodes.items():
        props = record["props"]
        names = [props.get(k) for k in ("name_zh", "name_en", "name", "romanised")] + props.get("aliases", [])
        for name in {fold(n) for n in names if n}:
            other = seen.setdefault((record["label"], name), node_id)
            check(other == node_id, f"{record['_at']}: {node_id} and {other} are both '{name}' ({record['label']})")

    parties = {}
    for e in edges:
        if e["type"] == "PARTY_TO":
            parties.setdefault(e["to"], set()).add(e["from"])
    by_parties = {frozenset(p): a for a, p in parties.items()}

    # Multi-party agreements are one node with every party.
    six = frozenset({"city/kaohsiung", "institution/arizona-commerce-authority", "city/pima-county", "city/tucson",
                     "institution/university-of-arizona", "institution/national-sun-yat-sen-university"})
    check(six in by_parties, "the six-party MOU with all six parties is missing")
    for trio in ({"city/kaohsiung", "city/arizona", "city/kumamoto-prefecture"},
                 {"city/kaohsiung", "city/san-antonio", "city/kumamoto"}):
        check(frozenset(trio) in by_parties, f"the tripartite MOU {sorted(trio)} is missing")
    for agreement, members in parties.items():
        check(nodes[agreement]["label"] == "Agreement", f"PARTY_TO ends at {agreement}")

    def ties_with(place, kinds):
        return [a for a, p in parties.items() if {"city/kaohsiung", place} <= p and nodes[a]["props"]["kind"] in kinds]

    # Formal ties the reports give (sister, friendship, MOUs, declarations).
    for place, kinds in {
        "city/gdynia": {"sister_city"}, "city/katowice": {"sister_city", "friendship_declaration"},
        "city/guam": {"sister_city"}, "city/aomori-prefecture": {"friendship_city"}, "city/mutsu": {"friendship_city"},
        "city/poznan": {"cooperation_mou"}, "city/goyang": {"cooperation_mou"}, "city/kitakyushu": {"cooperation_mou"},
        "city/dresden": {"cooperation_mou"}, "city/pristina": {"sister_city"}, "city/mbabane": {"sister_city"},
        "city/kumamoto": {"friendship_city"}, "city/hachioji": {"friendship_city"}, "city/sado": {"friendship_city"},
    }.items():
        check(ties_with(place, kinds), f"no {kinds} agreement between Kaohsiung and {place}")

    # Years derived from anniversaries: 40th in 2022 (San Antonio), 35th in 2023 (Portland).
    for place, year in {"city/san-antonio": "1982", "city/portland": "1988"}.items():
        dates = [nodes[a]["props"].get("date", "") for a in ties_with(place, {"sister_city"})]
        check(any(d.startswith(year) for d in dates), f"sister-city tie with {place} should date from {year}: {dates}")

    # School pairings: one Kaohsiung school with nine Mutsu junior high schools is nine pairings.
    located = {e["from"]: e["to"] for e in edges if e["type"] == "LOCATED_IN"}
    mutsu_pairs = [e for e in edges if e["type"] == "PAIRED_WITH"
                   and e["from"] == "school/kaohsiung-municipal-yangming-junior-high-school"
                   and located.get(e["to"]) == "city/mutsu"]
    check(len(mutsu_pairs) == 9, f"Yangming should pair with nine Mutsu schools, found {len(mutsu_pairs)}")
    for e in edges:
        if e["type"] == "PAIRED_WITH":
            check(located.get(e["from"]) and located.get(e["to"]), f"{e['_at']}: a paired school has no city")

    # Partners found only in the secondary list are marked secondary.
    # The reference list sits beside the repository, not in it: a clone without it skips this
    # check, and says so.
    reference = os.path.join("..", "shared", REFERENCE)
    rows = []
    if os.path.exists(reference):
        with open(reference, encoding="utf-8") as f:
            rows = [l.split("\t") for l in f if l.strip() and not l.startswith("#")][1:]
    else:
        print(f"SKIP: {reference} is not beside this clone; the partners of the reference list are not checked")
    names = {fold(n): i for i, r in nodes.items() if r["label"] == "City"
             for n in [r["props"].get("name_en", "")] + r["props"].get("aliases", []) if n}
    for row in rows:
        node = names.get(fold(row[0]))
        check(node is not None, f"the reference's partner {row[0]} is missing")

    check_status_and_tier(nodes)
    check_coverage()

    # The README's statistics are the database's.
    with open("README.md", encoding="utf-8") as f:
        readme = f.read()
    block = re.search(r"<!-- stats -->\n```\n(.*?)```", readme, re.S)
    check(block is not None, "README has no <!-- stats --> block")
    if block:
        check(block.group(1).strip() == stats.strip(), "README stats differ from `cityties stats --format csv`:\n" + stats)

    report(failures, f"dataset: {len(nodes)} nodes, {len(edges)} edges; {len(failures)} failed, {0 if failures else 1} passed")


if __name__ == "__main__":
    main()
