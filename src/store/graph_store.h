// GraphStore: the property graph on RocksDB (layout and record encodings in format.h).
//
// Promises:
//  - Apply() is atomic: it checks a whole WriteSet against the schema and the stored graph
//    first and writes nothing unless every record passes; then the data, its indexes and its
//    counters go to disk in one WriteBatch (small sets) or one atomic multi-column-family SST
//    ingestion (bulk sets), so a reader sees all of it or none of it.
//  - One process writes at a time: a second read-write open fails with Status::Busy, sub-code
//    kLockHeld (Status::IsLockHeld). Read-only opens take no lock, so any number of readers run
//    beside each other and beside a writer. With no writer running, a reader opens strictly
//    (every file the MANIFEST names must be there and readable, else a DamagedDatabase error);
//    beside a writer it is a RocksDB secondary instance, a consistent state of the writer's.
//  - Every open checks that no table file is missing, cut short or unreadable (durability.h).
//  - Stored data that does not decode (format.h) is Status::Corruption, never a crash; so is a
//    database directory that lost its CURRENT file.
//  - Point reads (a node, its edges, a name) touch only the keys they need: prefix scans, never
//    a full scan.
//  - Every open numbers the stored schema with the stored catalog (schema/catalog.h); a
//    format-1 database (no catalog) is numbered by name as format 1 did, and a read-write open
//    stores that catalog. Codes never change after that, whatever the schema becomes.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "schema/schema.h"
#include "store/format.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace cityties::store {

struct Node {
  NodeId id = 0;
  std::string ext_id;
  std::string label;
  Json props = Json::object();
};

struct Edge {
  NodeId src = 0;
  NodeId dst = 0;
  TypeCode type = 0;
  Json props = Json::object();  // left empty by scans that ask for no properties
};

enum class Direction { kOut, kIn, kBoth };

enum class WriteMode {
  kCreate,  // fails when the node or edge exists
  kUpsert,  // creates, or replaces all properties of the existing one
  kUpdate,  // requires it to exist; merges properties, a null value removes one
};

// Where a write came from, prefixed to its errors: "file:line", or a short description. The
// text is shared by every record of a file, so a million-edge import holds one copy of it.
struct Origin {
  std::shared_ptr<const std::string> where;
  size_t line = 0;  // 0 when there is no line

  Origin() = default;
  Origin(std::string text) : where(std::make_shared<const std::string>(std::move(text))) {}  // NOLINT
  Origin(const char* text) : Origin(std::string(text)) {}                                    // NOLINT
  Origin(std::shared_ptr<const std::string> file, size_t at) : where(std::move(file)), line(at) {}
  std::string ToString() const;
};

struct NodeWrite {
  std::string ext_id;
  std::string label;  // may be empty for kUpdate
  Json props;         // an object, or null for none
  WriteMode mode = WriteMode::kCreate;
  Origin origin;
};

struct EdgeWrite {
  std::string from, type, to;
  Json props;  // an object, or null for none
  WriteMode mode = WriteMode::kCreate;
  Origin origin;
};

struct NodeDelete {
  std::string ext_id;
  bool detach = false;  // also delete its edges; without it a node with edges is not deleted
  Origin origin;
};

struct EdgeDelete {
  std::string from, type, to;
  Origin origin;
};

// Everything one atomic write changes.
struct WriteSet {
  std::vector<NodeWrite> nodes;
  std::vector<EdgeWrite> edges;
  std::vector<NodeDelete> node_deletes;
  std::vector<EdgeDelete> edge_deletes;
  std::optional<bool> directed;  // records graph/directed (edge-list imports)
};

struct ApplySummary {
  size_t nodes_created = 0, nodes_updated = 0, nodes_deleted = 0;
  size_t edges_created = 0, edges_updated = 0, edges_deleted = 0;
  bool bulk = false;  // written by SST ingestion rather than a WriteBatch
};

struct MigrationPlan;  // store/migrate.h

struct NameMatch {
  NodeId node = 0;
  std::string matched_name;  // the stored name or alias that matched
  bool exact = false;
};

struct Counts {
  std::map<std::string, uint64_t> labels;
  std::map<std::string, uint64_t> edge_types;
};

class GraphStore {
 public:
  enum class Mode { kReadOnly, kReadWrite };

  // Creates a new database at `path` holding `schema_json`. Fails if one exists there.
  static Status Create(const std::string& path, const std::string& schema_json);
  // A reader (kReadOnly) sees one consistent state for its whole life, whatever a writer does
  // beside it (a RocksDB secondary instance); a damaged database is an error naming the damage.
  static Result<std::unique_ptr<GraphStore>> Open(const std::string& path, Mode mode);
  ~GraphStore();

  const schema::Schema& schema() const { return *schema_; }
  const std::string& path() const { return path_; }
  // The id init drew for this database (meta::kDatabaseIdKey); "" for one made before ids.
  const std::string& database_id() const { return database_id_; }

