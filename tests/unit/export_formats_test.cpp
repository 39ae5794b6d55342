// The exporters (export/export.h): JSON, GraphML and Cypher text, and the CSV directory that
// `cityties import` loads back exactly.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "export/export.h"
#include "import/importer.h"
#include "test_util.h"

namespace cityties::exporter {
namespace {

using cityties::testing::ReadFile;
using cityties::testing::TempDir;

std::unique_ptr<store::GraphStore> NewStore(const std::string& path) {
  EXPECT_TRUE(store::GraphStore::Create(path, cityties::testing::DefaultSchemaText()).ok());
  auto store = store::GraphStore::Open(path, store::GraphStore::Mode::kReadWrite);
  EXPECT_TRUE(store.ok());
  return std::move(*store);
}

std::string JsonOf(const store::GraphStore& store) {
  auto graph = LoadSnapshot(store);
  EXPECT_TRUE(graph.ok());
  std::ostringstream out;
  EXPECT_TRUE(WriteJson(*graph, out).ok());
  return out.str();
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = NewStore(dir_.path("db"));
    store::ApplySummary summary;
    Status status =
        import::ImportFiles(*store_, {std::string(CITYTIES_SOURCE_DIR) + "/tests/data/render"}, {}, &summary);
    ASSERT_TRUE(status.ok()) << status.message();
  }
  Snapshot Graph() {
    auto graph = LoadSnapshot(*store_);
    EXPECT_TRUE(graph.ok());
    return std::move(*graph);
  }
  TempDir dir_;
  std::unique_ptr<store::GraphStore> store_;
};

TEST_F(ExportTest, SnapshotIsInExternalIdOrder) {
  Snapshot graph = Graph();
  ASSERT_EQ(graph.nodes.size(), 22u);
  ASSERT_EQ(graph.edges.size(), 30u);
  EXPECT_TRUE(std::is_sorted(graph.nodes.begin(), graph.nodes.end(),
                             [](const auto& a, const auto& b) { return a.ext_id < b.ext_id; }));
  EXPECT_EQ(graph.edges.front().from, "agreement/kaohsiung-gdynia-sister-city");
  EXPECT_EQ(graph.edges.front().from_label, "Agreement");
}

TEST_F(ExportTest, JsonElementsAreImportRecords) {
  std::string json = JsonOf(*store_);
  auto doc = nlohmann::json::parse(json);
  EXPECT_EQ(doc["directed"], true);
  ASSERT_EQ(doc["nodes"].size(), 22u);
  EXPECT_EQ(doc["nodes"][0]["id"], "agreement/kaohsiung-aomori-mutsu-mou");
  EXPECT_EQ(doc["edges"][0].begin().key(), "from");                   // from, type, to, props: the JSONL order
  EXPECT_NE(json.find("\"name_zh\":\"高雄市\""), std::string::npos);  // UTF-8 as is, not \u escapes
}

TEST_F(ExportTest, GraphmlHasTypedKeysAndJoinedLists) {
  std::ostringstream out;
  ASSERT_TRUE(WriteGraphml(Graph(), store_->schema(), out).ok());
  std::string xml = out.str();
  EXPECT_NE(
      xml.find("<key id=\"node.delegation_size\" for=\"node\" attr.name=\"delegation_size\" attr.type=\"long\"/>"),
      std::string::npos);
  EXPECT_NE(xml.find("<key id=\"edge.weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<key id=\"node.secondary\" for=\"node\" attr.name=\"secondary\" attr.type=\"boolean\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<data key=\"node.aliases\">高雄|KHH</data>"), std::string::npos);
  EXPECT_NE(xml.find("home, &quot;harbour&quot; city, with a | bar"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"node.labels\">City</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"edge.label\">PARTY_TO</data>"), std::string::npos);
  EXPECT_NE(xml.find("edgedefault=\"directed\""), std::string::npos);
}

TEST_F(ExportTest, CypherCreatesNodesThenMatchesEdges) {
  std::ostringstream neo4j, kuzu;
  ASSERT_TRUE(WriteCypher(Graph(), store_->schema(), CypherDialect::kNeo4j, neo4j).ok());
  ASSERT_TRUE(WriteCypher(Graph(), store_->schema(), CypherDialect::kKuzu, kuzu).ok());
  std::string n = neo4j.str();
  EXPECT_NE(n.find("CREATE INDEX `cityties_City_id` IF NOT EXISTS FOR (n:`City`) ON (n.id);"), std::string::npos);
  EXPECT_NE(n.find("CREATE (:`City` {id: 'city/kumamoto', `admin_level`: 'city', `country`: 'country/jp', "
                   "`name_en`: 'Kumamoto', `name_zh`: '熊本市', `note`: 'line one\\nline two, with a comma'});"),
            std::string::npos);
  EXPECT_NE(
      n.find("MATCH (a:`City` {id: 'city/kumamoto'}), (b:`Agreement` {id: 'agreement/kaohsiung-kumamoto-friendship'}) "
             "CREATE (a)-[:`PARTY_TO` {`role`: 'partner, \"friend\"'}]->(b);"),
      std::string::npos);
  EXPECT_NE(n.find("`delegation_size`: 12"), std::string::npos);
  EXPECT_NE(n.find("`aliases`: ['USA', 'U.S.A.']"), std::string::npos);
  std::string k = kuzu.str();
  EXPECT_NE(k.find("CREATE NODE TABLE `Visit`(id STRING PRIMARY KEY, `date` STRING, `delegation_size` INT64, "),
            std::string::npos);
  EXPECT_NE(k.find("CREATE REL TABLE `PAIRED_WITH`(FROM `School` TO `School`, `kind` STRING, `since` STRING, "
                   "`weight` DOUBLE);"),
            std::string::npos);
}

TEST_F(ExportTest, CsvRoundTripIsExact) {
  std::vector<std::string> files;
  std::string csv = dir_.path("csv");
  std::filesystem::create_directories(csv);
  ASSERT_TRUE(WriteCsvDirectory(Graph(), csv, &files).ok());
  EXPECT_EQ(files.size(), 6u + 8u);  // 6 labels, 8 edge types
  std::string countries = ReadFile(csv + "/nodes_Country.csv");
  EXPECT_EQ(countries.substr(0, countries.find('\n')), ":id,:label,aliases,continent,iso2,name_en,name_zh");
  EXPECT_NE(ReadFile(csv + "/nodes_City.csv").find("\"line one\nline two, with a comma\""), std::string::npos);
  auto copy = NewStore(dir_.path("copy"));
  store::ApplySummary summary;
  Status status = import::ImportFiles(*copy, {csv}, {}, &summary);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(JsonOf(*copy), JsonOf(*store_));
  auto a = store_->GetCounts();
  auto b = copy->GetCounts();
  EXPECT_EQ(a->labels, b->labels);
  EXPECT_EQ(a->edge_types, b->edge_types);
}

TEST_F(ExportTest, CsvRefusesValuesItWouldLose) {
  struct Case {
    const char* json;
    const char* why;
  };
  for (const Case& c : {Case{R"({"aliases": ["a|b"]})", "holding '|'"}, Case{R"({"aliases": []})", "empty list"},
                        Case{R"({"note": ""})", "empty string"}}) {
    store::WriteSet writes;
    writes.nodes.push_back({"city/odd", "City", nlohmann::json::parse(c.json), store::WriteMode::kUpsert, "test"});
    writes.nodes.back().props["admin_level"] = "city";
    ASSERT_TRUE(store_->Apply(writes).ok()) << c.json;
    std::vector<std::string> files;
    Status status = WriteCsvDirectory(Graph(), dir_.path("odd"), &files);
    EXPECT_FALSE(status.ok()) << c.json;
    EXPECT_NE(status.message().find(c.why), std::string::npos) << status.message();
    EXPECT_NE(status.message().find("node city/odd"), std::string::npos) << status.message();
    EXPECT_TRUE(files.empty());  // nothing written
  }
}

TEST_F(ExportTest, ExportWritesFilesAtomicallyAndGuardsCsvDirectories) {
  ExportOptions options;
  options.format = ExportFormat::kGraphml;
  std::ostringstream unused;
  auto summary = Export(*store_, options, dir_.path("g.graphml"), unused);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->nodes, 22u);
  EXPECT_TRUE(std::filesystem::exists(dir_.path("g.graphml")));
  EXPECT_FALSE(std::filesystem::exists(dir_.path("g.graphml.tmp")));
  options.format = ExportFormat::kCsv;
  ASSERT_TRUE(Export(*store_, options, dir_.path("csv"), unused).ok());
  auto again = Export(*store_, options, dir_.path("csv"), unused);
  EXPECT_FALSE(again.ok());  // an earlier export is there
  options.force = true;
  EXPECT_TRUE(Export(*store_, options, dir_.path("csv"), unused).ok());
  std::ofstream(dir_.path("csv/mine.csv")) << "x\n";
  EXPECT_FALSE(Export(*store_, options, dir_.path("csv"), unused).ok());  // not ours: never replaced
  EXPECT_FALSE(Export(*store_, options, "-", unused).ok());
  options.format = ExportFormat::kJson;
  ASSERT_TRUE(Export(*store_, options, "-", unused).ok());
  EXPECT_EQ(unused.str(), JsonOf(*store_));
  EXPECT_FALSE(ParseExportFormat("xml").ok());
  EXPECT_FALSE(ParseCypherDialect("sql").ok());
}

}  // namespace
}  // namespace cityties::exporter
