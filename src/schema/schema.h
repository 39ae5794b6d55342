// The graph schema: node labels and edge types with typed properties.
//
// The schema is a JSON document (schema/cityties.schema.json) that `cityties init` stores in the
// database; every write is checked against the stored copy. Labels, edge types and properties
// have compact 16-bit codes, taken from the database's Catalog (catalog.h): the label and type
// codes are part of every stored key, and the catalog assigns them append-only, so a schema that
// gains a label (`cityties migrate`) never renumbers what is stored. A code is never derived
// from the order of names, except by Parse() without a catalog, which numbers a schema as
// format-1 databases did (byte order of names) and is what Catalog::Derive() records.
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
#include "schema/catalog.h"
#include "schema/domain.h"

namespace cityties::schema {

enum class PropType { kString, kInt, kFloat, kBool, kDate, kStringList };

const char* PropTypeName(PropType type);

using LabelCode = Code;

struct PropertyDef {
  std::string name;
  Code code = 0;  // the catalog's property code (unused by today's MessagePack values)
  PropType type = PropType::kString;
  bool required = false;
  std::vector<std::string> allowed;  // enum values; empty means any
  // "default": the value `cityties migrate` gives existing nodes or edges that lack the property
  // when it is added or made required; null when the definition has none.
  std::shared_ptr<const nlohmann::json> default_value;
  std::string doc;
};

struct LabelDef {
  std::string name;
  LabelCode code = 0;
  std::string doc;
  std::map<std::string, PropertyDef> properties;  // label-specific and common
};

struct EdgeTypeDef {
  std::string name;
  LabelCode code = 0;
  std::string doc;
  std::set<std::string> from;
  std::set<std::string> to;
  std::vector<bool> from_codes, to_codes;         // the same, indexed by label code
  std::map<std::string, PropertyDef> properties;  // type-specific and common
};

class Schema {
 public:
  // Parses and checks a schema document and numbers it with `catalog`'s codes, which must name
  // every label, edge type and property it defines. Without a catalog, numbers it in byte order
  // of names (Catalog::Derive()).
  static Result<std::shared_ptr<const Schema>> Parse(const std::string& json_text, const Catalog* catalog = nullptr);

  const std::string& source() const { return source_; }
  int version() const { return version_; }
  // In byte order of names.
  const std::vector<LabelDef>& labels() const { return labels_; }
  const std::vector<EdgeTypeDef>& edge_types() const { return edge_types_; }
  // What the labels and edge types mean to queries and maps (schema/domain.h).
  const Domain& domain() const { return domain_; }
  // The codes it is numbered with, including those of names it no longer uses (reserved).
  const Catalog& catalog() const { return catalog_; }
  // One more than the highest label (edge-type) code: the size of a table indexed by code.
  size_t label_code_limit() const { return label_index_.size(); }
  size_t edge_type_code_limit() const { return edge_type_index_.size(); }

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
  Status CheckDomain();

  std::string source_;
  int version_ = 0;
  std::vector<LabelDef> labels_;
  std::vector<EdgeTypeDef> edge_types_;
  Domain domain_;
  Catalog catalog_;
  std::vector<int> label_index_, edge_type_index_;  // code -> position in labels_/edge_types_, or -1

  Status AssignCodes(const Catalog& catalog);
};

// The text of a schema file (`migrate --schema`).
Result<std::string> ReadSchemaFile(const std::string& path);

// The properties every node may carry that hold its names: looked up by the name index.
inline constexpr const char* kNameProperties[] = {"name_zh", "name_en", "name", "romanised", "title"};
inline constexpr const char* kAliasesProperty = "aliases";

}  // namespace cityties::schema
