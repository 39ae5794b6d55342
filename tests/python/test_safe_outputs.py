#!/usr/bin/python3
"""`map --out` and `export --out` write through common/output_file.h (all paths in a temp dir):

  - a FIFO, a symlink and a directory at the output path are refused (exit 1), named, untouched;
  - a missing directory is an error (exit 1, naming the path), not "wrote";
  - an existing file is refused without --force (exit 1, unchanged) and replaced with --force;
  - no temporary or partial file is left beside the output.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctutil import check, finish, run  # noqa: E402

COMMANDS = {
    "map": lambda out, *extra: ["map", "partners", "--out", out, *extra],
    "export-json": lambda out, *extra: ["export", "--format", "json", "--out", out, *extra],
    "export-graphml": lambda out, *extra: ["export", "--format", "graphml", "--out", out, *extra],
    "export-cypher": lambda out, *extra: ["export", "--format", "cypher", "--out", out, *extra],
}


def expect(result, code, words, what):
    text = result.stdout + result.stderr
    check(result.returncode == code, f"{what}: exit {result.returncode}, expected {code}: {text.strip()}")
    for w in words:
        check(w in text, f"{what}: the message does not say {w!r}: {text.strip()}")
    if code:
        check("wrote" not in result.stdout and "exported" not in result.stdout, f"{what}: claims success")


def main():
    with tempfile.TemporaryDirectory(prefix="ct-outputs-") as tmp:
        db = os.path.join(tmp, "db")
        run(db, "init")
        run(db, "import", "tests/data/render")
        for name, command in COMMANDS.items():
            ext = ".svg" if name == "map" else ".out"
            work = os.path.join(tmp, name)
            os.mkdir(work)
            fifo = os.path.join(work, "fifo" + ext)
            os.mkfifo(fifo)
            expect(run(db, *command(fifo, "--force"), ok=False), 1, [fifo, "FIFO"], f"{name} onto a FIFO")
            target = os.path.join(work, "target.txt")
            open(target, "w").write("keep")
            link = os.path.join(work, "link" + ext)
            os.symlink(target, link)
            expect(run(db, *command(link, "--force"), ok=False), 1, [link, "symbolic link"], f"{name} onto a symlink")
            check(open(target).read() == "keep" and os.path.islink(link), f"{name}: the symlink or its target changed")
            folder = os.path.join(work, "dir" + ext)
            os.mkdir(folder)
            expect(run(db, *command(folder, "--force"), ok=False), 1, [folder, "directory"], f"{name} onto a directory")
            missing = os.path.join(work, "no", "such", "x" + ext)
            expect(run(db, *command(missing), ok=False), 1, [missing, "No such file"], f"{name} into a missing dir")
            out = os.path.join(work, "out" + ext)
            expect(run(db, *command(out), ok=False), 0, [], f"{name} to a new file")
            open(out, "w").write("old")
            expect(run(db, *command(out), ok=False), 1, [out, "--force"], f"{name} over a file without --force")
            check(open(out).read() == "old", f"{name}: the file changed without --force")
            expect(run(db, *command(out, "--force"), ok=False), 0, [], f"{name} over a file with --force")
            check(open(out).read() != "old", f"{name}: --force did not replace the file")
            left = sorted(set(os.listdir(work)) - {"fifo" + ext, "target.txt", "link" + ext, "dir" + ext, "out" + ext})
            check(not left, f"{name}: left files behind: {left}")
    finish()


if __name__ == "__main__":
    main()
