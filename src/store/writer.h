// GraphStore::Writer turns a WriteSet into key-value operations and commits them atomically.
//
// Plan() reads what it must (existing ids, old names to unindex, endpoint labels) and checks
// everything, touching nothing. Commit() then writes the operations, with the label and type
// counters, either as one WriteBatch or, for bulk sets, as sorted SST files ingested into all
// column families in one atomic IngestExternalFiles call.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/graph_store.h"
#include "store/sst_files.h"

namespace rocksdb {
class Status;
class WriteBatch;
}  // namespace rocksdb

namespace cityties::store {

// Turns a RocksDB status into ours by its code and sub-code (never its text); `path` names the
// database in the message. Defined in graph_store.cpp.
Status FromRocks(const rocksdb::Status& s, const std::string& path);

// The operations planned for one column family. Keys and values are packed into one buffer so
// that a million-key import makes no allocation per key, and sorting moves 40-byte entries.
class OpLog {
 public:
  void Put(std::string_view key, std::string_view value) { Add(key, value, false); }
  void Delete(std::string_view key) { Add(key, {}, true); }
  void Reserve(size_t ops) { entries_.reserve(ops); }
  void Clear();
  size_t size() const { return entries_.size(); }
  // The memory the planned operations take.
  size_t bytes() const { return arena_.capacity() + entries_.capacity() * sizeof(Entry); }
  bool empty() const { return entries_.empty(); }
  // Sorts by key; among equal keys the one planned last comes last.
  void Sort();
  // Calls fn(key, value, is_delete) in order; with `last_wins`, only for the last of equal keys.
  template <typename Fn>
  void ForEach(bool last_wins, Fn fn) const {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (last_wins && i + 1 < entries_.size() && Key(entries_[i + 1]) == Key(entries_[i])) continue;
      fn(Key(entries_[i]), Value(entries_[i]), entries_[i].del);
    }
  }

 private:
  struct Entry {
    uint64_t head0, head1;  // the key's first sixteen bytes, big-endian: most compares end here
    uint64_t offset;
    uint32_t key_size, value_size;
    uint32_t seq;
    bool del;
  };
  void Add(std::string_view key, std::string_view value, bool del);
  std::string_view Key(const Entry& e) const { return {arena_.data() + e.offset, e.key_size}; }
  std::string_view Value(const Entry& e) const { return {arena_.data() + e.offset + e.key_size, e.value_size}; }

  std::string arena_;
  std::vector<Entry> entries_;
};

class GraphStore::Writer {
 public:
  // Above this many operations Commit() writes SST files instead of a WriteBatch: Debian's
  // RocksDB writes ~170k keys/s through the memtable but ingests sorted files ~15x faster.
  static constexpr size_t kBulkThreshold = 100000;

  // Above `memory_budget` bytes of planned operations, Plan() spills them as sorted runs to SST
  // files, merged at Commit() (sst_files.h).
  Writer(const GraphStore& store, rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
         size_t memory_budget)
      : store_(store),
        db_(db),
        handles_(handles),
        memory_budget_(memory_budget),
        staging_(store.path()),
        files_(FilesOfEachColumnFamily(&staging_)) {}

  ~Writer();

  Status Plan(const WriteSet& writes, ApplySummary* summary);
  // Adds a meta key to the same atomic commit (the schema and catalog of a migration). Such a
  // commit logs no change record (format.h): what it changes is more than nodes and edges.
  void PutMeta(std::string_view key, std::string_view value) {
    Put(kMetaCf, key, value);
    logs_change_ = false;
  }
  // Above this many node and edge keys a commit logs no change record: a cache rebuilt from a
  // scan costs less than one brought up to date by that many reads.
  static constexpr size_t kMaxLoggedKeys = 20000;
  Status Commit(ApplySummary* summary);
  // Whether Commit() left the packed column families stale (format.h): a spilled commit cannot
  // pack them in memory, so it marks them stale in its own atomic write for the caller to rebuild.
  bool left_packed_stale() const { return packed_stale_; }

 private:
  struct Endpoint {
    NodeId id = 0;
    schema::LabelCode label = 0;
    bool stored = false;  // existed before this write set
  };
  struct EdgeIdentity {
    NodeId src, dst;
    TypeCode type;
    bool operator==(const EdgeIdentity&) const = default;
  };
  struct EdgeIdentityHash {
    size_t operator()(const EdgeIdentity& e) const {
      return std::hash<uint64_t>()(e.src * 0x9E3779B97F4A7C15ull ^ (e.dst + (uint64_t{e.type} << 48)));
    }
  };

  Status PlanNodeDelete(const NodeDelete& d, ApplySummary* summary);
  Status PlanEdgeDelete(const EdgeDelete& d, ApplySummary* summary);
  Status PlanNode(const NodeWrite& w, ApplySummary* summary);
  Status PlanEdge(const EdgeWrite& w, ApplySummary* summary);
  Result<Endpoint> ResolveEndpoint(const std::string& ext_id);
  void DeleteEdgeOps(NodeId src, TypeCode type, NodeId dst);
  void Put(ColumnFamily cf, std::string_view key, std::string_view value) { ops_[cf].Put(key, value); }
  void Delete(ColumnFamily cf, std::string_view key) { ops_[cf].Delete(key); }
  // Plans the new adjacency list of every node whose out or in keys this commit changes: its
  // stored list with the changes applied, put whole (or deleted when it is left empty).
  Status PlanAdjacencyLists();
  // Plans the new head block of every block holding a node this commit writes or deletes (a
  // block whose heads it leaves as they were is not rewritten).
  Status PlanHeadBlocks();
  Status CommitBatch();
  // Adds this commit's change record (and the removal of the oldest one kept) to `batch`, which
  // holds every other operation of the commit.
  Status LogChange(rocksdb::WriteBatch* batch);
  Status CommitBulk();
  // Spills every column family's operations when they take more than the budget.
  Status SpillIfOverBudget();

  const GraphStore& store_;
  rocksdb::DB* db_;
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles_;
  size_t memory_budget_;
  StagingDir staging_;
  bool spilled_ = false;
  bool logs_change_ = true;
  bool packed_stale_ = false;
  size_t planned_since_check_ = 0;
  std::vector<ColumnFiles> files_;  // one per column family
  OpLog ops_[kNumCfs];
  std::vector<int64_t> label_deltas_, type_deltas_;                // counter changes by code
  std::unordered_map<std::string, Endpoint> endpoints_;            // ext id -> resolved node
  std::unordered_map<std::string, Origin> written_;                // ext id -> origin, nodes written here
  std::unordered_set<EdgeIdentity, EdgeIdentityHash> edges_seen_;  // edges written or deleted here
  std::unordered_set<NodeId> deleted_nodes_;
  uint64_t next_node_id_ = 0;
  bool store_was_empty_ = false;
  std::optional<bool> directed_;
};

}  // namespace cityties::store
