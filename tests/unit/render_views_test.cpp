// The views of `cityties map` (render/views.h) on the fixture (tests/data/render) and, when it
// is there, on the shipped dataset (data/kaohsiung): what each draws, and that every view lays out
// with no Graphviz message and no overlapping labels.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "database_fixture.h"
#include "render/maps.h"

namespace cityties::render {
namespace {

using cityties::testing::LoadDatabase;
using cityties::testing::TempDir;

// The map of `view` (ego: at depth n; path: the n shortest; school-path: the n best routes to `to`).
Result<Diagram> Map(const engine::Database& db, MapRequest request, const std::string& view,
                    std::vector<std::string> nodes = {}, size_t n = 1, const std::string& to = "") {
  request.view = view;
  request.nodes = std::move(nodes);
  request.depth = request.k = n;
  request.to = to;
  return DrawMap(engine::ReadSession(db), request);
}

const DiagramNode* FindNode(const Diagram& d, const std::string& name) {
  for (const auto& n : d.nodes) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

std::string Attr(const Attrs& attrs, const std::string& key) {
  std::string value;
  for (const auto& [k, v] : attrs) {
    if (k == key) value = v;
  }
  return value;
}

bool HasEdge(const Diagram& d, const std::string& a, const std::string& b) {
  return std::any_of(d.edges.begin(), d.edges.end(),
                     [&](const DiagramEdge& e) { return (e.from == a && e.to == b) || (e.from == b && e.to == a); });
}

// Lays the diagram out and renders it as SVG; fails the test on any Graphviz message or overlap.
void ExpectCleanRender(const Result<Diagram>& diagram, const std::string& what) {
  ASSERT_TRUE(diagram.ok()) << what << ": " << diagram.status().message();
  auto result = RenderDiagramToMemory(*diagram, OutputFormat::kSvg);
  ASSERT_TRUE(result.ok()) << what << ": " << result.status().message();
  EXPECT_TRUE(result->messages.empty()) << what << ": " << result->messages.front();
  EXPECT_EQ(result->overlaps, 0u) << what << ": "
                                  << (result->overlap_examples.empty() ? "" : result->overlap_examples.front());
  EXPECT_EQ(result->crossings, 0u) << what << ": "
                                   << (result->crossing_examples.empty() ? "" : result->crossing_examples.front());
}

const DiagramEdge* FindEdge(const Diagram& d, const std::string& id) {
  for (const auto& e : d.edges) {
    if (Attr(e.attrs, "id") == id) return &e;
  }
  return nullptr;
}

bool HasLegend(const Diagram& d, const std::string& text) {
  return std::any_of(d.legend.begin(), d.legend.end(), [&](const LegendEntry& e) { return e.text == text; });
}

// The pixel size of a PNG (its IHDR chunk).
std::pair<unsigned, unsigned> PngSize(const std::string& png) {
  auto word = [&](size_t at) {
    unsigned v = 0;
    for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
    return v;
  };
  return {word(16), word(20)};
}

class RenderViewsTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = LoadDatabase(dir_, std::string(CITYTIES_SOURCE_DIR) + "/tests/data/render"); }
  Result<Diagram> View(const std::string& view, std::vector<std::string> nodes = {}, size_t n = 1,
                       const std::string& to = "") {
    return Map(*db_, request_, view, std::move(nodes), n, to);
  }
  TempDir dir_;
  std::unique_ptr<engine::Database> db_;
  MapRequest request_;
};

TEST_F(RenderViewsTest, PartnersDrawsTwoPartyAgreementsAsEdgesAndLargerOnesAsHubs) {
  auto d = View("partners");
  ASSERT_TRUE(d.ok()) << d.status().message();
  // Two-party agreements are edges, with the year under the partner's name.
  EXPECT_TRUE(HasEdge(*d, "city/kaohsiung", "city/san-antonio"));
  EXPECT_EQ(FindNode(*d, "agreement/kaohsiung-san-antonio-sister-city"), nullptr);
  EXPECT_NE(Attr(FindNode(*d, "city/san-antonio")->attrs, "label").find("1982"), std::string::npos);
  // Two ties with Kumamoto: both kinds are named.
  std::string kumamoto = Attr(FindNode(*d, "city/kumamoto")->attrs, "label");
  EXPECT_NE(kumamoto.find("2017 friendship city"), std::string::npos) << kumamoto;
  EXPECT_NE(kumamoto.find("cooperation MOU"), std::string::npos) << kumamoto;
  // The three-party MOU is a hub tied to each party.
  ASSERT_NE(FindNode(*d, "agreement/kaohsiung-aomori-mutsu-mou"), nullptr);
  EXPECT_TRUE(HasEdge(*d, "agreement/kaohsiung-aomori-mutsu-mou", "city/mutsu"));
  EXPECT_TRUE(HasEdge(*d, "agreement/kaohsiung-aomori-mutsu-mou", "city/kaohsiung"));
  // School pairings hang off the home schools; the one recorded only as PAIRED_WITH too.
  EXPECT_TRUE(HasEdge(*d, "school/kaohsiung-yangming-jhs", "school/mutsu-kawauchi-jhs"));
  EXPECT_TRUE(HasEdge(*d, "school/kaohsiung-sinsing-shs", "school/gdynia-no-17"));
  // Clusters: home, and one per partner country.
  EXPECT_EQ(FindNode(*d, "school/kaohsiung-yangming-jhs")->cluster, "home");
  EXPECT_EQ(FindNode(*d, "city/gdynia")->cluster, "country/pl");
  EXPECT_EQ(FindNode(*d, "city/mutsu")->cluster, "country/jp");
  EXPECT_EQ(d->notes.front(), "6 agreements · 7 partners in 3 countries");
  // Visits and officials are no partners.
  EXPECT_EQ(FindNode(*d, "official/chen-chi-mai"), nullptr);
  ExpectCleanRender(d, "partners");
}

TEST_F(RenderViewsTest, PartnersUnderAStatusSaySoBelowTheTitle) {
  request_.scope.statuses = {"in_force"};
  request_.scope.tiers = {"report"};
  auto d = View("partners");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_NE(std::find(d->notes.begin(), d->notes.end(), "status: in_force"), d->notes.end());
  EXPECT_NE(std::find(d->notes.begin(), d->notes.end(), "source tier: report"), d->notes.end());
  ExpectCleanRender(d, "partners in force");
}

TEST_F(RenderViewsTest, PartnersFollowsTheTimeFilterAndGroupsByContinent) {
  request_.scope.as_of = "2000";
  request_.draw.group_by = "continent";
  auto d = View("partners");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_NE(FindNode(*d, "city/san-antonio"), nullptr);  // 1982
  EXPECT_EQ(FindNode(*d, "city/gdynia"), nullptr);       // 2025
  EXPECT_EQ(FindNode(*d, "city/san-antonio")->cluster, "continent/North America");
  EXPECT_EQ(d->notes[1], "as of 2000");
  ExpectCleanRender(d, "partners as of 2000");
  request_.draw.group_by = "planet";
  EXPECT_FALSE(View("partners").ok());
}

TEST_F(RenderViewsTest, PartnersTopDrawsTheStrongestAndCountsTheRestByCountry) {
  request_.top = 1;
  auto d = View("partners");
  ASSERT_TRUE(d.ok()) << d.status().message();
  // Kumamoto has two ties, more than anyone else: it is drawn, the others are counted.
  EXPECT_NE(FindNode(*d, "city/kumamoto"), nullptr);
  EXPECT_EQ(FindNode(*d, "city/san-antonio"), nullptr);
  // Japan's other partners are counted in Japan's cluster; countries with none drawn in a note.
  const DiagramNode* rest = FindNode(*d, "rest/country/jp");
  ASSERT_NE(rest, nullptr);
  EXPECT_EQ(rest->cluster, "country/jp");
  EXPECT_NE(Attr(rest->attrs, "label").find("Japan: 3 more partners"), std::string::npos) << Attr(rest->attrs, "label");
  EXPECT_EQ(FindNode(*d, "rest/country/us"), nullptr);
  EXPECT_NE(d->notes.front().find("more counted by country"), std::string::npos) << d->notes.front();
  EXPECT_EQ(d->notes[1], "not drawn: 3 more partners in 2 other countries");
  ExpectCleanRender(d, "partners --top 1");
}

TEST_F(RenderViewsTest, SlideSizeBoundsTheDrawing) {
  request_.draw.size = "16:9";
  auto d = View("partners");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(Attr(d->graph_attrs, "size"), "12.733,6.900");  // 13.33 x 7.5 in less the pad
  auto png = RenderDiagramToMemory(*d, OutputFormat::kPng);
  ASSERT_TRUE(png.ok()) << png.status().message();
  auto [width, height] = PngSize(png->data);
  EXPECT_LE(width, 1920u);  // 13.33 in at 144 dpi, the pad included
  EXPECT_LE(height, 1080u);
  // A PDF page is in points, whatever the PNG's dpi: at most 13.33 x 7.5 in and the pad.
  auto pdf = RenderDiagramToMemory(*d, OutputFormat::kPdf);
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  std::smatch box;
  ASSERT_TRUE(std::regex_search(pdf->data, box, std::regex(R"(/MediaBox \[ 0 0 (\d+) (\d+) \])")));
  EXPECT_LE(std::stoi(box[1]), 960);
  EXPECT_LE(std::stoi(box[2]), 540);
  request_.draw.size = "A4";
  EXPECT_EQ(Attr(View("partners")->graph_attrs, "size"), "11.090,7.670");
  request_.draw.size = "35mm";
  auto bad = View("partners");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().parameter(), "size");
}

