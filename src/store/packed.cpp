// GraphStore::RebuildPacked: the packed column families (format.h) rewritten from the keys they
// pack, in one pass over each (adjacency lists from the out and in keys, head blocks from the
// node values), as one SST file each, ingested atomically.
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
  std::string_view value() const { return {it_->value().data(), it_->value().size()}; }
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

// Writes the head block of every block of nodes under `nodes` (the nodes column family) into
// `sink`, and a deletion of each block under `old` (the heads column family) that holds no node
// any more.
Status WriteHeadBlocks(KeyWalk* nodes, KeyWalk* old, KeySink& sink) {
  std::vector<HeadEntry> heads;
  std::vector<std::string> ext_ids;  // the heads' ext ids: the iterator's values move on
  for (;;) {
    NodeId next_node, old_block;
    CT_RETURN_IF_ERROR(NodeUnder(*nodes, false, &next_node));
    CT_RETURN_IF_ERROR(NodeUnder(*old, false, &old_block));
    const NodeId block = std::min(next_node == UINT64_MAX ? UINT64_MAX : next_node / kHeadBlockSize, old_block);
    if (block == UINT64_MAX) return Status::Ok();
    heads.clear();
    ext_ids.clear();
    for (; nodes->Valid(); nodes->Next()) {
      NodeId id;
      CT_RETURN_IF_ERROR(DecodeNodeId(nodes->key(), &id));
      if (id / kHeadBlockSize != block) break;
      NodeHeadView head;
      CT_RETURN_IF_ERROR(DecodeNodeHead(nodes->value(), &head).WithContext("node #" + std::to_string(id)));
      heads.push_back({id, head.label, {}});
      ext_ids.emplace_back(head.ext_id);
    }
    for (size_t i = 0; i < heads.size(); ++i) heads[i].ext_id = ext_ids[i];
    if (old_block == block) old->Next();
    sink.Add(EncodeNodeId(block), heads.empty() ? "" : EncodeHeadBlock(heads), heads.empty());
  }
}

}  // namespace

Status GraphStore::RebuildPacked() {
  if (mode_ != Mode::kReadWrite) return Status::InvalidArgument("the database is open read-only");
  packed_ = false;  // the keys answer until the packed families are complete again
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
  ColumnFiles blocks(&staging, kColumnFamilies[kHeadsCf], BulkBlockSize(kHeadsCf));
  KeyWalk nodes(db_.get(), handles_[kNodesCf]), old_blocks(db_.get(), handles_[kHeadsCf]);
  Status walked_nodes;
  FilesByColumnFamily files(kNumCfs);
  // The two families on two cores.
  CT_RETURN_IF_ERROR(RunInParallel(2, [&](size_t task) {
    if (task == 0) {
      return lists.Finish([&](KeySink& sink) { walked = write_lists(sink); }, false, &files[kAdjacencyCf]);
    }
    return blocks.Finish([&](KeySink& sink) { walked_nodes = WriteHeadBlocks(&nodes, &old_blocks, sink); }, false,
                         &files[kHeadsCf]);
  }));
  CT_RETURN_IF_ERROR(walked);
  CT_RETURN_IF_ERROR(walked_nodes);
  for (const KeyWalk* walk : {&nodes, &old_blocks}) CT_RETURN_IF_ERROR(FromRocks(walk->status(), path_));
  rocksdb::WriteBatch done;
  done.Delete(handles_[kMetaCf], meta::kPackedStaleKey);
  done.Put(handles_[kMetaCf], meta::kFormatVersionKey, EncodeFormatVersion(kFormatVersion));
  {
    CommitLock readers_wait(path_, CommitLock::Kind::kExclusive);
    CT_RETURN_IF_ERROR(IngestAtomically(db_.get(), handles_, files, path_));
    CT_RETURN_IF_ERROR(FromRocks(db_->Write(SyncedWrite(), &done), path_));
    CT_RETURN_IF_ERROR(PersistCommitted(db_.get(), handles_));
  }
  packed_ = true;
  return Status::Ok();
}

}  // namespace cityties::store
