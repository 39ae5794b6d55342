#!/usr/bin/env bash
# Installs what bench/run.sh compares against: Debian's graph libraries for /usr/bin/python3,
# RocksDB's db_bench, and Kùzu (the exact version in bench/package-lock.json) into bench/node_modules.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
PACKAGES=(python3-igraph python3-networkx python3-graph-tool rocksdb-tools sqlite3 libbenchmark-dev)
MISSING=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || MISSING+=("$p"); done
# Node.js and npm from Debian unless some other install of them is on PATH (Debian's npm
# conflicts with a nodejs from elsewhere).
command -v node >/dev/null 2>&1 || MISSING+=(nodejs)
command -v npm >/dev/null 2>&1 || MISSING+=(npm)
if [ ${#MISSING[@]} -gt 0 ]; then
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${MISSING[@]}"
fi
[ -d node_modules/kuzu ] || npm ci --no-audit --no-fund
