// The catalog (codes of names, append-only), its stored form, the schema diff, and migrations
// of a store: refusals that name the blocker, defaults, format-1 databases.
#include "schema/catalog.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "schema/schema.h"
#include "schema/schema_diff.h"
#include "store/format.h"
#include "store/migrate.h"
#include "test_util.h"

namespace cityties {
namespace {

using nlohmann::json;
using schema::Catalog;
using schema::CatalogKind;
using schema::Schema;
using schema::SchemaChange;

json DefaultSchemaJson() { return json::parse(testing::DefaultSchemaText()); }

std::shared_ptr<const Schema> ParseOrDie(const std::string& text, const Catalog* catalog = nullptr) {
  auto parsed = Schema::Parse(text, catalog);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? *parsed : nullptr;
}

// The default schema with a label whose name sorts before every other.
json WithFirstLabel(json doc) {
  doc["labels"]["Aaa"] = {{"doc", "sorts first"}, {"properties", {{"rank", {{"type", "int"}}}}}};
  doc["edge_types"]["LOCATED_IN"]["from"].push_back("Aaa");
  return doc;
}

TEST(Catalog, DeriveNumbersByNameAsFormatOneDid) {
  auto schema = ParseOrDie(testing::DefaultSchemaText());
  Catalog catalog = Catalog::Derive(*schema);
  for (size_t i = 0; i < schema->labels().size(); ++i) {
    EXPECT_EQ(catalog.Find(CatalogKind::kLabel, schema->labels()[i].name), i);
    EXPECT_EQ(schema->labels()[i].code, i);
  }
  for (size_t i = 0; i < schema->edge_types().size(); ++i) {
    EXPECT_EQ(schema->edge_types()[i].code, i);
  }
  auto names = schema::PropertyNames(*schema);
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(catalog.Find(CatalogKind::kProperty, names[i]), i);
  EXPECT_EQ(schema->FindLabel("City")->properties.at("admin_level").code,
            catalog.Find(CatalogKind::kProperty, "admin_level"));
  EXPECT_EQ(schema->catalog(), catalog);
}

TEST(Catalog, CodecFollowsTheGrammarAndRoundTrips) {
  Catalog small;
  ASSERT_TRUE(small.Add(CatalogKind::kLabel, "City", 1).ok());
  ASSERT_TRUE(small.Add(CatalogKind::kLabel, "Aaa", 2).ok());
  ASSERT_TRUE(small.Add(CatalogKind::kEdgeType, "T", 0).ok());
  ASSERT_TRUE(small.Add(CatalogKind::kProperty, "p", 7).ok());
  // version, then kind order L, P, T, each in code order: kind code:u16 name_len:u16 name
  const std::string expected = std::string("\x01", 1) + std::string("L\x00\x01\x00\x04", 5) + "City" +
                               std::string("L\x00\x02\x00\x03", 5) + "Aaa" + std::string("P\x00\x07\x00\x01", 5) + "p" +
                               std::string("T\x00\x00\x00\x01", 5) + "T";
  EXPECT_EQ(store::EncodeCatalog(small), expected);
  auto back = store::DecodeCatalog(expected);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, small);

