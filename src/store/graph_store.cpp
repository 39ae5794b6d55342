#include "store/graph_store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/options_util.h>

#include <filesystem>
#include <set>

#include "common/text.h"
#include "store/durability.h"
#include "store/writer.h"

namespace cityties::store {
namespace {

Status FromRocks(const rocksdb::Status& s, const std::string& path) {
  if (s.ok()) return Status::Ok();
  if (s.IsNotFound()) return Status::NotFound(s.ToString());
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
    return Status::Busy("database " + path + " is in use by another process (" + s.ToString() + ")");
  }
  if (s.IsCorruption()) return DamagedDatabase(path, s.ToString());
  return Status::IOError("database " + path + ": " + s.ToString());
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors() {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  return cfs;
}

}  // namespace

std::string Origin::ToString() const {
  if (!where) return "";
  return line ? *where + ":" + std::to_string(line) : *where;
}

std::string EncodeProps(const Json& props) {
  if (props.is_null() || props.empty()) return std::string(1, '\x80');  // MessagePack's empty map
  std::vector<uint8_t> bytes = Json::to_msgpack(props);
  return std::string(bytes.begin(), bytes.end());
}

Result<Json> DecodeProps(std::string_view bytes) {
  Json props = Json::from_msgpack(bytes.begin(), bytes.end(), true, /*allow_exceptions=*/false);
  if (props.is_discarded()) return Status::Corruption("undecodable property record");
  return props;
}

std::string EncodeNodeValue(TypeCode label, const std::string& ext_id, const Json& props) {
  std::string v;
  AppendU16(&v, label);
  AppendU32(&v, static_cast<uint32_t>(ext_id.size()));
  v += ext_id;
  v += EncodeProps(props);
  return v;
}

Status DecodeNodeValue(std::string_view value, TypeCode* label, std::string* ext_id, Json* props) {
  if (value.size() < 6) return Status::Corruption("node record too short");
  *label = ReadU16(value.data());
  uint32_t len = ReadU32(value.data() + 2);
  if (value.size() < 6 + size_t{len}) return Status::Corruption("node record truncated");
  *ext_id = std::string(value.substr(6, len));
  if (props) {
    auto decoded = DecodeProps(value.substr(6 + len));
    if (!decoded.ok()) return decoded.status();
    *props = std::move(*decoded);
  }
  return Status::Ok();
}

std::vector<std::string> IndexedNames(const Json& props) {
  std::set<std::string> names;
  for (const char* key : schema::kNameProperties) {
    auto it = props.find(key);
    if (it != props.end() && it->is_string() && !it->get<std::string>().empty()) names.insert(it->get<std::string>());
  }
  auto aliases = props.find(schema::kAliasesProperty);
  if (aliases != props.end() && aliases->is_array()) {
    for (const auto& a : *aliases) {
      if (a.is_string() && !a.get<std::string>().empty()) names.insert(a.get<std::string>());
    }
  }
  return {names.begin(), names.end()};
}

Status GraphStore::Create(const std::string& path, const std::string& schema_json) {
  auto schema = schema::Schema::Parse(schema_json);
  if (!schema.ok()) return schema.status().WithContext("schema");
  if (std::filesystem::exists(std::filesystem::path(path) / "CURRENT")) {
    return Status::AlreadyExists("a database already exists at " + path);
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  SetStrictRecovery(&options);
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  auto s = rocksdb::DB::Open(options, path, Descriptors(), &handles, &raw);
  if (!s.ok()) return FromRocks(s, path);
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteBatch batch;
  batch.Put(handles[kMetaCf], meta::kFormatVersionKey, std::to_string(kFormatVersion));
  batch.Put(handles[kMetaCf], meta::kSchemaKey, schema_json);
  batch.Put(handles[kMetaCf], meta::kCatalogKey, EncodeCatalog((*schema)->catalog()));
  batch.Put(handles[kMetaCf], meta::kNextNodeIdKey, EncodeU64(1));
  s = db->Write(SyncedWrite(), &batch);  // durable before reporting success
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return FromRocks(s, path);
}

Result<std::unique_ptr<GraphStore>> GraphStore::Open(const std::string& path, Mode mode) {
  if (!std::filesystem::exists(std::filesystem::path(path) / "CURRENT")) {
    return Status::NotFound("no database at " + path + " (create one with 'cityties init --db " + path + "')");
  }
  std::unique_ptr<GraphStore> store(new GraphStore());
  store->path_ = path;
  store->mode_ = mode;
  rocksdb::DBOptions options;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.keep_log_file_num = 2;
  SetStrictRecovery(&options);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = mode == Mode::kReadOnly
                          ? rocksdb::DB::OpenForReadOnly(options, path, Descriptors(), &store->handles_, &raw)
                          : rocksdb::DB::Open(options, path, Descriptors(), &store->handles_, &raw);
  if (!s.ok()) {
    if (s.IsInvalidArgument() && s.ToString().find("Column famil") != std::string::npos) {
      return Status::Corruption("database " + path + " is not a cityties database of this version: " + s.ToString());
    }
    return FromRocks(s, path);
  }
  store->db_.reset(raw);
  CT_RETURN_IF_ERROR(store->LoadMeta());
  return store;
}

GraphStore::~GraphStore() {
  if (db_) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_.reset();
  }
}

Status GraphStore::LoadMeta() {
  std::string version;
  Status s = Get(kMetaCf, meta::kFormatVersionKey, &version);
  if (s.IsNotFound())
    return Status::Corruption("database " + path_ + " has no format version: not a cityties database");
  CT_RETURN_IF_ERROR(s);
  const bool without_catalog = version == std::to_string(kFormatVersionWithoutCatalog);
  if (version != std::to_string(kFormatVersion) && !without_catalog) {
    return Status::InvalidArgument("database " + path_ + " has format version " + version +
                                   ", this cityties reads version " + std::to_string(kFormatVersion) + " (and " +
                                   std::to_string(kFormatVersionWithoutCatalog) +
                                   "): export it with the matching cityties and import it into a new database");
  }
  CT_RETURN_IF_ERROR(LoadSchema(without_catalog));
  std::string directed;
  s = Get(kMetaCf, meta::kDirectedKey, &directed);
  if (s.ok()) directed_ = directed != "0";
  return Status::Ok();
}

Status GraphStore::LoadSchema(bool without_catalog) {
  std::string schema_text, catalog_bytes;
  CT_RETURN_IF_ERROR(Get(kMetaCf, meta::kSchemaKey, &schema_text));
  Status s = Get(kMetaCf, meta::kCatalogKey, &catalog_bytes);
  if (!s.ok() && !(s.IsNotFound() && without_catalog)) {
    return s.IsNotFound() ? Status::Corruption("database " + path_ + " has no catalog") : s;
  }
  std::optional<schema::Catalog> catalog;
  if (s.ok()) {
    auto decoded = DecodeCatalog(catalog_bytes);
    if (!decoded.ok()) return Status::Corruption("database " + path_ + ": " + decoded.status().message());
    catalog = std::move(*decoded);
  }
  // Without a catalog (format 1) the stored schema is numbered as format 1 did: by name.
  auto parsed = schema::Schema::Parse(schema_text, catalog ? &*catalog : nullptr);
  if (!parsed.ok()) return Status::Corruption("stored schema: " + parsed.status().message());
  schema_ = *parsed;
  if (catalog || mode_ != Mode::kReadWrite) return Status::Ok();
  // A read-write open of a format-1 database stores the derived catalog once.
  rocksdb::WriteBatch batch;
  batch.Put(handles_[kMetaCf], meta::kCatalogKey, EncodeCatalog(schema_->catalog()));
  batch.Put(handles_[kMetaCf], meta::kFormatVersionKey, std::to_string(kFormatVersion));
  return FromRocks(db_->Write(SyncedWrite(), &batch), path_);
}

Status GraphStore::Get(ColumnFamily cf, const std::string& key, std::string* value) const {
  auto s = db_->Get(rocksdb::ReadOptions(), handles_[cf], key, value);
  if (s.IsNotFound()) return Status::NotFound(key);
  return FromRocks(s, path_);
}

Status GraphStore::ScanPrefix(ColumnFamily cf, const std::string& prefix,
                              const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  std::string upper = PrefixUpperBound(prefix);
  rocksdb::Slice upper_slice(upper);
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[cf]));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    if (!fn(std::string_view(it->key().data(), it->key().size()),
            std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocks(it->status(), path_);
}

Result<NodeId> GraphStore::Resolve(const std::string& ext_id) const {
  std::string value;
  Status s = Get(kIdsCf, ext_id, &value);
  if (s.IsNotFound()) return Status::NotFound("no node with id '" + ext_id + "'");
  if (!s.ok()) return s;
  if (value.size() != 8) return Status::Corruption("bad id record for " + ext_id);
  return ReadU64(value.data());
}

Result<Node> GraphStore::GetNode(NodeId id) const {
  std::string value;
  Status s = Get(kNodesCf, NodeKey(id), &value);
  if (s.IsNotFound()) return Status::NotFound("no node #" + std::to_string(id));
  if (!s.ok()) return s;
  Node node;
  node.id = id;
  TypeCode label;
  CT_RETURN_IF_ERROR(DecodeNodeValue(value, &label, &node.ext_id, &node.props));
  const auto* def = schema_->LabelByCode(label);
  if (!def) return Status::Corruption("node #" + std::to_string(id) + " has unknown label code");
  node.label = def->name;
  return node;
}

Result<Node> GraphStore::GetNode(const std::string& ext_id) const {
  auto id = Resolve(ext_id);
  if (!id.ok()) return id.status();
  return GetNode(*id);
}

Result<Edge> GraphStore::GetEdge(NodeId src, TypeCode type, NodeId dst) const {
  std::string value;
  Status s = Get(kOutCf, EncodeAdjacency({src, type, dst}), &value);
  if (!s.ok()) return s;
  auto props = DecodeProps(value);
  if (!props.ok()) return props.status();
  return Edge{src, dst, type, std::move(*props)};
}

Status GraphStore::ForEachEdge(NodeId node, Direction dir, std::optional<TypeCode> type, bool with_props,
                               const std::function<bool(const Edge&)>& fn) const {
  std::string prefix = type ? AdjacencyPrefix(node, *type) : AdjacencyPrefix(node);
  bool go_on = true;
  if (dir != Direction::kIn) {
    Status decode_error;
    CT_RETURN_IF_ERROR(ScanPrefix(kOutCf, prefix, [&](std::string_view k, std::string_view v) {
      AdjacencyKey key = DecodeAdjacency(k);
      Edge e{key.node, key.other, key.type, Json::object()};
      if (with_props) {
        auto props = DecodeProps(v);
        if (!props.ok()) {
          decode_error = props.status();
          return false;
        }
        e.props = std::move(*props);
      }
      return go_on = fn(e);
    }));
    CT_RETURN_IF_ERROR(decode_error);
  }
  if (dir != Direction::kOut && go_on) {
    Status read_error;
    CT_RETURN_IF_ERROR(ScanPrefix(kInCf, prefix, [&](std::string_view k, std::string_view) {
      AdjacencyKey key = DecodeAdjacency(k);
      Edge e{key.other, key.node, key.type, Json::object()};
      if (with_props) {
        auto full = GetEdge(e.src, e.type, e.dst);
        if (!full.ok()) {
          read_error = full.status().WithContext("in-edge without out-edge");
          return false;
        }
        e = std::move(*full);
      }
      return fn(e);
    }));
    CT_RETURN_IF_ERROR(read_error);
  }
  return Status::Ok();
}

Status GraphStore::ForEachNodeOfLabel(TypeCode label, const std::function<bool(NodeId)>& fn) const {
  return ScanPrefix(kIndexCf, LabelIndexPrefix(label),
                    [&](std::string_view k, std::string_view) { return fn(LabelIndexNode(k)); });
}

Status GraphStore::ForEachEdgeOfType(TypeCode type, const std::function<bool(NodeId, NodeId)>& fn) const {
  return ScanPrefix(kIndexCf, TypeIndexPrefix(type), [&](std::string_view k, std::string_view) {
    NodeId src, dst;
    DecodeTypeIndex(k, &src, &dst);
    return fn(src, dst);
  });
}

Status GraphStore::ForEachNode(const std::function<bool(const Node&)>& fn) const {
  Status error;
  CT_RETURN_IF_ERROR(ScanPrefix(kNodesCf, "", [&](std::string_view k, std::string_view v) {
    Node node;
    node.id = ReadU64(k.data());
    TypeCode label;
    error = DecodeNodeValue(v, &label, &node.ext_id, &node.props);
    const auto* def = schema_->LabelByCode(label);
    if (error.ok() && !def) error = Status::Corruption("unknown label code");
    if (!error.ok()) return false;
    node.label = def->name;
    return fn(node);
  }));
  return error;
}

Status GraphStore::ForEachEdge(bool with_props, const std::function<bool(const Edge&)>& fn) const {
  Status error;
  CT_RETURN_IF_ERROR(ScanPrefix(kOutCf, "", [&](std::string_view k, std::string_view v) {
    AdjacencyKey key = DecodeAdjacency(k);
    Edge e{key.node, key.other, key.type, Json::object()};
    if (with_props) {
      auto props = DecodeProps(v);
      if (!props.ok()) {
        error = props.status();
        return false;
      }
      e.props = std::move(*props);
    }
    return fn(e);
  }));
  return error;
}

Result<std::vector<NameMatch>> GraphStore::FindByName(const std::string& query, size_t limit) const {
  std::string folded = FoldName(query);
  std::vector<NameMatch> matches;
  if (folded.empty()) return matches;
  std::set<NodeId> seen;
  // Every node under one prefix of the name index: first the exact folded name, then names that
  // start with it.
  auto scan = [&](bool exact) {
    return ScanPrefix(kIndexCf, NameIndexPrefix(folded, exact), [&](std::string_view k, std::string_view v) {
      std::string name;
      NodeId node;
      DecodeNameIndex(k, &name, &node);
      if (seen.insert(node).second) matches.push_back(NameMatch{node, std::string(v), exact});
      return matches.size() < limit;
    });
  };
  CT_RETURN_IF_ERROR(scan(true));
  if (!matches.empty()) return matches;
  CT_RETURN_IF_ERROR(scan(false));
  if (!matches.empty()) return matches;
  // Last, names that contain the query or are within a small edit distance: this reads the whole
  // name index (not the data), which is what a fuzzy lookup has to do without a trigram index.
  // Short names (most CJK names are 2-4 characters) get no edit slack: one wrong character in
  // a two-character name is another name.
  const size_t length = EditDistance(folded, "");
  const size_t max_distance = length >= 8 ? 2 : length >= 4 ? 1 : 0;
  std::vector<std::pair<size_t, NameMatch>> ranked;
  CT_RETURN_IF_ERROR(ScanPrefix(kIndexCf, std::string(1, kNameIndexTag), [&](std::string_view k, std::string_view v) {
    std::string name;
    NodeId node;
    DecodeNameIndex(k, &name, &node);
    size_t distance = name.find(folded) != std::string::npos ? 0 : EditDistance(name, folded);
    if (distance <= max_distance) ranked.push_back({distance, NameMatch{node, std::string(v), false}});
    return true;
  }));
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [distance, match] : ranked) {
    if (matches.size() >= limit) break;
    if (seen.insert(match.node).second) matches.push_back(std::move(match));
  }
  return matches;
}

