#include "store/edge_list_loader.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <deque>
#include <functional>
#include <map>

#include "store/durability.h"
#include "store/writer.h"

namespace cityties::store {
namespace {

// The bytes one edge takes in memory at its peak: its record and its reversed ends for the in
// column family, each twice while they are sorted.
constexpr size_t kBytesPerEdge = 48;

// Sorts `items` by key(item), whose set bits are all below `bits`: stable least-significant-digit
// radix sort, a pass per 11 bits (the counts stay in the L1 cache).
template <typename T, typename KeyFn>
void RadixSort(std::vector<T>* items, KeyFn key, int bits) {
  constexpr int kDigit = 11;
  constexpr size_t kBuckets = size_t{1} << kDigit;
  std::vector<T> sorted(items->size());
  for (int shift = 0; shift < bits; shift += kDigit) {
    std::vector<size_t> start(kBuckets + 1, 0);
    for (const T& item : *items) ++start[((key(item) >> shift) & (kBuckets - 1)) + 1];
    for (size_t b = 1; b <= kBuckets; ++b) start[b] += start[b - 1];
    for (const T& item : *items) sorted[start[(key(item) >> shift) & (kBuckets - 1)]++] = item;
    items->swap(sorted);
  }
}

// Sorts ends (first index << 32 | second index, both below 2^index_bits) as numbers.
template <typename T, typename EndsFn>
void SortByEnds(std::vector<T>* items, EndsFn ends, int index_bits) {
  const uint64_t low = (uint64_t{1} << index_bits) - 1;
  RadixSort(
      items, [&](const T& item) { return (ends(item) >> 32) << index_bits | (ends(item) & low); }, 2 * index_bits);
}

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

// A key that sorts vertices as their decimal ids sort as bytes (the order of the ids column
// family): the id scaled to 20 digits, then its digit count (a prefix sorts first), then its
// index.
unsigned __int128 DecimalOrderKey(uint64_t id, uint32_t index) {
  int digits = 1;
  unsigned __int128 scaled = id;
  for (uint64_t rest = id; rest >= 10; rest /= 10) ++digits;
  for (int d = digits; d < 20; ++d) scaled *= 10;
  return (((scaled << 5) | static_cast<unsigned>(digits)) << 32) | index;
}

// Keys into a WriteBatch, for edge lists too small to pay for SST files.
class BatchSink : public KeySink {
 public:
  BatchSink(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* cf) : batch_(batch), cf_(cf) {}
  void Add(std::string_view key, std::string_view value, bool is_delete) override {
    rocksdb::Slice k(key.data(), key.size());
    if (is_delete) {
      batch_->Delete(cf_, k);
    } else {
      batch_->Put(cf_, k, rocksdb::Slice(value.data(), value.size()));
    }
  }

