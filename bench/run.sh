#!/usr/bin/env bash
# cityties against graph-tool, igraph, NetworkX, Kùzu, SQLite and RocksDB's db_bench on one
# generated graph, side by side in one run; prints one table with ratios to cityties and the
# machine. Everything goes into one temporary directory (removed at the end).
#
#   usage: bench/run.sh [--edges 1M|10M] [--build DIR] [--repeat R] [--skip SYSTEM,...]
#          (default 1M edges, 200k vertices; build: ./build; R = 3; SYSTEM as in the table,
#           or 'world' to skip the JSONL import)
#
# Needs a built cityties (any build type; Release for numbers to quote). The peers, each
# reported missing (n/a) when absent: Debian's python3-igraph, python3-networkx,
# python3-graph-tool, rocksdb-tools (db_bench) for /usr/bin/python3; Kùzu from npm in bench/
# (npm ci --prefix bench). bench/install-deps.sh installs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD=$2; shift 2 ;;
    --edges|--repeat|--skip) ARGS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 1 ;;
  esac
done
exec /usr/bin/python3 bench/run.py "$BUILD" "${ARGS[@]}"
