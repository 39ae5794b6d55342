// The on-disk format of a cityties database: its key layout and every record encoding. This file
// is the only place that knows either; everything else encodes and decodes through it.
//
// A database is one RocksDB instance with eight column families. Integers are big-endian so that
// byte order equals numeric order and prefix scans come out sorted.
//
//   column family   key                                         value
//   -------------   -----------------------------------------   ---------------------------------
//   meta            "format_version"                            decimal text, kFormatVersion
//                   "schema"                                    the schema JSON document
//                   "catalog"                                   catalog (below): name -> code, append-only
//                   "next_node_id"                              counter
//                   "count/label/<Label>" | "count/type/<TYPE>"  counter (in the same batch as the data)
//                   "graph/directed"                            "0" | "1" (edge-list imports)
//                   "change/" commit : u64                      change (below): the keys one small
//                                                               commit wrote (the change log)
//   ids             <external id bytes>                         node : u64
//   nodes           node : u64                                  label : u16, ext_len : u32, ext bytes,
//                                                               props
//   out             src : u64, type : u16, dst : u64            props
//   in              dst : u64, type : u16, src : u64            (empty)
//   adjacency       node : u64                                  adjacency list (below): every
//                                                               edge at the node, both directions
//   heads           block : u64                                 head block (below): label and ext
//                                                               id of each node of the block
//   index           'L', label : u16, node : u64                (empty)        -- nodes by label
//                   'N', folded name, 0x00, node : u64          the name as stored -- names, aliases
//                   'T', type : u16, src : u64, dst : u64       (empty)        -- edges by type
//
//   counter := u64;  props := a MessagePack map (0x80 when empty)
//   change  := from : u64, to : u64, node_count : u32, node : u64 * node_count,
//              edge_count : u32, adjacency * edge_count
//
// The packed column families hold derived data, so that a neighbourhood is a few reads instead of
// an iterator step per edge and per node: adjacency packs what the out and in keys of one node
// say into one value, heads the head (label, ext id) of every node of a block of kHeadBlockSize
// consecutive ids. They are written in the same atomic write as the keys they pack, and complete
// (adjacency: a value for every node with an edge, none for the others; heads: a head for every
// node, a block for every block holding one) unless meta holds "packed/stale": a write too large
// to pack in memory marks them stale in its own atomic write and then rebuilds them from the
// keys; every read-write open rebuilds stale ones, and readers ignore them meanwhile.
//
//   adjacency list := run*, in increasing (direction, type) order
//   run            := direction : u8 (0 out | 1 in), type : u16, count : varint (>= 1),
//                     first other : varint, (count - 1) * gap : varint (> 0, others increasing)
//   head block     := head+, in increasing slot order; the key is block : u64 = node / 64
//   head           := slot : u8 (node % 64), label : u16, ext_len : varint, ext id bytes
//   varint         := LEB128: 7 bits a byte, low bits first, high bit set on all but the last,
//                     in as few bytes as the value needs
//
// The change log lets a cache of an older state (projection/cache.h) be brought up to date
// instead of rebuilt: each commit written as one WriteBatch also writes, in that batch, the
// RocksDB sequence numbers before (`from`) and after (`to`) it and every node and out-edge key it
// put or deleted. Records are numbered by commit, consecutively; a commit deletes the record
// kChangeLogLength commits older than its own. A write that logs nothing (a bulk ingestion, a
// migration, the catalog) leaves a gap in the chain of from/to, so no cache is carried across it.
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
//
// Every Decode function checks its input whole: a truncated, overlong or otherwise malformed
// record is Status::Corruption, never a read out of bounds.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "schema/catalog.h"

