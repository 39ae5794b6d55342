// The adjacency lists (store/format.h): their codec, and that every write path keeps them equal
// to the out and in keys they pack, in the same atomic write.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <random>
#include <set>

#include "store/graph_store.h"
#include "store/repair.h"
#include "test_util.h"

namespace cityties::store {
namespace {

using testing::StoreTest;

// ---- the codec

TEST(AdjacencyListFormat, RoundTripsInOrderAndPacksEntriesInAFewBytes) {
  const std::vector<AdjacentEntry> entries = {{3, true, 7},  {3, true, 8},           {3, true, 300}, {5, true, 2},
                                              {3, false, 1}, {3, false, UINT64_MAX}, {9, false, 0}};
  for (size_t i = 1; i < entries.size(); ++i) EXPECT_TRUE(AdjacencyBefore(entries[i - 1], entries[i])) << i;
  const std::string value = EncodeAdjacencyList(entries);
  std::vector<AdjacentEntry> back;
  ASSERT_TRUE(DecodeAdjacencyList(value, &back).ok());
  EXPECT_EQ(back, entries);
  // Four runs of 4 bytes' head; others 1 byte (7, 1, 2, 0; gaps 1) or 2 (292) or 10 (u64 max).
  EXPECT_EQ(value.size(), 4 * 4 + (1 + 1 + 2) + 1 + (1 + 10) + 1);
  EXPECT_EQ(EncodeAdjacencyList({}), "");
  back.clear();
  EXPECT_TRUE(DecodeAdjacencyList("", &back).ok());
  EXPECT_TRUE(back.empty());
}

TEST(AdjacencyListFormat, MalformedListsAreCorruption) {
  const std::string good = EncodeAdjacencyList({{1, true, 5}, {1, true, 6}, {2, false, 1}});
  const std::vector<std::string> bad = {
      good.substr(0, good.size() - 1),                                                  // cut in the last run
      good.substr(0, 2),                                                                // cut in a run's head
      std::string("\x02\x00\x01\x01\x05", 5),                                           // direction 2
      std::string("\x00\x00\x01\x00\x05", 5),                                           // a run of no entries
      std::string("\x00\x00\x01\x02\x05\x00", 6),                                       // a gap of 0
      std::string("\x00\x00\x01\x05\x05", 5),                                           // a count beyond the bytes left
      std::string("\x01\x00\x01\x01\x05\x00\x00\x01\x01\x05", 10),                      // in before out
      std::string("\x00\x00\x02\x01\x05\x00\x00\x01\x01\x05", 10),                      // types out of order
      std::string("\x00\x00\x01\x01\x05\x00\x00\x01\x01\x06", 10),                      // one run twice
      std::string("\x00\x00\x01\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 14),      // beyond u64
      std::string("\x00\x00\x01\x02\xfe\xff\xff\xff\xff\xff\xff\xff\xff\x01\x02", 15),  // gap past u64
      std::string("\x00\x00\x01\x01\x85\x00", 6),                                       // 5 in two bytes
  };
  for (const auto& value : bad) {
    std::vector<AdjacentEntry> out;
    EXPECT_TRUE(DecodeAdjacencyList(value, &out).IsCorruption()) << ::testing::PrintToString(value);
  }
}

// ---- the store

// Every node's adjacency as the lists give it and as its keys do.
class PackedAdjacencyTest : public StoreTest {
 protected:
  std::vector<AdjacentEntry> FromKeys(NodeId node) {
    std::vector<AdjacentEntry> out;
    for (Direction dir : {Direction::kOut, Direction::kIn}) {
      EXPECT_TRUE(store_
                      ->ForEachEdge(node, dir, std::nullopt, false,
                                    [&](const Edge& e) {
                                      const bool outgoing = dir == Direction::kOut;
                                      out.push_back({e.type, outgoing, outgoing ? e.dst : e.src});
                                      return true;
                                    })
                      .ok());
    }
    return out;
  }
  void ExpectListsMatchKeys(NodeId max_node) {
    ASSERT_TRUE(store_->packed_adjacency());
    for (NodeId node = 1; node <= max_node; ++node) {
      std::vector<AdjacentEntry> packed;
      ASSERT_TRUE(store_->ReadAdjacent(node, &packed).ok());
      ASSERT_EQ(packed, FromKeys(node)) << "node #" << node;
    }
    auto problems = store_->Validate();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << (*problems)[0];
  }
  // Deletes every `nth` stored city-to-city tie.
  WriteSet DeleteSome(int cities, int nth) {
    WriteSet w;
    int seen = 0;
    for (int i = 0; i < cities; ++i) {
      const std::string from = "city/c" + std::to_string(i);
      EXPECT_TRUE(store_
                      ->ForEachEdge(*store_->Resolve(from), Direction::kOut, std::nullopt, false,
                                    [&](const Edge& e) {
                                      const std::string to = store_->GetNode(e.dst)->ext_id;
                                      if (to.rfind("city/", 0) == 0 && ++seen % nth == 0) {
                                        w.edge_deletes.push_back({from, "LOCATED_IN", to, "d"});
                                      }
                                      return true;
                                    })
                      .ok());
    }
    return w;
  }
  void Reopen(GraphStore::Mode mode) {
    store_.reset();
    auto opened = GraphStore::Open(db_path_, mode);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(*opened);
  }
  // A write set of `cities` cities in one country and ties between them drawn from `seed`.
  static WriteSet RandomWrites(int cities, int ties, unsigned seed) {
    std::mt19937 rng(seed);
    WriteSet w;
    for (int i = 0; i < cities; ++i) {
      auto city = City("city/c" + std::to_string(i), "C" + std::to_string(i));
      city.mode = WriteMode::kUpsert;
      w.nodes.push_back(city);
    }
    w.nodes.push_back({"country/x", "Country", {{"name_en", "X"}}, WriteMode::kUpsert, "x"});
    w.nodes.push_back({"inst/x", "Institution", {{"kind", "port"}}, WriteMode::kUpsert, "x"});
    auto upsert = [&](const std::string& from, const std::string& type, const std::string& to) {
      auto tie = Tie(from, type, to);
      tie.mode = WriteMode::kUpsert;
      w.edges.push_back(tie);
    };
    // Ties of three types, each node on both ends of some; upserts of stored ones change nothing.
    std::uniform_int_distribution<int> pick(0, cities - 1);
    std::set<std::pair<int, int>> drawn;
    for (int i = 0; i < ties; ++i) {
      const int a = pick(rng), b = pick(rng);
      if (a != b && drawn.insert({a, b}).second) {
        upsert("city/c" + std::to_string(a), "LOCATED_IN", "city/c" + std::to_string(b));
      }
    }
    for (int i = 0; i < cities; i += 3) upsert("city/c" + std::to_string(i), "LOCATED_IN", "country/x");
    for (int i = 1; i < cities; i += 4) upsert("city/c" + std::to_string(i), "MEMBER_OF", "inst/x");
    return w;
  }
};

TEST_F(PackedAdjacencyTest, SmallCommitsKeepEveryListEqualToItsKeys) {
  ASSERT_TRUE(store_->Apply(RandomWrites(40, 120, 1)).ok());
  ExpectListsMatchKeys(46);
  for (unsigned round = 2; round < 8; ++round) {
    ASSERT_TRUE(store_->Apply(RandomWrites(40, 60, round)).ok()) << round;
    ExpectListsMatchKeys(46);
    ASSERT_TRUE(store_->Apply(DeleteSome(40, 3 + round % 2)).ok()) << round;
    ExpectListsMatchKeys(46);
  }
  // A detached node's edges leave every list they were on; its own list goes.
  WriteSet gone;
  gone.node_deletes.push_back({"city/c0", true, "gone"});
  gone.node_deletes.push_back({"country/x", true, "gone"});
  const NodeId country = *store_->Resolve("country/x");
  ASSERT_TRUE(store_->Apply(gone).ok());
  ExpectListsMatchKeys(46);
  std::vector<AdjacentEntry> none;
  ASSERT_TRUE(store_->ReadAdjacent(country, &none).ok());
  EXPECT_TRUE(none.empty());
}

TEST_F(PackedAdjacencyTest, BulkCommitsPackTheirListsWholeOrSpilledAndRebuilt) {
  // Over Writer::kBulkThreshold operations: sorted files, the lists among them.
  ApplySummary summary;
  ASSERT_TRUE(store_->Apply(RandomWrites(3000, 40000, 11), &summary).ok());
  EXPECT_TRUE(summary.bulk);
  ExpectListsMatchKeys(3002);
  ASSERT_TRUE(store_->Apply(DeleteSome(3000, 2)).ok());
  ExpectListsMatchKeys(3002);
  // A budget too small for the plan spills it: the commit marks the lists stale, Apply rebuilds.
  store_->SetMemoryBudget(64 << 10);
  ASSERT_TRUE(store_->Apply(RandomWrites(3000, 40000, 12), &summary).ok());
  EXPECT_TRUE(summary.bulk);
  ExpectListsMatchKeys(3002);
  EXPECT_TRUE(store_->GetMeta(meta::kAdjacencyStaleKey).status().IsNotFound());
  Reopen(GraphStore::Mode::kReadOnly);
  EXPECT_TRUE(store_->packed_adjacency());
}

// A database as format 2 left it: no adjacency column family, version "2".
void MakeFormatTwo(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), path, cfs, &handles, &raw).ok());
  ASSERT_TRUE(raw->DropColumnFamily(handles[kAdjacencyCf]).ok());
  ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[kMetaCf], meta::kFormatVersionKey, "2").ok());
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
  delete raw;
}

