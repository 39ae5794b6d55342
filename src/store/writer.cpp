#include "store/writer.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "common/text.h"
#include "store/durability.h"

namespace cityties::store {
namespace {

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string EdgeName(const std::string& from, const std::string& type, const std::string& to) {
  return "(" + from + ")-[" + type + "]->(" + to + ")";
}

// Merges `patch` into `base`: a null value removes the property.
Json MergeProps(Json base, const Json& patch) {
  if (base.is_null()) base = Json::object();
  if (patch.is_null()) return base;
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      base.erase(key);
    } else {
      base[key] = value;
    }
  }
  return base;
}

// Properties as given, without null values; null (no properties) stays null, which costs no
// allocation on the bulk path.
Json WithoutNulls(const Json& props) {
  if (props.is_null() || props.empty()) return Json();
  return MergeProps(Json::object(), props);
}

// Applies `plan` to every write of a list and stops at the first error, prefixed with where
// the failing write came from (the origin's text is built only then).
template <typename Writes, typename PlanFn>
Status PlanAll(const Writes& writes, PlanFn plan) {
  for (const auto& w : writes) {
    Status s = plan(w);
    if (!s.ok()) return s.WithContext(w.origin.ToString());
  }
  return Status::Ok();
}

// The OpLog::ForEach callback that hands every operation to `sink`.
auto AddTo(KeySink& sink) {
  return [&sink](std::string_view key, std::string_view value, bool del) { sink.Add(key, value, del); };
}

uint64_t KeyHead(std::string_view key, size_t offset) {
  uint64_t head = 0;
  for (size_t i = offset; i < offset + 8; ++i) {
    head = (head << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
  }
  return head;
}

}  // namespace

void OpLog::Add(std::string_view key, std::string_view value, bool del) {
  entries_.push_back({KeyHead(key, 0), KeyHead(key, 8), arena_.size(), static_cast<uint32_t>(key.size()),
                      static_cast<uint32_t>(value.size()), static_cast<uint32_t>(entries_.size()), del});
  arena_.append(key);
  arena_.append(value);
}

void OpLog::Clear() {
  // Frees the memory, which is the point of spilling.
  std::string().swap(arena_);
  std::vector<Entry>().swap(entries_);
}

void OpLog::Sort() {
  std::sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
    if (a.head0 != b.head0) return a.head0 < b.head0;
    if (a.head1 != b.head1) return a.head1 < b.head1;
    int c = Key(a).compare(Key(b));
    return c < 0 || (c == 0 && a.seq < b.seq);
  });
}

Status GraphStore::Writer::Plan(const WriteSet& writes, ApplySummary* summary) {
  std::string next;
  CT_RETURN_IF_ERROR(store_.Get(kMetaCf, meta::kNextNodeIdKey, &next));
  CT_RETURN_IF_ERROR(DecodeCounter(next, &next_node_id_).WithContext("meta 'next_node_id'"));
  store_was_empty_ = next_node_id_ == 1;
  directed_ = writes.directed;
  label_deltas_.assign(store_.schema().label_code_limit(), 0);
  type_deltas_.assign(store_.schema().edge_type_code_limit(), 0);
  endpoints_.reserve(writes.nodes.size());
  written_.reserve(writes.nodes.size());
  edges_seen_.reserve(writes.edges.size() + writes.edge_deletes.size());
  // Each new node takes an ids, a nodes and a label-index key, each edge an out, an in and a
  // type-index key: reserving avoids re-moving millions of keys while the vectors grow.
  for (ColumnFamily cf : {kIdsCf, kNodesCf}) ops_[cf].Reserve(writes.nodes.size());
  for (ColumnFamily cf : {kOutCf, kInCf}) ops_[cf].Reserve(writes.edges.size());
  ops_[kIndexCf].Reserve(2 * writes.nodes.size() + writes.edges.size());
  CT_RETURN_IF_ERROR(PlanAll(writes.edge_deletes, [&](const EdgeDelete& d) { return PlanEdgeDelete(d, summary); }));
  CT_RETURN_IF_ERROR(PlanAll(writes.node_deletes, [&](const NodeDelete& d) { return PlanNodeDelete(d, summary); }));
  CT_RETURN_IF_ERROR(PlanAll(writes.nodes, [&](const NodeWrite& w) {
    CT_RETURN_IF_ERROR(PlanNode(w, summary));
    return SpillIfOverBudget();
  }));
  return PlanAll(writes.edges, [&](const EdgeWrite& w) {
    CT_RETURN_IF_ERROR(PlanEdge(w, summary));
    return SpillIfOverBudget();
  });
}

