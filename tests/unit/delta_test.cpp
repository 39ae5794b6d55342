// The projection base brought up to date from the change log (projection/delta.h) against the
// base a full scan gives: every kind of small edit, several commits at once, and the writes that
// break the log's chain (which must mean a rebuild).
#include "projection/delta.h"

#include <gtest/gtest.h>

#include "algo_test_util.h"
#include "projection/cache.h"
#include "projection/cache_format.h"

namespace cityties::projection {
namespace {

class DeltaTest : public testing::GraphTest {
 protected:
  void SetUp() override {
    GraphTest::SetUp();
    Node("country/tw", "Country", {{"name_en", "Taiwan"}});
    Node("country/jp", "Country", {{"name_en", "Japan"}});
    Node("city/kaohsiung", "City", {{"name_en", "Kaohsiung"}, {"country", "country/tw"}});
    Node("city/kumamoto", "City", {{"name_en", "Kumamoto"}});  // country only through LOCATED_IN
    Node("school/khs", "School", {{"name_en", "Kaohsiung High"}});
    Node("school/kms", "School", {{"name_en", "Kumamoto High"}});
    Node("agreement/a2", "Agreement", {{"date", "2017"}});
    Edge("city/kaohsiung", "LOCATED_IN", "country/tw");
    Edge("city/kumamoto", "LOCATED_IN", "country/jp");
    Edge("school/khs", "LOCATED_IN", "city/kaohsiung");
    Edge("school/kms", "LOCATED_IN", "city/kumamoto");
    Edges({"city/kaohsiung", "city/kumamoto"}, "PARTY_TO", "agreement/a2");
    Edge("school/khs", "PAIRED_WITH", "school/kms", {{"since", "2019"}});
    Commit();
    cached_sequence_ = store_->Sequence();
    BaseSource source;
    Load(&source);  // writes the cache of this state
    EXPECT_FALSE(source.from_cache);
  }

  std::shared_ptr<const Base> Load(BaseSource* source) {
    auto base = LoadBase(*store_, true, source);
    EXPECT_TRUE(base.ok()) << base.status().message();
    return base.ok() ? *base : nullptr;
  }

  // Loads the base through the cache and checks that it is the scanned base, byte for byte, and
  // that it came from the cache and `commits` logged commits.
  void ExpectUpdatedFrom(size_t commits) {
    BaseSource source;
    auto loaded = Load(&source);
    auto scanned = ScanBase(*store_);
    ASSERT_TRUE(loaded && scanned.ok());
    EXPECT_TRUE(source.from_cache);
    EXPECT_EQ(source.commits_applied, commits);
    EXPECT_EQ(loaded->sequence, store_->Sequence());
    EXPECT_EQ(EncodeCache(*loaded), EncodeCache(**scanned));
  }

  void Update(const std::string& id, store::Json props) {
    pending_.nodes.push_back({id, "", std::move(props), store::WriteMode::kUpdate, id});
  }

