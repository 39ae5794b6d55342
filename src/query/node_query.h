// Node-level queries shared by every command: resolving what a user typed to a node, and
// listing nodes of a label with property filters.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/graph_store.h"

namespace cityties::query {

// Resolves a NODE argument: an external id, else a name or alias in any language (folded: case,
// width and punctuation do not matter), else a fuzzy match. Exactly one candidate resolves; more
// give an InvalidArgument whose message lists the candidates, so the user can pick an id.
Result<store::Node> ResolveNode(const store::GraphStore& store, const std::string& text);

// The candidates ResolveNode considered, best first (for listing an ambiguous name).
Result<std::vector<store::Node>> NameCandidates(const store::GraphStore& store, const std::string& text, size_t limit);

// A property filter "key=value" (string equality; a list matches when it holds the value; dates
// also match by prefix, so date=2016 matches 2016-05-01), "key>=value" / "key<=value" (dates,
// numbers) or "key" (present).
struct PropertyFilter {
  std::string key;
  std::string op;  // "=", ">=", "<=", "exists"
  std::string value;
  static Result<PropertyFilter> Parse(const std::string& text);
  bool Matches(const store::Json& props) const;
};

// Nodes of `label` (a prefix scan of the label index) that pass every filter, in id order.
Result<std::vector<store::Node>> ListNodes(const store::GraphStore& store, const std::string& label,
                                           const std::vector<PropertyFilter>& filters, size_t limit);

// A display name for a node: English, else Chinese, else the written name, else the id.
std::string DisplayName(const store::Node& node);

}  // namespace cityties::query
