// cityties_bench: what a graph query costs at scale.
//
//   cityties_bench [--vertices N] [--edges M] [--repeat R] [--dir DIR] [--seed S] [--edges-out FILE]
//
// Builds a random directed graph (uniform endpoints, no self-loops or duplicate edges) of N Vertex
// nodes and M LINK edges in a fresh database under DIR, then times, R times each (min and median):
//   - the store write (one bulk ingestion);
//   - the base projection: a full scan of the store (GraphStore::ForEachNode / ForEachEdge), writing
//     it to the cache file, reading the cache back;
//   - the view: filters and CSR graphs over a base;
//   - the same symmetric graph as boost::adjacency_list<vecS, vecS, directedS> (the alternative the
//     projection does not use), and BFS / PageRank on both, for the design note in csr.h;
//   - the kernels on the projection: BFS, WCC, PageRank (20 iterations), CDLP (10), LCC, SSSP.
// With --edges-out it also writes the edge list (SNAP format), for other tools to time the very same
// graph (bench/run.sh generates its own with `cityties generate --format edgelist`).
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "algo/analytics.h"
#include "algo/kernels.h"
#include "projection/cache.h"
#include "projection/csr.h"
#include "store/graph_store.h"

namespace {

using namespace cityties;
using Clock = std::chrono::steady_clock;

struct Options {
  size_t vertices = 200000;
  size_t edges = 1000000;
  int repeat = 3;
  std::string dir = "/tmp/cityties-bench";
  uint64_t seed = 42;
  std::string edges_out;
};

double Ms(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

// Runs fn `repeat` times; prints min and median.
void Time(const char* what, int repeat, const std::function<void()>& fn) {
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    auto start = Clock::now();
    fn();
    ms.push_back(Ms(start));
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-48s min %9.1f ms   median %9.1f ms\n", what, ms.front(), ms[ms.size() / 2]);
  std::fflush(stdout);
}

int Fail(const Status& s) {
  std::fprintf(stderr, "cityties_bench: %s\n", s.message().c_str());
  return 2;
}

std::string ReadSchema() {
  std::ifstream in(std::string(CITYTIES_SOURCE_DIR) + "/schema/cityties.schema.json");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--vertices")
      o.vertices = std::stoull(v);
    else if (k == "--edges")
      o.edges = std::stoull(v);
    else if (k == "--repeat")
      o.repeat = std::stoi(v);
    else if (k == "--dir")
      o.dir = v;
    else if (k == "--seed")
      o.seed = std::stoull(v);
    else if (k == "--edges-out")
      o.edges_out = v;
    else {
      std::fprintf(
          stderr,
          "usage: cityties_bench [--vertices N] [--edges M] [--repeat R] [--dir DIR] [--seed S] [--edges-out FILE]\n");
      return 1;
    }
  }
  std::printf("graph: %zu vertices, %zu directed edges, seed %llu\n", o.vertices, o.edges,
              static_cast<unsigned long long>(o.seed));

  // The graph.
  std::mt19937_64 rng(o.seed);
  std::uniform_int_distribution<uint64_t> pick(0, o.vertices - 1);
  std::vector<std::pair<uint64_t, uint64_t>> edges;
  {
    std::unordered_set<uint64_t> seen;
    while (edges.size() < o.edges) {
      uint64_t a = pick(rng), b = pick(rng);
      if (a == b || !seen.insert(a * o.vertices + b).second) continue;
      edges.emplace_back(a, b);
    }
  }
  if (!o.edges_out.empty()) {
    std::ofstream f(o.edges_out);
    for (const auto& [a, b] : edges) f << a << ' ' << b << '\n';
  }

  // The store.
  std::string db = o.dir + "/db";
  std::filesystem::remove_all(o.dir);
  std::filesystem::create_directories(o.dir);
  Status s = store::GraphStore::Create(db, ReadSchema());
  if (!s.ok()) return Fail(s);
  {
    auto rw = store::GraphStore::Open(db, store::GraphStore::Mode::kReadWrite);
    if (!rw.ok()) return Fail(rw.status());
    store::WriteSet w;
    w.directed = true;
    for (size_t v = 0; v < o.vertices; ++v) {
      w.nodes.push_back({std::to_string(v), "Vertex", store::Json::object(), store::WriteMode::kCreate, ""});
    }
    for (const auto& [a, b] : edges) {
      w.edges.push_back(
          {std::to_string(a), "LINK", std::to_string(b), store::Json::object(), store::WriteMode::kCreate, ""});
    }
    auto start = Clock::now();
    store::ApplySummary summary;
    s = (*rw)->Apply(w, &summary);
    if (!s.ok()) return Fail(s);
    std::printf("%-48s %13.1f ms (%s)\n", "store write (import)", Ms(start), summary.bulk ? "bulk ingestion" : "batch");
  }
  auto opened = store::GraphStore::Open(db, store::GraphStore::Mode::kReadOnly);
  if (!opened.ok()) return Fail(opened.status());
  const store::GraphStore& st = **opened;

  // The base projection: scan, cache write, cache read.
  std::shared_ptr<const projection::Base> base;
  Time("base: scan the store (nodes + 1M out keys)", o.repeat, [&] { base = *projection::ScanBase(st); });
  std::string cache = db + "/" + projection::kCacheFileName;
  Time("base: write the cache file", o.repeat, [&] { (void)projection::WriteBaseCache(*base, cache); });
  std::printf("%-48s %13.1f MB\n", "base: cache file size", std::filesystem::file_size(cache) / 1e6);
  Time("base: read the cache file", o.repeat,
       [&] { base = *projection::ReadBaseCache(cache, st.Sequence(), projection::StoreIdentity(st)); });

  // The view over the base (from the cache, as a repeated query does).
  std::optional<projection::Projection> p;
  Time("projection: cached base + view (CSR)", o.repeat,
       [&] { p.emplace(std::move(*projection::Project(st, {}, projection::ProjectOptions()))); });
  std::printf("%-48s %13.1f ms (of which view %.1f ms)\n", "  last: base from cache", p->stats().base_ms,
              p->stats().view_ms);
  Time("projection: directed CSR (first use)", 1, [&] { (void)projection::DirectedGraph(*p); });

  // CSR versus adjacency_list for the same symmetric graph.
  using AdjList = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  std::vector<std::pair<uint32_t, uint32_t>> sym;
  for (const auto& t : p->ties()) {
    sym.emplace_back(t.src, t.dst);
    sym.emplace_back(t.dst, t.src);
  }
  std::sort(sym.begin(), sym.end());
  sym.erase(std::unique(sym.begin(), sym.end()), sym.end());
  const size_t n = p->num_vertices();
  Time("build: compressed_sparse_row_graph (2M arcs)", o.repeat,
       [&] { projection::SymGraph g(boost::edges_are_sorted, sym.begin(), sym.end(), n); });
  std::unique_ptr<AdjList> built;
  Time("build: adjacency_list<vecS,vecS> (2M arcs)", o.repeat,
       [&] { built = std::make_unique<AdjList>(sym.begin(), sym.end(), n); });
  const AdjList& adj = *built;
  const auto& g = p->graphs().sym;
  Time("bfs (undirected view): CSR", o.repeat, [&] { (void)algo::kernels::BfsDepths(g, 0); });
  Time("bfs (undirected view): adjacency_list", o.repeat, [&] { (void)algo::kernels::BfsDepths(adj, 0); });
  Time("pagerank x20 (undirected view): CSR, 1 thread", o.repeat,
       [&] { (void)algo::kernels::PageRank(g, false, 0.85, 20, 0, nullptr, 1); });
  Time("pagerank x20 (undirected view): CSR, 2 threads", o.repeat,
       [&] { (void)algo::kernels::PageRank(g, false, 0.85, 20, 0, nullptr, 2); });
  Time("pagerank x20 (undirected view): adjacency_list", o.repeat,
       [&] { (void)algo::kernels::PageRank(adj, false, 0.85, 20); });

  // The kernels as the commands run them (directed graph).
  Time("kernel bfs", o.repeat, [&] { (void)algo::Bfs(*p, 0); });
  Time("kernel wcc", o.repeat, [&] { (void)algo::Wcc(*p); });
  Time("kernel pagerank (20 iterations)", o.repeat, [&] { (void)algo::PageRank(*p, 0.85, 20); });
  Time("kernel cdlp (10 iterations)", o.repeat, [&] { (void)algo::Cdlp(*p, 10); });
  Time("kernel lcc", o.repeat, [&] { (void)algo::Lcc(*p); });
  Time("kernel sssp", o.repeat, [&] { (void)*algo::Sssp(*p, 0); });
  Time("components (undirected)", o.repeat, [&] { (void)algo::Components(*p); });
  Time("core numbers", o.repeat, [&] { (void)algo::CoreNumbers(*p); });
  return 0;
}
