#include "server/answers.h"

#include <cmath>

namespace cityties::server {
namespace {

using engine::Answer;
using engine::TieIndex;
using engine::Vertex;
using W = JsonWriter;

void Date(W& w, std::string_view key, const std::optional<PartialDate>& d) {
  w.Key(key);
  if (d) {
    w.Value(d->ToString());
  } else {
    w.Null();
  }
}

// A stored property, null when absent.
void Prop(W& w, std::string_view key, const store::Node* node, const char* property) {
  w.Key(key);
  if (!node || !node->props.is_object()) {
    w.Null();
    return;
  }
  auto it = node->props.find(property);
  if (it == node->props.end()) {
    w.Null();
  } else {
    w.Value(*it);
  }
}
void Prop(W& w, const store::Node* node, const char* property) { Prop(w, property, node, property); }

// The answer's notes and timings, after its own fields.
void Meta(W& w, const std::vector<std::string>& notes, size_t undated_left_out, const engine::Timings& t) {
  w.Field("notes", notes).Field("undated_left_out", undated_left_out);
  w.Key("timings").Object();
  w.Field("base_ms", t.base_ms).Field("view_ms", t.view_ms).Field("compute_ms", t.compute_ms);
  w.Field("from_cache", t.from_cache)
      .Field("from_image", t.from_image)
      .Field("commits_applied", t.commits_applied)
      .Field("neighbourhood_only", t.neighbourhood_only)
      .Field("store_only", t.store_only);
  w.Field("vertices", t.vertices).Field("ties", t.ties);
  w.End();
}
void Meta(W& w, const Answer& r) { Meta(w, r.notes, r.undated_left_out, r.timings); }

// Opens an answer's object with the vertex it is about, as `key`.
void OpenWith(W& w, const char* key, const Answer& r, Vertex v);

// Closes an answer's object with its notes and timings; the text.
std::string Finish(W& w, const Answer& r) {
  Meta(w, r);
  w.End();
  return w.Take();
}
// The same after closing the answer's last list.
std::string FinishList(W& w, const Answer& r) {
  w.End();
  return Finish(w, r);
}

void VertexFields(W& w, const projection::VertexData& vd, const store::Node* node) {
  w.Field("id", vd.ext_id).Field("label", vd.label).Field("name", vd.DisplayName());
  Prop(w, node, "name_zh");
  Prop(w, node, "name_en");
  w.TextOrNull("country", vd.country).TextOrNull("city", vd.city).TextOrNull("kind", vd.kind);
  Date(w, "date", vd.date);
  Date(w, "end", vd.end_date);
  Prop(w, node, "status");
  Prop(w, node, "secondary");
}

void VertexValue(W& w, const Answer& r, Vertex v) {
  if (v == projection::kNoVertex) {
    w.Null();
    return;
  }
  w.Object();
  VertexFields(w, r.vertex(v), r.node(v));
  w.End();
}
void VertexField(W& w, std::string_view key, const Answer& r, Vertex v) {
  w.Key(key);
  VertexValue(w, r, v);
}

void OpenWith(W& w, const char* key, const Answer& r, Vertex v) {
  w.Object();
  VertexField(w, key, r, v);
}

void VertexList(W& w, std::string_view key, const Answer& r, const std::vector<Vertex>& vs) {
  w.Key(key).Array();
  for (Vertex v : vs) VertexValue(w, r, v);
  w.End();
}

void Ids(W& w, const Answer& r, const std::vector<Vertex>& vs) {
  w.Array();
  for (Vertex v : vs) w.Value(r.vertex(v).ext_id);
  w.End();
}

void TieValue(W& w, const Answer& r, TieIndex t) {
  const auto& p = *r.graph;
  const auto& tie = p.tie(t);
  w.Object().Field("index", t).Field("from", p.vertex(tie.src).ext_id).Field("to", p.vertex(tie.dst).ext_id);
  if (const auto* via = p.Via(tie)) w.Field("via", via->ext_id);
  auto it = r.ties.find(t);
  if (it == r.ties.end()) {
    w.Field("type", p.TypeName(tie)).End();
    return;
  }
  const auto& f = it->second;
  w.Field("type", f.type).TextOrNull("kind", f.kind).TextOrNull("date", f.date).TextOrNull("end", f.end);
  w.Field("dated_by_hub", f.dated_by_hub).Field("status", f.provenance.status).Field("tier", f.provenance.tier);
  w.TextOrNull("date_tier", f.date_tier).Field("secondary_props", f.provenance.secondary_props);
  w.Field("sources", f.sources).End();
}
void TieField(W& w, std::string_view key, const Answer& r, TieIndex t) {
  w.Key(key);
  TieValue(w, r, t);
}
void TieList(W& w, std::string_view key, const Answer& r, const std::vector<TieIndex>& ties) {
  w.Key(key).Array();
  for (TieIndex t : ties) TieValue(w, r, t);
  w.End();
}

// A path's fields: length, vertices, hops (the object stays open).
void PathFields(W& w, const Answer& r, const algo::Path& path) {
  w.Field("length", path.length);
  VertexList(w, "vertices", r, path.vertices);
  w.Key("hops").Array();
  for (const auto& hop : path.hops) {
    w.Object().Field("from", r.vertex(hop.from).ext_id).Field("to", r.vertex(hop.to).ext_id);
    w.Field("forward", hop.forward);
    TieField(w, "tie", r, hop.tie);
    w.End();
  }
  w.End();
}

void Provenance(W& w, const engine::Provenance& p) {
  w.Field("status", p.status).Field("tier", p.tier).Field("secondary_props", p.secondary_props);
}

// A stored node's fields (the object stays open).
void NodeFields(W& w, const store::Node& node) {
  static const store::Json kNone = store::Json::object();
  const store::Json& props = node.props.is_object() ? node.props : kNone;
  auto list = [&](const char* key) {
    w.Key(key);
    auto it = props.find(key);
    if (it == props.end()) {
      w.Array().End();
    } else {
      w.Value(*it);
    }
  };
  w.Field("id", node.ext_id).Field("label", node.label);
  Prop(w, &node, "name_zh");
  Prop(w, &node, "name_en");
  list("aliases");
  Prop(w, &node, "country");
  Prop(w, &node, "status");
  w.Key("tier").Object();
  auto secondary = props.find("secondary");
  w.Field("secondary", secondary == props.end() ? false : secondary->get<bool>());
  list("secondary_props");
  w.End();
  list("sources");
  w.Key("properties").Object();
  for (auto it = props.begin(); it != props.end(); ++it) {
    const auto& key = it.key();
    if (key == "sources" || key == "name_zh" || key == "name_en" || key == "aliases") continue;
    w.Key(key).Value(it.value());
  }
  w.End();
}

}  // namespace

void WriteCandidates(JsonWriter& w, const std::vector<engine::Candidate>& candidates) {
  static const char* kMatch[] = {"id", "exact_name", "prefix", "fuzzy"};
  w.Array();
  for (const auto& c : candidates) {
    w.Object().Field("id", c.node.ext_id).Field("label", c.node.label);
    w.TextOrNull("name_zh", c.name_zh).TextOrNull("name_en", c.name_en).TextOrNull("country", c.country);
    w.Field("match", kMatch[static_cast<int>(c.match)]).Field("exact", c.exact());
    w.Key("offices").Array();
    for (const auto& o : c.offices) w.Value(o.Describe());
    w.End();
    w.Field("description", c.Describe()).End();
  }
  w.End();
}

std::string NodeResultJson(const engine::NodeResult& result) {
  W w;
  w.Object();
  NodeFields(w, result.node);
  w.Key("offices").Array();
  for (const auto& o : result.offices) {
    w.Object().Field("title", o.title).Field("title_zh", o.title_zh).Field("office", o.office_id);
    w.Field("office_name", o.office_name).TextOrNull("as_of", o.as_of).End();
  }
  w.End().End();
  return w.Take();
}

std::string ListJson(const engine::ListResult& result) {
  W w;
  w.Object().Field("properties", result.properties).Key("nodes").Array();
  for (const auto& n : result.nodes) {
    w.Object();
    NodeFields(w, n);
    w.End();
  }
  w.End().End();
  return w.Take();
}

std::string TiesJson(const engine::TiesResult& r) {
  W w;
  OpenWith(w, "center", r, r.center);
  w.Key("rows").Array();
  for (const auto& t : r.rows) {
    w.Object().Field("group", t.group);
    VertexField(w, "other", r, t.other);
    w.Field("outgoing", t.outgoing).TextOrNull("kind", t.kind).TextOrNull("date", t.date);
    w.TextOrNull("until", t.until);
    VertexList(w, "co_parties", r, t.co_parties);
    w.Field("sources", t.sources);
    TieField(w, "tie", r, t.tie);
    w.End();
  }
  return FinishList(w, r);
}

std::string NeighborsJson(const engine::NeighborsResult& r) {
  W w;
  OpenWith(w, "center", r, r.center);
  w.Key("reached").Array();
  for (const auto& x : r.reached) {
    w.Object().Field("depth", x.depth);
    VertexField(w, "vertex", r, x.vertex);
    w.Key("via");
    if (x.parent == projection::kNoVertex) {
      w.Null();
    } else {
      w.Value(r.vertex(x.parent).ext_id);
    }
    w.Key("tie");
    if (auto tie = r.TieToParent(x)) {
      TieValue(w, r, *tie);
    } else {
      w.Null();
    }
    w.End();
  }
  w.End();
  TieList(w, "ties", r, r.ties_among);
  return Finish(w, r);
}

std::string ReachJson(const engine::ReachResult& r) {
  W w;
  w.Object().Key("reached").Array();
  for (const auto& x : r.reached) w.Object().Field("depth", x.depth).Field("id", x.id).Field("label", x.label).End();
  w.End();
  Meta(w, r.notes, r.undated_left_out, r.timings);
  w.End();
  return w.Take();
}

std::string PathJson(const engine::PathResult& r) {
  W w;
  OpenWith(w, "from", r, r.from);
  VertexField(w, "to", r, r.to);
  w.Field("weighted", r.weighted).Field("truncated", r.truncated).Key("paths").Array();
  for (const auto& path : r.paths) {
    w.Object();
    PathFields(w, r, path);
    w.End();
  }
  return FinishList(w, r);
}

std::string SchoolPathJson(const engine::SchoolPathResult& r) {
  W w;
  OpenWith(w, "school", r, r.school);
  VertexField(w, "target", r, r.target);
  w.Key("routes").Array();
  for (const auto& route : r.routes) {
    w.Object();
    PathFields(w, r, route.path);
    w.Field("kind", route.kind).Field("explanation", route.explanation).End();
  }
  return FinishList(w, r);
}

std::string PairingJson(const engine::PairingResult& r) {
  W w;
  OpenWith(w, "school", r, r.school);
  w.Key("candidates").Array();
  for (const auto& c : r.candidates) {
    w.Object();
    VertexField(w, "school", r, c.school);
    w.Field("score", std::round(c.score * 1e6) / 1e6).Field("precedents", c.precedents).Key("shared");
    Ids(w, r, c.shared);
    w.End();
  }
  return FinishList(w, r);
}

std::string CommonJson(const engine::CommonResult& r) {
  W w;
  OpenWith(w, "a", r, r.a);
  VertexField(w, "b", r, r.b);
  w.Key("common").Array();
  for (const auto& c : r.common) {
    w.Object();
    VertexField(w, "vertex", r, c.vertex);
    TieList(w, "ties_a", r, c.ties_a);
    TieList(w, "ties_b", r, c.ties_b);
    w.End();
  }
  return FinishList(w, r);
}

std::string RankingJson(const engine::RankingResult& r) {
  W w;
  w.Object().Field("integral", r.integral).Key("rows").Array();
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    w.Object().Field("rank", i + 1);
    VertexField(w, "vertex", r, row.vertex);
    w.Key("value");
    if (r.integral) {
      w.Value(static_cast<uint64_t>(row.value));
    } else {
      w.Value(row.value);
    }
    w.End();
  }
  w.End();
  if (r.convergence) w.Field("iterations", r.convergence->iterations).Field("converged", r.convergence->converged);
  return Finish(w, r);
}

