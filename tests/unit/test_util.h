// Shared fixtures for unit tests: a fresh database in a temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "store/graph_store.h"

namespace cityties::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string DefaultSchemaText() {
  return ReadFile(std::string(CITYTIES_SOURCE_DIR) + "/schema/cityties.schema.json");
}

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("cityties-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string path(const std::string& name = "") const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

// A fresh database with the default schema, open read-write.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = dir_.path("db");
    ASSERT_TRUE(store::GraphStore::Create(db_path_, DefaultSchemaText()).ok());
    auto opened = store::GraphStore::Open(db_path_, store::GraphStore::Mode::kReadWrite);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(*opened);
  }

  static store::NodeWrite City(const std::string& id, const std::string& name) {
    return {id, "City", {{"admin_level", "city"}, {"name_en", name}}, store::WriteMode::kCreate, id};
  }
  static store::EdgeWrite Tie(const std::string& from, const std::string& type, const std::string& to) {
    return {from, type, to, store::Json::object(), store::WriteMode::kCreate, from + "->" + to};
  }

  TempDir dir_;
  std::string db_path_;
  std::unique_ptr<store::GraphStore> store_;
};

}  // namespace cityties::testing
