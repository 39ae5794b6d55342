#include <gtest/gtest.h>

#include <fstream>

#include "common/csv.h"
#include "import/importer.h"
#include "test_util.h"

namespace cityties::import {
namespace {

using testing::StoreTest;

class ImportTest : public StoreTest {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_.path(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
};

TEST_F(ImportTest, LoadsTheSampleAndEveryFileIsOneWrite) {
  store::ApplySummary s;
  Status st = ImportFiles(*store_, {std::string(CITYTIES_SOURCE_DIR) + "/tests/data/sample"}, {}, &s);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(s.nodes_created, 9u);
  EXPECT_EQ(s.edges_created, 8u);
  auto edge = store_->GetNode("agreement/kaohsiung-arizona-kumamoto-prefecture-mou");
  ASSERT_TRUE(edge.ok());
  EXPECT_TRUE(store_->Validate()->empty());
}

TEST_F(ImportTest, CsvListsQuotesAndTypes) {
  std::string nodes = Write("n.csv",
                            ":id,:label,name_en,aliases,delegation_size,kind,date\n"
                            "visit/a,Visit,\"Visit, with \"\"quotes\"\"\",a|b,21,event,2025-02-03\n"
                            "visit/b,Visit,\"two\nlines\",,,forum,2025\n");
  store::ApplySummary s;
  ASSERT_TRUE(ImportFiles(*store_, {nodes}, {}, &s).ok());
  auto a = store_->GetNode("visit/a");
  EXPECT_EQ(a->props["name_en"], "Visit, with \"quotes\"");
  EXPECT_EQ(a->props["aliases"], store::Json({"a", "b"}));
  EXPECT_EQ(a->props["delegation_size"], 21);
  auto b = store_->GetNode("visit/b");
  EXPECT_EQ(b->props["name_en"], "two\nlines");
  EXPECT_FALSE(b->props.contains("delegation_size"));
}

TEST_F(ImportTest, ErrorsNameFileLineAndFieldAndWriteNothing) {
  std::string good = Write("a.jsonl", R"({"id":"city/a","label":"City","props":{"admin_level":"city"}})"
                                      "\n");
  std::string bad =
      Write("b.jsonl", R"({"id":"city/b","label":"City","props":{"admin_level":"city"}})"
                       "\n"
                       R"({"from":"city/a","type":"LOCATED_IN","to":"city/b","props":{"since":"2020-13"}})"
                       "\n");
  uint64_t before = store_->Sequence();
  Status s = ImportFiles(*store_, {good, bad}, {}, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), bad + ":2: property 'since' must be a date YYYY, YYYY-MM or YYYY-MM-DD, got \"2020-13\"");
  EXPECT_EQ(store_->Sequence(), before);
  EXPECT_TRUE(store_->Resolve("city/a").status().IsNotFound());
}

TEST_F(ImportTest, JsonRecordShapeErrors) {
  auto message = [&](const std::string& line) {
    return ImportFiles(*store_, {Write("x.jsonl", line + "\n")}, {}, nullptr).message();
  };
  std::string file = dir_.path("x.jsonl");
  EXPECT_EQ(message(R"({"label":"City"})"), file + ":1: missing field 'id'");
  EXPECT_EQ(message(R"({"id":"a","label":"City","extra":1})"), file + ":1: unknown field 'extra'");
  EXPECT_EQ(message(R"({"id":"a"})"), file + ":1: a record needs 'label' (a node) or 'type' (an edge)");
  EXPECT_EQ(message(R"([1,2])"), file + ":1: a record must be a JSON object");
  EXPECT_EQ(message(R"({"id":"a","label":"City","props":[]})"), file + ":1: field 'props' must be an object");
}

TEST_F(ImportTest, UpsertReplacesInsteadOfFailing) {
  std::string f = Write("c.jsonl", R"({"id":"country/jp","label":"Country","props":{"name_en":"Japan"}})"
                                   "\n");
  ASSERT_TRUE(ImportFiles(*store_, {f}, {}, nullptr).ok());
  EXPECT_TRUE(ImportFiles(*store_, {f}, {}, nullptr).code() == Status::Code::kAlreadyExists);
  ImportOptions upsert;
  upsert.upsert = true;
  store::ApplySummary s;
  ASSERT_TRUE(ImportFiles(*store_, {f}, upsert, &s).ok());
  EXPECT_EQ(s.nodes_updated, 1u);
}

TEST_F(ImportTest, EdgeListImportsIsolatedVerticesAndWeights) {
  std::string e = Write("g.e", "1 2 0.5\n2 3 1.5\n10 1 2\n");
  std::string v = Write("g.v", "1\n2\n3\n10\n99\n");
  store::WriteSet w;
  ASSERT_TRUE(ParseEdgeList({e, v, true, true}, &w).ok());
  ASSERT_TRUE(store_->Apply(w).ok());
  EXPECT_EQ(store_->GetCounts()->labels["Vertex"], 5u);
  EXPECT_EQ(store_->GetCounts()->edge_types["LINK"], 3u);
  EXPECT_TRUE(store_->Resolve("99").ok());
  auto edge =
      store_->GetEdge(*store_->Resolve("2"), store_->schema().FindEdgeType("LINK")->code, *store_->Resolve("3"));
  EXPECT_DOUBLE_EQ(edge->props["weight"].get<double>(), 1.5);
  store::WriteSet bad;
  Status s = ParseEdgeList({Write("bad.e", "1 2\n3 x\n"), "", false, false}, &bad);
  EXPECT_EQ(s.message(), dir_.path("bad.e") + ":2: field 'dst' is not an unsigned id");
}

TEST(Csv, ReaderAndWriterRoundTrip) {
  std::vector<std::vector<std::string>> rows = {{"a", "b,c", "d\"e"}, {"高雄", "x\ny", ""}};
  std::ostringstream out;
  for (const auto& r : rows) WriteCsvRow(out, r);
  std::istringstream in(out.str());
  CsvReader reader(in);
  std::vector<std::string> fields;
  size_t line;
  std::string error;
  for (const auto& r : rows) {
    ASSERT_TRUE(reader.Next(&fields, &line, &error));
    EXPECT_EQ(fields, r);
  }
  EXPECT_FALSE(reader.Next(&fields, &line, &error));
  EXPECT_TRUE(error.empty());
}

}  // namespace
}  // namespace cityties::import
