#include <fcntl.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "raw_database.h"
#include "store/graph_store.h"
#include "test_util.h"

namespace cityties::store {
namespace {

using testing::StoreTest;

using testing::PutRaw;

// Runs the CLI with `args` and returns its exit code; its output goes to `out`.
int RunCli(const std::string& args, const std::string& out) {
  int rc = std::system((std::string(CITYTIES_BINARY) + " " + args + " > " + out + " 2>&1").c_str());
  return WEXITSTATUS(rc);
}

class GraphStoreTest : public StoreTest {
 protected:
  void LoadSmallGraph() {
    WriteSet w;
    w.nodes = {City("city/kaohsiung", "Kaohsiung"),
               City("city/kumamoto", "Kumamoto"),
               {"country/jp", "Country", {{"name_en", "Japan"}, {"name_zh", "日本"}}, WriteMode::kCreate, "jp"},
               {"country/tw", "Country", {{"name_en", "Taiwan"}}, WriteMode::kCreate, "tw"}};
    w.edges = {Tie("city/kumamoto", "LOCATED_IN", "country/jp"), Tie("city/kaohsiung", "LOCATED_IN", "country/tw")};
    ApplySummary s;
    ASSERT_TRUE(store_->Apply(w, &s).ok());
    EXPECT_EQ(s.nodes_created, 4u);
    EXPECT_EQ(s.edges_created, 2u);
  }
  std::vector<std::string> Neighbours(const std::string& ext, Direction dir) {
    std::vector<std::string> out;
    NodeId id = *store_->Resolve(ext);
    EXPECT_TRUE(store_
                    ->ForEachEdge(id, dir, std::nullopt, false,
                                  [&](const Edge& e) {
                                    out.push_back(store_->GetNode(e.src == id ? e.dst : e.src)->ext_id);
                                    return true;
                                  })
                    .ok());
    return out;
  }
};

TEST_F(GraphStoreTest, AReaderRemovesTheScratchFoldersOfKilledReaders) {
  // A reader beside a writer is a secondary instance with a scratch folder under TMPDIR, named by
  // its pid; a killed reader cannot remove its own.
  testing::TempDir tmp;
  const char* was = std::getenv("TMPDIR");
  const std::string saved = was ? was : "";
  ASSERT_EQ(::setenv("TMPDIR", tmp.path().c_str(), 1), 0);
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  const std::string stale = tmp.path("cityties-reader-" + std::to_string(gone) + "-abc123");
  const std::string running = tmp.path("cityties-reader-" + std::to_string(::getpid()) + "-def456");
  std::filesystem::create_directories(stale);
  std::filesystem::create_directories(running);
  // A writer in another process (a lock held in this one does not count for this one): a child
  // that holds the LOCK as RocksDB does until told to go.
  store_.reset();
  int ready[2], go[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(go), 0);
  const std::string lock = db_path_ + "/LOCK";
  const pid_t writer = ::fork();
  if (writer == 0) {
    const int fd = ::open(lock.c_str(), O_RDWR);
    struct flock hold {};
    hold.l_type = F_WRLCK;
    hold.l_whence = SEEK_SET;
    const char ok = fd >= 0 && ::fcntl(fd, F_SETLK, &hold) == 0 ? '1' : '0';
    (void)!::write(ready[1], &ok, 1);
    char byte;
    (void)!::read(go[0], &byte, 1);
    ::_exit(0);
  }
  char ok = '0';
  ASSERT_EQ(::read(ready[0], &ok, 1), 1);
  EXPECT_EQ(ok, '1');
  {
    auto reader = GraphStore::Open(db_path_, GraphStore::Mode::kReadOnly);  // a secondary instance
    EXPECT_TRUE(reader.ok()) << reader.status().message();
    EXPECT_FALSE(std::filesystem::exists(stale));
    EXPECT_TRUE(std::filesystem::exists(running));
  }
  (void)!::write(go[1], "g", 1);
  ::waitpid(writer, nullptr, 0);
  for (int fd : {ready[0], ready[1], go[0], go[1]}) ::close(fd);
  if (was) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}

TEST_F(GraphStoreTest, InitDrawsADatabaseIdThatStays) {
  const std::string id = store_->database_id();
  EXPECT_EQ(id.size(), 32u);
  store_.reset();
  const std::string other = dir_.path("other");
  ASSERT_TRUE(GraphStore::Create(other, testing::DefaultSchemaText()).ok());
  EXPECT_NE((*GraphStore::Open(other, GraphStore::Mode::kReadOnly))->database_id(), id);
  EXPECT_EQ((*GraphStore::Open(db_path_, GraphStore::Mode::kReadOnly))->database_id(), id);
}

TEST_F(GraphStoreTest, InitIsAtomicAndNeedsANewOrEmptyFolder) {
  // An empty folder is fine; the build folder beside it is gone afterwards.
  const std::string empty = dir_.path("empty");
  std::filesystem::create_directories(empty);
  ASSERT_TRUE(GraphStore::Create(empty, testing::DefaultSchemaText()).ok());
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(empty) / "CURRENT"));
  // A folder holding other files is refused and left as it was.
  const std::string busy = dir_.path("busy");
  std::filesystem::create_directories(busy);
  std::ofstream(std::filesystem::path(busy) / "notes.txt") << "mine";
  Status s = GraphStore::Create(busy, testing::DefaultSchemaText());
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.message();
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(busy) / "CURRENT"));
  // A build folder a killed init left (its process gone) is removed by the next init there.
  const std::string fresh = dir_.path("fresh");
  const auto stale = std::filesystem::path(dir_.path(".fresh.init-999999999"));
  std::filesystem::create_directories(stale);
  ASSERT_TRUE(GraphStore::Create(fresh, testing::DefaultSchemaText()).ok());
  EXPECT_FALSE(std::filesystem::exists(stale));
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path(""))) {
    EXPECT_EQ(entry.path().filename().string().find(".init-"), std::string::npos) << entry.path();
  }
}

