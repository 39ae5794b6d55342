#include "store/graph_store.h"

#include <fcntl.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/options_util.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/output_file.h"
#include "common/text.h"
#include "store/durability.h"
#include "store/writer.h"

namespace cityties::store {
namespace {
// `s`, said of node #id: the context is built only for an error (hot loops read millions).
Status OfNode(Status s, NodeId id) { return s.ok() ? s : s.WithContext("node #" + std::to_string(id)); }
}  // namespace

namespace {

// The column families to open, in handle order: all of them, or all but the packed ones (the
// last) for a database of an older format that has none.
std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(bool with_packed = true) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (int cf = 0; cf < (with_packed ? kNumCfs : kFirstPackedCf); ++cf) {
    cfs.emplace_back(kColumnFamilies[cf], rocksdb::ColumnFamilyOptions());
  }
  return cfs;
}

// Whether the database at `path` has every packed column family (format.h); true when it cannot
// tell (the open then names what is wrong).
bool HasPackedColumnFamilies(const std::string& path) {
  std::vector<std::string> found;
  if (!rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &found).ok()) return true;
  for (int cf = kFirstPackedCf; cf < kNumCfs; ++cf) {
    if (std::find(found.begin(), found.end(), kColumnFamilies[cf]) == found.end()) return false;
  }
  return true;
}

// Whether the LOCK file of the database at `path` is held, by another process or this one. It
// asks RocksDB's Env to take the lock, as DB::Open does: the Env refuses a file this process
// holds without opening it (so it cannot release our own lock), and fcntl refuses one another
// process holds. A LOCK file we may not open is not held; it is a permission problem.
bool LockHeld(const std::string& path) {
  const std::string lock_file = path + "/LOCK";  // the name DB::Open locks
  if (::access(lock_file.c_str(), R_OK | W_OK) != 0) return false;
  rocksdb::Env* env = rocksdb::Env::Default();
  rocksdb::FileLock* lock = nullptr;
  if (!env->LockFile(lock_file, &lock).ok()) return true;
  env->UnlockFile(lock);
  return false;
}

// Whether the database at `path` has exactly cityties' column families (an older format's lack
// the packed ones).
bool HasCityTiesColumnFamilies(const std::string& path) {
  std::vector<std::string> found;
  if (!rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &found).ok()) return false;
  std::set<std::string> expected(std::begin(kColumnFamilies), std::end(kColumnFamilies));
  std::set<std::string> names(found.begin(), found.end());
  if (names == expected) return true;
  for (int cf = kFirstPackedCf; cf < kNumCfs; ++cf) expected.erase(kColumnFamilies[cf]);
  return names == expected;
}

// FromRocks for the status of DB::Open, which also tells a database another writer holds (an
// I/O error without sub-code while its LOCK file is held) and one with other column families.
Status FromRocksOpen(const rocksdb::Status& s, const std::string& path) {
  if (s.IsIOError() && s.subcode() == rocksdb::Status::kNone && LockHeld(path)) {
    return Status::Busy("database " + path + " is in use by another process (" + s.ToString() + ")",
                        Status::SubCode::kLockHeld);
  }
  if (s.IsInvalidArgument() && !HasCityTiesColumnFamilies(path)) {
    return Status::InvalidArgument("database " + path + " is not a cityties database of this version: " + s.ToString());
  }
  return FromRocks(s, path);
}

// Open found no CURRENT file at `path`: no database there (NotFound), or a RocksDB database that
// lost it (Corruption: without CURRENT, RocksDB cannot find its manifest).
Status MissingCurrent(const std::string& path) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    if (entry.path().filename().string().rfind("MANIFEST-", 0) == 0) {
      return DamagedDatabase(path, "its CURRENT file is missing");
    }
  }
  return Status::NotFound("no database at " + path + " (create one with 'cityties init --db " + path + "')");
}

// An out-column-family entry as an Edge; its properties only `with_props`.
Status DecodeOutEdge(std::string_view key, std::string_view value, bool with_props, Edge* edge) {
  AdjacencyKey k;
  CT_RETURN_IF_ERROR(DecodeAdjacency(key, &k));
  *edge = Edge{k.node, k.other, k.type, Json::object()};
  if (!with_props) return Status::Ok();
  auto props = DecodeProps(value);
  if (!props.ok()) return props.status();
  edge->props = std::move(*props);
  return Status::Ok();
}

}  // namespace

Status FromRocks(const rocksdb::Status& s, const std::string& path) {
  if (s.ok()) return Status::Ok();
  if (s.IsNotFound()) return Status::NotFound(s.ToString());
  if (s.IsCorruption()) return DamagedDatabase(path, s.ToString());
  if (s.IsNoSpace()) return Status::IOError("database " + path + ": " + s.ToString(), Status::SubCode::kNoSpace);
  return Status::IOError("database " + path + ": " + s.ToString());
}

std::string Origin::ToString() const {
  if (!where) return "";
  return line ? *where + ":" + std::to_string(line) : *where;
}

