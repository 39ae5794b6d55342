// Graph-analytics kernels as generic Boost.Graph algorithms: templates over any graph that models
// VertexListGraph + IncidenceGraph (and BidirectionalGraph for the directed variants) with a
// vertex_index map, so they run on the projection's CSR graphs, an adjacency_list or a
// filtered_graph alike. Heavy header: include it from .cpp files only.
//
// The definitions follow the LDBC Graphalytics specification (v1.0.x, "Algorithms"):
//  - BFS:  depth of each vertex from the source along out-edges; unreachable = INT64_MAX.
//  - SSSP: Dijkstra distance on the edge weight map; unreachable = +infinity.
//  - WCC:  weakly connected components (direction ignored); label = smallest vertex index.
//  - PageRank: PR_0(v) = 1/n; PR_i(v) = (1-d)/n + d * sum_{u in in(v)} PR_{i-1}(u)/|out(u)|
//          + (d/n) * sum_{w: |out(w)| = 0} PR_{i-1}(w), for a fixed number of iterations.
//  - CDLP: synchronous label propagation, L_0(v) = v; each iteration v takes the most frequent
//          label among its neighbours (directed graphs: in- and out-neighbours counted
//          separately, so a mutual neighbour counts twice), ties to the smallest label; a vertex
//          with no neighbours keeps its label.
//  - LCC:  with N(v) = in- and out-neighbours of v, v excluded, d = |N(v)|: the number of edges
//          (u, w) with u, w in N(v) -- directed edges in a directed graph, each undirected edge
//          counted in both directions in an undirected one -- divided by d(d-1); 0 when d < 2.
// Boost's own page_rank (no sink redistribution, different start) and clustering_coefficient
// (out-neighbours only) do not follow these definitions, hence the implementations here.
//
// "Undirected" graphs are passed as symmetric directed graphs (every edge in both directions),
// which is what the projection's SymGraph is.
#pragma once

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graph_traits.hpp>
#include <boost/property_map/property_map.hpp>
#include <boost/range/iterator_range.hpp>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <thread>
#include <type_traits>
#include <vector>

#include "algo/convergence.h"