Result<Counts> GraphStore::GetCounts() const {
  Counts counts;
  for (const auto& label : schema_->labels()) {
    std::string v;
    Status s = Get(kMetaCf, meta::LabelCountKey(label.name), &v);
    counts.labels[label.name] = s.ok() && v.size() == 8 ? ReadU64(v.data()) : 0;
  }
  for (const auto& type : schema_->edge_types()) {
    std::string v;
    Status s = Get(kMetaCf, meta::TypeCountKey(type.name), &v);
    counts.edge_types[type.name] = s.ok() && v.size() == 8 ? ReadU64(v.data()) : 0;
  }
  return counts;
}

uint64_t GraphStore::Sequence() const { return db_->GetLatestSequenceNumber(); }

Status GraphStore::Apply(const WriteSet& writes, ApplySummary* summary) {
  if (mode_ != Mode::kReadWrite) return Status::Internal("Apply on a read-only store");
  ApplySummary local;
  Writer writer(*this, db_.get(), handles_);
  CT_RETURN_IF_ERROR(writer.Plan(writes, &local));
  CT_RETURN_IF_ERROR(writer.Commit(&local));
  if (writes.directed) directed_ = *writes.directed;
  if (summary) *summary = local;
  return Status::Ok();
}

}  // namespace cityties::store