std::string StringProperty(const Json& props, std::string_view key) {
  auto it = props.find(key);
  return it != props.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> StringListProperty(const Json& props, std::string_view key) {
  std::vector<std::string> out;
  auto it = props.find(key);
  if (it == props.end() || !it->is_array()) return out;
  for (const auto& item : *it) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
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

namespace {
namespace fs = std::filesystem;

// init builds a database in a hidden folder beside `path` named by its process
// ("." name ".init-" pid) and renames it into place, so a killed init leaves no half-made
// database at `path`, only a folder the next init there removes.
std::string InitPrefix(const fs::path& path) { return "." + path.filename().string() + ".init-"; }

void RemoveStaleInitFolders(const fs::path& path) {
  const std::string prefix = InitPrefix(path);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    if (ProcessIsGone(std::strtol(name.c_str() + prefix.size(), nullptr, 10))) fs::remove_all(entry.path(), ec);
  }
}

// What `init` may build on: nothing, or an empty folder.
Status CheckInitTarget(const fs::path& path) {
  std::error_code ec;
  if (fs::exists(path / "CURRENT", ec)) return Status::AlreadyExists("a database already exists at " + path.string());
  auto status = fs::symlink_status(path, ec);
  if (!fs::exists(status)) return Status::Ok();
  if (!fs::is_directory(status)) {
    return Status::InvalidArgument("cannot create a database at " + path.string() + ": it is not a folder");
  }
  if (!fs::is_empty(path, ec)) {
    return Status::InvalidArgument("cannot create a database at " + path.string() +
                                   ": the folder holds other files; name a new or empty folder");
  }
  return Status::Ok();
}

// Writes a complete new database at `path` (a folder of its own); errors name `shown`.
Status BuildDatabase(const std::string& path, const std::string& shown, const std::string& schema_json,
                     const schema::Catalog& catalog) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  SetStrictRecovery(&options);
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  auto s = rocksdb::DB::Open(options, path, Descriptors(), &handles, &raw);
  if (!s.ok()) return FromRocksOpen(s, shown);
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteBatch batch;
  batch.Put(handles[kMetaCf], meta::kFormatVersionKey, EncodeFormatVersion(kFormatVersion));
  batch.Put(handles[kMetaCf], meta::kDatabaseIdKey, EncodeDatabaseId(NewDatabaseId()));
  batch.Put(handles[kMetaCf], meta::kSchemaKey, schema_json);
  batch.Put(handles[kMetaCf], meta::kCatalogKey, EncodeCatalog(catalog));
  batch.Put(handles[kMetaCf], meta::kNextNodeIdKey, EncodeCounter(1));
  s = db->Write(SyncedWrite(), &batch);  // durable before reporting success
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  CommitLock{path, CommitLock::Kind::kExclusive};  // makes the file readers wait on
  return FromRocks(s, shown);
}
}  // namespace

Status GraphStore::Create(const std::string& path, const std::string& schema_json) {
  auto schema = schema::Schema::Parse(schema_json);
  if (!schema.ok()) return schema.status().WithContext("schema");
  const fs::path target = fs::absolute(fs::path(path)).lexically_normal();
  const fs::path where = target.has_filename() ? target : target.parent_path();
  CT_RETURN_IF_ERROR(CheckInitTarget(where));
  std::error_code ec;
  fs::create_directories(where.parent_path(), ec);
  if (ec) return Status::IOError("cannot create " + where.parent_path().string() + ": " + ec.message());
  RemoveStaleInitFolders(where);
  const fs::path building = where.parent_path() / (InitPrefix(where) + std::to_string(::getpid()));
  fs::remove_all(building, ec);
  Status s = BuildDatabase(building.string(), path, schema_json, (*schema)->catalog());
  // rename() replaces an empty folder at `where` and nothing else, atomically.
  if (s.ok() && ::rename(building.c_str(), where.c_str()) != 0) {
    s = Status::IOError("cannot create a database at " + path + ": " + std::strerror(errno));
  }
  if (!s.ok()) {
    fs::remove_all(building, ec);
    return s;
  }
  SyncDirectory(where.parent_path().string());
  return Status::Ok();
}

