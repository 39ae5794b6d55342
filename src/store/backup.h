// Backup and restore with RocksDB's BackupEngine.
//
// Promises:
//  - Backup(db, dir) adds one backup of the database at `db` to the backup directory `dir`
//    (created when missing; earlier backups stay and share unchanged table files). It holds the
//    database's write lock while it copies, so the backup is one consistent state: readers run
//    beside it, a writer gets Status::Busy (and a backup started beside a writer gets Busy).
//  - Restore(dir, db, force) restores the latest backup in `dir` into `db`, then opens it and
//    runs the consistency check. It refuses an existing database (or any non-empty directory)
//    at `db` unless `force`, and with `force` it replaces only a cityties database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace cityties::store {

struct BackupInfo {
  uint32_t id = 0;     // the backup's number in its directory
  uint64_t bytes = 0;  // the size of the database it holds
  size_t backups = 0;  // backups now in the directory
};

Result<BackupInfo> Backup(const std::string& db_path, const std::string& backup_dir);

struct RestoreInfo {
  uint32_t id = 0;
  std::vector<std::string> problems;  // from the consistency check; empty when it passed
};

Result<RestoreInfo> Restore(const std::string& backup_dir, const std::string& db_path, bool force);

}  // namespace cityties::store