namespace cityties::algo::kernels {

inline constexpr int64_t kUnreachableDepth = std::numeric_limits<int64_t>::max();

template <typename G>
using VertexOf = typename boost::graph_traits<G>::vertex_descriptor;

template <typename G>
constexpr bool kHasInEdges =
    std::is_convertible_v<typename boost::graph_traits<G>::traversal_category*, boost::bidirectional_graph_tag*>;

template <typename G>
size_t out_degree_of(const G& g, size_t v) {
  return out_degree(static_cast<VertexOf<G>>(v), g);
}

// Calls fn(u) for each neighbour of v that the definitions above count: out-neighbours, plus (with
// `both` on a bidirectional graph) in-neighbours. Repeats are intended (CDLP counts them).
template <typename G, typename Fn>
void ForEachNeighbor(const G& g, VertexOf<G> v, bool both, Fn&& fn) {
  for (auto e : boost::make_iterator_range(out_edges(v, g))) fn(target(e, g));
  if constexpr (kHasInEdges<G>) {
    if (both) {
      for (auto e : boost::make_iterator_range(in_edges(v, g))) fn(source(e, g));
    }
  }
}

// BFS depths with boost::breadth_first_search and a distance recorder.
template <typename G>
std::vector<int64_t> BfsDepths(const G& g, VertexOf<G> source) {
  const size_t n = num_vertices(g);
  std::vector<int64_t> depth(n, kUnreachableDepth);
  if (source >= n) return depth;
  depth[source] = 0;
  auto index = get(boost::vertex_index, g);
  boost::breadth_first_search(g, source,
                              boost::visitor(boost::make_bfs_visitor(boost::record_distances(
                                  boost::make_iterator_property_map(depth.begin(), index), boost::on_tree_edge()))));
  return depth;
}

// BFS depths on a symmetric graph (every arc both ways), direction-optimizing (Beamer, Asanović
// and Patterson, "Direction-Optimizing Breadth-First Search", SC 2012): a level is expanded top
// down, from each frontier vertex to its unvisited neighbours, while the frontier's arcs are few
// against the arcs not yet explored; once they are many (a hub was reached), bottom up, each
// unvisited vertex looking for one neighbour in the frontier and stopping at the first, until
// the frontier is small again. The depths are those of any BFS; only the order of work differs.
// From the hub of the generated 200k-vertex, 1M-edge graph: 5.0-5.5 ms against 11-13 ms with
// BfsDepths (the same depths).
template <typename G>
std::vector<int64_t> BfsDepthsOfSymmetric(const G& g, VertexOf<G> source) {
  using V = VertexOf<G>;
  constexpr uint64_t kAlpha = 15, kBeta = 18;  // switching thresholds, near the paper's 14 and 24 (not tuned)
  const size_t n = num_vertices(g);
  std::vector<int64_t> depth(n, kUnreachableDepth);
  if (source >= n) return depth;
  uint64_t unexplored = 0;  // arcs out of vertices not yet reached
  for (size_t v = 0; v < n; ++v) unexplored += out_degree_of(g, v);
  depth[source] = 0;
  std::vector<V> frontier{source}, next;
  size_t frontier_size = 1;
  uint64_t frontier_arcs = out_degree_of(g, source);
  bool bottom_up = false;
  for (int64_t level = 0; frontier_size > 0; ++level) {
    unexplored -= frontier_arcs;
    if (!bottom_up && frontier_arcs > unexplored / kAlpha) {
      bottom_up = true;  // the frontier is now depth == level
    } else if (bottom_up && frontier_size < n / kBeta) {
      bottom_up = false;
      frontier.clear();
      for (size_t v = 0; v < n; ++v) {
        if (depth[v] == level) frontier.push_back(static_cast<V>(v));
      }
    }
    frontier_size = 0;
    frontier_arcs = 0;
    if (bottom_up) {
      for (size_t v = 0; v < n; ++v) {
        if (depth[v] != kUnreachableDepth) continue;
        for (auto e : boost::make_iterator_range(out_edges(static_cast<V>(v), g))) {
          if (depth[target(e, g)] != level) continue;
          depth[v] = level + 1;
          ++frontier_size;
          frontier_arcs += out_degree_of(g, v);
          break;
        }
      }
      continue;
    }
    next.clear();
    for (V u : frontier) {
      for (auto e : boost::make_iterator_range(out_edges(u, g))) {
        const V v = target(e, g);
        if (depth[v] != kUnreachableDepth) continue;
        depth[v] = level + 1;
        next.push_back(v);
        frontier_arcs += out_degree_of(g, v);
      }
    }
    frontier.swap(next);
    frontier_size = frontier.size();
  }
  return depth;
}

// Dijkstra distances with boost::dijkstra_shortest_paths. Weights must be non-negative.
template <typename G, typename WeightMap>
std::vector<double> DijkstraDistances(const G& g, VertexOf<G> source, WeightMap weight,
                                      std::vector<VertexOf<G>>* predecessors = nullptr) {
  const size_t n = num_vertices(g);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> dist(n, inf);
  std::vector<VertexOf<G>> pred(n);
  auto index = get(boost::vertex_index, g);
  boost::dijkstra_shortest_paths(g, source,
                                 boost::weight_map(weight)
                                     .distance_map(boost::make_iterator_property_map(dist.begin(), index))
                                     .predecessor_map(boost::make_iterator_property_map(pred.begin(), index))
                                     .distance_inf(inf)
                                     .distance_zero(0.0));
  if (predecessors) *predecessors = std::move(pred);
  return dist;
}

// Weakly connected components of a symmetric graph (every arc both ways). Label = smallest vertex
// index: a breadth-first search from each vertex not yet labelled, in index order, so each search
// starts at the smallest vertex of its component. One pass over the arcs, no recursion (Tarjan's
// strong components, which this replaced, gave the same labels in 4-6x the time: 49-71 ms against
// 9-18 ms on 200k vertices and 1M edges).
template <typename G>
std::vector<VertexOf<G>> ComponentsOfSymmetric(const G& sym) {
  using V = VertexOf<G>;
  const size_t n = num_vertices(sym);
  const V none = static_cast<V>(n);
  std::vector<V> label(n, none);
  std::vector<V> queue;
  for (size_t r = 0; r < n; ++r) {
    const V root = static_cast<V>(r);
    if (label[root] != none) continue;
    label[root] = root;
    queue.assign(1, root);
    for (size_t head = 0; head < queue.size(); ++head) {
      for (auto e : boost::make_iterator_range(out_edges(queue[head], sym))) {
        const V w = target(e, sym);
        if (label[w] == none) {
          label[w] = root;
          queue.push_back(w);
        }
      }
    }
  }
  return label;
}

// Consecutive ranges of vertices with about equal work (arcs + 1 each), for loops whose
// iterations are independent: Run calls fn(begin, end) for each range, each on a thread of its
// own (the last on the caller's). Range bounds are multiples of kBlock, so per-block partial
// sums (block = v / kBlock), each accumulated by one thread in vertex order and then added in
// block order, give the same result whatever the number of threads. Graphs below kMinParallel
// vertices get one range (threads cost more than they save there).
class VertexRanges {
 public:
  static constexpr size_t kBlock = 4096;
  static constexpr size_t kMinParallel = 32768;

