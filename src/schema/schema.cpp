#include "schema/schema.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/date.h"
#include "common/text.h"

namespace cityties::schema {
namespace {

using nlohmann::json;

Result<PropType> ParseType(const std::string& name) {
  static const std::map<std::string, PropType> kTypes = {
      {"string", PropType::kString}, {"int", PropType::kInt},   {"float", PropType::kFloat},
      {"bool", PropType::kBool},     {"date", PropType::kDate}, {"string_list", PropType::kStringList}};
  auto it = kTypes.find(name);
  if (it == kTypes.end()) return Status::InvalidArgument("unknown property type '" + name + "'");
  return it->second;
}

Status CheckValue(const PropertyDef& def, const json& value, const std::string& field) {
  auto wrong = [&](const char* expected) {
    return Status::InvalidArgument("property '" + field + "' must be " + expected + ", got " + value.dump());
  };
  switch (def.type) {
    case PropType::kString:
      if (!value.is_string()) return wrong("a string");
      if (!def.allowed.empty() &&
          std::find(def.allowed.begin(), def.allowed.end(), value.get<std::string>()) == def.allowed.end()) {
        std::string list;
        for (const auto& a : def.allowed) list += (list.empty() ? "" : ", ") + a;
        return Status::InvalidArgument("property '" + field + "' has value " + value.dump() + ", allowed: " + list);
      }
      return Status::Ok();
    case PropType::kInt:
      return value.is_number_integer() ? Status::Ok() : wrong("an integer");
    case PropType::kFloat:
      return value.is_number() ? Status::Ok() : wrong("a number");
    case PropType::kBool:
      return value.is_boolean() ? Status::Ok() : wrong("true or false");
    case PropType::kDate:
      if (!value.is_string() || !PartialDate::Parse(value.get<std::string>())) {
        return wrong("a date YYYY, YYYY-MM or YYYY-MM-DD");
      }
      return Status::Ok();
    case PropType::kStringList:
      if (!value.is_array()) return wrong("a list of strings");
      for (const auto& item : value) {
        if (!item.is_string()) return wrong("a list of strings");
      }
      return Status::Ok();
  }
  return Status::Internal("unhandled property type");
}

Status ParseProperties(const json& object, const std::string& owner, std::map<std::string, PropertyDef>* out) {
  if (!object.is_object()) return Status::InvalidArgument(owner + ": properties must be an object");
  for (const auto& [name, spec] : object.items()) {
    PropertyDef def;
    def.name = name;
    if (!spec.is_object() || !spec.contains("type") || !spec["type"].is_string()) {
      return Status::InvalidArgument(owner + "." + name + ": needs a \"type\"");
    }
    auto type = ParseType(spec["type"].get<std::string>());
    if (!type.ok()) return type.status().WithContext(owner + "." + name);
    def.type = *type;
    def.required = spec.value("required", false);
    def.doc = spec.value("doc", "");
    if (spec.contains("enum")) def.allowed = spec["enum"].get<std::vector<std::string>>();
    if (spec.contains("default") && !spec["default"].is_null()) {
      CT_RETURN_IF_ERROR(CheckValue(def, spec["default"], name).WithContext(owner + "." + name + ": default"));
      def.default_value = std::make_shared<const json>(spec["default"]);
    }
    (*out)[name] = def;
  }
  return Status::Ok();
}

Status CheckProperties(const std::map<std::string, PropertyDef>& defs, const json& props, const std::string& owner) {
  static const json kNoProperties = json::object();
  if (props.is_null()) return CheckProperties(defs, kNoProperties, owner);
  if (!props.is_object()) return Status::InvalidArgument("props of " + owner + " must be an object");
  for (const auto& [name, value] : props.items()) {
    auto it = defs.find(name);
    if (it == defs.end()) return Status::InvalidArgument("unknown property '" + name + "' for " + owner);
    if (value.is_null()) continue;
    CT_RETURN_IF_ERROR(CheckValue(it->second, value, name));
  }
  for (const auto& [name, def] : defs) {
    auto it = props.find(name);
    if (def.required && (it == props.end() || it->is_null())) {
      return Status::InvalidArgument("missing required property '" + name + "' for " + owner);
    }
  }
  return Status::Ok();
}

}  // namespace

const char* PropTypeName(PropType type) {
  switch (type) {
    case PropType::kString:
      return "string";
    case PropType::kInt:
      return "int";
    case PropType::kFloat:
      return "float";
    case PropType::kBool:
      return "bool";
    case PropType::kDate:
      return "date";
    case PropType::kStringList:
      return "string_list";
  }
  return "?";
}

Result<std::shared_ptr<const Schema>> Schema::Parse(const std::string& json_text, const Catalog* catalog) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Status::InvalidArgument("schema is not a JSON object");
  auto schema = std::make_shared<Schema>();
  schema->source_ = json_text;
  schema->version_ = doc.value("version", 0);
  std::map<std::string, PropertyDef> node_common, edge_common;
  if (doc.contains("node_common")) CT_RETURN_IF_ERROR(ParseProperties(doc["node_common"], "node_common", &node_common));
  if (doc.contains("edge_common")) CT_RETURN_IF_ERROR(ParseProperties(doc["edge_common"], "edge_common", &edge_common));
  if (!doc.contains("labels") || !doc["labels"].is_object() || doc["labels"].empty()) {
    return Status::InvalidArgument("schema needs a non-empty \"labels\" object");
  }
  // nlohmann's object iterates in byte order of keys: labels() and edge_types() keep that order.
  for (const auto& [name, spec] : doc["labels"].items()) {
    LabelDef label;
    label.name = name;
    label.doc = spec.value("doc", "");
    label.properties = node_common;
    if (spec.contains("properties")) CT_RETURN_IF_ERROR(ParseProperties(spec["properties"], name, &label.properties));
    schema->labels_.push_back(std::move(label));
  }
  if (!doc.contains("edge_types") || !doc["edge_types"].is_object()) {
    return Status::InvalidArgument("schema needs an \"edge_types\" object");
  }
  for (const auto& [name, spec] : doc["edge_types"].items()) {
    EdgeTypeDef type;
    type.name = name;
    type.doc = spec.value("doc", "");
    for (const char* side : {"from", "to"}) {
      if (!spec.contains(side) || !spec[side].is_array()) {
        return Status::InvalidArgument("edge type " + name + " needs a \"" + side + "\" list");
      }
      for (const auto& label : spec[side]) {
        if (!label.is_string() || !schema->FindLabel(label.get<std::string>())) {
          return Status::InvalidArgument("edge type " + name + " names unknown label " + label.dump());
        }
        (std::string(side) == "from" ? type.from : type.to).insert(label.get<std::string>());
      }
    }
    type.properties = edge_common;
    if (spec.contains("properties")) CT_RETURN_IF_ERROR(ParseProperties(spec["properties"], name, &type.properties));
    schema->edge_types_.push_back(std::move(type));
  }
  auto domain = Domain::Parse(doc.contains("domain") ? doc["domain"] : json());
  if (!domain.ok()) return domain.status();
  schema->domain_ = std::move(*domain);
  CT_RETURN_IF_ERROR(schema->CheckDomain());
  if (schema->labels_.size() > 0xFFFF || schema->edge_types_.size() > 0xFFFF) {
    return Status::InvalidArgument("schema has more labels or edge types than 16-bit codes can number");
  }
  CT_RETURN_IF_ERROR(schema->AssignCodes(catalog ? *catalog : Catalog::Derive(*schema)));
  return std::shared_ptr<const Schema>(std::move(schema));
}