  uint64_t cached_sequence_ = 0;
};

TEST_F(DeltaTest, ANewNodeAndItsTiesEqualARebuild) {
  Node("city/tainan", "City", {{"name_en", "Tainan"}});
  Node("school/ths", "School", {{"name_en", "Tainan High"}});
  Edge("city/tainan", "LOCATED_IN", "country/tw");
  Edge("school/ths", "LOCATED_IN", "city/tainan");
  Edge("school/ths", "PAIRED_WITH", "school/kms");
  Commit();
  ExpectUpdatedFrom(1);
  BaseSource source;
  auto base = Load(&source);
  EXPECT_EQ(source.commits_applied, 0u);  // the updated cache was saved
  EXPECT_TRUE(source.from_cache);
}

TEST_F(DeltaTest, ChangedPropertiesEqualARebuild) {
  Update("city/kumamoto", {{"name_en", "Kumamoto City"}});
  Update("agreement/a2", {{"date", "2016-04"}});
  pending_.edges.push_back({"school/khs",
                            "PAIRED_WITH",
                            "school/kms",
                            {{"since", "2018"}, {"weight", 2.5}},
                            store::WriteMode::kUpsert,
                            "edge"});
  Commit();
  ExpectUpdatedFrom(1);
}

TEST_F(DeltaTest, AMovedLocationMovesEverythingLocatedThroughIt) {
  // Kumamoto High's country comes from Kumamoto's LOCATED_IN: moving the city moves the school.
  pending_.edge_deletes.push_back({"city/kumamoto", "LOCATED_IN", "country/jp", "move"});
  Edge("city/kumamoto", "LOCATED_IN", "country/tw");
  Commit();
  ExpectUpdatedFrom(1);
  BaseSource source;
  auto base = Load(&source);
  bool seen = false;
  for (const auto& v : base->vertices) {
    if (v.ext_id != "school/kms") continue;
    seen = true;
    EXPECT_EQ(v.country, "country/tw");
    EXPECT_TRUE(v.country_inferred);
    EXPECT_EQ(v.city, "city/kumamoto");
  }
  EXPECT_TRUE(seen);
}

TEST_F(DeltaTest, DeletedNodesAndEdgesEqualARebuild) {
  pending_.node_deletes.push_back({"agreement/a2", true, "delete"});
  pending_.edge_deletes.push_back({"school/khs", "PAIRED_WITH", "school/kms", "delete"});
  Commit();
  ExpectUpdatedFrom(1);
  // A deleted node's id is not reused, and a node created after it goes last.
  Node("agreement/a9", "Agreement", {{"date", "2024"}});
  Edges({"city/kaohsiung"}, "PARTY_TO", "agreement/a9");
  Commit();
  ExpectUpdatedFrom(1);
}

TEST_F(DeltaTest, SeveralCommitsAreAppliedInOrder) {
  Node("city/osaka", "City", {{"name_en", "Osaka"}});
  Commit();
  Edge("city/osaka", "LOCATED_IN", "country/jp");
  Commit();
  Update("city/osaka", {{"name_en", "Osaka City"}});
  Commit();
  pending_.node_deletes.push_back({"city/osaka", true, "delete"});
  Commit();
  ExpectUpdatedFrom(4);
}

TEST_F(DeltaTest, AWriteThatLogsNothingMeansARebuild) {
  Node("city/osaka", "City", {{"name_en", "Osaka"}});
  Commit();
  ASSERT_TRUE(store_->PutMeta("note", "an unlogged write").ok());
  Edge("city/osaka", "LOCATED_IN", "country/jp");
  Commit();
  BaseSource source;
  auto loaded = Load(&source);
  auto scanned = ScanBase(*store_);
  ASSERT_TRUE(loaded && scanned.ok());
  EXPECT_FALSE(source.from_cache);
  EXPECT_EQ(EncodeCache(*loaded), EncodeCache(**scanned));
  EXPECT_TRUE(store_->ChangesSince(cached_sequence_).status().IsNotFound());
}

TEST_F(DeltaTest, TheLogKeepsItsLatestCommitsAndAnOlderCacheIsRebuilt) {
  store_->SetChangeLogLength(2);
  const uint64_t cached = cached_sequence_;
  std::vector<uint64_t> sequences{cached};
  for (const char* id : {"city/a", "city/b", "city/c"}) {
    Node(id, "City");
    Commit();
    sequences.push_back(store_->Sequence());
  }
  // Each record ends at the sequence its commit left; the oldest was removed by the third.
  auto two = store_->ChangesSince(sequences[1]);
  ASSERT_TRUE(two.ok()) << two.status().message();
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].from_sequence, sequences[1]);
  EXPECT_EQ((*two)[1].to_sequence, sequences[3]);
  EXPECT_EQ((*two)[1].nodes.size(), 1u);
  EXPECT_TRUE(store_->ChangesSince(cached).status().IsNotFound());
  EXPECT_TRUE(store_->ChangesSince(sequences[3])->empty());
  BaseSource source;
  Load(&source);
  EXPECT_FALSE(source.from_cache);
}

}  // namespace
}  // namespace cityties::projection
