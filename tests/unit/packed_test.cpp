// The packed column families (store/format.h), adjacency lists and head blocks: their codecs, and
// that every write path keeps them equal to the keys they pack, in the same atomic write.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <random>
#include <set>

#include "raw_database.h"
#include "store/graph_store.h"
#include "store/repair.h"
#include "test_util.h"

namespace cityties::store {
namespace {

using testing::PutRaw;
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
      std::string("\x80\x00\x01\x01\x05", 5),                                           // direction 128
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

TEST(HeadBlockFormat, RoundTripsAndNamesEveryNodeOfItsBlock) {
  const std::vector<HeadEntry> heads = {{128, 3, "city/kumamoto"}, {130, 1, ""}, {191, 65535, "x"}};
  const std::string value = EncodeHeadBlock(heads);
  EXPECT_EQ(value.size(), 3 * 4 + 13 + 0 + 1);
  std::vector<HeadEntry> back;
  ASSERT_TRUE(DecodeHeadBlock(2, value, &back).ok());
  ASSERT_EQ(back.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back[i].node, heads[i].node);
    EXPECT_EQ(back[i].label, heads[i].label);
    EXPECT_EQ(back[i].ext_id, heads[i].ext_id);
  }
  back.clear();
  ASSERT_TRUE(DecodeHeadBlock(5, value, &back).ok());  // the key places the block
  EXPECT_EQ(back[0].node, 5 * kHeadBlockSize);
}

TEST(HeadBlockFormat, MalformedBlocksAreCorruption) {
  const std::vector<std::string> bad = {
      "",                                                  // a block of no node
      std::string("\x40\x00\x01\x00", 4),                  // slot 64: past the block
      std::string("\x02\x00\x01\x00\x01\x00\x01\x00", 8),  // slots out of order
      std::string("\x01\x00\x01\x00\x01\x00\x01\x00", 8),  // one slot twice
      std::string("\x01\x00", 2),                          // cut in the label
      std::string("\x01\x00\x01", 3),                      // no ext length
      std::string("\x01\x00\x01\x05"
                  "abc",
                  7),  // an ext id cut short
      std::string("\x01\x00\x01\x83\x00"
                  "abc",
                  8),  // an overlong length
  };
  for (const auto& value : bad) {
    std::vector<HeadEntry> out;
    EXPECT_TRUE(DecodeHeadBlock(0, value, &out).IsCorruption()) << ::testing::PrintToString(value);
  }
  std::vector<HeadEntry> out;
  EXPECT_TRUE(DecodeHeadBlock(UINT64_MAX / 2, EncodeHeadBlock({{0, 1, "a"}}), &out).IsCorruption());
}

// ---- the store

// Every node's adjacency as the lists give it and as its keys do.
class PackedTest : public StoreTest {
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
  // Every stored node's head as the head blocks give it, against its value.
  void ExpectHeadsMatchNodes() {
    std::vector<NodeId> ids;
    std::vector<std::pair<std::string, std::string>> expected;  // label, ext id
    ASSERT_TRUE(store_
                    ->ForEachNode([&](const Node& n) {
                      ids.push_back(n.id);
                      expected.push_back({n.label, n.ext_id});
                      return true;
                    })
                    .ok());
    std::reverse(ids.begin(), ids.end());  // any order
    std::reverse(expected.begin(), expected.end());
    auto heads = store_->GetNodeHeads(ids);
    ASSERT_TRUE(heads.ok()) << heads.status().message();
    for (size_t i = 0; i < ids.size(); ++i) {
      EXPECT_EQ(store_->schema().LabelByCode((*heads)[i].label)->name, expected[i].first) << ids[i];
      EXPECT_EQ((*heads)[i].ext_id, expected[i].second) << ids[i];
    }
  }
  void ExpectListsMatchKeys(NodeId max_node) {
    ASSERT_TRUE(store_->packed());
    for (NodeId node = 1; node <= max_node; ++node) {
      std::vector<AdjacentEntry> packed;
      ASSERT_TRUE(store_->ReadAdjacent(node, &packed).ok());
      ASSERT_EQ(packed, FromKeys(node)) << "node #" << node;
    }
    ExpectHeadsMatchNodes();
    auto problems = store_->Validate();
    ASSERT_TRUE(problems.ok());
    EXPECT_TRUE(problems->empty()) << (*problems)[0];
  }
  // Closes the store, repairs the database, and expects nothing left to repair and every list and
  // head block equal to the keys again.
  void ExpectRepairRestoresLists(NodeId max_node) {
    store_.reset();
    auto report = Repair(db_path_);
    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_TRUE(report->problems.empty()) << report->problems[0];
    Reopen(GraphStore::Mode::kReadWrite);
    ExpectListsMatchKeys(max_node);
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

TEST_F(PackedTest, SmallCommitsKeepEveryListEqualToItsKeys) {
  ASSERT_TRUE(store_->Apply(RandomWrites(40, 120, 1)).ok());
  ExpectListsMatchKeys(46);
  for (unsigned round = 2; round < 8; ++round) {
    ASSERT_TRUE(store_->Apply(RandomWrites(40, 60, round)).ok()) << round;
    ExpectListsMatchKeys(46);
    ASSERT_TRUE(store_->Apply(DeleteSome(40, 3 + round % 2)).ok()) << round;
    ExpectListsMatchKeys(46);
  }
  // A renamed node keeps its head; a detached node's edges leave every list they were on, its own
  // list and its head go, and a read of its head is NotFound.
  WriteSet renamed;
  renamed.nodes.push_back({"city/c5", "", {{"name_en", "Renamed"}}, WriteMode::kUpdate, "r"});
  ASSERT_TRUE(store_->Apply(renamed).ok());
  ExpectListsMatchKeys(46);
  WriteSet gone;
  gone.node_deletes.push_back({"city/c0", true, "gone"});
  gone.node_deletes.push_back({"country/x", true, "gone"});
  const NodeId country = *store_->Resolve("country/x");
  ASSERT_TRUE(store_->Apply(gone).ok());
  ExpectListsMatchKeys(46);
  std::vector<AdjacentEntry> none;
  ASSERT_TRUE(store_->ReadAdjacent(country, &none).ok());
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(store_->GetNodeHeads({country}).status().IsNotFound());
}

TEST_F(PackedTest, BulkCommitsPackTheirListsWholeOrSpilledAndRebuilt) {
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
  EXPECT_TRUE(store_->GetMeta(meta::kPackedStaleKey).status().IsNotFound());
  Reopen(GraphStore::Mode::kReadOnly);
  EXPECT_TRUE(store_->packed());
}

// A database as format 2 left it: no packed column families, version "2".
void MakeFormatTwo(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), path, cfs, &handles, &raw).ok());
  for (int cf = kFirstPackedCf; cf < kNumCfs; ++cf) ASSERT_TRUE(raw->DropColumnFamily(handles[cf]).ok());
  ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[kMetaCf], meta::kFormatVersionKey, "2").ok());
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
  delete raw;
}