  Status Apply(const WriteSet& writes, ApplySummary* summary = nullptr);
  // Bulk writes (Apply, Migrate, EdgeListLoader) keep at most about this many bytes of sorted
  // keys in memory and spill the rest to temporary SST files, merged before the ingestion.
  void SetMemoryBudget(size_t bytes) { memory_budget_ = bytes; }
  size_t memory_budget() const { return memory_budget_; }
  // Commits write change records keeping the latest `commits` of them (format.h; default
  // meta::kChangeLogLength); tests shorten it.
  void SetChangeLogLength(uint64_t commits) { change_log_length_ = commits; }
  class EdgeListLoader;  // store/edge_list_loader.h
  // A loader of a whole edge list into this database (empty: none was ever written, read-write)
  // without a WriteSet; null when the database or the schema does not allow the fast path
  // (then Apply() checks and reports everything).
  Result<std::unique_ptr<EdgeListLoader>> NewEdgeListLoader(bool directed, bool weighted);
  // Applies a plan from PlanMigration() (store/migrate.h) in one atomic write; refuses a plan
  // with blockers. Afterwards schema() is the newer schema.
  Status Migrate(const MigrationPlan& plan, ApplySummary* summary = nullptr);

  Result<NodeId> Resolve(const std::string& ext_id) const;
  Result<Node> GetNode(NodeId id) const;
  Result<Node> GetNode(const std::string& ext_id) const;
  Result<Edge> GetEdge(NodeId src, TypeCode type, NodeId dst) const;

  // Calls `fn` for each edge at `node` (out-edges have src == node, in-edges dst == node),
  // optionally of one type; stops early when `fn` returns false.
  Status ForEachEdge(NodeId node, Direction dir, std::optional<TypeCode> type, bool with_props,
                     const std::function<bool(const Edge&)>& fn) const;
  // Appends every edge at `node` to `out`, both directions (out-edges first, each direction in
  // key order): one read of its adjacency list (format.h), or, while that is not complete (a
  // database of an older format opened read-only, or one being rebuilt), its adjacency keys.
  // No edge value is read or decoded.
  using Adjacent = AdjacentEntry;
  Status ReadAdjacent(NodeId node, std::vector<Adjacent>* out) const;
  // Calls fn for every edge at `node`, both directions, in ReadAdjacent's order and from the
  // same reads.
  Status ForEachAdjacent(NodeId node, const std::function<void(const Adjacent&)>& fn) const;
  // ReadAdjacent for each of `nodes`, into (*out)[i] for nodes[i]; a ring of many nodes is read
  // on two cores.
  Status ReadAdjacentOfEach(const std::vector<NodeId>& nodes, std::vector<std::vector<Adjacent>>* out) const;
  // Appends to `others` the other end of every edge at each of `nodes` (both directions) whose
  // type code is on in `types`, in no particular order and with repeats, from the adjacency keys
  // alone (a breadth-first step that needs no tie); many nodes are read on two cores.
  Status CollectAdjacent(const std::vector<NodeId>& nodes, const std::vector<bool>& types,
                         std::vector<NodeId>* others) const;
  // The nodes of `ids`, in that order, read in one batch (a large one on two cores); NotFound
  // naming the first missing one.
  Result<std::vector<Node>> GetNodes(const std::vector<NodeId>& ids) const;
  // GetNodes for a reader that needs only each node's label and external id (a listing of ids):
  // no property is read, decoded or copied.
  struct NodeHead {
    TypeCode label = 0;
    std::string ext_id;
  };
  // From the head blocks (format.h): one read per block of 64 ids; while they are not complete,
  // from the node values.
  Result<std::vector<NodeHead>> GetNodeHeads(const std::vector<NodeId>& ids) const;
  Status ForEachNodeOfLabel(TypeCode label, const std::function<bool(NodeId)>& fn) const;
  Status ForEachEdgeOfType(TypeCode type, const std::function<bool(NodeId, NodeId)>& fn) const;
  // Full scans, for export, projection and validation.
  Status ForEachNode(const std::function<bool(const Node&)>& fn) const;
  Status ForEachEdge(bool with_props, const std::function<bool(const Edge&)>& fn) const;

  // Nodes whose folded name or alias equals `query`, else starts with it, else contains it
  // (the last is a scan of the name index only); at most `limit`.
  Result<std::vector<NameMatch>> FindByName(const std::string& query, size_t limit) const;

