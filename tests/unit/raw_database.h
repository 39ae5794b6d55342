// A database opened with RocksDB alone, past every check of the store: how tests read what a
// write path stored byte for byte, and how they damage a database on purpose.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <string>
#include <vector>

#include "store/format.h"

namespace cityties::testing {

// The database at `path`, every column family's handle by its number; closed when it goes.
class RawDatabase {
 public:
  enum class Mode { kReadOnly, kReadWrite };
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;
  explicit RawDatabase(const std::string& path, Mode mode = Mode::kReadOnly) {
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* name : store::kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    const rocksdb::Status s = mode == Mode::kReadOnly
                                  ? rocksdb::DB::OpenForReadOnly(rocksdb::Options(), path, cfs, &handles_, &db_)
                                  : rocksdb::DB::Open(rocksdb::Options(), path, cfs, &handles_, &db_);
    EXPECT_TRUE(s.ok()) << path << ": " << s.ToString();
  }
  ~RawDatabase() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    delete db_;
  }
  rocksdb::DB* db() const { return db_; }
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles() const { return handles_; }

 private:
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// Writes `value` under `key` straight into RocksDB.
inline void PutRaw(const std::string& path, store::ColumnFamily cf, const std::string& key, const std::string& value) {
  RawDatabase raw(path, RawDatabase::Mode::kReadWrite);
  ASSERT_NE(raw.db(), nullptr);
  EXPECT_TRUE(raw.db()->Put(rocksdb::WriteOptions(), raw.handles()[cf], key, value).ok());
}

// Deletes `key` straight from RocksDB.
inline void DeleteRaw(const std::string& path, store::ColumnFamily cf, const std::string& key) {
  RawDatabase raw(path, RawDatabase::Mode::kReadWrite);
  ASSERT_NE(raw.db(), nullptr);
  EXPECT_TRUE(raw.db()->Delete(rocksdb::WriteOptions(), raw.handles()[cf], key).ok());
}

}  // namespace cityties::testing
