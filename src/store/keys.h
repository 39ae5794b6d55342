// The on-disk key layout of a cityties database. This file is the only place that knows it.
//
// A database is one RocksDB instance with six column families. Integers are big-endian so that
// byte order equals numeric order and prefix scans come out sorted.
//
//   column family   key                                         value
//   -------------   -----------------------------------------   ---------------------------------
//   meta            "format_version"                            decimal text, kFormatVersion
//                   "schema"                                    the schema JSON document
//                   "catalog"                                   catalog (below): name -> code, append-only
//                   "next_node_id"                              u64
//                   "count/label/<Label>" | "count/type/<TYPE>"  u64 (kept in the same batch as the data)
//                   "graph/directed"                            "0" | "1" (edge-list imports)
//   ids             <external id bytes>                         node : u64
//   nodes           node : u64                                  label : u16, ext_len : u32, ext bytes,
//                                                               props : MessagePack map
//   out             src : u64, type : u16, dst : u64            props : MessagePack map
//   in              dst : u64, type : u16, src : u64            (empty)
//   index           'L', label : u16, node : u64                (empty)        -- nodes by label
//                   'N', folded name, 0x00, node : u64          the name as stored -- names, aliases
//                   'T', type : u16, src : u64, dst : u64       (empty)        -- edges by type
//
// So "all edges of node X" is the prefix out/<X> (or in/<X>), "all edges of node X of type T" the
// prefix out/<X,T>, "all nodes of label L" the prefix index/'L'<L>, and a name lookup the prefix
// index/'N'<folded>0x00. Folded names never contain 0x00, so the separator keeps "kumamoto"
// from matching "kumamoto ken" in an exact lookup while a prefix lookup still finds both.
//
// The catalog (schema/catalog.h) gives every label, edge type and property name its code; the
// label and type codes above are its codes, never the position of a name. Its value:
//
//   catalog := version : u8 (= 1), entry*
//   entry   := kind : u8 ('L' label | 'T' edge type | 'P' property), code : u16,
//              name_len : u16, name bytes
//
// Entries are written in kind order ('L', 'P', 'T'), then code order; a name keeps its entry
// (and so its code) after the schema drops it. Format-1 databases have no catalog: opening one
// numbers its stored schema in byte order of names, as format 1 did, and a read-write open then
// stores that catalog and format version 2.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "schema/catalog.h"

namespace cityties::store {

using NodeId = uint64_t;
using TypeCode = uint16_t;

// Stored in meta; bump on any change to this layout or to the record encodings.
inline constexpr int kFormatVersion = 2;
// The older version this one opens: format 1 had no catalog (see above).
inline constexpr int kFormatVersionWithoutCatalog = 1;

// Column family names; their order is the order of handles in GraphStore. Do not change.
inline constexpr const char* kColumnFamilies[] = {"default", "meta", "ids", "nodes", "out", "in", "index"};
enum ColumnFamily { kDefaultCf = 0, kMetaCf, kIdsCf, kNodesCf, kOutCf, kInCf, kIndexCf, kNumCfs };

namespace meta {
inline constexpr const char* kFormatVersionKey = "format_version";
inline constexpr const char* kSchemaKey = "schema";
inline constexpr const char* kCatalogKey = "catalog";
inline constexpr const char* kNextNodeIdKey = "next_node_id";
inline constexpr const char* kDirectedKey = "graph/directed";
inline constexpr const char* kCoverageKey = "coverage";  // the periods the sources cover (JSON)
std::string LabelCountKey(std::string_view label);
std::string TypeCountKey(std::string_view type);
}  // namespace meta

void AppendU16(std::string* out, uint16_t v);
void AppendU32(std::string* out, uint32_t v);
void AppendU64(std::string* out, uint64_t v);
uint16_t ReadU16(const char* p);
uint32_t ReadU32(const char* p);
uint64_t ReadU64(const char* p);

std::string EncodeU64(uint64_t v);

// The meta "catalog" value.
std::string EncodeCatalog(const schema::Catalog& catalog);
Result<schema::Catalog> DecodeCatalog(std::string_view value);

// nodes CF
std::string NodeKey(NodeId id);

// out and in CFs: the same shape, (node, type, other). An out key is (src, type, dst); an in key
// (dst, type, src).
struct AdjacencyKey {
  NodeId node = 0;
  TypeCode type = 0;
  NodeId other = 0;
};
inline constexpr size_t kAdjacencyKeySize = 18;
std::string EncodeAdjacency(const AdjacencyKey& key);
AdjacencyKey DecodeAdjacency(std::string_view key);
std::string AdjacencyPrefix(NodeId node);
std::string AdjacencyPrefix(NodeId node, TypeCode type);

// index CF
inline constexpr char kLabelIndexTag = 'L';
inline constexpr char kNameIndexTag = 'N';
inline constexpr char kTypeIndexTag = 'T';
std::string LabelIndexKey(TypeCode label, NodeId node);
std::string LabelIndexPrefix(TypeCode label);
NodeId LabelIndexNode(std::string_view key);
std::string NameIndexKey(std::string_view folded_name, NodeId node);
// Exact: every node whose folded name equals `folded`; otherwise every name starting with it.
std::string NameIndexPrefix(std::string_view folded, bool exact);
// Splits a name-index key into the folded name and the node.
void DecodeNameIndex(std::string_view key, std::string* folded, NodeId* node);
std::string TypeIndexKey(TypeCode type, NodeId src, NodeId dst);
std::string TypeIndexPrefix(TypeCode type);
void DecodeTypeIndex(std::string_view key, NodeId* src, NodeId* dst);

// The smallest key greater than every key starting with `prefix` (for iterate_upper_bound).
std::string PrefixUpperBound(std::string prefix);

}  // namespace cityties::store
