#!/usr/bin/python3
"""Derives web/data/coordinates.json: the latitude and longitude of the dataset's cities, for the
explorer's geographic view, from the secondary reference list ../shared/reference/world_twin_cities.csv
(Wikipedia's twin-town lists as geocoded by Hekman/twincities; CC BY-SA 4.0). Secondary: a name
can match the wrong place; the data's own coordinates, where a node has them, win in the page.

  usage (from the repository root): python3 web/data/make-coordinates.py [CSV]
A city matches a row when its English name or an alias (with "City", "County", "Prefecture"...
dropped) equals the row's city, folded, and the row's country is the city's country (by name).
"""
import csv
import glob
import json
import re
import sys
import unicodedata

CSV = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/world_twin_cities.csv"
SUFFIX = re.compile(r"\s+(city|county|prefecture|province|state|metropolis|municipality|district|region)$")


def fold(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()
    return SUFFIX.sub("", re.sub(r"[^a-z0-9 ]+", " ", text).strip()).strip()


def records():
    for path in sorted(glob.glob("data/kaohsiung/*.jsonl")):
        for line in open(path, encoding="utf-8"):
            if line.strip() and not line.startswith("//"):
                rec = json.loads(line)
                if "label" in rec:
                    yield rec


nodes = list(records())
countries = {n["id"]: n["props"].get("name_en", "") for n in nodes if n["label"] == "Country"}
rows = {}
for r in csv.DictReader(open(CSV, encoding="utf-8")):
    for i in ("1", "2"):
        rows.setdefault((fold(r["city" + i]), fold(r["country" + i])), (float(r["lat" + i]), float(r["lng" + i])))
out = {}
for n in nodes:
    if n["label"] != "City":
        continue
    p = n["props"]
    country = fold(countries.get(p.get("country", ""), ""))
    for name in [p.get("name_en", "")] + p.get("aliases", []):
        hit = rows.get((fold(name), country))
        if hit:
            out[n["id"]] = [round(hit[0], 4), round(hit[1], 4)]
            break
json.dump({"source": "../shared/reference/world_twin_cities.csv (Hekman/twincities, from Wikipedia; CC BY-SA 4.0)",
           "secondary": True, "coordinates": dict(sorted(out.items()))},
          open("web/data/coordinates.json", "w"), ensure_ascii=False, indent=0)
print(f"{len(out)} of {sum(1 for n in nodes if n['label'] == 'City')} cities located")