TEST_F(PackedAdjacencyTest, FormatTwoDatabasesAreReadFromTheKeysUntilAWriterPacksThem) {
  ASSERT_TRUE(store_->Apply(RandomWrites(50, 150, 21)).ok());
  std::vector<std::vector<AdjacentEntry>> before;
  for (NodeId node = 1; node <= 52; ++node) before.push_back(FromKeys(node));
  store_.reset();
  MakeFormatTwo(db_path_);
  Reopen(GraphStore::Mode::kReadOnly);
  EXPECT_FALSE(store_->packed_adjacency());
  for (NodeId node = 1; node <= 52; ++node) {
    std::vector<AdjacentEntry> read;
    ASSERT_TRUE(store_->ReadAdjacent(node, &read).ok());
    EXPECT_EQ(read, before[node - 1]) << node;
  }
  EXPECT_EQ(*store_->GetMeta(meta::kFormatVersionKey), "2");  // a reader writes nothing
  Reopen(GraphStore::Mode::kReadWrite);
  EXPECT_EQ(*store_->GetMeta(meta::kFormatVersionKey), std::to_string(kFormatVersion));
  ExpectListsMatchKeys(52);
  Reopen(GraphStore::Mode::kReadOnly);
  EXPECT_TRUE(store_->packed_adjacency());
  ExpectListsMatchKeys(52);
}

