#!/usr/bin/python3
"""Runs one golden CLI scenario against the cityties binary.

A scenario file is a sequence of steps:

    # a comment
    $ cityties import tests/data/sample          <- a command (shell words; `cityties` is the binary)
    > nodes: 5 created, ...                       <- an expected stdout line (exact)
    ~ error: .*duplicate id                       <- an expected stdout/stderr line (regex search)
    ? 1                                           <- the expected exit code (default 0)
    ! printf 'x' > {tmp}/bad.jsonl                <- a shell setup command, must succeed

Every command runs in the repository root with CITYTIES_DB={tmp}/db, where {tmp} is a fresh
temporary directory, substituted in commands and expected lines, and COLUMNS=100, so that tables
fit 100 columns. When a step lists '>' lines, stdout
must equal them exactly; '~' lines must each match some line of stdout or stderr.

With --update (run_scenario.py BINARY FILE --update) the '>' lines of every step whose stdout
differs are rewritten from what the binary printed: review the diff before committing it.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile


def parse(path):
    steps = []
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            tag, rest = line[:1], line[2:]
            if tag in "$!":
                steps.append({"kind": tag, "cmd": rest, "line": number, "out": [], "match": [], "rc": 0, "out_lines": []})
            elif tag == ">":
                steps[-1]["out"].append(rest)
                steps[-1]["out_lines"].append(number)
            elif tag == "~":
                steps[-1]["match"].append(rest)
            elif tag == "?":
                steps[-1]["rc"] = int(rest)
            else:
                sys.exit(f"{path}:{number}: cannot parse {line!r}")
    return steps


def main():
    binary, path = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    rewrites = {}  # first '>' line number -> (last line number, new lines)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="ct-scenario-") as tmp:
        # Tables fit 100 columns whatever terminal runs the suite.
        env = dict(os.environ, CITYTIES_DB=os.path.join(tmp, "db"), COLUMNS="100")
        for step in parse(path):
            cmd = step["cmd"].replace("{tmp}", tmp)
            where = f"{path}:{step['line']}"
            if step["kind"] == "!":
                result = subprocess.run(cmd, shell=True, env=env, capture_output=True, text=True)
                if result.returncode != 0:
                    print(f"{where}: setup failed: {cmd}\n{result.stderr}")
                    failures += 1
                continue
            words = shlex.split(cmd)
            if words and words[0] == "cityties":
                words[0] = binary
            result = subprocess.run(words, env=env, capture_output=True, text=True)
            expected_out = [l.replace("{tmp}", tmp) for l in step["out"]]
            patterns = [p.replace("{tmp}", re.escape(tmp)) for p in step["match"]]
            problems = []
            if result.returncode != step["rc"]:
                problems.append(f"exit code {result.returncode}, expected {step['rc']}")
            if expected_out and result.stdout.rstrip("\n").split("\n") != expected_out:
                if update:
                    got = [l.replace(tmp, "{tmp}") for l in result.stdout.rstrip("\n").split("\n")]
                    rewrites[step["out_lines"][0]] = (step["out_lines"][-1], got)
                problems.append("stdout differs:\n--- expected\n" + "\n".join(expected_out) + "\n--- got\n" + result.stdout)
            lines = (result.stdout + result.stderr).split("\n")
            for pattern in patterns:
                if not any(re.search(pattern, l) for l in lines):
                    problems.append(f"no line matches /{pattern}/")
            if problems:
                failures += 1
                print(f"{where}: $ {cmd}\n  " + "\n  ".join(problems) + f"\n  stderr: {result.stderr.strip()}")
    if rewrites:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for first in sorted(rewrites, reverse=True):
            last, got = rewrites[first]
            lines[first - 1:last] = ["> " + l if l else ">" for l in got]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print(f"{os.path.basename(path)}: rewrote {len(rewrites)} step(s)")
    print(f"{os.path.basename(path)}: {'FAILED' if failures else 'ok'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
