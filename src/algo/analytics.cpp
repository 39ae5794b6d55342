#include "algo/analytics.h"

#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/core_numbers.hpp>
#include <iterator>
#include <map>
#include <numeric>

#include "algo/kernels.h"
#include "projection/csr.h"

namespace cityties::algo {

using projection::DirectedGraph;
using projection::DirGraph;
using projection::EdgeProp;
using projection::SymGraph;

namespace {

const SymGraph& Sym(const Projection& p) { return p.graphs().sym; }

// Groups vertices by label and orders the groups (largest first, then smallest member).
template <typename Label>
Partition MakePartition(const std::vector<Label>& label) {
  Partition part;
  std::map<Label, std::vector<Vertex>> by_label;
  for (Vertex v = 0; v < label.size(); ++v) by_label[label[v]].push_back(v);
  for (auto& [l, members] : by_label) part.groups.push_back(std::move(members));
  std::sort(part.groups.begin(), part.groups.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : a.front() < b.front();
  });
  part.group_of.assign(label.size(), 0);
  for (uint32_t g = 0; g < part.groups.size(); ++g) {
    for (Vertex v : part.groups[g]) part.group_of[v] = g;
  }
  return part;
}

}  // namespace

std::vector<int64_t> Bfs(const Projection& p, Vertex source) {
  if (p.directed()) return kernels::BfsDepths(DirectedGraph(p), source);
  return kernels::BfsDepths(Sym(p), source);
}

Result<std::vector<double>> Sssp(const Projection& p, Vertex source) {
  for (const auto& t : p.ties()) {
    if (t.weight < 0) {
      return Status::InvalidArgument("negative weight " + std::to_string(t.weight) + " on the edge " +
                                     p.vertex(t.src).ext_id + " -> " + p.vertex(t.dst).ext_id +
                                     "; shortest paths need non-negative weights");
    }
  }
  if (p.directed()) {
    const auto& g = DirectedGraph(p);
    return kernels::DijkstraDistances(g, source, get(&EdgeProp::weight, g));
  }
  return kernels::DijkstraDistances(Sym(p), source, get(&EdgeProp::weight, Sym(p)));
}

std::vector<Vertex> Wcc(const Projection& p) { return kernels::ComponentsOfSymmetric(Sym(p)); }

std::vector<double> PageRank(const Projection& p, double damping, int iterations) {
  if (p.directed()) return kernels::PageRank(DirectedGraph(p), true, damping, iterations);
  return kernels::PageRank(Sym(p), false, damping, iterations);
}

std::vector<Vertex> Cdlp(const Projection& p, int iterations) {
  if (p.directed()) return kernels::LabelPropagation(DirectedGraph(p), true, iterations);
  return kernels::LabelPropagation(Sym(p), false, iterations);
}

std::vector<double> Lcc(const Projection& p) {
  if (p.directed()) return kernels::LocalClustering(DirectedGraph(p), true);
  return kernels::LocalClustering(Sym(p), false);
}

Result<Measure> ParseMeasure(const std::string& text) {
  if (text == "degree") return Measure::kDegree;
  if (text == "betweenness") return Measure::kBetweenness;
  if (text == "closeness") return Measure::kCloseness;
  if (text == "pagerank") return Measure::kPageRank;
  return Status::InvalidParameter("measure", "must be degree, betweenness, closeness or pagerank, not '" + text + "'");
}

std::vector<double> Centrality(const Projection& p, Measure measure, const CentralityOptions& options) {
  const SymGraph& g = Sym(p);
  const size_t n = num_vertices(g);
  std::vector<double> value(n, 0.0);
  switch (measure) {
    case Measure::kDegree:
      for (Vertex v = 0; v < n; ++v) value[v] = static_cast<double>(out_degree(v, g));
      break;
    case Measure::kBetweenness: {
      // Brandes on the symmetric directed graph counts every unordered pair twice, so dividing by
      // (n-1)(n-2) equals NetworkX's undirected normalisation 2/((n-1)(n-2)) of the pair sum.
      boost::brandes_betweenness_centrality(
          g, boost::centrality_map(boost::make_iterator_property_map(value.begin(), get(boost::vertex_index, g))));
      const double pairs = n > 2 ? static_cast<double>(n - 1) * static_cast<double>(n - 2) : 0.0;
      for (double& x : value) x = pairs > 0 ? x / pairs : 0.0;
      break;
    }
    case Measure::kCloseness:
      for (Vertex v = 0; v < n; ++v) {
        auto depth = kernels::BfsDepths(g, v);
        double total = 0, reached = 0;
        for (int64_t d : depth) {
          if (d != kernels::kUnreachableDepth && d > 0) {
            total += static_cast<double>(d);
            reached += 1;
          }
        }
        if (total > 0 && n > 1) value[v] = (reached / total) * (reached / static_cast<double>(n - 1));
      }
      break;
    case Measure::kPageRank:
      value = kernels::PageRank(g, false, options.damping, options.iterations);
      break;
  }
  return value;
}

Partition Components(const Projection& p) { return MakePartition(kernels::ComponentsOfSymmetric(Sym(p))); }

