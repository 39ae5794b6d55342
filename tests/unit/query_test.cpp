// The query layer: name resolution that never guesses, and typed property filters.
#include <gtest/gtest.h>

#include "query/node_query.h"
#include "query/property_filter.h"
#include "test_util.h"

namespace cityties::query {
namespace {

using store::Json;
using testing::StoreTest;

class QueryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store::WriteSet w;
    auto node = [&](const char* id, const char* label, Json props) {
      w.nodes.push_back({id, label, std::move(props), store::WriteMode::kCreate, "test"});
    };
    node("country/jp", "Country", {{"name_en", "Japan"}, {"name_zh", "日本"}});
    node("city/kumamoto", "City",
         {{"name_en", "Kumamoto"}, {"name_zh", "熊本市"}, {"admin_level", "city"}, {"country", "country/jp"}});
    node("city/kumamoto-prefecture", "City",
         {{"name_en", "Kumamoto Prefecture"},
          {"name_zh", "熊本縣"},
          {"admin_level", "prefecture"},
          {"country", "country/jp"}});
    node("city/kaohsiung", "City", {{"name_en", "Kaohsiung"}, {"name_zh", "高雄市"}, {"admin_level", "municipality"}});
    node("official/lin", "Official", {{"name", "林欽榮"}, {"romanised", "Lin Chin-rong"}});
    node("official/hsu", "Official", {{"name", "許副市長"}, {"romanised", "Hsu"}});
    auto office = [&](const char* from, const char* to, const char* title, const char* title_zh, const char* as_of) {
      w.edges.push_back({from, "HOLDS_OFFICE", to, Json{{"title", title}, {"title_zh", title_zh}, {"as_of", as_of}},
                         store::WriteMode::kCreate, "test"});
    };
    office("official/lin", "city/kaohsiung", "Deputy Mayor of Kaohsiung", "副市長", "2023-03-30");
    office("official/hsu", "city/kaohsiung", "Deputy Mayor of Kaohsiung", "副市長", "2015-07-04");
    ASSERT_TRUE(store_->Apply(w).ok());
  }
};

TEST_F(QueryTest, ExactIdsAndNamesResolve) {
  EXPECT_EQ(ResolveNode(*store_, "city/kaohsiung")->ext_id, "city/kaohsiung");
  EXPECT_EQ(ResolveNode(*store_, "ＫＡＯＨＳＩＵＮＧ")->ext_id, "city/kaohsiung");
  EXPECT_EQ(ResolveNode(*store_, "熊本縣")->ext_id, "city/kumamoto-prefecture");
  EXPECT_TRUE(ResolveNode(*store_, "Atlantis").status().IsNotFound());
}