  Catalog full = Catalog::Derive(*ParseOrDie(testing::DefaultSchemaText()));
  auto full_back = store::DecodeCatalog(store::EncodeCatalog(full));
  ASSERT_TRUE(full_back.ok());
  EXPECT_EQ(*full_back, full);
}

TEST(Catalog, DecodeRejectsDamage) {
  const std::string entry_a = std::string("L\x00\x00\x00\x01", 5) + "A";
  auto error = [](const std::string& bytes) {
    auto decoded = store::DecodeCatalog(bytes);
    return decoded.ok() ? std::string("decoded") : decoded.status().message();
  };
  EXPECT_EQ(error(""), "catalog: unknown version");
  EXPECT_EQ(error(std::string("\x02", 1) + entry_a), "catalog: unknown version");
  EXPECT_EQ(error("\x01" + entry_a.substr(0, 3)), "catalog: truncated entry");
  EXPECT_EQ(error("\x01" + entry_a.substr(0, 5)), "catalog: truncated name");
  EXPECT_EQ(error("\x01" + std::string("X\x00\x00\x00\x01", 5) + "A"), "catalog: unknown kind byte 88");
  EXPECT_EQ(error("\x01" + entry_a + std::string("L\x00\x01\x00\x01", 5) + "A"), "catalog: label 'A' has two codes");
  EXPECT_EQ(error("\x01" + entry_a + std::string("L\x00\x00\x00\x01", 5) + "B"),
            "catalog: label code 0 names both 'A' and 'B'");
  EXPECT_EQ(error("\x01" + std::string("T\xff\xff\x00\x01", 5) + "T"), "catalog: edge type code 65535 is reserved");
}

TEST(Catalog, AddingALabelThatSortsFirstRenumbersNothing) {
  auto older = ParseOrDie(testing::DefaultSchemaText());
  Catalog catalog = older->catalog();
  const std::string newer_text = WithFirstLabel(DefaultSchemaJson()).dump();
  auto merge = catalog.Merge(*ParseOrDie(newer_text));
  ASSERT_TRUE(merge.ok()) << merge.status().message();
  ASSERT_EQ(merge->added.size(), 2u);  // the label and its property
  EXPECT_EQ(merge->added[0],
            (schema::CatalogEntry{CatalogKind::kLabel, "Aaa", static_cast<schema::Code>(older->labels().size())}));
  EXPECT_EQ(merge->added[1].name, "rank");
  EXPECT_EQ(merge->added[1].code, older->catalog().CodeLimit(CatalogKind::kProperty));
  EXPECT_TRUE(merge->retired.empty());

  auto newer = ParseOrDie(newer_text, &catalog);
  EXPECT_EQ(newer->labels().front().name, "Aaa");  // listed by name, numbered by the catalog
  for (const auto& label : older->labels()) EXPECT_EQ(newer->FindLabel(label.name)->code, label.code) << label.name;
  for (const auto& type : older->edge_types()) EXPECT_EQ(newer->FindEdgeType(type.name)->code, type.code);
  for (const auto& label : newer->labels()) EXPECT_EQ(newer->LabelByCode(label.code), &label);
  const auto aaa = newer->FindLabel("Aaa")->code;
  EXPECT_TRUE(
      newer->ValidateEdge(*newer->FindEdgeType("LOCATED_IN"), aaa, newer->FindLabel("City")->code, json::object())
          .ok());
  // Without the catalog the same document would be numbered by name: Aaa first, all shifted.
  EXPECT_EQ(ParseOrDie(newer_text)->FindLabel("Aaa")->code, 0);
}

TEST(Catalog, RemovedNamesKeepTheirCodesReserved) {
  auto older = ParseOrDie(testing::DefaultSchemaText());
  const auto vertex = older->FindLabel("Vertex")->code;
  json doc = DefaultSchemaJson();
  doc["labels"].erase("Vertex");
  doc["edge_types"].erase("LINK");
  Catalog catalog = older->catalog();
  auto merge = catalog.Merge(*ParseOrDie(doc.dump()));
  ASSERT_TRUE(merge.ok());
  EXPECT_TRUE(merge->added.empty());
  ASSERT_EQ(merge->retired.size(), 2u);
  EXPECT_EQ(merge->retired[0], (schema::CatalogEntry{CatalogKind::kLabel, "Vertex", vertex}));
  auto without = ParseOrDie(doc.dump(), &catalog);
  EXPECT_EQ(without->LabelByCode(vertex), nullptr);
  EXPECT_EQ(without->label_code_limit(), older->label_code_limit());

  // A new label takes the next code, not the reserved one; the removed name comes back to its own.
  doc["labels"]["Aaa"] = json::object();
  ASSERT_TRUE(catalog.Merge(*ParseOrDie(doc.dump())).ok());
  EXPECT_EQ(catalog.Find(CatalogKind::kLabel, "Aaa"), older->labels().size());
  doc["labels"]["Vertex"] = json::object();
  ASSERT_TRUE(catalog.Merge(*ParseOrDie(doc.dump())).ok());
  EXPECT_EQ(catalog.Find(CatalogKind::kLabel, "Vertex"), vertex);
}

TEST(Catalog, MergeRefusesWhenNoCodeIsFree) {
  auto newer = ParseOrDie(WithFirstLabel(DefaultSchemaJson()).dump());
  Catalog full = newer->catalog();
  Catalog labels_full;
  ASSERT_TRUE(labels_full.Add(CatalogKind::kLabel, "Last", 0xFFFF).ok());
  auto merge = labels_full.Merge(*newer);
  ASSERT_FALSE(merge.ok());
  EXPECT_NE(merge.status().message().find("no free label code for 'Aaa'"), std::string::npos)
      << merge.status().message();
  EXPECT_EQ(labels_full.codes(CatalogKind::kLabel).size(), 1u);  // unchanged on error

  Catalog types_full;  // 0xFFFF is the projection's agreement-tie code: never assigned
  ASSERT_TRUE(types_full.Add(CatalogKind::kEdgeType, "Last", 0xFFFE).ok());
  merge = types_full.Merge(*newer);
  ASSERT_FALSE(merge.ok());
  EXPECT_NE(merge.status().message().find("no free edge type code"), std::string::npos);
}

TEST(Catalog, ParseWithACatalogLackingANameFails) {
  Catalog catalog = ParseOrDie(testing::DefaultSchemaText())->catalog();
  auto parsed = Schema::Parse(WithFirstLabel(DefaultSchemaJson()).dump(), &catalog);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "label Aaa has no code");
}