 private:
  rocksdb::WriteBatch* batch_;
  rocksdb::ColumnFamilyHandle* cf_;
};

std::string_view Decimal(uint64_t id, char (&buffer)[24]) {
  auto end = std::to_chars(buffer, buffer + sizeof(buffer), id).ptr;
  return {buffer, static_cast<size_t>(end - buffer)};
}

}  // namespace

Result<std::unique_ptr<GraphStore::EdgeListLoader>> GraphStore::NewEdgeListLoader(bool directed, bool weighted) {
  if (mode_ != Mode::kReadWrite) return Status::Internal("NewEdgeListLoader on a read-only store");
  std::string next;
  CT_RETURN_IF_ERROR(Get(kMetaCf, meta::kNextNodeIdKey, &next));
  uint64_t next_id = 0;
  CT_RETURN_IF_ERROR(DecodeCounter(next, &next_id).WithContext("meta 'next_node_id'"));
  const auto* label = schema_->FindLabel(kEdgeListLabel);
  const auto* type = schema_->FindEdgeType(kEdgeListType);
  // Anything else takes the checked path, which also names what is wrong.
  if (next_id != 1 || !label || !type || !schema_->ValidateNode(kEdgeListLabel, Json()).ok() ||
      (!weighted && !schema_->ValidateEdge(*type, label->code, label->code, Json()).ok())) {
    return std::unique_ptr<EdgeListLoader>();
  }
  return std::make_unique<EdgeListLoader>(*this, directed, weighted, label->code, type->code);
}

GraphStore::EdgeListLoader::EdgeListLoader(GraphStore& store, bool directed, bool weighted, TypeCode vertex_label,
                                           TypeCode link_type)
    : store_(store),
      directed_(directed),
      weighted_(weighted),
      vertex_label_(vertex_label),
      link_type_(link_type),
      staging_(store.path()),
      files_(FilesOfEachColumnFamily(&staging_)),
      type_index_files_(&staging_, "index-types") {}

GraphStore::EdgeListLoader::~EdgeListLoader() {
  if (vertex_writer_.joinable()) vertex_writer_.join();
}

size_t GraphStore::EdgeListLoader::VertexMap::Slot(uint64_t key) const { return Mix(key) & (slots_.size() - 1); }

uint32_t GraphStore::EdgeListLoader::VertexMap::Find(uint64_t key) const {
  if (key < dense_.size() && dense_[key] != 0) return dense_[key] - 1;
  return FindHashed(key);
}

uint32_t GraphStore::EdgeListLoader::VertexMap::FindHashed(uint64_t key) const {
  if (slots_.empty()) return kNone;
  for (size_t i = Slot(key);; i = (i + 1) & (slots_.size() - 1)) {
    if (slots_[i].index_plus_one == 0) return kNone;
    if (slots_[i].key == key) return slots_[i].index_plus_one - 1;
  }
}

uint32_t GraphStore::EdgeListLoader::VertexMap::Insert(uint64_t key, uint32_t next) {
  if (key < dense_.size() && dense_[key] != 0) return dense_[key] - 1;
  // The array may grow over ids that went to the hash table while it was smaller.
  uint32_t hashed = FindHashed(key);
  if (hashed != kNone) return hashed;
  const uint64_t dense_bound = std::max<uint64_t>(uint64_t{1} << 20, 8 * uint64_t{next});
  if (key < dense_bound) {
    if (key >= dense_.size())
      dense_.resize(std::min<uint64_t>(dense_bound, std::max<uint64_t>(key + 1, 2 * dense_.size())));
    dense_[key] = next + 1;
    return next;
  }
  if (2 * (used_ + 1) > slots_.size()) Grow();
  for (size_t i = Slot(key);; i = (i + 1) & (slots_.size() - 1)) {
    if (slots_[i].index_plus_one == 0) {
      slots_[i] = {key, next + 1};
      ++used_;
      return next;
    }
    if (slots_[i].key == key) return slots_[i].index_plus_one - 1;
  }
}

void GraphStore::EdgeListLoader::VertexMap::Grow() {
  std::vector<Entry> old(std::max<size_t>(1024, 2 * slots_.size()), Entry{0, 0});
  old.swap(slots_);
  used_ = 0;
  for (const auto& e : old) {
    if (e.index_plus_one != 0) Insert(e.key, e.index_plus_one - 1);
  }
}

uint32_t GraphStore::EdgeListLoader::Index(uint64_t ext_id) {
  uint32_t index = vertices_.Insert(ext_id, static_cast<uint32_t>(ext_ids_.size()));
  if (index == ext_ids_.size()) ext_ids_.push_back(ext_id);
  return index;
}

Status GraphStore::EdgeListLoader::AddEdge(uint64_t src, uint64_t dst, double weight) {
  if (ext_ids_.size() >= VertexMap::kNone - 2) return Status::InvalidArgument("more than 4 billion vertices");
  if (weighted_) {
    const auto* type = store_.schema().EdgeTypeByCode(link_type_);
    CT_RETURN_IF_ERROR(store_.schema().ValidateEdge(*type, vertex_label_, vertex_label_, Json{{"weight", weight}}));
  }
  uint64_t from = vertices_closed_ ? vertices_.Find(src) : Index(src);
  uint64_t to = vertices_closed_ ? vertices_.Find(dst) : Index(dst);
  if (from == VertexMap::kNone || to == VertexMap::kNone) {
    return Status::NotFound("vertex " + std::to_string(from == VertexMap::kNone ? src : dst) +
                            " is not in the vertex file");
  }
  edges_.push_back({from << 32 | to, weight});
  ++edge_count_;
  if (edges_.size() * kBytesPerEdge > store_.memory_budget()) return SpillEdges();
  return Status::Ok();
}

int GraphStore::EdgeListLoader::IndexBits() const {
  return std::max(1, static_cast<int>(std::bit_width(ext_ids_.size())));
}

Status GraphStore::EdgeListLoader::SortEdges() {
  SortByEnds(
      &edges_, [](const EdgeRecord& e) { return e.ends; }, IndexBits());
  auto repeated = std::adjacent_find(edges_.begin(), edges_.end(),
                                     [](const EdgeRecord& a, const EdgeRecord& b) { return a.ends == b.ends; });
  if (repeated != edges_.end()) return Status::AlreadyExists("a repeated edge");
  return Status::Ok();
}

void GraphStore::EdgeListLoader::EmitOut(KeySink& sink, size_t begin, size_t end) const {
  std::string key;
  const std::string unweighted = EncodeProps(Json());
  for (size_t i = begin; i < end; ++i) {
    const auto& e = edges_[i];
    key.clear();
    AppendAdjacency(&key, {IdOf(static_cast<uint32_t>(e.ends >> 32)), link_type_, IdOf(static_cast<uint32_t>(e.ends))});
    sink.Add(key, weighted_ ? EncodeProps(Json{{"weight", e.weight}}) : unweighted, false);
  }
}

void GraphStore::EdgeListLoader::EmitTypeIndex(KeySink& sink, size_t begin, size_t end) const {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    const auto& e = edges_[i];
    key.clear();
    AppendTypeIndexKey(&key, link_type_, IdOf(static_cast<uint32_t>(e.ends >> 32)),
                       IdOf(static_cast<uint32_t>(e.ends)));
    sink.Add(key, "", false);
  }
}

