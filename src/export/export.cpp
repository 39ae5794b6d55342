#include "export/export.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "common/output_file.h"

namespace cityties::exporter {
namespace {

namespace fs = std::filesystem;

// Formats in memory, then writes with WriteOutputFile (common/output_file.h): atomically, never
// over anything but a regular file, over an existing one only with `force`.
Status WriteFileAtomically(const std::string& path, bool force, const std::function<Status(std::ostream&)>& write) {
  CT_RETURN_IF_ERROR(CheckOutputPath(path, force));
  std::ostringstream buffer;
  CT_RETURN_IF_ERROR(write(buffer));
  return WriteOutputFile(path, buffer.str(), force);
}

bool IsExportCsv(const std::string& name) {
  return name.size() > 4 && name.ends_with(".csv") && (name.starts_with("nodes_") || name.starts_with("edges_"));
}

// The CSV directory must not hold files that `cityties import DIR` would read besides ours.
Status PrepareCsvDirectory(const std::string& dir, bool force) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    if (!fs::create_directories(dir, ec))
      return Status::IOError("cannot create directory " + dir + ": " + ec.message());
    return Status::Ok();
  }
  if (!fs::is_directory(dir, ec)) return Status::InvalidArgument(dir + " exists and is not a directory");
  std::vector<fs::path> entries, ours;
  for (const auto& entry : fs::directory_iterator(dir, ec)) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());  // the message names the first, deterministically
  for (const auto& entry : entries) {
    std::string name = entry.filename().string();
    auto ext = entry.extension().string();
    if (ext != ".csv" && ext != ".jsonl") continue;
    if (!force || !IsExportCsv(name)) {
      if (!IsExportCsv(name))
        return Status::InvalidParameter("out", dir + " already holds " + name + "; export into an empty directory");
      return Status::InvalidParameter("force",
                                      "is needed: " + dir + " already holds " + name + " of an earlier export");
    }
    ours.push_back(entry);
  }
  for (const auto& path : ours) fs::remove(path, ec);
  return Status::Ok();
}

}  // namespace

Result<ExportFormat> ParseExportFormat(const std::string& text) {
  if (text == "graphml") return ExportFormat::kGraphml;
  if (text == "json") return ExportFormat::kJson;
  if (text == "jsonl") return ExportFormat::kJsonl;
  if (text == "csv") return ExportFormat::kCsv;
  if (text == "cypher") return ExportFormat::kCypher;
  return Status::InvalidArgument("unknown export format '" + text + "' (graphml, json, jsonl, csv or cypher)");
}

Result<CypherDialect> ParseCypherDialect(const std::string& text) {
  if (text == "neo4j") return CypherDialect::kNeo4j;
  if (text == "memgraph") return CypherDialect::kMemgraph;
  if (text == "kuzu") return CypherDialect::kKuzu;
  return Status::InvalidArgument("unknown Cypher dialect '" + text + "' (neo4j, memgraph or kuzu)");
}

Result<Snapshot> LoadSnapshot(const store::GraphStore& store) {
  Snapshot graph;
  graph.directed = store.directed();
  CT_RETURN_IF_ERROR(store.ForEachNode([&](const store::Node& node) {
    graph.nodes.push_back(node);
    return true;
  }));
  std::unordered_map<store::NodeId, size_t> index;
  for (size_t i = 0; i < graph.nodes.size(); ++i) index[graph.nodes[i].id] = i;
  const auto& schema = store.schema();
  Status error;
  CT_RETURN_IF_ERROR(store.ForEachEdge(/*with_props=*/true, [&](const store::Edge& edge) {
    auto from = index.find(edge.src);
    auto to = index.find(edge.dst);
    const auto* type = schema.EdgeTypeByCode(edge.type);
    if (from == index.end() || to == index.end() || !type) {
      error = Status::Corruption("an edge names a missing node or edge type (run 'cityties validate')");
      return false;
    }
    const auto& a = graph.nodes[from->second];
    const auto& b = graph.nodes[to->second];
    graph.edges.push_back(EdgeRecord{a.ext_id, type->name, b.ext_id, a.label, b.label, edge.props});
    return true;
  }));
  CT_RETURN_IF_ERROR(error);
  std::sort(graph.nodes.begin(), graph.nodes.end(),
            [](const store::Node& a, const store::Node& b) { return a.ext_id < b.ext_id; });
  std::sort(graph.edges.begin(), graph.edges.end(), [](const EdgeRecord& a, const EdgeRecord& b) {
    return std::tie(a.from, a.type, a.to) < std::tie(b.from, b.type, b.to);
  });
  return graph;
}

