#!/usr/bin/env bash
# Regenerates the diagram gallery and the data exports in exports/ from a cityties database.
#
#   scripts/make-gallery.sh [--db DB] [--bin CITYTIES] [--out DIR]
#
# Without --db it builds a fresh database from data/kaohsiung in a temporary directory. The
# binary is --bin, else $CITYTIES_BIN, else build/cityties, else `cityties` on the PATH. Every
# diagram is drawn with --strict: a Graphviz warning, overlapping labels or an edge label crossed
# by another edge stop the script.
set -euo pipefail

cd "$(dirname "$0")/.."
DB="" BIN="${CITYTIES_BIN:-}" OUT="exports"
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB="$2"; shift 2 ;;
    --bin) BIN="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "make-gallery: unknown argument '$1'" >&2; exit 1 ;;
  esac
done
if [ -z "$BIN" ]; then
  if [ -x build/cityties ]; then BIN=build/cityties; else BIN=$(command -v cityties || true); fi
fi
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
  echo "make-gallery: no cityties binary; build it (cmake -S . -B build && make -C build) or pass --bin" >&2
  exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ -z "$DB" ]; then
  DB="$TMP/db"
  "$BIN" init --db "$DB" >/dev/null
  "$BIN" import --db "$DB" data/kaohsiung >/dev/null
fi

mkdir -p "$OUT"
# name | arguments of `cityties map` | caption
VIEWS=(
  "partners|partners|Kaohsiung's whole partnership network, clustered by country"
  "partners-by-continent|partners --group-by continent|The same network, clustered by continent"
  "partners-top20-slide|partners --top 20 --size 16:9|The 20 strongest partners on a 16:9 slide, the rest counted by country"
  "multilateral|multilateral|Agreements with three or more parties, each a hub among its parties"
  "timeline|timeline|How the network grew: agreements by year signed"
  "ego-kumamoto|ego 熊本市 --depth 1|Everything tied to Kumamoto City"
  "path-busan-gdynia|path 釜山廣域市 Gdynia -k 3|The three shortest paths from Busan to Gdynia"
  "school-path-gangshan-gdynia|school-path 岡山國中 --to Gdynia -k 3|How Gangshan Junior High could reach a pairing in Gdynia"
)

index="$OUT/README.md"
{
  echo "# Gallery"
  echo
  echo "Diagrams of the shipped dataset (data/kaohsiung), drawn by \`cityties map\` with Graphviz."
  echo "Regenerate with \`scripts/make-gallery.sh\`; the command reference is docs/diagrams.md."
  echo
} > "$index"
for view in "${VIEWS[@]}"; do
  IFS='|' read -r name args caption <<< "$view"
  for ext in svg png; do
    # shellcheck disable=SC2086 # the arguments are words
    "$BIN" map $args --db "$DB" --out "$OUT/$name.$ext" --strict --force
  done
  {
    echo "## $caption"
    echo
    echo "\`cityties map $args --out $name.svg\`"
    echo
    echo "[![$caption]($name.png)]($name.svg)"
    echo
  } >> "$index"
done

mkdir -p "$OUT/data"
"$BIN" export --db "$DB" --format graphml --force --out "$OUT/data/kaohsiung.graphml"
"$BIN" export --db "$DB" --format json --force --out "$OUT/data/kaohsiung.json"
"$BIN" export --db "$DB" --format cypher --force --out "$OUT/data/kaohsiung.cypher"
"$BIN" export --db "$DB" --format csv --force --out "$OUT/data/csv"
{
  echo "## Data exports"
  echo
  echo "- [kaohsiung.graphml](data/kaohsiung.graphml): GraphML for NetworkX, Gephi, igraph, yEd"
  echo "- [kaohsiung.json](data/kaohsiung.json): nodes and edges with their properties"
  echo "- [kaohsiung.cypher](data/kaohsiung.cypher): CREATE statements for Neo4j (\`--dialect memgraph|kuzu\` for the others)"
  echo "- [csv/](data/csv): one file per label and edge type; \`cityties import exports/data/csv\` loads it back"
} >> "$index"
echo "gallery: $(ls "$OUT" | grep -c '\.svg$') diagrams and 4 data exports in $OUT/"
