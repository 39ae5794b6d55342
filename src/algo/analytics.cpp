#include "algo/analytics.h"

#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/core_numbers.hpp>
#include <boost/range/iterator_range.hpp>
#include <iterator>
#include <map>
#include <numeric>

#include "algo/kernels.h"
#include "projection/csr.h"
#include "projection/csr_view.h"
#include "projection/image.h"

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

namespace {

// The graphs of a Projection and of a mapped Image, so each kernel is written once: Choose calls
// `run(graph, directed)` with the directed graph when the stored directions mean something, else
// with the symmetric one.
const SymGraph& SymOf(const Projection& p) { return Sym(p); }
projection::CsrView SymOf(const projection::Image& image) {
  const auto& s = image.sym();
  return projection::CsrView{image.num_vertices(), {s.offsets, s.ends}, {}, s.weights};
}

template <typename Run>
auto Choose(const Projection& p, Run&& run) {
  return p.directed() ? run(DirectedGraph(p), true) : run(Sym(p), false);
}
template <typename Run>
auto Choose(const projection::Image& image, Run&& run) {
  if (!image.directed()) return run(SymOf(image), false);
  const auto &out = image.out(), &in = image.in();
  return run(projection::BiCsrView{image.num_vertices(), {out.offsets, out.ends}, {in.offsets, in.ends}, out.weights},
             true);
}

auto Weights(const SymGraph& g) { return get(&EdgeProp::weight, g); }
auto Weights(const DirGraph& g) { return get(&EdgeProp::weight, g); }
template <bool kIn>
auto Weights(const projection::BasicCsrView<kIn>& g) {
  return projection::WeightMap(g);
}

// The first negative weight, described, or "".
std::string NegativeWeight(const Projection& p) {
  for (const auto& t : p.ties()) {
    if (t.weight < 0) {
      return std::to_string(t.weight) + " on the edge " + p.vertex(t.src).ext_id + " -> " + p.vertex(t.dst).ext_id;
    }
  }
  return "";
}
// In the arcs of `arcs` (sym: "-" between the ends, out: "->").
std::string NegativeWeight(const projection::Image& image, const projection::ImageArrays& arcs, const char* between) {
  for (Vertex v = 0; arcs.weights && v < image.num_vertices(); ++v) {
    for (uint32_t i = arcs.offsets[v]; i < arcs.offsets[v + 1]; ++i) {
      if (arcs.weights[i] < 0) {
        return std::to_string(arcs.weights[i]) + " on the edge " + std::string(image.ExtId(v)) + between +
               std::string(image.ExtId(arcs.ends[i]));
      }
    }
  }
  return "";
}
// Both directions' arcs: in an image as written the symmetric arcs carry the lighter weight of a
// pair, but a damaged one, checked alongside, may not (and Dijkstra throws on a negative weight).
std::string NegativeWeight(const projection::Image& image) {
  std::string negative = NegativeWeight(image, image.sym(), " - ");
  if (negative.empty() && image.directed()) negative = NegativeWeight(image, image.out(), " -> ");
  return negative;
}

template <typename Source>
std::vector<int64_t> BfsOn(const Source& s, Vertex source) {
  return Choose(s, [&](const auto& g, bool directed) {
    return directed ? kernels::BfsDepths(g, source) : kernels::BfsDepthsOfSymmetric(g, source);
  });
}
template <typename Source>
Result<std::vector<double>> SsspOn(const Source& s, Vertex source) {
  std::string negative = NegativeWeight(s);
  if (!negative.empty()) {
    return Status::InvalidArgument("negative weight " + negative + "; shortest paths need non-negative weights");
  }
  return Choose(s, [&](const auto& g, bool) { return kernels::DijkstraDistances(g, source, Weights(g)); });
}
template <typename Source>
std::vector<Vertex> WccOn(const Source& s) {
  return kernels::ComponentsOfSymmetric(SymOf(s));  // weak components ignore direction
}
template <typename Source>
std::vector<double> PageRankOn(const Source& s, double damping, int iterations, double tolerance,
                               Convergence* convergence) {
  return Choose(s, [&](const auto& g, bool directed) {
    return kernels::PageRank(g, directed, damping, iterations, tolerance, convergence);
  });
}
template <typename Source>
std::vector<Vertex> CdlpOn(const Source& s, int iterations) {
  return Choose(s, [&](const auto& g, bool directed) { return kernels::LabelPropagation(g, directed, iterations); });
}
template <typename Source>
std::vector<double> LccOn(const Source& s) {
  return Choose(s, [&](const auto& g, bool directed) { return kernels::LocalClustering(g, directed); });
}

}  // namespace