namespace {
// True when a process holds the database's LOCK (a writer: RocksDB locks it with fcntl for as
// long as a read-write instance is open).
bool WriterActive(const std::string& path) {
  int fd = ::open((std::filesystem::path(path) / "LOCK").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  const bool held = ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

// What changes whenever a writer commits (every write ends by recording new tables in the
// MANIFEST): the name CURRENT gives and that MANIFEST's size and modification time.
std::string ManifestStamp(const std::string& path) {
  std::ifstream current(std::filesystem::path(path) / "CURRENT");
  std::string name;
  std::getline(current, name);
  struct stat st {};
  if (name.empty() || ::stat((std::filesystem::path(path) / name).c_str(), &st) != 0) return name;
  return name + ":" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

// A private folder for a secondary instance's own files (its info log), under the temporary
// directory, named by the reader's pid and removed when the store closes; the folders of readers
// that were killed (whose pid no longer runs) are removed by the next reader.
Result<std::string> MakeReaderScratch() {
  const std::string prefix = "cityties-reader-";
  const auto tmp = std::filesystem::temp_directory_path();
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(tmp, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    char* end = nullptr;
    const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
    if (end && *end == '-' && ProcessIsGone(pid)) std::filesystem::remove_all(entry.path(), ec);
  }
  std::string pattern = (tmp / (prefix + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) return Status::IOError("cannot create a folder for a reader in " + pattern);
  return pattern;
}
}  // namespace

Result<std::unique_ptr<GraphStore>> GraphStore::Open(const std::string& path, Mode mode) {
  if (!std::filesystem::exists(std::filesystem::path(path) / "CURRENT")) return MissingCurrent(path);
  if (mode == Mode::kReadWrite) return OpenAs(path, mode, false);
  // With no writer, the strict read-only open: it checks every file the MANIFEST names, so a
  // missing or damaged file is an error. A secondary instance would instead recover the last
  // state whose files are all there (a writer beside it may delete compacted files), which on a
  // damaged database is an older state, read as if it were the whole one. If a writer started
  // or committed during the open, what it read may be torn: then the secondary instance.
  // Not while a writer commits: its flush moves one column family at a time (durability.h).
  CommitLock no_commit_meanwhile(path, CommitLock::Kind::kShared);
  if (!WriterActive(path)) {
    const std::string before = ManifestStamp(path);
    auto strict = OpenAs(path, mode, false);
    if (!WriterActive(path) && ManifestStamp(path) == before) return strict;
  }
  // A secondary instance replays what it can of a damaged write-ahead log and may then find the
  // database incomplete; the strict read-only open names the damage instead (store/durability.h).
  auto reader = OpenAs(path, mode, true);
  if (reader.ok()) return reader;
  auto strict = OpenAs(path, mode, false);
  if (!strict.ok()) return strict;
  return reader;
}

Result<std::unique_ptr<GraphStore>> GraphStore::OpenAs(const std::string& path, Mode mode, bool secondary) {
  std::unique_ptr<GraphStore> store(new GraphStore());
  store->path_ = path;
  store->mode_ = mode;
  rocksdb::DBOptions options;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.keep_log_file_num = 2;
  SetStrictRecovery(&options);
  // Every open opens all table files, a few cached reads each: in this thread, not in a pool of
  // threads started for each column family (and again for a reader's catch-up). RocksDB's
  // default of 16 started some 260 threads per reader, which cost a point lookup more than half
  // of its time.
  options.max_file_opening_threads = 1;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  // A writer adds the packed column families to an older database (LoadPackedState fills
  // them); a reader opens what is there.
  options.create_missing_column_families = mode == Mode::kReadWrite;
  const auto families = Descriptors(mode == Mode::kReadWrite || HasPackedColumnFamilies(path));
  if (mode == Mode::kReadOnly && secondary) {
    // A reader is a RocksDB secondary instance: it replays the primary's MANIFEST and WAL up to a
    // point once (TryCatchUpWithPrimary) and then reads that state for its whole life, so a
    // writer beside it can neither tear what it sees (every write is one batch or one atomic
    // ingestion) nor pull files from under it (it keeps every table file open).
    options.max_open_files = -1;
    auto scratch = MakeReaderScratch();
    if (!scratch.ok()) return scratch.status();
    store->reader_scratch_ = *scratch;
    s = rocksdb::DB::OpenAsSecondary(options, path, *scratch, families, &store->handles_, &raw);
    if (s.ok()) s = raw->TryCatchUpWithPrimary();
    // A writer's own compaction can still switch the MANIFEST under a catch-up, and RocksDB then
    // asks to try again: a few times, from a fresh instance.
    for (int retry = 0; retry < 3 && s.IsTryAgain(); ++retry) {
      CloseInstance(raw, &store->handles_);
      raw = nullptr;
      s = rocksdb::DB::OpenAsSecondary(options, path, *scratch, families, &store->handles_, &raw);
      if (s.ok()) s = raw->TryCatchUpWithPrimary();
    }
  } else if (mode == Mode::kReadOnly) {
    s = rocksdb::DB::OpenForReadOnly(options, path, families, &store->handles_, &raw);
  } else {
    // An open writes a new MANIFEST and deletes the old one, which a reader catching up beside it
    // may be replaying ("the primary may have switched to a new MANIFEST"): not while one opens.
    CommitLock readers_wait(path, CommitLock::Kind::kExclusive);
    s = rocksdb::DB::Open(options, path, families, &store->handles_, &raw);
  }
  if (!s.ok()) {
    CloseInstance(raw, &store->handles_);
    return FromRocksOpen(s, path);
  }
  store->db_.reset(raw);
  CT_RETURN_IF_ERROR(CheckTableFiles(raw, store->handles_, path, /*check_sizes=*/!secondary));
  // The lock is ours: staging folders left here belong to writers that died mid-import.
  if (mode == Mode::kReadWrite) {
    RemoveStaleStaging(path);
    DeferFileDeletions(raw);
  }
  CT_RETURN_IF_ERROR(store->LoadMeta());
  return store;
}

GraphStore::~GraphStore() {
  if (db_ && mode_ == Mode::kReadWrite) {
    CloseWriter(db_.release(), &handles_, path_);
  } else {
    CloseInstance(db_.release(), &handles_);
  }
  if (!reader_scratch_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(reader_scratch_, ec);
  }
}

Status GraphStore::LoadMeta() {
  std::string version;
  Status s = Get(kMetaCf, meta::kFormatVersionKey, &version);
  if (s.IsNotFound())
    return Status::Corruption("database " + path_ + " has no format version: not a cityties database");
  CT_RETURN_IF_ERROR(s);
  int stored_version = 0;
  CT_RETURN_IF_ERROR(DecodeFormatVersion(version, &stored_version).WithContext("database " + path_));
  const bool without_catalog = stored_version == kFormatVersionWithoutCatalog;
  if (stored_version != kFormatVersion && stored_version != kFormatVersionWithoutAdjacency && !without_catalog) {
    return Status::InvalidArgument("database " + path_ + " has format version " + version +
                                   ", this cityties reads version " + std::to_string(kFormatVersion) + " (and " +
                                   std::to_string(kFormatVersionWithoutAdjacency) + ", " +
                                   std::to_string(kFormatVersionWithoutCatalog) +
                                   "): export it with the matching cityties and import it into a new database");
  }
  CT_RETURN_IF_ERROR(LoadSchema(without_catalog));
  CT_RETURN_IF_ERROR(LoadPackedState(stored_version));
  std::string id;
  s = Get(kMetaCf, meta::kDatabaseIdKey, &id);
  if (s.ok()) {
    std::array<uint8_t, 16> decoded;
    CT_RETURN_IF_ERROR(DecodeDatabaseId(id, &decoded).WithContext("database " + path_));
    database_id_ = id;
  } else if (!s.IsNotFound()) {
    return s;
  }
  std::string directed;
  s = Get(kMetaCf, meta::kDirectedKey, &directed);
  if (s.IsNotFound()) return Status::Ok();  // written by edge-list imports only
  CT_RETURN_IF_ERROR(s);
  return DecodeDirected(directed, &directed_).WithContext("database " + path_);
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
  // A read-write open of a format-1 database stores the derived catalog once; its adjacency
  // lists come next (LoadPackedState).
  rocksdb::WriteBatch batch;
  batch.Put(handles_[kMetaCf], meta::kCatalogKey, EncodeCatalog(schema_->catalog()));
  batch.Put(handles_[kMetaCf], meta::kFormatVersionKey, EncodeFormatVersion(kFormatVersionWithoutAdjacency));
  return FromRocks(db_->Write(SyncedWrite(), &batch), path_);
}

Status GraphStore::Get(ColumnFamily cf, const std::string& key, std::string* value) const {
  records_read_.fetch_add(1, std::memory_order_relaxed);
  auto s = db_->Get(rocksdb::ReadOptions(), handles_[cf], key, value);
  if (s.IsNotFound()) return Status::NotFound(key);
  return FromRocks(s, path_);
}

Result<std::string> GraphStore::GetMeta(const std::string& key) const {
  std::string value;
  CT_RETURN_IF_ERROR(Get(kMetaCf, key, &value));
  return value;
}

Status GraphStore::PutMeta(const std::string& key, const std::string& value) {
  if (mode_ != Mode::kReadWrite) return Status::InvalidArgument("the database is open read-only");
  return FromRocks(db_->Put(rocksdb::WriteOptions(), handles_[kMetaCf], key, value), path_);
}

Status GraphStore::ScanPrefix(ColumnFamily cf, const std::string& prefix,
                              const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  std::string upper = PrefixUpperBound(prefix);
  rocksdb::Slice upper_slice(upper);
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[cf]));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    records_read_.fetch_add(1, std::memory_order_relaxed);
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
  NodeId id = 0;
  CT_RETURN_IF_ERROR(DecodeNodeId(value, &id).WithContext("id '" + ext_id + "'"));
  return id;
}

Result<Node> GraphStore::GetNode(NodeId id) const {
  std::string value;
  Status s = Get(kNodesCf, EncodeNodeId(id), &value);
  if (s.IsNotFound()) return Status::NotFound("no node #" + std::to_string(id));
  if (!s.ok()) return s;
  Node node;
  CT_RETURN_IF_ERROR(OfNode(DecodeNode(id, value, &node), id));
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

Status GraphStore::DecodeNode(NodeId id, std::string_view value, Node* node) const {
  NodeValue decoded;
  CT_RETURN_IF_ERROR(DecodeNodeValue(value, &decoded));
  const auto* def = schema_->LabelByCode(decoded.label);
  if (!def) return Status::Corruption("unknown label code " + std::to_string(decoded.label));
  *node = Node{id, std::move(decoded.ext_id), def->name, std::move(decoded.props)};
  return Status::Ok();
}

Status GraphStore::ForEachEdge(NodeId node, Direction dir, std::optional<TypeCode> type, bool with_props,
                               const std::function<bool(const Edge&)>& fn) const {
  std::string prefix = type ? AdjacencyPrefix(node, *type) : AdjacencyPrefix(node);
  bool go_on = true;
  Status error;
  if (dir != Direction::kIn) {
    CT_RETURN_IF_ERROR(ScanPrefix(kOutCf, prefix, [&](std::string_view k, std::string_view v) {
      Edge e;
      error = DecodeOutEdge(k, v, with_props, &e);
      return error.ok() && (go_on = fn(e));
    }));
    CT_RETURN_IF_ERROR(error);
  }
  if (dir != Direction::kOut && go_on) {
    CT_RETURN_IF_ERROR(ScanPrefix(kInCf, prefix, [&](std::string_view k, std::string_view) {
      AdjacencyKey key;
      error = DecodeAdjacency(k, &key);
      if (!error.ok()) return false;
      Edge e{key.other, key.node, key.type, Json::object()};
      if (with_props) {
        auto full = GetEdge(e.src, e.type, e.dst);
        if (!full.ok()) {
          error = full.status().WithContext("in-edge without out-edge");
          return false;
        }
        e = std::move(*full);
      }
      return fn(e);
    }));
  }
  return error;
}

Status GraphStore::LoadPackedState(int stored_version) {
  std::string unused;
  Status stale = Get(kMetaCf, meta::kPackedStaleKey, &unused);
  if (!stale.ok() && !stale.IsNotFound()) return stale;
  packed_ = stored_version == kFormatVersion && handles_.size() == kNumCfs && stale.IsNotFound();
  if (packed_ || mode_ != Mode::kReadWrite) return Status::Ok();
  return RebuildPacked().WithContext("database " + path_ + ": rebuilding its adjacency lists and head blocks");
}

Status GraphStore::ForEachAdjacent(NodeId node, const std::function<void(const Adjacent&)>& fn) const {
  if (!packed_) return ForEachAdjacentKey(node, fn);
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;  // as below: a hub's list is read once
  rocksdb::PinnableSlice value;
  records_read_.fetch_add(1, std::memory_order_relaxed);
  auto s = db_->Get(ro, handles_[kAdjacencyCf], EncodeNodeId(node), &value);
  if (s.IsNotFound()) return Status::Ok();  // a node without edges
  CT_RETURN_IF_ERROR(FromRocks(s, path_));
  thread_local std::vector<Adjacent> entries;
  entries.clear();
  CT_RETURN_IF_ERROR(OfNode(DecodeAdjacencyList(std::string_view(value.data(), value.size()), &entries), node));
  for (const auto& entry : entries) fn(entry);
  return Status::Ok();
}

Status GraphStore::ForEachAdjacentKey(NodeId node, const std::function<void(const Adjacent&)>& fn) const {
  const std::string prefix = AdjacencyPrefix(node);
  const std::string upper = PrefixUpperBound(prefix);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  // Blocks read once, not kept: a hub's prefix spans many blocks that no other node reads, and
  // each block cached is fresh memory (page faults, not reuse).
  ro.fill_cache = false;
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;  // empty: no key sorts after the prefix
  for (ColumnFamily cf : {kOutCf, kInCf}) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[cf]));
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      AdjacencyKey key;
      CT_RETURN_IF_ERROR(DecodeAdjacency(std::string_view(it->key().data(), it->key().size()), &key));
      fn(Adjacent{key.type, cf == kOutCf, key.other});
    }
    CT_RETURN_IF_ERROR(FromRocks(it->status(), path_));
  }
  return Status::Ok();
}

