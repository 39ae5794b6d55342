#include "export/value_text.h"

namespace cityties::exporter::internal {

std::map<std::string, schema::PropType> UsedPropertyTypes(const Snapshot& graph, const schema::Schema& schema,
                                                          bool edges) {
  std::map<std::string, schema::PropType> types;
  auto add = [&](const nlohmann::json& props, const std::map<std::string, schema::PropertyDef>* defs) {
    for (const auto& [name, value] : props.items()) {
      schema::PropType type = schema::PropType::kString;
      if (defs) {
        auto def = defs->find(name);
        if (def != defs->end()) type = def->second.type;
      }
      auto [it, inserted] = types.emplace(name, type);
      if (!inserted && it->second != type) it->second = schema::PropType::kString;
    }
  };
  if (edges) {
    for (const auto& e : graph.edges) {
      const auto* def = schema.FindEdgeType(e.type);
      add(e.props, def ? &def->properties : nullptr);
    }
  } else {
    for (const auto& n : graph.nodes) {
      const auto* def = schema.FindLabel(n.label);
      add(n.props, def ? &def->properties : nullptr);
    }
  }
  return types;
}

std::string ValueText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string text;
    for (size_t i = 0; i < value.size(); ++i) {
      if (i) text += '|';
      text += ValueText(value[i]);
    }
    return text;
  }
  if (value.is_null()) return "";
  return value.dump();
}

}  // namespace cityties::exporter::internal
