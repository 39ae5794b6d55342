#!/usr/bin/python3
"""API latency of `cityties serve` on a database: N calls per endpoint, median and p95 wall time,
the server's CPU time per call (user + system, from /proc: what the call costs whatever else the
machine runs), and the answer's size.

Usage: bench/api_latency.py BINARY DB [N]   (default 20 calls; port 8097 on loopback)
"""
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

binary, db = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
CALLS = ["search?q=熊本", "ties?node=Gdynia", "ties?node=高雄市", "path?from=Busan&to=格丁尼亞&k=3",
         "neighbors?node=Gdynia&depth=2", "partners", "agreements?min_parties=3", "graph"]
server = subprocess.Popen([binary, "serve", "--db", db, "--port", "8097"], stdout=subprocess.PIPE)


def cpu_ms():
    fields = open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


try:
    server.stdout.readline()  # "serving ... at URL"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| call | median ms | p95 ms | server CPU ms per call | answer KiB |\n| --- | --- | --- | --- | --- |")
    for call in CALLS:
        path, _, query = call.partition("?")
        url = "http://127.0.0.1:8097/api/" + path + ("?" + urllib.parse.quote(query, safe="=&") if query else "")
        urllib.request.urlopen(url).read()  # the first call of a kind warms the reader's caches
        times, size, cpu = [], 0, cpu_ms()
        for _ in range(n):
            start = time.perf_counter()
            size = len(urllib.request.urlopen(url).read())
            times.append((time.perf_counter() - start) * 1000)
        cpu = (cpu_ms() - cpu) / n
        times.sort()
        print(f"| `/api/{call}` | {statistics.median(times):.0f} | {times[int(0.95 * (n - 1))]:.0f} | {cpu:.1f} | {size // 1024} |")
finally:
    server.terminate()