Status GraphStore::ReadAdjacent(NodeId node, std::vector<Adjacent>* out) const {
  return ForEachAdjacent(node, [&](const Adjacent& a) { out->push_back(a); });
}

namespace {

// Batches of at least this many node reads, rings of at least this many nodes to expand, are
// split in two, each part read on a core (RocksDB reads are safe from several threads): in a
// profile of the 2-hop listing of 41k nodes, the MultiGet and the decoding took about 40 ms.
constexpr size_t kParallelNodesFrom = 4096;
constexpr size_t kParallelRingFrom = 16;
// A sorted batch whose ids lie on average at most this far apart is read by one iterator, which
// steps (Next) over the few keys between two wanted ones instead of seeking each: in the 2-hop
// listing at 1M edges (41k of 200k nodes) the batch took 23 instead of 34-48 ms. Sparser
// batches use MultiGet, whose bloom filters skip the table files that do not hold a key.
constexpr NodeId kDenseBatchGap = 16;
constexpr size_t kDenseBatchFrom = 64;

}  // namespace

Status GraphStore::ReadSortedNodes(const NodeId* ids, size_t count,
                                   const std::function<Status(size_t, std::string_view)>& fn) const {
  // One pass reads each block once: none is kept (page faults of the 2-hop listing of 41k nodes:
  // 7.3k with the cache filled, 6.5k without).
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kNodesCf]));
  // The id under the iterator, when it stands on a key (node keys are their ids, big-endian).
  auto current = [&]() -> std::optional<NodeId> {
    if (!it->Valid()) return std::nullopt;
    NodeId id;
    if (!DecodeNodeId(std::string_view(it->key().data(), it->key().size()), &id).ok()) return std::nullopt;
    return id;
  };
  std::optional<NodeId> at;
  for (size_t i = 0; i < count; ++i) {
    const NodeId id = ids[i];
    if (at && *at < id && id - *at <= kDenseBatchGap) {
      do {
        it->Next();
        at = current();
      } while (at && *at < id);
    } else if (!at || *at != id) {
      it->Seek(EncodeNodeId(id));
      at = current();
    }
    if (!it->Valid()) CT_RETURN_IF_ERROR(FromRocks(it->status(), path_));
    if (!at || *at != id) return Status::NotFound("no node #" + std::to_string(id));
    CT_RETURN_IF_ERROR(fn(i, std::string_view(it->value().data(), it->value().size())));
  }
  records_read_.fetch_add(count, std::memory_order_relaxed);  // once: two threads share the counter
  return Status::Ok();
}

