// The visual vocabulary shared by every view: how a tie kind, a node label and a name look.
// Graphviz-free: values are Graphviz attribute strings.
#pragma once

#include <string>
#include <vector>

#include "render/diagram.h"
#include "store/graph_store.h"

namespace cityties::render {

// The font every diagram names: it has Latin and Traditional Chinese glyphs, so 高雄市 renders
// as glyphs (fonts-noto-cjk, installed by scripts/install-deps.sh).
inline constexpr const char* kDefaultFont = "Noto Sans CJK TC";

// The families of ties a diagram tells apart (by colour and line style), for the legend.
enum class TieFamily { kSister, kFriendship, kMou, kMultilateral, kSchool, kOther };

struct TieStyle {
  const char* legend;  // e.g. "sister city"
  const char* color;
  const char* style;  // Graphviz edge style
  const char* penwidth;
};

TieFamily FamilyOfAgreement(const std::string& kind, size_t parties, bool schools_only);
const TieStyle& StyleOf(TieFamily family);
LegendEntry LegendOf(TieFamily family);
// Edge attributes for a tie of `family` (color, style, penwidth, fontcolor).
Attrs EdgeAttrs(TieFamily family);

// How firm a tie is, as its agreement records it: planned (status "planned", never reported
// signed), named only by the secondary source (secondary: true), else firm.
enum class Standing { kFirm, kPlanned, kSecondary };
Standing StandingOf(const store::Node& agreement);
// Edge attributes for a tie of `family` and `standing`: planned ties grey and dashed, secondary
// ones dotted in a lighter colour, firm ones as EdgeAttrs(family).
Attrs EdgeAttrs(TieFamily family, Standing standing);
// The style a hub node of that standing adds (a dashed grey or a dotted border to `base_style`),
// or none.
Attrs HubStandingAttrs(Standing standing, const std::string& base_style = "filled");
// The legend entry of a standing other than firm, and of the "n.d." mark of undated ties.
LegendEntry StandingLegend(Standing standing);
LegendEntry UndatedLegend();
inline constexpr const char* kUndatedMark = "n.d.";

// Graph attributes that fit the drawing on a slide or page: "16:9" (13.33 x 7.5 in), "4:3"
// (10 x 7.5 in) or "A4" (landscape, 11.69 x 8.27 in); none for "". InvalidParameter "size" for
// any other value. A view drawn for a slide sets Diagram::bitmap_dpi to kSlideDpi (16:9: at most
// 1920 x 1080 pixels).
Result<Attrs> SlideAttrs(const std::string& size);
inline constexpr int kSlideDpi = 144;
inline constexpr const char* kSlideSizes = "16:9, 4:3 or A4";

// "sister city", "cooperation MOU", ... for an Agreement `kind` value.
std::string KindText(const std::string& kind);
// "party to", "located in", ... for an edge type.
std::string TypeText(const std::string& type);

// Node attributes by label (shape and colours), and the legend entry that explains them.
Attrs NodeStyle(const std::string& label);
LegendEntry NodeLegend(const std::string& label);
// The style of the node a view is centred on (Kaohsiung in the partners view).
Attrs CenterStyle();

// Wraps text to lines of about `width` columns (CJK characters count two), at spaces where
// there are any.
std::string Wrap(const std::string& text, size_t width);

// The node's names for its label: Chinese and English on separate lines when both exist and
// differ, each wrapped. Agreements show their kind and year instead when `short_agreements`.
std::string NodeLabel(const store::Node& node, bool short_agreements = false);
// A tooltip: the id, the label, every name and the key facts (kind, dates, country).
std::string NodeTooltip(const store::Node& node);

// The year of a date property ("2016-05-01" -> "2016"), or "".
std::string YearOf(const std::string& date);

// Default graph, node, edge and cluster attributes: font, spacing, no overlaps.
void ApplyBaseStyle(Diagram* diagram, const std::string& font);

}  // namespace cityties::render
