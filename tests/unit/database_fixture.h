// A database imported from a data folder and opened for reading through the engine, for the
// tests of the layers above the engine.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/database.h"
#include "import/importer.h"
#include "test_util.h"

namespace cityties::testing {

// Imports `data` into a new database in `dir`, then opens it for reading through the engine.
inline std::unique_ptr<engine::Database> LoadDatabase(const TempDir& dir, const std::string& data) {
  std::string path = dir.path("db");
  EXPECT_TRUE(store::GraphStore::Create(path, DefaultSchemaText()).ok());
  {
    auto store = store::GraphStore::Open(path, store::GraphStore::Mode::kReadWrite);
    EXPECT_TRUE(store.ok());
    store::ApplySummary summary;
    Status status = import::ImportFiles(**store, {data}, {}, &summary);
    EXPECT_TRUE(status.ok()) << status.message();
  }
  auto db = engine::Database::Open(path, engine::Database::Access::kRead);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return std::move(*db);
}

}  // namespace cityties::testing