GraphStore::Writer::~Writer() = default;

Status GraphStore::Writer::SpillIfOverBudget() {
  if (++planned_since_check_ < 1024) return Status::Ok();
  planned_since_check_ = 0;
  size_t bytes = 0;
  for (const auto& ops : ops_) bytes += ops.bytes();
  if (bytes <= memory_budget_) return Status::Ok();
  CT_RETURN_IF_ERROR(staging_.Create());
  // Meta keys are few and planned at commit: they stay in memory.
  CT_RETURN_IF_ERROR(RunInParallel(kNumCfs, [&](size_t cf) -> Status {
    if (cf == kMetaCf || ops_[cf].empty()) return Status::Ok();
    ops_[cf].Sort();
    Status spilled = files_[cf].Spill([&](KeySink& sink) { ops_[cf].ForEach(true, AddTo(sink)); });
    ops_[cf].Clear();
    return spilled;
  }));
  spilled_ = true;
  return Status::Ok();
}

Result<GraphStore::Writer::Endpoint> GraphStore::Writer::ResolveEndpoint(const std::string& ext_id) {
  auto cached = endpoints_.find(ext_id);
  if (cached != endpoints_.end()) return cached->second;
  if (store_was_empty_) return Status::NotFound("no node " + Quote(ext_id));
  auto node = store_.GetNode(ext_id);
  if (!node.ok()) return node.status();
  if (deleted_nodes_.count(node->id)) return Status::NotFound("node " + Quote(ext_id) + " is deleted by this write");
  Endpoint e{node->id, store_.schema().FindLabel(node->label)->code, true};
  endpoints_[ext_id] = e;
  return e;
}

void GraphStore::Writer::DeleteEdgeOps(NodeId src, TypeCode type, NodeId dst) {
  edges_seen_.insert({src, dst, type});
  Delete(kOutCf, EncodeAdjacency({src, type, dst}));
  Delete(kInCf, EncodeAdjacency({dst, type, src}));
  Delete(kIndexCf, TypeIndexKey(type, src, dst));
  type_deltas_[type] -= 1;
}

Status GraphStore::Writer::PlanEdgeDelete(const EdgeDelete& d, ApplySummary* summary) {
  const auto* type = store_.schema().FindEdgeType(d.type);
  if (!type) return Status::InvalidArgument("unknown edge type " + Quote(d.type));
  auto src = ResolveEndpoint(d.from);
  if (!src.ok()) return src.status();
  auto dst = ResolveEndpoint(d.to);
  if (!dst.ok()) return dst.status();
  if (edges_seen_.count({src->id, dst->id, type->code}) || !store_.GetEdge(src->id, type->code, dst->id).ok()) {
    return Status::NotFound("no edge " + EdgeName(d.from, d.type, d.to));
  }
  DeleteEdgeOps(src->id, type->code, dst->id);
  summary->edges_deleted++;
  return Status::Ok();
}

Status GraphStore::Writer::PlanNodeDelete(const NodeDelete& d, ApplySummary* summary) {
  auto node = store_.GetNode(d.ext_id);
  if (!node.ok()) return node.status();
  if (deleted_nodes_.count(node->id)) return Status::InvalidArgument("node " + Quote(d.ext_id) + " deleted twice");
  std::vector<Edge> edges;
  std::unordered_set<EdgeIdentity, EdgeIdentityHash> listed;
  CT_RETURN_IF_ERROR(store_.ForEachEdge(node->id, Direction::kBoth, std::nullopt, false, [&](const Edge& e) {
    // A self-loop shows up in both directions; an edge deleted earlier in this write is gone.
    EdgeIdentity id{e.src, e.dst, e.type};
    if (!edges_seen_.count(id) && listed.insert(id).second) edges.push_back(e);
    return true;
  }));
  if (!edges.empty() && !d.detach) {
    return Status::InvalidArgument("node " + Quote(d.ext_id) + " still has " + std::to_string(edges.size()) +
                                   " edge(s); delete them first or delete it with detach");
  }
  for (const auto& e : edges) {
    DeleteEdgeOps(e.src, e.type, e.dst);
    summary->edges_deleted++;
  }
  const auto* label = store_.schema().FindLabel(node->label);
  Delete(kIdsCf, node->ext_id);
  Delete(kNodesCf, EncodeNodeId(node->id));
  Delete(kIndexCf, LabelIndexKey(label->code, node->id));
  for (const auto& name : IndexedNames(node->props)) Delete(kIndexCf, NameIndexKey(FoldName(name), node->id));
  label_deltas_[label->code] -= 1;
  deleted_nodes_.insert(node->id);
  endpoints_.erase(node->ext_id);
  summary->nodes_deleted++;
  return Status::Ok();
}

