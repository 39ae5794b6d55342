// Durability: the RocksDB options every open and every write uses, in one place.
//
// Promises:
//  - Every open (read-write and read-only) runs with paranoid checks and
//    kAbsoluteConsistency WAL recovery: a damaged WAL or MANIFEST fails the open with
//    Status::Corruption instead of silently dropping the records after the damage.
//  - SyncedWrite(): the WriteBatch that commits is fsynced to the WAL before it returns.
//  - CheckTableFiles() after every open: no table file the MANIFEST names is missing, cut
//    short or unreadable.
//  - PersistCommitted() flushes every column family's memtable into SST files and waits for it,
//    so that after a write returns the data lives in SST files recorded in the MANIFEST, not
//    only in the WAL.
#pragma once

#include <rocksdb/options.h>

#include <string>
#include <vector>

#include "common/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace cityties::store {

// Sets the checks above on `options` (paranoid_checks, wal_recovery_mode).
void SetStrictRecovery(rocksdb::DBOptions* options);

// Write options for a commit: synced to the WAL before it returns.
rocksdb::WriteOptions SyncedWrite();

// After a commit: flushes the memtables of `handles` and waits until they are in SST files.
// A failure is an IOError that says the write itself is stored (synced in the WAL).
Status PersistCommitted(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles);

// After an open: every table file the MANIFEST names can be read (its table properties load),
// and, with `check_sizes`, is on disk at the size the MANIFEST records. RocksDB's own opens do
// not all check this (a secondary instance skips a missing or unreadable table and answers
// without its keys), so a deleted, truncated or damaged table would read as missing data.
// A DamagedDatabase error otherwise. Only a process that keeps writers out (read-write) should
// check sizes: a writer beside a reader deletes table files it compacted away.
Status CheckTableFiles(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                       const std::string& path, bool check_sizes);

// Readers and committing writers exclude each other through an advisory lock (flock) on a file
// beside the data. A writer holds it exclusively from the write that commits until the commit's
// tables are flushed (PersistCommitted flushes column family by column family, and the log that
// holds the rest is deleted after the last), and while it opens (an open writes a new MANIFEST
// and deletes the old one); a reader holds it shared while it opens and catches up. So a reader
// never recovers a commit halfway through its flush (the counters without the data), nor
// replays a MANIFEST that is being replaced. A database made before the file existed gets it at
// its first commit.
inline constexpr const char* kCommitLockFile = "COMMIT_LOCK";
class CommitLock {
 public:
  enum class Kind { kShared, kExclusive };
  // Blocks until the lock is held.
  CommitLock(const std::string& db_path, Kind kind);
  ~CommitLock();
  CommitLock(const CommitLock&) = delete;
  CommitLock& operator=(const CommitLock&) = delete;

 private:
  int fd_ = -1;
};

// A writer defers RocksDB's file deletions from its open to its close (DeferFileDeletions), and
// before it closes lets the compactions its writes made due finish (CloseWriter): a close
// stops a compaction that is still running, and a CLI writer lives about a second, so under load
// they never finished and level-0 files piled up (137 in one column family after some 100 bulk
// upserts beside readers; every read searches each one, and RocksDB stops writes at 36). The
// files compactions and flushes made obsolete are deleted at the close, under the commit lock,
// so that no reader's catch-up finds a table of the version it replays gone.
void DeferFileDeletions(rocksdb::DB* db);
// Waits for the compactions, then deletes the obsolete files and closes `db` (CloseInstance)
// under the commit lock.
void CloseWriter(rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*>* handles, const std::string& path);
// Destroys `handles` (and empties it), then deletes `db`; nothing when `db` is null.
void CloseInstance(rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*>* handles);

// The error for a database RocksDB reports damaged: names the path and suggests repair.
Status DamagedDatabase(const std::string& path, const std::string& detail);

}  // namespace cityties::store
