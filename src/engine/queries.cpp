// The relationship queries: get, ties, neighbors, path, school-path, pairing-suggest, common,
// timeline, growth, dormant, and the agreement network the maps draw.
#include <algorithm>
#include <map>
#include <set>

#include "engine/session.h"
#include "query/node_query.h"

namespace cityties::engine {

using internal::Graph;
using internal::Session;
using internal::Timed;
using projection::Projection;

namespace {

// Point queries look this many stored edges around their nodes: their ties, and an agreement's
// or an event's other parties.
constexpr int kPointHops = 2;
// A neighbourhood this many stored edges deep is most of the graph: the cached whole projection
// serves it faster than prefix scans.
constexpr size_t kMaxScanHops = 4;

Status CheckCount(const char* name, size_t value, size_t low, size_t high) {
  return internal::CheckRange(name, static_cast<double>(value), static_cast<double>(low), static_cast<double>(high));
}

std::string DateText(const std::optional<PartialDate>& d) { return d ? d->ToString() : ""; }

}  // namespace

Result<NodeResult> ReadSession::Get(const NodeRequest& request) const {
  if (request.node.empty()) return Status::InvalidParameter("node", "is missing");
  auto node = query::ResolveNode(db_.store(), request.node);
  if (!node.ok()) return node.status();
  return NodeResult{std::move(*node)};
}

Result<TiesResult> ReadSession::Ties(const TiesRequest& request) const {
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  auto g = s.Around(*filter, {request.node}, kPointHops);
  if (!g.ok()) return g.status();
  TiesResult r;
  s.Start(&r, *g);
  auto v = s.Resolve(*g, "node", request.node);
  if (!v.ok()) return v.status();
  r.center = *v;
  const Projection& p = **g;
  CT_RETURN_IF_ERROR(s.NameVertex(&r, r.center));
  for (const auto& t : algo::DirectTies(p, r.center)) {
    CT_RETURN_IF_ERROR(s.ExplainTie(&r, t.tie));
    CT_RETURN_IF_ERROR(s.NameVertex(&r, t.other));
    const auto& other = p.vertex(t.other);
    const TieFacts& facts = r.tie(t.tie);
    TieRow row{t.group, t.tie, t.other, t.outgoing, other.kind, facts.date, facts.end, t.co_parties, facts.sources};
    // A tie to an agreement or an event is the agreement or the event: dated by it. Seen from
    // the hub, a party's tie is dated only by its own dates.
    if (facts.dated_by_hub) row.date = row.until = "";
    if (p.domain().IsHub(other.label)) {
      row.date = DateText(other.date);
      row.until = DateText(other.end_date);
    }
    if (const auto* via = p.Via(p.tie(t.tie))) row.kind = via->kind;
    for (Vertex c : t.co_parties) CT_RETURN_IF_ERROR(s.NameVertex(&r, c));
    r.rows.push_back(std::move(row));
  }
  return r;
}

std::optional<TieIndex> NeighborsResult::TieToParent(const algo::Reached& r) const {
  if (r.parent == projection::kNoVertex) return std::nullopt;
  return graph->TieBetween(r.parent, r.vertex);
}

Result<NeighborsResult> ReadSession::Neighbors(const NeighborsRequest& request) const {
  CT_RETURN_IF_ERROR(CheckCount("depth", request.depth, 1, kMaxDepth));
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  // K projected hops are K stored edges, or 2K when agreements are expanded into ties.
  size_t hops = request.depth * (request.scope.expand_agreements ? 2 : 1);
  auto g = hops <= kMaxScanHops ? s.Around(*filter, {request.node}, static_cast<int>(hops)) : s.Whole(*filter);
  if (!g.ok()) return g.status();
  NeighborsResult r;
  s.Start(&r, *g);
  auto v = s.Resolve(*g, "node", request.node);
  if (!v.ok()) return v.status();
  r.center = *v;
  r.reached = Timed(&r, [&] { return algo::Neighborhood(**g, r.center, request.depth); });
  if (request.max_vertices && r.reached.size() > request.max_vertices) {
    return Status::InvalidParameter("max_vertices",
                                    "the neighbourhood of " + (*g)->vertex(r.center).ext_id + " at depth " +
                                        std::to_string(request.depth) + " has " + std::to_string(r.reached.size()) +
                                        " nodes, more than " + std::to_string(request.max_vertices) +
                                        " (too many to read); lower the depth, narrow the scope, or raise the limit");
  }
  std::set<Vertex> in;
  for (const auto& reached : r.reached) in.insert(reached.vertex);
  std::set<TieIndex> seen;
  for (const auto& reached : r.reached) {
    CT_RETURN_IF_ERROR(s.NameVertex(&r, reached.vertex));
    for (const auto& inc : (*g)->Incident(reached.vertex)) {
      if (in.count(inc.other) && seen.insert(inc.tie).second) r.ties_among.push_back(inc.tie);
    }
  }
  std::sort(r.ties_among.begin(), r.ties_among.end());
  for (TieIndex t : r.ties_among) CT_RETURN_IF_ERROR(s.ExplainTie(&r, t));
  return r;
}

Result<PathResult> ReadSession::Path(const PathRequest& request) const {
  using Mode = PathRequest::Mode;
  if (request.mode == Mode::kKShortest) CT_RETURN_IF_ERROR(CheckCount("k", request.k, 1, kMaxPaths));
  if (request.mode == Mode::kAll) {
    CT_RETURN_IF_ERROR(CheckCount("max_hops", request.max_hops, 1, kMaxHops));
    CT_RETURN_IF_ERROR(CheckCount("limit", request.limit, 1, kMaxAllPaths));
  }
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  auto g = s.Whole(*filter);
  if (!g.ok()) return g.status();
  PathResult r;
  s.Start(&r, *g);
  auto a = s.Resolve(*g, "from", request.from);
  if (!a.ok()) return a.status();
  auto b = s.Resolve(*g, "to", request.to);
  if (!b.ok()) return b.status();
  r.from = *a;
  r.to = *b;
  r.weighted = request.weighted;
  const Projection& p = **g;
  algo::PathOptions options;
  options.weighted = request.weighted;
  Status status = Timed(&r, [&]() -> Status {
    switch (request.mode) {
      case Mode::kAll:
        r.paths = algo::AllSimplePaths(p, r.from, r.to, request.max_hops, request.limit, &r.truncated, options);
        return Status::Ok();
      case Mode::kKShortest:
        r.paths = algo::KShortestPaths(p, r.from, r.to, request.k, options);
        return Status::Ok();
      case Mode::kShortest: {
        auto one = algo::ShortestPath(p, r.from, r.to, options);
        if (!one.ok()) return one.status();
        r.paths.push_back(std::move(*one));
        return Status::Ok();
      }
    }
    return Status::Internal("unknown path mode");
  });
  CT_RETURN_IF_ERROR(status);
  if (r.paths.empty()) {
    return Status::NotFound(
        "no path from " + p.vertex(r.from).ext_id + " to " + p.vertex(r.to).ext_id +
        (request.mode == Mode::kAll ? " within " + std::to_string(request.max_hops) + " hops" : ""));
  }
  if (r.truncated) r.notes.push_back("more paths exist: raise the limit or lower the maximum number of hops");
  for (const auto& path : r.paths) CT_RETURN_IF_ERROR(s.ExplainPath(&r, path));
  return r;
}

Result<SchoolPathResult> ReadSession::SchoolPath(const SchoolPathRequest& request) const {
  CT_RETURN_IF_ERROR(CheckCount("other_paths", request.other_paths, 0, kMaxPaths));
  CT_RETURN_IF_ERROR(CheckCount("limit", request.limit, 1, kMaxPaths));
  if (request.to.empty()) return Status::InvalidParameter("to", "is missing: name the city or school to reach");
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  // Routes go through the schools' cities: location ties are part of the graph.
  auto g = s.Whole(algo::SchoolPathFilter(std::move(*filter), db_.domain()));
  if (!g.ok()) return g.status();
  SchoolPathResult r;
  s.Start(&r, *g);
  auto school = s.Resolve(*g, "school", request.school);
  if (!school.ok()) return school.status();
  auto target = s.Resolve(*g, "to", request.to);
  if (!target.ok()) return target.status();
  r.school = *school;
  r.target = *target;
  algo::SchoolPathOptions options;
  options.other_paths = request.other_paths;
  options.limit = request.limit;
  auto routes = Timed(&r, [&] { return algo::SchoolPaths(**g, r.school, r.target, options); });
  if (!routes.ok()) return routes.status();
  if (routes->empty()) {
    return Status::NotFound("no route from " + (*g)->vertex(r.school).ext_id + " to " + (*g)->vertex(r.target).ext_id +
                            " in the graph as filtered");
  }
  r.routes = std::move(*routes);
  for (const auto& route : r.routes) CT_RETURN_IF_ERROR(s.ExplainPath(&r, route.path));
  return r;
}

Result<PairingResult> ReadSession::SuggestPairings(const PairingRequest& request) const {
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  auto g = s.Whole(*filter);
  if (!g.ok()) return g.status();
  PairingResult r;
  s.Start(&r, *g);
  auto school = s.Resolve(*g, "school", request.school);
  if (!school.ok()) return school.status();
  auto city = s.ResolveOptional(*g, "city", request.city);
  if (!city.ok()) return city.status();
  r.school = *school;
  size_t top = request.top ? request.top : SIZE_MAX;
  auto candidates = Timed(&r, [&] { return algo::SuggestPairings(**g, r.school, *city, top); });
  if (!candidates.ok()) return candidates.status();
  r.candidates = std::move(*candidates);
  CT_RETURN_IF_ERROR(s.NameVertex(&r, r.school));
  for (const auto& c : r.candidates) CT_RETURN_IF_ERROR(s.NameVertex(&r, c.school));
  return r;
}

Result<CommonResult> ReadSession::Common(const CommonRequest& request) const {
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  auto g = s.Around(*filter, {request.a, request.b}, kPointHops);
  if (!g.ok()) return g.status();
  CommonResult r;
  s.Start(&r, *g);
  auto a = s.Resolve(*g, "a", request.a);
  if (!a.ok()) return a.status();
  auto b = s.Resolve(*g, "b", request.b);
  if (!b.ok()) return b.status();
  r.a = *a;
  r.b = *b;
  r.common = Timed(&r, [&] { return algo::CommonNeighbors(**g, r.a, r.b); });
  for (const auto& c : r.common) CT_RETURN_IF_ERROR(s.NameVertex(&r, c.vertex));
  return r;
}

Result<TimelineResult> ReadSession::Timeline(const TimelineRequest& request) const {
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  auto g = s.Around(*filter, {request.node}, kPointHops);
  if (!g.ok()) return g.status();
  TimelineResult r;
  s.Start(&r, *g);
  auto v = s.Resolve(*g, "node", request.node);
  if (!v.ok()) return v.status();
  r.center = *v;
  const Projection& p = **g;
  for (const auto& e : algo::Timeline(p, r.center)) {
    CT_RETURN_IF_ERROR(s.ExplainTie(&r, e.tie));
    CT_RETURN_IF_ERROR(s.NameVertex(&r, e.other));
    const auto& other = p.vertex(e.other);
    TimelineResult::Row row{e, other.kind, r.tie(e.tie).sources};
    if (const auto* via = p.Via(p.tie(e.tie))) row.kind = via->kind;
    // An agreement or an event is the event: its own provenance says when it happened.
    if (p.domain().IsHub(other.label)) {
      auto own = s.NodeSources(r, e.other);
      const auto* node = r.node(e.other);
      if (node && node->props.contains("sources")) row.sources = std::move(own);
    }
    r.rows.push_back(std::move(row));
  }
  return r;
}

Result<GrowthResult> ReadSession::Growth(const GrowthRequest& request) const {
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  auto g = s.Whole(*filter);
  if (!g.ok()) return g.status();
  GrowthResult r;
  s.Start(&r, *g);
  r.years = Timed(&r, [&] { return algo::Growth(**g); });
  return r;
}

Result<DormantResult> ReadSession::Dormant(const DormantRequest& request) const {
  if (request.since.empty())
    return Status::InvalidParameter("since", "missing: the date since which a pair has had no shared activity");
  auto since = internal::DateParameter("since", request.since);
  if (!since.ok()) return since.status();
  if (!request.scope.as_of.empty()) {
    return Status::InvalidParameter("as_of", "does not apply to dormant ties; use until to end the window");
  }
  // `since` is the dormancy threshold, not a window start: activity before it must be seen.
  Scope scope = request.scope;
  scope.since.clear();
  Session s(*this);
  auto filter = internal::FilterOf(scope);
  if (!filter.ok()) return filter.status();
  auto g = s.Whole(*filter);
  if (!g.ok()) return g.status();
  DormantResult r;
  s.Start(&r, *g);
  auto only = s.ResolveOptional(*g, "node", request.node);
  if (!only.ok()) return only.status();
  r.pairs = Timed(&r, [&] { return algo::Dormant(**g, **since, *only); });
  for (const auto& pair : r.pairs) {
    CT_RETURN_IF_ERROR(s.NameVertex(&r, pair.a));
    CT_RETURN_IF_ERROR(s.NameVertex(&r, pair.b));
  }
  return r;
}

bool NetworkResult::OnCenterSide(Vertex v) const {
  return v == center || graph->vertex(v).city == graph->vertex(center).ext_id;
}

namespace {

// NetworkRequest::top_partners: ranks the partners by ties, then latest date, then id, and
// drops the rest from the agreements and pairings, counting them by country.
void KeepTopPartners(const Projection& p, size_t top, NetworkResult* r) {
  struct Strength {
    size_t ties = 0;
    std::optional<PartialDate> latest;
  };
  std::map<Vertex, Strength> strength;
  auto count = [&](Vertex partner, const std::optional<PartialDate>& date) {
    auto& s = strength[partner];
    ++s.ties;
    if (date && (!s.latest || *s.latest < *date)) s.latest = date;
  };
  for (const auto& a : r->agreements) {
    for (Vertex o : a.others) count(o, p.vertex(a.agreement).date);
  }
  for (const auto& pairing : r->pairings) count(pairing.other, p.tie(pairing.tie).since);
  std::vector<Vertex> ranked;
  for (const auto& [v, s] : strength) ranked.push_back(v);
  std::sort(ranked.begin(), ranked.end(), [&](Vertex x, Vertex y) {
    const auto &sx = strength[x], &sy = strength[y];
    if (sx.ties != sy.ties) return sx.ties > sy.ties;
    if (sx.latest != sy.latest) return sx.latest > sy.latest;
    return p.vertex(x).ext_id < p.vertex(y).ext_id;
  });
  std::set<Vertex> kept(ranked.begin(), ranked.begin() + std::min(top, ranked.size()));
  for (size_t i = kept.size(); i < ranked.size(); ++i) ++r->rest[p.vertex(ranked[i]).country];
  auto dropped = [&](Vertex v) { return !kept.count(v); };
  std::erase_if(r->agreements, [&](NetworkAgreement& a) {
    bool had_partners = !a.others.empty();
    std::erase_if(a.others, dropped);
    return had_partners && a.others.empty();
  });
  std::erase_if(r->pairings, [&](const NetworkPairing& pairing) { return dropped(pairing.other); });
}

}  // namespace

Result<NetworkResult> ReadSession::AgreementNetwork(const NetworkRequest& request) const {
  Session s(*this);
  Scope scope = request.scope;
  scope.expand_agreements = false;  // agreements are the answer here: they stay hubs
  auto filter = internal::FilterOf(scope);
  if (!filter.ok()) return filter.status();
  auto g = s.Whole(*filter);
  if (!g.ok()) return g.status();
  NetworkResult r;
  s.Start(&r, *g);
  const std::string& center = request.center.empty() ? db_.domain().home : request.center;
  if (center.empty()) return Status::InvalidParameter("center", "is missing and the schema declares no home node");
  auto c = s.Resolve(*g, "center", center);
  if (!c.ok()) return c.status();
  r.center = *c;
  r.min_parties = request.min_parties;
  const Projection& p = **g;
  const auto& domain = p.domain();
  CT_RETURN_IF_ERROR(s.NameVertex(&r, r.center));
  std::set<std::pair<Vertex, Vertex>> agreed;  // pairs of parties joined by an agreement kept
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    if (!domain.IsAgreement(p.vertex(v).label)) continue;
    NetworkAgreement a;
    a.agreement = v;
    std::set<Vertex> parties;
    for (const auto& inc : p.Incident(v)) {
      if (!inc.outgoing && domain.IsPartyType(p.TypeName(p.tie(inc.tie)))) parties.insert(inc.other);
    }
    a.schools_only = !parties.empty();
    for (Vertex party : parties) {
      (r.OnCenterSide(party) ? a.home : a.others).push_back(party);
      a.schools_only = a.schools_only && domain.IsSchool(p.vertex(party).label);
    }
    if (request.only_center && a.home.empty()) continue;
    if (parties.size() < request.min_parties) continue;
    for (Vertex x : parties) {
      for (Vertex y : parties) {
        if (x < y) agreed.insert({x, y});
      }
    }
    CT_RETURN_IF_ERROR(s.NameVertex(&r, v));
    for (Vertex party : parties) CT_RETURN_IF_ERROR(s.NameVertex(&r, party));
    r.agreements.push_back(std::move(a));
  }
  // Pairings recorded only as a direct tie (no agreement node), between the center's side and
  // another place.
  for (TieIndex i = 0; i < p.num_ties(); ++i) {
    const auto& tie = p.tie(i);
    if (!domain.IsPairing(p.TypeName(tie))) continue;
    bool src_home = r.OnCenterSide(tie.src), dst_home = r.OnCenterSide(tie.dst);
    if (src_home == dst_home || agreed.count(std::minmax(tie.src, tie.dst))) continue;
    agreed.insert(std::minmax(tie.src, tie.dst));
    NetworkPairing pairing{i, src_home ? tie.src : tie.dst, src_home ? tie.dst : tie.src};
    CT_RETURN_IF_ERROR(s.NameVertex(&r, pairing.home));
    CT_RETURN_IF_ERROR(s.NameVertex(&r, pairing.other));
    CT_RETURN_IF_ERROR(s.ExplainTie(&r, i));
    r.pairings.push_back(pairing);
  }
  if (request.top_partners) KeepTopPartners(p, request.top_partners, &r);
  return r;
}

}  // namespace cityties::engine
