#include "schema/catalog.h"

#include <set>

#include "schema/schema.h"

namespace cityties::schema {

const char* CatalogKindName(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::kLabel:
      return "label";
    case CatalogKind::kEdgeType:
      return "edge type";
    case CatalogKind::kProperty:
      return "property";
  }
  return "?";
}

size_t Catalog::Index(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::kLabel:
      return 0;
    case CatalogKind::kEdgeType:
      return 1;
    case CatalogKind::kProperty:
      return 2;
  }
  return 0;
}

Code Catalog::MaxCode(CatalogKind kind) { return kind == CatalogKind::kEdgeType ? 0xFFFE : 0xFFFF; }

std::vector<std::string> PropertyNames(const Schema& schema) {
  std::set<std::string> names;
  for (const auto& label : schema.labels()) {
    for (const auto& [name, def] : label.properties) names.insert(name);
  }
  for (const auto& type : schema.edge_types()) {
    for (const auto& [name, def] : type.properties) names.insert(name);
  }
  return {names.begin(), names.end()};
}

Catalog Catalog::Derive(const Schema& schema) {
  // A fresh catalog has room for any schema that fits in 16-bit codes, which Parse checks.
  Catalog catalog;
  for (const auto& label : schema.labels()) (void)catalog.Assign(CatalogKind::kLabel, label.name);
  for (const auto& type : schema.edge_types()) (void)catalog.Assign(CatalogKind::kEdgeType, type.name);
  for (const auto& name : PropertyNames(schema)) (void)catalog.Assign(CatalogKind::kProperty, name);
  return catalog;
}

std::optional<Code> Catalog::Find(CatalogKind kind, std::string_view name) const {
  const auto& codes = codes_[Index(kind)];
  auto it = codes.find(name);
  if (it == codes.end()) return std::nullopt;
  return it->second;
}

size_t Catalog::CodeLimit(CatalogKind kind) const {
  const auto& names = names_[Index(kind)];
  return names.empty() ? 0 : size_t{names.rbegin()->first} + 1;
}

Status Catalog::Add(CatalogKind kind, const std::string& name, Code code) {
  const size_t k = Index(kind);
  if (name.size() > 0xFFFF) return Status::InvalidArgument(std::string(CatalogKindName(kind)) + " name too long");
  if (code > MaxCode(kind)) {
    return Status::InvalidArgument(std::string(CatalogKindName(kind)) + " code " + std::to_string(code) +
                                   " is reserved");
  }
  if (codes_[k].count(name)) {
    return Status::InvalidArgument(std::string(CatalogKindName(kind)) + " '" + name + "' has two codes");
  }
  auto [other, fresh] = names_[k].emplace(code, name);
  if (!fresh) {
    return Status::InvalidArgument(std::string(CatalogKindName(kind)) + " code " + std::to_string(code) +
                                   " names both '" + other->second + "' and '" + name + "'");
  }
  codes_[k].emplace(name, code);
  return Status::Ok();
}

Result<Code> Catalog::Assign(CatalogKind kind, const std::string& name) {
  if (auto code = Find(kind, name)) return *code;
  const size_t next = CodeLimit(kind);
  if (next > MaxCode(kind)) {
    return Status::InvalidArgument("no free " + std::string(CatalogKindName(kind)) + " code for '" + name + "' (all " +
                                   std::to_string(size_t{MaxCode(kind)} + 1) + " are taken)");
  }
  CT_RETURN_IF_ERROR(Add(kind, name, static_cast<Code>(next)));
  return static_cast<Code>(next);
}

Result<CatalogMerge> Catalog::Merge(const Schema& newer) {
  std::set<std::string> in_use[3];
  for (const auto& label : newer.labels()) in_use[Index(CatalogKind::kLabel)].insert(label.name);
  for (const auto& type : newer.edge_types()) in_use[Index(CatalogKind::kEdgeType)].insert(type.name);
  for (const auto& name : PropertyNames(newer)) in_use[Index(CatalogKind::kProperty)].insert(name);

  Catalog merged = *this;
  CatalogMerge result;
  for (CatalogKind kind : kCatalogKinds) {
    for (const auto& name : in_use[Index(kind)]) {
      if (merged.Find(kind, name)) continue;
      auto code = merged.Assign(kind, name);
      if (!code.ok()) return code.status();
      result.added.push_back({kind, name, *code});
    }
    for (const auto& [name, code] : codes_[Index(kind)]) {
      if (!in_use[Index(kind)].count(name)) result.retired.push_back({kind, name, code});
    }
  }
  *this = std::move(merged);
  return result;
}

}  // namespace cityties::schema