Status GraphStore::ReadNodeValues(const std::vector<NodeId>& ids,
                                  const std::function<Status(size_t, std::string_view)>& fn) const {
  // Sorted keys let one MultiGet walk each table file once. Sorted as (id, place) pairs, side by
  // side: 41k of them in 2 ms, not 4 as places compared through the ids.
  std::vector<std::pair<NodeId, size_t>> pairs(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) pairs[i] = {ids[i], i};
  std::sort(pairs.begin(), pairs.end());
  std::vector<NodeId> sorted(ids.size());
  std::vector<size_t> order(ids.size());
  for (size_t i = 0; i < pairs.size(); ++i) std::tie(sorted[i], order[i]) = pairs[i];
  // The value of the k-th id in sorted order, to its place in `ids`' order.
  auto give = [&](size_t k, std::string_view value) { return OfNode(fn(order[k], value), sorted[k]); };
  const size_t parts = ids.size() >= kParallelNodesFrom ? 2 : 1;
  const bool dense =
      sorted.size() >= kDenseBatchFrom && (sorted.back() - sorted.front()) / sorted.size() <= kDenseBatchGap;
  if (dense) {
    return RunInParallel(parts, [&](size_t part) -> Status {
      const size_t begin = ids.size() * part / parts, end = ids.size() * (part + 1) / parts;
      return ReadSortedNodes(sorted.data() + begin, end - begin,
                             [&](size_t i, std::string_view value) { return give(begin + i, value); });
    });
  }
  std::vector<std::string> keys(ids.size());
  std::vector<rocksdb::Slice> slices(ids.size());
  for (size_t i = 0; i < order.size(); ++i) {
    keys[i] = EncodeNodeId(sorted[i]);
    slices[i] = keys[i];
  }
  std::vector<rocksdb::PinnableSlice> values(ids.size());
  std::vector<rocksdb::Status> statuses(ids.size());
  return RunInParallel(parts, [&](size_t part) -> Status {
    const size_t begin = ids.size() * part / parts, end = ids.size() * (part + 1) / parts;
    db_->MultiGet(rocksdb::ReadOptions(), handles_[kNodesCf], end - begin, slices.data() + begin, values.data() + begin,
                  statuses.data() + begin, /*sorted_input=*/true);
    records_read_.fetch_add(end - begin, std::memory_order_relaxed);
    for (size_t i = begin; i < end; ++i) {
      if (statuses[i].IsNotFound()) return Status::NotFound("no node #" + std::to_string(sorted[i]));
      CT_RETURN_IF_ERROR(FromRocks(statuses[i], path_));
      CT_RETURN_IF_ERROR(give(i, std::string_view(values[i].data(), values[i].size())));
    }
    return Status::Ok();
  });
}

