#!/usr/bin/python3
"""`cityties migrate` on the shipped dataset: codes never move, facts never change.

  - two databases load data/kaohsiung with the shipped schema; one is migrated (after a dry run
    that must write nothing) to a copy of the schema with a label and an edge type whose names
    sort before all others, and an optional property;
  - every read command of the golden scenarios (tests/scenarios/*.scenario) and of the README's
    tour answers byte for byte the same on both, as do the CSV exports;
  - the new label, edge type and property can be used;
  - every change that stored data breaks is refused with exit 1, a message naming the blocker
    and how many stored records it has, and leaves the database as it was;
  - a required property with a default is written to every existing node in the same write.
"""
import copy
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

from ctutil import check, finish, run

SCHEMA = "schema/cityties.schema.json"
DATA = "data/kaohsiung"
# Commands that write, draw, export to a path, or show the schema itself: not replayed.
NOT_REPLAYED = {"init", "import", "add", "update", "delete", "map", "export", "schema", "migrate", "--help",
                "nosuchcommand"}
TOUR = [
    ["stats"], ["get", "熊本縣"], ["get", "kumamo"], ["get", "Kaohsiung"],
    ["list", "--label", "Agreement", "--where", "date>=2025", "--where", "kind=sister_city"],
    ["ties", "高雄市"], ["ties", "高雄市", "--types", "PARTY_TO"], ["ties", "Gdynia", "--format", "json"],
    ["path", "Busan", "格丁尼亞", "--k", "3"], ["path", "Kumamoto", "Gdynia", "--weighted"],
    ["school-path", "高雄中學", "--to", "Gdynia High School No. 5"],
    ["pairing-suggest", "高雄中學", "--city", "Gdynia", "--top", "5"],
    ["brokers", "--labels", "City,Agreement,Country", "--top", "10"],
    ["centrality", "--measure", "betweenness", "--top", "10"],
    ["centrality", "--labels", "City,Agreement", "--as-of", "2016", "--top", "1"],
    ["dormant", "--since", "2023", "--node", "Kaohsiung"], ["timeline", "Gdynia"], ["growth"],
    ["neighbors", "Gdynia", "--depth", "2"], ["common", "Kumamoto", "Gdynia"], ["components"],
    ["communities"], ["project", "--as-of", "2021", "--format", "csv"], ["validate"],
]