std::string BrokersJson(const engine::BrokersResult& r) {
  W w;
  w.Object().Key("articulation_points").Array();
  for (const auto& a : r.brokers.articulation_points) {
    w.Object();
    VertexField(w, "vertex", r, a.vertex);
    w.Field("pieces", a.pieces).Field("cut_off", a.cut_off).Field("component_size", a.component_size).End();
  }
  w.End().Key("bridges").Array();
  for (const auto& b : r.brokers.bridges) {
    w.Object();
    VertexField(w, "a", r, b.a);
    VertexField(w, "b", r, b.b);
    TieField(w, "tie", r, b.tie);
    w.Field("cut_off", b.cut_off).Field("component_size", b.component_size).End();
  }
  return FinishList(w, r);
}

std::string PartitionJson(const engine::PartitionResult& r) {
  W w;
  w.Object().Key("groups").Array();
  for (const auto& g : r.partition.groups) Ids(w, r, g);
  return FinishList(w, r);
}

std::string TimelineJson(const engine::TimelineResult& r) {
  W w;
  OpenWith(w, "center", r, r.center);
  w.Key("rows").Array();
  for (const auto& row : r.rows) {
    const auto& e = row.event;
    w.Object();
    Date(w, "date", e.date);
    w.Field("event", e.what);
    VertexField(w, "other", r, e.other);
    w.TextOrNull("kind", row.kind).Field("sources", row.sources);
    TieField(w, "tie", r, e.tie);
    w.End();
  }
  return FinishList(w, r);
}

