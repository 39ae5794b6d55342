// The record-level requests of the engine (engine/database.h): a node by name, nodes of a label
// under property filters, the counts, the schema and the consistency check. Like the graph
// requests, every field is checked by the session and errors name the field.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/provenance.h"
#include "query/node_query.h"
#include "store/graph_store.h"

namespace cityties::engine {

using query::Candidate;    // a node a name may mean, with its names, offices and country
using query::DisplayName;  // a node's display name: English, else Chinese, else the id

// ---- get NODE

struct NodeRequest {
  std::string node;
  size_t pick = 0;  // 1-based: take candidate N of a name that does not resolve by itself
};
struct NodeResult {
  store::Node node;
  std::vector<query::Office> offices;  // an official's offices (HOLDS_OFFICE), with as_of
};

// ---- list --label L [--where ...]

struct ListRequest {
  std::string label;
  std::vector<std::string> where;  // "key=value", "key!=value", "key<value", ..., "key"
  size_t limit = 100000;
};
struct ListResult {
  std::vector<store::Node> nodes;       // in id order
  std::vector<std::string> properties;  // the label's required properties (names first), for columns
  // For a hub label (agreements, events: facts with a status and a source tier), each node's
  // provenance (engine/provenance.h), in the order of `nodes`; empty for other labels.
  std::vector<Provenance> provenance;
  std::map<std::pair<std::string, std::string>, size_t> by_status_tier;  // (status, tier) -> nodes listed
  bool truncated = false;                                                // more nodes match than `limit`
};

// ---- stats, schema, validate

struct StatsResult {
  store::Counts counts;
  uint64_t nodes = 0, edges = 0;
};
struct ValidateResult {
  std::vector<std::string> problems;  // empty: the data, indexes and counters agree
};

}  // namespace cityties::engine