TEST(SchemaDiff, ListsEveryKindOfChange) {
  json doc = DefaultSchemaJson();
  doc["labels"]["Aaa"] = json::object();
  doc["labels"]["City"]["properties"]["tier"] = {{"type", "int"}, {"default", 1}};
  doc["labels"]["City"]["properties"]["country"]["type"] = "int";
  doc["labels"]["School"]["properties"]["level"]["enum"] = {"elementary", "university", "kindergarten"};
  doc["labels"]["Country"]["doc"] = "changed";
  doc["edge_types"]["PRODUCED"]["from"].push_back("Official");
  doc["edge_types"]["REPRESENTS"]["to"] = {"Country"};
  doc["edge_types"].erase("LINK");
  auto older = ParseOrDie(testing::DefaultSchemaText());
  auto newer = ParseOrDie(doc.dump());
  std::vector<std::string> lines;
  for (const auto& c : schema::Diff(*older, *newer)) lines.push_back(c.Describe());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "add label Aaa",
                       "change the type of property 'country' of label City (string -> int)",
                       "add property 'tier' of label City (new, int, optional, default 1)",
                       "change the doc of label Country",
                       "restrict the values of property 'level' of label School (removes junior_high, senior_high, "
                       "vocational, other)",
                       "allow more values of property 'level' of label School (adds kindergarten)",
                       "remove edge type LINK",
                       "allow another endpoint label for edge type PRODUCED (from: Official)",
                       "remove an endpoint label of edge type REPRESENTS (to: City)",
                   }));
}

TEST(SchemaParse, ChecksTheDefaultAgainstTheProperty) {
  json doc = DefaultSchemaJson();
  doc["labels"]["City"]["properties"]["tier"] = {{"type", "int"}, {"default", "high"}};
  auto parsed = Schema::Parse(doc.dump());
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("City.tier: default: property 'tier' must be an integer"), std::string::npos)
      << parsed.status().message();
}

// Migrations of a store holding two cities, a country and an agreement.
class MigrateTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store::WriteSet w;
    w.nodes.push_back(City("city/a", "A"));
    w.nodes.push_back(City("city/b", "B"));
    w.nodes.push_back({"country/x", "Country", {{"name_en", "X"}}, store::WriteMode::kCreate, "x"});
    w.nodes.push_back({"agreement/ab", "Agreement", {{"kind", "sister_city"}}, store::WriteMode::kCreate, "ab"});
    w.edges.push_back(Tie("city/a", "LOCATED_IN", "country/x"));
    w.edges.push_back(Tie("city/a", "PARTY_TO", "agreement/ab"));
    w.edges.push_back(Tie("city/b", "PARTY_TO", "agreement/ab"));
    ASSERT_TRUE(store_->Apply(w).ok());
  }

  std::vector<std::string> Blockers(const json& doc) {
    auto plan = store::PlanMigration(*store_, doc.dump());
    EXPECT_TRUE(plan.ok()) << plan.status().message();
    return plan.ok() ? plan->blockers : std::vector<std::string>{"plan failed"};
  }
};

