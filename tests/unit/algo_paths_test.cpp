// Shortest paths, Yen's k shortest paths, all simple paths and neighbourhoods.
#include <gtest/gtest.h>

#include <set>

#include "algo/paths.h"
#include "algo_test_util.h"

namespace cityties::algo {
namespace {

using projection::Projection;
using testing::GraphTest;

class PathTest : public GraphTest {
 protected:
  // Two equal-length routes 1-2-4 and 1-3-4, a longer 1-5-6-4, and 7 alone. Stored directions are
  // mixed on purpose: paths ignore them.
  Projection Diamond() { return ProjectEdges({{1, 2}, {4, 2}, {1, 3}, {3, 4}, {5, 1}, {5, 6}, {6, 4}}, true, {7}); }
  std::vector<std::string> Seq(const Projection& p, const Path& path) { return Ids(p, path.vertices); }
};

TEST_F(PathTest, ShortestPathTakesTheSmallestVertexSequenceAmongEqualOnes) {
  Projection p = Diamond();
  auto path = ShortestPath(p, V(p, "1"), V(p, "4"));
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(Seq(p, *path), (std::vector<std::string>{"1", "2", "4"}));
  EXPECT_EQ(path->length, 2);
  ASSERT_EQ(path->hops.size(), 2u);
  EXPECT_TRUE(path->hops[0].forward);   // stored 1 -> 2
  EXPECT_FALSE(path->hops[1].forward);  // stored 4 -> 2, walked 2 -> 4
  EXPECT_EQ(p.vertex(p.tie(path->hops[1].tie).src).ext_id, "4");
  // And from the other end.
  EXPECT_EQ(Seq(p, *ShortestPath(p, V(p, "4"), V(p, "1"))), (std::vector<std::string>{"4", "2", "1"}));
}

TEST_F(PathTest, NoPathIsNotFound) {
  Projection p = Diamond();
  EXPECT_TRUE(ShortestPath(p, V(p, "1"), V(p, "7")).status().IsNotFound());
  EXPECT_TRUE(KShortestPaths(p, V(p, "1"), V(p, "7"), 3).empty());
}

TEST_F(PathTest, PathToItselfHasNoHops) {
  Projection p = Diamond();
  auto path = ShortestPath(p, V(p, "3"), V(p, "3"));
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(path->vertices.size(), 1u);
  EXPECT_TRUE(path->hops.empty());
}

TEST_F(PathTest, WeightedShortestPath) {
  Projection p = ProjectEdges({{1, 2, 1}, {2, 4, 1}, {1, 3, 0.5}, {3, 4, 0.5}, {1, 4, 5}}, false, {}, true);
  PathOptions weighted;
  weighted.weighted = true;
  auto path = ShortestPath(p, V(p, "1"), V(p, "4"), weighted);
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(Seq(p, *path), (std::vector<std::string>{"1", "3", "4"}));
  EXPECT_DOUBLE_EQ(path->length, 1.0);
  EXPECT_EQ(Seq(p, *ShortestPath(p, V(p, "1"), V(p, "4"))), (std::vector<std::string>{"1", "4"}));
}

TEST_F(PathTest, YenListsLooplessPathsShortestFirst) {
  Projection p = Diamond();
  auto paths = KShortestPaths(p, V(p, "1"), V(p, "4"), 5);
  ASSERT_EQ(paths.size(), 3u);  // there are exactly three simple paths
  EXPECT_EQ(Seq(p, paths[0]), (std::vector<std::string>{"1", "2", "4"}));
  EXPECT_EQ(Seq(p, paths[1]), (std::vector<std::string>{"1", "3", "4"}));
  EXPECT_EQ(Seq(p, paths[2]), (std::vector<std::string>{"1", "5", "6", "4"}));
  EXPECT_EQ(paths[2].length, 3);
  EXPECT_EQ(KShortestPaths(p, V(p, "1"), V(p, "4"), 1).size(), 1u);
}

TEST_F(PathTest, YenOnAGridAgreesWithCounting) {
  // A 3x3 grid: 6 shortest (4-hop) paths from corner to corner.
  std::vector<Link> links;
  auto id = [](int r, int c) { return static_cast<uint64_t>(10 * r + c + 11); };
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      if (c < 2) links.push_back({id(r, c), id(r, c + 1)});
      if (r < 2) links.push_back({id(r, c), id(r + 1, c)});
    }
  }
  Projection p = ProjectEdges(links, false);
  auto paths = KShortestPaths(p, V(p, "11"), V(p, "33"), 8);
  ASSERT_EQ(paths.size(), 8u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(paths[i].length, 4) << i;
  EXPECT_EQ(paths[6].length, 6);
  std::set<std::vector<projection::Vertex>> distinct;
  for (const auto& q : paths) distinct.insert(q.vertices);
  EXPECT_EQ(distinct.size(), 8u);
}

TEST_F(PathTest, AllSimplePathsUpToAHopLimit) {
  Projection p = Diamond();
  bool truncated = true;
  auto paths = AllSimplePaths(p, V(p, "1"), V(p, "4"), 2, 100, &truncated);
  EXPECT_FALSE(truncated);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(AllSimplePaths(p, V(p, "1"), V(p, "4"), 3, 100).size(), 3u);
  auto limited = AllSimplePaths(p, V(p, "1"), V(p, "4"), 3, 1, &truncated);
  EXPECT_TRUE(truncated);
  ASSERT_EQ(limited.size(), 1u);
  EXPECT_EQ(Seq(p, limited[0]), (std::vector<std::string>{"1", "2", "4"}));
}

TEST_F(PathTest, NeighborhoodByDepthWithTheSmallestParent) {
  Projection p = Diamond();
  auto reached = Neighborhood(p, V(p, "1"), 1);
  std::vector<std::string> ids;
  for (const auto& r : reached) ids.push_back(p.vertex(r.vertex).ext_id + "@" + std::to_string(r.depth));
  EXPECT_EQ(ids, (std::vector<std::string>{"1@0", "2@1", "3@1", "5@1"}));
  auto two = Neighborhood(p, V(p, "1"), 2);
  ASSERT_EQ(two.size(), 6u);
  EXPECT_EQ(p.vertex(two[4].vertex).ext_id, "4");
  EXPECT_EQ(p.vertex(two[4].parent).ext_id, "2");  // 2, 3 and 6 all lead there; 2 is smallest
}

}  // namespace
}  // namespace cityties::algo