Result<std::vector<Node>> GraphStore::GetNodes(const std::vector<NodeId>& ids) const {
  std::vector<Node> nodes(ids.size());
  CT_RETURN_IF_ERROR(
      ReadNodeValues(ids, [&](size_t i, std::string_view value) { return DecodeNode(ids[i], value, &nodes[i]); }));
  return nodes;
}

Result<std::vector<GraphStore::NodeHead>> GraphStore::GetNodeHeads(const std::vector<NodeId>& ids) const {
  if (packed_) return GetPackedHeads(ids);
  std::vector<NodeHead> heads(ids.size());
  CT_RETURN_IF_ERROR(ReadNodeValues(ids, [&](size_t i, std::string_view value) {
    NodeHeadView head;
    CT_RETURN_IF_ERROR(DecodeNodeHead(value, &head));
    heads[i] = NodeHead{head.label, std::string(head.ext_id)};
    return Status::Ok();
  }));
  return heads;
}

Result<std::vector<GraphStore::NodeHead>> GraphStore::GetPackedHeads(const std::vector<NodeId>& ids) const {
  // Sorted, so that the ids of one block are side by side and the blocks' keys in key order.
  std::vector<std::pair<NodeId, size_t>> wanted(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) wanted[i] = {ids[i], i};
  std::sort(wanted.begin(), wanted.end());
  std::vector<size_t> starts;  // the first of each block's ids in `wanted`
  std::vector<std::string> keys;
  for (size_t i = 0; i < wanted.size(); ++i) {
    const NodeId block = wanted[i].first / kHeadBlockSize;
    if (i > 0 && wanted[i - 1].first / kHeadBlockSize == block) continue;
    starts.push_back(i);
    keys.push_back(EncodeNodeId(block));
  }
  starts.push_back(wanted.size());
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  std::vector<NodeHead> heads(ids.size());
  const size_t parts = ids.size() >= kParallelNodesFrom ? 2 : 1;
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;  // each block is read once
  CT_RETURN_IF_ERROR(RunInParallel(parts, [&](size_t part) -> Status {
    const size_t begin = keys.size() * part / parts, end = keys.size() * (part + 1) / parts;
    db_->MultiGet(ro, handles_[kHeadsCf], end - begin, slices.data() + begin, values.data() + begin,
                  statuses.data() + begin, /*sorted_input=*/true);
    std::vector<HeadEntry> block;
    for (size_t b = begin; b < end; ++b) {
      const NodeId first = wanted[starts[b]].first;
      if (statuses[b].IsNotFound()) return Status::NotFound("no node #" + std::to_string(first));
      CT_RETURN_IF_ERROR(FromRocks(statuses[b], path_));
      block.clear();
      CT_RETURN_IF_ERROR(
          OfNode(DecodeHeadBlock(first / kHeadBlockSize, std::string_view(values[b].data(), values[b].size()), &block),
                 first));
      auto head = block.begin();
      for (size_t w = starts[b]; w < starts[b + 1]; ++w) {
        const auto [id, place] = wanted[w];
        while (head != block.end() && head->node < id) ++head;
        if (head == block.end() || head->node != id) return Status::NotFound("no node #" + std::to_string(id));
        heads[place] = NodeHead{head->label, std::string(head->ext_id)};
      }
    }
    records_read_.fetch_add(end - begin, std::memory_order_relaxed);
    return Status::Ok();
  }));
  return heads;
}