std::string PartnersJson(const engine::PartnersResult& r) {
  W w;
  OpenWith(w, "center", r, r.center);
  w.Key("rows").Array();
  for (const auto& row : r.rows) {
    w.Object();
    VertexField(w, "partner", r, row.partner);
    w.Field("kinds", row.kinds);
    Date(w, "since", row.since);
    w.Field("status", row.status).Field("tier", row.tier);
    Date(w, "last_contact", row.last_contact);
    VertexField(w, "last_what", r, row.last_what);
    w.Field("shared_visits", row.shared_visits).Field("sources", row.sources).Key("ties").Array();
    for (const auto& t : row.ties) {
      w.Object();
      Provenance(w, t.provenance);
      w.Field("kind", t.kind);
      VertexField(w, "via", r, t.via);
      Date(w, "date", t.date);
      w.Field("sources", t.sources).End();
    }
    w.End().End();
  }
  w.End().Key("summary").Array();
  for (const auto& c : r.summary) {
    w.Object().Field("kind", c.kind).Field("status", c.status).Field("tier", c.tier);
    w.Field("partners", c.partners).End();
  }
  return FinishList(w, r);
}

std::string AgreementsJson(const engine::AgreementsResult& r) {
  W w;
  w.Object().Key("rows").Array();
  for (const auto& row : r.rows) {
    w.Object();
    Provenance(w, row.provenance);
    VertexField(w, "agreement", r, row.agreement);
    w.Field("kind", row.kind);
    Date(w, "date", row.date);
    VertexList(w, "parties", r, row.parties);
    w.Field("sources", row.sources).End();
  }
  return FinishList(w, r);
}