TEST_F(GraphStoreTest, StoresNodesAndBothAdjacencyDirections) {
  LoadSmallGraph();
  auto node = store_->GetNode("city/kumamoto");
  ASSERT_TRUE(node.ok());
  EXPECT_EQ(node->label, "City");
  EXPECT_EQ(node->props["name_en"], "Kumamoto");
  EXPECT_EQ(Neighbours("city/kumamoto", Direction::kOut), std::vector<std::string>{"country/jp"});
  EXPECT_EQ(Neighbours("country/jp", Direction::kIn), std::vector<std::string>{"city/kumamoto"});
  EXPECT_TRUE(Neighbours("country/jp", Direction::kOut).empty());
  auto counts = store_->GetCounts();
  EXPECT_EQ(counts->labels["City"], 2u);
  EXPECT_EQ(counts->edge_types["LOCATED_IN"], 2u);
  EXPECT_TRUE(store_->Validate()->empty());
}

// Batches of 4,096 nodes and more are read in two parts, rings of 16 and more expanded in two:
// the same answers, in the order asked, and a missing node still named.
TEST_F(GraphStoreTest, LargeBatchesReadOnTwoCoresGiveTheSameAnswers) {
  WriteSet w;
  const size_t n = 5000;
  for (size_t i = 0; i < n; ++i) w.nodes.push_back(City("city/c" + std::to_string(i), "C" + std::to_string(i)));
  auto city = [](size_t i) { return "city/c" + std::to_string(i); };
  for (size_t i = 1; i < 40; ++i) {  // a star into c0, and two more cities into each of its leaves
    w.edges.push_back(Tie(city(i), "LOCATED_IN", city(0)));
    for (size_t k : {100 + i, 200 + i}) w.edges.push_back(Tie(city(k), "LOCATED_IN", city(i)));
  }
  ApplySummary summary;
  ASSERT_TRUE(store_->Apply(w, &summary).ok());
  std::vector<NodeId> ids;
  for (size_t i = n; i-- > 0;) ids.push_back(*store_->Resolve("city/c" + std::to_string(i)));  // last first
  auto nodes = store_->GetNodes(ids);
  ASSERT_TRUE(nodes.ok()) << nodes.status().message();
  ASSERT_EQ(nodes->size(), n);
  for (size_t i = 0; i < n; ++i) ASSERT_EQ((*nodes)[i].ext_id, "city/c" + std::to_string(n - 1 - i));
  ids.push_back(ids.front() + 1000000);  // in the second part, sorted
  auto missing = store_->GetNodes(ids);
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find(std::to_string(ids.back())), std::string::npos);

  std::vector<NodeId> ring;
  for (size_t i = 0; i < 40; ++i) ring.push_back(*store_->Resolve("city/c" + std::to_string(i)));
  std::vector<std::vector<GraphStore::Adjacent>> each;
  ASSERT_TRUE(store_->ReadAdjacentOfEach(ring, &each).ok());
  ASSERT_EQ(each.size(), ring.size());
  for (size_t i = 0; i < ring.size(); ++i) {
    std::vector<GraphStore::Adjacent> alone;
    ASSERT_TRUE(store_->ReadAdjacent(ring[i], &alone).ok());
    ASSERT_EQ(each[i].size(), i == 0 ? 39u : 3u);
    ASSERT_EQ(each[i].size(), alone.size());
    for (size_t k = 0; k < alone.size(); ++k) {
      EXPECT_EQ(each[i][k].other, alone[k].other);
      EXPECT_EQ(each[i][k].outgoing, alone[k].outgoing);
      EXPECT_EQ(each[i][k].type, alone[k].type);
    }
  }
}

