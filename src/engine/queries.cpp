// The relationship queries: get, ties, neighbors, path, school-path, pairing-suggest, common,
// timeline, growth, dormant, and the agreement network the maps draw.
#include <algorithm>
#include <map>
#include <set>

#include "engine/session.h"
#include "import/coverage.h"
#include "projection/cache.h"
#include "query/node_query.h"
#include "store/format.h"

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

// InvalidParameter "max_vertices" for a neighbourhood larger than `max` (0: no limit).
Status CheckNeighbourhoodSize(const std::string& center, size_t depth, size_t reached, size_t max) {
  if (!max || reached <= max) return Status::Ok();
  return Status::InvalidParameter("max_vertices", "the neighbourhood of " + center + " at depth " +
                                                      std::to_string(depth) + " has " + std::to_string(reached) +
                                                      " nodes, more than " + std::to_string(max) +
                                                      " (too many to read); lower the depth, narrow the scope, "
                                                      "or raise the limit");
}

Status CheckCount(const char* name, size_t value, size_t low, size_t high) {
  return internal::CheckRange(name, static_cast<double>(value), static_cast<double>(low), static_cast<double>(high));
}

std::string DateText(const std::optional<PartialDate>& d) { return d ? d->ToString() : ""; }

}  // namespace

namespace {

// The offices of a named vertex that is an official (query::OfficesHeld), described.
Result<std::vector<std::string>> OfficesOf(const store::GraphStore& store, const Answer& r, Vertex v) {
  std::vector<std::string> out;
  const auto* node = r.node(v);
  if (!node || !r.graph->domain().IsOfficial(node->label)) return out;
  auto offices = query::OfficesHeld(store, *node);
  if (!offices.ok()) return offices.status();
  for (const auto& office : *offices) out.push_back(office.Describe());
  return out;
}

}  // namespace