Status GraphStore::ReadAdjacentOfEach(const std::vector<NodeId>& nodes, std::vector<std::vector<Adjacent>>* out) const {
  out->assign(nodes.size(), {});
  const size_t parts = nodes.size() >= kParallelRingFrom ? 2 : 1;
  // Every other node to each part, so that the hubs of a ring split between the cores.
  return RunInParallel(parts, [&](size_t part) -> Status {
    for (size_t i = part; i < nodes.size(); i += parts) CT_RETURN_IF_ERROR(ReadAdjacent(nodes[i], &(*out)[i]));
    return Status::Ok();
  });
}

Status GraphStore::CollectAdjacent(const std::vector<NodeId>& nodes, const std::vector<bool>& types,
                                   std::vector<NodeId>* others) const {
  const size_t parts = nodes.size() >= kParallelRingFrom ? 2 : 1;
  std::vector<std::vector<NodeId>> found(parts);
  CT_RETURN_IF_ERROR(RunInParallel(parts, [&](size_t part) -> Status {
    for (size_t i = part; i < nodes.size(); i += parts) {
      CT_RETURN_IF_ERROR(ForEachAdjacent(nodes[i], [&](const Adjacent& a) {
        if (a.type < types.size() && types[a.type]) found[part].push_back(a.other);
      }));
    }
    return Status::Ok();
  }));
  for (const auto& part : found) others->insert(others->end(), part.begin(), part.end());
  return Status::Ok();
}

Status GraphStore::ForEachNodeOfLabel(TypeCode label, const std::function<bool(NodeId)>& fn) const {
  Status error;
  CT_RETURN_IF_ERROR(ScanPrefix(kIndexCf, LabelIndexPrefix(label), [&](std::string_view k, std::string_view) {
    TypeCode code;
    NodeId node;
    error = DecodeLabelIndex(k, &code, &node);
    return error.ok() && fn(node);
  }));
  return error;
}

Status GraphStore::ForEachEdgeOfType(TypeCode type, const std::function<bool(NodeId, NodeId)>& fn) const {
  Status error;
  CT_RETURN_IF_ERROR(ScanPrefix(kIndexCf, TypeIndexPrefix(type), [&](std::string_view k, std::string_view) {
    TypeCode code;
    NodeId src, dst;
    error = DecodeTypeIndex(k, &code, &src, &dst);
    return error.ok() && fn(src, dst);
  }));
  return error;
}

Status GraphStore::ForEachNode(const std::function<bool(const Node&)>& fn) const {
  Status error;
  CT_RETURN_IF_ERROR(ScanPrefix(kNodesCf, "", [&](std::string_view k, std::string_view v) {
    NodeId id = 0;
    Node node;
    error = DecodeNodeId(k, &id);
    if (error.ok()) error = OfNode(DecodeNode(id, v, &node), id);
    return error.ok() && fn(node);
  }));
  return error;
}