void GraphStore::EdgeListLoader::CopyReversed() {
  reversed_.clear();
  reversed_.reserve(edges_.size());
  for (const auto& e : edges_) reversed_.push_back(e.ends << 32 | e.ends >> 32);
}

void GraphStore::EdgeListLoader::SortReversed() {
  SortByEnds(
      &reversed_, [](uint64_t ends) { return ends; }, IndexBits());
}

void GraphStore::EdgeListLoader::EmitIn(KeySink& sink, size_t begin, size_t end) const {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    const uint64_t ends = reversed_[i];
    key.clear();
    AppendAdjacency(&key, {IdOf(static_cast<uint32_t>(ends >> 32)), link_type_, IdOf(static_cast<uint32_t>(ends))});
    sink.Add(key, "", false);
  }
}

void GraphStore::EdgeListLoader::EmitAdjacency(KeySink& sink) const {
  std::vector<AdjacentEntry> entries;
  const auto source = [](uint64_t ends) { return static_cast<uint32_t>(ends >> 32); };
  const auto target = [](uint64_t ends) { return static_cast<uint32_t>(ends); };
  size_t out = 0, in = 0;
  while (out < edges_.size() || in < reversed_.size()) {
    const uint32_t vertex = std::min(out < edges_.size() ? source(edges_[out].ends) : UINT32_MAX,
                                     in < reversed_.size() ? source(reversed_[in]) : UINT32_MAX);
    entries.clear();
    for (; out < edges_.size() && source(edges_[out].ends) == vertex; ++out) {
      entries.push_back({link_type_, true, IdOf(target(edges_[out].ends))});
    }
    for (; in < reversed_.size() && source(reversed_[in]) == vertex; ++in) {
      entries.push_back({link_type_, false, IdOf(target(reversed_[in]))});
    }
    sink.Add(EncodeNodeId(IdOf(vertex)), EncodeAdjacencyList(entries), false);
  }
}

void GraphStore::EdgeListLoader::EmitHeads(KeySink& sink) const {
  std::vector<HeadEntry> heads;
  char digits[kHeadBlockSize][24];  // the block's ext ids, as text
  for (size_t begin = 0; begin < ext_ids_.size();) {
    const NodeId block = IdOf(static_cast<uint32_t>(begin)) / kHeadBlockSize;
    heads.clear();
    size_t i = begin;
    for (; i < ext_ids_.size() && IdOf(static_cast<uint32_t>(i)) / kHeadBlockSize == block; ++i) {
      const NodeId id = IdOf(static_cast<uint32_t>(i));
      heads.push_back({id, vertex_label_, Decimal(ext_ids_[i], digits[id % kHeadBlockSize])});
    }
    sink.Add(EncodeNodeId(block), EncodeHeadBlock(heads), false);
    begin = i;
  }
}

