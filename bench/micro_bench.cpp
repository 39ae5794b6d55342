// cityties_micro_bench: Google Benchmark microbenchmarks of the storage layer.
//
//   cityties_micro_bench [--world-nodes N] [--world-edges M] [google benchmark flags]
//
// Codecs of store/format.h (props, node values, adjacency and index keys, counters: encode and
// decode), and the store's point operations on a generated world (generate/world.h, default
// 20,000 nodes and 100,000 edges) imported into a fresh database in a temporary directory:
// a node by number and by external id, a name lookup, a node's edges (prefix scan of the
// adjacency column family), one-node and one-edge writes (Apply with a WriteBatch).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "generate/output.h"
#include "import/importer.h"
#include "store/format.h"
#include "store/graph_store.h"

namespace {

using namespace cityties;

store::Json SampleProps() {
  return {{"name_en", "Kumamoto Prefecture"},
          {"aliases", {"Kumamoto-ken", "熊本縣"}},
          {"admin_level", "prefecture"},
          {"country", "country/jp"},
          {"lat", 32.79},
          {"lon", 130.74},
          {"sources", {"000_7171382b04180599.txt §1(5)"}}};
}

void BM_EncodeProps(benchmark::State& state) {
  const auto props = SampleProps();
  for (auto _ : state) benchmark::DoNotOptimize(store::EncodeProps(props));
}
BENCHMARK(BM_EncodeProps);

void BM_DecodeProps(benchmark::State& state) {
  const std::string bytes = store::EncodeProps(SampleProps());
  for (auto _ : state) benchmark::DoNotOptimize(store::DecodeProps(bytes));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_DecodeProps);

void BM_EncodeNodeValue(benchmark::State& state) {
  const auto props = SampleProps();
  for (auto _ : state) benchmark::DoNotOptimize(store::EncodeNodeValue(3, "city/kumamoto-prefecture", props));
}
BENCHMARK(BM_EncodeNodeValue);

void BM_DecodeNodeValue(benchmark::State& state) {
  const std::string bytes = store::EncodeNodeValue(3, "city/kumamoto-prefecture", SampleProps());
  store::NodeValue value;
  for (auto _ : state) benchmark::DoNotOptimize(store::DecodeNodeValue(bytes, &value));
}
BENCHMARK(BM_DecodeNodeValue);

void BM_EncodeAdjacency(benchmark::State& state) {
  store::AdjacencyKey key{123456, 7, 654321};
  for (auto _ : state) {
    ++key.other;
    benchmark::DoNotOptimize(store::EncodeAdjacency(key));
  }
}
BENCHMARK(BM_EncodeAdjacency);

void BM_DecodeAdjacency(benchmark::State& state) {
  const std::string bytes = store::EncodeAdjacency({123456, 7, 654321});
  store::AdjacencyKey key;
  for (auto _ : state) benchmark::DoNotOptimize(store::DecodeAdjacency(bytes, &key));
}
BENCHMARK(BM_DecodeAdjacency);

void BM_NameIndexKeyRoundTrip(benchmark::State& state) {
  std::string folded;
  store::NodeId node = 0;
  for (auto _ : state) {
    const std::string key = store::NameIndexKey("kumamoto prefecture", 987654);
    benchmark::DoNotOptimize(store::DecodeNameIndex(key, &folded, &node));
  }
}
BENCHMARK(BM_NameIndexKeyRoundTrip);

void BM_CounterRoundTrip(benchmark::State& state) {
  uint64_t count = 0;
  for (auto _ : state) {
    const std::string bytes = store::EncodeCounter(count + 1);
    benchmark::DoNotOptimize(store::DecodeCounter(bytes, &count));
  }
}
BENCHMARK(BM_CounterRoundTrip);

// ---- the store, on a generated world

uint64_t world_nodes = 20000, world_edges = 100000;

// The world, imported once into a database in a temporary directory removed at exit.
class World {
 public:
  static World& Get() {
    static World world;
    return world;
  }
  store::GraphStore& store() { return *store_; }
  uint64_t nodes() const { return world_nodes; }
  ~World() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