namespace cityties::store {

using Json = nlohmann::json;
using NodeId = uint64_t;
using TypeCode = uint16_t;  // a label or edge type code, as the catalog numbers it

// Stored in meta; bump on any change to this layout or to the record encodings.
inline constexpr int kFormatVersion = 3;
// The older versions this one opens: format 2 had no adjacency column family, format 1 no
// catalog either (see above). A read-write open brings them to kFormatVersion.
inline constexpr int kFormatVersionWithoutAdjacency = 2;
inline constexpr int kFormatVersionWithoutCatalog = 1;

// Column family names, stored on disk, do not change; their order is the order of handles in
// GraphStore.
inline constexpr const char* kColumnFamilies[] = {"default", "meta",  "ids",       "nodes", "out",
                                                  "in",      "index", "adjacency", "heads"};
enum ColumnFamily {
  kDefaultCf = 0,
  kMetaCf,
  kIdsCf,
  kNodesCf,
  kOutCf,
  kInCf,
  kIndexCf,
  kAdjacencyCf,  // packed: absent from format 1 and 2 databases, as is kHeadsCf
  kHeadsCf,
  kNumCfs
};
// The first packed column family; every one from it on is packed.
inline constexpr int kFirstPackedCf = kAdjacencyCf;

// ---- meta column family

// The meta keys: stored on disk, do not change.
namespace meta {
inline constexpr const char* kFormatVersionKey = "format_version";
inline constexpr const char* kSchemaKey = "schema";
inline constexpr const char* kCatalogKey = "catalog";
inline constexpr const char* kNextNodeIdKey = "next_node_id";
inline constexpr const char* kDirectedKey = "graph/directed";
// Written once by init, never changed: names this database apart from any other, even one that
// holds the same data (the projection cache is keyed by it). Databases made before it had none.
inline constexpr const char* kDatabaseIdKey = "database_id";
// "count/label/" label name | "count/type/" edge type name
inline constexpr const char* kCoverageKey = "coverage";  // the periods the sources cover (JSON)
// counter: the sequence number the last bulk ingestion left. Written through the WAL after each
// ingestion (sst_files.h, IngestAtomically), which itself writes none.
inline constexpr const char* kLastIngestionKey = "ingestion/last";
// Present (empty value) while the adjacency column family is being rebuilt (see above).
inline constexpr const char* kPackedStaleKey = "packed/stale";
std::string LabelCountKey(std::string_view label);
std::string TypeCountKey(std::string_view type);
// "change/" commit : u64 -- a record of the change log, and the prefix of them all.
inline constexpr const char* kChangePrefix = "change/";
std::string ChangeKey(uint64_t commit);
Status DecodeChangeKey(std::string_view key, uint64_t* commit);
// How many of the latest commits the change log keeps (GraphStore::SetChangeLogLength).
inline constexpr uint64_t kChangeLogLength = 1000;
}  // namespace meta

// format_version := decimal digits, no sign, no leading zeros. Decoding checks the syntax only;
// whether this build reads that version is the caller's question.
std::string EncodeFormatVersion(int version);
Status DecodeFormatVersion(std::string_view value, int* version);

// counter := u64 (exactly 8 bytes): next_node_id, count/label/<L>, count/type/<T>.
std::string EncodeCounter(uint64_t count);
Status DecodeCounter(std::string_view value, uint64_t* count);

// directed := "1" (directed) | "0" (undirected)
std::string EncodeDirected(bool directed);
Status DecodeDirected(std::string_view value, bool* directed);

// database_id := 32 lowercase hexadecimal digits (128 random bits, drawn at init)
std::string EncodeDatabaseId(const std::array<uint8_t, 16>& id);
Status DecodeDatabaseId(std::string_view value, std::array<uint8_t, 16>* id);
// A new random database id.
std::array<uint8_t, 16> NewDatabaseId();

// catalog := version : u8 (= 1), entry* (grammar above). Decoding checks every entry whole and
// that no name or code repeats within a kind and no code is reserved; Corruption otherwise.
std::string EncodeCatalog(const schema::Catalog& catalog);
Result<schema::Catalog> DecodeCatalog(std::string_view value);

// ---- ids and nodes column families

// node := u64 (exactly 8 bytes): the key of the nodes column family and the value of ids.
std::string EncodeNodeId(NodeId id);
Status DecodeNodeId(std::string_view bytes, NodeId* id);

// props := a MessagePack map, 0x80 (the empty map) for null or {}; the whole input, nothing after
// it. The value of the out column family and the tail of a node value.
std::string EncodeProps(const Json& props);
Result<Json> DecodeProps(std::string_view bytes);

// node value := label : u16, ext_len : u32, ext id : ext_len bytes, props
struct NodeValue {
  TypeCode label = 0;
  std::string ext_id;
  Json props = Json::object();
};
std::string EncodeNodeValue(TypeCode label, std::string_view ext_id, const Json& props);
Status DecodeNodeValue(std::string_view value, NodeValue* out);
// The head of a node value (label, ext id), for a reader that needs nothing else: it checks the
// head whole, not the props after it; `ext_id` views `value`.
struct NodeHeadView {
  TypeCode label = 0;
  std::string_view ext_id;
};
Status DecodeNodeHead(std::string_view value, NodeHeadView* out);

// ---- out and in column families

// adjacency := node : u64, type : u16, other : u64 (exactly kAdjacencyKeySize bytes). An out key
// is (src, type, dst), an in key (dst, type, src); in values are empty.
struct AdjacencyKey {
  NodeId node = 0;
  TypeCode type = 0;
  NodeId other = 0;
};
inline constexpr size_t kAdjacencyKeySize = 18;
std::string EncodeAdjacency(const AdjacencyKey& key);
// Appends the encoding to `out` (bulk loads reuse one buffer and allocate nothing per key).
void AppendAdjacency(std::string* out, const AdjacencyKey& key);
Status DecodeAdjacency(std::string_view key, AdjacencyKey* out);
// node : u64 | node : u64, type : u16 -- the leading fields of adjacency keys.
std::string AdjacencyPrefix(NodeId node);
std::string AdjacencyPrefix(NodeId node, TypeCode type);

// ---- adjacency column family

// One edge seen from one of its ends: its type, whether it leaves that end, and the other end.
struct AdjacentEntry {
  TypeCode type = 0;
  bool outgoing = false;  // stored node -> other
  NodeId other = 0;
  bool operator==(const AdjacentEntry&) const = default;
};
// The order of an adjacency list: out-edges first, then by type, then by the other end (the
// order of the out keys, then the in keys, of one node).
bool AdjacencyBefore(const AdjacentEntry& a, const AdjacentEntry& b);
// adjacency list (grammar above) of `entries`, which are in AdjacencyBefore order with no repeats
// (an empty list encodes as ""; the layout stores no value for it).
std::string EncodeAdjacencyList(const std::vector<AdjacentEntry>& entries);
// Appends the entries of `value` to `out`, in order; Corruption for a malformed list (a cut or
// overlong varint, an empty or misordered run, a gap of 0, an other end beyond u64).
Status DecodeAdjacencyList(std::string_view value, std::vector<AdjacentEntry>* out);

// ---- heads column family

// Nodes kHeadBlockSize apart share no block: node / kHeadBlockSize is the block's key.
inline constexpr NodeId kHeadBlockSize = 64;
// One node's head in a block; `ext_id` views the encoded block it came from (or the caller's).
struct HeadEntry {
  NodeId node = 0;
  TypeCode label = 0;
  std::string_view ext_id;
};
// head block (grammar above) of `heads`, nodes of one block in increasing order, at least one.
std::string EncodeHeadBlock(const std::vector<HeadEntry>& heads);
// Appends the heads of block `block` from `value` to `out`; Corruption for a malformed block (no
// head, a slot past the block or out of order, a cut or overlong varint or ext id).
Status DecodeHeadBlock(NodeId block, std::string_view value, std::vector<HeadEntry>* out);

// ---- index column family

// The first byte of an index key: stored on disk, do not change.
enum class IndexTag : char { kLabel = 'L', kName = 'N', kType = 'T' };
// The tag of an index key; Corruption for an empty key or an unknown tag.
Status DecodeIndexTag(std::string_view key, IndexTag* tag);

// label index := 'L', label : u16, node : u64 (exactly 11 bytes); value empty.
std::string LabelIndexKey(TypeCode label, NodeId node);
void AppendLabelIndexKey(std::string* out, TypeCode label, NodeId node);
std::string LabelIndexPrefix(TypeCode label);  // 'L', label : u16
Status DecodeLabelIndex(std::string_view key, TypeCode* label, NodeId* node);

// name index := 'N', folded name (no 0x00), 0x00, node : u64; value: the name as stored.
std::string NameIndexKey(std::string_view folded_name, NodeId node);
// 'N', folded, 0x00 when `exact` (every node whose folded name equals `folded`), else 'N', folded
// (every name starting with it; with "" every name).
std::string NameIndexPrefix(std::string_view folded, bool exact);
Status DecodeNameIndex(std::string_view key, std::string* folded, NodeId* node);

// type index := 'T', type : u16, src : u64, dst : u64 (exactly 19 bytes); value empty.
std::string TypeIndexKey(TypeCode type, NodeId src, NodeId dst);
void AppendTypeIndexKey(std::string* out, TypeCode type, NodeId src, NodeId dst);
std::string TypeIndexPrefix(TypeCode type);  // 'T', type : u16
Status DecodeTypeIndex(std::string_view key, TypeCode* type, NodeId* src, NodeId* dst);

// ---- the change log (meta "change/" keys)

// change := from : u64, to : u64, node_count : u32, node * node_count, edge_count : u32,
// adjacency * edge_count. `edges` are out keys (src, type, dst).
struct ChangeRecord {
  uint64_t from_sequence = 0;  // the store's sequence number before the commit
  uint64_t to_sequence = 0;    // and after it (the commit included this record)
  std::vector<NodeId> nodes;
  std::vector<AdjacencyKey> edges;
};
std::string EncodeChange(const ChangeRecord& change);
Status DecodeChange(std::string_view value, ChangeRecord* out);

// ---- scans

// The smallest key greater than every key starting with `prefix` (for iterate_upper_bound);
// empty when there is none.
std::string PrefixUpperBound(std::string prefix);

}  // namespace cityties::store
