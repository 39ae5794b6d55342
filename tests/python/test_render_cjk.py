#!/usr/bin/python3
"""Chinese labels come out as glyphs, not tofu boxes.

`cityties map` names the font "Noto Sans CJK TC" (fonts-noto-cjk, installed by
scripts/install-deps.sh). This renders a PNG whose title is 高雄市 twice: as shipped, and under a
fontconfig that knows only DejaVu (a font without CJK), which must draw each character as a
missing-glyph box. The title's characters are cut apart at blank pixel columns and each piece is
scored for "boxiness": how much of its bounding box's four sides is ink. A missing-glyph box is
inked all round; 高, 雄 and 市 are not. The test insists that the detector sees three boxes in the
DejaVu-only rendering (so it can see tofu) and none in the real one, and that the two differ.
The PNG decoder below is the standard library's zlib plus PNG's row filters.
"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

from ctutil import report

BIN = sys.argv[1]
TITLE = "高雄市"


def decode_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0, "only 8-bit non-interlaced PNGs"
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride, rows, prev, i = width * channels, [], bytearray(width * channels), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    # Ink: dark pixels (the title is black; notes and legend text are grey or coloured).
    def dark(row, x):
        r, g, b = row[x * channels:x * channels + 3] if channels >= 3 else (row[x * channels],) * 3
        return 0.299 * r + 0.587 * g + 0.114 * b < 60
    return [[dark(row, x) for x in range(width)] for row in rows]


def title_pieces(ink):
    """The characters of the first line of black text, as bounding boxes of column runs."""
    top = next(y for y, row in enumerate(ink) if any(row))
    bottom = top
    while bottom + 1 < len(ink) and any(ink[bottom + 1]):
        bottom += 1
    band = ink[top:bottom + 1]
    columns = [any(row[x] for row in band) for x in range(len(band[0]))]
    pieces, x = [], 0
    while x < len(columns):
        if not columns[x]:
            x += 1
            continue
        start = x
        while x < len(columns) and columns[x]:
            x += 1
        rows = [y for y, row in enumerate(band) if any(row[start:x])]
        pieces.append((start, x - 1, rows[0], rows[-1], band))
    return pieces


def boxiness(piece):
    """The least inked of the four sides of the piece's bounding box, as a fraction (0..1)."""
    x0, x1, y0, y1, band = piece
    sides = [
        [band[y0][x] for x in range(x0, x1 + 1)],
        [band[y1][x] for x in range(x0, x1 + 1)],
        [band[y][x0] for y in range(y0, y1 + 1)],
        [band[y][x1] for y in range(y0, y1 + 1)],
    ]
    return min(sum(side) / len(side) for side in sides)


def render(db, out, env=None, font=None):
    args = [BIN, "map", "multilateral", "--db", db, "--title", TITLE, "--out", out]
    if font:
        args += ["--font", font]
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"render failed: {r.stderr}")
    return r


def main():
    failures = []
    with tempfile.TemporaryDirectory(prefix="ct-cjk-") as tmp:
        db = os.path.join(tmp, "db")
        subprocess.run([BIN, "init", "--db", db], check=True, capture_output=True)
        subprocess.run([BIN, "import", "tests/data/render", "--db", db], check=True, capture_output=True)
        real = os.path.join(tmp, "real.png")
        r = render(db, real)
        if r.stderr:
            failures.append(f"the real rendering warned: {r.stderr!r}")
        conf = os.path.join(tmp, "dejavu-only.conf")
        with open(conf, "w") as f:
            f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    "  <dir>/usr/share/fonts/truetype/dejavu</dir>\n"
                    f"  <cachedir>{tmp}/fc-cache</cachedir>\n</fontconfig>\n")
        tofu = os.path.join(tmp, "tofu.png")
        render(db, tofu, env=dict(os.environ, FONTCONFIG_FILE=conf), font="DejaVu Sans")
        real_pieces = title_pieces(decode_png(real))
        tofu_pieces = title_pieces(decode_png(tofu))
        real_scores = [round(boxiness(p), 2) for p in real_pieces]
        tofu_scores = [round(boxiness(p), 2) for p in tofu_pieces]
        print(f"boxiness of the title's pieces: real {real_scores}, DejaVu only {tofu_scores}")
        if len(tofu_scores) < len(TITLE) or min(tofu_scores) < 0.9:
            failures.append(f"the detector does not see {len(TITLE)} boxes in the DejaVu-only rendering: {tofu_scores}")
        if len(real_pieces) < len(TITLE) or max(real_scores) >= 0.9:
            failures.append(f"the real rendering's title looks like tofu: {real_scores}")
        if [(p[0], p[1], p[2], p[3]) for p in real_pieces] == [(p[0], p[1], p[2], p[3]) for p in tofu_pieces]:
            failures.append("the real rendering's title has the same shape as the tofu one")
    report(failures, f"{'FAILED' if failures else 'ok'}: CJK glyphs render")


if __name__ == "__main__":
    main()