TEST_F(GraphStoreTest, DenseBatchesReadByOneIteratorGiveTheSameAnswers) {
  WriteSet w;
  const size_t n = 3000;
  for (size_t i = 0; i < n; ++i) w.nodes.push_back(City("city/c" + std::to_string(i), "C" + std::to_string(i)));
  ASSERT_TRUE(store_->Apply(w).ok());
  // Every third node, from the last: ids 3 apart (stepped over), one asked twice, one run of
  // neighbours, and a gap wider than the steps (sought).
  std::vector<NodeId> ids;
  for (size_t i = n; i-- > 0;) {
    if (i % 3 == 0 || (i > 1000 && i < 1010)) ids.push_back(*store_->Resolve("city/c" + std::to_string(i)));
  }
  ids.push_back(ids[5]);
  auto nodes = store_->GetNodes(ids);
  ASSERT_TRUE(nodes.ok()) << nodes.status().message();
  ASSERT_EQ(nodes->size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    auto alone = store_->GetNode(ids[i]);
    ASSERT_TRUE(alone.ok());
    EXPECT_EQ((*nodes)[i].ext_id, alone->ext_id);
    EXPECT_EQ((*nodes)[i].props, alone->props);
  }
  // A node deleted from the middle of the batch is NotFound, named.
  const NodeId gone = *store_->Resolve("city/c1500");
  WriteSet del;
  del.node_deletes.push_back({"city/c1500", false, {}});
  ASSERT_TRUE(store_->Apply(del).ok());
  ids.push_back(gone);
  auto missing = store_->GetNodes(ids);
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find("#" + std::to_string(gone)), std::string::npos)
      << missing.status().message();
}

TEST_F(GraphStoreTest, TypedPrefixScanSeesOnlyThatType) {
  LoadSmallGraph();
  WriteSet w;
  w.nodes = {{"agreement/a", "Agreement", {{"kind", "sister_city"}}, WriteMode::kCreate, "a"}};
  w.edges = {Tie("city/kumamoto", "PARTY_TO", "agreement/a")};
  ASSERT_TRUE(store_->Apply(w).ok());
  NodeId kumamoto = *store_->Resolve("city/kumamoto");
  auto party_to = store_->schema().FindEdgeType("PARTY_TO")->code;
  int seen = 0;
  ASSERT_TRUE(store_
                  ->ForEachEdge(kumamoto, Direction::kOut, party_to, true,
                                [&](const Edge& e) {
                                  EXPECT_EQ(e.type, party_to);
                                  ++seen;
                                  return true;
                                })
                  .ok());
  EXPECT_EQ(seen, 1);
}

TEST_F(GraphStoreTest, FailedApplyWritesNothing) {
  LoadSmallGraph();
  uint64_t before = store_->Sequence();
  WriteSet w;
  w.nodes = {City("city/busan", "Busan")};
  w.edges = {Tie("city/busan", "LOCATED_IN", "country/kr")};
  Status s = store_->Apply(w);
  EXPECT_TRUE(s.IsNotFound()) << s.message();
  EXPECT_EQ(store_->Sequence(), before);
  EXPECT_TRUE(store_->Resolve("city/busan").status().IsNotFound());
  EXPECT_EQ(store_->GetCounts()->labels["City"], 2u);
}