void GraphStore::EdgeListLoader::EmitIds(KeySink& sink) const {
  std::vector<unsigned __int128> order;
  order.reserve(ext_ids_.size());
  for (size_t i = 0; i < ext_ids_.size(); ++i) order.push_back(DecimalOrderKey(ext_ids_[i], static_cast<uint32_t>(i)));
  std::sort(order.begin(), order.end());
  char buffer[24];
  for (auto key : order) {
    auto index = static_cast<uint32_t>(key);
    sink.Add(Decimal(ext_ids_[index], buffer), EncodeNodeId(IdOf(index)), false);
  }
}

void GraphStore::EdgeListLoader::EmitNodes(KeySink& sink) const {
  char buffer[24];
  for (size_t i = 0; i < ext_ids_.size(); ++i) {
    auto index = static_cast<uint32_t>(i);
    sink.Add(EncodeNodeId(IdOf(index)), EncodeNodeValue(vertex_label_, Decimal(ext_ids_[i], buffer), Json()), false);
  }
}

void GraphStore::EdgeListLoader::EmitLabelIndex(KeySink& sink) const {
  std::string key;
  for (size_t i = 0; i < ext_ids_.size(); ++i) {
    key.clear();
    AppendLabelIndexKey(&key, vertex_label_, IdOf(static_cast<uint32_t>(i)));
    sink.Add(key, "", false);
  }
}

namespace {
// The bounds of `pieces` about equal parts of `size` entries: pieces + 1 indexes from 0 to size.
std::vector<size_t> PieceBounds(size_t size, size_t pieces) {
  std::vector<size_t> bounds;
  for (size_t p = 0; p <= pieces; ++p) bounds.push_back(size * p / pieces);
  return bounds;
}
}  // namespace

// The counters as Writer::Commit() leaves them, in key order.
Status GraphStore::EdgeListLoader::EmitMeta(KeySink& sink) const {
  std::map<std::string, std::string> records;
  auto add_count = [&](const std::string& key, uint64_t added) -> Status {
    if (added == 0) return Status::Ok();
    auto current = store_.GetCounter(key);
    if (!current.ok()) return current.status();
    records[key] = EncodeCounter(*current + added);
    return Status::Ok();
  };
  CT_RETURN_IF_ERROR(add_count(meta::LabelCountKey(kEdgeListLabel), ext_ids_.size()));
  CT_RETURN_IF_ERROR(add_count(meta::TypeCountKey(kEdgeListType), edge_count_));
  records[meta::kNextNodeIdKey] = EncodeCounter(first_id_ + ext_ids_.size());
  records[meta::kDirectedKey] = EncodeDirected(directed_);
  if (spilled_) records[meta::kPackedStaleKey] = "";  // rebuilt by Commit()
  for (const auto& [key, value] : records) sink.Add(key, value, false);
  return Status::Ok();
}

Status GraphStore::EdgeListLoader::SortBoth() {
  return RunInParallel(2, [&](size_t task) {
    if (task == 0) return SortEdges();
    SortReversed();
    return Status::Ok();
  });
}

Status GraphStore::EdgeListLoader::SpillEdges() {
  CT_RETURN_IF_ERROR(staging_.Create());
  CopyReversed();
  CT_RETURN_IF_ERROR(SortBoth());
  // The out keys on one core; the in keys (no values) and the type index on the other.
  Status spilled = RunInParallel(2, [&](size_t task) {
    if (task == 0) return files_[kOutCf].Spill([&](KeySink& sink) { EmitOut(sink); });
    CT_RETURN_IF_ERROR(files_[kInCf].Spill([&](KeySink& sink) { EmitIn(sink); }));
    return type_index_files_.Spill([&](KeySink& sink) { EmitTypeIndex(sink, 0, edges_.size()); });
  });
  std::vector<EdgeRecord>().swap(edges_);
  std::vector<uint64_t>().swap(reversed_);
  spilled_ = true;
  return spilled;
}

