// The Graphviz renderer (render/diagram.h) and the text helpers of render/style.h.
#include <gtest/gtest.h>

#include "render/diagram.h"
#include "render/style.h"

namespace cityties::render {
namespace {

Diagram TwoCities() {
  Diagram d;
  ApplyBaseStyle(&d, kDefaultFont);
  d.title = "高雄市 Kaohsiung";
  d.legend.push_back(LegendOf(TieFamily::kSister));
  d.legend.push_back(NodeLegend("City"));
  d.clusters.push_back({"country/jp", "", {{"label", "日本 Japan"}}});
  d.nodes.push_back({"city/kaohsiung",
                     "",
                     {{"label", "高雄市\\nKaohsiung"}, {"tooltip", "city/kaohsiung"}, {"id", "city/kaohsiung"}}});
  d.nodes.push_back({"city/kumamoto",
                     "country/jp",
                     {{"label", "熊本市\\nKumamoto"}, {"tooltip", "a \\\\ backslash"}, {"id", "city/kumamoto"}}});
  Attrs edge = EdgeAttrs(TieFamily::kSister);
  edge.push_back({"label", "2017"});
  d.edges.push_back({"city/kaohsiung", "city/kumamoto", edge});
  return d;
}

// Two edges pinned to cross (neato keeps pos "x,y!"), the first labelled where the second passes.
Diagram CrossedLabel(bool crossed) {
  Diagram d;
  ApplyBaseStyle(&d, kDefaultFont);
  d.layout = "neato";
  auto pinned = [](const std::string& name, const char* pos) {
    return DiagramNode{name, "", {{"label", name}, {"pos", pos}, {"shape", "box"}}};
  };
  d.nodes = {pinned("a", "0,0!"), pinned("b", "4,0!"), pinned("c", crossed ? "1.5,-2!" : "5,-2!"),
             pinned("d", crossed ? "1.5,2!" : "5,2!")};
  d.edges.push_back({"a", "b", {{"label", "a long label here"}}});
  d.edges.push_back({"c", "d", {}});
  d.edges.push_back({"a", "d", {{"style", "invis"}}});  // invisible edges cross nothing
  return d;
}

TEST(RenderGraphvizTest, CountsEdgeLabelsCrossedByOtherEdges) {
  auto crossed = RenderDiagramToMemory(CrossedLabel(true), OutputFormat::kSvg);
  ASSERT_TRUE(crossed.ok()) << crossed.status().message();
  EXPECT_EQ(crossed->crossings, 1u);
  ASSERT_FALSE(crossed->crossing_examples.empty());
  EXPECT_EQ(crossed->crossing_examples.front(), "label of a -> b / edge c -> d");
  auto clear = RenderDiagramToMemory(CrossedLabel(false), OutputFormat::kSvg);
  ASSERT_TRUE(clear.ok()) << clear.status().message();
  EXPECT_EQ(clear->crossings, 0u) << clear->crossing_examples.front();
}

TEST(RenderGraphvizTest, RendersEveryFormatWithoutGraphvizMessages) {
  for (auto format : {OutputFormat::kSvg, OutputFormat::kPng, OutputFormat::kPdf, OutputFormat::kDot}) {
    auto result = RenderDiagramToMemory(TwoCities(), format);
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_TRUE(result->messages.empty()) << FormatName(format) << ": " << result->messages.front();
    EXPECT_EQ(result->overlaps, 0u) << FormatName(format);
    EXPECT_GT(result->data.size(), 100u) << FormatName(format);
    EXPECT_GT(result->width_pt, 0);
  }
}

TEST(RenderGraphvizTest, SvgCarriesIdsTooltipsTheFontAndTheLegend) {
  auto result = RenderDiagramToMemory(TwoCities(), OutputFormat::kSvg);
  ASSERT_TRUE(result.ok());
  const std::string& svg = result->data;
  EXPECT_NE(svg.find("id=\"city/kumamoto\""), std::string::npos);
  EXPECT_NE(svg.find("xlink:title=\"city/kaohsiung\""), std::string::npos);
  EXPECT_NE(svg.find("a \\ backslash"), std::string::npos);  // the escaped backslash survives once
  EXPECT_NE(svg.find("font-family=\"Noto Sans CJK TC"), std::string::npos);
  EXPECT_NE(svg.find(">熊本市</text>"), std::string::npos);
  EXPECT_NE(svg.find(">日本 Japan</text>"), std::string::npos);   // the cluster label
  EXPECT_NE(svg.find(">sister city</text>"), std::string::npos);  // the legend (an HTML label)
  EXPECT_EQ(svg.find("&lt;TABLE"), std::string::npos);            // ... rendered, not printed
}

TEST(RenderGraphvizTest, DotOutputIsAGraphWithPositions) {
  auto result = RenderDiagramToMemory(TwoCities(), OutputFormat::kDot);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->data.rfind("digraph cityties {", 0), 0u);
  EXPECT_NE(result->data.find("pos=\""), std::string::npos);
  EXPECT_NE(result->data.find("cluster_country/jp"), std::string::npos);
}

TEST(RenderGraphvizTest, GraphvizWarningsAreCapturedNotPrinted) {
  Diagram d = TwoCities();
  d.nodes[0].attrs.push_back({"shape", "no-such-shape"});
  ::testing::internal::CaptureStderr();
  auto result = RenderDiagramToMemory(d, OutputFormat::kSvg);
  std::string printed = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(result.ok());
  ASSERT_FALSE(result->messages.empty());
  EXPECT_NE(result->messages.front().find("no-such-shape"), std::string::npos) << result->messages.front();
  EXPECT_EQ(printed, "");
  // The hook is restored: a clean diagram afterwards reports nothing.
  auto clean = RenderDiagramToMemory(TwoCities(), OutputFormat::kSvg);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->messages.empty());
}

