#include "render/views.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "algo/paths.h"
#include "algo/relations.h"
#include "render/style.h"

namespace cityties::render {
namespace {

using projection::Projection;
using projection::TieIndex;
using projection::Vertex;

// Shared state of one drawing: the answer it draws, and the diagram with the nodes, clusters and
// legend entries added to it.
class Builder {
 public:
  Builder(const engine::Answer& answer, const ViewOptions& options, std::string group_by)
      : a_(answer), p_(*answer.graph), group_by_(std::move(group_by)) {
    ApplyBaseStyle(&d_, options.font);
  }

  Diagram& diagram() { return d_; }
  const Projection& projection() const { return p_; }
  const engine::Answer& answer() const { return a_; }
  const schema::Domain& domain() const { return p_.domain(); }

  // The stored node of a vertex the answer names.
  Result<const store::Node*> Node(Vertex v) {
    if (const auto* node = a_.node(v)) return node;
    return Status::Internal("the answer does not name " + p_.vertex(v).ext_id);
  }

  std::string Prop(Vertex v, const char* key) {
    auto node = Node(v);
    if (!node.ok()) return "";
    auto it = (*node)->props.find(key);
    return it != (*node)->props.end() && it->is_string() ? it->get<std::string>() : "";
  }

  const std::string& Name(Vertex v) const { return p_.vertex(v).ext_id; }
  bool Has(Vertex v) const { return added_.count(v) > 0; }

  // Adds a vertex once: its label, tooltip, id and the style of its label, in the cluster of its
  // country (or continent) unless `cluster` names one or grouping is off.
  Status Add(Vertex v, Attrs extra = {}, bool short_agreement = false, std::optional<std::string> cluster = {}) {
    if (!added_.insert(v).second) return Status::Ok();
    auto node = Node(v);
    if (!node.ok()) return node.status();
    DiagramNode n;
    n.name = Name(v);
    n.attrs = NodeStyle((*node)->label);
    n.attrs.push_back({"label", EscapeLabel(NodeLabel(**node, short_agreement))});
    n.attrs.push_back({"tooltip", EscapeLabel(NodeTooltip(**node))});
    n.attrs.push_back({"id", n.name});
    for (auto& attr : extra) n.attrs.push_back(std::move(attr));
    if (cluster) {
      n.cluster = *cluster;
    } else {
      auto group = ClusterOf(v);
      if (!group.ok()) return group.status();
      n.cluster = *group;
    }
    labels_.insert((*node)->label);
    index_[n.name] = d_.nodes.size();
    d_.nodes.push_back(std::move(n));
    return Status::Ok();
  }

  // Adds a line to the label of a vertex already added.
  void AppendLabelLine(Vertex v, const std::string& line) {
    auto it = index_.find(Name(v));
    if (it == index_.end()) return;
    for (auto& [key, value] : d_.nodes[it->second].attrs) {
      if (key == "label") value += "\\n" + EscapeLabel(line);
    }
  }

  void Edge(Vertex from, Vertex to, Attrs attrs) { d_.edges.push_back({Name(from), Name(to), std::move(attrs)}); }

  // A cluster of our own (e.g. the center's side), created on first use.
  void EnsureCluster(const std::string& name, const std::string& label, Attrs extra = {}) {
    if (!clusters_.insert(name).second) return;
    DiagramCluster c{name, "", {{"label", EscapeLabel(label)}}};
    for (auto& attr : extra) c.attrs.push_back(std::move(attr));
    d_.clusters.push_back(std::move(c));
  }

  // The cluster of a vertex's country or continent ("" when grouping is off or it has none).
  Result<std::string> ClusterOf(Vertex v) { return ClusterOfCountry(p_.vertex(v).country); }
  Result<std::string> ClusterOfCountry(const std::string& country) {
    if (group_by_ == "none") return std::string();
    if (country.empty()) return std::string();
    const store::Node* node = a_.node(country);
    if (!node) return std::string();
    if (group_by_ == "continent") {
      std::string continent = node->props.value("continent", "");
      if (continent.empty()) continent = "other";
      EnsureCluster("continent/" + continent, continent);
      return "continent/" + continent;
    }
    EnsureCluster(country, CountryName(country));
    return country;
  }
  // "日本 Japan": a country's names (its id when the answer does not name it).
  std::string CountryName(const std::string& country) const {
    const store::Node* node = a_.node(country);
    if (!node) return country;
    std::string zh = node->props.value("name_zh", "");
    std::string en = node->props.value("name_en", country);
    return zh.empty() || zh == en ? en : zh + " " + en;
  }
  // Puts a label's legend entry in, for nodes drawn without Add.
  void CountLabel(const std::string& label) { labels_.insert(label); }

  void LegendTie(TieFamily family) {
    if (families_.insert(family).second) d_.legend.push_back(LegendOf(family));
  }
  // The standing of an agreement vertex (firm when the answer does not name it).
  Standing StandingOfAgreement(Vertex agreement) {
    auto node = Node(agreement);
    return node.ok() ? StandingOf(**node) : Standing::kFirm;
  }
  // Edge attributes of a tie of `family` through `agreement`, its standing in the legend.
  Attrs AgreementEdge(TieFamily family, Standing standing) {
    LegendTie(family);
    if (standing != Standing::kFirm) LegendExtra(StandingLegend(standing));
    return EdgeAttrs(family, standing);
  }
  void LegendExtra(LegendEntry entry) {
    if (edge_legends_.insert(entry.text).second) extra_legend_.push_back(std::move(entry));
  }
  void LegendEdge(const std::string& text, const std::string& color, const std::string& style) {
    if (edge_legends_.insert(text).second) {
      d_.legend.push_back(LegendEntry{LegendEntry::Kind::kEdge, text, color, style, ""});
    }
  }
  // Adds a node legend entry for every label drawn (after the tie entries).
  void FinishLegend() {
    FinishTieLegend();
    for (const auto& label : labels_) d_.legend.push_back(NodeLegend(label));
  }
  // Adds the standing and mark entries after the tie entries (for a legend without node entries).
  void FinishTieLegend() {
    for (auto& entry : extra_legend_) d_.legend.push_back(std::move(entry));
    extra_legend_.clear();
  }