Brokers FindBrokers(const Projection& p) {
  const SymGraph& g = Sym(p);
  const size_t n = num_vertices(g);
  const size_t m = num_edges(g);
  auto vindex = get(boost::vertex_index, g);
  constexpr size_t kNone = std::numeric_limits<size_t>::max();
  std::vector<size_t> edge_comp(m, kNone), discover(n, 0), low(n, 0);
  std::vector<Vertex> pred(n);
  std::vector<Vertex> points;
  boost::biconnected_components(g, boost::make_iterator_property_map(edge_comp.begin(), get(boost::edge_index, g)),
                                std::back_inserter(points),
                                boost::discover_time_map(boost::make_iterator_property_map(discover.begin(), vindex))
                                    .lowpoint_map(boost::make_iterator_property_map(low.begin(), vindex))
                                    .predecessor_map(boost::make_iterator_property_map(pred.begin(), vindex)));

  // Sizes: DFS subtree sizes from the discover times and predecessors, component sizes.
  std::vector<Vertex> comp = kernels::ComponentsOfSymmetric(g);
  std::vector<size_t> comp_size(n, 0);
  for (Vertex v = 0; v < n; ++v) ++comp_size[comp[v]];
  std::vector<Vertex> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](Vertex a, Vertex b) { return discover[a] > discover[b]; });
  std::vector<size_t> sub(n, 1);
  for (Vertex v : order) {
    if (pred[v] != v) sub[pred[v]] += sub[v];
  }

  Brokers brokers;
  std::vector<std::vector<size_t>> pieces(n);
  for (Vertex c = 0; c < n; ++c) {
    Vertex parent = pred[c];
    if (parent != c && low[c] >= discover[parent]) pieces[parent].push_back(sub[c]);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  for (Vertex v : points) {
    size_t total = comp_size[comp[v]];
    std::vector<size_t> parts = pieces[v];
    size_t below = std::accumulate(parts.begin(), parts.end(), size_t{0});
    if (total - 1 > below) parts.push_back(total - 1 - below);
    size_t largest = parts.empty() ? 0 : *std::max_element(parts.begin(), parts.end());
    brokers.articulation_points.push_back(ArticulationPoint{v, parts.size(), total - 1 - largest, total});
  }
  std::sort(brokers.articulation_points.begin(), brokers.articulation_points.end(), [](const auto& a, const auto& b) {
    return a.cut_off != b.cut_off ? a.cut_off > b.cut_off : a.vertex < b.vertex;
  });

  // Bridges: biconnected components made of a single edge.
  std::map<size_t, std::vector<boost::graph_traits<SymGraph>::edge_descriptor>> blocks;
  for (auto e : boost::make_iterator_range(edges(g))) {
    size_t c = edge_comp[get(boost::edge_index, g, e)];
    if (c != kNone) blocks[c].push_back(e);
  }
  for (const auto& [c, list] : blocks) {
    if (list.size() != 1) continue;
    Vertex s = source(list[0], g), t = target(list[0], g);
    Vertex child = pred[t] == s ? t : s;
    size_t total = comp_size[comp[s]];
    brokers.bridges.push_back(
        Bridge{std::min(s, t), std::max(s, t), g[list[0]].tie, std::min(sub[child], total - sub[child]), total});
  }
  std::sort(brokers.bridges.begin(), brokers.bridges.end(), [](const auto& a, const auto& b) {
    if (a.cut_off != b.cut_off) return a.cut_off > b.cut_off;
    return std::tie(a.a, a.b) < std::tie(b.a, b.b);
  });
  return brokers;
}

std::vector<uint32_t> CoreNumbers(const Projection& p) {
  const SymGraph& g = Sym(p);
  std::vector<uint32_t> core(num_vertices(g), 0);
  if (!core.empty())
    boost::core_numbers(g, boost::make_iterator_property_map(core.begin(), get(boost::vertex_index, g)));
  return core;
}

Partition Communities(const Projection& p, int max_rounds) {
  const SymGraph& g = Sym(p);
  const size_t n = num_vertices(g);
  std::vector<Vertex> label(n);
  std::iota(label.begin(), label.end(), 0);
  std::vector<Vertex> seen;
  for (int round = 0; round < max_rounds; ++round) {
    bool changed = false;
    for (Vertex v = 0; v < n; ++v) {
      seen.clear();
      for (auto e : boost::make_iterator_range(out_edges(v, g))) seen.push_back(label[target(e, g)]);
      if (seen.empty()) continue;
      std::sort(seen.begin(), seen.end());
      size_t best_count = 0, current_count = 0;
      Vertex best = label[v];
      for (size_t i = 0; i < seen.size();) {
        size_t j = i;
        while (j < seen.size() && seen[j] == seen[i]) ++j;
        if (seen[i] == label[v]) current_count = j - i;
        if (j - i > best_count) {
          best_count = j - i;
          best = seen[i];
        }
        i = j;
      }
      if (current_count == best_count) continue;  // the current label is among the most frequent
      if (best != label[v]) {
        label[v] = best;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return MakePartition(label);
}

std::vector<double> Clustering(const Projection& p) { return kernels::LocalClustering(Sym(p), false); }

}  // namespace cityties::algo