Status GraphStore::ForEachEdge(bool with_props, const std::function<bool(const Edge&)>& fn) const {
  Status error;
  CT_RETURN_IF_ERROR(ScanPrefix(kOutCf, "", [&](std::string_view k, std::string_view v) {
    Edge e;
    error = DecodeOutEdge(k, v, with_props, &e);
    return error.ok() && fn(e);
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
  Status error;
  auto scan = [&](bool exact) {
    CT_RETURN_IF_ERROR(
        ScanPrefix(kIndexCf, NameIndexPrefix(folded, exact), [&](std::string_view k, std::string_view v) {
          std::string name;
          NodeId node;
          error = DecodeNameIndex(k, &name, &node);
          if (error.ok() && seen.insert(node).second) matches.push_back(NameMatch{node, std::string(v), exact});
          return error.ok() && matches.size() < limit;
        }));
    return error;
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
  CT_RETURN_IF_ERROR(ScanPrefix(kIndexCf, NameIndexPrefix("", false), [&](std::string_view k, std::string_view v) {
    std::string name;
    NodeId node;
    error = DecodeNameIndex(k, &name, &node);
    if (!error.ok()) return false;
    size_t distance = name.find(folded) != std::string::npos ? 0 : EditDistance(name, folded);
    if (distance <= max_distance) ranked.push_back({distance, NameMatch{node, std::string(v), false}});
    return true;
  }));
  CT_RETURN_IF_ERROR(error);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [distance, match] : ranked) {
    if (matches.size() >= limit) break;
    if (seen.insert(match.node).second) matches.push_back(std::move(match));
  }
  return matches;
}

Result<uint64_t> GraphStore::GetCounter(const std::string& key) const {
  std::string value;
  Status s = Get(kMetaCf, key, &value);
  if (s.IsNotFound()) return uint64_t{0};
  CT_RETURN_IF_ERROR(s);
  uint64_t count = 0;
  CT_RETURN_IF_ERROR(DecodeCounter(value, &count).WithContext("meta '" + key + "'"));
  return count;
}

Result<Counts> GraphStore::GetCounts() const {
  Counts counts;
  for (const auto& label : schema_->labels()) {
    auto count = GetCounter(meta::LabelCountKey(label.name));
    if (!count.ok()) return count.status();
    counts.labels[label.name] = *count;
  }
  for (const auto& type : schema_->edge_types()) {
    auto count = GetCounter(meta::TypeCountKey(type.name));
    if (!count.ok()) return count.status();
    counts.edge_types[type.name] = *count;
  }
  return counts;
}

uint64_t GraphStore::Sequence() const { return db_->GetLatestSequenceNumber(); }

int GraphStore::MaxLevelZeroFiles() const {
  int most = 0;
  for (auto* handle : handles_) {
    std::string files;
    if (db_->GetProperty(handle, rocksdb::DB::Properties::kNumFilesAtLevelPrefix + std::string("0"), &files)) {
      most = std::max(most, std::atoi(files.c_str()));
    }
  }
  return most;
}

Result<uint64_t> GraphStore::LastLoggedCommit() const {
  const std::string prefix = meta::kChangePrefix;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kMetaCf]));
  it->SeekForPrev(PrefixUpperBound(prefix));
  uint64_t commit = 0;
  if (it->Valid() && it->key().starts_with(prefix)) {
    records_read_.fetch_add(1, std::memory_order_relaxed);
    CT_RETURN_IF_ERROR(meta::DecodeChangeKey(std::string_view(it->key().data(), it->key().size()), &commit));
  }
  CT_RETURN_IF_ERROR(FromRocks(it->status(), path_));
  return commit;
}

Result<std::vector<ChangeRecord>> GraphStore::ChangesSince(uint64_t sequence) const {
  // Newest first, back to the record that starts at `sequence`: a chain has no gap when each
  // record ends where the next one begins, and the newest ends at the store's sequence.
  const std::string prefix = meta::kChangePrefix;
  std::vector<ChangeRecord> changes;
  uint64_t expect_to = Sequence();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kMetaCf]));
  for (it->SeekForPrev(PrefixUpperBound(prefix)); it->Valid() && it->key().starts_with(prefix); it->Prev()) {
    records_read_.fetch_add(1, std::memory_order_relaxed);
    ChangeRecord change;
    CT_RETURN_IF_ERROR(DecodeChange(std::string_view(it->value().data(), it->value().size()), &change));
    if (change.to_sequence != expect_to || change.from_sequence < sequence) break;
    expect_to = change.from_sequence;
    changes.push_back(std::move(change));
    if (expect_to == sequence) {
      std::reverse(changes.begin(), changes.end());
      return changes;
    }
  }
  CT_RETURN_IF_ERROR(FromRocks(it->status(), path_));
  if (expect_to == sequence) return changes;  // nothing changed
  return Status::NotFound("no unbroken change log since sequence " + std::to_string(sequence));
}

Status GraphStore::Apply(const WriteSet& writes, ApplySummary* summary) {
  if (mode_ != Mode::kReadWrite) return Status::Internal("Apply on a read-only store");
  ApplySummary local;
  Writer writer(*this, db_.get(), handles_, memory_budget_);
  CT_RETURN_IF_ERROR(writer.Plan(writes, &local));
  CT_RETURN_IF_ERROR(CommitAndPack(&writer, &local));
  if (writes.directed) directed_ = *writes.directed;
  if (summary) *summary = local;
  return Status::Ok();
}

Status GraphStore::CommitAndPack(Writer* writer, ApplySummary* summary) {
  CT_RETURN_IF_ERROR(writer->Commit(summary));
  if (!writer->left_packed_stale()) return Status::Ok();
  packed_ = false;
  return RebuildPacked().WithContext("the write is stored; rebuilding the adjacency lists and head blocks");
}

}  // namespace cityties::store