def scenario_commands():
    """The read commands of every golden scenario, as argument lists."""
    commands = []
    for name in sorted(os.listdir("tests/scenarios")):
        with open(os.path.join("tests/scenarios", name), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("$ cityties ") or "{tmp}" in line:
                    continue
                words = shlex.split(line[2:])[1:]
                if words and words[0] not in NOT_REPLAYED:
                    commands.append(words)
    return commands


def answer(db, args):
    result = run(db, *args, ok=False)
    return result.returncode, result.stdout, result.stderr


def migrate(db, schema_doc, tmp, name, *extra):
    path = os.path.join(tmp, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(schema_doc, f, ensure_ascii=False, indent=1)
    return run(db, "migrate", "--schema", path, *extra, ok=False)


def state(db):
    """What a refused migration must leave as it was."""
    return [run(db, *args).stdout for args in (["stats", "--format", "csv"], ["schema", "--format", "csv"])]


def count_rows(db, *args):
    return len(run(db, "list", *args, "--format", "csv").stdout.strip().split("\n")) - 1


def drop_label(doc, label):
    doc["labels"].pop(label)
    for spec in doc["edge_types"].values():
        for side in ("from", "to"):
            spec[side] = [l for l in spec[side] if l != label]
    # The domain may name only labels the schema has (a removed label is no hub any more).
    for hub in ("agreement_hub", "event_hub"):
        if doc.get("domain", {}).get(hub, {}).get("label") == label:
            doc["domain"].pop(hub)


def drop_edge_type(doc, edge_type):
    doc["edge_types"].pop(edge_type)
    for group in doc.get("domain", {}).get("tie_groups", []):
        group["types"] = [t for t in group["types"] if t != edge_type]


def main():
    with open(SCHEMA, encoding="utf-8") as f:
        shipped = json.load(f)
    newer = copy.deepcopy(shipped)
    newer["labels"]["Aaa"] = {"doc": "a label whose name sorts before every other",
                              "properties": {"rank": {"type": "int"}}}
    newer["edge_types"]["AAA_TIE"] = {"from": ["Aaa"], "to": ["City"], "properties": {}}
    newer["labels"]["City"]["properties"]["motto"] = {"type": "string", "doc": "an optional property"}

    with tempfile.TemporaryDirectory(prefix="ct-migrate-") as tmp:
        plain, migrated = os.path.join(tmp, "plain"), os.path.join(tmp, "migrated")
        for db in (plain, migrated):
            run(db, "init")
            run(db, "import", DATA)

        before = state(migrated)
        dry = migrate(migrated, newer, tmp, "newer", "--dry-run")
        check(dry.returncode == 0, f"dry run failed: {dry.stderr}")
        check("add label Aaa" in dry.stdout and "dry run: nothing written" in dry.stdout, f"dry run: {dry.stdout}")
        check(state(migrated) == before, "a dry run changed the database")
        done = migrate(migrated, newer, tmp, "newer")
        check(done.returncode == 0, f"migrate failed: {done.stderr}")
        check("label Aaa = 8" in done.stdout and "edge type AAA_TIE = 12" in done.stdout,
              f"new codes not appended: {done.stdout}")
        check("Aaa" in run(migrated, "schema", "--format", "csv").stdout, "the schema has no Aaa")
        again = migrate(migrated, newer, tmp, "newer")
        check(again.returncode == 0 and "nothing to do" in again.stdout, f"second migrate: {again.stdout}")

        # Every read answers as on the database that was never migrated.
        commands = scenario_commands() + TOUR
        for args in commands:
            a, b = answer(plain, args), answer(migrated, args)
            # The migrated schema has one more property of City: lists of its properties say so.
            b = tuple(x.replace("motto, ", "") if isinstance(x, str) else x for x in b)
            check(a == b, f"cityties {' '.join(args)} differs after migrate:\n{a}\n---\n{b}")
        for db in (plain, migrated):
            run(db, "export", "--format", "csv", "--out", os.path.join(tmp, "csv-" + os.path.basename(db)))
        for name in sorted(os.listdir(os.path.join(tmp, "csv-plain"))):
            with open(os.path.join(tmp, "csv-plain", name), encoding="utf-8") as f1, \
                    open(os.path.join(tmp, "csv-migrated", name), encoding="utf-8") as f2:
                check(f1.read() == f2.read(), f"export {name} differs after migrate")

        # The new names work.
        run(migrated, "add", "node", "aaa/first", "--label", "Aaa", "--set", "rank=1", "--set", "name_en=First")
        run(migrated, "add", "edge", "--from", "aaa/first", "--type", "AAA_TIE", "--to", "city/kaohsiung")
        run(migrated, "update", "node", "city/kaohsiung", "--set", "motto=Ocean capital")
        got = run(migrated, "get", "aaa/first", "--format", "csv").stdout
        check("label,Aaa" in got and "rank,1" in got, f"get aaa/first: {got}")
        check("motto,Ocean capital" in run(migrated, "get", "city/kaohsiung", "--format", "csv").stdout, "no motto")
        ties = run(migrated, "ties", "aaa/first", "--format", "csv").stdout
        check("-[AAA_TIE]->,city/kaohsiung" in ties, f"ties aaa/first: {ties}")
        check(run(plain, "add", "node", "aaa/first", "--label", "Aaa", ok=False).returncode == 1,
              "the un-migrated database accepted label Aaa")
        run(migrated, "validate")

        # Refusals: each names the blocker and how many stored records it has, and writes nothing.
        cities = count_rows(migrated, "--label", "City")
        sister = count_rows(migrated, "--label", "Agreement", "--where", "kind=sister_city")
        noted = count_rows(migrated, "--label", "Visit", "--where", "note")
        refusals = []
        doc = copy.deepcopy(newer)
        drop_label(doc, "Visit")
        refusals.append(("no-visit", doc, r"label Visit is removed, but 240 stored nodes have it"))
        doc = copy.deepcopy(newer)
        drop_edge_type(doc, "VISITED")
        refusals.append(("no-visited", doc, r"edge type VISITED is removed, but 251 stored edges have it"))
        doc = copy.deepcopy(newer)
        doc["node_common"].pop("note")
        refusals.append(("no-note", doc, rf"property 'note' of label Visit is removed, but {noted} stored nodes set it"))
        doc = copy.deepcopy(newer)
        doc["edge_types"]["HOLDS_OFFICE"]["properties"].pop("title")
        refusals.append(("no-title", doc,
                         r"property 'title' of edge type HOLDS_OFFICE is removed, but 238 stored edges set it"))
        doc = copy.deepcopy(newer)
        doc["labels"]["City"]["properties"]["mayor"] = {"type": "string", "required": True}
        refusals.append(("mayor", doc, rf"property 'mayor' of label City becomes required without a \"default\", "
                                       rf"but {cities} stored nodes lack it"))
        doc = copy.deepcopy(newer)
        doc["labels"]["Agreement"]["properties"]["kind"]["enum"].remove("sister_city")
        refusals.append(("no-sister", doc, rf"property 'kind' of label Agreement allows fewer values "
                                           rf"\(removes sister_city\), but {sister} stored nodes hold a value no "
                                           rf"longer allowed, e.g. \"sister_city\""))
        doc = copy.deepcopy(newer)
        doc["labels"]["City"]["properties"]["admin_level"]["type"] = "int"
        doc["labels"]["City"]["properties"]["admin_level"].pop("enum")
        refusals.append(("int-level", doc, rf"property 'admin_level' of label City changes type \(string -> int\), "
                                           rf"but {cities} stored nodes set it"))
        doc = copy.deepcopy(newer)
        doc["edge_types"]["LOCATED_IN"]["from"].remove("School")
        refusals.append(("no-school-located", doc, r"edge type LOCATED_IN no longer allows from: School, but \d+ "
                                                   r"stored edges start at a School node"))
        before = state(migrated)
        for name, doc, pattern in refusals:
            for extra in ((), ("--dry-run",)):
                result = migrate(migrated, doc, tmp, name, *extra)
                check(result.returncode == 1, f"{name}{extra}: exit {result.returncode}, expected 1")
                check(re.search(pattern, result.stderr) is not None,
                      f"{name}{extra}: no /{pattern}/ in:\n{result.stderr}")
                check("nothing was written" in result.stderr, f"{name}: {result.stderr}")
                check(state(migrated) == before, f"{name}{extra}: the refused migration changed the database")
        run(migrated, "validate")

        # A required property with a default: every existing City gets it, in one write.
        doc = copy.deepcopy(newer)
        doc["labels"]["City"]["properties"]["tier"] = {"type": "string", "required": True, "default": "unrated"}
        result = migrate(migrated, doc, tmp, "tier")
        check(result.returncode == 0, f"tier: {result.stderr}")
        check(f"{cities} node(s) and 0 edge(s) given defaults" in result.stdout, f"tier: {result.stdout}")
        check(count_rows(migrated, "--label", "City", "--where", "tier=unrated") == cities, "defaults not written")
        check(state(migrated)[0] == before[0], "stats changed by the defaults")
        run(migrated, "validate")
    finish()


if __name__ == "__main__":
    main()
