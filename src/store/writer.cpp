#include "store/writer.h"

#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/text.h"

namespace cityties::store {
namespace {

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string EdgeName(const std::string& from, const std::string& type, const std::string& to) {
  return "(" + from + ")-[" + type + "]->(" + to + ")";
}

// Merges `patch` into `base`: a null value removes the property.
Json MergeProps(Json base, const Json& patch) {
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      base.erase(key);
    } else {
      base[key] = value;
    }
  }
  return base;
}

Json WithoutNulls(const Json& props) { return MergeProps(Json::object(), props); }

}  // namespace

Status GraphStore::Writer::Plan(const WriteSet& writes, ApplySummary* summary) {
  std::string next;
  CT_RETURN_IF_ERROR(store_.Get(kMetaCf, meta::kNextNodeIdKey, &next));
  next_node_id_ = ReadU64(next.data());
  store_was_empty_ = next_node_id_ == 1;
  directed_ = writes.directed;
  for (const auto& d : writes.edge_deletes) CT_RETURN_IF_ERROR(PlanEdgeDelete(d, summary).WithContext(d.origin));
  for (const auto& d : writes.node_deletes) CT_RETURN_IF_ERROR(PlanNodeDelete(d, summary).WithContext(d.origin));
  for (const auto& w : writes.nodes) CT_RETURN_IF_ERROR(PlanNode(w, summary).WithContext(w.origin));
  for (const auto& w : writes.edges) CT_RETURN_IF_ERROR(PlanEdge(w, summary).WithContext(w.origin));
  return Status::Ok();
}

Result<GraphStore::Writer::Endpoint> GraphStore::Writer::ResolveEndpoint(const std::string& ext_id) {
  auto cached = endpoints_.find(ext_id);
  if (cached != endpoints_.end()) return cached->second;
  if (store_was_empty_) return Status::NotFound("no node " + Quote(ext_id));
  auto node = store_.GetNode(ext_id);
  if (!node.ok()) return node.status();
  if (deleted_nodes_.count(node->id)) return Status::NotFound("node " + Quote(ext_id) + " is deleted by this write");
  Endpoint e{node->id, node->label, true};
  endpoints_[ext_id] = e;
  return e;
}

void GraphStore::Writer::DeleteEdgeOps(NodeId src, TypeCode type, NodeId dst) {
  std::string out_key = EncodeAdjacency({src, type, dst});
  edges_seen_.insert(out_key);
  Delete(kOutCf, std::move(out_key));
  Delete(kInCf, EncodeAdjacency({dst, type, src}));
  Delete(kIndexCf, TypeIndexKey(type, src, dst));
  counter_deltas_[meta::TypeCountKey(store_.schema().EdgeTypeByCode(type)->name)] -= 1;
}