Status GraphStore::Writer::PlanNode(const NodeWrite& w, ApplySummary* summary) {
  if (w.ext_id.empty()) return Status::InvalidArgument("field 'id': a node needs an id");
  if (!IsValidUtf8(w.ext_id)) return Status::InvalidArgument("field 'id': invalid UTF-8");
  auto [dup, fresh] = written_.emplace(w.ext_id, w.origin);
  if (!fresh) {
    return Status::AlreadyExists("duplicate id " + Quote(w.ext_id) + " (first defined at " + dup->second.ToString() +
                                 ")");
  }

  std::optional<Node> old;
  if (!store_was_empty_) {
    auto existing = store_.GetNode(w.ext_id);
    if (existing.ok() && !deleted_nodes_.count(existing->id)) {
      old = std::move(*existing);
    } else if (!existing.ok() && !existing.status().IsNotFound()) {
      return existing.status();
    }
  }
  if (old && w.mode == WriteMode::kCreate) {
    return Status::AlreadyExists("duplicate id " + Quote(w.ext_id) +
                                 ": it exists in the database (an upsert replaces it)");
  }
  if (!old && w.mode == WriteMode::kUpdate) return Status::NotFound("no node " + Quote(w.ext_id));
  std::string label = w.label.empty() && old ? old->label : w.label;
  if (old && label != old->label) {
    return Status::InvalidArgument("field 'label': node " + Quote(w.ext_id) + " is a " + old->label +
                                   " and cannot become a " + label);
  }
  Json props = w.mode == WriteMode::kUpdate ? MergeProps(old->props, w.props) : WithoutNulls(w.props);
  CT_RETURN_IF_ERROR(store_.schema().ValidateNode(label, props));
  std::vector<std::string> names = props.is_null() ? std::vector<std::string>() : IndexedNames(props);
  for (const auto& name : names) {
    if (!IsValidUtf8(name)) return Status::InvalidArgument("invalid UTF-8 in a name");
  }
  const auto* def = store_.schema().FindLabel(label);
  NodeId id = old ? old->id : next_node_id_++;
  std::set<std::string> new_names;
  for (const auto& name : names) new_names.insert(FoldName(name));
  if (old) {
    for (const auto& name : IndexedNames(old->props)) {
      if (!new_names.count(FoldName(name))) Delete(kIndexCf, NameIndexKey(FoldName(name), id));
    }
    summary->nodes_updated++;
  } else {
    Put(kIdsCf, w.ext_id, EncodeNodeId(id));
    Put(kIndexCf, LabelIndexKey(def->code, id), "");
    label_deltas_[def->code] += 1;
    summary->nodes_created++;
  }
  for (const auto& name : names) Put(kIndexCf, NameIndexKey(FoldName(name), id), name);
  Put(kNodesCf, EncodeNodeId(id), EncodeNodeValue(def->code, w.ext_id, props));
  endpoints_[w.ext_id] = Endpoint{id, def->code, old.has_value()};
  return Status::Ok();
}