TEST_F(GraphStoreTest, UpsertReindexesNamesAndUpdateMerges) {
  LoadSmallGraph();
  WriteSet w;
  w.nodes = {
      {"city/kumamoto", "City", {{"admin_level", "city"}, {"name_en", "Kumamoto City"}}, WriteMode::kUpsert, ""}};
  ASSERT_TRUE(store_->Apply(w).ok());
  auto old_name = store_->FindByName("kumamoto", 10);
  // "kumamoto" is no longer an exact name, only a prefix of "kumamoto city".
  ASSERT_EQ(old_name->size(), 1u);
  EXPECT_FALSE((*old_name)[0].exact);
  WriteSet u;
  u.nodes = {{"city/kumamoto", "", {{"name_zh", "熊本市"}, {"name_en", nullptr}}, WriteMode::kUpdate, ""}};
  ASSERT_TRUE(store_->Apply(u).ok());
  auto node = store_->GetNode("city/kumamoto");
  EXPECT_EQ(node->props.value("name_zh", ""), "熊本市");
  EXPECT_FALSE(node->props.contains("name_en"));
  EXPECT_EQ(node->props.value("admin_level", ""), "city");
  EXPECT_TRUE(store_->FindByName("kumamoto city", 10)->empty());
  EXPECT_TRUE(store_->Validate()->empty());
}

TEST_F(GraphStoreTest, DeleteNeedsDetachAndKeepsCountersRight) {
  LoadSmallGraph();
  WriteSet d;
  d.node_deletes = {{"country/jp", false, "jp"}};
  EXPECT_FALSE(store_->Apply(d).ok());
  d.node_deletes[0].detach = true;
  ApplySummary s;
  ASSERT_TRUE(store_->Apply(d, &s).ok());
  EXPECT_EQ(s.edges_deleted, 1u);
  EXPECT_TRUE(Neighbours("city/kumamoto", Direction::kOut).empty());
  EXPECT_EQ(store_->GetCounts()->labels["Country"], 1u);
  EXPECT_EQ(store_->GetCounts()->edge_types["LOCATED_IN"], 1u);
  EXPECT_TRUE(store_->FindByName("日本", 10)->empty());
  EXPECT_TRUE(store_->Validate()->empty());
}

TEST_F(GraphStoreTest, BulkWritesGoThroughSstIngestionAndStayConsistent) {
  WriteSet w;
  const int n = 30000;  // ~4 keys a node plus 3 an edge: above the bulk threshold
  for (int i = 0; i < n; ++i) w.nodes.push_back(City("city/c" + std::to_string(i), "City " + std::to_string(i)));
  for (int i = 1; i < n; ++i) {
    w.edges.push_back(Tie("city/c" + std::to_string(i), "LOCATED_IN", "city/c" + std::to_string(i / 2)));
  }
  ApplySummary s;
  ASSERT_TRUE(store_->Apply(w, &s).ok());
  EXPECT_TRUE(s.bulk);
  EXPECT_EQ(store_->GetCounts()->labels["City"], static_cast<uint64_t>(n));
  EXPECT_EQ(store_->GetCounts()->edge_types["LOCATED_IN"], static_cast<uint64_t>(n - 1));
  EXPECT_EQ(Neighbours("city/c7", Direction::kIn).size(), 2u);  // c14 and c15
  auto found = store_->FindByName("City 12345", 5);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(store_->GetNode((*found)[0].node)->ext_id, "city/c12345");
  auto problems = store_->Validate();
  ASSERT_TRUE(problems.ok());
  EXPECT_TRUE(problems->empty()) << (*problems)[0];
  // Small writes after a bulk ingestion still see and update the ingested data.
  WriteSet more;
  more.nodes = {City("city/extra", "Extra")};
  more.edges = {Tie("city/extra", "LOCATED_IN", "city/c0")};
  ASSERT_TRUE(store_->Apply(more, &s).ok());
  EXPECT_FALSE(s.bulk);
  EXPECT_EQ(Neighbours("city/c0", Direction::kIn).size(), 2u);
}

// A writer's process is short, and a close stops the compactions RocksDB has not finished: a
// database written by one process after another must still not pile up level-0 files.
TEST_F(GraphStoreTest, EachWriterLeavesNoCompactionDebt) {
  const rocksdb::Options defaults;
  for (int i = 0; i < 3 * defaults.level0_file_num_compaction_trigger; ++i) {
    WriteSet w;
    w.nodes = {City("city/w" + std::to_string(i), "Written " + std::to_string(i))};
    ASSERT_TRUE(store_->Apply(w).ok());  // one table file a column family it touched
    store_.reset();
    auto reopened = GraphStore::Open(db_path_, GraphStore::Mode::kReadWrite);
    ASSERT_TRUE(reopened.ok()) << reopened.status().message();
    store_ = std::move(*reopened);
    EXPECT_LT(store_->MaxLevelZeroFiles(), defaults.level0_file_num_compaction_trigger) << "after write " << i;
  }
  EXPECT_EQ(store_->GetCounts()->labels["City"],
            static_cast<uint64_t>(3 * defaults.level0_file_num_compaction_trigger));
}