TEST_F(MigrateTest, RefusesChangesThatStoredDataBreaks) {
  json doc = DefaultSchemaJson();
  doc["labels"].erase("Agreement");
  for (auto& [name, type] : doc["edge_types"].items()) {
    for (const char* side : {"from", "to"}) {
      json kept = json::array();
      for (const auto& l : type[side]) {
        if (l != "Agreement") kept.push_back(l);
      }
      type[side] = kept;
    }
  }
  EXPECT_EQ(Blockers(doc), (std::vector<std::string>{
                               "label Agreement is removed, but 1 stored node has it",
                               "edge type PARTY_TO no longer allows to: Agreement, but 2 stored edges end at a "
                               "Agreement node",
                           }));

  doc = DefaultSchemaJson();
  doc["labels"]["City"]["properties"]["mayor"] = {{"type", "string"}, {"required", true}};
  auto& kinds = doc["labels"]["Agreement"]["properties"]["kind"]["enum"];
  kinds.erase(std::find(kinds.begin(), kinds.end(), "sister_city"));
  doc["node_common"].erase("name_en");
  doc["labels"]["City"]["properties"]["admin_level"]["type"] = "int";
  doc["edge_types"]["PARTY_TO"]["from"] = {"Country"};
  EXPECT_EQ(Blockers(doc), (std::vector<std::string>{
                               "property 'kind' of label Agreement allows fewer values (removes sister_city), but 1 "
                               "stored node holds a value no longer allowed, e.g. \"sister_city\"",
                               "property 'admin_level' of label City changes type (string -> int), but 2 stored "
                               "nodes set it",
                               "property 'mayor' of label City becomes required without a \"default\", but 2 stored "
                               "nodes lack it",
                               "property 'name_en' of label City is removed, but 2 stored nodes set it",
                               "property 'name_en' of label Country is removed, but 1 stored node sets it",
                               "edge type PARTY_TO no longer allows from: City, but 2 stored edges start at a City "
                               "node",
                           }));
}

TEST_F(MigrateTest, AllowsWhatNoStoredRecordUses) {
  json doc = WithFirstLabel(DefaultSchemaJson());
  doc["labels"].erase("Vertex");
  doc["edge_types"].erase("LINK");
  doc["labels"]["School"]["properties"]["mayor"] = {{"type", "string"}, {"required", true}};  // no School stored
  doc["labels"]["Agreement"]["properties"]["kind"]["enum"].push_back("treaty");
  auto plan = store::PlanMigration(*store_, doc.dump());
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->blockers.empty()) << plan->blockers.front();
  const auto before = *store_->GetCounts();
  const auto city = store_->schema().FindLabel("City")->code;
  const auto label_count = store_->schema().labels().size();
  ASSERT_TRUE(store_->Migrate(*plan).ok());
  EXPECT_EQ(store_->schema().FindLabel("City")->code, city);
  EXPECT_TRUE(store_->Validate()->empty());
  store_.reset();
  auto reopened = store::GraphStore::Open(db_path_, store::GraphStore::Mode::kReadOnly);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->schema().FindLabel("Aaa")->code, label_count);
  EXPECT_EQ((*reopened)->schema().FindLabel("City")->code, city);
  EXPECT_EQ((*reopened)->schema().FindLabel("Vertex"), nullptr);
  EXPECT_EQ((*reopened)->GetCounts()->labels.at("City"), before.labels.at("City"));
  EXPECT_EQ((*reopened)->GetNode("city/a")->label, "City");
}

TEST_F(MigrateTest, DefaultsFillExistingRecordsInTheSameWrite) {
  json doc = DefaultSchemaJson();
  doc["labels"]["City"]["properties"]["tier"] = {{"type", "int"}, {"required", true}, {"default", 2}};
  doc["edge_types"]["PARTY_TO"]["properties"]["role"]["required"] = true;
  doc["edge_types"]["PARTY_TO"]["properties"]["role"]["default"] = "party";
  store::WriteSet host;
  host.edges.push_back({"city/b", "PARTY_TO", "agreement/ab", {{"role", "host"}}, store::WriteMode::kUpdate, "x"});
  ASSERT_TRUE(store_->Apply(host).ok());
  auto plan = store::PlanMigration(*store_, doc.dump());
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->blockers.empty());
  EXPECT_EQ(plan->defaults.nodes.size(), 2u);
  EXPECT_EQ(plan->defaults.edges.size(), 1u);  // city/b already has a role
  store::ApplySummary summary;
  ASSERT_TRUE(store_->Migrate(*plan, &summary).ok());
  EXPECT_EQ(summary.nodes_updated, 2u);
  EXPECT_EQ(store_->GetNode("city/a")->props["tier"], 2);
  const auto party_to = store_->schema().FindEdgeType("PARTY_TO")->code;
  EXPECT_EQ(store_->GetEdge(*store_->Resolve("city/a"), party_to, *store_->Resolve("agreement/ab"))->props["role"],
            "party");
  EXPECT_EQ(store_->GetEdge(*store_->Resolve("city/b"), party_to, *store_->Resolve("agreement/ab"))->props["role"],
            "host");
  EXPECT_TRUE(store_->Validate()->empty());
}