TEST(RenderGraphvizTest, UnknownLayoutEngineFails) {
  Diagram d = TwoCities();
  d.layout = "no-such-engine";
  auto result = RenderDiagramToMemory(d, OutputFormat::kSvg);
  EXPECT_FALSE(result.ok());
}

TEST(RenderGraphvizTest, OverlapsAreMeasured) {
  // Two nodes pinned to the same point with overlap removal off must be reported.
  Diagram d;
  ApplyBaseStyle(&d, kDefaultFont);
  d.layout = "neato";
  d.graph_attrs.push_back({"overlap", "true"});
  d.nodes.push_back({"a", "", {{"label", "first"}, {"pos", "0,0!"}}});
  d.nodes.push_back({"b", "", {{"label", "second"}, {"pos", "0.2,0!"}}});
  auto result = RenderDiagramToMemory(d, OutputFormat::kSvg);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->overlaps, 1u);
  ASSERT_FALSE(result->overlap_examples.empty());
  EXPECT_NE(result->overlap_examples[0].find("node a"), std::string::npos);
}

TEST(RenderGraphvizTest, FormatFromExtension) {
  EXPECT_EQ(*FormatFromPath("x/partners.SVG"), OutputFormat::kSvg);
  EXPECT_EQ(*FormatFromPath("a.png"), OutputFormat::kPng);
  EXPECT_EQ(*FormatFromPath("a.pdf"), OutputFormat::kPdf);
  EXPECT_EQ(*FormatFromPath("a.gv"), OutputFormat::kDot);
  EXPECT_FALSE(FormatFromPath("a.jpg").ok());
  EXPECT_FALSE(FormatFromPath("noext").ok());
}

TEST(RenderStyleTest, EscapesLabelsAndHtml) {
  EXPECT_EQ(EscapeLabel("a\\N b\nc"), "a\\\\N b\\nc");
  EXPECT_EQ(EscapeHtml("<b> & \"q\""), "&lt;b&gt; &amp; &quot;q&quot;");
}

TEST(RenderStyleTest, WrapsAtSpacesAndBetweenCjkCharacters) {
  EXPECT_EQ(Wrap("Kaohsiung Municipal Yangming Junior High School", 26),
            "Kaohsiung\nMunicipal Yangming\nJunior High School");
  EXPECT_EQ(Wrap("short", 26), "short");
  EXPECT_EQ(Wrap("Supercalifragilistic", 5), "Supercalifragilistic");  // words are never split
  // CJK characters count two columns; lines come out balanced.
  EXPECT_EQ(Wrap("高雄市青森縣陸奧市交流備忘錄", 20), "高雄市青森縣陸\n奧市交流備忘錄");
  EXPECT_EQ(Wrap("陽明國中 Yangming", 8), "陽明國中\nYangming");
}

TEST(RenderStyleTest, AgreementFamilies) {
  EXPECT_EQ(FamilyOfAgreement("sister_city", 2, false), TieFamily::kSister);
  EXPECT_EQ(FamilyOfAgreement("sister_city", 3, false), TieFamily::kMultilateral);
  EXPECT_EQ(FamilyOfAgreement("multilateral_mou", 2, false), TieFamily::kMultilateral);
  EXPECT_EQ(FamilyOfAgreement("letter_of_intent", 10, true), TieFamily::kSchool);
  EXPECT_EQ(FamilyOfAgreement("port_mou", 2, false), TieFamily::kMou);
  EXPECT_EQ(FamilyOfAgreement("partner_city", 2, false), TieFamily::kFriendship);
  EXPECT_EQ(FamilyOfAgreement("other", 2, false), TieFamily::kOther);
}

TEST(RenderStyleTest, NodeLabelsShowBothNamesAndAgreementYears) {
  store::Node city{1, "city/kumamoto", "City", {{"name_zh", "熊本市"}, {"name_en", "Kumamoto"}}};
  EXPECT_EQ(NodeLabel(city), "熊本市\nKumamoto");
  store::Node agreement{
      2, "agreement/x", "Agreement", {{"kind", "sister_city"}, {"date", "1982-05"}, {"name_en", "X"}}};
  EXPECT_EQ(NodeLabel(agreement, /*short_agreements=*/true), "sister city\n1982");
  EXPECT_EQ(NodeLabel(agreement), "X\n1982");
  store::Node official{3, "official/chen", "Official", {{"name", "陳其邁"}, {"romanised", "Chen Chi-mai"}}};
  EXPECT_EQ(NodeLabel(official), "陳其邁\nChen Chi-mai");
  EXPECT_NE(NodeTooltip(agreement).find("date: 1982-05"), std::string::npos);
}

}  // namespace
}  // namespace cityties::render