// An ingestion writes nothing through the write-ahead log; each writer's open starts a new log,
// which must not outlive it once its ingestion is flushed.
TEST_F(GraphStoreTest, BulkIngestionsLeaveNoWriteAheadLogsBehind) {
  auto logs = [&] {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(db_path_)) n += entry.path().extension() == ".log";
    return n;
  };
  for (int round = 0; round < 3; ++round) {
    WriteSet w;
    for (int i = 0; i < 30000; ++i) {
      const std::string name = std::to_string(round) + "-" + std::to_string(i);
      w.nodes.push_back(City("city/c" + name, "City " + name));
    }
    ApplySummary s;
    ASSERT_TRUE(store_->Apply(w, &s).ok());
    EXPECT_TRUE(s.bulk);
    store_.reset();
    EXPECT_LE(logs(), 1) << "after round " << round;
    auto reopened = GraphStore::Open(db_path_, GraphStore::Mode::kReadWrite);
    ASSERT_TRUE(reopened.ok()) << reopened.status().message();
    store_ = std::move(*reopened);
  }
  EXPECT_EQ(store_->GetNode("city/c2-7")->props["name_en"], "City 2-7");
}

TEST_F(GraphStoreTest, SecondWriterIsBusyReadersAreNot) {
  LoadSmallGraph();
  auto second = GraphStore::Open(db_path_, GraphStore::Mode::kReadWrite);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy);
  EXPECT_TRUE(second.status().IsLockHeld());
  EXPECT_NE(second.status().message().find("is in use by another process"), std::string::npos);
  auto reader = GraphStore::Open(db_path_, GraphStore::Mode::kReadOnly);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  auto other_reader = GraphStore::Open(db_path_, GraphStore::Mode::kReadOnly);
  ASSERT_TRUE(other_reader.ok());
  EXPECT_EQ((*reader)->GetNode("city/kumamoto")->props["name_en"], "Kumamoto");
}

TEST_F(GraphStoreTest, CliReportsInUseAndStillReadsBesideAWriter) {
  LoadSmallGraph();
  std::string out = dir_.path("out.txt");
  // Another process: the lock is held by this one, so its write is refused as busy (exit 1).
  EXPECT_EQ(RunCli("import --db " + db_path_ + " " + CITYTIES_SOURCE_DIR + "/tests/data/sample", out), 1);
  EXPECT_NE(testing::ReadFile(out).find("is in use by another process"), std::string::npos) << testing::ReadFile(out);
  EXPECT_EQ(RunCli("get --db " + db_path_ + " Kumamoto --format csv", out), 0);
  EXPECT_NE(testing::ReadFile(out).find("id,city/kumamoto"), std::string::npos) << testing::ReadFile(out);
}

TEST(GraphStoreOpen, RejectsAnotherFormatVersionClearly) {
  testing::TempDir dir;
  std::string path = dir.path("db");
  ASSERT_TRUE(GraphStore::Create(path, testing::DefaultSchemaText()).ok());
  PutRaw(path, kMetaCf, meta::kFormatVersionKey, "999");
  auto opened = GraphStore::Open(path, GraphStore::Mode::kReadOnly);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(opened.status().message().find("has format version 999, this cityties reads version 3"), std::string::npos)
      << opened.status().message();
}

TEST(GraphStoreOpen, MissingDatabaseIsNotFound) {
  testing::TempDir dir;
  auto opened = GraphStore::Open(dir.path("nothing"), GraphStore::Mode::kReadOnly);
  EXPECT_TRUE(opened.status().IsNotFound());
  EXPECT_NE(opened.status().message().find("cityties init"), std::string::npos);
}

TEST(GraphStoreOpen, GarbageFormatVersionIsCorruption) {
  testing::TempDir dir;
  std::string path = dir.path("db");
  ASSERT_TRUE(GraphStore::Create(path, testing::DefaultSchemaText()).ok());
  PutRaw(path, kMetaCf, meta::kFormatVersionKey, "one");
  EXPECT_TRUE(GraphStore::Open(path, GraphStore::Mode::kReadOnly).status().IsCorruption());
}

