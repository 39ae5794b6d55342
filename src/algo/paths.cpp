#include "algo/paths.h"

#include <algorithm>
#include <boost/graph/filtered_graph.hpp>
#include <cmath>
#include <set>
#include <unordered_set>

#include "algo/kernels.h"
#include "projection/csr.h"
#include "projection/csr_view.h"

namespace cityties::algo {

using projection::EdgeProp;
using projection::Projection;
using projection::SymGraph;
using projection::Vertex;

namespace {

bool NearlyEqual(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

// The arc weights of a graph: the projection's CSR bundles, or a mapped image's arrays.
template <typename G>
auto WeightsOf(const G& g) {
  return get(&EdgeProp::weight, g);
}
projection::CsrWeightMap WeightsOf(const projection::CsrView& g) { return projection::WeightMap(g); }

// Dijkstra distances to `to` in a symmetric graph.
template <typename G>
std::vector<double> DistancesTo(const G& g, Vertex to) {
  return kernels::DijkstraDistances(g, to, WeightsOf(g));
}

constexpr uint32_t kUnseen = std::numeric_limits<uint32_t>::max();

// One end of a bidirectional breadth-first search: the depth of every vertex it reached (kUnseen
// elsewhere), the vertices at its current radius, and that radius.
struct SearchEnd {
  std::vector<uint32_t> depth;
  std::vector<Vertex> frontier;
  uint32_t radius = 0;
  SearchEnd(size_t n, Vertex start) : depth(n, kUnseen), frontier{start} { depth[start] = 0; }
};

// What growing an end by one ring costs: the arcs of its frontier.
template <typename G>
uint64_t GrowthCost(const G& g, const SearchEnd& end) {
  uint64_t arcs = 0;
  for (Vertex v : end.frontier) arcs += out_degree(v, g);
  return arcs;
}

// The fewest-hops path from `from` to `to` whose vertex sequence is smallest, by a breadth-first
// search from both ends, one ring at a time on the cheaper end, that stops with the ring where the
// two meet. With radii a (from's end) and b (to's end) when they first share vertices, every
// shortest path has a + b hops and passes through the shared vertices, each at depth a from
// `from` and b from `to` (before that ring the balls were disjoint, so no path is shorter; a shared
// vertex makes one that long). The walk from `from` then takes the smallest neighbour that stays on
// a shortest path: within to's ball that is one ring nearer to `to`; within from's ball, one ring
// further from `from` and marked as leading to a shared vertex (marked ring by ring back from them).
template <typename G>
std::optional<std::vector<Vertex>> SmallestFewestHops(const G& g, Vertex from, Vertex to) {
  if (from == to) return std::vector<Vertex>{from};
  const size_t n = num_vertices(g);
  SearchEnd ends[2] = {SearchEnd(n, from), SearchEnd(n, to)};
  SearchEnd &s = ends[0], &t = ends[1];
  int grown = 0;
  for (bool met = false; !met;) {
    if (s.frontier.empty() || t.frontier.empty()) return std::nullopt;
    grown = GrowthCost(g, s) <= GrowthCost(g, t) ? 0 : 1;
    SearchEnd& end = ends[grown];
    const SearchEnd& other = ends[1 - grown];
    std::vector<Vertex> ring;
    for (Vertex u : end.frontier) {
      for (auto e : boost::make_iterator_range(out_edges(u, g))) {
        Vertex w = target(e, g);
        if (end.depth[w] != kUnseen) continue;
        end.depth[w] = end.radius + 1;
        ring.push_back(w);
        met = met || other.depth[w] != kUnseen;
      }
    }
    end.frontier = std::move(ring);
    ++end.radius;
  }
  const uint32_t a = s.radius, b = t.radius;
  // On a shortest path: the shared vertices (in the ring just grown), then ring by ring back
  // towards `from` the vertices one nearer to it next to one already marked.
  std::vector<char> on_path(n, 0);
  std::vector<Vertex> marked;
  for (Vertex v : ends[grown].frontier) {
    if (s.depth[v] != kUnseen && t.depth[v] != kUnseen) {
      on_path[v] = 1;
      marked.push_back(v);
    }
  }
  for (uint32_t k = a; k > 1; --k) {
    std::vector<Vertex> nearer;
    for (Vertex x : marked) {
      for (auto e : boost::make_iterator_range(out_edges(x, g))) {
        Vertex y = target(e, g);
        if (s.depth[y] == k - 1 && !on_path[y]) {
          on_path[y] = 1;
          nearer.push_back(y);
        }
      }
    }
    marked = std::move(nearer);
  }
  std::vector<Vertex> path{from};
  for (uint32_t i = 0; i < a + b; ++i) {
    const Vertex u = path.back();
    Vertex next = projection::kNoVertex;
    for (auto e : boost::make_iterator_range(out_edges(u, g))) {  // sorted by target: the smallest first
      Vertex w = target(e, g);
      if (i < a ? s.depth[w] == i + 1 && on_path[w] : t.depth[w] != kUnseen && t.depth[w] + 1 == t.depth[u]) {
        next = w;
        break;
      }
    }
    path.push_back(next);
  }
  return path;
}

// The shortest path from `from` to `to` whose vertex sequence is smallest. Unweighted: by the
// bidirectional search above. Weighted: Dijkstra distances to `to`, then a walk from `from`,
// always to the smallest neighbour that stays on a shortest path (out-edges are sorted by target).
template <typename G>
std::optional<std::vector<Vertex>> SmallestShortestPath(const G& g, Vertex from, Vertex to, bool weighted) {
  if (!weighted) return SmallestFewestHops(g, from, to);
  auto dist = DistancesTo(g, to);
  if (std::isinf(dist[from])) return std::nullopt;
  const auto weights = WeightsOf(g);
  std::vector<Vertex> path{from};
  std::unordered_set<Vertex> on_path{from};
  Vertex u = from;
  while (u != to) {
    Vertex next = projection::kNoVertex;
    for (auto e : boost::make_iterator_range(out_edges(u, g))) {
      Vertex w = target(e, g);
      double step = get(weights, e);
      if (!on_path.count(w) && !std::isinf(dist[w]) && NearlyEqual(dist[w] + step, dist[u])) {
        next = w;
        break;
      }
    }
    if (next == projection::kNoVertex) return std::nullopt;  // only zero-weight cycles lead on
    path.push_back(next);
    on_path.insert(next);
    u = next;
  }
  return path;
}

}  // namespace

Path PathThrough(const Projection& p, const std::vector<Vertex>& vertices, const PathOptions& options) {
  const bool weighted = options.weighted;
  Path path;
  path.vertices = vertices;
  for (size_t i = 0; i + 1 < vertices.size(); ++i) {
    Vertex a = vertices[i], b = vertices[i + 1];
    auto tie = p.TieBetween(a, b);
    Hop hop{a, b, tie.value_or(0), tie ? p.tie(*tie).src == a : true};
    path.hops.push_back(hop);
    path.length += weighted && tie ? p.tie(*tie).weight : 1.0;
  }
  return path;
}

namespace {

bool PathLess(const Path& a, const Path& b) {
  if (!NearlyEqual(a.length, b.length)) return a.length < b.length;
  return a.vertices < b.vertices;
}

}  // namespace

Result<Path> ShortestPath(const Projection& p, Vertex from, Vertex to, const PathOptions& options) {
  auto vertices = SmallestShortestPath(p.graphs().sym, from, to, options.weighted);
  if (!vertices) {
    return Status::NotFound("no path from " + p.vertex(from).ext_id + " to " + p.vertex(to).ext_id +
                            " in the graph as filtered");
  }
  return PathThrough(p, *vertices, options);
}

Result<std::vector<Vertex>> ShortestPathVertices(const projection::Image& image, Vertex from, Vertex to,
                                                 const PathOptions& options) {
  const auto& sym = image.sym();
  const projection::CsrView g{image.num_vertices(), {sym.offsets, sym.ends}, {}, sym.weights};
  auto vertices = SmallestShortestPath(g, from, to, options.weighted);
  if (!vertices) {
    return Status::NotFound("no path from " + std::string(image.ExtId(from)) + " to " + std::string(image.ExtId(to)) +
                            " in the graph as filtered");
  }
  return std::move(*vertices);
}

std::vector<Path> KShortestPaths(const Projection& p, Vertex from, Vertex to, size_t k, const PathOptions& options) {
  std::vector<Path> found;
  if (k == 0) return found;
  const SymGraph& g = p.graphs().sym;
  auto first = SmallestShortestPath(g, from, to, options.weighted);
  if (!first) return found;
  found.push_back(PathThrough(p, *first, options));
  std::vector<Path> candidates;  // kept sorted by PathLess
  std::set<std::vector<Vertex>> known{*first};

  // Yen (1971): each spur path leaves the previous path at one of its vertices, avoiding the root
  // part of that path and the next hop of every accepted path that shares the root.
  std::set<std::pair<Vertex, Vertex>> removed_edges;
  std::vector<char> removed_vertex(num_vertices(g), 0);
  auto edge_ok = [&](const boost::graph_traits<SymGraph>::edge_descriptor& e) {
    return !removed_edges.count({source(e, g), target(e, g)});
  };
  auto vertex_ok = [&](Vertex v) { return !removed_vertex[v]; };
  boost::filtered_graph<SymGraph, std::function<bool(boost::graph_traits<SymGraph>::edge_descriptor)>,
                        std::function<bool(Vertex)>>
      view(g, edge_ok, vertex_ok);

  while (found.size() < k) {
    const Path& last = found.back();
    for (size_t i = 0; i + 1 < last.vertices.size(); ++i) {
      Vertex spur = last.vertices[i];
      std::vector<Vertex> root(last.vertices.begin(), last.vertices.begin() + static_cast<long>(i) + 1);
      removed_edges.clear();
      for (const Path& q : found) {
        if (q.vertices.size() > i + 1 && std::equal(root.begin(), root.end(), q.vertices.begin())) {
          removed_edges.insert({q.vertices[i], q.vertices[i + 1]});
          removed_edges.insert({q.vertices[i + 1], q.vertices[i]});
        }
      }
      std::fill(removed_vertex.begin(), removed_vertex.end(), 0);
      for (size_t j = 0; j < i; ++j) removed_vertex[root[j]] = 1;
      auto spur_path = SmallestShortestPath(view, spur, to, options.weighted);
      if (!spur_path) continue;
      std::vector<Vertex> total = root;
      total.insert(total.end(), spur_path->begin() + 1, spur_path->end());
      if (!known.insert(total).second) continue;
      Path candidate = PathThrough(p, total, options);
      candidates.insert(std::upper_bound(candidates.begin(), candidates.end(), candidate, PathLess), candidate);
    }
    if (candidates.empty()) break;
    found.push_back(candidates.front());
    candidates.erase(candidates.begin());
  }
  return found;
}

std::vector<Path> AllSimplePaths(const Projection& p, Vertex from, Vertex to, size_t max_hops, size_t limit,
                                 bool* truncated, const PathOptions& options) {
  const SymGraph& g = p.graphs().sym;
  if (truncated) *truncated = false;
  std::vector<Path> paths;
  // Prune with hop distances to the target: a branch that cannot reach it in the hops left stops.
  auto depth = kernels::BfsDepths(g, to);
  if (depth[from] == kernels::kUnreachableDepth || static_cast<size_t>(depth[from]) > max_hops) return paths;
  // Enumerate at most this many before sorting; beyond it the result is marked truncated.
  const size_t cap = std::max<size_t>(limit * 20, 100000);
  std::vector<Vertex> stack{from};
  std::vector<char> on_path(num_vertices(g), 0);
  on_path[from] = 1;
  std::vector<std::pair<Vertex, size_t>> frames{{from, 0}};  // vertex, next out-edge offset
  std::vector<std::vector<Vertex>> found;
  bool cut = false;
  while (!frames.empty() && !cut) {
    auto& [u, next] = frames.back();
    auto range = out_edges(u, g);
    auto it = range.first + static_cast<long>(next);
    if (it == range.second) {
      on_path[u] = 0;
      stack.pop_back();
      frames.pop_back();
      continue;
    }
    ++next;
    Vertex w = target(*it, g);
    if (on_path[w]) continue;
    size_t hops = stack.size();  // hops of the path once w is appended
    if (depth[w] == kernels::kUnreachableDepth || hops + static_cast<size_t>(depth[w]) > max_hops) continue;
    if (w == to) {
      found.push_back(stack);
      found.back().push_back(w);
      if (found.size() >= cap) cut = true;
      continue;
    }
    stack.push_back(w);
    on_path[w] = 1;
    frames.emplace_back(w, 0);
  }
  for (const auto& vs : found) paths.push_back(PathThrough(p, vs, options));
  std::sort(paths.begin(), paths.end(), PathLess);
  if (cut || paths.size() > limit) {
    if (truncated) *truncated = true;
    if (paths.size() > limit) paths.resize(limit);
  }
  return paths;
}

std::vector<Reached> Neighborhood(const Projection& p, Vertex from, size_t depth) {
  const SymGraph& g = p.graphs().sym;
  auto d = kernels::BfsDepths(g, from);
  std::vector<Reached> out;
  for (Vertex v = 0; v < d.size(); ++v) {
    if (d[v] == kernels::kUnreachableDepth || static_cast<size_t>(d[v]) > depth) continue;
    Reached r{v, static_cast<size_t>(d[v]), projection::kNoVertex};
    if (v != from) {
      for (auto e : boost::make_iterator_range(out_edges(v, g))) {
        if (d[target(e, g)] == d[v] - 1) {
          r.parent = target(e, g);
          break;
        }
      }
    }
    out.push_back(r);
  }
  std::stable_sort(out.begin(), out.end(), [](const Reached& a, const Reached& b) { return a.depth < b.depth; });
  return out;
}

}  // namespace cityties::algo
