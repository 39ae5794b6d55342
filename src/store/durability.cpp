#include "store/durability.h"

#include <rocksdb/db.h>
#include <rocksdb/metadata.h>

#include <filesystem>

namespace cityties::store {

void SetStrictRecovery(rocksdb::DBOptions* options) {
  options->paranoid_checks = true;
  options->wal_recovery_mode = rocksdb::WALRecoveryMode::kAbsoluteConsistency;
}

rocksdb::WriteOptions SyncedWrite() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

Status PersistCommitted(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  rocksdb::FlushOptions options;
  options.wait = true;
  options.allow_write_stall = true;
  // Flush() fsyncs the new tables and the MANIFEST before it returns.
  auto s = db->Flush(options, handles);
  if (s.ok()) return Status::Ok();
  return Status::IOError("the write is stored (synced in the write-ahead log) but moving it into tables failed: " +
                         s.ToString());
}

Status CheckTableFiles(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                       const std::string& path, bool check_sizes) {
  if (check_sizes) {
    std::vector<rocksdb::LiveFileMetaData> files;
    db->GetLiveFilesMetaData(&files);
    for (const auto& file : files) {
      std::error_code ec;
      const auto on_disk = std::filesystem::file_size(std::filesystem::path(file.db_path) / file.name.substr(1), ec);
      const std::string name = file.name.substr(file.name.find_last_of('/') + 1);
      if (ec) return DamagedDatabase(path, "its table file " + name + " is missing");
      if (on_disk != file.size) {
        return DamagedDatabase(path, "its table file " + name + " has " + std::to_string(on_disk) +
                                         " bytes where its MANIFEST records " + std::to_string(file.size));
      }
    }
  }
  for (auto* handle : handles) {
    rocksdb::TablePropertiesCollection tables;
    auto s = db->GetPropertiesOfAllTables(handle, &tables);
    if (!s.ok()) return DamagedDatabase(path, "a table file cannot be read: " + s.ToString());
  }
  return Status::Ok();
}

Status DamagedDatabase(const std::string& path, const std::string& detail) {
  return Status::Corruption("the database " + path + " is damaged (" + detail + "); run 'cityties repair --db " + path +
                            "' (keep a copy of the directory first), then 'cityties validate'");
}

}  // namespace cityties::store