Status GraphStore::Writer::PlanEdgeDelete(const EdgeDelete& d, ApplySummary* summary) {
  const auto* type = store_.schema().FindEdgeType(d.type);
  if (!type) return Status::InvalidArgument("unknown edge type " + Quote(d.type));
  auto src = ResolveEndpoint(d.from);
  if (!src.ok()) return src.status();
  auto dst = ResolveEndpoint(d.to);
  if (!dst.ok()) return dst.status();
  std::string key = EncodeAdjacency({src->id, type->code, dst->id});
  if (edges_seen_.count(key) || !store_.GetEdge(src->id, type->code, dst->id).ok()) {
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
  CT_RETURN_IF_ERROR(store_.ForEachEdge(node->id, Direction::kBoth, std::nullopt, false, [&](const Edge& e) {
    if (!edges_seen_.count(EncodeAdjacency({e.src, e.type, e.dst}))) edges.push_back(e);
    return true;
  }));
  if (!edges.empty() && !d.detach) {
    return Status::InvalidArgument("node " + Quote(d.ext_id) + " still has " + std::to_string(edges.size()) +
                                   " edge(s); delete them first or use --detach");
  }
  for (const auto& e : edges) {
    if (edges_seen_.count(EncodeAdjacency({e.src, e.type, e.dst}))) continue;  // a self-loop seen twice
    DeleteEdgeOps(e.src, e.type, e.dst);
    summary->edges_deleted++;
  }
  const auto* label = store_.schema().FindLabel(node->label);
  Delete(kIdsCf, node->ext_id);
  Delete(kNodesCf, NodeKey(node->id));
  Delete(kIndexCf, LabelIndexKey(label->code, node->id));
  for (const auto& name : IndexedNames(node->props)) Delete(kIndexCf, NameIndexKey(FoldName(name), node->id));
  counter_deltas_[meta::LabelCountKey(node->label)] -= 1;
  deleted_nodes_.insert(node->id);
  endpoints_.erase(node->ext_id);
  summary->nodes_deleted++;
  return Status::Ok();
}

Status GraphStore::Writer::PlanNode(const NodeWrite& w, ApplySummary* summary) {
  if (w.ext_id.empty()) return Status::InvalidArgument("field 'id': a node needs an id");
  if (!IsValidUtf8(w.ext_id)) return Status::InvalidArgument("field 'id': invalid UTF-8");
  if (auto dup = written_.find(w.ext_id); dup != written_.end()) {
    return Status::AlreadyExists("duplicate id " + Quote(w.ext_id) + " (first defined at " + dup->second + ")");
  }
  written_[w.ext_id] = w.origin;

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
    return Status::AlreadyExists("duplicate id " + Quote(w.ext_id) + ": it exists in the database (use --upsert to replace it)");
  }
  if (!old && w.mode == WriteMode::kUpdate) return Status::NotFound("no node " + Quote(w.ext_id));
  std::string label = w.label.empty() && old ? old->label : w.label;
  if (old && label != old->label) {
    return Status::InvalidArgument("field 'label': node " + Quote(w.ext_id) + " is a " + old->label +
                                   " and cannot become a " + label);
  }
  Json props = w.mode == WriteMode::kUpdate ? MergeProps(old->props, w.props) : WithoutNulls(w.props);
  CT_RETURN_IF_ERROR(store_.schema().ValidateNode(label, props));
  for (const auto& name : IndexedNames(props)) {
    if (!IsValidUtf8(name)) return Status::InvalidArgument("invalid UTF-8 in a name");
  }
  const auto* def = store_.schema().FindLabel(label);
  NodeId id = old ? old->id : next_node_id_++;
  std::set<std::string> new_names;
  for (const auto& name : IndexedNames(props)) new_names.insert(FoldName(name));
  if (old) {
    for (const auto& name : IndexedNames(old->props)) {
      if (!new_names.count(FoldName(name))) Delete(kIndexCf, NameIndexKey(FoldName(name), id));
    }
    summary->nodes_updated++;
  } else {
    Put(kIdsCf, w.ext_id, EncodeU64(id));
    Put(kIndexCf, LabelIndexKey(def->code, id), "");
    counter_deltas_[meta::LabelCountKey(label)] += 1;
    summary->nodes_created++;
  }
  for (const auto& name : IndexedNames(props)) Put(kIndexCf, NameIndexKey(FoldName(name), id), name);
  Put(kNodesCf, NodeKey(id), EncodeNodeValue(def->code, w.ext_id, props));
  endpoints_[w.ext_id] = Endpoint{id, label, old.has_value()};
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
  std::string out_key = EncodeAdjacency({src->id, type->code, dst->id});
  if (edges_seen_.count(out_key)) {
    return Status::AlreadyExists("duplicate edge " + EdgeName(w.from, w.type, w.to) + " in this write");
  }
  edges_seen_.insert(out_key);
  std::optional<Json> old;
  if (src->stored && dst->stored) {
    auto existing = store_.GetEdge(src->id, type->code, dst->id);
    if (existing.ok()) old = std::move(existing->props);
  }
  if (old && w.mode == WriteMode::kCreate) {
    return Status::AlreadyExists("duplicate edge " + EdgeName(w.from, w.type, w.to) +
                                 ": it exists in the database (use --upsert to replace it)");
  }
  if (!old && w.mode == WriteMode::kUpdate) return Status::NotFound("no edge " + EdgeName(w.from, w.type, w.to));
  Json props = w.mode == WriteMode::kUpdate ? MergeProps(*old, w.props) : WithoutNulls(w.props);
  CT_RETURN_IF_ERROR(store_.schema().ValidateEdge(w.type, src->label, dst->label, props));
  Put(kOutCf, std::move(out_key), EncodeProps(props));
  if (!old) {
    Put(kInCf, EncodeAdjacency({dst->id, type->code, src->id}), "");
    Put(kIndexCf, TypeIndexKey(type->code, src->id, dst->id), "");
    counter_deltas_[meta::TypeCountKey(w.type)] += 1;
    summary->edges_created++;
  } else {
    summary->edges_updated++;
  }
  return Status::Ok();
}