TEST_F(QueryTest, InexactNamesNeverResolveEvenWithOneCandidate) {
  auto misspelt = ResolveNode(*store_, "Kaohsuing");
  ASSERT_FALSE(misspelt.ok());
  EXPECT_EQ(misspelt.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(misspelt.status().message().find("1. city/kaohsiung (City) 高雄市 / Kaohsiung"), std::string::npos);
  EXPECT_EQ(ResolveNode(*store_, "Kaohsuing", 1)->ext_id, "city/kaohsiung");
  auto beyond = ResolveNode(*store_, "Kaohsuing", 2);
  EXPECT_NE(beyond.status().message().find("cannot pick 2"), std::string::npos);
}

TEST_F(QueryTest, AnExactNameThatAnotherNameOfItsLabelExtendsIsAmbiguous) {
  auto kumamoto = Candidates(*store_, "kumamoto");
  ASSERT_TRUE(kumamoto.ok());
  ASSERT_EQ(kumamoto->size(), 2u);
  EXPECT_EQ((*kumamoto)[0].match, MatchKind::kExactName);
  EXPECT_EQ((*kumamoto)[1].node.ext_id, "city/kumamoto-prefecture");
  EXPECT_EQ((*kumamoto)[1].country, "Japan");
  EXPECT_FALSE(ResolveNode(*store_, "kumamoto").ok());
  EXPECT_EQ(ResolveNode(*store_, "kumamoto", 2)->ext_id, "city/kumamoto-prefecture");
}

TEST_F(QueryTest, TitlesListTheOfficialsHoldingThemWithTheirOffices) {
  auto lin = Candidates(*store_, "林副市長");
  ASSERT_TRUE(lin.ok());
  ASSERT_EQ(lin->size(), 2u);
  EXPECT_EQ(lin->front().node.ext_id, "official/lin");
  EXPECT_EQ(lin->front().Describe(),
            "official/lin (Official) 林欽榮 / Lin Chin-rong; Deputy Mayor of Kaohsiung (city/kaohsiung, as of "
            "2023-03-30)");
  EXPECT_EQ((*lin)[1].node.ext_id, "official/hsu");
  EXPECT_FALSE(ResolveNode(*store_, "副市長").ok());
}

TEST_F(QueryTest, LongTextsAreRefusedBeforeAnyLookup) {
  auto result = ResolveNode(*store_, std::string(kMaxNodeTextBytes + 1, 'x'));
  EXPECT_EQ(result.status().message(), "a NODE argument of 1001 bytes is too long (at most 1000)");
}

class FilterTest : public StoreTest {
 protected:
  bool Keeps(const std::string& filter, const Json& props) {
    auto f = PropertyFilter::Parse(filter, *store_->schema().FindLabel("Agreement"));
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() && f->Matches(props);
  }
  std::string Refusal(const std::string& filter) {
    return PropertyFilter::Parse(filter, *store_->schema().FindLabel("Agreement")).status().message();
  }
};

TEST_F(FilterTest, PartialDatesCompareAsIntervals) {
  Json march{{"date", "2025-03-20"}};
  EXPECT_TRUE(Keeps("date>=2025", march));
  EXPECT_TRUE(Keeps("date<=2025", march));
  EXPECT_TRUE(Keeps("date=2025", march));
  EXPECT_TRUE(Keeps("date=2025-03", march));
  EXPECT_FALSE(Keeps("date<2025", march));
  EXPECT_FALSE(Keeps("date>2025", march));
  EXPECT_TRUE(Keeps("date>2024", march));
  EXPECT_TRUE(Keeps("date!=2024", march));
  // a coarse date is neither surely before nor surely after a day inside it
  Json year{{"date", "2025"}};
  EXPECT_FALSE(Keeps("date>=2025-06", year));
  EXPECT_FALSE(Keeps("date<2025-06", year));
  EXPECT_FALSE(Keeps("date=2025-06", year));
}

TEST_F(FilterTest, TypedValuesListsAndMissingProperties) {
  Json props{{"kind", "sister_city"}, {"secondary", true}, {"topics", {"education", "ports"}}};
  EXPECT_TRUE(Keeps("secondary=true", props));
  EXPECT_FALSE(Keeps("secondary=false", props));
  EXPECT_TRUE(Keeps("topics=ports", props));
  EXPECT_FALSE(Keeps("topics!=ports", props));
  EXPECT_TRUE(Keeps("kind!=friendship_city", props));
  EXPECT_TRUE(Keeps("status!=planned", props));  // absent: only != passes
  EXPECT_FALSE(Keeps("status=planned", props));
  EXPECT_FALSE(Keeps("date", props));
  EXPECT_TRUE(Keeps("kind", props));
}

TEST_F(FilterTest, WhatCannotBeAnsweredIsRefused) {
  EXPECT_NE(Refusal("colour=red").find("unknown property 'colour' for label Agreement; its properties: aliases,"),
            std::string::npos);
  EXPECT_EQ(Refusal("status=active"),
            "property 'status' has no value 'active'; allowed: in_force, planned, ended, "
            "lapsed, unknown");
  EXPECT_EQ(Refusal("secondary=yes"), "property 'secondary' must be true or false, got \"yes\"");
  EXPECT_EQ(Refusal("kind<z"), "property 'kind' is a string: compare it with = or !=");
  EXPECT_EQ(Refusal("=x"), "filter '=x' names no property");
}

}  // namespace
}  // namespace cityties::query
