#!/usr/bin/python3
"""`cityties map` end to end, on the render fixture and on data/kaohsiung:

  - every view renders to SVG, PNG, PDF and DOT with --strict: exit 0 and nothing on stderr (no
    Graphviz warning or error, no overlapping labels);
  - the DOT parses with Graphviz's own `dot` (graphviz package), which renders it without a word;
  - the SVG is well-formed XML whose nodes carry the entity id (id attribute) and a tooltip, and
    whose text names the CJK font;
  - the PNG and PDF are what their extension says.
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BIN = sys.argv[1]
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
failures = []

VIEWS = {
    "tests/data/render": [
        ("partners", ["partners"]),
        ("partners-continent", ["partners", "--group-by", "continent"]),
        ("multilateral", ["multilateral"]),
        ("multilateral-bilateral", ["multilateral", "--bilateral"]),
        ("timeline", ["timeline"]),
        ("ego", ["ego", "熊本市", "--depth", "2"]),
        ("path", ["path", "Mutsu", "Gdynia", "-k", "2"]),
        ("school-path", ["school-path", "陽明國中", "--to", "Gdynia", "-k", "2"]),
    ],
    "data/kaohsiung": [
        ("partners", ["partners"]),
        ("partners-slide", ["partners", "--top", "20", "--size", "16:9"]),
        ("multilateral", ["multilateral"]),
        ("timeline", ["timeline"]),
        ("ego", ["ego", "city/busan", "--depth", "2"]),
        ("ego-kumamoto", ["ego", "熊本市", "--depth", "2"]),
        ("path", ["path", "city/busan", "city/kumamoto", "-k", "3"]),
        ("school-path", ["school-path", "school/kaohsiung-municipal-gangshan-junior-high-school", "--to",
                         "city/gdynia", "-k", "3"]),
    ],
}


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def run(args, db):
    return subprocess.run([BIN, *args, "--db", db], capture_output=True, text=True)


def check_svg(path, label):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return fail(f"{label}: SVG does not parse: {e}")
    nodes = [g for g in root.iter(SVG + "g") if g.get("class") == "node"]
    if not nodes:
        return fail(f"{label}: SVG has no nodes")
    for g in nodes:
        title = g.find(SVG + "title").text
        if g.get("id") != title:
            fail(f"{label}: node {title} has id {g.get('id')!r}")
        links = [a for a in g.iter(SVG + "a") if a.get(XLINK + "title")]
        if not links:
            fail(f"{label}: node {title} has no tooltip")
    fonts = {t.get("font-family") for t in root.iter(SVG + "text")}
    if not any(f and "Noto Sans CJK TC" in f for f in fonts):
        fail(f"{label}: no text in Noto Sans CJK TC: {fonts}")


def main():
    for data, views in VIEWS.items():
        if not os.path.isdir(data):
            print(f"skip {data}: not there")
            continue
        with tempfile.TemporaryDirectory(prefix="ct-render-") as tmp:
            db = os.path.join(tmp, "db")
            subprocess.run([BIN, "init", "--db", db], check=True, capture_output=True)
            subprocess.run([BIN, "import", data, "--db", db], check=True, capture_output=True)
            for name, args in views:
                label = f"{data}: map {' '.join(args)}"
                for ext in ["svg", "png", "pdf", "dot"]:
                    out = os.path.join(tmp, f"{name}.{ext}")
                    r = run(["map", *args, "--out", out, "--strict"], db)
                    if r.returncode != 0 or r.stderr:
                        fail(f"{label} --out .{ext}: exit {r.returncode}, stderr {r.stderr!r}")
                        continue
                    if not r.stdout.startswith(f"wrote {out} ({ext}, "):
                        fail(f"{label}: stdout {r.stdout!r}")
                    head = open(out, "rb").read(8)
                    expected = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml", "dot": b"digraph"}[ext]
                    if not head.startswith(expected):
                        fail(f"{label}: .{ext} starts with {head!r}")
                check_svg(os.path.join(tmp, f"{name}.svg"), label)
                d = subprocess.run(["dot", "-Tsvg", os.path.join(tmp, f"{name}.dot"), "-o", os.path.join(tmp, f"{name}-again.svg")],
                                   capture_output=True, text=True)
                if d.returncode != 0 or d.stderr:
                    fail(f"{label}: dot rejects the DOT: {d.returncode} {d.stderr!r}")
    print(f"{'FAILED' if failures else 'ok'}: map views")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