Status GraphStore::EdgeListLoader::Commit(ApplySummary* summary) {
  CopyReversed();
  // Three keys a vertex and three an edge: as few as Apply() writes in one WriteBatch.
  const bool bulk = spilled_ || 3 * (ext_ids_.size() + edge_count_) >= Writer::kBulkThreshold;
  {
    // Readers opening meanwhile wait (durability.h); the table files are written under it too.
    CommitLock readers_wait(store_.path(), CommitLock::Kind::kExclusive);
    CT_RETURN_IF_ERROR(bulk ? CommitFiles() : CommitBatch());
    CT_RETURN_IF_ERROR(PersistCommitted(store_.db_.get(), store_.handles_));
  }
  if (spilled_) {
    CT_RETURN_IF_ERROR(store_.RebuildPacked().WithContext("the edges are stored; rebuilding the adjacency lists"));
  }
  store_.directed_ = directed_;
  if (summary) {
    *summary = ApplySummary();
    summary->nodes_created = ext_ids_.size();
    summary->edges_created = edge_count_;
    summary->bulk = bulk;
  }
  return Status::Ok();
}

Status GraphStore::EdgeListLoader::CommitBatch() {
  CT_RETURN_IF_ERROR(SortEdges());
  SortReversed();
  rocksdb::WriteBatch batch;
  auto sink = [&](int cf) { return BatchSink(&batch, store_.handles_[cf]); };
  BatchSink out = sink(kOutCf), in = sink(kInCf), index = sink(kIndexCf), ids = sink(kIdsCf), nodes = sink(kNodesCf),
            meta = sink(kMetaCf), lists = sink(kAdjacencyCf);
  EmitOut(out);
  EmitIn(in);
  EmitAdjacency(lists);
  BatchSink blocks = sink(kHeadsCf);
  EmitHeads(blocks);
  EmitLabelIndex(index);
  EmitTypeIndex(index, 0, edges_.size());
  EmitIds(ids);
  EmitNodes(nodes);
  CT_RETURN_IF_ERROR(EmitMeta(meta));
  auto s = store_.db_->Write(SyncedWrite(), &batch);
  if (!s.ok()) return FromRocks(s, store_.path()).WithContext("write failed, nothing was stored");
  return Status::Ok();
}

void GraphStore::EdgeListLoader::EndVertices() {
  vertices_closed_ = true;
  if (3 * ext_ids_.size() < Writer::kBulkThreshold) return;  // the commit may be one WriteBatch
  vertex_status_ = staging_.Create();
  if (!vertex_status_.ok()) return;
  vertex_writer_ = std::thread([this] { vertex_status_ = WriteVertexFiles(); });
}

Status GraphStore::EdgeListLoader::WriteVertexFiles() {
  vertex_files_.resize(kNumCfs);
  CT_RETURN_IF_ERROR(files_[kIdsCf].Finish([&](KeySink& sink) { EmitIds(sink); }, false, &vertex_files_[kIdsCf]));
  CT_RETURN_IF_ERROR(files_[kNodesCf].Finish([&](KeySink& sink) { EmitNodes(sink); }, false, &vertex_files_[kNodesCf]));
  CT_RETURN_IF_ERROR(files_[kHeadsCf].Finish([&](KeySink& sink) { EmitHeads(sink); }, false, &vertex_files_[kHeadsCf]));
  return files_[kIndexCf].Finish([&](KeySink& sink) { EmitLabelIndex(sink); }, false, &vertex_files_[kIndexCf]);
}

Status GraphStore::EdgeListLoader::JoinVertexWriter() {
  if (vertex_writer_.joinable()) vertex_writer_.join();
  return vertex_status_;
}

