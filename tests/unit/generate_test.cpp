// The synthetic world generator: its worlds import and validate, hit the counts asked for, are
// byte-identical for one seed and differ for another, and have skewed degrees.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>
#include <vector>

#include "generate/output.h"
#include "generate/world.h"
#include "import/importer.h"
#include "test_util.h"

namespace cityties {
namespace {

using generate::EdgeType;
using generate::Label;
using generate::OutputFormat;
using testing::ReadFile;
using testing::TempDir;

generate::WorldSpec Spec(uint64_t nodes, uint64_t edges, uint64_t seed) {
  generate::WorldSpec spec;
  spec.nodes = nodes;
  spec.edges = edges;
  spec.seed = seed;
  return spec;
}

generate::WorldPlan Write(const generate::WorldSpec& spec, const std::string& dir, OutputFormat format) {
  generate::WorldPlan plan;
  Status status = generate::WriteWorld(spec, {dir, format, false}, &plan);
  EXPECT_TRUE(status.ok()) << status.message();
  return plan;
}

// Every file of the output, concatenated in order.
std::string Bytes(const std::string& dir, OutputFormat format) {
  std::string all;
  for (const auto& name : generate::OutputFiles(format)) all += ReadFile(dir + "/" + name);
  return all;
}

TEST(GenerateTest, SmallWorldImportsValidatesAndHasTheCountsAskedFor) {
  TempDir dir;
  const auto plan = Write(Spec(500, 2000, 7), dir.path("world"), OutputFormat::kJsonl);
  EXPECT_EQ(plan.total_nodes(), 500u);
  EXPECT_EQ(plan.total_edges(), 2000u);
  for (int l = 0; l < static_cast<int>(Label::kCount); ++l) EXPECT_GT(plan.nodes_of[l], 0u) << l;
  for (int t = 0; t < static_cast<int>(EdgeType::kCount); ++t) EXPECT_GT(plan.edges_of[t], 0u) << t;

  ASSERT_TRUE(store::GraphStore::Create(dir.path("db"), testing::DefaultSchemaText()).ok());
  auto store = store::GraphStore::Open(dir.path("db"), store::GraphStore::Mode::kReadWrite);
  ASSERT_TRUE(store.ok());
  store::ApplySummary summary;
  Status imported = import::ImportFiles(**store, {dir.path("world")}, {}, &summary);
  ASSERT_TRUE(imported.ok()) << imported.message();
  EXPECT_EQ(summary.nodes_created, 500u);
  EXPECT_EQ(summary.edges_created, 2000u);
  auto problems = (*store)->Validate();
  ASSERT_TRUE(problems.ok());
  EXPECT_TRUE(problems->empty()) << (problems->empty() ? "" : problems->front());

  auto counts = (*store)->GetCounts();
  ASSERT_TRUE(counts.ok());
  for (int l = 0; l < static_cast<int>(Label::kCount); ++l) {
    EXPECT_EQ(counts->labels[std::string(generate::LabelName(static_cast<Label>(l)))], plan.nodes_of[l]);
  }
  for (int t = 0; t < static_cast<int>(EdgeType::kCount); ++t) {
    EXPECT_EQ(counts->edge_types[std::string(generate::EdgeTypeName(static_cast<EdgeType>(t)))], plan.edges_of[t]);
  }
  auto home = (*store)->GetNode("city/kaohsiung");
  ASSERT_TRUE(home.ok());
  EXPECT_TRUE(home->props.contains("lat") && home->props.contains("lon"));
}

TEST(GenerateTest, TheSameSeedWritesTheSameBytesAndAnotherSeedDiffers) {
  TempDir dir;
  for (auto format : {OutputFormat::kJsonl, OutputFormat::kEdgeList}) {
    Write(Spec(500, 2000, 7), dir.path("a"), format);
    Write(Spec(500, 2000, 7), dir.path("b"), format);
    Write(Spec(500, 2000, 8), dir.path("c"), format);
    const std::string a = Bytes(dir.path("a"), format);
    EXPECT_GT(a.size(), 10000u);
    EXPECT_EQ(a, Bytes(dir.path("b"), format));
    EXPECT_NE(a, Bytes(dir.path("c"), format));
    std::filesystem::remove_all(dir.path("a"));
    std::filesystem::remove_all(dir.path("b"));
    std::filesystem::remove_all(dir.path("c"));
  }
}

TEST(GenerateTest, EdgeListIsTheSameWorldAndImportsAsOne) {
  TempDir dir;
  const auto plan = Write(Spec(500, 2000, 3), dir.path("g"), OutputFormat::kEdgeList);
  store::WriteSet writes;
  Status parsed = import::ParseEdgeList({dir.path("g/edges.txt"), dir.path("g/vertices.txt"), false, false}, &writes);
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  EXPECT_EQ(writes.nodes.size(), plan.total_nodes());
  EXPECT_EQ(writes.edges.size(), plan.total_edges());
  // No pair of nodes twice, whatever the types and directions were: it imports as undirected.
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& e : writes.edges) pairs.insert(std::minmax(e.from, e.to));
  EXPECT_EQ(pairs.size(), writes.edges.size());
  ASSERT_TRUE(store::GraphStore::Create(dir.path("db"), testing::DefaultSchemaText()).ok());
  auto store = store::GraphStore::Open(dir.path("db"), store::GraphStore::Mode::kReadWrite);
  ASSERT_TRUE(store.ok());
  Status applied = (*store)->Apply(writes);
  EXPECT_TRUE(applied.ok()) << applied.message();
}

TEST(GenerateTest, DegreesAreSkewed) {
  TempDir dir;
  const auto plan = Write(Spec(5000, 25000, 1), dir.path("g"), OutputFormat::kEdgeList);
  std::vector<uint64_t> degree(plan.total_nodes());
  std::ifstream edges(dir.path("g/edges.txt"));
  uint64_t from = 0, to = 0, count = 0;
  while (edges >> from >> to) {
    ASSERT_NE(from, to);
    ++degree.at(from);
    ++degree.at(to);
    ++count;
  }
  EXPECT_EQ(count, 25000u);
  const double mean = 2.0 * static_cast<double>(count) / static_cast<double>(degree.size());
  const uint64_t max = *std::max_element(degree.begin(), degree.end());
  EXPECT_GT(static_cast<double>(max), 50 * mean) << "max " << max << ", mean " << mean;
  // The most connected node is the home city (Zipf rank 0 of cities).
  EXPECT_EQ(std::max_element(degree.begin(), degree.end()) - degree.begin(),
            static_cast<long>(plan.first_node(Label::kCity)));
}

TEST(GenerateTest, CountsAreExactAcrossDensitiesAndBadSpecsAreRefused) {
  for (auto [nodes, edges] :
       {std::pair<uint64_t, uint64_t>{20, 40}, {100, 150}, {1000, 1200}, {1000, 20000}, {300, 12000}}) {
    auto plan = generate::PlanWorld(Spec(nodes, edges, 1));
    ASSERT_TRUE(plan.ok()) << nodes << " " << edges << ": " << plan.status().message();
    EXPECT_EQ(plan->total_nodes(), nodes);
    EXPECT_EQ(plan->total_edges(), std::max(edges, plan->minimum_edges)) << nodes << " " << edges;
    EXPECT_LE(plan->minimum_edges, nodes * 115 / 100 + 5) << nodes;
  }
  EXPECT_FALSE(generate::PlanWorld(Spec(19, 100, 1)).ok());
  EXPECT_FALSE(generate::PlanWorld(Spec(100, 4001, 1)).ok());
  TempDir dir;
  Write(Spec(100, 300, 1), dir.path("w"), OutputFormat::kJsonl);
  EXPECT_FALSE(generate::WriteWorld(Spec(100, 300, 1), {dir.path("w"), OutputFormat::kJsonl, false}).ok())
      << "an existing file is replaced only with force";
  EXPECT_TRUE(generate::WriteWorld(Spec(100, 300, 1), {dir.path("w"), OutputFormat::kJsonl, true}).ok());
}

}  // namespace
}  // namespace cityties