Status GraphStore::Writer::PlanEdge(const EdgeWrite& w, ApplySummary* summary) {
  auto src = ResolveEndpoint(w.from);
  if (!src.ok()) {
    return Status::NotFound("field 'from': edge endpoint " + Quote(w.from) +
                            " does not exist (neither in the database nor in this import)");
  }
  auto dst = ResolveEndpoint(w.to);
  if (!dst.ok()) {
    return Status::NotFound("field 'to': edge endpoint " + Quote(w.to) +
                            " does not exist (neither in the database nor in this import)");
  }
  const auto* type = store_.schema().FindEdgeType(w.type);
  if (!type) return Status::InvalidArgument("field 'type': unknown edge type " + Quote(w.type));
  if (!edges_seen_.insert({src->id, dst->id, type->code}).second) {
    return Status::AlreadyExists("duplicate edge " + EdgeName(w.from, w.type, w.to) + " in this write");
  }
  std::optional<Json> old;
  if (src->stored && dst->stored) {
    auto existing = store_.GetEdge(src->id, type->code, dst->id);
    if (existing.ok()) old = std::move(existing->props);
  }
  if (old && w.mode == WriteMode::kCreate) {
    return Status::AlreadyExists("duplicate edge " + EdgeName(w.from, w.type, w.to) +
                                 ": it exists in the database (an upsert replaces it)");
  }
  if (!old && w.mode == WriteMode::kUpdate) return Status::NotFound("no edge " + EdgeName(w.from, w.type, w.to));
  Json props = w.mode == WriteMode::kUpdate ? MergeProps(*old, w.props) : WithoutNulls(w.props);
  CT_RETURN_IF_ERROR(store_.schema().ValidateEdge(*type, src->label, dst->label, props));
  Put(kOutCf, EncodeAdjacency({src->id, type->code, dst->id}), EncodeProps(props));
  if (!old) {
    Put(kInCf, EncodeAdjacency({dst->id, type->code, src->id}), "");
    Put(kIndexCf, TypeIndexKey(type->code, src->id, dst->id), "");
    type_deltas_[type->code] += 1;
    summary->edges_created++;
  } else {
    summary->edges_updated++;
  }
  return Status::Ok();
}

Status GraphStore::Writer::Commit(ApplySummary* summary) {
  std::vector<std::pair<std::string, int64_t>> deltas;
  // Codes without a definition (reserved for names the schema dropped) have no records.
  for (const auto& label : store_.schema().labels()) {
    deltas.push_back({meta::LabelCountKey(label.name), label_deltas_[label.code]});
  }
  for (const auto& type : store_.schema().edge_types()) {
    deltas.push_back({meta::TypeCountKey(type.name), type_deltas_[type.code]});
  }
  for (const auto& [key, delta] : deltas) {
    if (delta == 0) continue;
    auto current = store_.GetCounter(key);
    if (!current.ok()) return current.status();
    Put(kMetaCf, key,
        EncodeCounter(static_cast<uint64_t>(std::max<int64_t>(0, static_cast<int64_t>(*current) + delta))));
  }
  Put(kMetaCf, meta::kNextNodeIdKey, EncodeCounter(next_node_id_));
  if (directed_) Put(kMetaCf, meta::kDirectedKey, EncodeDirected(*directed_));
  if (spilled_) {
    Put(kMetaCf, meta::kPackedStaleKey, "");
    packed_stale_ = true;
  } else {
    CT_RETURN_IF_ERROR(PlanAdjacencyLists());
    CT_RETURN_IF_ERROR(PlanHeadBlocks());
  }
  size_t total = 0;
  for (const auto& ops : ops_) total += ops.size();
  if (total >= kBulkThreshold || spilled_) {
    summary->bulk = true;
    return CommitBulk();
  }
  return CommitBatch();
}

namespace {

// One planned out or in key, as a change to the adjacency list of its node.
struct ListChange {
  NodeId node;
  AdjacentEntry entry;
  uint32_t order;  // plan order: the last change of an entry wins
  bool remove;
};

bool ChangeBefore(const ListChange& a, const ListChange& b) {
  if (a.node != b.node) return a.node < b.node;
  if (!(a.entry == b.entry)) return AdjacencyBefore(a.entry, b.entry);
  return a.order < b.order;
}

// `stored` (a list in AdjacencyBefore order) with `changes` (of one node, sorted by ChangeBefore)
// applied.
std::vector<AdjacentEntry> ApplyChanges(const std::vector<AdjacentEntry>& stored, const ListChange* changes,
                                        const ListChange* end) {
  std::vector<AdjacentEntry> result;
  result.reserve(stored.size() + static_cast<size_t>(end - changes));
  auto kept = stored.begin();
  while (changes != end) {
    const ListChange* last = changes;  // the last change of this entry
    while (last + 1 != end && last[1].entry == changes->entry) ++last;
    for (; kept != stored.end() && AdjacencyBefore(*kept, changes->entry); ++kept) result.push_back(*kept);
    if (kept != stored.end() && *kept == changes->entry) ++kept;
    if (!last->remove) result.push_back(last->entry);
    changes = last + 1;
  }
  result.insert(result.end(), kept, stored.end());
  return result;
}

}  // namespace

