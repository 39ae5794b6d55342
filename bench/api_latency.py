#!/usr/bin/python3
"""API latency of `cityties serve` on a database: N calls per endpoint, median and p95.

Usage: bench/api_latency.py BINARY DB [N]   (default 20 calls; port 8097 on loopback)
"""
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
try:
    server.stdout.readline()  # "serving ... at URL"
    print("| call | median ms | p95 ms | answer KiB |\n| --- | --- | --- | --- |")
    for call in CALLS:
        path, _, query = call.partition("?")
        url = "http://127.0.0.1:8097/api/" + path + ("?" + urllib.parse.quote(query, safe="=&") if query else "")
        times, size = [], 0
        for _ in range(n):
            start = time.perf_counter()
            size = len(urllib.request.urlopen(url).read())
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"| `/api/{call}` | {statistics.median(times):.0f} | {times[int(0.95 * (n - 1))]:.0f} | {size // 1024} |")
finally:
    server.terminate()
