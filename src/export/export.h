// Exports of a whole database in formats that other tools read.
//
//   graphml  GraphML 1.0 for NetworkX (read_graphml), Gephi, yEd, igraph: one typed <key> per
//            property name and domain (string, long, double, boolean; dates are strings and
//            string lists are joined with '|'); every node carries `label` (a display name, which
//            Gephi shows) and `labels` (the cityties label), every edge `label` (its type).
//   json     {"directed", "nodes": [{"id", "label", "props"}], "edges": [{"from", "type", "to",
//            "props"}]}: every element has the shape of a JSON Lines import record.
//   jsonl    the JSON Lines import format itself: one node record per line, then one edge record
//            per line, so `cityties import FILE` loads it back exactly, whatever the values hold
//            (list items with '|', empty strings and lists). Not for an undirected edge-list
//            graph, whose direction flag the import format cannot carry.
//   csv      a directory with nodes_<Label>.csv and edges_<TYPE>.csv in the import format of
//            docs/import-format.md, so `cityties import DIR` loads it back exactly. Values the CSV
//            format cannot carry (an empty string, an empty list, a list item holding '|') make
//            the export fail rather than lose them.
//   cypher   CREATE statements for Neo4j (default), Memgraph or Kùzu (with its DDL).
//
// Nodes come out in byte order of external id and edges in order of (from, type, to), so two
// databases holding the same graph export byte-identical files whatever their internal ids.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/graph_store.h"

namespace cityties::exporter {

enum class ExportFormat { kGraphml, kJson, kJsonl, kCsv, kCypher };
enum class CypherDialect { kNeo4j, kMemgraph, kKuzu };

Result<ExportFormat> ParseExportFormat(const std::string& text);
Result<CypherDialect> ParseCypherDialect(const std::string& text);

// An edge named by the external ids of its ends.
struct EdgeRecord {
  std::string from, type, to;
  std::string from_label, to_label;
  nlohmann::json props = nlohmann::json::object();
};

// The whole graph in export order (see above).
struct Snapshot {
  std::vector<store::Node> nodes;
  std::vector<EdgeRecord> edges;
  bool directed = true;
};

Result<Snapshot> LoadSnapshot(const store::GraphStore& store);

Status WriteGraphml(const Snapshot& graph, const schema::Schema& schema, std::ostream& out);
Status WriteJson(const Snapshot& graph, std::ostream& out);
Status WriteJsonl(const Snapshot& graph, std::ostream& out);
Status WriteCypher(const Snapshot& graph, const schema::Schema& schema, CypherDialect dialect, std::ostream& out);
// Writes nodes_<Label>.csv and edges_<TYPE>.csv into `dir` (created when missing); appends the
// paths written to `files`.
Status WriteCsvDirectory(const Snapshot& graph, const std::string& dir, std::vector<std::string>* files);

struct ExportOptions {
  ExportFormat format = ExportFormat::kJson;
  CypherDialect dialect = CypherDialect::kNeo4j;
  // csv: replace the nodes_*.csv and edges_*.csv files of an earlier export in the directory.
  bool force = false;
};

struct ExportSummary {
  size_t nodes = 0, edges = 0;
  std::vector<std::string> files;
};

// Exports to `out`: a file (written beside it and renamed into place), "-" for `stdout` (not for
// csv), or for csv a directory that holds no other .csv or .jsonl files (an import of the
// directory would read them too).
Result<ExportSummary> Export(const store::GraphStore& store, const ExportOptions& options, const std::string& out,
                             std::ostream& stdout_stream);

}  // namespace cityties::exporter
