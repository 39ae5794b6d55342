#include "schema/schema_diff.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace cityties::schema {
namespace {

using Kind = SchemaChange::Kind;

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// Elements of `a` not in `b`, in order.
template <typename Container>
std::vector<std::string> Minus(const Container& a, const Container& b) {
  std::vector<std::string> out;
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  }
  return out;
}

std::string DefaultText(const PropertyDef& def) { return def.default_value ? def.default_value->dump() : "none"; }

std::string Shape(const PropertyDef& def) {
  std::string text = std::string(PropTypeName(def.type)) + (def.required ? ", required" : ", optional");
  if (def.default_value) text += ", default " + def.default_value->dump();
  return text;
}

class Differ {
 public:
  explicit Differ(std::vector<SchemaChange>* out) : out_(out) {}

  void Add(Kind kind, bool on_edges, const std::string& owner, std::string detail = "") {
    out_->push_back(SchemaChange{kind, on_edges, owner, "", std::move(detail), nullptr, "", ""});
  }

  void AddProperty(Kind kind, bool on_edges, const std::string& owner, const std::string& property,
                   const PropertyDef* newer, std::string detail) {
    out_->push_back(SchemaChange{kind, on_edges, owner, property, std::move(detail), newer, "", ""});
  }

  void Properties(bool on_edges, const std::string& owner, const std::map<std::string, PropertyDef>& older,
                  const std::map<std::string, PropertyDef>& newer) {
    std::set<std::string> names;
    for (const auto& [name, def] : older) names.insert(name);
    for (const auto& [name, def] : newer) names.insert(name);
    for (const auto& name : names) {
      auto o = older.find(name);
      auto n = newer.find(name);
      if (n == newer.end()) {
        AddProperty(Kind::kRemoveProperty, on_edges, owner, name, nullptr, "");
      } else if (o == older.end()) {
        AddProperty(n->second.required ? Kind::kRequireProperty : Kind::kAddProperty, on_edges, owner, name, &n->second,
                    "new, " + Shape(n->second));
      } else {
        Property(on_edges, owner, o->second, n->second);
      }
    }
  }

  void Property(bool on_edges, const std::string& owner, const PropertyDef& o, const PropertyDef& n) {
    auto add = [&](Kind kind, std::string detail) {
      AddProperty(kind, on_edges, owner, n.name, &n, std::move(detail));
    };
    if (o.type != n.type) {
      add(Kind::kChangeType, std::string(PropTypeName(o.type)) + " -> " + PropTypeName(n.type));
    } else {
      Enum(o, n, add);
    }
    if (!o.required && n.required) add(Kind::kRequireProperty, "was optional, " + Shape(n));
    if (o.required && !n.required) add(Kind::kRelaxProperty, "");
    if (DefaultText(o) != DefaultText(n)) add(Kind::kChangeDefault, DefaultText(o) + " -> " + DefaultText(n));
    if (o.doc != n.doc) add(Kind::kChangeDoc, "");
  }

  template <typename AddFn>
  void Enum(const PropertyDef& o, const PropertyDef& n, AddFn add) {
    if (o.allowed == n.allowed) return;
    if (n.allowed.empty()) return add(Kind::kWidenEnum, "any value");
    if (o.allowed.empty()) return add(Kind::kNarrowEnum, "to one of " + Join(n.allowed));
    auto removed = Minus(o.allowed, n.allowed);
    auto added = Minus(n.allowed, o.allowed);
    if (!removed.empty()) add(Kind::kNarrowEnum, "removes " + Join(removed));
    if (!added.empty()) add(Kind::kWidenEnum, "adds " + Join(added));
  }

  void Endpoints(const std::string& type, const char* side, const std::set<std::string>& older,
                 const std::set<std::string>& newer) {
    for (const auto& label : Minus(newer, older)) Add(Kind::kAddEndpoint, true, type, std::string(side) + ": " + label);
    for (const auto& label : Minus(older, newer)) {
      out_->push_back(
          SchemaChange{Kind::kRemoveEndpoint, true, type, "", std::string(side) + ": " + label, nullptr, side, label});
    }
  }