std::vector<int64_t> Bfs(const Projection& p, Vertex source) { return BfsOn(p, source); }
std::vector<int64_t> Bfs(const projection::Image& image, Vertex source) { return BfsOn(image, source); }
Result<std::vector<double>> Sssp(const Projection& p, Vertex source) { return SsspOn(p, source); }
Result<std::vector<double>> Sssp(const projection::Image& image, Vertex source) { return SsspOn(image, source); }
std::vector<Vertex> Wcc(const Projection& p) { return WccOn(p); }
std::vector<Vertex> Wcc(const projection::Image& image) { return WccOn(image); }
std::vector<double> PageRank(const Projection& p, double damping, int iterations, double tolerance,
                             Convergence* convergence) {
  return PageRankOn(p, damping, iterations, tolerance, convergence);
}
std::vector<double> PageRank(const projection::Image& image, double damping, int iterations, double tolerance,
                             Convergence* convergence) {
  return PageRankOn(image, damping, iterations, tolerance, convergence);
}
std::vector<Vertex> Cdlp(const Projection& p, int iterations) { return CdlpOn(p, iterations); }
std::vector<Vertex> Cdlp(const projection::Image& image, int iterations) { return CdlpOn(image, iterations); }
std::vector<double> Lcc(const Projection& p) { return LccOn(p); }
std::vector<double> Lcc(const projection::Image& image) { return LccOn(image); }

Result<Measure> ParseMeasure(const std::string& text) {
  if (text == "degree") return Measure::kDegree;
  if (text == "betweenness") return Measure::kBetweenness;
  if (text == "closeness") return Measure::kCloseness;
  if (text == "pagerank") return Measure::kPageRank;
  return Status::InvalidParameter("measure", "must be degree, betweenness, closeness or pagerank, not '" + text + "'");
}

std::vector<Vertex> BetweennessSources(size_t n, size_t k) {
  if (k == 0 || k >= n) k = n;
  const size_t step = std::max<size_t>(1, n / k);
  std::vector<Vertex> sources;
  for (size_t i = 0; i < k; ++i) sources.push_back(static_cast<Vertex>(i * step));
  return sources;
}

namespace {
// Brandes' dependency accumulation from each of `sources` on an unweighted symmetric simple graph:
// every unordered pair {s, t} with s a source adds, to each vertex strictly between them, its
// share of their shortest paths. Only the vertices a source reaches are reset after it.
template <typename Graph>
std::vector<double> BrandesFrom(const Graph& g, const std::vector<Vertex>& sources) {
  const size_t n = num_vertices(g);
  std::vector<double> value(n, 0.0), sigma(n, 0.0), delta(n, 0.0);
  std::vector<int64_t> dist(n, -1);
  std::vector<Vertex> order;
  order.reserve(n);
  for (Vertex s : sources) {
    for (Vertex v : order) {
      dist[v] = -1;
      sigma[v] = delta[v] = 0.0;
    }
    order.assign(1, s);
    dist[s] = 0;
    sigma[s] = 1.0;
    for (size_t head = 0; head < order.size(); ++head) {
      const Vertex v = order[head];
      for (auto e : boost::make_iterator_range(out_edges(v, g))) {
        const Vertex w = static_cast<Vertex>(target(e, g));
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          order.push_back(w);
        }
        if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    for (size_t i = order.size(); i-- > 1;) {
      const Vertex w = order[i];
      for (auto e : boost::make_iterator_range(out_edges(w, g))) {
        const Vertex v = static_cast<Vertex>(target(e, g));
        if (dist[v] == dist[w] - 1) delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
      }
      value[w] += delta[w];
    }
  }
  return value;
}
}  // namespace

std::vector<double> Centrality(const Projection& p, Measure measure, const CentralityOptions& options) {
  const SymGraph& g = Sym(p);
  const size_t n = num_vertices(g);
  std::vector<double> value(n, 0.0);
  switch (measure) {
    case Measure::kDegree:
      for (Vertex v = 0; v < n; ++v) value[v] = static_cast<double>(out_degree(v, g));
      break;
    case Measure::kBetweenness: {
      if (options.samples > 0 && options.samples < n) {
        value = BrandesFrom(g, BetweennessSources(n, options.samples));
        const double scale = n > 2 ? static_cast<double>(n) / static_cast<double>(options.samples) /
                                         (static_cast<double>(n - 1) * static_cast<double>(n - 2))
                                   : 0.0;
        for (double& x : value) x *= scale;
        break;
      }
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
      value = kernels::PageRank(g, false, options.damping, options.iterations, options.tolerance, options.convergence);
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
