#include "store/sst_files.h"

#include <rocksdb/db.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <queue>
#include <thread>

#include "store/durability.h"
#include "store/writer.h"

namespace cityties::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStagingPrefix = "ingest-";

// Spilled runs are read once and deleted, so they are not compressed.
rocksdb::Options SstOptions(bool temporary, size_t block_size = kRunBlockSize) {
  rocksdb::Options options;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = block_size;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.compression = temporary ? rocksdb::kNoCompression : rocksdb::kLZ4Compression;
  return options;
}

// Writes strictly increasing keys into one SST file. A run file keeps deletions as values
// tagged 'D' (a reader of the file would hide tombstones), puts tagged 'P'.
class SstSink : public KeySink {
 public:
  SstSink(const std::string& path, bool run, size_t block_size)
      : path_(path),
        run_(run),
        writer_(rocksdb::EnvOptions(), SstOptions(run, block_size), nullptr, /*invalidate_page_cache=*/false) {}

  void Add(std::string_view key, std::string_view value, bool is_delete) override {
    if (!status_.ok()) return;
    if (keys_++ == 0) status_ = writer_.Open(path_);
    if (!status_.ok()) return;
    rocksdb::Slice k(key.data(), key.size());
    if (run_) {
      tagged_.assign(1, is_delete ? 'D' : 'P');
      tagged_.append(value);
      status_ = writer_.Put(k, tagged_);
    } else {
      status_ = is_delete ? writer_.Delete(k) : writer_.Put(k, rocksdb::Slice(value.data(), value.size()));
    }
  }

  // The file written; empty when no key came.
  Status Finish(const std::string& where, std::string* file) {
    if (status_.ok() && keys_ > 0) status_ = writer_.Finish();
    if (!status_.ok()) return FromRocks(status_, where).WithContext("writing " + path_);
    *file = keys_ > 0 ? path_ : "";
    return Status::Ok();
  }

 private:
  std::string path_;
  bool run_;
  rocksdb::SstFileWriter writer_;
  rocksdb::Status status_;
  size_t keys_ = 0;
  std::string tagged_;
};

// One spilled run being read back.
struct RunCursor {
  std::unique_ptr<rocksdb::SstFileReader> reader;
  std::unique_ptr<rocksdb::Iterator> it;
  size_t order;  // later runs win among equal keys
};

}  // namespace

StagingDir::StagingDir(const std::string& db_path)
    : dir_((fs::path(db_path) / (kStagingPrefix + std::to_string(::getpid()))).string()) {}

StagingDir::~StagingDir() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

Status StagingDir::Create() {
  if (created_) return Status::Ok();
  std::error_code ec;
  fs::remove_all(dir_, ec);
  fs::create_directories(dir_, ec);
  if (ec) return Status::IOError("cannot create " + dir_ + ": " + ec.message());
  created_ = true;
  return Status::Ok();
}

std::string StagingDir::NewFile(const std::string& stem) {
  return (fs::path(dir_) / (stem + "-" + std::to_string(files_++) + ".sst")).string();
}

void RemoveStaleStaging(const std::string& db_path) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(db_path, ec)) {
    if (entry.is_directory(ec) && entry.path().filename().string().rfind(kStagingPrefix, 0) == 0) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

void ForEachInParallel(size_t n, const std::function<void(size_t)>& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  size_t threads = std::min<size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& t : helpers) t.join();
}

Status RunInParallel(size_t n, const std::function<Status(size_t)>& fn) {
  std::vector<Status> results(n);
  ForEachInParallel(n, [&](size_t i) { results[i] = fn(i); });
  for (const auto& r : results) CT_RETURN_IF_ERROR(r);
  return Status::Ok();
}