Result<TiesResult> ReadSession::Ties(const TiesRequest& request) const {
  Session s(*this);
  TiesResult r;
  auto g = s.OpenAround(request.scope, {request.node}, kPointHops, &r, internal::StatusFilter::kInRows);
  if (!g.ok()) return g.status();
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
    if (!internal::Keeps(request.scope, facts.provenance, !facts.date.empty(), &r)) continue;
    TieRow row{t.group,   t.tie,        t.other,       t.outgoing,       other.kind,      facts.date,
               facts.end, t.co_parties, facts.sources, facts.provenance, facts.date_tier, {}};
    // A tie to an agreement or an event is the agreement or the event: dated by it. Seen from
    // the hub, a party's tie is dated only by its own dates.
    if (facts.dated_by_hub) row.date = row.until = row.date_tier = "";
    if (p.domain().IsHub(other.label)) {
      row.date = DateText(other.date);
      row.until = DateText(other.end_date);
      row.date_tier = other.date ? facts.date_tier : "";
    }
    if (const auto* via = p.Via(p.tie(t.tie))) row.kind = via->kind;
    for (Vertex c : t.co_parties) CT_RETURN_IF_ERROR(s.NameVertex(&r, c));
    auto offices = OfficesOf(db_.store(), r, t.other);
    if (!offices.ok()) return offices.status();
    row.offices = std::move(*offices);
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
  // A listing without details reads only what it prints: the nodes by depth, each one's first
  // parent and the tie to it (projection::ScanReach).
  const bool reach_only = !request.details && projection::ReachFilter(*filter);
  auto g =
      hops <= kMaxScanHops ? s.Around(*filter, {request.node}, static_cast<int>(hops), reach_only) : s.Whole(*filter);
  if (!g.ok()) return g.status();
  NeighborsResult r;
  s.Start(&r, *g);
  auto v = s.Resolve(*g, "node", request.node);
  if (!v.ok()) return v.status();
  r.center = *v;
  r.reached = Timed(&r, [&] { return algo::Neighborhood(**g, r.center, request.depth); });
  CT_RETURN_IF_ERROR(
      CheckNeighbourhoodSize((*g)->vertex(r.center).ext_id, request.depth, r.reached.size(), request.max_vertices));
  if (!request.details) return r;
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

namespace {

ReachedNode ReachedOf(size_t depth, std::string id, const projection::ExtRank& rank, std::string label) {
  ReachedNode node{depth, std::move(id), std::nullopt, std::move(label)};
  if (rank.numeric) node.number = rank.value;
  return node;
}

// The name of a stored label code (Corruption when the schema has none).
Result<std::string> LabelName(const schema::Schema& schema, store::TypeCode code) {
  const auto* label = schema.LabelByCode(code);
  if (!label) return Status::Corruption("unknown label code " + std::to_string(code));
  return label->name;
}

// The listing of a NeighborsRequest's answer, as ids.
Result<ReachResult> ReachFromNeighbors(const ReadSession& session, const ReachRequest& request) {
  NeighborsRequest full{request.scope, request.node, request.depth, request.max_vertices};
  full.details = false;
  auto answer = session.Neighbors(full);
  if (!answer.ok()) return answer.status();
  ReachResult r;
  for (const auto& reached : answer->reached) {
    const auto& v = answer->vertex(reached.vertex);
    r.reached.push_back(ReachedOf(reached.depth, v.ext_id, projection::ExtRank(v.numeric, v.numeric_id), v.label));
  }
  r.notes = std::move(answer->notes);
  r.undated_left_out = answer->undated_left_out;
  r.timings = answer->timings;
  return r;
}

// The listing by breadth-first search over the image's symmetric arcs (the default view's ties):
// ring by ring, each in vertex order, as algo::Neighborhood lists the view.
Result<ReachResult> ReachOnImage(const Session& s, const projection::Image& image, const ReachRequest& request,
                                 Timings timings) {
  auto center = s.Resolve(image, "node", request.node);
  if (!center.ok()) return center.status();
  const auto start = internal::Clock::now();
  const auto& arcs = image.sym();
  std::vector<bool> reached(image.num_vertices(), false);
  std::vector<Vertex> ring{*center}, next;
  std::vector<std::pair<size_t, Vertex>> listed{{0, *center}};
  reached[*center] = true;
  for (size_t depth = 1; depth <= request.depth && !ring.empty(); ++depth) {
    next.clear();
    for (Vertex v : ring) {
      for (uint32_t i = arcs.offsets[v]; i < arcs.offsets[v + 1]; ++i) {
        if (!reached[arcs.ends[i]]) {
          reached[arcs.ends[i]] = true;
          next.push_back(arcs.ends[i]);
        }
      }
    }
    std::sort(next.begin(), next.end());
    for (Vertex v : next) listed.emplace_back(depth, v);
    ring.swap(next);
  }
  CT_RETURN_IF_ERROR(
      CheckNeighbourhoodSize(std::string(image.ExtId(*center)), request.depth, listed.size(), request.max_vertices));
  ReachResult r;
  r.reached.reserve(listed.size());
  for (const auto& [depth, v] : listed) {
    auto label = LabelName(s.store().schema(), image.Label(v));
    if (!label.ok()) return label.status();
    const auto number = image.NumericId(v);
    r.reached.push_back(ReachedOf(depth, std::string(image.ExtId(v)),
                                  projection::ExtRank(number.has_value(), number.value_or(0)), std::move(*label)));
  }
  r.timings = timings;
  r.timings.compute_ms = internal::MsSince(start);
  return r;
}

}  // namespace

Result<ReachResult> ReadSession::Reach(const ReachRequest& request) const {
  CT_RETURN_IF_ERROR(CheckCount("depth", request.depth, 1, kMaxDepth));
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  if (!projection::ReachFilter(*filter) || request.depth > kMaxScanHops) return ReachFromNeighbors(*this, request);
  // The default view's ties are the image's arcs: on a current (or cheaply updated) image of
  // moderate size, no key of the store is read but the center's.
  if (projection::IsDefaultFilter(*filter)) {
    Session s(*this);
    Timings timings;
    if (auto image = s.OpenImageForPointQuery(&timings)) return ReachOnImage(s, *image, request, timings);
  }
  const auto start = internal::Clock::now();
  const auto& store = db_.store();
  auto center = query::ResolveNode(store, request.node);
  if (!center.ok()) return center.status();
  auto heads = projection::ReachHeads(store, center->id, static_cast<int>(request.depth), *filter);
  if (!heads.ok()) return heads.status();
  // A center the scope leaves out: the projection's answer says why.
  if (heads->empty()) return ReachFromNeighbors(*this, request);
  CT_RETURN_IF_ERROR(CheckNeighbourhoodSize(heads->front().ext_id, request.depth, heads->size(), request.max_vertices));
  ReachResult r;
  r.reached.reserve(heads->size());
  for (auto& head : *heads) {
    auto label = LabelName(store.schema(), head.label);
    if (!label.ok()) return label.status();
    r.reached.push_back(ReachedOf(head.depth, std::move(head.ext_id), head.rank, std::move(*label)));
  }
  r.timings.store_only = true;
  r.timings.neighbourhood_only = true;
  r.timings.base_ms = internal::MsSince(start);
  r.timings.vertices = r.reached.size();
  return r;
}

namespace {

// The shortest path of the default view, found on its mapped image (projection/image.h) and
// explained on a projection of the path's own nodes (Session::Among): the whole graph is neither
// loaded nor projected. The same answer as on the default view's Projection, hop for hop: the
// image numbers vertices as the view does, and a projection of some of its nodes keeps every tie
// between them in the same order, so each pair's representative tie is the same.
Result<PathResult> ShortestPathOnImage(const Session& s, const projection::Image& image,
                                       const projection::Filter& filter, const PathRequest& request, PathResult r) {
  auto a = s.Resolve(image, "from", request.from);
  if (!a.ok()) return a.status();
  auto b = s.Resolve(image, "to", request.to);
  if (!b.ok()) return b.status();
  algo::PathOptions options;
  options.weighted = request.weighted;
  auto vertices = Timed(&r, [&] { return algo::ShortestPathVertices(image, *a, *b, options); });
  if (!vertices.ok()) return vertices.status();
  std::vector<std::string> ids;
  for (Vertex v : *vertices) ids.emplace_back(image.ExtId(v));
  auto g = s.Among(filter, ids);
  if (!g.ok()) return g.status();
  Timings timings = r.timings;
  s.Start(&r, *g);
  timings.view_ms = g->timings.base_ms + g->timings.view_ms;  // the path's own projection
  r.timings = timings;
  std::vector<Vertex> path;
  for (const auto& id : ids) {
    auto v = (*g)->FindExt(id);
    if (!v) return Status::Internal("the path's node " + id + " is not in its projection");
    path.push_back(*v);
  }
  r.from = path.front();
  r.to = path.back();
  r.paths.push_back(algo::PathThrough(**g, path, options));
  CT_RETURN_IF_ERROR(s.ExplainPath(&r, r.paths.back()));
  return r;
}

}  // namespace

Result<PathResult> ReadSession::Path(const PathRequest& request) const {
  using Mode = PathRequest::Mode;
  if (request.mode == Mode::kKShortest) CT_RETURN_IF_ERROR(CheckCount("k", request.k, 1, kMaxPaths));
  if (request.mode == Mode::kAll) {
    CT_RETURN_IF_ERROR(CheckCount("max_hops", request.max_hops, 1, kMaxHops));
    CT_RETURN_IF_ERROR(CheckCount("limit", request.limit, 1, kMaxAllPaths));
  }
  Session s(*this);
  PathResult r;
  r.weighted = request.weighted;
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  if (request.mode == Mode::kShortest && projection::IsDefaultFilter(*filter)) {
    if (auto image = s.OpenImage(&r.timings)) return ShortestPathOnImage(s, *image, *filter, request, std::move(r));
  }
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  s.SaveImage(*g);
  auto a = s.Resolve(*g, "from", request.from);
  if (!a.ok()) return a.status();
  auto b = s.Resolve(*g, "to", request.to);
  if (!b.ok()) return b.status();
  r.from = *a;
  r.to = *b;
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
  if (status.ok() && r.paths.empty()) {
    status =
        Status::NotFound("no path from " + p.vertex(r.from).ext_id + " to " + p.vertex(r.to).ext_id +
                         (request.mode == Mode::kAll ? " within " + std::to_string(request.max_hops) + " hops" : ""));
  }
  if (status.IsNotFound() && r.undated_left_out) {
    status = Status::NotFound(status.message() + " (" + std::to_string(r.undated_left_out) +
                              " undated ties are left out of the time window; include them to see more)");
  }
  CT_RETURN_IF_ERROR(status);
  if (r.truncated) r.notes.push_back("more paths exist: raise the limit or lower the maximum number of hops");
  for (const auto& path : r.paths) CT_RETURN_IF_ERROR(s.ExplainPath(&r, path));
  return r;
}

namespace {

// The weakest status of a route's ties; a route through a tie not in force says so.
std::string WeakestStatus(const Answer& r, algo::SchoolRoute& route) {
  std::string weakest = kStatusInForce;
  for (const auto& hop : route.path.hops) {
    const auto& status = r.tie(hop.tie).provenance.status;
    if (StatusRank(status) > StatusRank(weakest)) weakest = status;
  }
  if (weakest != kStatusInForce) route.explanation += " Not in force: it goes through a " + weakest + " tie.";
  return weakest;
}

}  // namespace

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
  for (auto& route : r.routes) {
    CT_RETURN_IF_ERROR(s.ExplainPath(&r, route.path));
    r.route_status.push_back(WeakestStatus(r, route));
  }
  return r;
}