TEST_F(RenderViewsTest, MultilateralShowsOnlyAgreementsWithThreeOrMoreParties) {
  auto d = View("multilateral");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_NE(FindNode(*d, "agreement/kaohsiung-aomori-mutsu-mou"), nullptr);
  EXPECT_EQ(FindNode(*d, "agreement/kaohsiung-san-antonio-sister-city"), nullptr);
  EXPECT_EQ(d->nodes.size(), 4u);  // the hub and its three parties
  ExpectCleanRender(d, "multilateral");
  request_.bilateral = true;
  auto all = View("multilateral");
  ASSERT_TRUE(all.ok());
  EXPECT_NE(FindNode(*all, "agreement/kaohsiung-san-antonio-sister-city"), nullptr);
  ExpectCleanRender(all, "multilateral --bilateral");
}

TEST_F(RenderViewsTest, TimelineHasOneRankPerYear) {
  auto d = View("timeline");
  ASSERT_TRUE(d.ok()) << d.status().message();
  // 1982, 1993, 2017, 2024, 2025 and the undated MOU.
  ASSERT_EQ(d->same_rank.size(), 6u);
  EXPECT_EQ(d->same_rank[0], (std::vector<std::string>{"year/1982", "agreement/kaohsiung-san-antonio-sister-city"}));
  EXPECT_EQ(d->same_rank.back()[0], "year/undated");
  EXPECT_NE(Attr(FindNode(*d, "year/2025")->attrs, "label").find("+1 · 5 in all"), std::string::npos);
  ExpectCleanRender(d, "timeline");
}