Status IngestAtomically(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                        const FilesByColumnFamily& files_by_cf, const std::string& db_path) {
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (size_t cf = 0; cf < files_by_cf.size(); ++cf) {
    if (files_by_cf[cf].empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = handles[cf];
    arg.external_files = files_by_cf[cf];
    arg.options.move_files = true;
    args.push_back(arg);
  }
  if (args.empty()) return Status::Ok();
  auto s = db->IngestExternalFiles(args);
  if (!s.ok()) return FromRocks(s, db_path).WithContext("bulk ingestion failed, nothing was stored");
  s = db->Put(SyncedWrite(), handles[kMetaCf], meta::kLastIngestionKey, EncodeCounter(db->GetLatestSequenceNumber()));
  if (!s.ok()) return FromRocks(s, db_path).WithContext("the bulk ingestion is stored, but its record was not");
  return Status::Ok();
}

size_t BulkBlockSize(ColumnFamily cf) {
  return cf == kNodesCf || cf == kIdsCf || cf == kAdjacencyCf || cf == kHeadsCf ? kPointReadBlockSize : kRunBlockSize;
}

std::vector<ColumnFiles> FilesOfEachColumnFamily(StagingDir* staging) {
  std::vector<ColumnFiles> files;
  for (int cf = 0; cf < kNumCfs; ++cf) {
    files.emplace_back(staging, kColumnFamilies[cf], BulkBlockSize(static_cast<ColumnFamily>(cf)));
  }
  return files;
}

Status ColumnFiles::Spill(const RunProducer& run) {
  SstSink sink(staging_->NewFile(name_ + "-run"), /*run=*/true, kRunBlockSize);
  run(sink);
  std::string file;
  CT_RETURN_IF_ERROR(sink.Finish(name_, &file));
  if (!file.empty()) runs_.push_back(file);
  return Status::Ok();
}

Status ColumnFiles::Finish(const RunProducer& last, bool reject_duplicates, std::vector<std::string>* files) {
  std::string file;
  if (runs_.empty()) {
    SstSink sink(staging_->NewFile(name_), /*run=*/false, block_size_);
    last(sink);
    CT_RETURN_IF_ERROR(sink.Finish(name_, &file));
  } else {
    CT_RETURN_IF_ERROR(Spill(last));
    CT_RETURN_IF_ERROR(Merge(reject_duplicates, &file));
  }
  if (!file.empty()) files->push_back(std::move(file));
  return Status::Ok();
}

Status ColumnFiles::Merge(bool reject_duplicates, std::string* file) {
  std::vector<RunCursor> runs;
  for (size_t i = 0; i < runs_.size(); ++i) {
    RunCursor run{std::make_unique<rocksdb::SstFileReader>(SstOptions(true)), nullptr, i};
    auto s = run.reader->Open(runs_[i]);
    if (!s.ok()) return FromRocks(s, name_).WithContext("reading " + runs_[i]);
    run.it.reset(run.reader->NewIterator(rocksdb::ReadOptions()));
    run.it->SeekToFirst();
    if (run.it->Valid()) runs.push_back(std::move(run));
  }
  // Smallest key first; among equal keys the latest run first.
  auto later = [&](size_t a, size_t b) {
    int c = runs[a].it->key().compare(runs[b].it->key());
    return c > 0 || (c == 0 && runs[a].order < runs[b].order);
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
  for (size_t i = 0; i < runs.size(); ++i) heap.push(i);
  SstSink out(staging_->NewFile(name_), /*run=*/false, block_size_);
  std::string key;
  bool first = true;
  while (!heap.empty()) {
    size_t top = heap.top();
    heap.pop();
    auto& it = *runs[top].it;
    if (!first && it.key() == rocksdb::Slice(key)) {
      if (reject_duplicates) return Status::AlreadyExists("a key repeats across runs");
    } else {
      first = false;
      key.assign(it.key().data(), it.key().size());
      rocksdb::Slice v = it.value();
      out.Add(key, std::string_view(v.data() + 1, v.size() - 1), v[0] == 'D');
    }
    it.Next();
    if (it.Valid()) heap.push(top);
  }
  for (auto& run : runs) {
    if (!run.it->status().ok()) return FromRocks(run.it->status(), name_).WithContext("reading a spilled run");
  }
  return out.Finish(name_, file);
}

}  // namespace cityties::store
