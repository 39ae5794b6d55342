// The graph schema: node labels and edge types with typed properties.
//
// The schema is a JSON document (schema/cityties.schema.json) that `cityties init` stores in the
// database; every write is checked against the stored copy. Labels and edge types get compact
// 16-bit codes, numbered in byte order of their names: the codes are part of every stored key,
// so a schema that renames or inserts a label needs a new database format version.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "schema/domain.h"

namespace cityties::schema {

enum class PropType { kString, kInt, kFloat, kBool, kDate, kStringList };

const char* PropTypeName(PropType type);

struct PropertyDef {
  std::string name;
  PropType type = PropType::kString;
  bool required = false;
  std::vector<std::string> allowed;  // enum values; empty means any
  std::string doc;
};

using LabelCode = uint16_t;

struct LabelDef {
  std::string name;
  LabelCode code = 0;
  std::string doc;
  std::map<std::string, PropertyDef> properties;  // label-specific and common
};

struct EdgeTypeDef {
  std::string name;
  LabelCode code = 0;
  std::set<std::string> from;
  std::set<std::string> to;
  std::vector<bool> from_codes, to_codes;         // the same, indexed by label code
  std::map<std::string, PropertyDef> properties;  // type-specific and common
};

class Schema {
 public:
  // Parses and checks a schema document.
  static Result<std::shared_ptr<const Schema>> Parse(const std::string& json_text);

  const std::string& source() const { return source_; }
  int version() const { return version_; }
  const std::vector<LabelDef>& labels() const { return labels_; }
  const std::vector<EdgeTypeDef>& edge_types() const { return edge_types_; }
  // What the labels and edge types mean to queries and maps (schema/domain.h).
  const Domain& domain() const { return domain_; }

  const LabelDef* FindLabel(const std::string& name) const;
  const LabelDef* LabelByCode(LabelCode code) const;
  const EdgeTypeDef* FindEdgeType(const std::string& name) const;
  const EdgeTypeDef* EdgeTypeByCode(LabelCode code) const;

  // Checks a node's properties: known names, types, enum values, required ones present. The
  // message names the offending field.
  Status ValidateNode(const std::string& label, const nlohmann::json& props) const;
  // Checks an edge's type, its endpoint labels and its properties.
  Status ValidateEdge(const std::string& type, const std::string& from_label, const std::string& to_label,
                      const nlohmann::json& props) const;
  // The same for resolved definitions: the bulk path, with no name lookups.
  Status ValidateEdge(const EdgeTypeDef& type, LabelCode from, LabelCode to, const nlohmann::json& props) const;
  // Converts a text value (a CSV cell) to the JSON value of the property's type.
  static Result<nlohmann::json> ConvertText(const PropertyDef& def, const std::string& text);

 private:
  Status CheckDomain() const;

  std::string source_;
  int version_ = 0;
  std::vector<LabelDef> labels_;
  std::vector<EdgeTypeDef> edge_types_;
  Domain domain_;
};

// The properties every node may carry that hold its names: looked up by the name index.
inline constexpr const char* kNameProperties[] = {"name_zh", "name_en", "name", "romanised", "title"};
inline constexpr const char* kAliasesProperty = "aliases";

}  // namespace cityties::schema
