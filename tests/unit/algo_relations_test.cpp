// Relationship queries: ties, common neighbours, timeline, growth, dormant pairs, school routes and
// pairing suggestions, on a small diplomacy graph.
#include <gtest/gtest.h>

#include <cmath>

#include "algo/relations.h"
#include "algo_test_util.h"

namespace cityties::algo {
namespace {

using projection::Filter;
using projection::Projection;
using testing::GraphTest;

class RelationsTest : public GraphTest {
 protected:
  void SetUp() override {
    GraphTest::SetUp();
    Node("city/kaohsiung", "City", {{"name_en", "Kaohsiung"}});
    Node("city/gdynia", "City", {{"name_en", "Gdynia"}});
    Node("city/kumamoto", "City", {{"name_en", "Kumamoto"}});
    for (const char* s : {"school/k1", "school/k2", "school/k3"}) Node(s, "School");
    for (const char* s : {"school/g1", "school/g2"}) Node(s, "School");
    Node("school/j1", "School");
    Node("agreement/kg", "Agreement", {{"name_en", "Kaohsiung-Gdynia"}, {"date", "2025-09"}});
    Node("agreement/kj", "Agreement", {{"kind", "friendship_city"}, {"date", "2017"}});
    Node("institution/forum", "Institution");
    Node("visit/v1", "Visit", {{"date", "2015"}});
    Node("visit/v2", "Visit", {{"date", "2024-05-01"}});
    Edges({"school/k1", "school/k2", "school/k3"}, "LOCATED_IN", "city/kaohsiung");
    Edges({"school/g1", "school/g2"}, "LOCATED_IN", "city/gdynia");
    Edge("school/j1", "LOCATED_IN", "city/kumamoto");
    Edges({"city/kaohsiung", "city/gdynia"}, "PARTY_TO", "agreement/kg");
    Edges({"city/kaohsiung", "city/kumamoto"}, "PARTY_TO", "agreement/kj");
    Edge("school/k2", "PAIRED_WITH", "school/g1", {{"since", "2026-03"}});
    Edges({"school/k3", "school/g2"}, "MEMBER_OF", "institution/forum");
    Visit("city/kaohsiung", "visit/v1", {"city/kumamoto"});
    Visit("city/kaohsiung", "visit/v2", {"city/gdynia"});
    Commit();
  }
  Projection WithLocation() {
    Filter f;
    f.edge_types = {"PARTY_TO", "PAIRED_WITH", "MEMBER_OF", "HOSTED", "PARTICIPATED_IN", "LOCATED_IN"};
    return Project(f);
  }
  static std::vector<std::string> Kinds(const std::vector<SchoolRoute>& routes) {
    std::vector<std::string> out;
    for (const auto& r : routes) out.push_back(r.kind);
    return out;
  }
};

TEST_F(RelationsTest, DirectTiesGroupedWithCoParties) {
  Projection p = Project();
  auto ties = DirectTies(p, V(p, "city/kaohsiung"));
  std::vector<std::string> rows;
  for (const auto& t : ties) {
    std::string row = t.group + " " + p.vertex(t.other).ext_id;
    for (auto c : t.co_parties) row += " +" + p.vertex(c).ext_id;
    rows.push_back(row);
  }
  EXPECT_EQ(rows,
            (std::vector<std::string>{"agreement agreement/kj +city/kumamoto", "agreement agreement/kg +city/gdynia",
                                      "visit visit/v1 +city/kumamoto", "visit visit/v2 +city/gdynia"}));
}

TEST_F(RelationsTest, CommonNeighbors) {
  Projection p = Project();
  auto common = CommonNeighbors(p, V(p, "city/kaohsiung"), V(p, "city/gdynia"));
  ASSERT_EQ(common.size(), 2u);
  EXPECT_EQ(p.vertex(common[0].vertex).ext_id, "agreement/kg");
  EXPECT_EQ(p.vertex(common[1].vertex).ext_id, "visit/v2");
  EXPECT_EQ(common[1].ties_a.size(), 1u);
}

TEST_F(RelationsTest, TimelineOldestFirst) {
  Projection p = Project();
  std::vector<std::string> events;
  for (const auto& e : Timeline(p, V(p, "city/kaohsiung"))) events.push_back(e.date->ToString() + " " + e.what);
  EXPECT_EQ(events, (std::vector<std::string>{"2015 visit", "2017 agreement signed", "2024-05-01 visit",
                                              "2025-09 agreement signed"}));
}

TEST_F(RelationsTest, GrowthPerYear) {
  Projection p = Project();
  auto years = Growth(p);
  ASSERT_EQ(years.size(), 12u);  // 2015..2026
  EXPECT_EQ(years.front().year, 2015);
  EXPECT_EQ(years.front().visits, 1u);
  EXPECT_EQ(years[1].agreements_in_force, 0u);  // 2016
  EXPECT_EQ(years[2].agreements, 1u);           // 2017
  EXPECT_EQ(years[2].agreements_in_force, 1u);
  EXPECT_EQ(years[10].agreements_in_force, 2u);  // 2025
  EXPECT_EQ(years[11].pairings, 1u);             // 2026
}

TEST_F(RelationsTest, DormantPartnersHaveNoSharedActivitySince) {
  Projection p = Project();
  auto quiet = Dormant(p, *PartialDate::Parse("2020"));
  ASSERT_EQ(quiet.size(), 1u);
  EXPECT_EQ(p.vertex(quiet[0].a).ext_id, "city/kaohsiung");
  EXPECT_EQ(p.vertex(quiet[0].b).ext_id, "city/kumamoto");
  EXPECT_EQ(quiet[0].last_activity, PartialDate::Parse("2017"));  // the agreement is later than the visit
  EXPECT_EQ(quiet[0].last_what, "agreement/kj");
  auto later = Dormant(p, *PartialDate::Parse("2026"));
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(p.vertex(later[1].a).ext_id, "city/gdynia");  // pairs are ordered (a < b)
  EXPECT_EQ(later[1].last_activity, PartialDate::Parse("2025-09"));
  EXPECT_EQ(Dormant(p, *PartialDate::Parse("2026"), V(p, "city/kumamoto")).size(), 1u);
}

TEST_F(RelationsTest, SchoolPathRanksPartnershipThenPeerPairing) {
  Projection p = WithLocation();
  auto routes = SchoolPaths(p, V(p, "school/k1"), V(p, "city/gdynia"));
  ASSERT_TRUE(routes.ok()) << routes.status().message();
  ASSERT_GE(routes->size(), 3u);
  EXPECT_EQ((*routes)[0].kind, "city partnership");
  EXPECT_EQ(Ids(p, (*routes)[0].path.vertices),
            (std::vector<std::string>{"school/k1", "city/kaohsiung", "agreement/kg", "city/gdynia"}));
  EXPECT_EQ((*routes)[1].kind, "peer pairing");
  EXPECT_EQ(Ids(p, (*routes)[1].path.vertices),
            (std::vector<std::string>{"school/k1", "city/kaohsiung", "school/k2", "school/g1", "city/gdynia"}));
  EXPECT_EQ((*routes)[1].explanation.rfind("ask ", 0), 0u);  // names the peer to ask
  for (size_t i = 2; i < routes->size(); ++i) EXPECT_EQ((*routes)[i].kind, "other path");
}

TEST_F(RelationsTest, SchoolPathFindsExistingPairingsAndSharedTies) {
  Projection p = WithLocation();
  auto direct = SchoolPaths(p, V(p, "school/k2"), V(p, "city/gdynia"));
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ((*direct)[0].kind, "existing pairing");
  EXPECT_EQ(Ids(p, (*direct)[0].path.vertices), (std::vector<std::string>{"school/k2", "school/g1", "city/gdynia"}));
  auto shared = SchoolPaths(p, V(p, "school/k3"), V(p, "school/g2"));
  ASSERT_TRUE(shared.ok());
  std::vector<std::string> kinds = Kinds(*shared);
  auto it = std::find(kinds.begin(), kinds.end(), "shared tie");
  ASSERT_NE(it, kinds.end());
  EXPECT_EQ(Ids(p, (*shared)[it - kinds.begin()].path.vertices),
            (std::vector<std::string>{"school/k3", "institution/forum", "school/g2"}));
  EXPECT_EQ(SchoolPaths(p, V(p, "city/kaohsiung"), V(p, "city/gdynia")).status().code(),
            Status::Code::kInvalidArgument);
}

TEST_F(RelationsTest, PairingSuggestionsByExtendedAdamicAdar) {
  Projection p = Project();
  auto cands = SuggestPairings(p, V(p, "school/k1"), std::nullopt, 10);
  ASSERT_TRUE(cands.ok());
  ASSERT_EQ(cands->size(), 3u);
  // Each shares two degree-2 hubs through its city: the agreement and a visit.
  for (const auto& c : *cands) EXPECT_NEAR(c.score, 2 / std::log(2.0), 1e-12);
  EXPECT_EQ(p.vertex((*cands)[0].school).ext_id, "school/g1");  // ties broken by precedents, then id
  EXPECT_EQ((*cands)[0].precedents, 1u);
  EXPECT_EQ(p.vertex((*cands)[1].school).ext_id, "school/g2");
  EXPECT_EQ(p.vertex((*cands)[2].school).ext_id, "school/j1");
  EXPECT_EQ((*cands)[2].precedents, 0u);
  auto in_kumamoto = SuggestPairings(p, V(p, "school/k1"), V(p, "city/kumamoto"), 10);
  ASSERT_EQ(in_kumamoto->size(), 1u);
  // Existing partners are left out.
  auto k2 = SuggestPairings(p, V(p, "school/k2"), std::nullopt, 10);
  for (const auto& c : *k2) EXPECT_NE(p.vertex(c.school).ext_id, "school/g1");
}

}  // namespace
}  // namespace cityties::algo
