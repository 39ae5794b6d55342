#include "store/durability.h"

#include <rocksdb/db.h>

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

Status DamagedDatabase(const std::string& path, const std::string& detail) {
  return Status::Corruption("the database " + path + " is damaged (" + detail + "); run 'cityties repair --db " + path +
                            "' (keep a copy of the directory first), then 'cityties validate'");
}

}  // namespace cityties::store
