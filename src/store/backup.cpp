#include "store/backup.h"

#include <rocksdb/db.h>
#include <rocksdb/utilities/backup_engine.h>

#include <filesystem>
#include <memory>

#include "store/durability.h"
#include "store/graph_store.h"

namespace cityties::store {
namespace {

namespace fs = std::filesystem;

Status FromBackupEngine(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
    return Status::Busy(what + ": the database is in use by another writer (" + s.ToString() + ")");
  }
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  if (s.IsNotFound()) return Status::NotFound(what + ": " + s.ToString());
  return Status::IOError(what + ": " + s.ToString());
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors() {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  return cfs;
}

// The database opened read-write (its lock keeps writers out while the backup copies).
struct OpenDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  ~OpenDb() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  }
};

Status OpenRaw(const std::string& path, OpenDb* out) {
  rocksdb::DBOptions options;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  SetStrictRecovery(&options);
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(options, path, Descriptors(), &out->handles, &raw);
  if (!s.ok()) return FromBackupEngine(s, "cannot open " + path);
  out->db.reset(raw);
  return Status::Ok();
}

bool IsEmptyOrMissing(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || (fs::is_directory(dir, ec) && fs::is_empty(dir, ec));
}

}  // namespace

Result<BackupInfo> Backup(const std::string& db_path, const std::string& backup_dir) {
  {  // a cityties database of this version, else the ordinary open error
    auto store = GraphStore::Open(db_path, GraphStore::Mode::kReadOnly);
    if (!store.ok()) return store.status();
  }
  OpenDb db;
  CT_RETURN_IF_ERROR(OpenRaw(db_path, &db));
  rocksdb::BackupEngine* raw = nullptr;
  rocksdb::BackupEngineOptions options(backup_dir);
  options.sync = true;
  CT_RETURN_IF_ERROR(FromBackupEngine(rocksdb::BackupEngine::Open(options, rocksdb::Env::Default(), &raw),
                                      "cannot open the backup directory " + backup_dir));
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  rocksdb::CreateBackupOptions create;
  create.flush_before_backup = true;
  rocksdb::BackupID id = 0;
  CT_RETURN_IF_ERROR(FromBackupEngine(engine->CreateNewBackup(create, db.db.get(), &id),
                                      "backup of " + db_path + " into " + backup_dir + " failed"));
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  BackupInfo info;
  info.id = id;
  info.backups = infos.size();
  for (const auto& b : infos) {
    if (b.backup_id == id) info.bytes = b.size;
  }
  return info;
}

Result<RestoreInfo> Restore(const std::string& backup_dir, const std::string& db_path, bool force) {
  const fs::path target(db_path);
  if (!IsEmptyOrMissing(target)) {
    if (!force) {
      return Status::InvalidParameter("force", "is needed: " + db_path + " exists and restore would replace it");
    }
    std::error_code ec;
    if (!fs::exists(target / "CURRENT", ec)) {
      return Status::InvalidArgument(db_path + " is not empty and holds no database; restore replaces only a database");
    }
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::BackupEngineOptions options(backup_dir);
  CT_RETURN_IF_ERROR(FromBackupEngine(rocksdb::BackupEngineReadOnly::Open(options, rocksdb::Env::Default(), &raw),
                                      "cannot open the backup directory " + backup_dir));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) return Status::NotFound("no backup in " + backup_dir);
  CT_RETURN_IF_ERROR(FromBackupEngine(engine->RestoreDBFromLatestBackup(db_path, db_path),
                                      "restore of " + backup_dir + " into " + db_path + " failed"));
  RestoreInfo info;
  info.id = infos.back().backup_id;
  auto store = GraphStore::Open(db_path, GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status().WithContext("after restore");
  auto problems = (*store)->Validate();
  if (!problems.ok()) return problems.status();
  info.problems = std::move(*problems);
  return info;
}

}  // namespace cityties::store
