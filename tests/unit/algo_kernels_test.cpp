// The LDBC Graphalytics kernels on small graphs whose answers are worked out by hand.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "algo/analytics.h"
#include "algo/kernels.h"
#include "algo_test_util.h"

namespace cityties::algo {
namespace {

using testing::GraphTest;

class KernelTest : public GraphTest {
 protected:
  // Directed: 1->2, 1->3, 2->3, 3->1, 4->3; 6 isolated.
  Projection Directed() { return ProjectEdges({{1, 2}, {1, 3}, {2, 3}, {3, 1}, {4, 3}}, true, {6}); }
  // Undirected, weighted: 1-2 (1), 2-3 (1), 1-3 (3), 3-4 (2), 4-5 (0.5); 7 isolated.
  Projection Undirected() {
    return ProjectEdges({{1, 2, 1}, {2, 3, 1}, {1, 3, 3}, {3, 4, 2}, {4, 5, 0.5}}, false, {7}, true);
  }
  static std::map<std::string, std::string> LabelsById(const Projection& p, const std::vector<Vertex>& labels) {
    std::map<std::string, std::string> out;
    for (Vertex v = 0; v < labels.size(); ++v) out[p.vertex(v).ext_id] = p.vertex(labels[v]).ext_id;
    return out;
  }
};

TEST_F(KernelTest, BfsFollowsOutEdgesInADirectedGraph) {
  Projection p = Directed();
  auto d = ById(p, Bfs(p, V(p, "1")));
  EXPECT_EQ(d,
            (std::map<std::string, int64_t>{{"1", 0}, {"2", 1}, {"3", 1}, {"4", kUnreachable}, {"6", kUnreachable}}));
  auto from4 = ById(p, Bfs(p, V(p, "4")));
  EXPECT_EQ(from4["1"], 2);
  EXPECT_EQ(from4["2"], 3);
}

TEST_F(KernelTest, BfsIgnoresDirectionInAnUndirectedGraph) {
  Projection p = Undirected();
  auto d = ById(p, Bfs(p, V(p, "5")));
  EXPECT_EQ(d, (std::map<std::string, int64_t>{{"1", 3}, {"2", 3}, {"3", 2}, {"4", 1}, {"5", 0}, {"7", kUnreachable}}));
}

// The direction-optimizing BFS gives Boost's depths on a graph with a hub (its levels run bottom
// up), a long path (top down again) and a separate component, from every kind of source.
TEST(BfsDepthsOfSymmetric, GivesTheDepthsOfAPlainBfs) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const size_t n = 3000;
  Graph g(n);
  auto tie = [&](size_t a, size_t b) {
    boost::add_edge(a, b, g);
    boost::add_edge(b, a, g);
  };
  std::mt19937 random(11);
  for (size_t v = 1; v < 2000; ++v) {
    if (random() % 10 < 6) tie(0, v);  // the hub
  }
  for (size_t i = 0; i < 4000; ++i) tie(random() % 2000, random() % 2000);
  for (size_t v = 2000; v < 2600; ++v) tie(v - 1, v);  // a path off the dense part
  for (size_t v = 2701; v < 2800; ++v) tie(2700, v);   // another component; the rest isolated
  for (size_t source : {0, 5, 1999, 2599, 2700, 2750, 2999}) {
    EXPECT_EQ(kernels::BfsDepthsOfSymmetric(g, source), kernels::BfsDepths(g, source)) << source;
  }
  EXPECT_EQ(kernels::BfsDepthsOfSymmetric(g, n)[0], kernels::kUnreachableDepth);  // no such source
}

TEST_F(KernelTest, SsspUsesTheWeights) {
  Projection p = Undirected();
  auto d = Sssp(p, V(p, "1"));
  ASSERT_TRUE(d.ok());
  auto byid = ById(p, *d);
  EXPECT_EQ(byid["1"], 0);
  EXPECT_EQ(byid["2"], 1);
  EXPECT_EQ(byid["3"], 2);  // through 2, not the direct 3
  EXPECT_EQ(byid["4"], 4);
  EXPECT_EQ(byid["5"], 4.5);
  EXPECT_TRUE(std::isinf(byid["7"]));
}

TEST_F(KernelTest, SsspRejectsNegativeWeights) {
  Projection p = ProjectEdges({{1, 2, -1}}, true, {}, true);
  EXPECT_EQ(Sssp(p, V(p, "1")).status().code(), Status::Code::kInvalidArgument);
}

TEST_F(KernelTest, WccLabelsEachVertexWithTheSmallestIdOfItsComponent) {
  Projection p = ProjectEdges({{20, 3}, {3, 100}, {7, 8}}, true, {1});
  EXPECT_EQ(LabelsById(p, Wcc(p)), (std::map<std::string, std::string>{
                                       {"1", "1"}, {"3", "3"}, {"20", "3"}, {"100", "3"}, {"7", "7"}, {"8", "7"}}));
}

TEST_F(KernelTest, PageRankOneIterationByHand) {
  Projection p = Directed();
  // n = 5, PR0 = 0.2, sink 6 spreads 0.85 * 0.2 / 5; teleport 0.15 / 5.
  auto r = ById(p, PageRank(p, 0.85, 1));
  EXPECT_NEAR(r["1"], 0.234, 1e-12);  // from 3 (out-degree 1)
  EXPECT_NEAR(r["2"], 0.149, 1e-12);  // half of 1
  EXPECT_NEAR(r["3"], 0.489, 1e-12);  // half of 1, all of 2 and 4
  EXPECT_NEAR(r["4"], 0.064, 1e-12);
  EXPECT_NEAR(r["6"], 0.064, 1e-12);
  auto many = PageRank(p, 0.85, 30);
  EXPECT_NEAR(std::accumulate(many.begin(), many.end(), 0.0), 1.0, 1e-12);
  EXPECT_EQ(PageRank(p, 0.85, 0), std::vector<double>(5, 0.2));
}

TEST_F(KernelTest, PageRankOfAnUndirectedGraphUsesDegrees) {
  Projection p = ProjectEdges({{1, 2}, {2, 3}}, false);  // a path: the middle vertex collects more
  auto r = ById(p, PageRank(p, 0.85, 1));
  EXPECT_NEAR(r["2"], 0.05 + 0.85 * (1.0 / 3 + 1.0 / 3), 1e-12);
  EXPECT_NEAR(r["1"], 0.05 + 0.85 * (1.0 / 6), 1e-12);
}

TEST_F(KernelTest, CdlpCountsInAndOutNeighboursSeparatelyAndTakesTheSmallestOnTies) {
  Projection p = Directed();
  // 1: out {2,3}, in {3} -> 3,3,2 -> 3.  2: out {3}, in {1} -> tie -> 1.  3: out {1}, in {1,2,4}
  // -> 1,1,2,4 -> 1.  4: out {3} -> 3.  6: no neighbours, keeps 6.
  EXPECT_EQ(LabelsById(p, Cdlp(p, 1)),
            (std::map<std::string, std::string>{{"1", "3"}, {"2", "1"}, {"3", "1"}, {"4", "3"}, {"6", "6"}}));
  EXPECT_EQ(LabelsById(p, Cdlp(p, 0))["4"], "4");
}

TEST_F(KernelTest, CdlpUndirectedSynchronous) {
  Projection p = ProjectEdges({{1, 2}, {2, 3}, {3, 1}, {4, 5}}, false);
  // Iteration 1: 1 <- {2,3} -> 2; 2 <- {1,3} -> 1; 3 <- {1,2} -> 1; 4 <- 5; 5 <- 4.
  EXPECT_EQ(LabelsById(p, Cdlp(p, 1)),
            (std::map<std::string, std::string>{{"1", "2"}, {"2", "1"}, {"3", "1"}, {"4", "5"}, {"5", "4"}}));
  // Iteration 2: 1 <- {1,1} -> 1; 2 <- {2,1} -> 1; 3 <- {2,1} -> 1; 4, 5 swap back.
  EXPECT_EQ(LabelsById(p, Cdlp(p, 2)),
            (std::map<std::string, std::string>{{"1", "1"}, {"2", "1"}, {"3", "1"}, {"4", "4"}, {"5", "5"}}));
}

TEST_F(KernelTest, LccDirectedCountsDirectedEdgesAmongInAndOutNeighbours) {
  Projection p = Directed();
  auto c = ById(p, Lcc(p));
  EXPECT_DOUBLE_EQ(c["1"], 0.5);      // N = {2,3}: 2->3 only
  EXPECT_DOUBLE_EQ(c["2"], 1.0);      // N = {1,3}: 1->3 and 3->1
  EXPECT_DOUBLE_EQ(c["3"], 1.0 / 6);  // N = {1,2,4}: 1->2 only
  EXPECT_DOUBLE_EQ(c["4"], 0.0);
  EXPECT_DOUBLE_EQ(c["6"], 0.0);
}

TEST_F(KernelTest, LccUndirected) {
  Projection p = Undirected();
  auto c = ById(p, Lcc(p));
  EXPECT_DOUBLE_EQ(c["1"], 1.0);
  EXPECT_DOUBLE_EQ(c["3"], 1.0 / 3);
  EXPECT_DOUBLE_EQ(c["4"], 0.0);
  EXPECT_DOUBLE_EQ(c["7"], 0.0);
}

}  // namespace
}  // namespace cityties::algo
