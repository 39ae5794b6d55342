#!/usr/bin/env bash
# The main job: build a fresh database from the shipped Kaohsiung dataset, check it, print its
# statistics and a few answers, and regenerate the diagram gallery in exports/.
#   usage: scripts/load-dataset.sh [DB_PATH]   (default ./cityties.db; it is rebuilt)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/cityties
DB=${1:-cityties.db}
DATA=data/kaohsiung
[ -d "$DATA" ] || DATA=tests/data/sample

rm -rf "$DB"
"$BIN" init --db "$DB"
"$BIN" import --db "$DB" "$DATA"
"$BIN" validate --db "$DB"
echo
echo "== stats"
"$BIN" stats --db "$DB"
if [ -x scripts/make-gallery.sh ]; then
  echo
  echo "== diagrams"
  scripts/make-gallery.sh --db "$DB" --bin "$BIN" --out exports
fi
echo
echo "== a few answers (see README for more)"
"$BIN" centrality --db "$DB" --labels City,Agreement --top 5
"$BIN" brokers --db "$DB" --labels City,Agreement,Country --top 5
echo
echo "database ready: $DB   (try: build/cityties ties --db $DB 高雄市)"