namespace {

// Each school's level as its position in the schema's list of levels (-1 unknown).
Result<std::vector<int>> SchoolLevels(const store::GraphStore& store, const Projection& p) {
  const auto& domain = p.domain();
  std::vector<int> level;
  const auto* label = store.schema().FindLabel(domain.school_label);
  if (domain.school_level.empty() || !label || !label->properties.count(domain.school_level)) return level;
  const auto& order = label->properties.at(domain.school_level).allowed;
  level.assign(p.num_vertices(), -1);
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    if (!domain.IsSchool(p.vertex(v).label)) continue;
    auto node = store.GetNode(p.vertex(v).ext_id);
    if (!node.ok()) return node.status();
    auto it = node->props.find(domain.school_level);
    if (it == node->props.end() || !it->is_string()) continue;
    auto pos = std::find(order.begin(), order.end(), it->get<std::string>());
    if (pos != order.end()) level[v] = static_cast<int>(pos - order.begin());
  }
  return level;
}

// The schools a country filter keeps, by vertex of `p` (empty: no filter).
Result<std::vector<bool>> InCountries(const Session& s, const Projection& p, projection::Filter filter,
                                      const std::vector<std::string>& countries) {
  std::vector<bool> allowed;
  if (countries.empty()) return allowed;
  filter.countries = countries;
  auto in = s.Whole(filter);
  if (!in.ok()) return in.status();
  allowed.assign(p.num_vertices(), false);
  for (Vertex v = 0; v < p.num_vertices(); ++v) allowed[v] = (*in)->FindExt(p.vertex(v).ext_id).has_value();
  return allowed;
}

}  // namespace