  Result<Counts> GetCounts() const;
  // True unless an edge-list import recorded an undirected graph.
  bool directed() const { return directed_; }
  // Checks every node and edge against the schema, both adjacency directions, the packed
  // column families, every index and the counters; returns one line per problem.
  Result<std::vector<std::string>> Validate() const;
  // A record of the meta column family outside the layout's own keys (e.g. meta::kCoverageKey):
  // NotFound when absent. PutMeta needs read-write access and writes the one key atomically.
  Result<std::string> GetMeta(const std::string& key) const;
  Status PutMeta(const std::string& key, const std::string& value);
  // Whether point reads use the packed column families (format.h: adjacency lists, head blocks):
  // true after every read-write open, and for readers of a current-format database that no
  // write left stale.
  bool packed() const { return packed_; }
  // Rewrites the packed column families from the keys they pack (the adjacency lists from the
  // out and in keys, the head blocks from the node values) and clears meta::kPackedStaleKey;
  // read-write only. Every read-write open calls it when they are stale or missing (an older
  // format); repair too.
  Status RebuildPacked();
  // The highest RocksDB sequence number: changes whenever the data does (cache keys).
  uint64_t Sequence() const;
  // The change log (format.h) from the state at `sequence` to this one, oldest first. NotFound
  // unless its records chain from `sequence` to Sequence() with nothing written between them
  // that logged no record (then a cache of that state must be rebuilt, not brought up to date).
  Result<std::vector<ChangeRecord>> ChangesSince(uint64_t sequence) const;
  // Records read since the open: each point read and each record a prefix scan visits (what a
  // test counts to see that a query reads what it needs and no more, without timing it).
  uint64_t records_read() const { return records_read_.load(std::memory_order_relaxed); }
  // The most table files any column family has in level 0 (each is searched by every read).
  // A writer leaves fewer than RocksDB's compaction trigger (store/durability.h, CloseWriter).
  int MaxLevelZeroFiles() const;

 private:
  GraphStore() = default;
  class Writer;
  Status Get(ColumnFamily cf, const std::string& key, std::string* value) const;
  Status ScanPrefix(ColumnFamily cf, const std::string& prefix,
                    const std::function<bool(std::string_view, std::string_view)>& fn) const;
  Status LoadMeta();
  // The number of the latest change record, 0 when there is none.
  Result<uint64_t> LastLoggedCommit() const;
  // Calls fn(i, value) for each of ids[0..count), which are sorted ascending, reading them with
  // one iterator; NotFound naming the first missing id.
  Status ReadSortedNodes(const NodeId* ids, size_t count,
                         const std::function<Status(size_t, std::string_view)>& fn) const;
  // Calls fn(i, value) for the value of each ids[i], in one batch (GetNodes); fn may be called
  // from two threads at once, never twice for one i.
  Status ReadNodeValues(const std::vector<NodeId>& ids,
                        const std::function<Status(size_t, std::string_view)>& fn) const;
  // A nodes-column-family value as a Node, its label named by the schema.
  Status DecodeNode(NodeId id, std::string_view value, Node* node) const;
  // The counter at `key` in meta (format.h); 0 when there is none.
  Result<uint64_t> GetCounter(const std::string& key) const;
  // The stored schema, numbered by the stored catalog (derived and, read-write, stored when a
  // format-1 database has none).
  Status LoadSchema(bool without_catalog);
  // After the schema: whether the packed column families are complete, and (read-write) their
  // rebuild when they are not, which brings an older format to kFormatVersion.
  Status LoadPackedState(int stored_version);
  // Commits what `writer` planned; then, when the commit was too large to pack its adjacency
  // lists in memory (it left them stale), rebuilds them.
  Status CommitAndPack(Writer* writer, ApplySummary* summary);
  // Validate's part for the adjacency lists: each against the keys it packs, and one for every
  // node with an edge.
  Status CheckAdjacencyLists(const std::function<void(std::string)>& problem) const;
  // And for the head blocks: a head for every node, equal to its value's, and for no other.
  Status CheckHeadBlocks(const std::function<void(std::string)>& problem) const;
  // GetNodeHeads from the head blocks.
  Result<std::vector<NodeHead>> GetPackedHeads(const std::vector<NodeId>& ids) const;
  // ForEachAdjacent from the out and in keys (before the lists are complete).
  Status ForEachAdjacentKey(NodeId node, const std::function<void(const Adjacent&)>& fn) const;

  std::string path_;
  std::string database_id_;
  Mode mode_ = Mode::kReadOnly;
  // Open with a secondary instance (readers) or the plain read-only or read-write open.
  static Result<std::unique_ptr<GraphStore>> OpenAs(const std::string& path, Mode mode, bool secondary);
  std::string reader_scratch_;  // a reader's secondary-instance folder (removed on close)
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::shared_ptr<const schema::Schema> schema_;
  bool directed_ = true;
  bool packed_ = false;
  size_t memory_budget_ = size_t{1024} << 20;
  uint64_t change_log_length_ = meta::kChangeLogLength;
  mutable std::atomic<uint64_t> records_read_{0};
};

// Every name and alias of a node that the name index holds.
std::vector<std::string> IndexedNames(const Json& props);

// A string property, "" when absent or not a string.
std::string StringProperty(const Json& props, std::string_view key);
// A string-list property's strings, {} when absent or not a list.
std::vector<std::string> StringListProperty(const Json& props, std::string_view key);

}  // namespace cityties::store
