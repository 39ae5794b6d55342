// Sorted SST files for one atomic bulk ingestion (GraphStore::Writer, EdgeListLoader).
//
// Promises:
//  - StagingDir is the folder ingest-<pid>/ in the database directory; its destructor removes it,
//    and RemoveStaleStaging() (called by every read-write open, which holds the lock) removes
//    those that writers killed mid-import left behind. Nothing in them is ever part of the
//    database until one IngestExternalFiles call moves them in.
//  - ColumnFiles turns one column family's keys into exactly one SST file with keys in strictly
//    increasing order. Keys arrive in sorted runs; a single run is written as is, several runs
//    (spilled when a memory budget is reached) are kept in temporary files and merged, the last
//    of equal keys winning. The merged file holds the same keys and values as the unchunked one.
//  - Every file is synced by SstFileWriter::Finish.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/format.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace cityties::store {

class StagingDir {
 public:
  explicit StagingDir(const std::string& db_path);
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;

  // Creates the folder (empty) on the first call; later calls keep what it holds.
  Status Create();
  // A new file name in the folder: <stem>-<n>.sst. Safe to call from several threads.
  std::string NewFile(const std::string& stem);

 private:
  std::string dir_;
  bool created_ = false;
  std::atomic<size_t> files_{0};
};

// Removes every ingest-*/ folder in `db_path`; only a writer holding the lock may call it.
void RemoveStaleStaging(const std::string& db_path);

// Calls fn(0) .. fn(n - 1), on as many threads as there are cores (at most n).
void ForEachInParallel(size_t n, const std::function<void(size_t)>& fn);
// The same for tasks that can fail: every one runs; the result is the error of the first task
// (by index) that failed, else Ok.
Status RunInParallel(size_t n, const std::function<Status(size_t)>& fn);

// The SST files to ingest into each column family, by its number: none, one, or several whose
// key ranges do not overlap.
using FilesByColumnFamily = std::vector<std::vector<std::string>>;

// Ingests `files_by_cf[cf]` into the column families of `handles` in one IngestExternalFiles
// call: all of them land, or none. The files are moved, not copied.
// Then writes meta::kLastIngestionKey through the write-ahead log, synced, for the flush that
// follows (PersistCommitted): RocksDB moves the oldest log it keeps on only when a flush moves
// memtable data, so without it each writer that only ingested left its log behind for every
// later open and reader to replay (111 after some 100 bulk upserts).
Status IngestAtomically(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                        const FilesByColumnFamily& files_by_cf, const std::string& db_path);

// The data block size of bulk files. Every read of a key reads (and decompresses) its whole
// block: the node, id and packed column families, read a key at a time (a lookup, a node's
// adjacency list, the head blocks of a neighbourhood), take 4 KiB blocks; the others, read in runs of keys (an
// adjacency prefix, a scan), 16 KiB (fewer index entries, faster to write). The 2-hop listing of 1.5k nodes at 10M
// edges read its node heads in 15 instead of 25 ms with 4 KiB blocks.
inline constexpr size_t kPointReadBlockSize = 4 * 1024;
inline constexpr size_t kRunBlockSize = 16 * 1024;
size_t BulkBlockSize(ColumnFamily cf);

// Receives keys in strictly increasing order.
class KeySink {
 public:
  virtual ~KeySink() = default;
  virtual void Add(std::string_view key, std::string_view value, bool is_delete) = 0;
};

// Produces one sorted run into a sink.
using RunProducer = std::function<void(KeySink&)>;

// One column family's output.
class ColumnFiles {
 public:
  ColumnFiles(StagingDir* staging, std::string name, size_t block_size = kRunBlockSize)
      : staging_(staging), name_(std::move(name)), block_size_(block_size) {}

  // Writes a sorted run to a temporary file (the memory it came from can then be freed).
  Status Spill(const RunProducer& run);
  bool spilled() const { return !runs_.empty(); }
  // The last run; then merges the spilled ones with it, and adds the SST to ingest to `*files`
  // (nothing when there were no keys). With `reject_duplicates`, equal keys in different runs
  // are AlreadyExists.
  Status Finish(const RunProducer& last, bool reject_duplicates, std::vector<std::string>* files);

 private:
  Status Merge(bool reject_duplicates, std::string* file);

  StagingDir* staging_;
  std::string name_;
  size_t block_size_;
  std::vector<std::string> runs_;
};

// A ColumnFiles for each column family, by its number, named after it and with its block size.
std::vector<ColumnFiles> FilesOfEachColumnFamily(StagingDir* staging);

}  // namespace cityties::store