Status GraphStore::EdgeListLoader::CommitFiles() {
  CT_RETURN_IF_ERROR(staging_.Create());
  CT_RETURN_IF_ERROR(SortBoth());
  const bool vertices_written = vertex_writer_.joinable();
  CT_RETURN_IF_ERROR(JoinVertexWriter());
  FilesByColumnFamily files = std::move(vertex_files_);
  files.resize(kNumCfs);
  // Out, in and the type index keys follow edges_ and reversed_ (one edge type, sorted by their
  // ends, no two equal: SortEdges rejected repeats): unless some were spilled, each is written as
  // kPieces files of parts of its array, whose key ranges do not overlap, so that the two cores
  // end together (the last task alone is at most a part).
  constexpr size_t kPieces = 4;
  const size_t pieces = spilled_ ? 1 : kPieces;
  const auto edge_bounds = PieceBounds(edges_.size(), pieces);
  const auto in_bounds = PieceBounds(reversed_.size(), pieces);
  std::deque<ColumnFiles> more_files;  // the parts after the first (which may merge spilled runs)
  std::vector<std::vector<std::string>> out_parts(pieces), in_parts(pieces), type_parts(pieces);
  Status meta;
  // Tasks of comparable size, largest first, each taken by the first free core: the parts of out
  // (keys with values) and of in, the adjacency lists (a value per vertex), the parts of the type
  // index (keys only), then ids, nodes, heads and labels, one key per vertex.
  std::vector<std::function<Status()>> tasks;
  using Emit = void (EdgeListLoader::*)(KeySink&, size_t, size_t) const;
  auto add_parts = [&](ColumnFiles& first, const char* name, ColumnFamily cf, const std::vector<size_t>& bounds,
                       Emit emit, bool reject_duplicates, std::vector<std::vector<std::string>>* parts) {
    for (size_t part = 0; part < pieces; ++part) {
      ColumnFiles* target =
          part == 0 ? &first
                    : &more_files.emplace_back(&staging_, std::string(name) + "-part-" + std::to_string(part),
                                               BulkBlockSize(cf));
      tasks.push_back([this, target, emit, part, reject_duplicates, parts, &bounds] {
        return target->Finish([&](KeySink& sink) { (this->*emit)(sink, bounds[part], bounds[part + 1]); },
                              reject_duplicates, &(*parts)[part]);
      });
    }
  };
  add_parts(files_[kOutCf], "out", kOutCf, edge_bounds, &EdgeListLoader::EmitOut, true, &out_parts);
  add_parts(files_[kInCf], "in", kInCf, in_bounds, &EdgeListLoader::EmitIn, false, &in_parts);
  tasks.push_back([&] {
    if (spilled_) return Status::Ok();  // rebuilt from the stored keys
    return files_[kAdjacencyCf].Finish([&](KeySink& sink) { EmitAdjacency(sink); }, false, &files[kAdjacencyCf]);
  });
  add_parts(type_index_files_, "index-types", kIndexCf, edge_bounds, &EdgeListLoader::EmitTypeIndex, false,
            &type_parts);
  if (!vertices_written) {
    tasks.push_back(
        [&] { return files_[kIdsCf].Finish([&](KeySink& sink) { EmitIds(sink); }, false, &files[kIdsCf]); });
    tasks.push_back(
        [&] { return files_[kNodesCf].Finish([&](KeySink& sink) { EmitNodes(sink); }, false, &files[kNodesCf]); });
    tasks.push_back(
        [&] { return files_[kHeadsCf].Finish([&](KeySink& sink) { EmitHeads(sink); }, false, &files[kHeadsCf]); });
    tasks.push_back(
        [&] { return files_[kIndexCf].Finish([&](KeySink& sink) { EmitLabelIndex(sink); }, false, &files[kIndexCf]); });
  }
  tasks.push_back(
      [&] { return files_[kMetaCf].Finish([&](KeySink& sink) { meta = EmitMeta(sink); }, false, &files[kMetaCf]); });
  CT_RETURN_IF_ERROR(RunInParallel(tasks.size(), [&](size_t i) { return tasks[i](); }));
  CT_RETURN_IF_ERROR(meta);
  // Each column family's files in key order (the index's: labels ('L'), then the type keys ('T')).
  auto append = [&](ColumnFamily cf, const std::vector<std::vector<std::string>>& parts) {
    for (const auto& part : parts) files[cf].insert(files[cf].end(), part.begin(), part.end());
  };
  append(kOutCf, out_parts);
  append(kInCf, in_parts);
  append(kIndexCf, type_parts);
  return IngestAtomically(store_.db_.get(), store_.handles_, files, store_.path());
}

}  // namespace cityties::store