TEST_F(RenderViewsTest, EgoRanksByDistanceAndRefusesHugeDrawings) {
  auto d = View("ego", {"熊本市"}, 1);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->nodes.size(), 3u);  // Kumamoto and its two agreements
  EXPECT_NE(FindNode(*d, "agreement/kaohsiung-kumamoto-mou"), nullptr);
  ExpectCleanRender(d, "ego 1");
  auto two = View("ego", {"city/kumamoto"}, 2);
  ASSERT_TRUE(two.ok());
  EXPECT_NE(FindNode(*two, "city/kaohsiung"), nullptr);
  ExpectCleanRender(two, "ego 2");
  request_.max_nodes = 2;
  EXPECT_FALSE(View("ego", {"city/kumamoto"}, 1).ok());
  EXPECT_FALSE(View("ego", {"no such place"}, 1).ok());
}

TEST_F(RenderViewsTest, PathLabelsEveryHopWithItsTieAndDate) {
  auto d = View("path", {"Mutsu", "Gdynia"}, 1);
  ASSERT_TRUE(d.ok()) << d.status().message();
  // Mutsu - MOU hub - Kaohsiung - sister-city hub - Gdynia
  EXPECT_EQ(d->nodes.size(), 5u);
  ASSERT_EQ(d->edges.size(), 4u);
  EXPECT_EQ(Attr(d->edges[0].attrs, "label"), "party to\\n2024-10-15");
  EXPECT_EQ(Attr(d->edges[3].attrs, "label"), "party to\\n2025-09");
  ExpectCleanRender(d, "path");
  request_.scope.expand_agreements = true;
  auto expanded = View("path", {"Mutsu", "Gdynia"}, 2);
  ASSERT_TRUE(expanded.ok()) << expanded.status().message();
  EXPECT_EQ(Attr(expanded->edges[0].attrs, "label"), "multilateral MOU\\n2024-10-15");
  ExpectCleanRender(expanded, "path --expand-agreements");
  EXPECT_FALSE(View("path", {"Mutsu", "Mutsu"}, 1).ok());
}