namespace {
// A node or an edge as one JSON Lines import record (docs/import-format.md), on one line.
std::string NodeLine(const store::Node& n) {
  nlohmann::ordered_json record = {{"id", n.ext_id}, {"label", n.label}, {"props", n.props}};
  return record.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}
std::string EdgeLine(const EdgeRecord& e) {
  nlohmann::ordered_json record = {{"from", e.from}, {"type", e.type}, {"to", e.to}, {"props", e.props}};
  return record.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}
}  // namespace

Status WriteJson(const Snapshot& graph, std::ostream& out) {
  // One element per line: readable, diffable, and each line is a JSON Lines import record.
  out << "{\n  \"directed\": " << (graph.directed ? "true" : "false") << ",\n  \"nodes\": [";
  for (size_t i = 0; i < graph.nodes.size(); ++i) out << (i ? ",\n    " : "\n    ") << NodeLine(graph.nodes[i]);
  out << (graph.nodes.empty() ? "],\n" : "\n  ],\n") << "  \"edges\": [";
  for (size_t i = 0; i < graph.edges.size(); ++i) out << (i ? ",\n    " : "\n    ") << EdgeLine(graph.edges[i]);
  out << (graph.edges.empty() ? "]\n}\n" : "\n  ]\n}\n");
  return Status::Ok();
}

Status WriteJsonl(const Snapshot& graph, std::ostream& out) {
  if (!graph.directed) {
    return Status::InvalidParameter("format",
                                    "an undirected edge-list graph has no JSON Lines form (the import format's edges "
                                    "are directed); export it as csv, or import its edge list again");
  }
  for (const auto& n : graph.nodes) out << NodeLine(n) << '\n';
  for (const auto& e : graph.edges) out << EdgeLine(e) << '\n';
  return Status::Ok();
}

Result<ExportSummary> Export(const store::GraphStore& store, const ExportOptions& options, const std::string& out,
                             std::ostream& stdout_stream) {
  if (out.empty())
    return Status::InvalidParameter("out", "missing: a file, '-' for standard output, or for csv a directory");
  auto graph = LoadSnapshot(store);
  if (!graph.ok()) return graph.status();
  ExportSummary summary;
  summary.nodes = graph->nodes.size();
  summary.edges = graph->edges.size();
  const auto& schema = store.schema();
  if (options.format == ExportFormat::kCsv) {
    if (out == "-") return Status::InvalidParameter("out", "csv export writes a directory; name one");
    CT_RETURN_IF_ERROR(PrepareCsvDirectory(out, options.force));
    CT_RETURN_IF_ERROR(WriteCsvDirectory(*graph, out, &summary.files));
    return summary;
  }
  auto write = [&](std::ostream& stream) -> Status {
    switch (options.format) {
      case ExportFormat::kGraphml:
        return WriteGraphml(*graph, schema, stream);
      case ExportFormat::kJson:
        return WriteJson(*graph, stream);
      case ExportFormat::kJsonl:
        return WriteJsonl(*graph, stream);
      case ExportFormat::kCypher:
        return WriteCypher(*graph, schema, options.dialect, stream);
      case ExportFormat::kCsv:
        break;
    }
    return Status::Internal("unhandled export format");
  };
  if (out == "-") {
    CT_RETURN_IF_ERROR(write(stdout_stream));
    return summary;
  }
  CT_RETURN_IF_ERROR(WriteFileAtomically(out, options.force, write));
  summary.files.push_back(out);
  return summary;
}

}  // namespace cityties::exporter
