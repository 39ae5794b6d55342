// Catalog: the codes of label, edge-type and property names, stored in the database.
//
// Label and edge-type codes are part of every stored key (nodes, adjacency and index column
// families), so a code, once given to a name, is that name's code for the life of the database.
//
// Promises:
//  - Append-only: Assign() gives a name its existing code or the next free one of its kind;
//    nothing is ever renumbered, and a name removed from the schema keeps its code reserved
//    (if the name comes back, it gets the same code back).
//  - Three independent code spaces: labels, edge types, properties. Property codes are one
//    space for all labels and edge types (a name has one code wherever it is used). Today the
//    value encoding still stores property names (MessagePack maps); the codes are assigned
//    already so that a later compact encoding can use them without a migration of its own.
//  - Edge-type code 0xFFFF is never assigned: the projection uses it for agreement ties.
//  - Derive() numbers a schema exactly as format-1 databases (which had no catalog) did: byte
//    order of names within each kind.
//  - Merge() never changes an existing code; it fails, naming the blocker, only when a code
//    space is exhausted.
//  - The stored form is store::EncodeCatalog()/DecodeCatalog() (grammar in store/format.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cityties::schema {

class Schema;

using Code = uint16_t;

enum class CatalogKind : uint8_t { kLabel = 'L', kEdgeType = 'T', kProperty = 'P' };
inline constexpr CatalogKind kCatalogKinds[] = {CatalogKind::kLabel, CatalogKind::kEdgeType, CatalogKind::kProperty};
const char* CatalogKindName(CatalogKind kind);  // "label", "edge type", "property"

struct CatalogEntry {
  CatalogKind kind;
  std::string name;
  Code code;
  bool operator==(const CatalogEntry&) const = default;
};

// What Merge() changed: the names it gave new codes, and the names the newer schema no longer
// uses (their codes stay reserved).
struct CatalogMerge {
  std::vector<CatalogEntry> added;
  std::vector<CatalogEntry> retired;
};

class Catalog {
 public:
  // The codes of `schema`'s names in byte order of names, as format-1 databases numbered them.
  static Catalog Derive(const Schema& schema);

  std::optional<Code> Find(CatalogKind kind, std::string_view name) const;
  // The name's code, or the next free code of its kind (recorded). Fails when none is free.
  Result<Code> Assign(CatalogKind kind, const std::string& name);
  // Every name of a kind with its code, in byte order of names.
  const std::map<std::string, Code, std::less<>>& codes(CatalogKind kind) const { return codes_[Index(kind)]; }
  // One more than the highest code of a kind (0 when it has none): the size of a code-indexed table.
  size_t CodeLimit(CatalogKind kind) const;

  // Assigns codes to every name of `newer` this catalog lacks. `*this` is left unchanged on error.
  Result<CatalogMerge> Merge(const Schema& newer);

  // Records a name with a known code (decoding). Fails on a name or code the kind already has,
  // or a code the kind may not use.
  Status Add(CatalogKind kind, const std::string& name, Code code);

  bool operator==(const Catalog&) const = default;

 private:
  static size_t Index(CatalogKind kind);
  // The highest code a kind may use.
  static Code MaxCode(CatalogKind kind);

  std::map<std::string, Code, std::less<>> codes_[3];
  std::map<Code, std::string> names_[3];  // the same, by code
};

// Every property name a schema defines, on nodes or edges, in byte order.
std::vector<std::string> PropertyNames(const Schema& schema);

}  // namespace cityties::schema
