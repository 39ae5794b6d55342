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

// Shared state of one view: the projection, the store nodes read so far, and the diagram with
// the nodes, clusters and legend entries added to it.
class Builder {
 public:
  Builder(const store::GraphStore& store, const Projection& p, const ViewOptions& options, std::string group_by)
      : store_(store), p_(p), group_by_(std::move(group_by)) {
    ApplyBaseStyle(&d_, options.font);
  }

  Diagram& diagram() { return d_; }
  const Projection& projection() const { return p_; }

  Result<const store::Node*> Node(Vertex v) {
    auto it = nodes_.find(v);
    if (it != nodes_.end()) return &it->second;
    auto node = store_.GetNode(p_.vertex(v).node);
    if (!node.ok()) return node.status();
    return &nodes_.emplace(v, std::move(*node)).first->second;
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
  Result<std::string> ClusterOf(Vertex v) {
    if (group_by_ == "none") return std::string();
    const std::string& country = p_.vertex(v).country;
    if (country.empty()) return std::string();
    auto node = store_.GetNode(country);
    if (!node.ok()) return node.status().IsNotFound() ? Result<std::string>(std::string()) : node.status();
    std::string zh = node->props.value("name_zh", "");
    std::string en = node->props.value("name_en", country);
    if (group_by_ == "continent") {
      std::string continent = node->props.value("continent", "");
      if (continent.empty()) continent = "other";
      EnsureCluster("continent/" + continent, continent);
      return "continent/" + continent;
    }
    EnsureCluster(country, zh.empty() || zh == en ? en : zh + " " + en);
    return country;
  }

  void LegendTie(TieFamily family) {
    if (families_.insert(family).second) d_.legend.push_back(LegendOf(family));
  }
  void LegendEdge(const std::string& text, const std::string& color, const std::string& style) {
    if (edge_legends_.insert(text).second) {
      d_.legend.push_back(LegendEntry{LegendEntry::Kind::kEdge, text, color, style, ""});
    }
  }
  const store::GraphStore& store() const { return store_; }
  // Adds a node legend entry for every label drawn (after the tie entries).
  void FinishLegend() {
    for (const auto& label : labels_) d_.legend.push_back(NodeLegend(label));
  }

  // The parties of an Agreement vertex (PARTY_TO ties into it), ascending.
  std::vector<Vertex> Parties(Vertex agreement) const {
    std::vector<Vertex> parties;
    for (const auto& inc : p_.Incident(agreement)) {
      if (!inc.outgoing && p_.TypeName(p_.tie(inc.tie)) == "PARTY_TO") parties.push_back(inc.other);
    }
    std::sort(parties.begin(), parties.end());
    parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
    return parties;
  }

  // The tie family of an agreement: by kind, party count and whether only schools take part.
  TieFamily FamilyOf(Vertex agreement, const std::vector<Vertex>& parties) const {
    bool schools_only = !parties.empty();
    for (Vertex v : parties) schools_only = schools_only && p_.vertex(v).label == "School";
    return FamilyOfAgreement(p_.vertex(agreement).kind, parties.size(), schools_only);
  }

 private:
  const store::GraphStore& store_;
  const Projection& p_;
  std::string group_by_;
  Diagram d_;
  std::map<Vertex, store::Node> nodes_;
  std::set<Vertex> added_;
  std::map<std::string, size_t> index_;  // node name -> position in d_.nodes
  std::set<std::string> clusters_;
  std::set<std::string> labels_;
  std::set<TieFamily> families_;
  std::set<std::string> edge_legends_;
};

Status CheckGroupBy(const std::string& group_by) {
  if (group_by == "country" || group_by == "continent" || group_by == "none") return Status::Ok();
  return Status::InvalidArgument("--group-by must be country, continent or none, not '" + group_by + "'");
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

// "as of 2020 · only Japan" style notes from the filter.
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

// The center's side: the center itself and every node LOCATED_IN it (its schools, institutions).
struct HomeSide {
  Vertex center;
  std::string center_id;
  bool Contains(const Projection& p, Vertex v) const { return v == center || p.vertex(v).city == center_id; }
};

Result<HomeSide> ResolveHome(const store::GraphStore& store, const Projection& p, const std::string& center) {
  auto v = projection::ResolveVertex(store, p, center);
  if (!v.ok()) return v.status();
  return HomeSide{*v, p.vertex(*v).ext_id};
}

// The agreements a network view draws, with their parties.
struct AgreementTies {
  Vertex agreement;
  std::vector<Vertex> home, others;
};

std::vector<AgreementTies> CollectAgreements(Builder& b, const HomeSide& home, bool only_home, size_t min_parties) {
  const auto& p = b.projection();
  std::vector<AgreementTies> result;
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    if (p.vertex(v).label != "Agreement") continue;
    AgreementTies t{v, {}, {}};
    for (Vertex party : b.Parties(v)) (home.Contains(p, party) ? t.home : t.others).push_back(party);
    if (only_home && t.home.empty()) continue;
    if (t.home.size() + t.others.size() < min_parties) continue;
    result.push_back(std::move(t));
  }
  return result;
}

const char* kHomeCluster = "home";

Status AddHomeVertex(Builder& b, const HomeSide& home, Vertex v) {
  b.EnsureCluster(kHomeCluster, TwoNames(b, home.center), {{"fillcolor", "#fef5e7"}, {"color", "#d4ac0d"}});
  return b.Add(v, v == home.center ? CenterStyle() : Attrs{}, false, std::string(kHomeCluster));
}

// A hub node for an agreement, in the colours of its family, with spokes to every party.
Status AddHub(Builder& b, const HomeSide& home, const AgreementTies& t, TieFamily family, bool spokes_labelled) {
  const auto& style = StyleOf(family);
  CT_RETURN_IF_ERROR(b.Add(t.agreement, {{"color", style.color}, {"penwidth", "1.6"}}, false, std::string()));
  b.LegendTie(family);
  for (Vertex h : t.home) {
    CT_RETURN_IF_ERROR(AddHomeVertex(b, home, h));
    b.Edge(h, t.agreement, EdgeAttrs(family));
  }
  for (Vertex o : t.others) {
    CT_RETURN_IF_ERROR(b.Add(o));
    Attrs attrs = EdgeAttrs(family);
    if (spokes_labelled) attrs.push_back({"tooltip", EscapeLabel(b.Name(t.agreement))});
    b.Edge(t.agreement, o, std::move(attrs));
  }
  return Status::Ok();
}

Result<Projection> ProjectHubs(const store::GraphStore& store, const ViewOptions& options) {
  projection::Filter filter = options.filter;
  filter.expand_agreements = false;  // network views draw agreements as hubs or as one edge
  return projection::Project(store, filter, options.project);
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

// What the agreement network views draw from: the checked --group-by (or the view's default),
// the projection with agreements as hubs, and the center's side.
struct HubNetwork {
  std::string group_by;
  Projection projection;
  HomeSide home;
};

Result<HubNetwork> OpenHubNetwork(const store::GraphStore& store, const ViewOptions& options,
                                  const char* default_group_by) {
  std::string group_by = OrDefault(options.group_by, default_group_by);
  CT_RETURN_IF_ERROR(CheckGroupBy(group_by));
  auto p = ProjectHubs(store, options);
  if (!p.ok()) return p.status();
  auto home = ResolveHome(store, *p, options.center);
  if (!home.ok()) return home.status();
  return HubNetwork{std::move(group_by), std::move(*p), *home};
}

// How every view ends: the layout (dot unless --layout) and the view's graph attributes, the
// title (unless --title), and the notes: `counts` first, then the filter's.
void FinishView(Diagram* d, const ViewOptions& options, const Attrs& graph_attrs, const std::string& title,
                std::string counts) {
  SetLayout(d, OrDefault(options.layout, "dot"));
  d->graph_attrs.insert(d->graph_attrs.end(), graph_attrs.begin(), graph_attrs.end());
  d->title = OrDefault(options.title, title);
  d->notes = FilterNotes(options.filter);
  d->notes.insert(d->notes.begin(), std::move(counts));
}

}  // namespace

Result<Diagram> PartnersView(const store::GraphStore& store, const ViewOptions& options) {
  auto net = OpenHubNetwork(store, options, "country");
  if (!net.ok()) return net.status();
  const Projection& p = net->projection;
  const HomeSide& home = net->home;
  Builder b(store, p, options, net->group_by);
  CT_RETURN_IF_ERROR(AddHomeVertex(b, home, home.center));

  std::set<std::pair<Vertex, Vertex>> drawn_pairs;  // unordered pairs joined by a drawn agreement
  std::set<Vertex> partners;
  std::set<std::string> countries;
  std::map<Vertex, std::vector<std::pair<std::string, std::string>>> years;  // partner -> (year, kind)
  auto agreements = CollectAgreements(b, home, /*only_home=*/true, /*min_parties=*/1);
  for (const auto& t : agreements) {
    std::vector<Vertex> all = t.home;
    all.insert(all.end(), t.others.begin(), t.others.end());
    TieFamily family = b.FamilyOf(t.agreement, all);
    for (size_t i = 0; i < all.size(); ++i) {
      for (size_t j = i + 1; j < all.size(); ++j) drawn_pairs.insert(std::minmax(all[i], all[j]));
    }
    for (Vertex o : t.others) {
      partners.insert(o);
      if (!p.vertex(o).country.empty()) countries.insert(p.vertex(o).country);
    }
    if (t.home.size() == 1 && t.others.size() == 1 && family != TieFamily::kMultilateral) {
      CT_RETURN_IF_ERROR(AddHomeVertex(b, home, t.home[0]));
      CT_RETURN_IF_ERROR(b.Add(t.others[0]));
      Attrs attrs = EdgeAttrs(family);
      years[t.others[0]].push_back({YearOf(b.Prop(t.agreement, "date")), KindText(p.vertex(t.agreement).kind)});
      attrs.push_back({"tooltip", EscapeLabel(AgreementTooltip(b, t.agreement))});
      attrs.push_back({"id", b.Name(t.agreement)});
      b.LegendTie(family);
      b.Edge(t.home[0], t.others[0], std::move(attrs));
    } else {
      CT_RETURN_IF_ERROR(AddHub(b, home, t, family, true));
    }
  }
  // School pairings recorded only as PAIRED_WITH edges (no agreement node).
  for (TieIndex i = 0; i < p.num_ties(); ++i) {
    const auto& tie = p.tie(i);
    if (p.TypeName(tie) != "PAIRED_WITH") continue;
    bool src_home = home.Contains(p, tie.src), dst_home = home.Contains(p, tie.dst);
    if (src_home == dst_home || drawn_pairs.count(std::minmax(tie.src, tie.dst))) continue;
    Vertex h = src_home ? tie.src : tie.dst, o = src_home ? tie.dst : tie.src;
    drawn_pairs.insert(std::minmax(h, o));
    partners.insert(o);
    if (!p.vertex(o).country.empty()) countries.insert(p.vertex(o).country);
    CT_RETURN_IF_ERROR(AddHomeVertex(b, home, h));
    CT_RETURN_IF_ERROR(b.Add(o));
    years[o].push_back({tie.since ? std::to_string(tie.since->year) : "", "sister schools"});
    b.LegendTie(TieFamily::kSchool);
    b.Edge(h, o, EdgeAttrs(TieFamily::kSchool));
  }
  // The years of a partner's two-party ties go under its name (placed by the layout with the
  // node, so they never drift away from their tie); with several ties each names its kind.
  for (auto& [partner, ties] : years) {
    std::sort(ties.begin(), ties.end());
    std::string line;
    for (const auto& [year, kind] : ties) {
      std::string item = ties.size() == 1 ? year : (year.empty() ? "" : year + " ") + kind;
      if (!item.empty()) line += (line.empty() ? "" : "\n") + item;
    }
    if (!line.empty()) b.AppendLabelLine(partner, line);
  }
  b.FinishLegend();
  Diagram& d = b.diagram();
  FinishView(&d, options, {{"rankdir", "LR"}, {"ranksep", "0.9"}, {"newrank", "true"}},
             TwoNames(b, home.center) + " — partnership network",
             CountText(agreements.size(), "agreement", "agreements") + " · " +
                 CountText(partners.size(), "partner", "partners") + " in " +
                 CountText(countries.size(), "country", "countries"));
  if (d.layout == "dot") SplitSides(&d, kHomeCluster);  // touches edges and ranks only
  return std::move(d);
}

Result<Diagram> MultilateralView(const store::GraphStore& store, const ViewOptions& options) {
  auto net = OpenHubNetwork(store, options, "country");
  if (!net.ok()) return net.status();
  const Projection& p = net->projection;
  const HomeSide& home = net->home;
  Builder b(store, p, options, net->group_by);
  size_t min_parties = options.bilateral ? 2 : 3;
  auto agreements = CollectAgreements(b, home, /*only_home=*/false, min_parties);
  std::set<Vertex> parties;
  for (const auto& t : agreements) {
    std::vector<Vertex> all = t.home;
    all.insert(all.end(), t.others.begin(), t.others.end());
    parties.insert(all.begin(), all.end());
    CT_RETURN_IF_ERROR(AddHub(b, home, t, b.FamilyOf(t.agreement, all), true));
  }
  if (agreements.empty()) {
    return Status::NotFound(std::string("no agreement with ") + (options.bilateral ? "two" : "three") +
                            " or more parties passes the filters");
  }
  b.FinishLegend();
  Diagram& d = b.diagram();
  FinishView(
      &d, options, {{"rankdir", "LR"}, {"ranksep", "1.0"}, {"newrank", "true"}},
      options.bilateral ? "Agreements and their parties" : "Multilateral agreements (three or more parties)",
      CountText(agreements.size(), "agreement", "agreements") + " · " + CountText(parties.size(), "party", "parties"));
  return std::move(d);
}

Result<Diagram> TimelineView(const store::GraphStore& store, const ViewOptions& options) {
  auto net = OpenHubNetwork(store, options, "none");
  if (!net.ok()) return net.status();
  const Projection& p = net->projection;
  const HomeSide& home = net->home;
  Builder b(store, p, options, "none");
  auto agreements = CollectAgreements(b, home, /*only_home=*/true, /*min_parties=*/1);
  if (agreements.empty()) return Status::NotFound("no agreement of " + home.center_id + " passes the filters");

  // Rows: one per year with agreements, in order, then the undated ones.
  std::map<int, std::vector<const AgreementTies*>> by_year;
  std::vector<const AgreementTies*> undated;
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
                     const std::vector<const AgreementTies*>& row) -> Status {
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
        std::vector<Vertex> all = t->home;
        all.insert(all.end(), t->others.begin(), t->others.end());
        TieFamily family = b.FamilyOf(t->agreement, all);
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
        if (!t->home.empty() && (t->home.size() > 1 || t->home[0] != home.center)) {
          label += " (" + CountText(t->home.size(), "local party", "local parties") + ")";
        }
        CT_RETURN_IF_ERROR(b.Add(t->agreement,
                                 {{"label", EscapeLabel(label)},
                                  {"shape", "box"},
                                  {"style", "rounded,filled"},
                                  {"color", style.color},
                                  {"penwidth", "1.8"},
                                  {"fillcolor", "white"}},
                                 false, std::string()));
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
  FinishView(&d, options, {{"rankdir", "TB"}, {"ranksep", "0.35"}, {"nodesep", "0.2"}},
             TwoNames(b, home.center) + " — how the partnership network grew",
             CountText(agreements.size(), "agreement", "agreements") + " by year signed" +
                 (undated.empty() ? "" : " (" + std::to_string(undated.size()) + " undated)"));
  return std::move(d);
}

namespace {

// Edge attributes for a projected tie: agreement ties in their family's colours, others grey
// with their type; the label says the tie and its date.
// How ties other than agreements and pairings look, by edge type.
struct TypeLook {
  const char* legend;
  const char* color;
  const char* style;
};
TypeLook LookOfType(const std::string& type) {
  if (type == "PARTICIPATED_IN" || type == "HOSTED" || type == "VISITED" || type == "PRODUCED") {
    return {"took part in / hosted", "#ba4a00", "solid"};
  }
  if (type == "HOLDS_OFFICE" || type == "SIGNED_BY") return {"office / signature", "#a93226", "dashed"};
  if (type == "MEMBER_OF" || type == "REPRESENTS") return {"membership / representation", "#b7950b", "dashed"};
  return {"located in / other", "#909497", "solid"};
}

// Edge attributes for a projected tie: agreement ties in their family's colours, pairings as
// school ties, the rest by type. The tooltip names the tie and its date; with `with_label` the
// date (when there is one) is also the label.
Attrs TieAttrs(Builder& b, TieIndex index, bool with_label) {
  const auto& p = b.projection();
  const auto& tie = p.tie(index);
  std::string type = p.TypeName(tie);
  Attrs attrs;
  std::string text = TypeText(type);
  if (type == "PARTY_TO" && p.vertex(tie.dst).label == "Agreement") {
    auto parties = b.Parties(tie.dst);
    TieFamily family = b.FamilyOf(tie.dst, parties);
    attrs = EdgeAttrs(family);
    b.LegendTie(family);
  } else if (type == projection::kAgreementTieName) {
    auto details = projection::DescribeTie(b.store(), p, index);
    std::string kind = details.ok() ? details->props.value("kind", std::string()) : "";
    TieFamily family =
        FamilyOfAgreement(kind, 2, p.vertex(tie.src).label == "School" && p.vertex(tie.dst).label == "School");
    attrs = EdgeAttrs(family);
    b.LegendTie(family);
    text = KindText(kind);
  } else if (type == "PAIRED_WITH") {
    attrs = EdgeAttrs(TieFamily::kSchool);
    b.LegendTie(TieFamily::kSchool);
  } else {
    TypeLook look = LookOfType(type);
    attrs = {{"color", look.color}, {"style", look.style}, {"fontcolor", look.color}, {"penwidth", "0.9"}};
    b.LegendEdge(look.legend, look.color, look.style);
  }
  std::string date = tie.since ? tie.since->ToString() : "";
  attrs.push_back({"tooltip", EscapeLabel(text + (date.empty() ? "" : " " + date))});
  if (with_label && !date.empty()) attrs.push_back({"label", EscapeLabel(date)});
  return attrs;
}

}  // namespace

Result<Diagram> EgoView(const store::GraphStore& store, const ViewOptions& options, const std::string& node_text,
                        size_t depth) {
  std::string group_by = OrDefault(options.group_by, "none");
  CT_RETURN_IF_ERROR(CheckGroupBy(group_by));
  if (depth == 0) return Status::InvalidArgument("--depth must be at least 1");
  auto p = projection::Project(store, options.filter, options.project);
  if (!p.ok()) return p.status();
  auto center = projection::ResolveVertex(store, *p, node_text);
  if (!center.ok()) return center.status();
  auto reached = algo::Neighborhood(*p, *center, depth);
  if (reached.size() > options.max_nodes) {
    return Status::InvalidArgument("the ego network of " + p->vertex(*center).ext_id + " at depth " +
                                   std::to_string(depth) + " has " + std::to_string(reached.size()) +
                                   " nodes, more than --max-nodes " + std::to_string(options.max_nodes) +
                                   " (too many to read); lower --depth, filter with --labels, --types, "
                                   "--country or --as-of, or raise --max-nodes");
  }
  Builder b(store, *p, options, group_by);
  std::map<Vertex, size_t> depth_of;
  for (const auto& r : reached) {
    depth_of[r.vertex] = r.depth;
    CT_RETURN_IF_ERROR(b.Add(r.vertex, r.vertex == *center ? CenterStyle() : Attrs{}, /*short_agreement=*/true));
  }
  std::set<TieIndex> drawn;
  size_t ties = 0;
  const bool labels = reached.size() <= 120;
  for (const auto& r : reached) {
    for (const auto& inc : p->Incident(r.vertex)) {
      auto other = depth_of.find(inc.other);
      if (other == depth_of.end() || !drawn.insert(inc.tie).second) continue;
      ++ties;
      // Edges point away from the center so that dot ranks the drawing by distance.
      bool outward = other->second >= r.depth;
      // A tie between two nodes at the same distance may end up inside one rank; dot 2.43 frees
      // a labelled flat edge twice (flat_edges), so such ties carry their text as a tooltip only.
      bool same_depth = other->second == r.depth;
      Attrs attrs = TieAttrs(b, inc.tie, labels && !same_depth);
      if (same_depth) attrs.push_back({"constraint", "false"});
      if (outward) {
        b.Edge(r.vertex, inc.other, std::move(attrs));
      } else {
        b.Edge(inc.other, r.vertex, std::move(attrs));
      }
    }
  }
  b.FinishLegend();
  Diagram& d = b.diagram();
  FinishView(&d, options, {{"rankdir", "LR"}, {"ranksep", "1.0"}},
             TwoNames(b, *center) + " — within " + CountText(depth, "tie", "ties"),
             CountText(reached.size(), "node", "nodes") + " · " + CountText(ties, "tie", "ties") +
                 (labels ? "" : " (tie labels in tooltips)"));
  return std::move(d);
}

namespace {

Result<Diagram> DrawPaths(const store::GraphStore& store, const Projection& p, const ViewOptions& options,
                          const std::vector<algo::Path>& paths, const std::string& title, bool routes = false) {
  Builder b(store, p, options, OrDefault(options.group_by, "none"));
  CT_RETURN_IF_ERROR(CheckGroupBy(OrDefault(options.group_by, "none")));
  std::set<TieIndex> drawn;
  for (const auto& path : paths) {
    for (size_t i = 0; i < path.vertices.size(); ++i) {
      Vertex v = path.vertices[i];
      bool end = i == 0 || i + 1 == path.vertices.size();
      CT_RETURN_IF_ERROR(b.Add(v, end ? CenterStyle() : Attrs{}));
    }
    for (const auto& hop : path.hops) {
      if (!drawn.insert(hop.tie).second) continue;
      Attrs attrs = TieAttrs(b, hop.tie, /*with_label=*/false);
      // The hop label: the tie and its date, from the stored edge (or the agreement).
      auto details = projection::DescribeTie(store, p, hop.tie);
      if (!details.ok()) return details.status();
      std::string text = details->type == projection::kAgreementTieName
                             ? KindText(details->props.value("kind", std::string("agreement")))
                             : TypeText(details->type);
      std::string date = details->date;
      const auto& tie = p.tie(hop.tie);
      if (date.empty()) {  // a tie to an agreement or a visit dates from it
        for (Vertex end : {tie.src, tie.dst}) {
          const auto& v = p.vertex(end);
          if ((v.label == "Agreement" || v.label == "Visit") && v.date) date = v.date->ToString();
        }
      }
      if (!date.empty()) text += "\n" + date;
      if (!details->end.empty()) text += " – " + details->end;
      attrs.push_back({"label", EscapeLabel(text)});
      b.Edge(hop.from, hop.to, std::move(attrs));
    }
  }
  b.FinishLegend();
  Diagram& d = b.diagram();
  const auto& first = paths.front();
  std::string counts = CountText(first.hops.size(), "hop", "hops");
  if (paths.size() > 1) {
    counts = routes ? CountText(paths.size(), "route", "routes") + ", the first " + counts
                    : CountText(paths.size(), "path", "paths") + ", the shortest " + counts;
  }
  FinishView(&d, options, {{"rankdir", "LR"}, {"ranksep", "0.5"}}, title, std::move(counts));
  return std::move(d);
}

std::string PathTitle(const Projection& p, Vertex a, Vertex b) {
  return p.vertex(a).DisplayName() + " → " + p.vertex(b).DisplayName();
}

// The projection under `filter` and the two ends of the paths drawn on it.
struct PathEnds {
  Projection p;
  Vertex a, z;
};

Result<PathEnds> ProjectEnds(const store::GraphStore& store, const projection::Filter& filter,
                             const ViewOptions& options, const std::string& from, const std::string& to) {
  auto p = projection::Project(store, filter, options.project);
  if (!p.ok()) return p.status();
  auto a = projection::ResolveVertex(store, *p, from);
  if (!a.ok()) return a.status();
  auto z = projection::ResolveVertex(store, *p, to);
  if (!z.ok()) return z.status();
  return PathEnds{std::move(*p), *a, *z};
}

}  // namespace

Result<Diagram> PathView(const store::GraphStore& store, const ViewOptions& options, const std::string& from,
                         const std::string& to, size_t paths) {
  if (paths == 0) return Status::InvalidArgument("--paths must be at least 1");
  auto ends = ProjectEnds(store, options.filter, options, from, to);
  if (!ends.ok()) return ends.status();
  const Projection& p = ends->p;
  const Vertex a = ends->a, z = ends->z;
  if (a == z) return Status::InvalidArgument("the two ends of the path are the same node");
  std::vector<algo::Path> found;
  if (paths == 1) {
    auto path = algo::ShortestPath(p, a, z);
    if (!path.ok()) return path.status();
    found.push_back(std::move(*path));
  } else {
    found = algo::KShortestPaths(p, a, z, paths);
  }
  if (found.empty()) {
    return Status::NotFound("no path from " + p.vertex(a).ext_id + " to " + p.vertex(z).ext_id +
                            " under these filters");
  }
  return DrawPaths(store, p, options, found, "Path: " + PathTitle(p, a, z));
}

Result<Diagram> SchoolPathView(const store::GraphStore& store, const ViewOptions& options, const std::string& school,
                               const std::string& to, size_t routes) {
  if (routes == 0) return Status::InvalidArgument("--paths must be at least 1");
  // As `cityties school-path` does: routes run through the schools' cities, so LOCATED_IN is in.
  auto ends = ProjectEnds(store, algo::SchoolPathFilter(options.filter), options, school, to);
  if (!ends.ok()) return ends.status();
  const Projection& p = ends->p;
  const Vertex a = ends->a, z = ends->z;
  algo::SchoolPathOptions path_options;
  path_options.limit = routes;
  auto found = algo::SchoolPaths(p, a, z, path_options);
  if (!found.ok()) return found.status();
  if (found->empty()) {
    return Status::NotFound("no route from " + p.vertex(a).ext_id + " to " + p.vertex(z).ext_id +
                            " in the graph as filtered");
  }
  std::vector<algo::Path> paths;
  std::vector<std::string> notes;
  for (size_t i = 0; i < found->size() && i < routes; ++i) {
    const auto& route = (*found)[i];
    paths.push_back(route.path);
    notes.push_back((found->size() > 1 ? std::to_string(i + 1) + ". " : "") + route.kind + ": " + route.explanation);
  }
  auto d = DrawPaths(store, p, options, paths, "School route: " + PathTitle(p, a, z), /*routes=*/true);
  if (!d.ok()) return d.status();
  d->notes.insert(d->notes.begin() + 1, notes.begin(), notes.end());
  return d;
}

}  // namespace cityties::render
