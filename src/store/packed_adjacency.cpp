// GraphStore::RebuildPackedAdjacency: the adjacency column family (format.h) rewritten from the
// out and in keys in one pass over each, as one SST file ingested atomically.
#include <rocksdb/db.h>

#include <memory>

#include "store/durability.h"
#include "store/graph_store.h"
#include "store/sst_files.h"
#include "store/writer.h"

namespace cityties::store {
namespace {

// Walks one column family's keys in order, node by node.
class KeyWalk {
 public:
  KeyWalk(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    rocksdb::ReadOptions ro;
    ro.fill_cache = false;  // every block is read once
    it_.reset(db->NewIterator(ro, cf));
    it_->SeekToFirst();
  }
  bool Valid() const { return it_->Valid(); }
  std::string_view key() const { return {it_->key().data(), it_->key().size()}; }
  void Next() { it_->Next(); }
  rocksdb::Status status() const { return it_->status(); }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
};

// The node of the adjacency key under `walk`, or of the node key (adjacency column family);
// UINT64_MAX past the end.
Status NodeUnder(const KeyWalk& walk, bool adjacency_key, NodeId* node) {
  *node = UINT64_MAX;
  if (!walk.Valid()) return Status::Ok();
  if (!adjacency_key) return DecodeNodeId(walk.key(), node);
  AdjacencyKey key;
  CT_RETURN_IF_ERROR(DecodeAdjacency(walk.key(), &key));
  *node = key.node;
  return Status::Ok();
}

// Appends the entries of `node` under `walk` (an out or in column family) and moves past them.
Status TakeEntries(KeyWalk* walk, NodeId node, bool outgoing, std::vector<AdjacentEntry>* entries) {
  for (; walk->Valid(); walk->Next()) {
    AdjacencyKey key;
    CT_RETURN_IF_ERROR(DecodeAdjacency(walk->key(), &key));
    if (key.node != node) break;
    entries->push_back({key.type, outgoing, key.other});
  }
  return Status::Ok();
}

}  // namespace

Status GraphStore::RebuildPackedAdjacency() {
  if (mode_ != Mode::kReadWrite) return Status::InvalidArgument("the database is open read-only");
  packed_adjacency_ = false;  // the keys answer until the lists are complete again
  StagingDir staging(path_);
  CT_RETURN_IF_ERROR(staging.Create());
  ColumnFiles lists(&staging, kColumnFamilies[kAdjacencyCf], BulkBlockSize(kAdjacencyCf));
  KeyWalk out(db_.get(), handles_[kOutCf]), in(db_.get(), handles_[kInCf]), old(db_.get(), handles_[kAdjacencyCf]);
  Status walked;
  auto write_lists = [&](KeySink& sink) -> Status {
    std::vector<AdjacentEntry> entries;
    for (;;) {
      NodeId next_out, next_in, next_old;
      CT_RETURN_IF_ERROR(NodeUnder(out, true, &next_out));
      CT_RETURN_IF_ERROR(NodeUnder(in, true, &next_in));
      CT_RETURN_IF_ERROR(NodeUnder(old, false, &next_old));
      const NodeId node = std::min({next_out, next_in, next_old});
      if (node == UINT64_MAX) break;
      entries.clear();
      CT_RETURN_IF_ERROR(TakeEntries(&out, node, true, &entries));
      CT_RETURN_IF_ERROR(TakeEntries(&in, node, false, &entries));
      if (next_old == node) old.Next();
      // A list that no key supports any more is deleted; every other one is written whole.
      sink.Add(EncodeNodeId(node), entries.empty() ? "" : EncodeAdjacencyList(entries), entries.empty());
    }
    for (const KeyWalk* walk : {&out, &in, &old}) CT_RETURN_IF_ERROR(FromRocks(walk->status(), path_));
    return Status::Ok();
  };
  FilesByColumnFamily files(kNumCfs);
  CT_RETURN_IF_ERROR(lists.Finish([&](KeySink& sink) { walked = write_lists(sink); }, false, &files[kAdjacencyCf]));
  CT_RETURN_IF_ERROR(walked);
  rocksdb::WriteBatch done;
  done.Delete(handles_[kMetaCf], meta::kAdjacencyStaleKey);
  done.Put(handles_[kMetaCf], meta::kFormatVersionKey, EncodeFormatVersion(kFormatVersion));
  {
    CommitLock readers_wait(path_, CommitLock::Kind::kExclusive);
    CT_RETURN_IF_ERROR(IngestAtomically(db_.get(), handles_, files, path_));
    CT_RETURN_IF_ERROR(FromRocks(db_->Write(SyncedWrite(), &done), path_));
    CT_RETURN_IF_ERROR(PersistCommitted(db_.get(), handles_));
  }
  packed_adjacency_ = true;
  return Status::Ok();
}

}  // namespace cityties::store