// Writes `value` under `key` straight into RocksDB, past every check.
void PutRaw(const std::string& path, ColumnFamily cf, const std::string& key, const std::string& value) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), path, cfs, &handles, &raw).ok());
  EXPECT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[cf], key, value).ok());
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
  delete raw;
}

TEST_F(PackedAdjacencyTest, AStaleMarkSendsReadersToTheKeysAndTheNextWriterRebuilds) {
  ASSERT_TRUE(store_->Apply(RandomWrites(30, 80, 31)).ok());
  const NodeId node = *store_->Resolve("city/c1");
  const auto keys = FromKeys(node);
  store_.reset();
  // As a spilled commit that died before its rebuild leaves it: the mark, and a wrong list.
  PutRaw(db_path_, kMetaCf, meta::kAdjacencyStaleKey, "");
  PutRaw(db_path_, kAdjacencyCf, EncodeNodeId(node), EncodeAdjacencyList({{1, true, 999}}));
  Reopen(GraphStore::Mode::kReadOnly);
  EXPECT_FALSE(store_->packed_adjacency());
  std::vector<AdjacentEntry> read;
  ASSERT_TRUE(store_->ReadAdjacent(node, &read).ok());
  EXPECT_EQ(read, keys);
  Reopen(GraphStore::Mode::kReadWrite);
  EXPECT_TRUE(store_->GetMeta(meta::kAdjacencyStaleKey).status().IsNotFound());
  ExpectListsMatchKeys(32);
}

TEST_F(PackedAdjacencyTest, ValidateNamesWrongAndMissingListsAndRepairRebuildsThem) {
  ASSERT_TRUE(store_->Apply(RandomWrites(30, 80, 41)).ok());
  const NodeId wrong = *store_->Resolve("city/c2"), lonely = *store_->Resolve("country/x");
  store_.reset();
  PutRaw(db_path_, kAdjacencyCf, EncodeNodeId(wrong), EncodeAdjacencyList({{1, true, 999}}));
  {
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* name : kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), db_path_, cfs, &handles, &raw).ok());
    EXPECT_TRUE(raw->Delete(rocksdb::WriteOptions(), handles[kAdjacencyCf], EncodeNodeId(lonely)).ok());
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
  }
  Reopen(GraphStore::Mode::kReadOnly);
  auto problems = store_->Validate();
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 2u);
  EXPECT_NE((*problems)[0].find("adjacency list of node #" + std::to_string(wrong) + ": 1 entries"), std::string::npos)
      << (*problems)[0];
  EXPECT_EQ((*problems)[1], "node #" + std::to_string(lonely) + " has edges but no adjacency list");
  store_.reset();
  auto report = Repair(db_path_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->problems.empty()) << report->problems[0];
  Reopen(GraphStore::Mode::kReadWrite);
  ExpectListsMatchKeys(32);
}

}  // namespace
}  // namespace cityties::store
