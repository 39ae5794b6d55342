#!/usr/bin/env bash
# Import benchmark, side by side with peers in one run: cityties' bulk import (sorted SST files
# ingested atomically) of a 200k-vertex, 1M-edge directed graph, against loading the same edge
# list into NetworkX and igraph (Debian's python3-networkx, python3-igraph; in-memory only, no
# persistence, so a lower bound for a database), plus cityties' WriteBatch path on a small import.
#   usage: bench/bench_import.sh [BUILD_DIR]     (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/cityties
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PY=/usr/bin/python3

$PY - "$WORK" <<'PYEOF'
import random, sys
random.seed(42)
n, m = 200_000, 1_000_000
edges = set()
while len(edges) < m:
    a, b = random.randrange(n), random.randrange(n)
    if a != b:
        edges.add((a, b))
with open(f"{sys.argv[1]}/big.e", "w") as f:
    f.writelines(f"{a} {b}\n" for a, b in edges)
with open(f"{sys.argv[1]}/small.e", "w") as f:
    f.writelines(f"{a} {b}\n" for a, b in list(edges)[:20_000])
PYEOF

seconds() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "graph: 200,000 vertices (some isolated ones dropped), 1,000,000 directed edges"
printf '%-52s %s\n' "what" "seconds"
"$BIN" init --db "$WORK/db" >/dev/null
printf '%-52s %s\n' "cityties import --edgelist (bulk, 1M edges)" "$(seconds "$BIN" import --db "$WORK/db" --edgelist "$WORK/big.e" --directed)"
"$BIN" init --db "$WORK/small" >/dev/null
printf '%-52s %s\n' "cityties import --edgelist (WriteBatch, 20k edges)" "$(seconds "$BIN" import --db "$WORK/small" --edgelist "$WORK/small.e" --directed)"
printf '%-52s %s\n' "networkx read_edgelist (DiGraph, in memory)" \
  "$(seconds $PY -c "import networkx as nx; nx.read_edgelist('$WORK/big.e', create_using=nx.DiGraph, nodetype=int)")"
printf '%-52s %s\n' "igraph Graph.Read_Edgelist (in memory)" \
  "$(seconds $PY -c "import igraph as ig; ig.Graph.Read_Edgelist('$WORK/big.e', directed=True)")"
printf '%-52s %s\n' "database size on disk" "$(du -sh "$WORK/db" | cut -f1)"
