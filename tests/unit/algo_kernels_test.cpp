// The LDBC Graphalytics kernels on small graphs whose answers are worked out by hand.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <cmath>
#include <list>
#include <map>
#include <mutex>
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

// PageRank's rounds run on threads over vertex ranges; the ranks must not depend on how many,
// and must equal a plain one-thread pull with sequential sums (up to rounding of those sums).
TEST(PageRankThreads, GiveTheSameRanksAsOneThreadAndAsAPlainPull) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
  const size_t n = 3 * kernels::VertexRanges::kMinParallel;
  Graph g(n);
  std::mt19937 random(5);
  std::uniform_int_distribution<size_t> any(0, n - 1);
  for (size_t i = 0; i < 3 * n; ++i) {
    const size_t a = any(random) % (i % 7 == 0 ? 50 : n);  // a few hubs take a seventh of the arcs
    const size_t b = any(random);
    if (b % 11 != 0) boost::add_edge(a, b, g);  // b % 11 == 0: mostly sinks
  }
  const auto one = kernels::PageRank(g, true, 0.85, 20, 0, nullptr, 1);
  EXPECT_EQ(kernels::PageRank(g, true, 0.85, 20, 0, nullptr, 2), one);
  EXPECT_EQ(kernels::PageRank(g, true, 0.85, 20, 0, nullptr, 5), one);

  std::vector<double> rank(n, 1.0 / n), next(n);
  for (int it = 0; it < 20; ++it) {
    double sink = 0;
    for (size_t v = 0; v < n; ++v) sink += boost::out_degree(v, g) == 0 ? rank[v] : 0.0;
    for (size_t v = 0; v < n; ++v) {
      double sum = 0;
      for (auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
        const auto u = boost::source(e, g);
        sum += rank[u] / static_cast<double>(boost::out_degree(u, g));
      }
      next[v] = 0.15 / n + 0.85 * sink / n + 0.85 * sum;
    }
    rank.swap(next);
  }
  for (size_t v = 0; v < n; ++v) ASSERT_NEAR(one[v], rank[v], 1e-12 * rank[v]) << v;
}

// Arc i goes to partial sum i mod 4 through a random-access iterator and a forward one alike,
// so a CSR view and an adjacency list of the same arcs give the same bits.
TEST(SumOfArcs, GroupsTheArcsAlikeForEveryIteratorCategory) {
  std::vector<double> values;
  for (int i = 0; i < 11; ++i) values.push_back(1.0 / (3 + 7 * i) + (i % 3 ? 1e8 : 0));
  auto same = [](double x) { return x; };
  for (size_t len = 0; len <= values.size(); ++len) {
    const std::vector<double> vec(values.begin(), values.begin() + len);
    const std::list<double> list(vec.begin(), vec.end());
    const double expected = len == 0 ? 0.0 : [&] {
      double s[4] = {0, 0, 0, 0};
      for (size_t i = 0; i < len; ++i) s[i % 4] += vec[i];
      return (s[0] + s[1]) + (s[2] + s[3]);
    }();
    EXPECT_EQ(kernels::SumOfArcs(vec.begin(), vec.end(), same), expected) << len;
    EXPECT_EQ(kernels::SumOfArcs(list.begin(), list.end(), same), expected) << len;
  }
}

TEST(VertexRanges, CoverEveryVertexOnceInBlockAlignedRangesOfSimilarWork) {
  const size_t n = 10 * kernels::VertexRanges::kBlock + 5;
  auto degree = [](size_t v) { return v < 4096 ? size_t{40} : size_t{2}; };  // the first block is heavy
  for (size_t threads : {1, 2, 3, 8, 64}) {
    const kernels::VertexRanges ranges(n, degree, threads);
    std::vector<int> seen(n, 0);
    std::mutex m;
    std::vector<std::pair<size_t, size_t>> got;
    ranges.Run([&](size_t begin, size_t end) {
      std::lock_guard<std::mutex> lock(m);
      got.emplace_back(begin, end);
      for (size_t v = begin; v < end; ++v) ++seen[v];
    });
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<long>(n)) << threads;
    EXPECT_LE(got.size(), std::min<size_t>(threads, 11)) << threads;
    if (threads >= 2) {
      EXPECT_GE(got.size(), 2u) << threads;
    }
    for (const auto& [begin, end] : got) {
      EXPECT_LT(begin, end);
      EXPECT_EQ(begin % kernels::VertexRanges::kBlock, 0u);
    }
  }
  // Below kMinParallel vertices: one range.
  const kernels::VertexRanges small(1000, degree, 8);
  int calls = 0;
  small.Run([&](size_t begin, size_t end) {
    ++calls;
    EXPECT_EQ(begin, 0u);
    EXPECT_EQ(end, 1000u);
  });
  EXPECT_EQ(calls, 1);
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