TEST_F(RenderViewsTest, SchoolPathDrawsTheRankedRoutes) {
  auto d = View("school-path", {"陽明國中"}, 2, "Gdynia");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_NE(FindNode(*d, "school/kaohsiung-yangming-jhs"), nullptr);
  EXPECT_NE(FindNode(*d, "city/gdynia"), nullptr);
  ASSERT_GE(d->notes.size(), 2u);
  EXPECT_NE(d->notes[1].find("city partnership"), std::string::npos) << d->notes[1];
  ExpectCleanRender(d, "school-path");
  EXPECT_FALSE(View("school-path", {"Kaohsiung"}, 1, "Gdynia").ok());  // not a school
}

// Every view on the shipped dataset: no Graphviz message, no overlapping label.
TEST(RenderDatasetTest, EveryViewRendersCleanlyOnTheShippedDataset) {
  std::string data = std::string(CITYTIES_SOURCE_DIR) + "/data/kaohsiung";
  if (!std::filesystem::exists(data)) GTEST_SKIP() << "no data/kaohsiung";
  TempDir dir;
  auto db = LoadDatabase(dir, data);
  MapRequest options;
  ExpectCleanRender(Map(*db, options, "partners"), "partners");
  ExpectCleanRender(Map(*db, options, "multilateral"), "multilateral");
  ExpectCleanRender(Map(*db, options, "timeline"), "timeline");
  ExpectCleanRender(Map(*db, options, "ego", {"city/busan"}, 2), "ego city/busan 2");
  ExpectCleanRender(Map(*db, options, "path", {"city/busan", "city/kumamoto"}, 3), "path");
  ExpectCleanRender(
      Map(*db, options, "school-path", {"school/kaohsiung-municipal-gangshan-junior-high-school"}, 3, "city/gdynia"),
      "school-path");
  options.draw.group_by = "continent";
  ExpectCleanRender(Map(*db, options, "partners"), "partners by continent");
}