TEST(GraphStoreOpen, AnotherRocksDbIsNotACityTiesDatabase) {
  testing::TempDir dir;
  std::string path = dir.path("other");
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, path, &raw).ok());
  delete raw;
  auto opened = GraphStore::Open(path, GraphStore::Mode::kReadOnly);
  EXPECT_EQ(opened.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(opened.status().message().find("not a cityties database"), std::string::npos) << opened.status().message();
}

// Damage is Corruption, which the CLI reports with exit 2 (not 1: the user asked nothing wrong).
class DamagedStoreTest : public GraphStoreTest {
 protected:
  // Closes the store so that a test can damage it and the CLI can open it.
  void LoadAndClose() {
    LoadSmallGraph();
    kumamoto_ = *store_->Resolve("city/kumamoto");
    store_.reset();
  }
  Status OpenStatus() { return GraphStore::Open(db_path_, GraphStore::Mode::kReadOnly).status(); }
  NodeId kumamoto_ = 0;
};

TEST_F(DamagedStoreTest, MissingCurrentFileIsCorruptionNotAMissingDatabase) {
  LoadAndClose();
  std::filesystem::remove(std::filesystem::path(db_path_) / "CURRENT");
  Status s = OpenStatus();
  EXPECT_TRUE(s.IsCorruption()) << s.message();
  EXPECT_NE(s.message().find("CURRENT"), std::string::npos) << s.message();
  std::string out = dir_.path("out.txt");
  EXPECT_EQ(RunCli("stats --db " + db_path_, out), 2) << testing::ReadFile(out);
  // A directory that never held a database is still a user's mistake.
  EXPECT_TRUE(GraphStore::Open(dir_.path(), GraphStore::Mode::kReadOnly).status().IsNotFound());
}

TEST_F(DamagedStoreTest, GarbageNodeValueIsCorruption) {
  LoadAndClose();
  PutRaw(db_path_, kNodesCf, EncodeNodeId(kumamoto_), std::string("\x00\x01\xff\xff\xff\xff", 6));
  auto opened = GraphStore::Open(db_path_, GraphStore::Mode::kReadOnly);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto node = (*opened)->GetNode(kumamoto_);
  EXPECT_TRUE(node.status().IsCorruption()) << node.status().message();
  EXPECT_TRUE((*opened)->ForEachNode([](const Node&) { return true; }).IsCorruption());
  auto problems = (*opened)->Validate();
  ASSERT_TRUE(problems.ok());
  ASSERT_FALSE(problems->empty());
  EXPECT_NE(problems->front().find("malformed node record"), std::string::npos) << problems->front();
  opened->reset();
  std::string out = dir_.path("out.txt");
  EXPECT_EQ(RunCli("get --db " + db_path_ + " city/kumamoto", out), 2) << testing::ReadFile(out);
  EXPECT_NE(testing::ReadFile(out).find("malformed node record"), std::string::npos) << testing::ReadFile(out);
}

TEST_F(DamagedStoreTest, MalformedKeysAndCountersAreCorruption) {
  LoadAndClose();
  PutRaw(db_path_, kOutCf, AdjacencyPrefix(kumamoto_), "\x80");  // a 10-byte adjacency key
  PutRaw(db_path_, kMetaCf, meta::LabelCountKey("City"), "2");
  PutRaw(db_path_, kIndexCf, "Xjunk", "");
  auto opened = GraphStore::Open(db_path_, GraphStore::Mode::kReadOnly);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  const GraphStore& store = **opened;
  EXPECT_TRUE(store.ForEachEdge(kumamoto_, Direction::kOut, std::nullopt, false, [](const Edge&) { return true; })
                  .IsCorruption());
  EXPECT_TRUE(store.ForEachEdge(false, [](const Edge&) { return true; }).IsCorruption());
  EXPECT_TRUE(store.GetCounts().status().IsCorruption());
  auto problems = store.Validate();
  ASSERT_TRUE(problems.ok()) << problems.status().message();
  std::string all;
  for (const auto& p : *problems) all += p + "\n";
  EXPECT_NE(all.find("malformed adjacency key"), std::string::npos) << all;
  EXPECT_NE(all.find("counter for label City: "), std::string::npos) << all;
  EXPECT_NE(all.find("index key with unknown tag"), std::string::npos) << all;
}

}  // namespace
}  // namespace cityties::store