std::string ActivityJson(const engine::ActivityResult& r) {
  W w;
  OpenWith(w, "center", r, r.center);
  w.Key("rows").Array();
  for (const auto& row : r.rows) {
    w.Object();
    VertexField(w, "partner", r, row.partner);
    w.Field("visits", row.visits).Field("agreements", row.agreements);
    Date(w, "last", row.last);
    w.End();
  }
  return FinishList(w, r);
}

std::string GrowthJson(const engine::GrowthResult& r) {
  W w;
  w.Object().Key("years").Array();
  for (size_t i = 0; i < r.years.size(); ++i) {
    const auto& y = r.years[i];
    auto count = [&](const char* key, size_t n) {
      w.Key(key);
      if (auto c = r.Count(i, n)) {
        w.Value(*c);
      } else {
        w.Null();
      }
    };
    w.Object().Key("year");
    if (y.year) {
      w.Value(y.year);
    } else {
      w.Value("undated");
    }
    count("agreements", y.agreements);
    count("pairings", y.pairings);
    count("visits", y.visits);
    count("other_ties", y.other_ties);
    w.Key("agreements_in_force");
    if (y.year) {
      w.Value(y.agreements_in_force);
    } else {
      w.Null();
    }
    if (r.HasCoverage()) {
      w.Key("covered");
      if (r.covered[i]) {
        w.Value(*r.covered[i] ? "yes" : "no");
      } else {
        w.Null();
      }
    }
    w.End();
  }
  return FinishList(w, r);
}

