// Reading import files into a WriteSet (formats in docs/import-format.md).
//
// Parsing never writes: it turns every record into a NodeWrite or EdgeWrite tagged with its
// "file:line", so that GraphStore::Apply can check the whole import at once and reject it whole.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/graph_store.h"

namespace cityties::import {

struct ImportOptions {
  bool upsert = false;                        // replace nodes and edges that exist instead of failing
  size_t max_errors = 20;                     // errors reported in one run; the rest are counted
  bool progress = false;                      // report progress on stderr (import/progress.h)
  size_t memory_budget = size_t{1024} << 20;  // bytes of sorted keys held before runs are spilled
};

// Expands directories into their *.jsonl and *.csv files in byte order of name.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs);

// Parses JSON Lines and CSV files (by extension) into one WriteSet. A UTF-8 byte-order mark at
// the start of a file is skipped. Every bad line is reported (up to options.max_errors, then
// "N more errors not shown"), each naming file, line and field, with long values cut short; a
// JSON value nested deeper than kMaxJsonDepth levels is refused before it is parsed.
Status ParseFiles(const std::vector<std::string>& files, const schema::Schema& schema, const ImportOptions& options,
                  store::WriteSet* out);

// Parses a SNAP / LDBC Graphalytics edge list (and optional vertex file) into Vertex nodes and
// LINK edges whose external ids are the file's own vertex ids.
struct EdgeListOptions {
  std::string edges_path;
  std::string vertices_path;  // optional
  bool directed = false;
  bool weighted = false;
  bool progress = false;                      // report progress on stderr (import/progress.h)
  size_t memory_budget = size_t{1024} << 20;  // bytes of sorted keys held before runs are spilled
};
Status ParseEdgeList(const EdgeListOptions& options, store::WriteSet* out);

// Imports an edge list: into an empty database straight through the store's bulk loader
// (store/edge_list_loader.h), else (or when an edge repeats, to name its line) as the WriteSet
// of ParseEdgeList through Apply. Either way all or nothing, the same keys and values.
Status ImportEdgeList(store::GraphStore& store, const EdgeListOptions& options, store::ApplySummary* summary);

// ExpandInputs + ParseFiles + Apply: all or nothing. When the files parse, every record is
// also checked against the schema (duplicate ids, properties, edge types and endpoints) before
// Apply, so that one run reports all bad records.
Status ImportFiles(store::GraphStore& store, const std::vector<std::string>& inputs, const ImportOptions& options,
                   store::ApplySummary* summary);

}  // namespace cityties::import
