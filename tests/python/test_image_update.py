#!/usr/bin/python3
"""After small edits the projection image is brought up to date, byte for byte as a rebuild.

A whole-graph kernel maps projection.image in place. After commits that only add or remove ties
of unit weight between nodes the image holds (or change nodes' properties), the next kernel
brings the image up to date from the change log instead of building a view (projection/image.h,
UpdateImage); after anything else (a node added or deleted, a weighted tie) it builds the view
again. Either way the image must be the file a build from the store writes at that state, and
the kernels' answers the same: checked after every edit, on the shipped (directed) network and on
an undirected edge list, by removing the projection files and building them again.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from ctutil import check, finish, run  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
FILES = ("projection.image", "projection.cache")


def image_of(db):
    with open(os.path.join(db, "projection.image"), "rb") as f:
        return f.read()


def check_after(db, what, updated):
    """Runs the kernels on the image as it is, then on one built again from the store."""
    first = run(db, "wcc", "--format", "csv", "--timing")
    told = "image, updated from" in first.stderr
    check(told == updated, f"{what}: image updated: {told}, expected {updated} ({first.stderr.splitlines()[:1]})")
    answers = [first.stdout] + [run(db, *k, "--format", "csv").stdout for k in (["bfs", BFS[db]], ["pagerank"])]
    image = image_of(db)
    for name in FILES:
        path = os.path.join(db, name)
        if os.path.exists(path):
            os.remove(path)
    rebuilt = [run(db, "wcc", "--format", "csv").stdout]  # a view built from the store, its image saved
    rebuilt += [run(db, *k, "--format", "csv").stdout for k in (["bfs", BFS[db]], ["pagerank"])]
    check(image_of(db) == image, f"{what}: the image differs from the one a build writes")
    check(answers == rebuilt, f"{what}: the kernels answer differently")


BFS = {}
with tempfile.TemporaryDirectory(prefix="ct-image-") as tmp:
    # The shipped network: directed, many tie types.
    db = os.path.join(tmp, "world")
    BFS[db] = "city/kaohsiung"
    run(db, "init")
    run(db, "import", os.path.join(ROOT, "data", "kaohsiung"))
    run(db, "wcc")
    a = "school/kaohsiung-municipal-xingzhong-elementary-school"
    b = "school/kaohsiung-municipal-gangshan-junior-high-school"
    edits = [
        (["add", "edge", "--from", a, "--type", "PAIRED_WITH", "--to", b], "a new pair", True),
        (["add", "edge", "--from", b, "--type", "PAIRED_WITH", "--to", a], "the other way too", True),
        (["delete", "edge", "--from", a, "--type", "PAIRED_WITH", "--to", b], "one way removed", True),
        (["delete", "edge", "--from", b, "--type", "PAIRED_WITH", "--to", a], "the pair removed", True),
        (["add", "edge", "--from", a, "--type", "LOCATED_IN", "--to", "city/taipei"], "a location tie", True),
        (["import", "--upsert", None], "a property", True),
        (["add", "node", "school/new-one", "--label", "School", "--set", "name_en=New One"], "a new node", False),
        (["add", "edge", "--from", "school/new-one", "--type", "PAIRED_WITH", "--to", a], "a tie to it", True),
        (["delete", "node", "school/new-one", "--detach"], "a node deleted", False),
    ]
    # A node's properties changed (an alias added): the image holds none of them.
    edited = os.path.join(tmp, "edited.jsonl")
    with open(os.path.join(ROOT, "data", "kaohsiung", "10-places.jsonl")) as f:
        home = json.loads(next(line for line in f if '"city/kaohsiung"' in line))
    home["props"]["aliases"].append("Takao")
    with open(edited, "w") as f:
        f.write(json.dumps(home, ensure_ascii=False) + "\n")
    for args, what, updated in edits:
        run(db, *[edited if a is None else a for a in args])
        check_after(db, what, updated)
    # Two commits at once, then a weighted tie (the image would have to carry weights).
    run(db, "add", "edge", "--from", a, "--type", "PAIRED_WITH", "--to", b)
    run(db, "add", "edge", "--from", b, "--type", "PAIRED_WITH", "--to", a)
    check_after(db, "two commits", True)
    run(db, "add", "edge", "--from", a, "--type", "PAIRED_WITH", "--to", "school/kaohsiung-municipal-zhongxiao-"
        "junior-high-school", "--props", '{"weight": 2}')
    check_after(db, "a weighted tie", False)

    # An undirected edge list.
    edges = os.path.join(tmp, "edges")
    run(db, "generate", "--nodes", "2000", "--edges", "9000", "--seed", "5", "--format", "edgelist", "--out", edges)
    edb = os.path.join(tmp, "edgelist")
    BFS[edb] = "0"
    run(edb, "init")
    run(edb, "import", "--edgelist", os.path.join(edges, "edges.txt"), "--vertices",
        os.path.join(edges, "vertices.txt"))
    run(edb, "wcc")
    with open(os.path.join(edges, "edges.txt")) as f:
        first_edge = f.readline().split()
    for args, what in ((["add", "edge", "--from", "3", "--type", "LINK", "--to", "1999"], "a new tie"),
                       (["add", "edge", "--from", "1999", "--type", "LINK", "--to", "3"], "a parallel tie"),
                       (["delete", "edge", "--from", "3", "--type", "LINK", "--to", "1999"], "one removed"),
                       (["delete", "edge", "--from", first_edge[0], "--type", "LINK", "--to", first_edge[1]],
                        "an imported tie removed")):
        run(edb, *args)
        check_after(edb, what, True)
finish()
