#include "render/style.h"

#include <cstdio>
#include <map>

namespace cityties::render {
namespace {

const TieStyle kStyles[] = {
    /* kSister       */ {"sister city", "#c0392b", "solid", "2.2"},
    /* kFriendship   */ {"friendship / partner city", "#e67e22", "solid", "1.6"},
    /* kMou          */ {"MOU / letter of intent", "#2471a3", "dashed", "1.4"},
    /* kMultilateral */ {"multilateral (3+ parties)", "#7d3c98", "bold", "1.8"},
    /* kSchool       */ {"school pairing", "#1e8449", "dotted", "1.8"},
    /* kOther        */ {"other tie", "#7f8c8d", "solid", "1.0"},
};

struct LabelStyle {
  const char* shape;
  const char* fill;
  const char* border;
  const char* mark;
  const char* legend;
};

const std::map<std::string, LabelStyle>& LabelStyles() {
  static const std::map<std::string, LabelStyle> styles = {
      {"City", {"ellipse", "#eaf2f8", "#2e86c1", "●", "city / region"}},
      {"Country", {"box", "#f2f3f4", "#566573", "■", "country"}},
      {"School", {"box", "#e9f7ef", "#1e8449", "■", "school"}},
      {"Institution", {"box", "#fef9e7", "#b7950b", "■", "institution"}},
      {"Official", {"ellipse", "#fdedec", "#a93226", "●", "official"}},
      {"Agreement", {"box", "#f4ecf7", "#7d3c98", "■", "agreement"}},
      {"Visit", {"note", "#fbeee6", "#a04000", "■", "visit / event"}},
      {"Vertex", {"circle", "#f2f3f4", "#566573", "●", "vertex"}},
  };
  return styles;
}

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes decode as themselves.
uint32_t NextCodePoint(const std::string& s, size_t* i) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
  size_t start = *i;
  ++*i;
  for (int k = 0; k < extra && *i < s.size(); ++k, ++*i) cp = (cp << 6) | (static_cast<unsigned char>(s[*i]) & 0x3F);
  if (*i - start != static_cast<size_t>(extra + 1)) return c;
  return cp;
}

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::string Prop(const store::Node& node, const char* key) {
  auto it = node.props.find(key);
  return it != node.props.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

TieFamily FamilyOfAgreement(const std::string& kind, size_t parties, bool schools_only) {
  if (kind == "multilateral_mou" || (parties >= 3 && !schools_only)) return TieFamily::kMultilateral;
  if (kind == "school_pairing" || schools_only) return TieFamily::kSchool;
  if (kind == "sister_city") return TieFamily::kSister;
  if (kind == "friendship_city" || kind == "partner_city" || kind == "friendship_declaration") {
    return TieFamily::kFriendship;
  }
  if (kind.ends_with("_mou") || kind == "letter_of_intent") return TieFamily::kMou;
  return TieFamily::kOther;
}

const TieStyle& StyleOf(TieFamily family) { return kStyles[static_cast<int>(family)]; }

LegendEntry LegendOf(TieFamily family) {
  const auto& s = StyleOf(family);
  return LegendEntry{LegendEntry::Kind::kEdge, s.legend, s.color, s.style, ""};
}

Attrs EdgeAttrs(TieFamily family) {
  const auto& s = StyleOf(family);
  return {{"color", s.color}, {"style", s.style}, {"penwidth", s.penwidth}, {"fontcolor", s.color}};
}

Standing StandingOf(const store::Node& agreement) {
  auto secondary = agreement.props.find("secondary");
  if (secondary != agreement.props.end() && secondary->is_boolean() && secondary->get<bool>()) {
    return Standing::kSecondary;
  }
  return Prop(agreement, "status") == "planned" ? Standing::kPlanned : Standing::kFirm;
}

namespace {

const char* kPlannedColor = "#95a5a6";
const char* kSecondaryAlpha = "70";  // appended to the family's #rrggbb: a lighter line

}  // namespace

Attrs EdgeAttrs(TieFamily family, Standing standing) {
  if (standing == Standing::kPlanned) {
    return {{"color", kPlannedColor}, {"style", "dashed"}, {"penwidth", "1.2"}, {"fontcolor", kPlannedColor}};
  }
  Attrs attrs = EdgeAttrs(family);
  if (standing == Standing::kSecondary) {
    for (auto& [key, value] : attrs) {
      if (key == "color") value += kSecondaryAlpha;
      if (key == "style") value = "dotted";
    }
  }
  return attrs;
}

Attrs HubStandingAttrs(Standing standing, const std::string& base_style) {
  if (standing == Standing::kPlanned) return {{"style", "dashed," + base_style}, {"color", kPlannedColor}};
  if (standing == Standing::kSecondary) return {{"style", "dotted," + base_style}};
  return {};
}

LegendEntry StandingLegend(Standing standing) {
  if (standing == Standing::kPlanned) {
    return LegendEntry{LegendEntry::Kind::kEdge, "planned, not reported signed", kPlannedColor, "dashed", ""};
  }
  return LegendEntry{LegendEntry::Kind::kEdge, "named only by the secondary list", "#7f8c8d", "dotted", ""};
}

LegendEntry UndatedLegend() {
  return LegendEntry{LegendEntry::Kind::kNode, "tie of unknown date", "#555555", "", kUndatedMark};
}

Result<Attrs> SlideAttrs(const std::string& size) {
  // The page in inches; the drawing gets it less the pad (ApplyBaseStyle's 0.3 in each side), with
  // no device margin, so that pad and drawing together fill at most the page.
  static const std::map<std::string, std::pair<double, double>> pages = {
      {"16:9", {13.333, 7.5}}, {"4:3", {10, 7.5}}, {"A4", {11.69, 8.27}}, {"a4", {11.69, 8.27}}};
  if (size.empty()) return Attrs{};
  auto it = pages.find(size);
  if (it == pages.end()) {
    return Status::InvalidParameter("size", "must be " + std::string(kSlideSizes) + ", not '" + size + "'");
  }
  const double kPad = 2 * 0.3;
  char drawing[64];
  std::snprintf(drawing, sizeof drawing, "%.3f,%.3f", it->second.first - kPad, it->second.second - kPad);
  return Attrs{{"size", drawing}, {"ratio", "compress"}, {"margin", "0"}};
}

std::string KindText(const std::string& kind) {
  static const std::map<std::string, std::string> names = {
      {"sister_city", "sister city"},
      {"friendship_city", "friendship city"},
      {"partner_city", "partner city"},
      {"cooperation_mou", "cooperation MOU"},
      {"friendship_declaration", "friendship declaration"},
      {"multilateral_mou", "multilateral MOU"},
      {"port_mou", "port MOU"},
      {"economic_mou", "economic MOU"},
      {"education_mou", "education MOU"},
      {"letter_of_intent", "letter of intent"},
      {"school_pairing", "sister schools"},
      {"other", "agreement"},
  };
  auto it = names.find(kind);
  if (it != names.end()) return it->second;
  std::string text = kind;
  for (char& c : text) {
    if (c == '_') c = ' ';
  }
  return text;
}

std::string TypeText(const std::string& type) {
  if (type == "AGREEMENT") return "agreement";
  std::string text;
  for (char c : type) text.push_back(c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return text;
}

Attrs NodeStyle(const std::string& label) {
  auto it = LabelStyles().find(label);
  const LabelStyle& s = it != LabelStyles().end() ? it->second : LabelStyles().at("Vertex");
  Attrs attrs = {{"shape", s.shape}, {"fillcolor", s.fill}, {"color", s.border}};
  if (std::string(s.shape) == "box" && label != "Agreement") attrs.push_back({"style", "rounded,filled"});
  return attrs;
}

LegendEntry NodeLegend(const std::string& label) {
  auto it = LabelStyles().find(label);
  const LabelStyle& s = it != LabelStyles().end() ? it->second : LabelStyles().at("Vertex");
  return LegendEntry{LegendEntry::Kind::kNode, s.legend, s.border, "", s.mark};
}

Attrs CenterStyle() {
  return {{"shape", "doubleoctagon"},
          {"fillcolor", "#f9e79f"},
          {"color", "#b7950b"},
          {"penwidth", "2"},
          {"fontsize", "16"}};
}

namespace {

std::vector<std::string> GreedyWrap(const std::string& text, size_t width) {
  // Tokens: runs of non-space, non-wide characters (words), single wide characters, spaces.
  struct Token {
    std::string text;
    size_t width = 0;
    bool word = false;  // a run of narrow characters, which is never split
  };
  std::vector<Token> tokens;  // a space is {" ", 1, false}
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    uint32_t cp = NextCodePoint(text, &i);
    if (cp == ' ' || cp == '\n') {
      tokens.push_back({" ", 1, false});
    } else if (IsWide(cp)) {
      tokens.push_back({text.substr(start, i - start), 2, false});
    } else {
      if (tokens.empty() || !tokens.back().word) {
        tokens.push_back({"", 0, true});
      }
      tokens.back().text += text.substr(start, i - start);
      tokens.back().width += 1;
    }
  }
  std::string out, line;
  size_t line_width = 0;
  bool pending_space = false;
  for (const auto& [token, w, word] : tokens) {
    if (token == " ") {
      pending_space = !line.empty();
      continue;
    }
    size_t extra = w + (pending_space ? 1 : 0);
    if (!line.empty() && line_width + extra > width) {
      out += (out.empty() ? "" : "\n") + line;
      line.clear();
      line_width = 0;
      pending_space = false;
    }
    if (pending_space) {
      line += ' ';
      ++line_width;
    }
    line += token;
    line_width += w;
    pending_space = false;
  }
  if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= out.size() && !out.empty()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    lines.push_back(out.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::string Wrap(const std::string& text, size_t width) {
  // Greedy wrapping leaves a short last line ("...備忘" / "錄"); narrow the width as long as the
  // line count stays the same, so the lines come out about equally long.
  auto lines = GreedyWrap(text, width);
  for (size_t narrower = width; lines.size() > 1 && narrower > 4; --narrower) {
    auto candidate = GreedyWrap(text, narrower - 1);
    if (candidate.size() > lines.size()) break;
    lines = std::move(candidate);
  }
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::string YearOf(const std::string& date) { return date.size() >= 4 ? date.substr(0, 4) : ""; }

std::string NodeLabel(const store::Node& node, bool short_agreements) {
  if (node.label == "Agreement" && short_agreements) {
    std::string year = YearOf(Prop(node, "date"));
    return KindText(Prop(node, "kind")) + (year.empty() ? "" : "\n" + year);
  }
  std::string zh = Prop(node, "name_zh");
  std::string en = Prop(node, "name_en");
  if (node.label == "Official") {
    zh = Prop(node, "name");
    en = Prop(node, "romanised");
  } else if (node.label == "Visit" && en.empty()) {
    en = Prop(node, "title");
  }
  std::vector<std::string> lines;
  if (!zh.empty()) lines.push_back(Wrap(zh, 20));
  if (!en.empty() && en != zh) lines.push_back(Wrap(en, 26));
  if (lines.empty()) lines.push_back(node.ext_id);
  if (node.label == "Agreement" || node.label == "Visit") {
    std::string year = YearOf(Prop(node, "date"));
    if (!year.empty()) lines.push_back(year);
  }
  std::string label;
  for (const auto& line : lines) label += (label.empty() ? "" : "\n") + line;
  return label;
}

std::string NodeTooltip(const store::Node& node) {
  std::string tip = node.ext_id + " (" + node.label + ")";
  for (const char* key : {"name_zh", "name_en", "name", "romanised", "title"}) {
    std::string value = Prop(node, key);
    if (!value.empty()) tip += "\n" + value;
  }
  for (const char* key : {"kind", "admin_level", "level", "date", "end_date", "status", "country"}) {
    std::string value = Prop(node, key);
    if (!value.empty()) tip += "\n" + std::string(key) + ": " + value;
  }
  return tip;
}

void ApplyBaseStyle(Diagram* d, const std::string& font) {
  d->graph_attrs.insert(d->graph_attrs.begin(), {{"fontname", font},
                                                 {"fontsize", "14"},
                                                 {"labelloc", "t"},
                                                 {"labeljust", "l"},
                                                 {"bgcolor", "white"},
                                                 {"pad", "0.3"},
                                                 {"nodesep", "0.25"},
                                                 {"ranksep", "0.6"},
                                                 {"outputorder", "edgesfirst"}});
  d->node_defaults.insert(
      d->node_defaults.begin(),
      {{"fontname", font}, {"fontsize", "12"}, {"style", "filled"}, {"margin", "0.08,0.04"}, {"penwidth", "1.2"}});
  d->edge_defaults.insert(d->edge_defaults.begin(), {{"fontname", font}, {"fontsize", "10"}, {"arrowhead", "none"}});
  d->cluster_defaults.insert(d->cluster_defaults.begin(), {{"fontname", font},
                                                           {"fontsize", "13"},
                                                           {"style", "rounded,filled"},
                                                           {"color", "#aab7b8"},
                                                           {"fillcolor", "#fbfcfc"},
                                                           {"labeljust", "l"}});
}

}  // namespace cityties::render
