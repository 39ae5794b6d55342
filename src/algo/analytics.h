// Whole-graph algorithms over a projection: the LDBC Graphalytics kernels, centrality, components,
// brokers, k-cores, communities and clustering. Light header (no Boost); every function runs
// Boost.Graph algorithms (or the generic kernels of algo/kernels.h) on the projection's CSR graphs.
//
// Unless a function says otherwise it sees the projection as a simple undirected graph (a tie is a
// relationship whichever way it is stored; parallel ties count once; self-loops are dropped).
// Results are indexed by projection::Vertex. Ties between equal values are broken by the smaller
// vertex, i.e. the smaller external id (projection.h).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "algo/convergence.h"
#include "common/status.h"
#include "projection/image.h"
#include "projection/projection.h"

namespace cityties::algo {

using projection::Projection;
using projection::TieIndex;
using projection::Vertex;

// ---- LDBC Graphalytics kernels (definitions in algo/kernels.h). They follow the stored direction
// when Projection::directed(), else treat the graph as undirected.

inline constexpr int64_t kUnreachable = std::numeric_limits<int64_t>::max();

// BFS depth from `source` along out-edges; kUnreachable for unreachable vertices.
std::vector<int64_t> Bfs(const Projection& p, Vertex source);
// Dijkstra distances on the `weight` property (absent: 1); +infinity when unreachable.
// InvalidArgument when a weight is negative.
Result<std::vector<double>> Sssp(const Projection& p, Vertex source);
// Weakly connected components: each vertex's label is the smallest vertex of its component.
std::vector<Vertex> Wcc(const Projection& p);
// PageRank, sink rank spread evenly: `iterations` rounds, or fewer once converged within
// `tolerance` (kernels::PageRank; 0: every round), told in `convergence` when given.
std::vector<double> PageRank(const Projection& p, double damping, int iterations, double tolerance = 0,
                             Convergence* convergence = nullptr);
// Synchronous community detection by label propagation; labels are vertices (smallest wins ties).
std::vector<Vertex> Cdlp(const Projection& p, int iterations);
// Local clustering coefficient (directed graphs: directed edges among in- and out-neighbours).
std::vector<double> Lcc(const Projection& p);

// The same kernels on a mapped projection image (projection/image.h), in place: the same
// answers, vertex for vertex, as on the default view's Projection.
std::vector<int64_t> Bfs(const projection::Image& image, Vertex source);
Result<std::vector<double>> Sssp(const projection::Image& image, Vertex source);
std::vector<Vertex> Wcc(const projection::Image& image);
std::vector<double> PageRank(const projection::Image& image, double damping, int iterations, double tolerance = 0,
                             Convergence* convergence = nullptr);
std::vector<Vertex> Cdlp(const projection::Image& image, int iterations);
std::vector<double> Lcc(const projection::Image& image);

// ---- Centrality (undirected view).

enum class Measure { kDegree, kBetweenness, kCloseness, kPageRank };
Result<Measure> ParseMeasure(const std::string& text);

struct CentralityOptions {
  double damping = 0.85;               // pagerank
  int iterations = 100;                // pagerank: the cap (NetworkX's max_iter)
  double tolerance = 1e-6;             // pagerank: converged below n * tolerance of L1 change (NetworkX's tol)
  Convergence* convergence = nullptr;  // pagerank: how it stopped, when given
  size_t samples = 0;                  // betweenness: from this many sources (BetweennessSources); 0: all
};
// The sources of a sampled betweenness: `k` vertices spread evenly over the vertex order, every
// max(1, n / k)-th from vertex 0 (deterministic, and the same as the benchmark gives its peers).
// Every vertex when k is 0 or at least n.
std::vector<Vertex> BetweennessSources(size_t n, size_t k);
// degree: number of distinct neighbours. betweenness: Brandes (boost::brandes_betweenness_
// centrality), normalised as NetworkX does for undirected graphs, by (n-1)(n-2)/2 pairs; with
// `samples`, Brandes from BetweennessSources only, scaled by n / samples as NetworkX's
// betweenness_centrality(k=samples) scales its sampled sources (an estimate).
// closeness: (r-1)/sum of distances to the r-1 reachable vertices, scaled by (r-1)/(n-1)
// (Wasserman-Faust, NetworkX's default). pagerank: PageRank() on the undirected view.
std::vector<double> Centrality(const Projection& p, Measure measure, const CentralityOptions& options = {});

// ---- Structure (undirected view).

// A partition of the vertices: groups ordered by size (largest first), then by smallest member;
// members ascending.
struct Partition {
  std::vector<uint32_t> group_of;  // per vertex: index into groups
  std::vector<std::vector<Vertex>> groups;
};
// The vertices ordered by `value` descending, then by vertex (the documented tie-break), for the
// ranked listings of centrality, k-cores and clustering.
template <typename T>
std::vector<Vertex> RankDescending(const std::vector<T>& value) {
  std::vector<Vertex> order(value.size());
  for (Vertex v = 0; v < order.size(); ++v) order[v] = v;
  std::stable_sort(order.begin(), order.end(), [&](Vertex a, Vertex b) { return value[a] > value[b]; });
  return order;
}

// Connected components of the symmetric graph (kernels::ComponentsOfSymmetric).
Partition Components(const Projection& p);

// Articulation points and bridges (boost::biconnected_components), with how much of the network
// hangs on each: `cut_off` is the number of vertices that lose their connection to the largest
// remaining part of the component when the broker is removed.
struct ArticulationPoint {
  Vertex vertex = 0;
  size_t pieces = 0;   // parts its component falls into without it
  size_t cut_off = 0;  // vertices outside the largest part
  size_t component_size = 0;
};
struct Bridge {
  Vertex a = 0, b = 0;  // a < b
  TieIndex tie = 0;     // the pair's representative tie
  size_t cut_off = 0;   // vertices on the smaller side
  size_t component_size = 0;
};
struct Brokers {
  std::vector<ArticulationPoint> articulation_points;  // by cut_off descending, then vertex
  std::vector<Bridge> bridges;                         // by cut_off descending, then (a, b)
};
Brokers FindBrokers(const Projection& p);

// Core number of each vertex (boost::core_numbers): the largest k such that the vertex belongs to
// the k-core (the maximal subgraph in which every vertex has at least k neighbours).
std::vector<uint32_t> CoreNumbers(const Projection& p);

// Communities by deterministic asynchronous label propagation: every vertex starts with its own
// label; vertices are visited in vertex order and take the most frequent label among their
// neighbours, keeping their current label when it is among the most frequent and otherwise
// taking the smallest; rounds repeat until no label changes (or `max_rounds`). Unlike the
// synchronous CDLP kernel this does not oscillate on bipartite structures (agreements <-> parties).
Partition Communities(const Projection& p, int max_rounds = 100);

// Local clustering coefficient of the undirected view (NetworkX's clustering()).
std::vector<double> Clustering(const Projection& p);

}  // namespace cityties::algo
