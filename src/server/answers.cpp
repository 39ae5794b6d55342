#include "server/answers.h"

#include <cmath>

namespace cityties::server {
namespace {

using engine::Answer;
using engine::TieIndex;
using engine::Vertex;

Json OrNull(const std::string& s) { return s.empty() ? Json() : Json(s); }
Json DateJson(const std::optional<PartialDate>& d) { return d ? Json(d->ToString()) : Json(); }

// A stored property, null when absent.
Json Prop(const store::Node* node, const char* key) {
  if (!node || !node->props.is_object() || !node->props.contains(key)) return Json();
  return Json(node->props.at(key));
}

Json Meta(const Answer& r) {
  const auto& t = r.timings;
  return {{"notes", r.notes},
          {"undated_left_out", r.undated_left_out},
          {"timings",
           {{"base_ms", t.base_ms},
            {"view_ms", t.view_ms},
            {"compute_ms", t.compute_ms},
            {"from_cache", t.from_cache},
            {"neighbourhood_only", t.neighbourhood_only},
            {"vertices", t.vertices},
            {"ties", t.ties}}}};
}

// `body` with the answer's notes and timings after it.
Json WithMeta(Json body, const Answer& r) {
  Json meta = Meta(r);
  for (auto& [key, value] : meta.items()) body[key] = value;
  return body;
}

Json VertexFields(const projection::VertexData& vd, const store::Node* node) {
  return {{"id", vd.ext_id},
          {"label", vd.label},
          {"name", vd.DisplayName()},
          {"name_zh", Prop(node, "name_zh")},
          {"name_en", Prop(node, "name_en")},
          {"country", OrNull(vd.country)},
          {"city", OrNull(vd.city)},
          {"kind", OrNull(vd.kind)},
          {"date", DateJson(vd.date)},
          {"end", DateJson(vd.end_date)},
          {"status", Prop(node, "status")},
          {"secondary", Prop(node, "secondary")}};
}

Json VertexJson(const Answer& r, Vertex v) {
  if (v == projection::kNoVertex) return Json();
  return VertexFields(r.vertex(v), r.node(v));
}

Json TieJson(const Answer& r, TieIndex t) {
  const auto& p = *r.graph;
  const auto& tie = p.tie(t);
  Json out = {{"index", t}, {"from", p.vertex(tie.src).ext_id}, {"to", p.vertex(tie.dst).ext_id}};
  if (const auto* via = p.Via(tie)) out["via"] = via->ext_id;
  auto it = r.ties.find(t);
  if (it == r.ties.end()) {
    out["type"] = p.TypeName(tie);
    return out;
  }
  const auto& f = it->second;
  out["type"] = f.type;
  out["kind"] = OrNull(f.kind);
  out["date"] = OrNull(f.date);
  out["end"] = OrNull(f.end);
  out["dated_by_hub"] = f.dated_by_hub;
  out["status"] = f.provenance.status;
  out["tier"] = f.provenance.tier;
  out["date_tier"] = OrNull(f.date_tier);
  out["secondary_props"] = f.provenance.secondary_props;
  out["sources"] = f.sources;
  return out;
}

Json HopsJson(const Answer& r, const algo::Path& path) {
  Json hops = Json::array();
  for (const auto& hop : path.hops) {
    hops.push_back({{"from", r.vertex(hop.from).ext_id},
                    {"to", r.vertex(hop.to).ext_id},
                    {"forward", hop.forward},
                    {"tie", TieJson(r, hop.tie)}});
  }
  return hops;
}

Json PathBody(const Answer& r, const algo::Path& path) {
  Json vertices = Json::array();
  for (Vertex v : path.vertices) vertices.push_back(VertexJson(r, v));
  return {{"length", path.length}, {"vertices", vertices}, {"hops", HopsJson(r, path)}};
}

Json VertexList(const Answer& r, const std::vector<Vertex>& vs) {
  Json out = Json::array();
  for (Vertex v : vs) out.push_back(VertexJson(r, v));
  return out;
}

Json Ids(const Answer& r, const std::vector<Vertex>& vs) {
  Json out = Json::array();
  for (Vertex v : vs) out.push_back(r.vertex(v).ext_id);
  return out;
}

}  // namespace

Json NodeJson(const store::Node& node) {
  Json props = node.props.is_object() ? Json(node.props) : Json::object();
  Json out = {{"id", node.ext_id},
              {"label", node.label},
              {"name_zh", Prop(&node, "name_zh")},
              {"name_en", Prop(&node, "name_en")},
              {"aliases", props.value("aliases", Json::array())},
              {"country", Prop(&node, "country")},
              {"status", Prop(&node, "status")},
              {"tier",
               {{"secondary", props.value("secondary", false)},
                {"secondary_props", props.value("secondary_props", Json::array())}}},
              {"sources", props.value("sources", Json::array())}};
  for (const char* key : {"sources", "name_zh", "name_en", "aliases"}) props.erase(key);
  out["properties"] = props;
  return out;
}

Json NodeResultJson(const engine::NodeResult& result) {
  Json out = NodeJson(result.node);
  Json offices = Json::array();
  for (const auto& o : result.offices) {
    offices.push_back({{"title", o.title},
                       {"title_zh", o.title_zh},
                       {"office", o.office_id},
                       {"office_name", o.office_name},
                       {"as_of", OrNull(o.as_of)}});
  }
  out["offices"] = offices;
  return out;
}

Json CandidatesJson(const std::vector<engine::Candidate>& candidates) {
  static const char* kMatch[] = {"id", "exact_name", "prefix", "fuzzy"};
  Json out = Json::array();
  for (const auto& c : candidates) {
    Json offices = Json::array();
    for (const auto& o : c.offices) offices.push_back(o.Describe());
    out.push_back({{"id", c.node.ext_id},
                   {"label", c.node.label},
                   {"name_zh", OrNull(c.name_zh)},
                   {"name_en", OrNull(c.name_en)},
                   {"country", OrNull(c.country)},
                   {"match", kMatch[static_cast<int>(c.match)]},
                   {"exact", c.exact()},
                   {"offices", offices},
                   {"description", c.Describe()}});
  }
  return out;
}

Json ListJson(const engine::ListResult& result) {
  Json nodes = Json::array();
  for (const auto& n : result.nodes) nodes.push_back(NodeJson(n));
  return {{"properties", result.properties}, {"nodes", nodes}};
}

Json TiesJson(const engine::TiesResult& r) {
  Json rows = Json::array();
  for (const auto& t : r.rows) {
    rows.push_back({{"group", t.group},
                    {"other", VertexJson(r, t.other)},
                    {"outgoing", t.outgoing},
                    {"kind", OrNull(t.kind)},
                    {"date", OrNull(t.date)},
                    {"until", OrNull(t.until)},
                    {"co_parties", VertexList(r, t.co_parties)},
                    {"sources", t.sources},
                    {"tie", TieJson(r, t.tie)}});
  }
  return WithMeta({{"center", VertexJson(r, r.center)}, {"rows", rows}}, r);
}

Json NeighborsJson(const engine::NeighborsResult& r) {
  Json reached = Json::array();
  for (const auto& x : r.reached) {
    auto tie = r.TieToParent(x);
    reached.push_back({{"depth", x.depth},
                       {"vertex", VertexJson(r, x.vertex)},
                       {"via", x.parent == projection::kNoVertex ? Json() : Json(r.vertex(x.parent).ext_id)},
                       {"tie", tie ? TieJson(r, *tie) : Json()}});
  }
  Json ties = Json::array();
  for (TieIndex t : r.ties_among) ties.push_back(TieJson(r, t));
  return WithMeta({{"center", VertexJson(r, r.center)}, {"reached", reached}, {"ties", ties}}, r);
}

Json PathJson(const engine::PathResult& r) {
  Json paths = Json::array();
  for (const auto& path : r.paths) paths.push_back(PathBody(r, path));
  return WithMeta({{"from", VertexJson(r, r.from)},
                   {"to", VertexJson(r, r.to)},
                   {"weighted", r.weighted},
                   {"truncated", r.truncated},
                   {"paths", paths}},
                  r);
}

Json SchoolPathJson(const engine::SchoolPathResult& r) {
  Json routes = Json::array();
  for (const auto& route : r.routes) {
    Json body = PathBody(r, route.path);
    body["kind"] = route.kind;
    body["explanation"] = route.explanation;
    routes.push_back(body);
  }
  return WithMeta({{"school", VertexJson(r, r.school)}, {"target", VertexJson(r, r.target)}, {"routes", routes}}, r);
}

Json PairingJson(const engine::PairingResult& r) {
  Json candidates = Json::array();
  for (const auto& c : r.candidates) {
    candidates.push_back({{"school", VertexJson(r, c.school)},
                          {"score", std::round(c.score * 1e6) / 1e6},
                          {"precedents", c.precedents},
                          {"shared", Ids(r, c.shared)}});
  }
  return WithMeta({{"school", VertexJson(r, r.school)}, {"candidates", candidates}}, r);
}

Json CommonJson(const engine::CommonResult& r) {
  Json common = Json::array();
  for (const auto& c : r.common) {
    Json a = Json::array(), b = Json::array();
    for (TieIndex t : c.ties_a) a.push_back(TieJson(r, t));
    for (TieIndex t : c.ties_b) b.push_back(TieJson(r, t));
    common.push_back({{"vertex", VertexJson(r, c.vertex)}, {"ties_a", a}, {"ties_b", b}});
  }
  return WithMeta({{"a", VertexJson(r, r.a)}, {"b", VertexJson(r, r.b)}, {"common", common}}, r);
}

Json RankingJson(const engine::RankingResult& r) {
  Json rows = Json::array();
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    Json value = r.integral ? Json(static_cast<uint64_t>(row.value)) : Json(row.value);
    rows.push_back({{"rank", i + 1}, {"vertex", VertexJson(r, row.vertex)}, {"value", value}});
  }
  Json answer = {{"integral", r.integral}, {"rows", rows}};
  if (r.convergence) {
    answer["iterations"] = r.convergence->iterations;
    answer["converged"] = r.convergence->converged;
  }
  return WithMeta(std::move(answer), r);
}

