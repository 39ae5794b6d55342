#include "query/property_filter.h"

#include <algorithm>
#include <array>

#include "common/date.h"

namespace cityties::query {
namespace {

using Op = PropertyFilter::Op;
using schema::PropType;

struct OpName {
  std::string_view text;
  Op op;
};
// Two-character operators first, so "<=" is not read as "<".
constexpr std::array<OpName, 6> kOps = {
    {{"!=", Op::kNe}, {"<=", Op::kLe}, {">=", Op::kGe}, {"=", Op::kEq}, {"<", Op::kLt}, {">", Op::kGt}}};

bool IsOrdering(Op op) { return op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe; }

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

Status UnknownProperty(std::string_view key, const schema::LabelDef& label) {
  std::vector<std::string> names;
  for (const auto& [name, def] : label.properties) names.push_back(name);
  return Status::InvalidArgument("unknown property '" + std::string(key) + "' for label " + label.name +
                                 "; its properties: " + Joined(names));
}

// The filter's value, typed by the property it compares.
Result<store::Json> TypedValue(const schema::PropertyDef& def, Op op, const std::string& text) {
  if (IsOrdering(op) &&
      (def.type == PropType::kString || def.type == PropType::kBool || def.type == PropType::kStringList)) {
    return Status::InvalidArgument("property '" + def.name + "' is a " + schema::PropTypeName(def.type) +
                                   ": compare it with = or !=");
  }
  if (!def.allowed.empty() && std::find(def.allowed.begin(), def.allowed.end(), text) == def.allowed.end()) {
    return Status::InvalidArgument("property '" + def.name + "' has no value '" + text +
                                   "'; allowed: " + Joined(def.allowed));
  }
  if (def.type == PropType::kDate && !PartialDate::Parse(text)) {
    return Status::InvalidArgument("property '" + def.name +
                                   "' compares with a date YYYY, YYYY-MM or YYYY-MM-DD, got '" + text + "'");
  }
  if (def.type == PropType::kStringList || def.type == PropType::kDate) return store::Json(text);
  return schema::Schema::ConvertText(def, text);
}

bool ListHolds(const store::Json& list, const store::Json& wanted) {
  return std::find(list.begin(), list.end(), wanted) != list.end();
}

// -1, 0 or 1 for numbers; nullopt when the value is not one.
std::optional<int> CompareNumbers(const store::Json& a, const store::Json& b) {
  if (!a.is_number() || !b.is_number()) return std::nullopt;
  double x = a.get<double>(), y = b.get<double>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool OrderHolds(Op op, int cmp) {
  switch (op) {
    case Op::kEq:
      return cmp == 0;
    case Op::kNe:
      return cmp != 0;
    case Op::kLt:
      return cmp < 0;
    case Op::kLe:
      return cmp <= 0;
    case Op::kGt:
      return cmp > 0;
    case Op::kGe:
      return cmp >= 0;
    case Op::kExists:
      return true;
  }
  return false;
}

// Interval semantics of partial dates (see the header).
bool DateHolds(Op op, const PartialDate& value, const PartialDate& wanted) {
  const int first = value.FirstDay(), last = value.LastDay();
  const bool within = wanted.FirstDay() <= first && last <= wanted.LastDay();
  switch (op) {
    case Op::kEq:
      return within;
    case Op::kNe:
      return !within;
    case Op::kLt:
      return last < wanted.FirstDay();
    case Op::kLe:
      return last <= wanted.LastDay();
    case Op::kGt:
      return first > wanted.LastDay();
    case Op::kGe:
      return first >= wanted.FirstDay();
    case Op::kExists:
      return true;
  }
  return false;
}

}  // namespace

Result<PropertyFilter> PropertyFilter::Parse(std::string_view text, const schema::LabelDef& label) {
  if (text.empty()) return Status::InvalidArgument("empty filter");
  PropertyFilter filter;
  size_t op_at = text.find_first_of("!<>=");
  if (op_at == 0) return Status::InvalidArgument("filter '" + std::string(text) + "' names no property");
  filter.key = std::string(text.substr(0, op_at));
  auto def = label.properties.find(filter.key);
  if (def == label.properties.end()) return UnknownProperty(filter.key, label);
  filter.def = def->second;
  if (op_at == std::string_view::npos) return filter;
  std::string_view rest = text.substr(op_at);
  auto op = std::find_if(kOps.begin(), kOps.end(), [&](const OpName& o) { return rest.rfind(o.text, 0) == 0; });
  if (op == kOps.end()) {
    return Status::InvalidArgument("filter '" + std::string(text) +
                                   "': use key, key=v, key!=v, key<v, key<=v, key>v or key>=v");
  }
  filter.op = op->op;
  auto value = TypedValue(filter.def, filter.op, std::string(rest.substr(op->text.size())));
  if (!value.ok()) return value.status();
  filter.value = std::move(*value);
  return filter;
}

bool PropertyFilter::Matches(const store::Json& props) const {
  auto it = props.find(key);
  if (it == props.end() || it->is_null()) return op == Op::kNe;
  if (op == Op::kExists) return true;
  if (it->is_array()) return ListHolds(*it, value) == (op == Op::kEq);
  if (def.type == PropType::kDate) {
    auto have = it->is_string() ? PartialDate::Parse(it->get<std::string>()) : std::nullopt;
    auto wanted = PartialDate::Parse(value.get<std::string>());
    return have && wanted && DateHolds(op, *have, *wanted);
  }
  if (auto cmp = CompareNumbers(*it, value)) return OrderHolds(op, *cmp);
  return (*it == value) == (op == Op::kEq);
}

Result<std::vector<store::Node>> ListNodes(const store::GraphStore& store, const std::string& label,
                                           const std::vector<std::string>& filter_texts, size_t limit) {
  const auto* def = store.schema().FindLabel(label);
  if (!def) return Status::InvalidArgument("unknown label '" + label + "'");
  std::vector<PropertyFilter> filters;
  for (const auto& text : filter_texts) {
    auto filter = PropertyFilter::Parse(text, *def);
    if (!filter.ok()) return filter.status().WithContext("--where");
    filters.push_back(std::move(*filter));
  }
  std::vector<store::Node> nodes;
  Status error;
  CT_RETURN_IF_ERROR(store.ForEachNodeOfLabel(def->code, [&](store::NodeId id) {
    auto node = store.GetNode(id);
    if (!node.ok()) {
      error = node.status();
      return false;
    }
    bool keep = std::all_of(filters.begin(), filters.end(), [&](const auto& f) { return f.Matches(node->props); });
    if (keep) nodes.push_back(std::move(*node));
    return nodes.size() < limit;
  }));
  CT_RETURN_IF_ERROR(error);
  return nodes;
}

}  // namespace cityties::query