TEST_F(PackedTest, FormatTwoDatabasesAreReadFromTheKeysUntilAWriterPacksThem) {
  ASSERT_TRUE(store_->Apply(RandomWrites(50, 150, 21)).ok());
  std::vector<std::vector<AdjacentEntry>> before;
  for (NodeId node = 1; node <= 52; ++node) before.push_back(FromKeys(node));
  store_.reset();
  MakeFormatTwo(db_path_);
  Reopen(GraphStore::Mode::kReadOnly);
  EXPECT_FALSE(store_->packed());
  for (NodeId node = 1; node <= 52; ++node) {
    std::vector<AdjacentEntry> read;
    ASSERT_TRUE(store_->ReadAdjacent(node, &read).ok());
    EXPECT_EQ(read, before[node - 1]) << node;
  }
  ExpectHeadsMatchNodes();                                    // from the node values
  EXPECT_EQ(*store_->GetMeta(meta::kFormatVersionKey), "2");  // a reader writes nothing
  Reopen(GraphStore::Mode::kReadWrite);
  EXPECT_EQ(*store_->GetMeta(meta::kFormatVersionKey), std::to_string(kFormatVersion));
  ExpectListsMatchKeys(52);
  Reopen(GraphStore::Mode::kReadOnly);
  EXPECT_TRUE(store_->packed());
  ExpectListsMatchKeys(52);
}

