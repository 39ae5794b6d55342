// Centrality, components, brokers, k-cores, communities and clustering on hand-checked graphs.
#include <gtest/gtest.h>

#include <numeric>

#include "algo/analytics.h"
#include "algo_test_util.h"

namespace cityties::algo {
namespace {

using testing::GraphTest;

class StructureTest : public GraphTest {
 protected:
  // A triangle 1-2-3 with a tail 3-4-5, and 7 alone (stored directions do not matter).
  Projection Kite() { return ProjectEdges({{1, 2}, {3, 2}, {1, 3}, {3, 4}, {5, 4}}, true, {7}); }
};

TEST_F(StructureTest, DegreeBetweennessCloseness) {
  Projection p = Kite();
  auto degree = ById(p, Centrality(p, Measure::kDegree));
  EXPECT_EQ(degree["3"], 3);
  EXPECT_EQ(degree["7"], 0);
  // 6 vertices; NetworkX normalisation: pairs / ((n-1)(n-2)/2) = pairs / 10.
  auto between = ById(p, Centrality(p, Measure::kBetweenness));
  EXPECT_DOUBLE_EQ(between["3"], 0.4);  // (1,4) (1,5) (2,4) (2,5)
  EXPECT_DOUBLE_EQ(between["4"], 0.3);  // (1,5) (2,5) (3,5)
  EXPECT_DOUBLE_EQ(between["1"], 0.0);
  auto close = ById(p, Centrality(p, Measure::kCloseness));
  EXPECT_DOUBLE_EQ(close["3"], (4.0 / 5) * (4.0 / 5));  // 4 reachable at distances 1,1,1,2; n-1 = 5
  EXPECT_DOUBLE_EQ(close["7"], 0.0);
  auto rank = Centrality(p, Measure::kPageRank);
  EXPECT_NEAR(std::accumulate(rank.begin(), rank.end(), 0.0), 1.0, 1e-9);
  EXPECT_EQ(ParseMeasure("eigenvector").status().code(), Status::Code::kInvalidArgument);
}

TEST_F(StructureTest, ComponentsLargestFirst) {
  Projection p = Kite();
  Partition part = Components(p);
  ASSERT_EQ(part.groups.size(), 2u);
  EXPECT_EQ(Ids(p, part.groups[0]), (std::vector<std::string>{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(Ids(p, part.groups[1]), (std::vector<std::string>{"7"}));
  EXPECT_EQ(part.group_of[V(p, "7")], 1u);
}

TEST_F(StructureTest, BrokersAreArticulationPointsAndBridgesWithWhatHangsOnThem) {
  Projection p = Kite();
  Brokers b = FindBrokers(p);
  ASSERT_EQ(b.articulation_points.size(), 2u);
  EXPECT_EQ(p.vertex(b.articulation_points[0].vertex).ext_id, "3");
  EXPECT_EQ(b.articulation_points[0].pieces, 2u);  // {1,2} and {4,5}
  EXPECT_EQ(b.articulation_points[0].cut_off, 2u);
  EXPECT_EQ(b.articulation_points[0].component_size, 5u);
  EXPECT_EQ(p.vertex(b.articulation_points[1].vertex).ext_id, "4");
  EXPECT_EQ(b.articulation_points[1].cut_off, 1u);  // 5
  ASSERT_EQ(b.bridges.size(), 2u);
  EXPECT_EQ(p.vertex(b.bridges[0].a).ext_id, "3");
  EXPECT_EQ(p.vertex(b.bridges[0].b).ext_id, "4");
  EXPECT_EQ(b.bridges[0].cut_off, 2u);
  EXPECT_EQ(p.vertex(b.bridges[1].a).ext_id, "4");
  EXPECT_EQ(b.bridges[1].cut_off, 1u);
}

TEST_F(StructureTest, ArticulationPointAtTheDfsRoot) {
  // A star: 1 is the hub, found first by the DFS.
  Projection p = ProjectEdges({{1, 2}, {1, 3}, {1, 4}}, false);
  Brokers b = FindBrokers(p);
  ASSERT_EQ(b.articulation_points.size(), 1u);
  EXPECT_EQ(b.articulation_points[0].pieces, 3u);
  EXPECT_EQ(b.articulation_points[0].cut_off, 2u);
  EXPECT_EQ(b.bridges.size(), 3u);
}

TEST_F(StructureTest, CoreNumbers) {
  Projection p = Kite();
  auto core = ById(p, CoreNumbers(p));
  EXPECT_EQ(core, (std::map<std::string, uint32_t>{{"1", 2}, {"2", 2}, {"3", 2}, {"4", 1}, {"5", 1}, {"7", 0}}));
}

TEST_F(StructureTest, CommunitiesOfTwoSeparateCliques) {
  Projection p = ProjectEdges({{1, 2}, {1, 3}, {2, 3}, {4, 5}, {4, 6}, {5, 6}, {5, 7}, {6, 7}, {4, 7}}, false, {9});
  Partition part = Communities(p);
  ASSERT_EQ(part.groups.size(), 3u);
  EXPECT_EQ(Ids(p, part.groups[0]), (std::vector<std::string>{"4", "5", "6", "7"}));
  EXPECT_EQ(Ids(p, part.groups[1]), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(Ids(p, part.groups[2]), (std::vector<std::string>{"9"}));
}

TEST_F(StructureTest, CommunitiesFollowTheDocumentedRule) {
  // A path 1-2-3-4. Round 1: 1 takes 2 (its only neighbour); 2 sees {2 (1's new label), 3}: its
  // own label 2 is among the most frequent, it keeps it; 3 sees {2, 4} -> smallest, 2; 4 sees {2}.
  Projection p = ProjectEdges({{1, 2}, {2, 3}, {3, 4}}, false);
  Partition part = Communities(p);
  ASSERT_EQ(part.groups.size(), 1u);
  EXPECT_EQ(part.groups[0].size(), 4u);
}

TEST_F(StructureTest, ClusteringIsTheUndirectedLocalCoefficient) {
  Projection p = Kite();
  auto c = ById(p, Clustering(p));
  EXPECT_DOUBLE_EQ(c["1"], 1.0);
  EXPECT_DOUBLE_EQ(c["3"], 1.0 / 3);
  EXPECT_DOUBLE_EQ(c["4"], 0.0);
}

}  // namespace
}  // namespace cityties::algo