Result<PairingResult> ReadSession::SuggestPairings(const PairingRequest& request) const {
  Session s(*this);
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  // A country filter restricts the candidates, never the school asked about.
  auto countries = std::move(filter->countries);
  filter->countries.clear();
  auto g = s.Whole(*filter);
  if (!g.ok()) return g.status();
  PairingResult r;
  s.Start(&r, *g);
  auto school = s.Resolve(*g, "school", request.school);
  if (!school.ok()) return school.status();
  auto city = s.ResolveOptional(*g, "city", request.city);
  if (!city.ok()) return city.status();
  r.school = *school;
  algo::PairingOptions options;
  options.city = *city;
  options.top = request.top ? request.top : SIZE_MAX;
  auto levels = SchoolLevels(db_.store(), **g);
  if (!levels.ok()) return levels.status();
  options.level = std::move(*levels);
  auto allowed = InCountries(s, **g, *filter, countries);
  if (!allowed.ok()) return allowed.status();
  options.allowed = std::move(*allowed);
  auto candidates = Timed(&r, [&] { return algo::SuggestPairings(**g, r.school, options); });
  if (!candidates.ok()) return candidates.status();
  r.candidates = std::move(*candidates);
  CT_RETURN_IF_ERROR(s.NameVertex(&r, r.school));
  for (const auto& c : r.candidates) CT_RETURN_IF_ERROR(s.NameVertex(&r, c.school));
  return r;
}