  template <typename Degree>
  VertexRanges(size_t n, Degree&& degree, size_t threads) : bounds_{0} {
    const size_t blocks = BlocksOf(n);
    if (n < kMinParallel) threads = 1;
    threads = std::max<size_t>(1, std::min(threads, blocks));
    std::vector<size_t> work(blocks, 0);
    size_t total = 0;
    for (size_t v = 0; v < n; ++v) {
      const size_t w = degree(v) + 1;
      work[v / kBlock] += w;
      total += w;
    }
    size_t done = 0;
    for (size_t b = 0; b < blocks && bounds_.size() < threads; ++b) {
      done += work[b];
      if (done * threads >= total * bounds_.size()) bounds_.push_back(std::min(n, (b + 1) * kBlock));
    }
    if (bounds_.back() != n) bounds_.push_back(n);
  }
  // How many blocks n vertices make (the size of per-block partial sums).
  static size_t BlocksOf(size_t n) { return (n + kBlock - 1) / kBlock; }

  template <typename Fn>
  void Run(Fn&& fn) const {
    std::vector<std::thread> helpers;
    for (size_t r = 0; r + 2 < bounds_.size(); ++r) helpers.emplace_back([&, r] { fn(bounds_[r], bounds_[r + 1]); });
    fn(bounds_[bounds_.size() - 2], bounds_.back());
    for (auto& t : helpers) t.join();
  }

 private:
  std::vector<size_t> bounds_;  // range r is [bounds_[r], bounds_[r + 1])
};

inline double SumInOrder(const std::vector<double>& parts) {
  double sum = 0;
  for (double p : parts) sum += p;
  return sum;
}

// The sum of value(arc) over the arcs [first, last) in four interleaved partial sums (arc i to
// sum i mod 4, whatever the iterator's category), added as
// (s0 + s1) + (s2 + s3): four additions in flight instead of one chain of dependent ones (a
// long neighbour list is otherwise bound by the adder's latency). Deterministic: the same arcs in
// the same order always give the same sum.
template <typename Iterator, typename Value>
double SumOfArcs(Iterator first, Iterator last, Value&& value) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  if constexpr (std::is_base_of_v<std::random_access_iterator_tag,
                                  typename std::iterator_traits<Iterator>::iterator_category>) {
    const auto n = last - first;
    decltype(last - first) i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += value(first[i]);
      s1 += value(first[i + 1]);
      s2 += value(first[i + 2]);
      s3 += value(first[i + 3]);
    }
    if (i < n) s0 += value(first[i]);
    if (i + 1 < n) s1 += value(first[i + 1]);
    if (i + 2 < n) s2 += value(first[i + 2]);
  } else {
    for (int k = 0; first != last; ++first, k = (k + 1) & 3) {
      const double x = value(*first);
      (k == 0 ? s0 : k == 1 ? s1 : k == 2 ? s2 : s3) += x;
    }
  }
  return (s0 + s1) + (s2 + s3);
}

