// Bulk imports store exactly what the checked WriteBatch path stores: the edge-list loader, the
// writer's SST path, and both with a memory budget so small that they spill sorted runs.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "import/importer.h"
#include "import/progress.h"
#include "raw_database.h"
#include "store/graph_store.h"
#include "test_util.h"

namespace cityties::import {
namespace {

using store::GraphStore;
using testing::DefaultSchemaText;
using testing::RawDatabase;
using testing::TempDir;

// Every key and value of every column family, column family first; the database id, which
// init draws at random for each database, left out.
using Dump = std::map<std::pair<int, std::string>, std::string>;

Dump DumpDatabase(const std::string& path) {
  RawDatabase raw(path);
  Dump dump;
  if (!raw.db()) return dump;
  const auto& handles = raw.handles();
  for (size_t cf = 0; cf < handles.size(); ++cf) {
    std::unique_ptr<rocksdb::Iterator> it(raw.db()->NewIterator(rocksdb::ReadOptions(), handles[cf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      // The change log and the last ingestion's record say how a state was written (a batch
      // logs, an ingestion does not), not what it holds.
      if (cf == store::kMetaCf &&
          (it->key().starts_with(store::meta::kChangePrefix) || it->key() == store::meta::kLastIngestionKey)) {
        continue;
      }
      dump[{static_cast<int>(cf), it->key().ToString()}] = it->value().ToString();
    }
  }
  EXPECT_EQ(dump.erase({store::kMetaCf, store::meta::kDatabaseIdKey}), 1u) << path;
  return dump;
}

class BulkImportTest : public ::testing::Test {
 protected:
  // A new database at dir_/name, open read-write.
  std::unique_ptr<GraphStore> NewStore(const std::string& name) {
    std::string path = dir_.path(name);
    EXPECT_TRUE(GraphStore::Create(path, DefaultSchemaText()).ok());
    auto opened = GraphStore::Open(path, GraphStore::Mode::kReadWrite);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  // `edges` random edges over ids of one to five digits (so that the ids' byte order differs
  // from their numeric order), a self-loop and a vertex file with isolated vertices: 3 and
  // up to `vertices` more (at least 2,000; the edges join the first 2,000).
  EdgeListOptions WriteEdgeList(size_t edges, bool weighted, uint64_t vertex_count = 2000) {
    std::mt19937_64 random(7);
    std::ofstream vertices(dir_.path("v.txt"));
    for (uint64_t v : {5u, 40000u, 9u}) vertices << v << "\n";
    // (37 and 99991 are coprime: distinct ids; the few that are 5, 40000 or 9 are left out)
    for (uint64_t v = 0; v < vertex_count; ++v) {
      uint64_t id = (v * 37 + 11) % 99991;
      if (id != 5 && id != 40000 && id != 9) vertices << id << "\n";
    }
    std::ofstream out(dir_.path("g.e"));
    out << "# comment\n11 11" << (weighted ? " 1.5\n" : "\n");
    std::set<std::pair<uint64_t, uint64_t>> seen{{11, 11}};
    while (seen.size() < edges) {
      uint64_t a = (random() % 2000 * 37 + 11) % 99991, b = (random() % 2000 * 37 + 11) % 99991;
      if (!seen.insert({a, b}).second) continue;
      out << a << (random() % 2 ? " " : "\t") << b;
      if (weighted) out << " " << (random() % 1000) / 8.0;
      out << "\n";
    }
    EdgeListOptions options;
    options.edges_path = dir_.path("g.e");
    options.vertices_path = dir_.path("v.txt");
    options.weighted = weighted;
    return options;
  }

  TempDir dir_;
};

// 3,000 edges go in one WriteBatch on both paths, 40,000 as SST files (and the checked path's
// through GraphStore::Writer); with a budget of 4 KiB the loader spills runs of ~170 edges.
TEST_F(BulkImportTest, EdgeListLoaderStoresWhatTheCheckedPathStores) {
  for (size_t edges : {3000, 40000}) {
    EdgeListOptions options = WriteEdgeList(edges, false);
    const std::string tag = std::to_string(edges);
    {
      auto loaded = NewStore("loaded" + tag);
      store::ApplySummary summary;
      ASSERT_TRUE(ImportEdgeList(*loaded, options, &summary).ok());
      EXPECT_EQ(summary.bulk, edges > 3000);
      EXPECT_EQ(summary.edges_created, edges);
      EXPECT_EQ(summary.nodes_created, 2003u);
      auto problems = loaded->Validate();
      ASSERT_TRUE(problems.ok());
      EXPECT_TRUE(problems->empty()) << (*problems)[0];
      auto checked = NewStore("checked" + tag);
      store::WriteSet writes;
      ASSERT_TRUE(ParseEdgeList(options, &writes).ok());
      ASSERT_TRUE(checked->Apply(writes, &summary).ok());
      EXPECT_EQ(summary.bulk, edges > 3000);
      auto chunked = NewStore("chunked" + tag);
      options.memory_budget = 4096;
      ASSERT_TRUE(ImportEdgeList(*chunked, options, &summary).ok());
      EXPECT_TRUE(summary.bulk);
    }
    Dump checked = DumpDatabase(dir_.path("checked" + tag));
    EXPECT_EQ(DumpDatabase(dir_.path("loaded" + tag)), checked) << tag;
    EXPECT_EQ(DumpDatabase(dir_.path("chunked" + tag)), checked) << tag;
  }
}

// The mean uncompressed bytes per data block of a column family's table files.
double MeanBlockBytes(const std::string& path, store::ColumnFamily cf) {
  RawDatabase raw(path);
  if (!raw.db()) return 0;
  rocksdb::TablePropertiesCollection tables;
  EXPECT_TRUE(raw.db()->GetPropertiesOfAllTables(raw.handles()[cf], &tables).ok());
  uint64_t bytes = 0, blocks = 0;
  for (const auto& [file, properties] : tables) {
    bytes += properties->raw_key_size + properties->raw_value_size;
    blocks += properties->num_data_blocks;
  }
  return blocks ? static_cast<double>(bytes) / blocks : 0;
}

// Node and id keys are read one at a time, and each read reads its key's whole block: their bulk
// files have 4 KiB blocks, the others (read in runs) 16 KiB. Both bulk paths, whole and spilled.
TEST_F(BulkImportTest, BulkFilesOfNodesAndIdsHaveSmallBlocks) {
  EdgeListOptions options = WriteEdgeList(40000, false, 40000);
  store::ApplySummary summary;
  {
    auto loaded = NewStore("loaded");
    ASSERT_TRUE(ImportEdgeList(*loaded, options, &summary).ok());
    auto checked = NewStore("checked");
    store::WriteSet writes;
    ASSERT_TRUE(ParseEdgeList(options, &writes).ok());
    ASSERT_TRUE(checked->Apply(writes, &summary).ok());
    ASSERT_TRUE(summary.bulk);
    auto chunked = NewStore("chunked");
    options.memory_budget = 64 * 1024;
    ASSERT_TRUE(ImportEdgeList(*chunked, options, &summary).ok());
  }
  for (const char* name : {"loaded", "checked", "chunked"}) {
    for (auto cf : {store::kNodesCf, store::kIdsCf}) {
      double mean = MeanBlockBytes(dir_.path(name), cf);
      EXPECT_GT(mean, 2048) << name << " " << store::kColumnFamilies[cf];
      EXPECT_LT(mean, 6 * 1024) << name << " " << store::kColumnFamilies[cf];
    }
    for (auto cf : {store::kOutCf, store::kInCf}) {
      EXPECT_GT(MeanBlockBytes(dir_.path(name), cf), 12 * 1024) << name << " " << store::kColumnFamilies[cf];
    }
  }
}

// 40,001 vertices are enough for a bulk commit on their own: their files are written while the
// edges are read (EdgeListLoader::EndVertices), and the out, in and type keys in four parts each
// (unless spilled). The same data again, whole and in runs.
TEST_F(BulkImportTest, VertexFilesWrittenWhileTheEdgesAreReadHoldTheSameData) {
  EdgeListOptions options = WriteEdgeList(5000, false, 40000);
  store::ApplySummary summary;
  {
    auto loaded = NewStore("loaded");
    ASSERT_TRUE(ImportEdgeList(*loaded, options, &summary).ok());
    EXPECT_TRUE(summary.bulk);
    EXPECT_EQ(summary.nodes_created, 40001u);
    auto problems = loaded->Validate();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << (*problems)[0];
    auto checked = NewStore("checked");
    store::WriteSet writes;
    ASSERT_TRUE(ParseEdgeList(options, &writes).ok());
    ASSERT_TRUE(checked->Apply(writes, &summary).ok());
    auto chunked = NewStore("chunked");
    options.memory_budget = 4096;
    ASSERT_TRUE(ImportEdgeList(*chunked, options, &summary).ok());
  }
  Dump checked = DumpDatabase(dir_.path("checked"));
  // ids, nodes and label keys per vertex, out, in and type keys per edge, and the counters
  EXPECT_GT(checked.size(), 3 * 40001u + 3 * 5000u);
  EXPECT_EQ(DumpDatabase(dir_.path("loaded")), checked);
  EXPECT_EQ(DumpDatabase(dir_.path("chunked")), checked);
}

TEST_F(BulkImportTest, WeightedEdgeListsStoreTheirWeights) {
  std::string schema = DefaultSchemaText();
  auto link = schema.find("\"LINK\": {\"from\": [\"Vertex\"], \"to\": [\"Vertex\"], \"properties\": {}}");
  ASSERT_NE(link, std::string::npos);
  schema.replace(link,
                 std::string("\"LINK\": {\"from\": [\"Vertex\"], \"to\": [\"Vertex\"], \"properties\": {}}").size(),
                 "\"LINK\": {\"from\": [\"Vertex\"], \"to\": [\"Vertex\"], \"properties\": {\"weight\": {\"type\": "
                 "\"float\"}}}");
  EdgeListOptions options = WriteEdgeList(1000, true);
  for (const char* name : {"loaded", "checked"}) {
    ASSERT_TRUE(GraphStore::Create(dir_.path(name), schema).ok());
    auto store = GraphStore::Open(dir_.path(name), GraphStore::Mode::kReadWrite);
    ASSERT_TRUE(store.ok());
    store::ApplySummary summary;
    Status s;
    if (std::string(name) == "loaded") {
      s = ImportEdgeList(**store, options, &summary);
    } else {
      store::WriteSet writes;
      ASSERT_TRUE(ParseEdgeList(options, &writes).ok());
      s = (*store)->Apply(writes, &summary);
    }
    ASSERT_TRUE(s.ok()) << name << ": " << s.message();
  }
  EXPECT_EQ(DumpDatabase(dir_.path("loaded")), DumpDatabase(dir_.path("checked")));
}

TEST_F(BulkImportTest, ARepeatedEdgeIsNamedAndNothingIsStored) {
  std::ofstream(dir_.path("dup.e")) << "1 2\n2 3\n3 1\n2 3\n";
  EdgeListOptions options;
  options.edges_path = dir_.path("dup.e");
  for (size_t budget : {size_t{1} << 30, size_t{16}}) {
    options.memory_budget = budget;
    auto store = NewStore("dup" + std::to_string(budget));
    store::ApplySummary summary;
    Status s = ImportEdgeList(*store, options, &summary);
    EXPECT_EQ(s.code(), Status::Code::kAlreadyExists) << s.message();
    EXPECT_NE(s.message().find("dup.e:4"), std::string::npos) << s.message();
    EXPECT_FALSE(store->Resolve("1").ok());
  }
}

// In a bulk commit the out, in and type keys are written as four files each, of parts of the
// sorted edges: repeated edges whose copies lie across every part's bound are found before any
// file is written, the first repeat named, and nothing is stored.
TEST_F(BulkImportTest, RepeatedEdgesAcrossTheBoundsOfTheFilesAreNamed) {
  {
    std::ofstream out(dir_.path("parts.e"));
    for (uint64_t i = 0; i < 40000; ++i) out << i << " " << i + 1 << "\n";
    for (uint64_t quarter : {10000, 20000, 30000}) {
      for (int copy = 0; copy < 40; ++copy) out << quarter << " " << quarter + 1 << "\n";
    }
  }
  EdgeListOptions options;
  options.edges_path = dir_.path("parts.e");
  auto store = NewStore("parts");
  store::ApplySummary summary;
  Status s = ImportEdgeList(*store, options, &summary);
  EXPECT_EQ(s.code(), Status::Code::kAlreadyExists) << s.message();
  EXPECT_NE(s.message().find("parts.e:40001"), std::string::npos) << s.message();
  EXPECT_FALSE(store->Resolve("1").ok());
}

TEST_F(BulkImportTest, AnEdgeListIntoAFilledDatabaseTakesTheCheckedPath) {
  std::ofstream(dir_.path("a.e")) << "1 2\n2 3\n";
  std::ofstream(dir_.path("b.e")) << "3 4\n";
  std::ofstream(dir_.path("c.e")) << "4 5\n";
  auto store = NewStore("db");
  EdgeListOptions options;
  options.edges_path = dir_.path("a.e");
  ASSERT_TRUE(ImportEdgeList(*store, options, nullptr).ok());
  options.edges_path = dir_.path("b.e");
  Status s = ImportEdgeList(*store, options, nullptr);  // vertex 3 exists
  EXPECT_EQ(s.code(), Status::Code::kAlreadyExists) << s.message();
  options.edges_path = dir_.path("c.e");
  store::ApplySummary summary;
  ASSERT_TRUE(ImportEdgeList(*store, options, &summary).ok());
  EXPECT_EQ(summary.nodes_created, 2u);
  EXPECT_FALSE(summary.bulk);
}

// A write set with names (name index keys), properties, updates and deletes, applied with a
// budget that spills every thousand records and without.
TEST_F(BulkImportTest, TheWriterSpillsRunsThatMergeIntoTheSameData) {
  auto first = [](size_t n) {
    store::WriteSet w;
    for (size_t i = 0; i < n; ++i) {
      std::string id = "city/" + std::to_string(i);
      w.nodes.push_back({id,
                         "City",
                         {{"admin_level", "city"}, {"name_en", "City " + std::to_string(i % 700)}},
                         store::WriteMode::kCreate,
                         id});
      if (i > 0) {
        w.edges.push_back(
            {id, "LOCATED_IN", "city/" + std::to_string(i / 2), store::Json::object(), store::WriteMode::kCreate, id});
      }
    }
    return w;
  };
  auto second = [](size_t n) {
    store::WriteSet w;
    for (size_t i = 0; i < n; i += 3) {
      std::string id = "city/" + std::to_string(i);
      w.nodes.push_back({id,
                         "City",
                         {{"admin_level", "town"}, {"name_en", "Town " + std::to_string(i)}},
                         store::WriteMode::kUpsert,
                         id});
    }
    for (size_t i = 1; i < n; i += 5) w.node_deletes.push_back({"city/" + std::to_string(i), true, "delete"});
    return w;
  };
  const size_t n = 5000;
  for (size_t budget : {size_t{1} << 30, size_t{1}}) {
    auto store = NewStore("db" + std::to_string(budget));
    store->SetMemoryBudget(budget);
    store::ApplySummary summary;
    ASSERT_TRUE(store->Apply(first(n), &summary).ok());
    EXPECT_EQ(summary.bulk, budget == 1);
    Status s = store->Apply(second(n), &summary);
    ASSERT_TRUE(s.ok()) << s.message();
    auto problems = store->Validate();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << (*problems)[0];
  }
  EXPECT_EQ(DumpDatabase(dir_.path("db1")), DumpDatabase(dir_.path("db" + std::to_string(size_t{1} << 30))));
}

TEST_F(BulkImportTest, AReadWriteOpenRemovesStagingFoldersOfDeadWriters) {
  auto store = NewStore("db");
  store.reset();
  std::filesystem::create_directories(dir_.path("db/ingest-999999"));
  std::ofstream(dir_.path("db/ingest-999999/out-0.sst")) << "partial";
  ASSERT_TRUE(GraphStore::Open(dir_.path("db"), GraphStore::Mode::kReadOnly).ok());
  EXPECT_TRUE(std::filesystem::exists(dir_.path("db/ingest-999999")));  // a reader leaves it
  ASSERT_TRUE(GraphStore::Open(dir_.path("db"), GraphStore::Mode::kReadWrite).ok());
  EXPECT_FALSE(std::filesystem::exists(dir_.path("db/ingest-999999")));
}

TEST(ProgressTest, SilentForTheFirstSecondThenRowsPerSecondAndEta) {
  std::ostringstream quick;
  Progress fast(quick, false, 100);
  for (int i = 0; i < 10000; ++i) fast.Update(i / 100, i);
  fast.Finish(100, 10000);
  EXPECT_EQ(quick.str(), "");

  std::ostringstream slow;
  Progress progress(slow, /*terminal=*/true, 1000);
  auto start = std::chrono::steady_clock::now();
  uint64_t rows = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1100)) {
    progress.Update(500, ++rows);
  }
  progress.Finish(1000, rows);
  EXPECT_NE(slow.str().find("rows/s"), std::string::npos) << slow.str();
  EXPECT_NE(slow.str().find("50% read, ETA"), std::string::npos) << slow.str();
  EXPECT_EQ(slow.str().front(), '\r');
  EXPECT_EQ(slow.str().back(), '\n');
}

}  // namespace
}  // namespace cityties::import