Status GraphStore::Writer::PlanAdjacencyLists() {
  std::vector<ListChange> changes;
  changes.reserve(ops_[kOutCf].size() + ops_[kInCf].size());
  Status bad = Status::Ok();
  for (ColumnFamily cf : {kOutCf, kInCf}) {
    ops_[cf].ForEach(false, [&](std::string_view key, std::string_view, bool del) {
      AdjacencyKey k;
      if (bad.ok()) bad = DecodeAdjacency(key, &k);
      changes.push_back({k.node, {k.type, cf == kOutCf, k.other}, static_cast<uint32_t>(changes.size()), del});
    });
  }
  CT_RETURN_IF_ERROR(bad);
  std::sort(changes.begin(), changes.end(), ChangeBefore);
  std::vector<AdjacentEntry> stored;
  for (size_t begin = 0; begin < changes.size();) {
    size_t end = begin;
    while (end < changes.size() && changes[end].node == changes[begin].node) ++end;
    const std::string key = EncodeNodeId(changes[begin].node);
    stored.clear();
    if (!store_was_empty_) {
      std::string value;
      Status s = store_.Get(kAdjacencyCf, key, &value);
      if (s.ok()) s = DecodeAdjacencyList(value, &stored);
      if (!s.ok() && !s.IsNotFound())
        return s.WithContext("adjacency list of node #" + std::to_string(changes[begin].node));
    }
    const auto lists = ApplyChanges(stored, changes.data() + begin, changes.data() + end);
    if (lists.empty()) {
      Delete(kAdjacencyCf, key);
    } else {
      Put(kAdjacencyCf, key, EncodeAdjacencyList(lists));
    }
    begin = end;
  }
  return Status::Ok();
}

Status GraphStore::Writer::PlanHeadBlocks() {
  // The last planned operation of each node's key: its value (a view into ops_) or its deletion.
  struct NodeChange {
    NodeId node;
    uint32_t order;
    bool remove;
    std::string_view value;
  };
  std::vector<NodeChange> changes;
  changes.reserve(ops_[kNodesCf].size());
  Status bad = Status::Ok();
  ops_[kNodesCf].ForEach(false, [&](std::string_view key, std::string_view value, bool del) {
    NodeId id = 0;
    if (bad.ok()) bad = DecodeNodeId(key, &id);
    changes.push_back({id, static_cast<uint32_t>(changes.size()), del, value});
  });
  CT_RETURN_IF_ERROR(bad);
  std::sort(changes.begin(), changes.end(), [](const NodeChange& a, const NodeChange& b) {
    return std::tie(a.node, a.order) < std::tie(b.node, b.order);
  });
  std::vector<HeadEntry> stored, heads;
  for (size_t begin = 0; begin < changes.size();) {
    const NodeId block = changes[begin].node / kHeadBlockSize;
    size_t end = begin;
    while (end < changes.size() && changes[end].node / kHeadBlockSize == block) ++end;
    const std::string key = EncodeNodeId(block);
    std::string stored_value;
    stored.clear();
    if (!store_was_empty_) {
      Status s = store_.Get(kHeadsCf, key, &stored_value);
      if (s.ok()) s = DecodeHeadBlock(block, stored_value, &stored);
      if (!s.ok() && !s.IsNotFound()) return s.WithContext("head block #" + std::to_string(block));
    }
    // The stored heads with this commit's last change of each node in their place.
    heads.clear();
    auto kept = stored.begin();
    for (size_t i = begin; i < end; ++i) {
      if (i + 1 < end && changes[i + 1].node == changes[i].node) continue;  // not the last
      for (; kept != stored.end() && kept->node < changes[i].node; ++kept) heads.push_back(*kept);
      if (kept != stored.end() && kept->node == changes[i].node) ++kept;
      if (changes[i].remove) continue;
      NodeHeadView head;
      CT_RETURN_IF_ERROR(DecodeNodeHead(changes[i].value, &head));
      heads.push_back({changes[i].node, head.label, head.ext_id});
    }
    heads.insert(heads.end(), kept, stored.end());
    if (heads.empty()) {
      Delete(kHeadsCf, key);
    } else if (std::string value = EncodeHeadBlock(heads); value != stored_value) {
      Put(kHeadsCf, key, value);
    }
    begin = end;
  }
  return Status::Ok();
}