// A database as format 1 wrote it: version "1", no catalog key and no adjacency lists.
void MakeFormatOne(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : store::kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), path, cfs, &handles, &raw).ok());
  ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[store::kMetaCf], store::meta::kFormatVersionKey, "1").ok());
  ASSERT_TRUE(raw->Delete(rocksdb::WriteOptions(), handles[store::kMetaCf], store::meta::kCatalogKey).ok());
  ASSERT_TRUE(raw->DropColumnFamily(handles[store::kAdjacencyCf]).ok());
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
  delete raw;
}

std::string MetaValue(const std::string& path, const char* key) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (int cf = 0; cf <= store::kMetaCf; ++cf)
    cfs.emplace_back(store::kColumnFamilies[cf], rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw;
  EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path, cfs, &handles, &raw).ok());
  std::string value;
  if (!raw->Get(rocksdb::ReadOptions(), handles[store::kMetaCf], key, &value).ok()) value = "(none)";
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
  delete raw;
  return value;
}

TEST_F(MigrateTest, FormatOneDatabasesOpenAndStoreTheirCatalogOnce) {
  const Catalog expected = Catalog::Derive(*ParseOrDie(testing::DefaultSchemaText()));
  EXPECT_EQ(store_->schema().catalog(), expected);
  store_.reset();
  MakeFormatOne(db_path_);
  {
    auto reader = store::GraphStore::Open(db_path_, store::GraphStore::Mode::kReadOnly);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    EXPECT_EQ((*reader)->schema().catalog(), expected);
    EXPECT_EQ((*reader)->GetNode("city/a")->label, "City");
  }
  EXPECT_EQ(MetaValue(db_path_, store::meta::kCatalogKey), "(none)");  // read-only opens write nothing
  {
    auto writer = store::GraphStore::Open(db_path_, store::GraphStore::Mode::kReadWrite);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    EXPECT_TRUE((*writer)->Validate()->empty());
  }
  EXPECT_EQ(MetaValue(db_path_, store::meta::kCatalogKey), store::EncodeCatalog(expected));
  EXPECT_EQ(MetaValue(db_path_, store::meta::kFormatVersionKey), "3");  // and its adjacency lists packed
}

TEST_F(MigrateTest, FormatOneDatabasesMigrateWithoutRenumbering) {
  store_.reset();
  MakeFormatOne(db_path_);
  auto opened = store::GraphStore::Open(db_path_, store::GraphStore::Mode::kReadWrite);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  store_ = std::move(*opened);
  const auto located_in = store_->schema().FindEdgeType("LOCATED_IN")->code;
  json doc = WithFirstLabel(DefaultSchemaJson());
  doc["edge_types"]["AAA_TIE"] = {{"from", {"Aaa"}}, {"to", {"City"}}};
  auto plan = store::PlanMigration(*store_, doc.dump());
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(store_->Migrate(*plan).ok());
  EXPECT_EQ(store_->schema().FindEdgeType("LOCATED_IN")->code, located_in);
  EXPECT_EQ(store_->schema().FindEdgeType("AAA_TIE")->code, store_->schema().edge_types().size() - 1);
  int located = 0;
  ASSERT_TRUE(store_
                  ->ForEachEdge(*store_->Resolve("city/a"), store::Direction::kOut, located_in, false,
                                [&](const store::Edge&) { return ++located, true; })
                  .ok());
  EXPECT_EQ(located, 1);
  EXPECT_TRUE(store_->Validate()->empty());
}

}  // namespace
}  // namespace cityties