std::string DormantJson(const engine::DormantResult& r) {
  W w;
  w.Object().Key("pairs").Array();
  for (const auto& d : r.pairs) {
    w.Object();
    VertexField(w, "a", r, d.a);
    VertexField(w, "b", r, d.b);
    w.Field("ties", d.ties);
    Date(w, "tied_since", d.tied_since);
    Date(w, "last_activity", d.last_activity);
    w.TextOrNull("last_what", d.last_what).End();
  }
  return FinishList(w, r);
}

std::string StatsJson(const engine::StatsResult& r) {
  W w;
  auto counts = [&](const char* key, const std::map<std::string, uint64_t>& by_name) {
    w.Key(key).Object();
    for (const auto& [name, n] : by_name) w.Field(name, n);
    w.End();
  };
  w.Object();
  counts("labels", r.counts.labels);
  counts("edge_types", r.counts.edge_types);
  w.Field("nodes", r.nodes).Field("edges", r.edges).End();
  return w.Take();
}

std::string GraphJson(const engine::ProjectionResult& r, const std::string& home) {
  const auto& p = *r.graph;
  W w;
  w.Object().Key("nodes").Array();
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    const auto* node = r.node(v);
    w.Object();
    VertexFields(w, p.vertex(v), node);
    Prop(w, node, "lat");
    Prop(w, node, "lon");
    Prop(w, node, "secondary_props");
    w.End();
  }
  w.End().Key("edges").Array();
  for (TieIndex t = 0; t < p.num_ties(); ++t) {
    const auto& tie = p.tie(t);
    // The agreement or event a tie stands for: its expanded agreement, else a hub at either end.
    const auto* via = p.Via(tie);
    const auto* hub = via                                         ? via
                      : p.domain().IsHub(p.vertex(tie.dst).label) ? &p.vertex(tie.dst)
                      : p.domain().IsHub(p.vertex(tie.src).label) ? &p.vertex(tie.src)
                                                                  : nullptr;
    w.Object().Field("index", t).Field("from", p.vertex(tie.src).ext_id).Field("to", p.vertex(tie.dst).ext_id);
    w.Field("type", p.TypeName(tie));
    Date(w, "since", tie.since);
    Date(w, "until", tie.until);
    w.Key("via");
    via ? w.Value(via->ext_id) : w.Null();
    w.Key("hub");
    hub ? w.Value(hub->ext_id) : w.Null();
    if (hub) {
      w.TextOrNull("kind", hub->kind);
      Prop(w, "status", r.node(hub->ext_id), "status");
    } else {
      w.Key("kind").Null().Key("status").Null();
    }
    w.End();
  }
  w.End();
  Meta(w, r);
  w.Key("home");
  home.empty() ? w.Null() : w.Value(home);
  w.End();
  return w.Take();
}

}  // namespace cityties::server