 private:
  World() {
    char pattern[] = "/tmp/cityties-micro-XXXXXX";
    dir_ = mkdtemp(pattern);
    generate::WorldSpec spec;
    spec.nodes = world_nodes;
    spec.edges = world_edges;
    std::ifstream schema_file(std::string(CITYTIES_SOURCE_DIR) + "/schema/cityties.schema.json");
    std::stringstream schema;
    schema << schema_file.rdbuf();
    const std::string world = (dir_ / "world").string(), db = (dir_ / "db").string();
    Check(generate::WriteWorld(spec, {world, generate::OutputFormat::kJsonl, false}));
    Check(store::GraphStore::Create(db, schema.str()));
    auto opened = store::GraphStore::Open(db, store::GraphStore::Mode::kReadWrite);
    Check(opened.status());
    store_ = std::move(*opened);
    Check(import::ImportFiles(*store_, {world}, {}, nullptr));
    // One full read, so that the first benchmark does not pay for a cold cache alone.
    Check(store_->ForEachNode([](const store::Node&) { return true; }));
  }
  static void Check(const Status& status) {
    if (status.ok()) return;
    std::cerr << "cityties_micro_bench: " << status.message() << '\n';
    std::exit(2);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::GraphStore> store_;
};

// Node numbers in the store start at 1; a fixed sequence of them, uniformly random.
class RandomNodes {
 public:
  explicit RandomNodes(uint64_t nodes) : rng_(42), pick_(1, nodes) {}
  store::NodeId Next() { return pick_(rng_); }

 private:
  std::mt19937_64 rng_;
  std::uniform_int_distribution<store::NodeId> pick_;
};

void BM_StoreGetNode(benchmark::State& state) {
  auto& world = World::Get();
  RandomNodes nodes(world.nodes());
  for (auto _ : state) benchmark::DoNotOptimize(world.store().GetNode(nodes.Next()));
}
BENCHMARK(BM_StoreGetNode);

void BM_StoreResolveExternalId(benchmark::State& state) {
  auto& world = World::Get();
  uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(world.store().Resolve("city/" + std::to_string(1 + i++ % 5000)));
}
BENCHMARK(BM_StoreResolveExternalId);

void BM_StoreFindByExactName(benchmark::State& state) {
  auto& world = World::Get();
  for (auto _ : state) benchmark::DoNotOptimize(world.store().FindByName("Kaohsiung", 10));
}
BENCHMARK(BM_StoreFindByExactName);

// All edges of a node, both directions, without properties: two prefix scans.
void BM_StorePrefixScanEdges(benchmark::State& state) {
  auto& world = World::Get();
  RandomNodes nodes(world.nodes());
  uint64_t edges = 0;
  for (auto _ : state) {
    Status status = world.store().ForEachEdge(nodes.Next(), store::Direction::kBoth, std::nullopt, false,
                                              [&](const store::Edge&) { return ++edges, true; });
    benchmark::DoNotOptimize(status);
  }
  state.counters["edges/scan"] =
      benchmark::Counter(static_cast<double>(edges) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_StorePrefixScanEdges);

void BM_StorePutNode(benchmark::State& state) {
  auto& world = World::Get();
  static uint64_t next = 0;
  for (auto _ : state) {
    store::WriteSet writes;
    const std::string id = "city/micro-" + std::to_string(next++);
    writes.nodes.push_back(
        {id, "City", {{"admin_level", "city"}, {"name_en", id}}, store::WriteMode::kCreate, "bench"});
    benchmark::DoNotOptimize(world.store().Apply(writes));
  }
}
BENCHMARK(BM_StorePutNode);

void BM_StorePutEdge(benchmark::State& state) {
  auto& world = World::Get();
  static uint64_t next = 0;
  for (auto _ : state) {
    store::WriteSet writes;
    writes.edges.push_back({"school/" + std::to_string(next++ % 4000), "PARTY_TO",
                            "agreement/" + std::to_string(next % 2000), store::Json::object(),
                            store::WriteMode::kUpsert, "bench"});
    benchmark::DoNotOptimize(world.store().Apply(writes));
  }
}
BENCHMARK(BM_StorePutEdge);

}  // namespace

// --world-nodes N and --world-edges M, then Google Benchmark's own flags.
int main(int argc, char** argv) {
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (i + 1 < argc && std::strcmp(argv[i], "--world-nodes") == 0) {
      world_nodes = std::strtoull(argv[++i], nullptr, 10);
    } else if (i + 1 < argc && std::strcmp(argv[i], "--world-edges") == 0) {
      world_edges = std::strtoull(argv[++i], nullptr, 10);
    } else {
      rest.push_back(argv[i]);
    }
  }
  int rest_count = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_count, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
