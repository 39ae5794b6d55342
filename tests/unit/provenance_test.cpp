// The status and source-tier rules of engine/provenance.h.
#include "engine/provenance.h"

#include <gtest/gtest.h>

namespace cityties::engine {
namespace {

schema::ProvenanceRole Role() { return {"status", "secondary", "secondary_props", "sources", "reference/"}; }

TEST(ProvenanceTest, StatusFromTheFactThenTheEdgeThenTheSources) {
  store::Json planned = {{"status", "planned"}, {"sources", {"report.txt §1"}}};
  EXPECT_EQ(ProvenanceOf(Role(), planned, nullptr, std::nullopt).status, "planned");
  store::Json bare = {{"sources", {"report.txt §1"}}};
  store::Json edge = {{"status", "lapsed"}};
  EXPECT_EQ(ProvenanceOf(Role(), bare, &edge, std::nullopt).status, "lapsed");
  EXPECT_EQ(ProvenanceOf(Role(), bare, nullptr, std::nullopt).status, "in_force");
  store::Json only_secondary = {{"sources", {"reference/list.tsv row X"}}};
  auto p = ProvenanceOf(Role(), only_secondary, nullptr, std::nullopt);
  EXPECT_EQ(p.status, "unknown");
  EXPECT_EQ(p.tier, "secondary");
}

TEST(ProvenanceTest, APastEndMeansEnded) {
  store::Json fact = {{"status", "in_force"}};
  EXPECT_EQ(ProvenanceOf(Role(), fact, nullptr, PartialDate{2000, 0, 0}).status, "ended");
  EXPECT_EQ(ProvenanceOf(Role(), fact, nullptr, PartialDate{9999, 0, 0}).status, "in_force");
  store::Json planned = {{"status", "planned"}};
  EXPECT_EQ(ProvenanceOf(Role(), planned, nullptr, PartialDate{2000, 0, 0}).status, "planned");
}

TEST(ProvenanceTest, TierAndSecondaryProperties) {
  store::Json busan = {{"sources", {"004.txt §2", "reference/list.tsv row Busan"}}, {"secondary_props", {"date"}}};
  auto p = ProvenanceOf(Role(), busan, nullptr, std::nullopt);
  EXPECT_EQ(p.tier, "report");
  EXPECT_TRUE(p.Secondary("date"));
  EXPECT_FALSE(p.Secondary("kind"));
  store::Json marked = {{"secondary", true}, {"sources", {"004.txt §2"}}};
  EXPECT_EQ(ProvenanceOf(Role(), marked, nullptr, std::nullopt).tier, "secondary");
}

TEST(ProvenanceTest, APlainGraphIsInForceFromTheReports) {
  store::Json fact = {{"status", "planned"}, {"secondary", true}};
  auto p = ProvenanceOf(schema::ProvenanceRole{}, fact, nullptr, std::nullopt);
  EXPECT_EQ(p.status, "in_force");
  EXPECT_EQ(p.tier, "report");
}

TEST(ProvenanceTest, ValuesAreChecked) {
  EXPECT_TRUE(CheckValues("status", {"in_force", "planned"}, KnownStatuses()).ok());
  auto bad = CheckValues("status", {"signed"}, KnownStatuses());
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.parameter(), "status");
}

}  // namespace
}  // namespace cityties::engine