Json BrokersJson(const engine::BrokersResult& r) {
  Json points = Json::array(), bridges = Json::array();
  for (const auto& a : r.brokers.articulation_points) {
    points.push_back({{"vertex", VertexJson(r, a.vertex)},
                      {"pieces", a.pieces},
                      {"cut_off", a.cut_off},
                      {"component_size", a.component_size}});
  }
  for (const auto& b : r.brokers.bridges) {
    bridges.push_back({{"a", VertexJson(r, b.a)},
                       {"b", VertexJson(r, b.b)},
                       {"tie", TieJson(r, b.tie)},
                       {"cut_off", b.cut_off},
                       {"component_size", b.component_size}});
  }
  return WithMeta({{"articulation_points", points}, {"bridges", bridges}}, r);
}

Json PartitionJson(const engine::PartitionResult& r) {
  Json groups = Json::array();
  for (const auto& g : r.partition.groups) groups.push_back(Ids(r, g));
  return WithMeta({{"groups", groups}}, r);
}

Json TimelineJson(const engine::TimelineResult& r) {
  Json rows = Json::array();
  for (const auto& row : r.rows) {
    const auto& e = row.event;
    rows.push_back({{"date", DateJson(e.date)},
                    {"event", e.what},
                    {"other", VertexJson(r, e.other)},
                    {"kind", OrNull(row.kind)},
                    {"sources", row.sources},
                    {"tie", TieJson(r, e.tie)}});
  }
  return WithMeta({{"center", VertexJson(r, r.center)}, {"rows", rows}}, r);
}