// A domain entry naming a label or edge type the schema does not have is dropped: a schema can
// lose a label (its migration refuses while stored data uses it) without editing its domain.
Status Schema::CheckDomain() {
  Domain& d = domain_;
  for (std::string* label : {&d.country_label, &d.city_label, &d.school_label, &d.official_label, &d.institution_label,
                             &d.agreement.label, &d.event.label}) {
    if (!label->empty() && !FindLabel(*label)) label->clear();
  }
  for (std::string* type : {&d.location_type, &d.pairing_type, &d.agreement.party_type}) {
    if (!type->empty() && !FindEdgeType(*type)) type->clear();
  }
  for (auto& group : d.groups) {
    std::erase_if(group.types, [&](const std::string& type) { return !FindEdgeType(type); });
  }
  return Status::Ok();
}

Status Schema::AssignCodes(const Catalog& catalog) {
  auto code_of = [&](CatalogKind kind, const std::string& name, Code* code) {
    auto found = catalog.Find(kind, name);
    if (!found) return Status::InvalidArgument(std::string(CatalogKindName(kind)) + " " + name + " has no code");
    *code = *found;
    return Status::Ok();
  };
  auto number_properties = [&](std::map<std::string, PropertyDef>& props) {
    for (auto& [name, def] : props) CT_RETURN_IF_ERROR(code_of(CatalogKind::kProperty, name, &def.code));
    return Status::Ok();
  };
  catalog_ = catalog;
  label_index_.assign(catalog.CodeLimit(CatalogKind::kLabel), -1);
  edge_type_index_.assign(catalog.CodeLimit(CatalogKind::kEdgeType), -1);
  for (size_t i = 0; i < labels_.size(); ++i) {
    CT_RETURN_IF_ERROR(code_of(CatalogKind::kLabel, labels_[i].name, &labels_[i].code));
    CT_RETURN_IF_ERROR(number_properties(labels_[i].properties));
    label_index_[labels_[i].code] = static_cast<int>(i);
  }
  for (size_t i = 0; i < edge_types_.size(); ++i) {
    EdgeTypeDef& type = edge_types_[i];
    CT_RETURN_IF_ERROR(code_of(CatalogKind::kEdgeType, type.name, &type.code));
    CT_RETURN_IF_ERROR(number_properties(type.properties));
    edge_type_index_[type.code] = static_cast<int>(i);
    type.from_codes.assign(label_index_.size(), false);
    type.to_codes.assign(label_index_.size(), false);
    for (const auto& l : type.from) type.from_codes[FindLabel(l)->code] = true;
    for (const auto& l : type.to) type.to_codes[FindLabel(l)->code] = true;
  }
  return Status::Ok();
}

