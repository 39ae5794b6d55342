// Shortest paths, Yen's k shortest paths, all simple paths and neighbourhoods.
#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <set>

#include "algo/paths.h"
#include "algo_test_util.h"
#include "projection/cache.h"
#include "projection/image.h"

namespace cityties::algo {
namespace {

using projection::Projection;
using projection::Vertex;
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

// A listing by depth as `neighbors` prints it: each vertex, its depth, its first parent and the
// tie that represents that pair, by external ids.
std::vector<std::string> Listing(const Projection& p, const std::string& center, size_t depth) {
  auto from = p.FindExt(center);
  if (!from) return {"left out"};
  std::vector<std::string> out;
  for (const auto& r : Neighborhood(p, *from, depth)) {
    std::string line = p.vertex(r.vertex).ext_id + "@" + std::to_string(r.depth);
    if (r.parent != projection::kNoVertex) {
      const auto& tie = p.tie(*p.TieBetween(r.parent, r.vertex));
      line += " from " + p.vertex(r.parent).ext_id + " by " + p.vertex(tie.src).ext_id + " " + p.TypeName(tie) + " " +
              p.vertex(tie.dst).ext_id;
    }
    out.push_back(line);
  }
  return out;
}

class ReachTest : public PathTest {
 protected:
  // The projection of only what a listing of `ext` at `depth` needs (ProjectOptions::reach_only).
  Projection Reach(const std::string& ext, size_t depth, const projection::Filter& filter) {
    projection::ProjectOptions options;
    options.use_cache = false;
    options.around = {*store_->Resolve(ext)};
    options.hops = static_cast<int>(depth);
    options.reach_only = true;
    auto p = projection::Project(*store_, filter, options);
    EXPECT_TRUE(p.ok()) << p.status().message();
    return std::move(*p);
  }
  // The listing of ids only (projection::ReachHeads, `neighbors --ids`): "ext@depth label".
  std::vector<std::string> Heads(const std::string& ext, size_t depth, const projection::Filter& filter) {
    auto heads = projection::ReachHeads(*store_, *store_->Resolve(ext), static_cast<int>(depth), filter);
    EXPECT_TRUE(heads.ok()) << heads.status().message();
    if (heads->empty()) return {"left out"};
    std::vector<std::string> out;
    for (const auto& h : *heads) {
      out.push_back(h.ext_id + "@" + std::to_string(h.depth) + " " + store_->schema().LabelByCode(h.label)->name);
    }
    return out;
  }
  // The same of a projection's listing.
  static std::vector<std::string> HeadsOf(const Projection& p, const std::string& center, size_t depth) {
    auto from = p.FindExt(center);
    if (!from) return {"left out"};
    std::vector<std::string> out;
    for (const auto& r : Neighborhood(p, *from, depth)) {
      out.push_back(p.vertex(r.vertex).ext_id + "@" + std::to_string(r.depth) + " " + p.vertex(r.vertex).label);
    }
    return out;
  }
  void ExpectListingsAsOnTheWhole(const projection::Filter& filter, const std::string& what) {
    Projection whole = Project(filter);
    for (const auto& ext : AllIds(Project())) {
      for (size_t depth : {1, 2, 3}) {
        EXPECT_EQ(Listing(Reach(ext, depth, filter), ext, depth), Listing(whole, ext, depth))
            << what << ": " << ext << " at depth " << depth;
        EXPECT_EQ(Heads(ext, depth, filter), HeadsOf(whole, ext, depth))
            << what << ", ids only: " << ext << " at depth " << depth;
      }
    }
  }
};

TEST_F(ReachTest, ListsByDepthAsTheWholeProjectionWithParallelWeightedTies) {
  // A hub, a cycle, ties stored both ways between the same pair with different weights (the
  // lighter represents the pair), and a pair tied three times with equal weights.
  std::vector<Link> links = {{1, 2, 1}, {1, 3, 1},   {1, 4, 1},  {1, 5, 1},   {1, 6, 1},  {2, 7, 3},
                             {7, 2, 2}, {3, 7, 1},   {4, 8, 1},  {8, 9, 1},   {9, 10, 1}, {10, 4, 1},
                             {5, 9, 2}, {9, 5, 0.5}, {6, 11, 1}, {11, 12, 1}, {12, 6, 1}, {12, 13, 1}};
  LoadEdges(links, true, {14}, true);
  ExpectListingsAsOnTheWhole({}, "weighted edge list");
}

TEST_F(ReachTest, ListsByDepthAsTheWholeProjectionOnARandomMultigraph) {
  // Vertices first seen in random order (so node ids and the view's order differ), hubs, pairs
  // tied several times both ways with unequal weights.
  std::mt19937 random(7);
  std::vector<Link> links;
  std::set<std::pair<uint64_t, uint64_t>> stored;  // one LINK per direction of a pair
  const double weights[] = {0.5, 1, 2};
  for (int i = 0; i < 400; ++i) {
    uint64_t a = random() % 120, b = random() % 6 == 0 ? random() % 5 : random() % 120;
    if (a != b && stored.insert({a, b}).second) links.push_back({a, b, weights[random() % 3]});
  }
  LoadEdges(links, true, {}, true);
  ExpectListingsAsOnTheWhole({}, "random multigraph");
}

TEST_F(ReachTest, ListsByDepthAsTheWholeProjectionUnderTypesAndLabels) {
  Node("country/tw", "Country", {{"name_en", "Taiwan"}});
  Node("country/jp", "Country", {{"name_en", "Japan"}});
  Node("city/kaohsiung", "City", {{"name_en", "Kaohsiung"}, {"country", "country/tw"}});
  Node("city/kumamoto", "City", {{"name_en", "Kumamoto"}});
  Node("city/tokyo", "City", {{"name_en", "Tokyo"}});
  Node("school/khs", "School", {{"name_en", "Kaohsiung High"}});
  Node("school/kms", "School", {{"name_en", "Kumamoto High"}});
  Node("agreement/a2", "Agreement", {{"date", "2017"}});
  Node("agreement/a3", "Agreement", {{"date", "2020"}});
  Node("visit/v2015", "Visit", {{"date", "2015-05-01"}});
  Edge("city/kaohsiung", "LOCATED_IN", "country/tw");
  Edges({"city/kumamoto", "city/tokyo"}, "LOCATED_IN", "country/jp");
  Edge("school/khs", "LOCATED_IN", "city/kaohsiung");
  Edge("school/kms", "LOCATED_IN", "city/kumamoto");
  Edges({"city/kaohsiung", "city/kumamoto"}, "PARTY_TO", "agreement/a2");
  Edges({"city/kaohsiung", "city/kumamoto", "city/tokyo"}, "PARTY_TO", "agreement/a3");
  Visit("city/kaohsiung", "visit/v2015", {"city/kumamoto", "city/tokyo"});
  Edge("school/khs", "PAIRED_WITH", "school/kms");
  Commit();
  projection::Filter types, labels, located;
  types.edge_types = {"PARTY_TO", "PAIRED_WITH"};
  labels.labels = {"City", "Agreement", "School"};
  located.include_location = true;
  ExpectListingsAsOnTheWhole({}, "default");
  ExpectListingsAsOnTheWhole(types, "types");
  ExpectListingsAsOnTheWhole(labels, "labels");
  ExpectListingsAsOnTheWhole(located, "with location");
}

// The smallest shortest path by the definition, independently of the search: hop distances to
// `to` by a plain breadth-first search, then from `from` always the smallest neighbour one hop
// nearer. Empty when `to` is unreachable.
std::vector<Vertex> ReferencePath(const Projection& p, Vertex from, Vertex to) {
  std::vector<int> dist(p.num_vertices(), -1);
  std::deque<Vertex> queue{to};
  dist[to] = 0;
  while (!queue.empty()) {
    Vertex u = queue.front();
    queue.pop_front();
    for (Vertex w : p.Neighbors(u)) {
      if (dist[w] < 0) {
        dist[w] = dist[u] + 1;
        queue.push_back(w);
      }
    }
  }
  if (dist[from] < 0) return {};
  std::vector<Vertex> path{from};
  while (path.back() != to) {
    for (Vertex w : p.Neighbors(path.back())) {  // ascending
      if (dist[w] == dist[path.back()] - 1) {
        path.push_back(w);
        break;
      }
    }
  }
  return path;
}

TEST_F(PathTest, BidirectionalSearchFindsTheSmallestShortestPathOfEveryPair) {
  // Shapes where the two ends of the search grow very differently: a hub with long spokes and
  // a tail, a grid (many equal routes), a sparse random graph, a cycle, a path, isolated
  // vertices. External ids are shuffled so that the vertex order says nothing of the shape.
  std::mt19937 rng(12);
  std::vector<uint64_t> ids(150);
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = 1000 + i;
  std::shuffle(ids.begin(), ids.end(), rng);
  std::vector<Link> links;
  auto link = [&](size_t a, size_t b) { links.push_back({ids[a], ids[b]}); };
  for (size_t i = 1; i < 25; ++i) link(0, i);                    // hub 0 and its spokes
  for (size_t i = 1; i < 25; i += 3) link(i, 24 + (i + 2) / 3);  // spokes' leaves 25..32
  for (size_t i = 32; i < 40; ++i) link(i, i + 1);               // a tail from 32 to 40
  link(40, 5);                                                   // closing a long cycle
  for (size_t r = 0; r < 5; ++r) {                               // a 5x6 grid on 41..70
    for (size_t c = 0; c < 6; ++c) {
      size_t v = 41 + r * 6 + c;
      if (c < 5) link(v, v + 1);
      if (r < 4) link(v, v + 6);
    }
  }
  link(70, 12);                                                         // the grid hangs off a spoke
  for (int e = 0; e < 70; ++e) link(71 + rng() % 40, 71 + rng() % 40);  // random on 71..110
  for (size_t i = 111; i < 125; ++i) link(i, i == 124 ? 111 : i + 1);   // a cycle of 14
  for (size_t i = 125; i < 140; ++i) link(i, i + 1);                    // a path of 16
  std::set<std::pair<uint64_t, uint64_t>> pairs;                        // one edge per pair, no loops
  std::erase_if(links, [&](const Link& l) {
    return l.src == l.dst || !pairs.insert({std::min(l.src, l.dst), std::max(l.src, l.dst)}).second;
  });
  Projection p = ProjectEdges(links, false, {ids.begin() + 141, ids.end()});
  std::string image_path = dir_.path("projection.image");
  ASSERT_TRUE(projection::WriteImage(p, store_->schema(), image_path, 1, 1).ok());
  auto image = projection::OpenImage(image_path, 1, 1);
  ASSERT_TRUE(image.ok()) << image.status().message();
  size_t found = 0, unreachable = 0;
  for (Vertex to = 0; to < p.num_vertices(); ++to) {
    for (Vertex from = 0; from < p.num_vertices(); ++from) {
      auto want = ReferencePath(p, from, to);
      auto got = ShortestPath(p, from, to);
      auto on_image = ShortestPathVertices(**image, from, to);
      if (want.empty()) {
        ++unreachable;
        EXPECT_TRUE(got.status().IsNotFound()) << from << " -> " << to;
        EXPECT_TRUE(on_image.status().IsNotFound()) << from << " -> " << to;
        continue;
      }
      ++found;
      ASSERT_TRUE(got.ok()) << from << " -> " << to;
      ASSERT_TRUE(on_image.ok()) << from << " -> " << to;
      ASSERT_EQ(got->vertices, want) << from << " -> " << to;
      ASSERT_EQ(*on_image, want) << from << " -> " << to;
      ASSERT_EQ(got->hops.size(), want.size() - 1);
    }
  }
  EXPECT_GT(found, 5000u);
  EXPECT_GT(unreachable, 5000u);
}

}  // namespace
}  // namespace cityties::algo