  // The parties of an agreement vertex (its party ties), ascending.
  std::vector<Vertex> Parties(Vertex agreement) const {
    std::vector<Vertex> parties;
    for (const auto& inc : p_.Incident(agreement)) {
      if (!inc.outgoing && domain().IsPartyType(p_.TypeName(p_.tie(inc.tie)))) parties.push_back(inc.other);
    }
    std::sort(parties.begin(), parties.end());
    parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
    return parties;
  }

  // The tie family of an agreement: by kind, party count and whether only schools take part.
  TieFamily FamilyOf(Vertex agreement, const std::vector<Vertex>& parties) const {
    bool schools_only = !parties.empty();
    for (Vertex v : parties) schools_only = schools_only && domain().IsSchool(p_.vertex(v).label);
    return FamilyOfAgreement(p_.vertex(agreement).kind, parties.size(), schools_only);
  }
  TieFamily FamilyOf(const engine::NetworkAgreement& a) const {
    return FamilyOfAgreement(p_.vertex(a.agreement).kind, a.home.size() + a.others.size(), a.schools_only);
  }

 private:
  const engine::Answer& a_;
  const Projection& p_;
  std::string group_by_;
  Diagram d_;
  std::set<Vertex> added_;
  std::map<std::string, size_t> index_;  // node name -> position in d_.nodes
  std::set<std::string> clusters_;
  std::set<std::string> labels_;
  std::set<TieFamily> families_;
  std::set<std::string> edge_legends_;
  std::vector<LegendEntry> extra_legend_;  // standings and marks, after the tie families
};

Status CheckGroupBy(const std::string& group_by) {
  if (group_by == "country" || group_by == "continent" || group_by == "none") return Status::Ok();
  return Status::InvalidParameter("group_by", "must be country, continent or none, not '" + group_by + "'");
}

std::string OrDefault(const std::string& value, const std::string& fallback) {
  return value.empty() ? fallback : value;
}

// The layout engine. dot never overlaps nodes or labels; the force-directed and radial engines
// are asked to remove node overlaps (prism) and keep a margin between nodes.
void SetLayout(Diagram* d, const std::string& layout) {
  d->layout = layout;
  if (layout != "dot") {
    d->graph_attrs.push_back({"overlap", "prism"});
    d->graph_attrs.push_back({"sep", "+8"});
  }
}

// "as of 2020 · only Japan · status: planned" style notes from the filter.
std::vector<std::string> FilterNotes(const projection::Filter& f) {
  std::vector<std::string> notes;
  auto join = [](const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
  };
  if (f.since && f.until && *f.since == *f.until) {
    notes.push_back("as of " + f.since->ToString());
  } else if (f.since || f.until) {
    notes.push_back("between " + (f.since ? f.since->ToString() : std::string("…")) + " and " +
                    (f.until ? f.until->ToString() : std::string("…")));
  }
  if (!f.countries.empty()) notes.push_back("countries: " + join(f.countries));
  if (!f.labels.empty()) notes.push_back("labels: " + join(f.labels));
  if (!f.edge_types.empty()) notes.push_back("edge types: " + join(f.edge_types));
  if (!f.statuses.empty()) notes.push_back("status: " + join(f.statuses));
  if (!f.tiers.empty()) notes.push_back("source tier: " + join(f.tiers));
  return notes;
}

std::string TwoNames(Builder& b, Vertex v) {
  std::string zh = b.Prop(v, "name_zh");
  const std::string& en = b.projection().vertex(v).DisplayName();
  return zh.empty() || zh == en ? en : zh + " " + en;
}

std::string AgreementTooltip(Builder& b, Vertex a) {
  auto node = b.Node(a);
  return node.ok() ? NodeTooltip(**node) : b.Name(a);
}

const char* kHomeCluster = "home";

Status AddHomeVertex(Builder& b, const engine::NetworkResult& net, Vertex v) {
  b.EnsureCluster(kHomeCluster, TwoNames(b, net.center), {{"fillcolor", "#fef5e7"}, {"color", "#d4ac0d"}});
  return b.Add(v, v == net.center ? CenterStyle() : Attrs{}, false, std::string(kHomeCluster));
}

// A hub node for an agreement, in the colours of its family, with spokes to every party.
Status AddHub(Builder& b, const engine::NetworkResult& net, const engine::NetworkAgreement& t, TieFamily family,
              bool spokes_labelled) {
  const auto& style = StyleOf(family);
  Standing standing = b.StandingOfAgreement(t.agreement);
  Attrs hub = {{"color", style.color}, {"penwidth", "1.6"}};
  for (auto& attr : HubStandingAttrs(standing)) hub.push_back(std::move(attr));
  CT_RETURN_IF_ERROR(b.Add(t.agreement, std::move(hub), false, std::string()));
  for (Vertex h : t.home) {
    CT_RETURN_IF_ERROR(AddHomeVertex(b, net, h));
    b.Edge(h, t.agreement, b.AgreementEdge(family, standing));
  }
  for (Vertex o : t.others) {
    CT_RETURN_IF_ERROR(b.Add(o));
    Attrs attrs = b.AgreementEdge(family, standing);
    if (spokes_labelled) attrs.push_back({"tooltip", EscapeLabel(b.Name(t.agreement))});
    b.Edge(t.agreement, o, std::move(attrs));
  }
  return Status::Ok();
}

// A left-to-right star of a hundred partners is one very tall column. This deals the partner
// clusters out to the two sides of the home cluster (largest cluster first, to the shorter side)
// and turns the edges of the left side around, so that dot ranks those partners left of home:
// the drawing is half as tall. Edges carry no arrowheads, so their direction is only for layout.
// A hub goes to the side where most of its partners are.
void SplitSides(Diagram* d, const std::string& home_cluster) {
  std::map<std::string, std::string> cluster_of;
  std::map<std::string, size_t> size;
  for (const auto& n : d->nodes) {
    cluster_of[n.name] = n.cluster;
    if (!n.cluster.empty() && n.cluster != home_cluster) ++size[n.cluster];
  }
  std::vector<std::pair<size_t, std::string>> order;
  for (const auto& [cluster, n] : size) order.push_back({n, cluster});
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  size_t height[2] = {0, 0};
  std::set<std::string> left;
  for (const auto& [n, cluster] : order) {
    size_t side = height[0] <= height[1] ? 0 : 1;
    if (side == 0) left.insert(cluster);
    height[side] += n + 2;  // a cluster's label and margins take about two nodes of height
  }
  // Hubs: unclustered nodes with edges into clusters; they follow the majority of their partners.
  std::map<std::string, int> hub_vote;
  for (const auto& e : d->edges) {
    if (cluster_of[e.from].empty() && !cluster_of[e.to].empty())
      hub_vote[e.from] += left.count(cluster_of[e.to]) ? 1 : -1;
  }
  auto on_left = [&](const std::string& name) {
    const std::string& cluster = cluster_of[name];
    if (cluster.empty()) return hub_vote[name] > 0;
    return cluster != home_cluster && left.count(cluster) > 0;
  };
  for (auto& e : d->edges) {
    if (on_left(e.to)) std::swap(e.from, e.to);
  }
  std::vector<std::string> home;
  for (const auto& n : d->nodes) {
    if (n.cluster == home_cluster) home.push_back(n.name);
  }
  d->same_rank.push_back(std::move(home));
}

std::string CountText(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

Status CheckGroupByOf(const ViewOptions& options, const char* default_group_by, std::string* group_by) {
  *group_by = OrDefault(options.group_by, default_group_by);
  return CheckGroupBy(*group_by);
}

// How every view ends: the layout (dot unless --layout) and the view's graph attributes, the
// title (unless --title), and the notes: `counts` first, then the filter's.
// With --size, the graph attributes that fit it on a slide come last.
Status FinishView(Diagram* d, const ViewOptions& options, const engine::Answer& answer, const Attrs& graph_attrs,
                  const std::string& title, std::string counts) {
  auto slide = SlideAttrs(options.size);
  if (!slide.ok()) return slide.status();
  SetLayout(d, OrDefault(options.layout, "dot"));
  d->graph_attrs.insert(d->graph_attrs.end(), graph_attrs.begin(), graph_attrs.end());
  d->graph_attrs.insert(d->graph_attrs.end(), slide->begin(), slide->end());
  if (!options.size.empty()) d->bitmap_dpi = kSlideDpi;
  d->title = OrDefault(options.title, title);
  d->notes = FilterNotes(answer.graph->filter());
  if (answer.undated_left_out) {
    d->notes.push_back(std::to_string(answer.undated_left_out) + " undated ties not shown");
  }
  d->notes.insert(d->notes.begin(), std::move(counts));
  return Status::Ok();
}

// A two-party tie of a partner, as the partners view draws it: an edge from a home vertex.
struct PartnerTie {
  Vertex home;
  std::string year;  // "" when undated
  std::string kind;  // as KindText names it
  Attrs attrs;       // the edge's
};
using PartnerTies = std::map<Vertex, std::vector<PartnerTie>>;  // by partner

// What goes under a partner's name: the year of each tie (n.d. when undated), each naming its
// kind when there are several.
std::string YearsText(const std::vector<PartnerTie>& ties, const char* separator) {
  std::vector<std::string> items;
  for (const auto& t : ties) {
    std::string year = t.year.empty() ? kUndatedMark : t.year;
    items.push_back(ties.size() == 1 ? year : year + " " + t.kind);
  }
  std::sort(items.begin(), items.end());
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

bool AnyUndated(const PartnerTies& ties) {
  for (const auto& [partner, list] : ties) {
    for (const auto& t : list) {
      if (t.year.empty()) return true;
    }
  }
  return false;
}

std::string AttrOf(const Attrs& attrs, const char* key) {
  for (const auto& [k, v] : attrs) {
    if (k == key) return v;
  }
  return "";
}

// The edge attributes that give a tie its look (colour, style, width), without its tooltip and id.
Attrs LookOf(const Attrs& attrs) {
  Attrs look;
  for (const auto& [key, value] : attrs) {
    if (key != "tooltip" && key != "id") look.push_back({key, value});
  }
  return look;
}

// A row of a list node: a vertex drawn as a line of text, marked in the colour of each of its ties.
struct ListRow {
  Vertex vertex;
  std::vector<std::string> colors;  // one mark per tie
  std::string note;                 // years or dates, in grey after the names
};
using ListEdges = std::map<std::pair<Vertex, Attrs>, size_t>;  // (from, look) -> ties

// One node named `name` that lists `rows` (marks, names, note) in place of their own nodes, and
// an edge of each look from each vertex that ties them.
Status AddListNode(Builder& b, const std::string& name, const std::string& cluster, const std::vector<ListRow>& rows,
                   const ListEdges& edges) {
  std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">";
  std::string tooltip;
  for (const auto& row : rows) {
    auto node = b.Node(row.vertex);
    if (!node.ok()) return node.status();
    b.CountLabel((*node)->label);
    std::string marks;
    for (const auto& color : row.colors) marks += "<FONT COLOR=\"" + EscapeHtml(color) + "\">●</FONT>";
    html += "<TR><TD ALIGN=\"LEFT\">" + marks + " " + EscapeHtml(TwoNames(b, row.vertex)) +
            " <FONT POINT-SIZE=\"10\" COLOR=\"#555555\">" + EscapeHtml(row.note) + "</FONT></TD></TR>";
    tooltip += (tooltip.empty() ? "" : "\n") + b.Name(row.vertex) + " " + row.note;
  }
  html += "</TABLE>";
  b.diagram().nodes.push_back({name,
                               cluster,
                               {{"shape", "box"},
                                {"style", "rounded,filled"},
                                {"fillcolor", "#f8f9f9"},
                                {"color", "#aab7b8"},
                                {"tooltip", EscapeLabel(tooltip)},
                                {"id", name},
                                {kHtmlLabel, html}}});
  for (const auto& [key, count] : edges) {
    Attrs attrs = key.second;
    attrs.push_back({"tooltip", CountText(count, "tie", "ties")});
    b.diagram().edges.push_back({b.Name(key.first), name, std::move(attrs)});
  }
  return Status::Ok();
}

// One node listing the partners of a cluster whose only ties are two-party ones: a row per
// partner with its years, and an edge of each look from each home vertex that ties them.
Status AddPartnerList(Builder& b, const std::string& cluster, const std::vector<Vertex>& leaves,
                      const PartnerTies& ties) {
  std::vector<ListRow> rows;
  ListEdges edges;
  for (Vertex v : leaves) {
    const auto& list = ties.at(v);
    ListRow row{v, {}, YearsText(list, ", ")};
    for (const auto& t : list) {
      row.colors.push_back(AttrOf(t.attrs, "color"));
      ++edges[{t.home, LookOf(t.attrs)}];
    }
    rows.push_back(std::move(row));
  }
  return AddListNode(b, "partners/" + cluster, cluster, rows, edges);
}

// The partners a --top left out: in a country drawn, one note in its cluster ("日本 Japan: 12
// more partners"), held near the center by an invisible edge; the others are counted in a note
// of the title ("not drawn: 40 more partners in 15 other countries").
Status AddRestNotes(Builder& b, const engine::NetworkResult& net, const std::set<Vertex>& partners) {
  std::set<std::string> drawn;
  for (Vertex v : partners) drawn.insert(net.vertex(v).country);
  size_t others = 0, other_countries = 0;
  for (const auto& [country, count] : net.rest) {
    if (!drawn.count(country)) {
      others += count;
      other_countries += !country.empty();
      continue;
    }
    auto cluster = b.ClusterOfCountry(country);
    if (!cluster.ok()) return cluster.status();
    std::string name = "rest/" + (country.empty() ? std::string("none") : country);
    std::string text = CountText(count, "more partner", "more partners");
    if (!country.empty()) text = b.CountryName(country) + ": " + text;
    b.diagram().nodes.push_back({name,
                                 *cluster,
                                 {{"shape", "note"},
                                  {"fillcolor", "#f8f9f9"},
                                  {"color", "#aab7b8"},
                                  {"fontcolor", "#555555"},
                                  {"label", EscapeLabel(text)},
                                  {"tooltip", EscapeLabel(text + " (not drawn: --top)")},
                                  {"id", name}}});
    b.diagram().edges.push_back({b.Name(net.center), name, {{"style", "invis"}}});
  }
  if (others) {
    b.diagram().notes.push_back("not drawn: " + CountText(others, "more partner", "more partners") + " in " +
                                CountText(other_countries, "other country", "other countries"));
  }
  return Status::Ok();
}

// Collects the two-party ties of each partner (agreements and pairings), and draws the hubs.
Status CollectPartnerTies(Builder& b, const engine::NetworkResult& net, PartnerTies* ties,
                          std::set<Vertex>* hub_parties) {
  const Projection& p = *net.graph;
  for (const auto& t : net.agreements) {
    TieFamily family = b.FamilyOf(t);
    if (t.home.size() == 1 && t.others.size() == 1 && family != TieFamily::kMultilateral) {
      CT_RETURN_IF_ERROR(AddHomeVertex(b, net, t.home[0]));
      Attrs attrs = b.AgreementEdge(family, b.StandingOfAgreement(t.agreement));
      attrs.push_back({"tooltip", EscapeLabel(AgreementTooltip(b, t.agreement))});
      attrs.push_back({"id", b.Name(t.agreement)});
      (*ties)[t.others[0]].push_back(
          {t.home[0], YearOf(b.Prop(t.agreement, "date")), KindText(p.vertex(t.agreement).kind), std::move(attrs)});
    } else {
      CT_RETURN_IF_ERROR(AddHub(b, net, t, family, true));
      hub_parties->insert(t.others.begin(), t.others.end());
    }
  }
  // School pairings recorded only as direct ties (no agreement node).
  for (const auto& pairing : net.pairings) {
    const auto& tie = p.tie(pairing.tie);
    CT_RETURN_IF_ERROR(AddHomeVertex(b, net, pairing.home));
    (*ties)[pairing.other].push_back({pairing.home, tie.since ? std::to_string(tie.since->year) : "",
                                      KindText("school_pairing"),
                                      b.AgreementEdge(TieFamily::kSchool, Standing::kFirm)});
  }
  return Status::Ok();
}

// With more than kGroupLeavesAbove partners (and clusters), the partners of each cluster tied
// by two-party ties only, when there are two or more, by cluster.
Result<std::map<std::string, std::vector<Vertex>>> PartnerLists(Builder& b, const PartnerTies& ties,
                                                                const std::set<Vertex>& hub_parties, size_t partners) {
  std::map<std::string, std::vector<Vertex>> lists;
  if (partners <= kGroupLeavesAbove) return lists;
  for (const auto& [partner, list] : ties) {
    if (hub_parties.count(partner)) continue;
    auto cluster = b.ClusterOf(partner);
    if (!cluster.ok()) return cluster.status();
    if (!cluster->empty()) lists[*cluster].push_back(partner);
  }
  std::erase_if(lists, [](const auto& entry) { return entry.second.size() < 2; });
  return lists;
}

std::string PartnerCounts(const engine::NetworkResult& net, const std::set<Vertex>& partners) {
  std::set<std::string> countries;
  for (Vertex v : partners) {
    if (!net.vertex(v).country.empty()) countries.insert(net.vertex(v).country);
  }
  std::string counts = CountText(net.agreements.size(), "agreement", "agreements") + " · " +
                       CountText(partners.size(), "partner", "partners") + " in " +
                       CountText(countries.size(), "country", "countries");
  size_t rest = 0;
  for (const auto& [country, n] : net.rest) rest += n;
  if (rest) counts += " · the strongest shown, " + std::to_string(rest) + " more counted by country";
  return counts;
}

}  // namespace

Result<Diagram> DrawPartners(const engine::NetworkResult& net, const ViewOptions& options) {
  std::string group_by;
  CT_RETURN_IF_ERROR(CheckGroupByOf(options, "country", &group_by));
  Builder b(net, options, group_by);
  CT_RETURN_IF_ERROR(AddHomeVertex(b, net, net.center));
  PartnerTies ties;
  std::set<Vertex> hub_parties;
  CT_RETURN_IF_ERROR(CollectPartnerTies(b, net, &ties, &hub_parties));
  std::set<Vertex> partners = hub_parties;
  for (const auto& [partner, list] : ties) partners.insert(partner);
  auto lists = PartnerLists(b, ties, hub_parties, partners.size());
  if (!lists.ok()) return lists.status();
  std::set<Vertex> listed;
  for (const auto& [cluster, leaves] : *lists) listed.insert(leaves.begin(), leaves.end());
  // The other partners are nodes of their own, the years of their two-party ties under their
  // name (placed by the layout with the node, so they never drift away from their tie).
  for (auto& [partner, list] : ties) {
    if (listed.count(partner)) continue;
    CT_RETURN_IF_ERROR(b.Add(partner));
    for (auto& t : list) b.Edge(t.home, partner, t.attrs);
    b.AppendLabelLine(partner, YearsText(list, "\n"));
  }
  for (const auto& [cluster, leaves] : *lists) CT_RETURN_IF_ERROR(AddPartnerList(b, cluster, leaves, ties));
  CT_RETURN_IF_ERROR(AddRestNotes(b, net, partners));
  if (AnyUndated(ties)) b.LegendExtra(UndatedLegend());
  b.FinishLegend();
  Diagram& d = b.diagram();
  std::vector<std::string> rest_notes = std::move(d.notes);
  // Left to right, the sides of the center make a tall drawing; a slide wants a wide one.
  const char* rankdir = options.size.empty() ? "LR" : "TB";
  CT_RETURN_IF_ERROR(FinishView(&d, options, net, {{"rankdir", rankdir}, {"ranksep", "0.9"}, {"newrank", "true"}},
                                TwoNames(b, net.center) + " — partnership network", PartnerCounts(net, partners)));
  d.notes.insert(d.notes.begin() + 1, rest_notes.begin(), rest_notes.end());
  if (d.layout == "dot") SplitSides(&d, kHomeCluster);  // touches edges and ranks only
  return std::move(d);
}

Result<Diagram> DrawMultilateral(const engine::NetworkResult& net, const ViewOptions& options) {
  std::string group_by;
  CT_RETURN_IF_ERROR(CheckGroupByOf(options, "country", &group_by));
  Builder b(net, options, group_by);
  const auto& agreements = net.agreements;
  std::set<Vertex> parties;
  for (const auto& t : agreements) {
    parties.insert(t.home.begin(), t.home.end());
    parties.insert(t.others.begin(), t.others.end());
    CT_RETURN_IF_ERROR(AddHub(b, net, t, b.FamilyOf(t), true));
  }
  if (agreements.empty()) {
    return Status::NotFound(std::string("no agreement with ") + (net.min_parties < 3 ? "two" : "three") +
                            " or more parties passes the filters");
  }
  b.FinishLegend();
  Diagram& d = b.diagram();
  CT_RETURN_IF_ERROR(FinishView(
      &d, options, net, {{"rankdir", "LR"}, {"ranksep", "1.0"}, {"newrank", "true"}},
      net.min_parties < 3 ? "Agreements and their parties" : "Multilateral agreements (three or more parties)",
      CountText(agreements.size(), "agreement", "agreements") + " · " + CountText(parties.size(), "party", "parties")));
  return std::move(d);
}

Result<Diagram> DrawTimeline(const engine::NetworkResult& net, const ViewOptions& options) {
  const Projection& p = *net.graph;
  Builder b(net, options, "none");
  const auto& agreements = net.agreements;
  if (agreements.empty()) {
    return Status::NotFound("no agreement of " + p.vertex(net.center).ext_id + " passes the filters");
  }

  // Rows: one per year with agreements, in order, then the undated ones.
  std::map<int, std::vector<const engine::NetworkAgreement*>> by_year;
  std::vector<const engine::NetworkAgreement*> undated;
  for (const auto& t : agreements) {
    const auto& date = p.vertex(t.agreement).date;
    (date ? by_year[date->year] : undated).push_back(&t);
  }
  Diagram& d = b.diagram();
  std::vector<std::string> axis;
  size_t total = 0;
  // A year's agreements fill rows of at most kPerRow; the axis runs down the left edge with the
  // year and the running total at the first row of each year.
  const size_t kPerRow = 6;
  auto add_row = [&](const std::string& key, const std::string& heading,
                     const std::vector<const engine::NetworkAgreement*>& row) -> Status {
    total += row.size();
    for (size_t first = 0; first < row.size(); first += kPerRow) {
      std::string axis_node = "year/" + key + (first ? "/" + std::to_string(first / kPerRow) : "");
      std::string axis_label =
          first ? "" : heading + "\n+" + std::to_string(row.size()) + " · " + std::to_string(total) + " in all";
      d.nodes.push_back({axis_node,
                         "",
                         {{"shape", "plaintext"},
                          {"style", ""},
                          {"fontsize", "16"},
                          {"label", EscapeLabel(axis_label)},
                          {"tooltip", EscapeLabel(heading)},
                          {"id", axis_node}}});
      std::vector<std::string> rank{axis_node};
      std::string previous = axis_node;
      for (size_t i = first; i < std::min(row.size(), first + kPerRow); ++i) {
        const auto* t = row[i];
        TieFamily family = b.FamilyOf(*t);
        const auto& style = StyleOf(family);
        b.LegendTie(family);
        // The agreement, named by its partners (the center's side is the same in every row);
        // by its own name when it has more than two.
        std::string partners;
        if (t->others.size() <= 2) {
          for (Vertex o : t->others) partners += (partners.empty() ? "" : " · ") + TwoNames(b, o);
        }
        if (partners.empty()) partners = TwoNames(b, t->agreement);
        std::string label = Wrap(partners, 26) + "\n" + KindText(p.vertex(t->agreement).kind);
        if (!t->home.empty() && (t->home.size() > 1 || t->home[0] != net.center)) {
          label += " (" + CountText(t->home.size(), "local party", "local parties") + ")";
        }
        Attrs box = {{"label", EscapeLabel(label)}, {"shape", "box"},    {"style", "rounded,filled"},
                     {"color", style.color},        {"penwidth", "1.8"}, {"fillcolor", "white"}};
        Standing standing = b.StandingOfAgreement(t->agreement);
        for (auto& attr : HubStandingAttrs(standing, "rounded,filled")) box.push_back(std::move(attr));
        if (standing != Standing::kFirm) b.LegendExtra(StandingLegend(standing));
        CT_RETURN_IF_ERROR(b.Add(t->agreement, std::move(box), false, std::string()));
        rank.push_back(b.Name(t->agreement));
        // Invisible flat edges keep the row in order, the axis first.
        d.edges.push_back({previous, b.Name(t->agreement), {{"style", "invis"}}});
        previous = b.Name(t->agreement);
      }
      if (!axis.empty()) {
        d.edges.push_back({axis.back(),
                           axis_node,
                           {{"color", "#909497"}, {"penwidth", "2"}, {"arrowhead", first ? "none" : "normal"}}});
      }
      axis.push_back(axis_node);
      d.same_rank.push_back(std::move(rank));
    }
    return Status::Ok();
  };
  for (const auto& [year, row] : by_year) CT_RETURN_IF_ERROR(add_row(std::to_string(year), std::to_string(year), row));
  if (!undated.empty()) CT_RETURN_IF_ERROR(add_row("undated", "undated", undated));
  b.FinishTieLegend();
  CT_RETURN_IF_ERROR(FinishView(&d, options, net, {{"rankdir", "TB"}, {"ranksep", "0.35"}, {"nodesep", "0.2"}},
                                TwoNames(b, net.center) + " — how the partnership network grew",
                                CountText(agreements.size(), "agreement", "agreements") + " by year signed" +
                                    (undated.empty() ? "" : " (" + std::to_string(undated.size()) + " undated)")));
  return std::move(d);
}

namespace {

// How ties other than agreements and pairings look, by the "draw" of their tie group (the
// domain's tie_groups).
struct TypeLook {
  const char* legend;
  const char* color;
  const char* style;
};
TypeLook LookOfType(const schema::Domain& domain, const std::string& type) {
  const auto* group = domain.GroupOfType(type);
  const std::string draw = group ? group->draw : "";
  if (draw == "event") return {"took part in / hosted", "#ba4a00", "solid"};
  if (draw == "office") return {"office / signature", "#a93226", "dashed"};
  if (draw == "membership") return {"membership / representation", "#b7950b", "dashed"};
  return {"located in / other", "#909497", "solid"};
}

// Edge attributes for a projected tie: agreement ties in their family's colours, pairings as
// school ties, the rest by their group's look. The tooltip names the tie and its date; with
// `with_label` the date (when there is one) is also the label.
Attrs TieAttrs(Builder& b, TieIndex index, bool with_label) {
  const auto& p = b.projection();
  const auto& domain = b.domain();
  const auto& tie = p.tie(index);
  std::string type = p.TypeName(tie);
  Attrs attrs;
  std::string text = TypeText(type);
  if (domain.IsPartyType(type) && domain.IsAgreement(p.vertex(tie.dst).label)) {
    auto parties = b.Parties(tie.dst);
    attrs = b.AgreementEdge(b.FamilyOf(tie.dst, parties), b.StandingOfAgreement(tie.dst));
  } else if (tie.type == projection::kAgreementTie) {
    const std::string& kind = b.answer().tie(index).kind;
    TieFamily family = FamilyOfAgreement(
        kind, 2, domain.IsSchool(p.vertex(tie.src).label) && domain.IsSchool(p.vertex(tie.dst).label));
    attrs = EdgeAttrs(family);
    b.LegendTie(family);
    text = KindText(kind);
  } else if (domain.IsPairing(type)) {
    attrs = EdgeAttrs(TieFamily::kSchool);
    b.LegendTie(TieFamily::kSchool);
  } else {
    TypeLook look = LookOfType(domain, type);
    attrs = {{"color", look.color}, {"style", look.style}, {"fontcolor", look.color}, {"penwidth", "0.9"}};
    b.LegendEdge(look.legend, look.color, look.style);
  }
  std::string date = tie.since ? tie.since->ToString() : "";
  attrs.push_back({"tooltip", EscapeLabel(text + (date.empty() ? "" : " " + date))});
  if (with_label && !date.empty()) attrs.push_back({"label", EscapeLabel(date)});
  return attrs;
}

}  // namespace

namespace {

// With more than kGroupLeavesAbove nodes, the outermost nodes tied to nothing but one node nearer
// the center, by that node, where it has kMinListed or more: they are listed in one node.
std::map<Vertex, std::vector<TieIndex>> EgoLeaves(const engine::NeighborsResult& ego,
                                                  const std::map<Vertex, size_t>& depth_of) {
  const size_t kMinListed = 3;
  std::map<Vertex, std::vector<TieIndex>> leaves;
  if (ego.reached.size() <= kGroupLeavesAbove || ego.reached.back().depth < 2) return leaves;
  const auto& p = *ego.graph;
  std::map<Vertex, size_t> degree;
  for (TieIndex index : ego.ties_among) {
    ++degree[p.tie(index).src];
    ++degree[p.tie(index).dst];
  }
  const size_t outermost = ego.reached.back().depth;
  for (TieIndex index : ego.ties_among) {
    const auto& tie = p.tie(index);
    for (auto [leaf, parent] : {std::pair{tie.src, tie.dst}, std::pair{tie.dst, tie.src}}) {
      if (depth_of.at(leaf) == outermost && degree[leaf] == 1 && depth_of.at(parent) + 1 == outermost) {
        leaves[parent].push_back(index);
      }
    }
  }
  std::erase_if(leaves, [&](const auto& entry) { return entry.second.size() < kMinListed; });
  return leaves;
}

// Lists the leaves of `parent` (their ties `ties`) in one node, each with its tie's date.
Status AddEgoList(Builder& b, const engine::NeighborsResult& ego, Vertex parent, const std::vector<TieIndex>& ties) {
  std::vector<ListRow> rows;
  ListEdges edges;
  for (TieIndex index : ties) {
    const auto& tie = ego.graph->tie(index);
    Attrs attrs = TieAttrs(b, index, /*with_label=*/false);
    const std::string& date = ego.tie(index).date;
    if (date.empty()) b.LegendExtra(UndatedLegend());
    rows.push_back(
        {tie.src == parent ? tie.dst : tie.src, {AttrOf(attrs, "color")}, date.empty() ? kUndatedMark : date});
    ++edges[{parent, LookOf(attrs)}];
  }
  return AddListNode(b, "list/" + b.Name(parent), "", rows, edges);
}

}  // namespace

Result<Diagram> DrawEgo(const engine::NeighborsResult& ego, const ViewOptions& options) {
  std::string group_by;
  CT_RETURN_IF_ERROR(CheckGroupByOf(options, "none", &group_by));
  const Projection& p = *ego.graph;
  Builder b(ego, options, group_by);
  std::map<Vertex, size_t> depth_of;
  for (const auto& r : ego.reached) depth_of[r.vertex] = r.depth;
  auto leaves = EgoLeaves(ego, depth_of);
  std::set<TieIndex> listed;
  std::set<Vertex> listed_vertices;
  for (const auto& [parent, ties] : leaves) {
    for (TieIndex index : ties) {
      listed.insert(index);
      listed_vertices.insert(p.tie(index).src == parent ? p.tie(index).dst : p.tie(index).src);
    }
  }
  for (const auto& r : ego.reached) {
    if (listed_vertices.count(r.vertex)) continue;
    CT_RETURN_IF_ERROR(b.Add(r.vertex, r.vertex == ego.center ? CenterStyle() : Attrs{}, /*short_agreement=*/true));
  }
  const bool labels = ego.reached.size() - listed_vertices.size() <= 120;
  for (const auto& [parent, ties] : leaves) CT_RETURN_IF_ERROR(AddEgoList(b, ego, parent, ties));
  for (TieIndex index : ego.ties_among) {
    if (listed.count(index)) continue;
    const auto& tie = p.tie(index);
    size_t src_depth = depth_of.at(tie.src), dst_depth = depth_of.at(tie.dst);
    // Edges point away from the center so that dot ranks the drawing by distance.
    bool outward = dst_depth >= src_depth;
    // A tie between two nodes at the same distance may end up inside one rank; dot 2.43 frees
    // a labelled flat edge twice (flat_edges), so such ties carry their text as a tooltip only.
    bool same_depth = src_depth == dst_depth;
    Attrs attrs = TieAttrs(b, index, labels && !same_depth);
    if (same_depth) attrs.push_back({"constraint", "false"});
    if (outward) {
      b.Edge(tie.src, tie.dst, std::move(attrs));
    } else {
      b.Edge(tie.dst, tie.src, std::move(attrs));
    }
  }
  b.FinishLegend();
  Diagram& d = b.diagram();
  size_t depth = ego.reached.empty() ? 0 : ego.reached.back().depth;
  // Two rings or more, for a slide: a radial layout (the node in the middle) keeps the drawing
  // near the slide's shape, where dot's columns grow a page several slides tall.
  ViewOptions shaped = options;
  Attrs shape = {{"rankdir", "LR"}, {"ranksep", "1.0"}};
  if (shaped.layout.empty() && !shaped.size.empty() && depth >= 2) {
    shaped.layout = "twopi";
    shape.push_back({"root", ego.vertex(ego.center).ext_id});  // the node asked for in the middle
  }
  CT_RETURN_IF_ERROR(FinishView(
      &d, shaped, ego, shape,
      TwoNames(b, ego.center) + " — within " + CountText(options.depth ? options.depth : depth, "tie", "ties"),
      CountText(ego.reached.size(), "node", "nodes") + " · " + CountText(ego.ties_among.size(), "tie", "ties") +
          (labels ? "" : " (tie labels in tooltips)")));
  return std::move(d);
}

namespace {

Result<Diagram> DrawPathList(const engine::Answer& answer, const ViewOptions& options,
                             const std::vector<const algo::Path*>& paths, const std::string& title,
                             bool routes = false) {
  std::string group_by;
  CT_RETURN_IF_ERROR(CheckGroupByOf(options, "none", &group_by));
  Builder b(answer, options, group_by);
  std::set<TieIndex> drawn;
  for (const auto* path : paths) {
    for (size_t i = 0; i < path->vertices.size(); ++i) {
      Vertex v = path->vertices[i];
      bool end = i == 0 || i + 1 == path->vertices.size();
      CT_RETURN_IF_ERROR(b.Add(v, end ? CenterStyle() : Attrs{}));
    }
    for (const auto& hop : path->hops) {
      if (!drawn.insert(hop.tie).second) continue;
      Attrs attrs = TieAttrs(b, hop.tie, /*with_label=*/false);
      // The hop label: the tie and its date, as the engine explained it.
      const auto& facts = answer.tie(hop.tie);
      std::string text = facts.type == projection::kAgreementTieName
                             ? KindText(facts.kind.empty() ? std::string("agreement") : facts.kind)
                             : TypeText(facts.type);
      if (!facts.date.empty()) text += "\n" + facts.date;
      if (!facts.end.empty()) text += " – " + facts.end;
      attrs.push_back({"label", EscapeLabel(text)});
      b.Edge(hop.from, hop.to, std::move(attrs));
    }
  }
  b.FinishLegend();
  Diagram& d = b.diagram();
  const auto& first = *paths.front();
  std::string counts = CountText(first.hops.size(), "hop", "hops");
  if (paths.size() > 1) {
    counts = routes ? CountText(paths.size(), "route", "routes") + ", the first " + counts
                    : CountText(paths.size(), "path", "paths") + ", the shortest " + counts;
  }
  CT_RETURN_IF_ERROR(
      FinishView(&d, options, answer, {{"rankdir", "LR"}, {"ranksep", "0.5"}}, title, std::move(counts)));
  return std::move(d);
}

std::string PathTitle(const Projection& p, Vertex a, Vertex b) {
  return p.vertex(a).DisplayName() + " → " + p.vertex(b).DisplayName();
}

}  // namespace

Result<Diagram> DrawPaths(const engine::PathResult& result, const ViewOptions& options) {
  if (result.paths.empty()) return Status::NotFound("no path to draw");
  if (result.from == result.to) return Status::InvalidArgument("the two ends of the path are the same node");
  std::vector<const algo::Path*> paths;
  for (const auto& path : result.paths) paths.push_back(&path);
  return DrawPathList(result, options, paths, "Path: " + PathTitle(*result.graph, result.from, result.to));
}

Result<Diagram> DrawSchoolRoutes(const engine::SchoolPathResult& result, const ViewOptions& options) {
  if (result.routes.empty()) return Status::NotFound("no route to draw");
  std::vector<const algo::Path*> paths;
  std::vector<std::string> notes;
  const auto& routes = result.routes;
  for (size_t i = 0; i < routes.size(); ++i) {
    paths.push_back(&routes[i].path);
    notes.push_back((routes.size() > 1 ? std::to_string(i + 1) + ". " : "") + routes[i].kind + ": " +
                    routes[i].explanation);
  }
  auto d = DrawPathList(result, options, paths,
                        "School route: " + PathTitle(*result.graph, result.school, result.target), /*routes=*/true);
  if (!d.ok()) return d.status();
  d->notes.insert(d->notes.begin() + 1, notes.begin(), notes.end());
  return d;
}

}  // namespace cityties::render
