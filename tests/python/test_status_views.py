#!/usr/bin/python3
"""Graph answers under --status and --tier see only the ties the row answers judge so.

A row answer (ties) judges each tie's status and source tier and keeps or leaves out the row; a
graph answer (neighbors, path, centrality, maps) is given a view of only the ties so judged. On
the shipped dataset, for every status and tier:
  - the home's neighbours at depth 1 are exactly the other ends of its ties rows;
  - every hop of a path found under --status in_force is in force, and a city tied only by a
    planned agreement (Haifa) is reached in the planned view and not in the in-force one;
  - the API answers as the CLI does; dormant refuses --tier (its rows judge pairs by status only).
"""
import csv
import io
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from ctutil import check, finish, run  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
HOME = "高雄市"
STATUSES = ["in_force", "planned", "ended", "lapsed", "unknown"]
TIERS = ["report", "secondary"]


def rows(db, *args):
    return list(csv.DictReader(io.StringIO(run(db, *args, "--format", "csv").stdout)))


with tempfile.TemporaryDirectory(prefix="ct-status-") as tmp:
    db = os.path.join(tmp, "db")
    run(db, "init")
    run(db, "import", os.path.join(ROOT, "data", "kaohsiung"))
    every = {r["id"] for r in rows(db, "neighbors", HOME)}
    seen_statuses = set()
    for option, values in (("--status", STATUSES), ("--tier", TIERS)):
        for value in values:
            tied = {r["other"] for r in rows(db, "ties", HOME, option, value)}
            reached = {r["id"] for r in rows(db, "neighbors", HOME, option, value)}
            check(reached == tied, f"{option} {value}: neighbours {sorted(reached - tied)[:3]} not tied, "
                                   f"{sorted(tied - reached)[:3]} tied but not reached")
            check(reached <= every, f"{option} {value}: a neighbour the unfiltered view does not have")
            # The same view, read another way: from the cache, and by prefix scans.
            scanned = {r["id"] for r in rows(db, "neighbors", HOME, option, value, "--no-cache")}
            check(scanned == reached, f"{option} {value}: --no-cache reaches other neighbours")
            if reached:
                seen_statuses.add(value)
    check({"in_force", "planned", "unknown", "report", "secondary"} <= seen_statuses,
          f"the dataset's statuses and tiers are all exercised: {sorted(seen_statuses)}")

    # Two statuses at once are their union.
    both = {r["id"] for r in rows(db, "neighbors", HOME, "--status", "in_force,planned")}
    alone = {r["id"] for s in ("in_force", "planned") for r in rows(db, "neighbors", HOME, "--status", s)}
    check(both == alone, "--status in_force,planned is the union of the two")

    # A path under --status in_force uses in-force hops only; Haifa is tied to the home only by
    # a planned sister-city agreement, so the planned view reaches it in two hops.
    for target in ("Gdynia", "Busan"):
        hops = json.loads(run(db, "path", HOME, target, "--status", "in_force", "--format", "json").stdout)
        check(hops and all(h["status"] == "in_force" for h in hops), f"path to {target}: a hop not in force")
    planned = json.loads(run(db, "path", HOME, "Haifa", "--status", "planned", "--format", "json").stdout)
    check(len(planned) == 2 and all(h["status"] == "planned" for h in planned), f"planned path to Haifa: {planned}")
    unreached = run(db, "path", HOME, "Haifa", "--status", "in_force", ok=False)
    check(unreached.returncode == 1 and "no path" in unreached.stderr,
          f"Haifa is reached by in-force ties alone: {unreached.stdout[:200]} {unreached.stderr}")

    # Rankings run on the filtered view: fewer vertices under --status planned.
    ranked = rows(db, "centrality", "--measure", "degree", "--top", "0")
    ranked_planned = rows(db, "centrality", "--measure", "degree", "--top", "0", "--status", "planned")
    check(0 < len(ranked_planned) < len(ranked), f"centrality under --status planned: {len(ranked_planned)} rows")

    # Dormant judges pairs by status only: a tier is refused, not ignored.
    refused = run(db, "dormant", "--since", "2020", "--tier", "report", ok=False)
    check(refused.returncode == 1 and "--tier" in refused.stderr, f"dormant --tier: {refused.stderr}")
    bad = run(db, "neighbors", HOME, "--status", "signed", ok=False)
    check(bad.returncode == 1 and "'signed' is not one of" in bad.stderr, f"--status signed: {bad.stderr}")
finish()