Status GraphStore::Writer::Commit(ApplySummary* summary) {
  for (const auto& [key, delta] : counter_deltas_) {
    if (delta == 0) continue;
    std::string value;
    Status s = store_.Get(kMetaCf, key, &value);
    if (!s.ok() && !s.IsNotFound()) return s;
    int64_t current = s.ok() && value.size() == 8 ? static_cast<int64_t>(ReadU64(value.data())) : 0;
    Put(kMetaCf, key, EncodeU64(static_cast<uint64_t>(std::max<int64_t>(0, current + delta))));
  }
  Put(kMetaCf, meta::kNextNodeIdKey, EncodeU64(next_node_id_));
  if (directed_) Put(kMetaCf, meta::kDirectedKey, *directed_ ? "1" : "0");
  size_t total = 0;
  for (const auto& ops : ops_) total += ops.size();
  if (total >= kBulkThreshold) {
    summary->bulk = true;
    return CommitBulk();
  }
  return CommitBatch();
}

Status GraphStore::Writer::CommitBatch() {
  rocksdb::WriteBatch batch;
  for (int cf = 0; cf < kNumCfs; ++cf) {
    for (const auto& op : ops_[cf]) {
      if (op.del) {
        batch.Delete(handles_[cf], op.key);
      } else {
        batch.Put(handles_[cf], op.key, op.value);
      }
    }
  }
  // The WAL makes the batch atomic across a crash; no fsync per write (the OS flushes it).
  auto s = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) return Status::IOError("write failed, nothing was stored: " + s.ToString());
  return Status::Ok();
}

Status GraphStore::Writer::CommitBulk() {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(store_.path()) / ("ingest-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir.string() + ": " + ec.message());
  std::vector<rocksdb::IngestExternalFileArg> args;
  Status result;
  for (int cf = 0; cf < kNumCfs && result.ok(); ++cf) {
    auto& ops = ops_[cf];
    if (ops.empty()) continue;
    // Last write of a key wins: stable sort keeps plan order among equal keys.
    std::stable_sort(ops.begin(), ops.end(), [](const Op& a, const Op& b) { return a.key < b.key; });
    rocksdb::Options sst_options;
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions{}, sst_options);
    std::string file = (dir / (std::string(kColumnFamilies[cf]) + ".sst")).string();
    auto s = writer.Open(file);
    for (size_t i = 0; s.ok() && i < ops.size(); ++i) {
      if (i + 1 < ops.size() && ops[i + 1].key == ops[i].key) continue;
      s = ops[i].del ? writer.Delete(ops[i].key) : writer.Put(ops[i].key, ops[i].value);
    }
    if (s.ok()) s = writer.Finish();
    if (!s.ok()) {
      result = Status::IOError("writing " + file + ": " + s.ToString());
      break;
    }
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = handles_[cf];
    arg.external_files = {file};
    arg.options.move_files = true;
    args.push_back(arg);
  }
  if (result.ok()) {
    // One call for all column families: RocksDB ingests them atomically or not at all.
    auto s = db_->IngestExternalFiles(args);
    if (!s.ok()) result = Status::IOError("bulk ingestion failed, nothing was stored: " + s.ToString());
  }
  fs::remove_all(dir, ec);
  return result;
}

}  // namespace cityties::store