namespace {
Json ProvenanceJson(const engine::Provenance& p) {
  return {{"status", p.status}, {"tier", p.tier}, {"secondary_props", p.secondary_props}};
}
}  // namespace

Json PartnersJson(const engine::PartnersResult& r) {
  Json rows = Json::array();
  for (const auto& row : r.rows) {
    Json ties = Json::array();
    for (const auto& t : row.ties) {
      Json tie = ProvenanceJson(t.provenance);
      tie.update({{"kind", t.kind}, {"via", VertexJson(r, t.via)}, {"date", DateJson(t.date)}, {"sources", t.sources}});
      ties.push_back(std::move(tie));
    }
    rows.push_back({{"partner", VertexJson(r, row.partner)},
                    {"kinds", row.kinds},
                    {"since", DateJson(row.since)},
                    {"status", row.status},
                    {"tier", row.tier},
                    {"last_contact", DateJson(row.last_contact)},
                    {"last_what", VertexJson(r, row.last_what)},
                    {"shared_visits", row.shared_visits},
                    {"sources", row.sources},
                    {"ties", ties}});
  }
  Json summary = Json::array();
  for (const auto& c : r.summary) {
    summary.push_back({{"kind", c.kind}, {"status", c.status}, {"tier", c.tier}, {"partners", c.partners}});
  }
  return WithMeta({{"center", VertexJson(r, r.center)}, {"rows", rows}, {"summary", summary}}, r);
}

