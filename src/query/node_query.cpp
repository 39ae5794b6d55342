#include "query/node_query.h"

#include <cstdlib>

#include "common/date.h"

namespace cityties::query {
namespace {

bool ValueEquals(const store::Json& value, const std::string& wanted) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s == wanted) return true;
    // A date matches a coarser date given as its prefix.
    return PartialDate::Parse(s) && PartialDate::Parse(wanted) && s.rfind(wanted, 0) == 0;
  }
  if (value.is_array()) {
    for (const auto& item : value) {
      if (ValueEquals(item, wanted)) return true;
    }
    return false;
  }
  return value.dump() == wanted;
}

// Orders dates by interval start and numbers numerically; anything else does not compare.
std::optional<int> Compare(const store::Json& value, const std::string& wanted) {
  if (value.is_number()) {
    char* end = nullptr;
    double w = std::strtod(wanted.c_str(), &end);
    if (end == wanted.c_str() || *end != '\0') return std::nullopt;
    double v = value.get<double>();
    return v < w ? -1 : (v > w ? 1 : 0);
  }
  if (value.is_string()) {
    auto a = PartialDate::Parse(value.get<std::string>());
    auto b = PartialDate::Parse(wanted);
    if (!a || !b) return std::nullopt;
    return a->FirstDay() < b->FirstDay() ? -1 : (a->FirstDay() > b->FirstDay() ? 1 : 0);
  }
  return std::nullopt;
}

}  // namespace

Result<PropertyFilter> PropertyFilter::Parse(const std::string& text) {
  for (const char* op : {">=", "<=", "="}) {
    auto pos = text.find(op);
    if (pos != std::string::npos && pos > 0)
      return PropertyFilter{text.substr(0, pos), op, text.substr(pos + std::string(op).size())};
  }
  if (text.empty()) return Status::InvalidArgument("empty filter");
  return PropertyFilter{text, "exists", ""};
}

bool PropertyFilter::Matches(const store::Json& props) const {
  auto it = props.find(key);
  if (it == props.end()) return false;
  if (op == "exists") return true;
  if (op == "=") return ValueEquals(*it, value);
  auto cmp = Compare(*it, value);
  if (!cmp) return false;
  return op == ">=" ? *cmp >= 0 : *cmp <= 0;
}

Result<std::vector<store::Node>> NameCandidates(const store::GraphStore& store, const std::string& text, size_t limit) {
  auto matches = store.FindByName(text, limit);
  if (!matches.ok()) return matches.status();
  std::vector<store::Node> nodes;
  for (const auto& m : *matches) {
    auto node = store.GetNode(m.node);
    if (!node.ok()) return node.status();
    nodes.push_back(std::move(*node));
  }
  return nodes;
}

Result<store::Node> ResolveNode(const store::GraphStore& store, const std::string& text) {
  auto by_id = store.GetNode(text);
  if (by_id.ok() || !by_id.status().IsNotFound()) return by_id;
  auto candidates = NameCandidates(store, text, 20);
  if (!candidates.ok()) return candidates.status();
  if (candidates->empty()) return Status::NotFound("no node with id or name '" + text + "'");
  if (candidates->size() == 1) return std::move(candidates->front());
  std::string list;
  for (const auto& node : *candidates) list += "\n  " + node.ext_id + "  (" + node.label + ") " + DisplayName(node);
  return Status::InvalidArgument("'" + text + "' is ambiguous; candidates:" + list);
}

Result<std::vector<store::Node>> ListNodes(const store::GraphStore& store, const std::string& label,
                                           const std::vector<PropertyFilter>& filters, size_t limit) {
  const auto* def = store.schema().FindLabel(label);
  if (!def) return Status::InvalidArgument("unknown label '" + label + "'");
  std::vector<store::Node> nodes;
  Status error;
  CT_RETURN_IF_ERROR(store.ForEachNodeOfLabel(def->code, [&](store::NodeId id) {
    auto node = store.GetNode(id);
    if (!node.ok()) {
      error = node.status();
      return false;
    }
    bool keep = true;
    for (const auto& f : filters) keep = keep && f.Matches(node->props);
    if (keep) nodes.push_back(std::move(*node));
    return nodes.size() < limit;
  }));
  CT_RETURN_IF_ERROR(error);
  return nodes;
}

std::string DisplayName(const store::Node& node) {
  for (const char* key : {"name_en", "name_zh", "name", "title"}) {
    auto it = node.props.find(key);
    if (it != node.props.end() && it->is_string()) return it->get<std::string>();
  }
  return node.ext_id;
}

}  // namespace cityties::query