// PageRank per the definition above. `g` is directed (out-edges = links, needs in_edges for the
// pull step when directed) or symmetric (undirected). Stops after `iterations` rounds, or
// earlier once a round changes the ranks by less than n * `tolerance` in sum (L1), NetworkX's
// test; tolerance 0 runs every round (the Graphalytics definition). Each round's pull runs on
// `threads` threads over VertexRanges; the ranks are the same for any number of threads.
template <typename G>
std::vector<double> PageRank(const G& g, bool directed, double damping, int iterations, double tolerance = 0,
                             Convergence* convergence = nullptr,
                             size_t threads = std::max(1u, std::thread::hardware_concurrency())) {
  const size_t n = num_vertices(g);
  std::vector<double> rank(n, n ? 1.0 / static_cast<double>(n) : 0.0), next(n);
  Convergence ignored;
  Convergence& stop = convergence ? *convergence : ignored;
  stop = Convergence{};
  if (n == 0) return rank;
  const VertexRanges ranges(
      n, [&](size_t v) { return out_degree_of(g, v); }, threads);
  const size_t blocks = VertexRanges::BlocksOf(n);
  // share[v]: what v gives each neighbour this round; sink: the rank of vertices with no out-arcs.
  std::vector<double> share(n), next_share(n), sink_parts(blocks, 0), change_parts(blocks, 0);
  for (size_t v = 0; v < n; ++v) {
    const size_t degree = out_degree_of(g, v);
    share[v] = degree > 0 ? rank[v] / static_cast<double>(degree) : 0.0;
    if (degree == 0) sink_parts[v / VertexRanges::kBlock] += rank[v];
  }
  // A round needs only the shares; the ranks themselves are written when a round's change is
  // measured (a tolerance) and in the last round, which saves two of the five arrays a vertex
  // touches per round (the pull is bound by memory traffic).
  const bool measure_change = tolerance > 0;
  const double base = (1.0 - damping) / static_cast<double>(n);
  for (int it = 0; it < iterations; ++it) {
    const bool keep_ranks = measure_change || it + 1 == iterations;
    const double spread = base + damping * SumInOrder(sink_parts) / static_cast<double>(n);
    // Pull: the incoming contributions of v are from its in-neighbours (undirected: neighbours).
    ranges.Run([&](size_t begin, size_t end) {
      for (size_t block_begin = begin; block_begin < end; block_begin += VertexRanges::kBlock) {
        double change = 0, sink = 0;
        for (size_t v = block_begin; v < std::min(end, block_begin + VertexRanges::kBlock); ++v) {
          double sum = 0;
          if (directed) {
            if constexpr (kHasInEdges<G>) {
              const auto [first, last] = in_edges(static_cast<VertexOf<G>>(v), g);
              sum = SumOfArcs(first, last, [&](const auto& e) { return share[source(e, g)]; });
            }
          } else {
            const auto [first, last] = out_edges(static_cast<VertexOf<G>>(v), g);
            sum = SumOfArcs(first, last, [&](const auto& e) { return share[target(e, g)]; });
          }
          const double value = spread + damping * sum;
          if (keep_ranks) {
            if (measure_change) change += std::abs(value - rank[v]);
            next[v] = value;
          }
          const size_t degree = out_degree_of(g, v);
          if (degree > 0) {
            next_share[v] = value / static_cast<double>(degree);
          } else {
            next_share[v] = 0.0;
            sink += value;
          }
        }
        change_parts[block_begin / VertexRanges::kBlock] = change;
        sink_parts[block_begin / VertexRanges::kBlock] = sink;
      }
    });
    if (keep_ranks) rank.swap(next);
    share.swap(next_share);
    stop.iterations = it + 1;
    if (measure_change && SumInOrder(change_parts) < static_cast<double>(n) * tolerance) {
      stop.converged = true;
      break;
    }
  }
  return rank;
}

// Synchronous CDLP per the definition above; labels are vertex indices.
template <typename G>
std::vector<VertexOf<G>> LabelPropagation(const G& g, bool directed, int iterations) {
  using V = VertexOf<G>;
  const size_t n = num_vertices(g);
  std::vector<V> label(n), next(n);
  for (size_t v = 0; v < n; ++v) label[v] = static_cast<V>(v);
  std::vector<V> seen;
  for (int it = 0; it < iterations; ++it) {
    for (size_t v = 0; v < n; ++v) {
      seen.clear();
      ForEachNeighbor(g, static_cast<V>(v), directed, [&](V u) { seen.push_back(label[u]); });
      if (seen.empty()) {
        next[v] = label[v];
        continue;
      }
      std::sort(seen.begin(), seen.end());
      V best = seen[0];
      size_t best_count = 0;
      for (size_t i = 0; i < seen.size();) {
        size_t j = i;
        while (j < seen.size() && seen[j] == seen[i]) ++j;
        if (j - i > best_count) {  // strictly more: on a tie the smaller (earlier) label stays
          best_count = j - i;
          best = seen[i];
        }
        i = j;
      }
      next[v] = best;
    }
    label.swap(next);
  }
  return label;
}

// Local clustering coefficient per the definition above. For a symmetric graph pass
// directed = false; for a directed one a bidirectional graph and directed = true.
template <typename G>
std::vector<double> LocalClustering(const G& g, bool directed) {
  using V = VertexOf<G>;
  const size_t n = num_vertices(g);
  std::vector<double> lcc(n, 0.0);
  std::vector<uint32_t> mark(n, UINT32_MAX);  // mark[u] == v: u is a neighbour of v
  std::vector<V> nbrs;
  for (size_t v = 0; v < n; ++v) {
    nbrs.clear();
    ForEachNeighbor(g, static_cast<V>(v), directed, [&](V u) {
      if (u != v && mark[u] != v) {
        mark[u] = static_cast<uint32_t>(v);
        nbrs.push_back(u);
      }
    });
    const double d = static_cast<double>(nbrs.size());
    if (nbrs.size() < 2) continue;
    uint64_t links = 0;
    for (V u : nbrs) {
      for (auto e : boost::make_iterator_range(out_edges(u, g))) {
        V w = target(e, g);
        if (w != u && w != v && mark[w] == v) ++links;
      }
    }
    lcc[v] = static_cast<double>(links) / (d * (d - 1));
  }
  return lcc;
}

}  // namespace cityties::algo::kernels
