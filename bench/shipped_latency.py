#!/usr/bin/python3
"""Whole-process wall time of the query commands and the maps on the shipped dataset.

Usage: bench/shipped_latency.py [BINARY] [RUNS]   (default build/cityties, 7 runs; prints medians)

Builds a database from data/kaohsiung in a temporary directory (removed at the end), builds its
projection files once, then runs each command RUNS times. Targets (issue: scale and speed):
every query command under 50 ms, every map under 300 ms as SVG.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMANDS = [["get", "高雄市"], ["ties", "高雄市"], ["neighbors", "Kaohsiung", "--depth", "2"],
            ["common", "Kaohsiung", "Gdynia"], ["timeline", "Kaohsiung"], ["partners"], ["activity"],
            ["agreements"], ["dormant", "--since", "2020"], ["growth"], ["path", "Busan", "格丁尼亞"],
            ["brokers"], ["centrality", "--measure", "betweenness"], ["components"], ["communities"],
            ["stats"], ["list", "--label", "City"], ["kcore"], ["clustering"]]
MAPS = [["map", "partners"], ["map", "multilateral"], ["map", "ego", "Gdynia"], ["map", "path", "Busan", "格丁尼亞"],
        ["map", "timeline", "--center", "Kaohsiung"]]


def median_ms(binary, args, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([binary] + args, capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)}: exit {done.returncode}: {done.stderr.decode()[:300]}")
    return statistics.median(times) * 1000


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "cityties"))
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory(prefix="cityties-shipped-") as tmp:
        db = os.path.join(tmp, "db")
        subprocess.run([binary, "init", "--db", db], check=True, capture_output=True)
        subprocess.run([binary, "import", "--db", db, os.path.join(ROOT, "data", "kaohsiung")], check=True,
                       capture_output=True)
        subprocess.run([binary, "wcc", "--db", db], check=True, capture_output=True)  # the projection files
        worst = {"command": 0.0, "map": 0.0}
        for kind, rows in (("command", COMMANDS), ("map", MAPS)):
            for args in rows:
                extra = ["--out", os.path.join(tmp, "map.svg"), "--force"] if kind == "map" else []
                ms = median_ms(binary, args + extra + ["--db", db], runs)
                worst[kind] = max(worst[kind], ms)
                print(f"{' '.join(args) + (' (svg)' if extra else ''):<45} {ms:7.1f} ms", flush=True)
        print(f"slowest command {worst['command']:.1f} ms (target 50), slowest map {worst['map']:.1f} ms (target 300)")


if __name__ == "__main__":
    main()