const LabelDef* Schema::FindLabel(const std::string& name) const {
  for (const auto& l : labels_) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const LabelDef* Schema::LabelByCode(LabelCode code) const {
  return code < label_index_.size() && label_index_[code] >= 0 ? &labels_[label_index_[code]] : nullptr;
}

const EdgeTypeDef* Schema::FindEdgeType(const std::string& name) const {
  for (const auto& t : edge_types_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const EdgeTypeDef* Schema::EdgeTypeByCode(LabelCode code) const {
  return code < edge_type_index_.size() && edge_type_index_[code] >= 0 ? &edge_types_[edge_type_index_[code]] : nullptr;
}

Status Schema::ValidateNode(const std::string& label, const json& props) const {
  const LabelDef* def = FindLabel(label);
  if (!def) return Status::InvalidArgument("unknown label '" + label + "'");
  return CheckProperties(def->properties, props, "label " + label);
}

Status Schema::ValidateEdge(const std::string& type, const std::string& from_label, const std::string& to_label,
                            const json& props) const {
  const EdgeTypeDef* def = FindEdgeType(type);
  if (!def) return Status::InvalidArgument("unknown edge type '" + type + "'");
  const LabelDef* from = FindLabel(from_label);
  const LabelDef* to = FindLabel(to_label);
  if (!from || !to) return Status::InvalidArgument("unknown label '" + (from ? to_label : from_label) + "'");
  return ValidateEdge(*def, from->code, to->code, props);
}

Status Schema::ValidateEdge(const EdgeTypeDef& type, LabelCode from, LabelCode to, const json& props) const {
  auto label_name = [&](LabelCode code) {
    const LabelDef* def = LabelByCode(code);
    return def ? def->name : "label #" + std::to_string(code);
  };
  if (from >= type.from_codes.size() || !type.from_codes[from]) {
    return Status::InvalidArgument("edge type " + type.name + " cannot start at a " + label_name(from) + " node");
  }
  if (to >= type.to_codes.size() || !type.to_codes[to]) {
    return Status::InvalidArgument("edge type " + type.name + " cannot end at a " + label_name(to) + " node");
  }
  if (props.is_null() || props.empty()) {
    for (const auto& [name, def] : type.properties) {
      if (def.required)
        return Status::InvalidArgument("missing required property '" + name + "' for edge type " + type.name);
    }
    return Status::Ok();
  }
  return CheckProperties(type.properties, props, "edge type " + type.name);
}

Result<json> Schema::ConvertText(const PropertyDef& def, const std::string& text) {
  auto bad = [&](const char* what) {
    return Status::InvalidArgument("property '" + def.name + "' must be " + what + ", got \"" + text + "\"");
  };
  switch (def.type) {
    case PropType::kString:
    case PropType::kDate:
      return json(text);
    case PropType::kInt: {
      size_t used = 0;
      long long v = 0;
      try {
        v = std::stoll(text, &used);
      } catch (...) {
        return bad("an integer");
      }
      if (used != text.size()) return bad("an integer");
      return json(v);
    }
    case PropType::kFloat: {
      size_t used = 0;
      double v = 0;
      try {
        v = std::stod(text, &used);
      } catch (...) {
        return bad("a number");
      }
      if (used != text.size()) return bad("a number");
      return json(v);
    }
    case PropType::kBool:
      if (text == "true") return json(true);
      if (text == "false") return json(false);
      return bad("true or false");
    case PropType::kStringList: {
      json list = json::array();
      for (auto& item : Split(text, '|')) list.push_back(std::move(item));
      return list;
    }
  }
  return Status::Internal("unhandled property type");
}

Result<std::string> ReadSchemaFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace cityties::schema