Result<CommonResult> ReadSession::Common(const CommonRequest& request) const {
  Session s(*this);
  CommonResult r;
  auto g = s.OpenAround(request.scope, {request.a, request.b}, kPointHops, &r);
  if (!g.ok()) return g.status();
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

namespace {

// The periods the sources cover, as stored at import (nullopt when the database has none).
Result<std::optional<std::vector<import::CoveredPeriod>>> StoredCoverage(const store::GraphStore& store) {
  using Periods = std::optional<std::vector<import::CoveredPeriod>>;
  auto text = store.GetMeta(store::meta::kCoverageKey);
  if (!text.ok()) return text.status().IsNotFound() ? Result<Periods>(Periods()) : text.status();
  auto periods = import::ParseCoverage(*text, "the stored coverage record");
  if (!periods.ok()) return periods.status();
  return Periods(std::move(*periods));
}

// The years from `first` to `last` that no source covers, as ranges ("2016-2021, 2024").
std::string UncoveredYears(const std::vector<import::CoveredPeriod>& periods, int first, int last) {
  std::string text;
  for (int y = first; y <= last; ++y) {
    if (import::Covered(periods, PartialDate::Of(y))) continue;
    int end = y;
    while (end + 1 <= last && !import::Covered(periods, PartialDate::Of(end + 1))) ++end;
    text += (text.empty() ? "" : ", ") + std::to_string(y) + (end > y ? "-" + std::to_string(end) : "");
    y = end;
  }
  return text;
}

}  // namespace

Result<TimelineResult> ReadSession::Timeline(const TimelineRequest& request) const {
  Session s(*this);
  TimelineResult r;
  auto g = s.OpenAround(request.scope, {request.node}, kPointHops, &r, internal::StatusFilter::kInRows);
  if (!g.ok()) return g.status();
  auto v = s.Resolve(*g, "node", request.node);
  if (!v.ok()) return v.status();
  r.center = *v;
  const Projection& p = **g;
  for (const auto& e : algo::Timeline(p, r.center)) {
    CT_RETURN_IF_ERROR(s.ExplainTie(&r, e.tie));
    CT_RETURN_IF_ERROR(s.NameVertex(&r, e.other));
    const auto& other = p.vertex(e.other);
    const TieFacts& facts = r.tie(e.tie);
    if (!internal::Keeps(request.scope, facts.provenance, e.date.has_value(), &r)) continue;
    TimelineResult::Row row{e, other.kind, facts.sources, facts.provenance, facts.date_tier};
    if (const auto* via = p.Via(p.tie(e.tie))) row.kind = via->kind;
    // An agreement or an event is the event: its own provenance says when it happened.
    if (p.domain().IsHub(other.label)) {
      auto own = s.NodeSources(r, e.other);
      const auto* node = r.node(e.other);
      if (node && node->props.contains("sources")) row.sources = std::move(own);
    }
    r.rows.push_back(std::move(row));
  }
  // Years between the first and the last event that no source covers: what is listed there comes
  // from later reports or the secondary list, and may be incomplete.
  auto periods = StoredCoverage(db_.store());
  if (!periods.ok()) return periods.status();
  std::vector<int> years;
  for (const auto& row : r.rows) {
    if (row.event.date) years.push_back(row.event.date->year);
  }
  if (*periods && !years.empty()) {
    auto [first, last] = std::minmax_element(years.begin(), years.end());
    std::string gaps = UncoveredYears(**periods, *first, *last);
    if (!gaps.empty())
      r.notes.push_back("no source covers " + gaps +
                        ": the events of those years are what other sources recall, and may be incomplete");
  }
  return r;
}

Result<GrowthResult> ReadSession::Growth(const GrowthRequest& request) const {
  Session s(*this);
  GrowthResult r;
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  r.years = Timed(&r, [&] { return algo::Growth(**g); });
  auto periods = StoredCoverage(db_.store());
  if (!periods.ok()) return periods.status();
  for (const auto& y : r.years) {
    std::optional<bool> covered;
    if (*periods && y.year) covered = import::Covered(**periods, PartialDate::Of(y.year));
    r.covered.push_back(covered);
  }
  if (*periods && std::find(r.covered.begin(), r.covered.end(), std::optional<bool>(false)) != r.covered.end()) {
    r.notes.push_back("no source covers the years marked covered=no: their counts are unknown, not zero");
  }
  return r;
}

namespace {

// The strongest status of a partner pair's ties: its agreements' (by id), else in force.
Result<std::string> PairStatus(const Session& s, Answer* r, const algo::DormantPair& pair) {
  std::string best;
  for (const auto& id : pair.ties) {
    auto v = r->graph->FindExt(id);
    if (!v) continue;  // a pairing edge, not an agreement
    CT_RETURN_IF_ERROR(s.NameNode(r, id));
    const auto* node = r->node(id);
    if (!node) continue;
    auto status = ProvenanceOf(r->graph->domain().provenance, node->props, nullptr, r->vertex(*v).end_date).status;
    if (best.empty() || StatusRank(status) < StatusRank(best)) best = status;
  }
  return best.empty() ? std::string(kStatusInForce) : best;
}

}  // namespace

Result<DormantResult> ReadSession::Dormant(const DormantRequest& request) const {
  // Its rows filter by status (each pair's, PairStatus), not by source tier.
  if (!request.scope.tiers.empty()) {
    return Status::InvalidParameter("tier", "does not apply to dormant ties (each pair's status does: status)");
  }
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
  DormantResult r;
  auto g = s.OpenWhole(scope, &r, internal::StatusFilter::kInRows);
  if (!g.ok()) return g.status();
  auto only = s.ResolveOptional(*g, "node", request.node);
  if (!only.ok()) return only.status();
  auto pairs = Timed(&r, [&] { return algo::Dormant(**g, **since, *only); });
  std::vector<std::string> wanted = request.scope.statuses;
  if (wanted.empty())
    std::copy_if(KnownStatuses().begin(), KnownStatuses().end(), std::back_inserter(wanted),
                 [](const std::string& st) { return st != kStatusPlanned; });
  for (auto& pair : pairs) {
    auto status = PairStatus(s, &r, pair);
    if (!status.ok()) return status.status();
    if (std::find(wanted.begin(), wanted.end(), *status) == wanted.end()) continue;
    CT_RETURN_IF_ERROR(s.NameVertex(&r, pair.a));
    CT_RETURN_IF_ERROR(s.NameVertex(&r, pair.b));
    r.pairs.push_back(std::move(pair));
    r.status.push_back(std::move(*status));
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
  NetworkResult r;
  auto g = s.OpenWhole(scope, &r);
  if (!g.ok()) return g.status();
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
