#!/usr/bin/python3
"""The JSON API of `cityties serve` (docs/api.md), end to end.

Builds a temporary database from the shipped dataset, starts the server on a free loopback port
and checks that:
  - every endpoint /api lists answers a good request with 200 and JSON (or SVG for maps);
  - bad requests are 4xx JSON {"error", "parameter"} naming the URL parameter: a bad count, an
    unknown parameter, a bad date, a range the engine refuses, an unknown view, a missing node;
  - a name that is not exact gives the candidates (search) or an error listing them, never a guess;
  - answers equal the CLI's JSON for the same question (path, centrality, ties, growth, get);
  - the server answers while another process imports into the same database, and sees the
    import once it is committed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctutil import BINARY, check, finish, run  # noqa: E402

DATA = "data/kaohsiung"


def start_server(db):
    proc = subprocess.Popen([BINARY, "serve", "--db", db, "--port", "0", "--timeout", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        raise SystemExit(f"serve did not start: {line!r} {proc.stderr.read()}")
    return proc, line.split(" at ")[1].strip().rstrip("/")


def get(base, path, **params):
    """GET base+path?params: (status, content type, body as JSON or text)."""
    url = base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            status, ctype, raw = r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        status, ctype, raw = e.code, e.headers.get("Content-Type", ""), e.read()
    text = raw.decode("utf-8")
    return status, ctype, json.loads(text) if ctype.startswith("application/json") else text


def cli_json(db, *args):
    return json.loads(run(db, *args, "--format", "json").stdout)


# One good request per endpoint.
GOOD = {
    "/api/stats": {},
    "/api/partners": {},
    "/api/agreements": {"min_parties": 3},
    "/api/activity": {"since": "2025"},
    "/api/search": {"q": "熊本"},
    "/api/node": {"id": "高雄市"},
    "/api/list": {"label": "Agreement", "where": "kind=sister_city"},
    "/api/ties": {"node": "Gdynia"},
    "/api/neighbors": {"node": "Gdynia", "depth": 2},
    "/api/reach": {"node": "Gdynia", "depth": 2},
    "/api/path": {"from": "Busan", "to": "格丁尼亞", "k": 3},
    "/api/school-path": {"school": "高雄中學", "to": "Gdynia High School No. 5"},
    "/api/pairing-suggest": {"school": "高雄中學", "city": "Gdynia", "top": 5},
    "/api/common": {"a": "Busan", "b": "Gdynia"},
    "/api/timeline": {"node": "Gdynia"},
    "/api/growth": {},
    "/api/dormant": {"since": "2023", "node": "Kaohsiung"},
    "/api/centrality": {"measure": "betweenness", "top": 5},
    "/api/brokers": {"labels": "City,Agreement,Country", "top": 5},
    "/api/kcore": {"k": 2},
    "/api/clustering": {"top": 5},
    "/api/components": {},
    "/api/communities": {"max_rounds": 10},
    "/api/graph": {"as_of": "2015"},
    "/api/map/": {},  # see MAPS
}
MAPS = {"partners.svg": {}, "path.svg": {"nodes": "Busan,Gdynia", "k": 2}, "ego.svg": {"nodes": "Gdynia"}}

# (path, params, expected status, expected "parameter")
BAD = [
    ("/api/path", {"from": "Busan", "to": "Gdynia", "k": "x"}, 400, "k"),
    ("/api/path", {"from": "Busan", "to": "Gdynia", "k": 0}, 400, "k"),
    ("/api/path", {"from": "Busan"}, 400, "to"),
    ("/api/neighbors", {"node": "Gdynia", "depth": 99}, 400, "depth"),
    ("/api/neighbors", {"node": "Kaohsiung", "depth": 3, "max_nodes": 5}, 400, "max_nodes"),
    ("/api/reach", {"node": "Gdynia", "depth": 0}, 400, "depth"),
    ("/api/reach", {"node": "Kaohsiung", "depth": 3, "max_nodes": 5}, 400, "max_nodes"),
    ("/api/growth", {"as_of": "20x"}, 400, "as_of"),
    ("/api/growth", {"as_of": "2015", "since": "2010"}, 400, "as_of"),
    ("/api/growth", {"expand_agreements": "maybe"}, 400, "expand_agreements"),
    ("/api/centrality", {"measure": "fame"}, 400, "measure"),
    ("/api/centrality", {"bogus": 1}, 400, "bogus"),
    ("/api/centrality", {"labels": "Planet"}, 400, "labels"),
    ("/api/ties", {"node": "Gdynia", "types": "FOO"}, 400, "types"),
    ("/api/growth", {"status": "signed"}, 400, "status"),
    ("/api/neighbors", {"node": "Gdynia", "status": "signed"}, 400, "status"),
    # Dormant judges pairs by status only: a tier is refused rather than ignored.
    ("/api/dormant", {"since": "2020", "tier": "report"}, 400, "tier"),
    ("/api/brokers", {"kind": "both"}, 400, "kind"),
    ("/api/school-path", {"school": "高雄中學"}, 400, "to"),
    ("/api/school-path", {"school": "高雄中學", "to": "Gdynia", "k": -1}, 400, "k"),
    ("/api/search", {}, 400, "q"),
    ("/api/node", {}, 400, "id"),
    ("/api/list", {"label": "Planet"}, 400, "label"),
    ("/api/dormant", {}, 400, "since"),
    ("/api/map/nowhere.svg", {}, 400, "view"),
    ("/api/map/partners.png", {}, 400, "view"),
    ("/api/graph", {"country": "Atlantis"}, 400, "country"),
    ("/api/nothing", {}, 404, None),
]


def check_good(base):
    _, _, index = get(base, "/api")
    listed = [e["path"] for e in index["endpoints"]]
    check(sorted(listed) == sorted(GOOD), f"/api lists {sorted(listed)}")
    for path, params in GOOD.items():
        if path == "/api/map/":
            continue
        status, ctype, body = get(base, path, **params)
        check(status == 200 and ctype.startswith("application/json"), f"{path} {params}: {status} {body}")
    for view, params in MAPS.items():
        status, ctype, body = get(base, "/api/map/" + view, **params)
        check(status == 200 and ctype.startswith("image/svg+xml") and "<svg" in body, f"map {view}: {status}")


def check_bad(base):
    for path, params, want_status, want_param in BAD:
        status, ctype, body = get(base, path, **params)
        ok = status == want_status and isinstance(body, dict) and body.get("parameter") == want_param
        check(ok and body.get("error"), f"{path} {params}: want {want_status} {want_param}, got {status} {body}")


def check_candidates(base):
    status, _, body = get(base, "/api/search", q="熊本")
    ids = [c["id"] for c in body["candidates"]]
    check(status == 200 and body["resolved"] is None, f"熊本 is not exact: {body['resolved']}")
    check("city/kumamoto-prefecture" in ids and "city/kumamoto" in ids, f"熊本 candidates {ids}")
    _, _, body = get(base, "/api/search", q="熊本縣")
    check(body["resolved"] == "city/kumamoto-prefecture", f"熊本縣 resolves: {body['resolved']}")
    status, _, body = get(base, "/api/ties", node="kumamo")
    check(status == 400 and "city/kumamoto" in body["error"], f"an inexact node lists candidates: {status} {body}")
    check(body.get("parameter") == "node" and "city/kumamoto" in [c["id"] for c in body.get("candidates", [])],
          f"the error names the parameter and gives the candidates: {body.get('parameter')}")
    status, _, body = get(base, "/api/path", **{"from": "Busan", "to": "gdyn"})
    check(status == 400 and body.get("parameter") == "to" and body.get("candidates"), f"path to=gdyn: {status} {body}")
    status, _, body = get(base, "/api/node", id="kumamo", pick=1)
    check(status == 200 and body["id"] == "city/kumamoto", f"pick 1 of kumamo: {status} {body.get('id')}")


def check_against_cli(base, db):
    _, _, api = get(base, "/api/path", **{"from": "Busan", "to": "格丁尼亞", "k": 3})
    cli = cli_json(db, "path", "Busan", "格丁尼亞", "--k", "3")
    api_hops = [(n + 1, h["from"], h["to"]) for n, p in enumerate(api["paths"]) for h in p["hops"]]
    cli_hops = [(r["path"], r["from"], r["to"]) for r in cli]
    check(api_hops == cli_hops, f"path hops: api {api_hops} cli {cli_hops}")
    api_sources = [h["tie"]["sources"] for p in api["paths"] for h in p["hops"]]
    check(api_sources == [r["sources"] for r in cli], "path hop sources as the CLI's")
    api_tiers = [(h["tie"]["status"], h["tie"]["tier"]) for p in api["paths"] for h in p["hops"]]
    check(api_tiers == [(r["status"], r["tier"]) for r in cli], f"path hop status and tier as the CLI's: {api_tiers}")
    # A graph answer under a status: the planned neighbours of the home, as the CLI lists them.
    _, _, planned_api = get(base, "/api/neighbors", node="高雄市", status="planned")
    planned_cli = cli_json(db, "neighbors", "高雄市", "--status", "planned")
    api_reached = sorted(x["vertex"]["id"] for x in planned_api["reached"] if x["depth"] == 1)
    check(api_reached == sorted(r["id"] for r in planned_cli) and len(api_reached) == 13,
          f"planned neighbours: api {len(api_reached)}, cli {len(planned_cli)}")
    # The ids listing: the full listing's nodes and depths, in its order, read from the keys or the image.
    _, _, reach = get(base, "/api/reach", node="Gdynia", depth=3)
    _, _, full = get(base, "/api/neighbors", node="Gdynia", depth=3)
    check([(x["depth"], x["id"], x["label"]) for x in reach["reached"]] ==
          [(x["depth"], x["vertex"]["id"], x["vertex"]["label"]) for x in full["reached"]] and
          (reach["timings"]["store_only"] or reach["timings"]["from_image"]),
          f"reach lists what neighbors lists, from the store's keys or the image: {reach['timings']}")
    first = api["paths"][0]["hops"][0]["tie"]
    check(first["date"] == "1966" and first["date_tier"] == "secondary",
          f"Busan's 1966 is marked as the secondary list's: {first}")

    _, _, api = get(base, "/api/centrality", labels="City,Agreement", as_of="2016", top=5)
    cli = cli_json(db, "centrality", "--labels", "City,Agreement", "--as-of", "2016", "--top", "5")
    check([(r["vertex"]["id"], r["value"]) for r in api["rows"]] == [(r["id"], r["value"]) for r in cli],
          "centrality as of 2016 as the CLI's")

    _, _, api = get(base, "/api/ties", node="高雄市", types="PARTY_TO")
    cli = cli_json(db, "ties", "高雄市", "--types", "PARTY_TO")
    check([(r["other"]["id"], r["date"]) for r in api["rows"]] == [(r["other"], r["date"]) for r in cli],
          "ties of Kaohsiung as the CLI's")

    _, _, api = get(base, "/api/growth")
    cli = cli_json(db, "growth")
    check([(y["year"], y["agreements"], y["visits"]) for y in api["years"]] ==
          [(y["year"], y["agreements"], y["visits"]) for y in cli], "growth as the CLI's")

    # The briefing tables answer as the CLI's.
    _, _, api = get(base, "/api/partners")
    cli = cli_json(db, "partners")
    check([(r["partner"]["id"], r["status"], r["tier"], r["since"], r["last_contact"]) for r in api["rows"]] ==
          [(r["partner"], r["status"], r["tier"], r["since"], r["last_contact"]) for r in cli],
          "partners as the CLI's")
    check(api["summary"] and all(c["partners"] > 0 for c in api["summary"]), "partners summary counts")
    _, _, api = get(base, "/api/agreements", min_parties=3)
    cli = cli_json(db, "agreements", "--min-parties", "3")
    check([(r["agreement"]["id"], r["status"], r["tier"], r["date"]) for r in api["rows"]] ==
          [(r["agreement"], r["status"], r["tier"], r["date"]) for r in cli], "agreements as the CLI's")
    check(all(len(r["parties"]) >= 3 for r in api["rows"]), "agreements with three or more parties")
    _, _, api = get(base, "/api/activity", since="2025")
    cli = cli_json(db, "activity", "--since", "2025")
    check([(r["partner"]["id"], r["visits"], r["agreements"]) for r in api["rows"]] ==
          [(r["partner"], r["visits"], r["agreements"]) for r in cli], "activity since 2025 as the CLI's")
    _, _, then = get(base, "/api/centrality", as_of="2015", top=3)
    check(then["undated_left_out"] > 0, "a time window says how many undated ties it left out")

    _, _, api = get(base, "/api/node", id="熊本縣")
    cli = cli_json(db, "get", "熊本縣")
    check(api["id"] == cli["id"] and api["sources"] == cli["sources"], "node as the CLI's get")


def check_graph(base):
    _, _, now = get(base, "/api/graph")
    _, _, then = get(base, "/api/graph", as_of="2015")
    ids = {n["id"] for n in now["nodes"]}
    check(all(e["from"] in ids and e["to"] in ids for e in now["edges"]), "graph edges join listed nodes")
    check(len(then["edges"]) < len(now["edges"]), "the network as of 2015 has fewer ties")
    dated_2025 = [e for e in now["edges"] if (e.get("since") or "").startswith("2025")]
    check(dated_2025 and not any((e.get("since") or "") >= "2016" for e in then["edges"]),
          "ties begun after 2015 are not in the 2015 network")
    hub_status = [e["status"] for e in now["edges"] if (e.get("hub") or "").startswith("agreement/")]
    check("in_force" in hub_status and "planned" in hub_status, "agreement ties carry their status")


def check_concurrent_import(base, db, tmp):
    extra = os.path.join(tmp, "extra.jsonl")
    with open(extra, "w") as f:
        f.write(json.dumps({"id": "city/testville", "label": "City",
                            "props": {"name_en": "Testville", "name_zh": "測試市", "admin_level": "municipality",
                                      "country": "country/tw", "sources": ["test"]}}) + "\n")
    importer = subprocess.Popen([BINARY, "import", "--db", db, extra], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    status, _, _ = get(base, "/api/stats")
    check(status == 200, f"stats while importing: {status}")
    out, err = importer.communicate(timeout=120)
    check(importer.returncode == 0, f"import beside the server: {err}")
    status, _, body = get(base, "/api/node", id="Testville")
    check(status == 200 and body.get("id") == "city/testville", f"the server sees the import: {status} {body}")


def main():
    tmp = tempfile.mkdtemp(prefix="cityties-api-")
    db = os.path.join(tmp, "db")
    proc = None
    try:
        run(db, "init")
        run(db, "import", DATA)
        proc, base = start_server(db)
        check_good(base)
        check_bad(base)
        check_candidates(base)
        check_against_cli(base, db)
        check_graph(base)
        check_concurrent_import(base, db, tmp)
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