 private:
  std::vector<SchemaChange>* out_;
};

std::string EdgeShape(const EdgeTypeDef& type) {
  return "(" + Join({type.from.begin(), type.from.end()}, "|") + ") -> (" +
         Join({type.to.begin(), type.to.end()}, "|") + ")";
}

}  // namespace

std::vector<SchemaChange> Diff(const Schema& older, const Schema& newer) {
  std::vector<SchemaChange> changes;
  Differ differ(&changes);
  std::set<std::string> labels, types;
  for (const auto& l : older.labels()) labels.insert(l.name);
  for (const auto& l : newer.labels()) labels.insert(l.name);
  for (const auto& name : labels) {
    const LabelDef* o = older.FindLabel(name);
    const LabelDef* n = newer.FindLabel(name);
    if (!n) {
      differ.Add(Kind::kRemoveLabel, false, name);
    } else if (!o) {
      differ.Add(Kind::kAddLabel, false, name);
    } else {
      if (o->doc != n->doc) differ.Add(Kind::kChangeDoc, false, name);
      differ.Properties(false, name, o->properties, n->properties);
    }
  }
  for (const auto& t : older.edge_types()) types.insert(t.name);
  for (const auto& t : newer.edge_types()) types.insert(t.name);
  for (const auto& name : types) {
    const EdgeTypeDef* o = older.FindEdgeType(name);
    const EdgeTypeDef* n = newer.FindEdgeType(name);
    if (!n) {
      differ.Add(Kind::kRemoveEdgeType, true, name);
    } else if (!o) {
      differ.Add(Kind::kAddEdgeType, true, name, EdgeShape(*n));
    } else {
      if (o->doc != n->doc) differ.Add(Kind::kChangeDoc, true, name);
      differ.Endpoints(name, "from", o->from, n->from);
      differ.Endpoints(name, "to", o->to, n->to);
      differ.Properties(true, name, o->properties, n->properties);
    }
  }
  return changes;
}

bool SchemaChange::NeedsCheck() const {
  switch (kind) {
    case Kind::kRemoveLabel:
    case Kind::kRemoveEdgeType:
    case Kind::kRequireProperty:
    case Kind::kRemoveProperty:
    case Kind::kChangeType:
    case Kind::kNarrowEnum:
    case Kind::kRemoveEndpoint:
      return true;
    case Kind::kAddProperty:
      return newer && newer->default_value;  // existing records get the default
    default:
      return false;
  }
}

std::string SchemaChange::OwnerName() const { return (on_edges ? "edge type " : "label ") + owner; }

std::string SchemaChange::Describe() const {
  const std::string prop = "property '" + property + "' of " + OwnerName();
  std::string text;
  switch (kind) {
    case Kind::kAddLabel:
      text = "add label " + owner;
      break;
    case Kind::kRemoveLabel:
      text = "remove label " + owner;
      break;
    case Kind::kAddEdgeType:
      text = "add edge type " + owner;
      break;
    case Kind::kRemoveEdgeType:
      text = "remove edge type " + owner;
      break;
    case Kind::kAddProperty:
      text = "add " + prop;
      break;
    case Kind::kRequireProperty:
      text = "require " + prop;
      break;
    case Kind::kRelaxProperty:
      text = "make " + prop + " optional";
      break;
    case Kind::kRemoveProperty:
      text = "remove " + prop;
      break;
    case Kind::kChangeType:
      text = "change the type of " + prop;
      break;
    case Kind::kWidenEnum:
      text = "allow more values of " + prop;
      break;
    case Kind::kNarrowEnum:
      text = "restrict the values of " + prop;
      break;
    case Kind::kChangeDefault:
      text = "change the default of " + prop;
      break;
    case Kind::kAddEndpoint:
      text = "allow another endpoint label for " + OwnerName();
      break;
    case Kind::kRemoveEndpoint:
      text = "remove an endpoint label of " + OwnerName();
      break;
    case Kind::kChangeDoc:
      text = "change the doc of " + (property.empty() ? OwnerName() : prop);
      break;
  }
  return detail.empty() ? text : text + " (" + detail + ")";
}

}  // namespace cityties::schema