Json AgreementsJson(const engine::AgreementsResult& r) {
  Json rows = Json::array();
  for (const auto& row : r.rows) {
    Json item = ProvenanceJson(row.provenance);
    item.update({{"agreement", VertexJson(r, row.agreement)},
                 {"kind", row.kind},
                 {"date", DateJson(row.date)},
                 {"parties", VertexList(r, row.parties)},
                 {"sources", row.sources}});
    rows.push_back(std::move(item));
  }
  return WithMeta({{"rows", rows}}, r);
}

Json ActivityJson(const engine::ActivityResult& r) {
  Json rows = Json::array();
  for (const auto& row : r.rows) {
    rows.push_back({{"partner", VertexJson(r, row.partner)},
                    {"visits", row.visits},
                    {"agreements", row.agreements},
                    {"last", DateJson(row.last)}});
  }
  return WithMeta({{"center", VertexJson(r, r.center)}, {"rows", rows}}, r);
}

Json GrowthJson(const engine::GrowthResult& r) {
  Json years = Json::array();
  for (size_t i = 0; i < r.years.size(); ++i) {
    const auto& y = r.years[i];
    auto count = [&](size_t n) {
      auto c = r.Count(i, n);
      return c ? Json(*c) : Json();
    };
    Json row = {{"year", y.year ? Json(y.year) : Json("undated")},
                {"agreements", count(y.agreements)},
                {"pairings", count(y.pairings)},
                {"visits", count(y.visits)},
                {"other_ties", count(y.other_ties)},
                {"agreements_in_force", y.year ? Json(y.agreements_in_force) : Json()}};
    if (r.HasCoverage()) row["covered"] = r.covered[i] ? Json(*r.covered[i] ? "yes" : "no") : Json();
    years.push_back(std::move(row));
  }
  return WithMeta({{"years", years}}, r);
}

Json DormantJson(const engine::DormantResult& r) {
  Json pairs = Json::array();
  for (const auto& d : r.pairs) {
    pairs.push_back({{"a", VertexJson(r, d.a)},
                     {"b", VertexJson(r, d.b)},
                     {"ties", d.ties},
                     {"tied_since", DateJson(d.tied_since)},
                     {"last_activity", DateJson(d.last_activity)},
                     {"last_what", OrNull(d.last_what)}});
  }
  return WithMeta({{"pairs", pairs}}, r);
}

Json StatsJson(const engine::StatsResult& r) {
  return {{"labels", r.counts.labels}, {"edge_types", r.counts.edge_types}, {"nodes", r.nodes}, {"edges", r.edges}};
}

Json GraphJson(const engine::ProjectionResult& r, const std::map<std::string, store::Node>& stored) {
  const auto& p = *r.graph;
  auto find = [&](const std::string& id) -> const store::Node* {
    auto it = stored.find(id);
    return it == stored.end() ? nullptr : &it->second;
  };
  Json nodes = Json::array();
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    const auto* node = find(p.vertex(v).ext_id);
    Json out = VertexFields(p.vertex(v), node);
    out["lat"] = Prop(node, "lat");
    out["lon"] = Prop(node, "lon");
    out["secondary_props"] = Prop(node, "secondary_props");
    nodes.push_back(out);
  }
  Json edges = Json::array();
  for (TieIndex t = 0; t < p.num_ties(); ++t) {
    const auto& tie = p.tie(t);
    // The agreement or event a tie stands for: its expanded agreement, else a hub at either end.
    const auto* via = p.Via(tie);
    const auto* hub = via                                         ? via
                      : p.domain().IsHub(p.vertex(tie.dst).label) ? &p.vertex(tie.dst)
                      : p.domain().IsHub(p.vertex(tie.src).label) ? &p.vertex(tie.src)
                                                                  : nullptr;
    edges.push_back({{"index", t},
                     {"from", p.vertex(tie.src).ext_id},
                     {"to", p.vertex(tie.dst).ext_id},
                     {"type", p.TypeName(tie)},
                     {"since", DateJson(tie.since)},
                     {"until", DateJson(tie.until)},
                     {"via", via ? Json(via->ext_id) : Json()},
                     {"hub", hub ? Json(hub->ext_id) : Json()},
                     {"kind", hub ? OrNull(hub->kind) : Json()},
                     {"status", hub ? Prop(find(hub->ext_id), "status") : Json()}});
  }
  return WithMeta({{"nodes", nodes}, {"edges", edges}}, r);
}

}  // namespace cityties::server
