#include "schema/schema.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace cityties::schema {
namespace {

using nlohmann::json;

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = Schema::Parse(testing::DefaultSchemaText());
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    schema_ = *parsed;
  }
  std::shared_ptr<const Schema> schema_;
};

TEST_F(SchemaTest, HasTheRequiredLabelsAndTypes) {
  for (const char* label : {"Country", "City", "Official", "School", "Institution", "Agreement", "Visit"}) {
    EXPECT_NE(schema_->FindLabel(label), nullptr) << label;
  }
  for (const char* type :
       {"LOCATED_IN", "PARTY_TO", "SIGNED_BY", "HOLDS_OFFICE", "PAIRED_WITH", "VISITED", "HOSTED", "PARTICIPATED_IN"}) {
    EXPECT_NE(schema_->FindEdgeType(type), nullptr) << type;
  }
  // Codes follow byte order of names and index back.
  for (const auto& label : schema_->labels()) EXPECT_EQ(schema_->LabelByCode(label.code), &label);
}

TEST_F(SchemaTest, AcceptsAValidNode) {
  EXPECT_TRUE(schema_
                  ->ValidateNode("City", json{{"admin_level", "prefecture"},
                                              {"name_zh", "熊本縣"},
                                              {"aliases", {"Kumamoto-ken"}},
                                              {"sources", {"x §1"}}})
                  .ok());
}

TEST_F(SchemaTest, RejectsWithTheFieldNamed) {
  auto message = [&](const std::string& label, const json& props) {
    return schema_->ValidateNode(label, props).message();
  };
  EXPECT_EQ(message("Planet", json::object()), "unknown label 'Planet'");
  EXPECT_EQ(message("City", json{{"admin_level", "city"}, {"mayor", "x"}}), "unknown property 'mayor' for label City");
  EXPECT_EQ(message("City", json{{"name_en", "x"}}), "missing required property 'admin_level' for label City");
  EXPECT_NE(message("City", json{{"admin_level", 3}}).find("property 'admin_level' must be a string"),
            std::string::npos);
  EXPECT_NE(message("Visit", json{{"kind", "event"}, {"date", "2023-02-30"}}).find("property 'date' must be a date"),
            std::string::npos);
  EXPECT_NE(message("Agreement", json{{"kind", "treaty"}}).find("property 'kind' has value \"treaty\""),
            std::string::npos);
  EXPECT_NE(message("City", json{{"admin_level", "city"}, {"aliases", {"a", 1}}}).find("must be a list of strings"),
            std::string::npos);
  EXPECT_NE(message("Visit", json{{"kind", "event"}, {"date", "2020"}, {"delegation_size", 2.5}}).find("an integer"),
            std::string::npos);
}

TEST_F(SchemaTest, ChecksEdgeEndpoints) {
  EXPECT_TRUE(schema_->ValidateEdge("PARTY_TO", "City", "Agreement", json::object()).ok());
  EXPECT_EQ(schema_->ValidateEdge("PARTY_TO", "Agreement", "City", json::object()).message(),
            "edge type PARTY_TO cannot start at a Agreement node");
  EXPECT_EQ(schema_->ValidateEdge("HOLDS_OFFICE", "Official", "City", json::object()).message(),
            "missing required property 'title' for edge type HOLDS_OFFICE");
  EXPECT_EQ(schema_->ValidateEdge("LIKES", "City", "City", json::object()).message(), "unknown edge type 'LIKES'");
}

TEST_F(SchemaTest, ConvertsCsvText) {
  const auto& props = schema_->FindLabel("Visit")->properties;
  EXPECT_EQ(*Schema::ConvertText(props.at("delegation_size"), "21"), json(21));
  EXPECT_FALSE(Schema::ConvertText(props.at("delegation_size"), "21x").ok());
  EXPECT_EQ(*Schema::ConvertText(props.at("topics"), "trade|education"), json({"trade", "education"}));
  EXPECT_EQ(*Schema::ConvertText(props.at("secondary"), "true"), json(true));
  EXPECT_FALSE(Schema::ConvertText(props.at("secondary"), "yes").ok());
}

TEST(SchemaParse, RejectsBrokenSchemas) {
  EXPECT_FALSE(Schema::Parse("not json").ok());
  EXPECT_FALSE(Schema::Parse(R"({"labels": {}})").ok());
  EXPECT_FALSE(
      Schema::Parse(R"({"labels": {"A": {"properties": {"x": {"type": "complex"}}}}, "edge_types": {}})").ok());
  EXPECT_FALSE(Schema::Parse(R"({"labels": {"A": {}}, "edge_types": {"E": {"from": ["B"], "to": ["A"]}}})").ok());
}

}  // namespace
}  // namespace cityties::schema
