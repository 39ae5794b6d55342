#include "store/durability.h"

#include <fcntl.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <thread>

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
    // A read-write instance's own background compaction may replace and delete tables
    // meanwhile: hold deletions (a read-only instance has none and cannot).
    struct HeldDeletions {
      rocksdb::DB* db;
      bool held;
      ~HeldDeletions() {
        if (held) db->EnableFileDeletions(/*force=*/false);
      }
    } hold{db, db->DisableFileDeletions().ok()};
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

void DeferFileDeletions(rocksdb::DB* db) { db->DisableFileDeletions().PermitUncheckedError(); }

namespace {

// True while a compaction runs or one is due in any of `handles` and RocksDB can still do it
// (no background error).
bool CompactionOutstanding(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles, bool* running) {
  uint64_t value = 0;
  if (db->GetIntProperty(rocksdb::DB::Properties::kBackgroundErrors, &value) && value > 0) return false;
  *running = db->GetIntProperty(rocksdb::DB::Properties::kNumRunningCompactions, &value) && value > 0;
  bool due = false;
  for (auto* handle : handles) {
    if (db->GetIntProperty(handle, rocksdb::DB::Properties::kCompactionPending, &value) && value > 0) due = true;
  }
  return *running || due;
}

void WaitForCompactions(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  // A compaction due but not started within a second is one RocksDB will not start (it picks
  // work as soon as a thread is free): give up on it rather than wait for ever.
  using Clock = std::chrono::steady_clock;
  auto idle_since = Clock::now();
  bool running = false;
  while (CompactionOutstanding(db, handles, &running)) {
    if (running) idle_since = Clock::now();
    if (Clock::now() - idle_since > std::chrono::seconds(1)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

void CloseWriter(rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*>* handles, const std::string& path) {
  WaitForCompactions(db, *handles);
  CommitLock readers_wait(path, CommitLock::Kind::kExclusive);
  db->EnableFileDeletions(/*force=*/false).PermitUncheckedError();  // deletes what became obsolete
  CloseInstance(db, handles);  // may delete more obsolete files: still under the lock
}

void CloseInstance(rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*>* handles) {
  if (!db) return;
  for (auto* handle : *handles) db->DestroyColumnFamilyHandle(handle);
  handles->clear();
  delete db;
}

CommitLock::CommitLock(const std::string& db_path, Kind kind) {
  const auto file = (std::filesystem::path(db_path) / kCommitLockFile).string();
  fd_ = kind == Kind::kExclusive ? ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)
                                 : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return;  // a database made before the lock, read-only: its first commit makes it
  while (::flock(fd_, kind == Kind::kExclusive ? LOCK_EX : LOCK_SH) != 0 && errno == EINTR) {
  }
}

CommitLock::~CommitLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

Status DamagedDatabase(const std::string& path, const std::string& detail) {
  return Status::Corruption("the database " + path + " is damaged (" + detail + "); run 'cityties repair --db " + path +
                            "' (keep a copy of the directory first), then 'cityties validate'");
}

}  // namespace cityties::store