Status GraphStore::Writer::CommitBatch() {
  rocksdb::WriteBatch batch;
  for (int cf = 0; cf < kNumCfs; ++cf) {
    // In plan order: a later write of the same key overrides an earlier one, as planned.
    ops_[cf].ForEach(false, [&](std::string_view key, std::string_view value, bool del) {
      if (del) {
        batch.Delete(handles_[cf], rocksdb::Slice(key.data(), key.size()));
      } else {
        batch.Put(handles_[cf], rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));
      }
    });
  }
  if (logs_change_) CT_RETURN_IF_ERROR(LogChange(&batch));
  // The WAL makes the batch atomic across a crash, and it is synced before Write() returns.
  CommitLock readers_wait(store_.path(), CommitLock::Kind::kExclusive);
  auto s = db_->Write(SyncedWrite(), &batch);
  if (!s.ok()) return FromRocks(s, store_.path()).WithContext("write failed, nothing was stored");
  return PersistCommitted(db_, handles_);
}

Status GraphStore::Writer::LogChange(rocksdb::WriteBatch* batch) {
  if (ops_[kNodesCf].size() + ops_[kOutCf].size() > kMaxLoggedKeys) return Status::Ok();
  ChangeRecord change;
  Status bad = Status::Ok();
  ops_[kNodesCf].ForEach(false, [&](std::string_view key, std::string_view, bool) {
    NodeId id = 0;
    if (bad.ok()) bad = DecodeNodeId(key, &id);
    change.nodes.push_back(id);
  });
  ops_[kOutCf].ForEach(false, [&](std::string_view key, std::string_view, bool) {
    AdjacencyKey edge;
    if (bad.ok()) bad = DecodeAdjacency(key, &edge);
    change.edges.push_back(edge);
  });
  CT_RETURN_IF_ERROR(bad);
  std::sort(change.nodes.begin(), change.nodes.end());
  change.nodes.erase(std::unique(change.nodes.begin(), change.nodes.end()), change.nodes.end());
  auto order = [](const AdjacencyKey& e) { return std::tie(e.node, e.type, e.other); };
  std::sort(change.edges.begin(), change.edges.end(),
            [&](const AdjacencyKey& a, const AdjacencyKey& b) { return order(a) < order(b); });
  change.edges.erase(std::unique(change.edges.begin(), change.edges.end(),
                                 [&](const AdjacencyKey& a, const AdjacencyKey& b) { return order(a) == order(b); }),
                     change.edges.end());
  auto last = store_.LastLoggedCommit();
  if (!last.ok()) return last.status();
  const uint64_t commit = *last + 1;
  const uint64_t keep = store_.change_log_length_;
  const bool prune = commit > keep;
  // Each operation of a batch takes one sequence number: this record's and the pruning's too.
  // (The writer holds the database alone, so nothing else writes between here and Write().)
  change.from_sequence = db_->GetLatestSequenceNumber();
  change.to_sequence = change.from_sequence + batch->Count() + 1 + (prune ? 1 : 0);
  auto s = batch->Put(handles_[kMetaCf], meta::ChangeKey(commit), EncodeChange(change));
  if (s.ok() && prune) s = batch->Delete(handles_[kMetaCf], meta::ChangeKey(commit - keep));
  return FromRocks(s, store_.path());
}

Status GraphStore::Writer::CommitBulk() {
  CT_RETURN_IF_ERROR(staging_.Create());
  // Column families are independent: each is sorted and written on whichever core is free.
  FilesByColumnFamily files(kNumCfs);
  CT_RETURN_IF_ERROR(RunInParallel(kNumCfs, [&](size_t cf) {
    ops_[cf].Sort();
    return files_[cf].Finish([&](KeySink& sink) { ops_[cf].ForEach(true, AddTo(sink)); }, false, &files[cf]);
  }));
  CommitLock readers_wait(store_.path(), CommitLock::Kind::kExclusive);
  CT_RETURN_IF_ERROR(IngestAtomically(db_, handles_, files, store_.path()));
  return PersistCommitted(db_, handles_);
}

}  // namespace cityties::store