// The shipped partners map: planned and secondary-only ties look different and the legend says
// so; with more than kGroupLeavesAbove partners the leaf partners of a country share one node;
// --top and --size make a drawing for a slide.
TEST(RenderDatasetTest, PartnersMapIsReadableOnTheShippedDataset) {
  std::string data = std::string(CITYTIES_SOURCE_DIR) + "/data/kaohsiung";
  if (!std::filesystem::exists(data)) GTEST_SKIP() << "no data/kaohsiung";
  TempDir dir;
  auto db = LoadDatabase(dir, data);
  MapRequest options;
  auto d = Map(*db, options, "partners");
  ASSERT_TRUE(d.ok()) << d.status().message();
  const DiagramEdge* planned = FindEdge(*d, "agreement/kaohsiung-panama-city-sister-city-planned");
  ASSERT_NE(planned, nullptr);
  EXPECT_EQ(Attr(planned->attrs, "style"), "dashed");
  EXPECT_EQ(Attr(planned->attrs, "color"), "#95a5a6");
  // Barranquilla's sister-city tie only the secondary list names: dotted, in a lighter red.
  EXPECT_TRUE(std::any_of(d->edges.begin(), d->edges.end(), [](const DiagramEdge& e) {
    return (e.to == "partners/country/co" || e.from == "partners/country/co") && Attr(e.attrs, "style") == "dotted" &&
           Attr(e.attrs, "color") == "#c0392b70";
  }));
  EXPECT_TRUE(HasLegend(*d, "planned, not reported signed"));
  EXPECT_TRUE(HasLegend(*d, "named only by the secondary list"));
  EXPECT_TRUE(HasLegend(*d, "tie of unknown date"));
  // The United States' leaf partners are one list node; San Antonio, party to a hub, is its own.
  const DiagramNode* us = FindNode(*d, "partners/country/us");
  ASSERT_NE(us, nullptr);
  EXPECT_NE(Attr(us->attrs, kHtmlLabel).find("Macon"), std::string::npos);
  EXPECT_EQ(FindNode(*d, "city/macon"), nullptr);
  EXPECT_NE(FindNode(*d, "city/san-antonio"), nullptr);

  options.top = 20;
  options.draw.size = "16:9";
  auto slide = Map(*db, options, "partners");
  ExpectCleanRender(slide, "partners --top 20 --size 16:9");
  EXPECT_EQ(FindNode(*slide, "partners/country/us"), nullptr);  // 20 partners: no lists
  EXPECT_NE(FindNode(*slide, "rest/country/us"), nullptr);
}

// The timeline frames a planned agreement in dashed grey, one only the secondary list names
// dotted, and says so in the legend.
TEST(RenderDatasetTest, TimelineMarksPlannedAndSecondaryAgreements) {
  std::string data = std::string(CITYTIES_SOURCE_DIR) + "/data/kaohsiung";
  if (!std::filesystem::exists(data)) GTEST_SKIP() << "no data/kaohsiung";
  TempDir dir;
  auto db = LoadDatabase(dir, data);
  auto d = Map(*db, MapRequest{}, "timeline");
  ASSERT_TRUE(d.ok()) << d.status().message();
  const DiagramNode* planned = FindNode(*d, "agreement/kaohsiung-panama-city-sister-city-planned");
  ASSERT_NE(planned, nullptr);
  EXPECT_EQ(Attr(planned->attrs, "style"), "dashed,rounded,filled");
  const DiagramNode* secondary = FindNode(*d, "agreement/kaohsiung-barranquilla-sister-city");
  ASSERT_NE(secondary, nullptr);
  EXPECT_EQ(Attr(secondary->attrs, "style"), "dotted,rounded,filled");
  EXPECT_TRUE(HasLegend(*d, "planned, not reported signed"));
  EXPECT_TRUE(HasLegend(*d, "named only by the secondary list"));
  ExpectCleanRender(d, "timeline");
}

// A large ego map lists the outermost nodes tied only to one node beside it, with their dates.
TEST(RenderDatasetTest, EgoMapListsLeavesOnTheShippedDataset) {
  std::string data = std::string(CITYTIES_SOURCE_DIR) + "/data/kaohsiung";
  if (!std::filesystem::exists(data)) GTEST_SKIP() << "no data/kaohsiung";
  TempDir dir;
  auto db = LoadDatabase(dir, data);
  auto d = Map(*db, MapRequest{}, "ego", {"熊本市"}, 2);
  ASSERT_TRUE(d.ok()) << d.status().message();
  size_t lists = 0;
  for (const auto& n : d->nodes) {
    if (n.name.rfind("list/", 0) != 0) continue;
    ++lists;
    EXPECT_NE(Attr(n.attrs, kHtmlLabel).find("<TR>"), std::string::npos) << n.name;
    EXPECT_TRUE(HasEdge(*d, n.name.substr(5), n.name)) << n.name;  // tied to the node it lists for
  }
  EXPECT_GE(lists, 3u);
  EXPECT_LT(d->nodes.size(), 99u);  // 99 nodes are reached
  ExpectCleanRender(d, "ego 熊本市 --depth 2");
}

}  // namespace
}  // namespace cityties::render