TEST_F(PackedTest, AStaleMarkSendsReadersToTheKeysAndTheNextWriterRebuilds) {
  ASSERT_TRUE(store_->Apply(RandomWrites(30, 80, 31)).ok());
  const NodeId node = *store_->Resolve("city/c1");
  const auto keys = FromKeys(node);
  store_.reset();
  // As a spilled commit that died before its rebuild leaves it: the mark, and a wrong list.
  PutRaw(db_path_, kMetaCf, meta::kPackedStaleKey, "");
  PutRaw(db_path_, kAdjacencyCf, EncodeNodeId(node), EncodeAdjacencyList({{1, true, 999}}));
  PutRaw(db_path_, kHeadsCf, EncodeNodeId(node / kHeadBlockSize), EncodeHeadBlock({{node, 1, "wrong"}}));
  Reopen(GraphStore::Mode::kReadOnly);
  EXPECT_FALSE(store_->packed());
  std::vector<AdjacentEntry> read;
  ASSERT_TRUE(store_->ReadAdjacent(node, &read).ok());
  EXPECT_EQ(read, keys);
  EXPECT_EQ((*store_->GetNodeHeads({node}))[0].ext_id, "city/c1");
  Reopen(GraphStore::Mode::kReadWrite);
  EXPECT_TRUE(store_->GetMeta(meta::kPackedStaleKey).status().IsNotFound());
  ExpectListsMatchKeys(32);
}

TEST_F(PackedTest, ValidateNamesWrongAndMissingListsAndRepairRebuildsThem) {
  ASSERT_TRUE(store_->Apply(RandomWrites(30, 80, 41)).ok());
  const NodeId wrong = *store_->Resolve("city/c2"), lonely = *store_->Resolve("country/x");
  store_.reset();
  PutRaw(db_path_, kAdjacencyCf, EncodeNodeId(wrong), EncodeAdjacencyList({{1, true, 999}}));
  testing::DeleteRaw(db_path_, kAdjacencyCf, EncodeNodeId(lonely));
  Reopen(GraphStore::Mode::kReadOnly);
  auto problems = store_->Validate();
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 2u);
  EXPECT_NE((*problems)[0].find("adjacency list of node #" + std::to_string(wrong) + ": 1 entries"), std::string::npos)
      << (*problems)[0];
  EXPECT_EQ((*problems)[1], "node #" + std::to_string(lonely) + " has edges but no adjacency list");
  ExpectRepairRestoresLists(32);
}

TEST_F(PackedTest, ValidateNamesWrongAndMissingHeadsAndRepairRebuildsThem) {
  ASSERT_TRUE(store_->Apply(RandomWrites(30, 80, 51)).ok());
  const NodeId renamed = *store_->Resolve("city/c3");
  store_.reset();
  // A block that names a node as another, and a head for a node that does not exist.
  PutRaw(db_path_, kHeadsCf, EncodeNodeId(0),
         EncodeHeadBlock({{renamed, 1, "city/elsewhere"}, {kHeadBlockSize - 1, 1, "ghost"}}));
  Reopen(GraphStore::Mode::kReadOnly);
  auto problems = store_->Validate();
  ASSERT_TRUE(problems.ok());
  std::string all;
  for (const auto& p : *problems) all += p + "\n";
  EXPECT_NE(all.find("node #" + std::to_string(renamed) + ": its head block says 'city/elsewhere'"), std::string::npos)
      << all;
  EXPECT_NE(all.find("node #1 has no head in its head block"), std::string::npos) << all;
  EXPECT_NE(all.find("a head for node #63, which does not exist"), std::string::npos) << all;
  ExpectRepairRestoresLists(32);
}

}  // namespace
}  // namespace cityties::store
