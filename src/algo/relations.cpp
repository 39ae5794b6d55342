#include "algo/relations.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

namespace cityties::algo {

using projection::Incidence;
using projection::kAgreementTie;
using projection::kNoVertex;
using projection::Projection;
using projection::Tie;
using projection::TieIndex;
using projection::Vertex;
using projection::VertexData;

namespace {

const schema::Domain& D(const Projection& p) { return p.domain(); }
bool IsAgreement(const Projection& p, Vertex v) { return D(p).IsAgreement(p.vertex(v).label); }
bool IsEvent(const Projection& p, Vertex v) { return D(p).IsEvent(p.vertex(v).label); }
bool IsHub(const Projection& p, Vertex v) { return D(p).IsHub(p.vertex(v).label); }
bool IsSchool(const Projection& p, Vertex v) { return D(p).IsSchool(p.vertex(v).label); }
bool IsCity(const Projection& p, Vertex v) { return D(p).IsCity(p.vertex(v).label); }
bool IsPartyTie(const Projection& p, const Tie& t) { return D(p).IsPartyType(p.TypeName(t)); }
bool IsPairingTie(const Projection& p, const Tie& t) { return D(p).IsPairing(p.TypeName(t)); }

// The date a tie is known by: its hub's (agreement's or event's) date, else its own `since`.
std::optional<PartialDate> TieDate(const Projection& p, const Tie& t, Vertex other) {
  if (t.type == kAgreementTie) return t.since;
  if (IsHub(p, other)) return p.vertex(other).date;
  return t.since;
}

bool DateLess(const std::optional<PartialDate>& a, const std::optional<PartialDate>& b) {
  if (a.has_value() != b.has_value()) return a.has_value();  // undated last
  return a && *a < *b;
}

std::string Group(const Projection& p, const Tie& t, Vertex other) {
  if (t.type == kAgreementTie) return D(p).agreement.group;
  return D(p).GroupOf(p.TypeName(t), p.vertex(other).label);
}

// Other vertices incident to `hub` (an Agreement's parties, a Visit's participants), minus `except`.
std::vector<Vertex> Members(const Projection& p, Vertex hub, Vertex except) {
  std::vector<Vertex> out;
  for (const auto& inc : p.Incident(hub)) {
    if (inc.other == except || inc.other == hub) continue;
    const auto& t = p.tie(inc.tie);
    if (IsAgreement(p, hub) && !IsPartyTie(p, t)) continue;
    if (IsHub(p, inc.other)) continue;
    out.push_back(inc.other);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Vertex> CityOf(const Projection& p, Vertex v) {
  if (IsCity(p, v)) return v;
  const auto& city = p.vertex(v).city;
  if (city.empty()) return std::nullopt;
  return p.FindExt(city);
}

// The place `v` is located in (its location tie to a city or a country), or nullopt.
std::optional<Vertex> LocationParent(const Projection& p, Vertex v) {
  for (const auto& inc : p.Incident(v)) {
    if (!inc.outgoing || !D(p).IsLocation(p.TypeName(p.tie(inc.tie)))) continue;
    const auto& label = p.vertex(inc.other).label;
    if (D(p).IsCity(label) || D(p).IsCountry(label)) return inc.other;
  }
  return std::nullopt;
}

// The places from `v` up its location chain to `region`, `region` last; nullopt when `v` does not
// lie in it. Empty when v is the region.
constexpr int kMaxLocationDepth = 8;
std::optional<std::vector<Vertex>> ChainTo(const Projection& p, Vertex v, Vertex region) {
  std::vector<Vertex> chain;
  for (int depth = 0; v != region; ++depth) {
    auto parent = LocationParent(p, v);
    if (!parent || depth == kMaxLocationDepth) return std::nullopt;
    v = *parent;
    chain.push_back(v);
  }
  return chain;
}

std::optional<Vertex> DirectCityOf(const Projection& p, Vertex v) {
  const auto& city = p.vertex(v).city;
  if (city.empty()) return std::nullopt;
  return p.FindExt(city);
}

}  // namespace

std::vector<DirectTie> DirectTies(const Projection& p, Vertex v) {
  std::vector<std::pair<std::optional<PartialDate>, DirectTie>> rows;
  for (const auto& inc : p.Incident(v)) {
    const Tie& t = p.tie(inc.tie);
    DirectTie d;
    d.tie = inc.tie;
    d.other = inc.other;
    d.outgoing = inc.outgoing;
    d.group = Group(p, t, inc.other);
    if (IsHub(p, inc.other)) d.co_parties = Members(p, inc.other, v);
    rows.emplace_back(TieDate(p, t, inc.other), std::move(d));
  }
  std::stable_sort(rows.begin(), rows.end(), [&p](const auto& x, const auto& y) {
    int gx = D(p).GroupRank(x.second.group), gy = D(p).GroupRank(y.second.group);
    if (gx != gy) return gx < gy;
    if (x.second.group != y.second.group) return x.second.group < y.second.group;
    if (x.first != y.first) return DateLess(x.first, y.first);
    return std::tie(x.second.other, x.second.tie) < std::tie(y.second.other, y.second.tie);
  });
  std::vector<DirectTie> out;
  for (auto& [date, d] : rows) out.push_back(std::move(d));
  return out;
}

std::vector<CommonNeighbor> CommonNeighbors(const Projection& p, Vertex a, Vertex b) {
  std::map<Vertex, CommonNeighbor> by;
  auto na = p.Neighbors(a), nb = p.Neighbors(b);
  std::vector<Vertex> both;
  std::set_intersection(na.begin(), na.end(), nb.begin(), nb.end(), std::back_inserter(both));
  for (Vertex z : both) {
    if (z == a || z == b) continue;
    by[z].vertex = z;
  }
  for (const auto& inc : p.Incident(a)) {
    if (by.count(inc.other)) by[inc.other].ties_a.push_back(inc.tie);
  }
  for (const auto& inc : p.Incident(b)) {
    if (by.count(inc.other)) by[inc.other].ties_b.push_back(inc.tie);
  }
  std::vector<CommonNeighbor> out;
  for (auto& [z, c] : by) out.push_back(std::move(c));
  return out;
}

std::vector<TimelineEvent> Timeline(const Projection& p, Vertex v) {
  std::vector<TimelineEvent> events;
  std::set<Vertex> hubs_done;
  for (const auto& inc : p.Incident(v)) {
    const Tie& t = p.tie(inc.tie);
    const VertexData& o = p.vertex(inc.other);
    if (t.type == kAgreementTie) {
      events.push_back({t.since, "agreement signed", inc.tie, inc.other});
      if (t.until) events.push_back({t.until, "agreement ended", inc.tie, inc.other});
    } else if (IsHub(p, inc.other)) {
      if (!hubs_done.insert(inc.other).second) continue;  // several ties to one hub: one event
      bool agreement = IsAgreement(p, inc.other);
      if (o.date || agreement) events.push_back({o.date, agreement ? "agreement signed" : "visit", inc.tie, inc.other});
      if (o.end_date) events.push_back({o.end_date, agreement ? "agreement ended" : "visit ended", inc.tie, inc.other});
    } else if (t.since || IsPairingTie(p, t)) {
      events.push_back({t.since, "tie began", inc.tie, inc.other});
      if (t.until) events.push_back({t.until, "tie ended", inc.tie, inc.other});
    }
  }
  std::stable_sort(events.begin(), events.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
    if (a.date != b.date) return DateLess(a.date, b.date);
    return std::tie(a.other, a.tie) < std::tie(b.other, b.tie);
  });
  return events;
}

std::vector<YearCount> Growth(const Projection& p) {
  std::map<int, YearCount> years;
  YearCount undated;
  // Agreements with their dates: hub vertices, or the agreements behind expanded ties.
  std::vector<std::pair<std::optional<PartialDate>, std::optional<PartialDate>>> agreements;
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    const auto& vd = p.vertex(v);
    if (IsAgreement(p, v)) agreements.emplace_back(vd.date, vd.end_date);
    if (IsEvent(p, v)) {
      if (vd.date) {
        ++years[vd.date->year].visits;
      } else {
        ++undated.visits;
      }
    }
  }
  std::set<store::NodeId> via_seen;
  for (const auto& t : p.ties()) {
    if (t.type == kAgreementTie) {
      if (via_seen.insert(t.via).second) agreements.emplace_back(t.since, t.until);
      continue;
    }
    if (IsHub(p, t.src) || IsHub(p, t.dst)) {
      continue;  // dated by their nodes
    }
    bool pairing = IsPairingTie(p, t);
    if (!t.since) {
      if (pairing) ++undated.pairings;
      continue;
    }
    if (pairing) {
      ++years[t.since->year].pairings;
    } else {
      ++years[t.since->year].other_ties;
    }
  }
  for (const auto& [date, end] : agreements) {
    if (date) {
      ++years[date->year].agreements;
    } else {
      ++undated.agreements;
    }
  }
  std::vector<YearCount> out;
  if (!years.empty()) {
    for (int y = years.begin()->first; y <= years.rbegin()->first; ++y) {
      YearCount c = years.count(y) ? years[y] : YearCount{};
      c.year = y;
      const int year_end = y * 10000 + 1231;
      for (const auto& [date, end] : agreements) {
        if (date && date->FirstDay() <= year_end && (!end || end->LastDay() >= year_end)) ++c.agreements_in_force;
      }
      out.push_back(c);
    }
  }
  if (undated.agreements || undated.pairings || undated.visits) out.push_back(undated);
  return out;
}

std::vector<DormantPair> Dormant(const Projection& p, const PartialDate& since, std::optional<Vertex> only) {
  std::map<std::pair<Vertex, Vertex>, DormantPair> pairs;
  auto party = [&](Vertex v) { return !D(p).IsOfficial(p.vertex(v).label) && !IsHub(p, v); };
  auto touch = [&](Vertex x, Vertex y) -> DormantPair& {
    if (x > y) std::swap(x, y);
    auto& d = pairs[{x, y}];
    d.a = x;
    d.b = y;
    return d;
  };
  auto activity = [](DormantPair& d, const std::optional<PartialDate>& date, const std::string& what) {
    if (!date) return;
    if (!d.tied_since || *date < *d.tied_since) d.tied_since = date;
    if (!d.last_activity || *d.last_activity < *date) {
      d.last_activity = date;
      d.last_what = what;
    }
  };
  // Agreements: hubs and expanded ties.
  for (Vertex a = 0; a < p.num_vertices(); ++a) {
    if (!IsAgreement(p, a)) continue;
    auto parties = Members(p, a, kNoVertex);
    parties.erase(std::remove_if(parties.begin(), parties.end(), [&](Vertex v) { return !party(v); }), parties.end());
    for (size_t i = 0; i < parties.size(); ++i) {
      for (size_t j = i + 1; j < parties.size(); ++j) {
        auto& d = touch(parties[i], parties[j]);
        d.ties.push_back(p.vertex(a).ext_id);
        activity(d, p.vertex(a).date, p.vertex(a).ext_id);
      }
    }
  }
  for (const auto& t : p.ties()) {
    if (t.src == t.dst || !party(t.src) || !party(t.dst)) continue;
    if (t.type == kAgreementTie) {
      const auto* via = p.Via(t);
      std::string id = via ? via->ext_id : "agreement";
      auto& d = touch(t.src, t.dst);
      d.ties.push_back(id);
      activity(d, t.since, id);
    } else if (IsPairingTie(p, t)) {
      auto& d = touch(t.src, t.dst);
      d.ties.push_back(p.TypeName(t));
      activity(d, t.since, "");
    }
  }
  // Shared visits and events.
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    if (!IsEvent(p, v)) continue;
    auto members = Members(p, v, kNoVertex);
    for (size_t i = 0; i < members.size(); ++i) {
      for (size_t j = i + 1; j < members.size(); ++j) {
        auto it = pairs.find({members[i], members[j]});
        if (it == pairs.end()) continue;
        auto& d = it->second;
        const auto& date = p.vertex(v).date;
        if (date && (!d.last_activity || *d.last_activity < *date)) {
          d.last_activity = date;
          d.last_what = p.vertex(v).ext_id;
        }
      }
    }
  }
  std::vector<DormantPair> out;
  for (auto& [key, d] : pairs) {
    if (only && d.a != *only && d.b != *only) continue;
    if (d.last_activity && d.last_activity->LastDay() >= since.FirstDay()) continue;
    std::sort(d.ties.begin(), d.ties.end());
    d.ties.erase(std::unique(d.ties.begin(), d.ties.end()), d.ties.end());
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const DormantPair& x, const DormantPair& y) {
    if (x.last_activity != y.last_activity) {
      if (!x.last_activity || !y.last_activity) return !x.last_activity;
      return *x.last_activity < *y.last_activity;
    }
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return out;
}

namespace {

// A path over given vertices; `ties` may fix the tie of a hop (else the pair's representative).
// nullopt when two consecutive vertices are not adjacent.
std::optional<Path> RoutePath(const Projection& p, const std::vector<Vertex>& vs,
                              const std::map<size_t, TieIndex>& fixed = {}) {
  Path path;
  path.vertices = vs;
  for (size_t i = 0; i + 1 < vs.size(); ++i) {
    std::optional<TieIndex> tie;
    auto it = fixed.find(i);
    if (it != fixed.end()) {
      tie = it->second;
    } else {
      tie = p.TieBetween(vs[i], vs[i + 1]);
    }
    if (!tie) return std::nullopt;
    path.hops.push_back(Hop{vs[i], vs[i + 1], *tie, p.tie(*tie).src == vs[i]});
    path.length += 1;
  }
  return path;
}

std::string Name(const Projection& p, Vertex v) { return p.vertex(v).DisplayName(); }

std::string AgreementText(const VertexData& a) {
  std::string s = a.DisplayName();
  std::string extra = a.kind;
  if (a.date) extra += (extra.empty() ? "" : ", ") + a.date->ToString();
  return extra.empty() ? s : s + " (" + extra + ")";
}

int KindRank(const std::string& kind) {
  static const char* kOrder[] = {"existing pairing", "city partnership", "peer pairing", "shared tie", "other path"};
  for (int i = 0; i < 5; ++i) {
    if (kind == kOrder[i]) return i;
  }
  return 5;
}

// Pairings of `s`: schools it is PAIRED_WITH, and schools that are parties to an agreement it is a
// party to (whatever the agreement's kind: sister-school pacts, letters of intent, group letters).
struct Pairing {
  Vertex partner;
  std::vector<Vertex> via;      // the vertices between s and partner ({} for PAIRED_WITH, {agreement})
  std::optional<TieIndex> tie;  // the tie for a direct or expanded pairing
};
std::vector<Pairing> PairingsOf(const Projection& p, Vertex s) {
  std::vector<Pairing> out;
  for (const auto& inc : p.Incident(s)) {
    const Tie& t = p.tie(inc.tie);
    if (!IsSchool(p, inc.other)) {
      if (IsAgreement(p, inc.other) && IsPartyTie(p, t)) {
        for (Vertex y : Members(p, inc.other, s)) {
          if (IsSchool(p, y)) out.push_back({y, {inc.other}, std::nullopt});
        }
      }
      continue;
    }
    if (IsPairingTie(p, t)) out.push_back({inc.other, {}, inc.tie});
    if (t.type == kAgreementTie) out.push_back({inc.other, {}, inc.tie});
  }
  return out;
}

}  // namespace

projection::Filter SchoolPathFilter(projection::Filter filter, const schema::Domain& domain) {
  // An empty list means every tie type but location; routes also need location.
  if (filter.edge_types.empty()) {
    filter.include_location = true;
  } else if (std::find(filter.edge_types.begin(), filter.edge_types.end(), domain.location_type) ==
             filter.edge_types.end()) {
    filter.edge_types.push_back(domain.location_type);
  }
  return filter;
}

Result<std::vector<SchoolRoute>> SchoolPaths(const Projection& p, Vertex school, Vertex target,
                                             const SchoolPathOptions& options) {
  if (!IsSchool(p, school)) {
    return Status::InvalidParameter(
        "school", p.vertex(school).ext_id + " is a " + p.vertex(school).label + ", not a " + D(p).school_label);
  }
  if (!IsCity(p, target) && !IsSchool(p, target) && !D(p).IsCountry(p.vertex(target).label)) {
    return Status::InvalidParameter("to", "must be a " + D(p).city_label + ", a " + D(p).country_label + " or a " +
                                              D(p).school_label + ", not a " + p.vertex(target).label + " (" +
                                              p.vertex(target).ext_id + ")");
  }
  auto here = DirectCityOf(p, school);
  if (!here) return Status::InvalidParameter("school", p.vertex(school).ext_id + " has no city");
  std::optional<Vertex> target_school;
  Vertex there = target;
  if (IsSchool(p, target)) {
    target_school = target;
    auto c = DirectCityOf(p, target);
    if (!c) return Status::InvalidParameter("to", p.vertex(target).ext_id + " has no city");
    there = *c;
  }
  const std::string& there_name = p.vertex(there).DisplayName();
  // A target city, prefecture or country is a region: every place located in it counts.
  auto in_region = [&](Vertex v) { return ChainTo(p, v, there).has_value(); };
  auto in_there = [&](Vertex v) {
    auto city = CityOf(p, v);
    return target_school ? city == std::optional<Vertex>(there) : city && in_region(*city);
  };
  // Extends a route that ends in the target region up its location chain to the target, and to
  // the target school.
  auto finish = [&](std::vector<Vertex> vs) {
    if (target_school && vs.back() != *target_school) {
      if (vs.back() != there) vs.push_back(there);
      vs.push_back(*target_school);
    } else if (!target_school && vs.back() != there) {
      Vertex from = IsCity(p, vs.back()) ? vs.back() : CityOf(p, vs.back()).value_or(vs.back());
      if (from != vs.back()) vs.push_back(from);
      auto chain = ChainTo(p, from, there);
      if (chain) vs.insert(vs.end(), chain->begin(), chain->end());
      if (vs.back() != there) vs.push_back(there);
    }
    return vs;
  };

  std::vector<SchoolRoute> routes;
  std::set<std::pair<std::string, std::vector<Vertex>>> seen;
  auto add = [&](const std::string& kind, const std::vector<Vertex>& vs, const std::map<size_t, TieIndex>& fixed,
                 std::string why) {
    std::set<Vertex> distinct(vs.begin(), vs.end());
    if (distinct.size() != vs.size()) return;  // not a simple path
    auto path = RoutePath(p, vs, fixed);
    if (!path || !seen.insert({kind, vs}).second) return;
    routes.push_back(SchoolRoute{kind, std::move(*path), std::move(why)});
  };

  // 1. Existing pairings with a school there.
  for (const auto& pr : PairingsOf(p, school)) {
    if (target_school ? pr.partner != *target_school : !in_there(pr.partner)) continue;
    std::vector<Vertex> vs{school};
    vs.insert(vs.end(), pr.via.begin(), pr.via.end());
    vs.push_back(pr.partner);
    std::map<size_t, TieIndex> fixed;
    if (pr.tie) fixed[0] = *pr.tie;
    add("existing pairing", finish(vs), fixed,
        Name(p, school) + " is already paired with " + Name(p, pr.partner) + " in " + there_name + ".");
  }

  // 2. City partnerships: agreements with both cities as parties.
  if (*here != there) {
    for (const auto& inc : p.Incident(*here)) {
      const Tie& t = p.tie(inc.tie);
      if (t.type == kAgreementTie && IsCity(p, inc.other) && in_region(inc.other)) {
        const auto* via = p.Via(t);
        add("city partnership", finish({school, *here, inc.other}), {{1, inc.tie}},
            Name(p, *here) + " and " + Name(p, inc.other) + " are parties to " +
                (via ? AgreementText(*via) : "an agreement") + ": propose the pairing under it.");
      } else if (IsAgreement(p, inc.other) && IsPartyTie(p, t)) {
        for (Vertex party : Members(p, inc.other, *here)) {
          if (party == *here || !IsCity(p, party) || !in_region(party)) continue;
          add("city partnership", finish({school, *here, inc.other, party}), {},
              Name(p, *here) + " and " + Name(p, party) + " are parties to " + AgreementText(p.vertex(inc.other)) +
                  ": propose the pairing under it.");
        }
      }
    }
  }

  // 3. Peer pairings: other schools of this city paired with schools there (one route per peer,
  // through its first partner there; the explanation names all of them).
  for (Vertex peer : p.Neighbors(*here)) {
    if (peer == school || !IsSchool(p, peer) || DirectCityOf(p, peer) != here) continue;
    std::vector<Pairing> there_pairings;
    for (const auto& pr : PairingsOf(p, peer)) {
      if (in_there(pr.partner)) there_pairings.push_back(pr);
    }
    if (there_pairings.empty()) continue;
    // Prefer the target school itself, then a direct PAIRED_WITH, then the smallest partner.
    std::stable_sort(there_pairings.begin(), there_pairings.end(), [&](const Pairing& a, const Pairing& b) {
      bool ta = target_school && a.partner == *target_school, tb = target_school && b.partner == *target_school;
      if (ta != tb) return ta;
      if (a.via.size() != b.via.size()) return a.via.size() < b.via.size();
      return a.partner < b.partner;
    });
    const Pairing& pr = there_pairings.front();
    std::vector<Vertex> vs{school, *here, peer};
    vs.insert(vs.end(), pr.via.begin(), pr.via.end());
    vs.push_back(pr.partner);
    std::map<size_t, TieIndex> fixed;
    if (pr.tie) fixed[2] = *pr.tie;
    std::set<Vertex> partners;
    for (const auto& x : there_pairings) partners.insert(x.partner);
    std::string names;
    size_t i = 0;
    for (Vertex x : partners) names += (i++ ? (i == partners.size() ? " and " : ", ") : "") + Name(p, x);
    add("peer pairing", finish(vs), fixed,
        "ask " + Name(p, peer) + " (" + Name(p, *here) + "): it is already paired with " + names + " in " + there_name +
            ".");
  }

  // 4. Shared ties: something the school is tied to that is tied to the target city, the target
  // school, or a school or institution there.
  for (Vertex z : p.Neighbors(school)) {
    if (z == *here || z == there || IsCity(p, z) || D(p).IsCountry(p.vertex(z).label)) continue;
    std::string zt = Name(p, z) + " (" + p.vertex(z).label + ")";
    for (Vertex y : p.Neighbors(z)) {
      if (y == school) continue;
      bool hit = y == there || (target_school && y == *target_school) || (IsCity(p, y) && in_there(y)) ||
                 ((IsSchool(p, y) || D(p).IsInstitution(p.vertex(y).label)) && in_there(y));
      if (!hit) continue;
      add("shared tie", finish({school, z, y}), {},
          Name(p, school) + " and " + Name(p, y) + (y == there ? "" : " in " + there_name) + " are both tied to " + zt +
              ".");
    }
  }

  // 5. Other short paths (Yen's k shortest loopless paths).
  for (const auto& path : KShortestPaths(p, school, target, options.other_paths)) {
    bool known = false;
    for (const auto& r : routes) known = known || r.path.vertices == path.vertices;
    if (known) continue;
    if (seen.insert({"other path", path.vertices}).second) {
      routes.push_back(SchoolRoute{"other path", path,
                                   "a path of " + std::to_string(path.hops.size()) + " ties through the network."});
    }
  }

  std::stable_sort(routes.begin(), routes.end(), [](const SchoolRoute& a, const SchoolRoute& b) {
    int ka = KindRank(a.kind), kb = KindRank(b.kind);
    if (ka != kb) return ka < kb;
    if (a.path.hops.size() != b.path.hops.size()) return a.path.hops.size() < b.path.hops.size();
    return a.path.vertices < b.path.vertices;
  });
  if (routes.size() > options.limit) routes.resize(options.limit);
  return routes;
}

namespace {

int LevelDistance(const PairingOptions& o, Vertex a, Vertex b) {
  if (o.level.empty() || o.level[a] < 0 || o.level[b] < 0) return -1;
  return std::abs(o.level[a] - o.level[b]);
}

// Same level first, then nearer levels, unknown last.
int LevelOrder(int distance) { return distance < 0 ? std::numeric_limits<int>::max() : distance; }

}  // namespace

Result<std::vector<PairingCandidate>> SuggestPairings(const Projection& p, Vertex school, std::optional<Vertex> city,
                                                      size_t top) {
  PairingOptions options;
  options.city = city;
  options.top = top;
  return SuggestPairings(p, school, options);
}

Result<std::vector<PairingCandidate>> SuggestPairings(const Projection& p, Vertex school,
                                                      const PairingOptions& options) {
  const auto& city = options.city;
  if (!IsSchool(p, school)) {
    return Status::InvalidParameter(
        "school", p.vertex(school).ext_id + " is a " + p.vertex(school).label + ", not a " + D(p).school_label);
  }
  if (city && !IsCity(p, *city)) {
    return Status::InvalidParameter("city", "must be a " + D(p).city_label + ", not a " + p.vertex(*city).label + " (" +
                                                p.vertex(*city).ext_id + ")");
  }
  const size_t n = p.num_vertices();
  std::vector<std::optional<Vertex>> city_of(n);
  for (Vertex v = 0; v < n; ++v) {
    if (IsSchool(p, v)) city_of[v] = DirectCityOf(p, v);
  }
  auto extended = [&](Vertex x) {
    std::vector<Vertex> nb = p.Neighbors(x);
    if (city_of[x]) {
      auto more = p.Neighbors(*city_of[x]);
      nb.insert(nb.end(), more.begin(), more.end());
    }
    std::sort(nb.begin(), nb.end());
    nb.erase(std::unique(nb.begin(), nb.end()), nb.end());
    nb.erase(std::remove_if(nb.begin(), nb.end(), [&](Vertex z) { return z == x || (city_of[x] && z == *city_of[x]); }),
             nb.end());
    return nb;
  };
  std::set<Vertex> paired;
  for (const auto& pr : PairingsOf(p, school)) paired.insert(pr.partner);
  // Pairings between cities' schools, for the precedent count.
  // (A pair of schools paired both directly and through a pairing agreement counts once.)
  std::set<std::pair<Vertex, Vertex>> school_pairs;
  for (Vertex s = 0; s < n; ++s) {
    if (!city_of[s]) continue;
    for (const auto& pr : PairingsOf(p, s)) {
      if (city_of[pr.partner]) school_pairs.insert({std::min(s, pr.partner), std::max(s, pr.partner)});
    }
  }
  std::map<std::pair<Vertex, Vertex>, size_t> city_pairings;
  for (const auto& [s, t] : school_pairs) {
    Vertex a = *city_of[s], b = *city_of[t];
    ++city_pairings[{std::min(a, b), std::max(a, b)}];
  }
  const auto mine = extended(school);
  std::vector<PairingCandidate> out;
  for (Vertex c = 0; c < n; ++c) {
    if (c == school || !IsSchool(p, c) || paired.count(c)) continue;
    if (city_of[school] && city_of[c] == city_of[school]) continue;
    if (city && city_of[c] != city) continue;
    if (!options.allowed.empty() && !options.allowed[c]) continue;
    auto theirs = extended(c);
    std::vector<Vertex> shared;
    std::set_intersection(mine.begin(), mine.end(), theirs.begin(), theirs.end(), std::back_inserter(shared));
    shared.erase(std::remove_if(shared.begin(), shared.end(), [&](Vertex z) { return z == school || z == c; }),
                 shared.end());
    if (shared.empty()) continue;
    PairingCandidate cand;
    cand.school = c;
    cand.level_distance = LevelDistance(options, school, c);
    std::vector<std::pair<double, Vertex>> parts;
    for (Vertex z : shared) {
      double w = 1.0 / std::log(static_cast<double>(std::max<size_t>(2, p.Neighbors(z).size())));
      cand.score += w;
      parts.emplace_back(-w, z);
    }
    std::sort(parts.begin(), parts.end());
    for (const auto& [w, z] : parts) cand.shared.push_back(z);
    if (city_of[school] && city_of[c]) {
      Vertex a = *city_of[school], b = *city_of[c];
      auto it = city_pairings.find({std::min(a, b), std::max(a, b)});
      cand.precedents = it == city_pairings.end() ? 0 : it->second;
    }
    out.push_back(std::move(cand));
  }
  std::sort(out.begin(), out.end(), [](const PairingCandidate& a, const PairingCandidate& b) {
    if (a.level_distance != b.level_distance) return LevelOrder(a.level_distance) < LevelOrder(b.level_distance);
    if (std::fabs(a.score - b.score) > 1e-12) return a.score > b.score;
    if (a.precedents != b.precedents) return a.precedents > b.precedents;
    return a.school < b.school;
  });
  if (out.size() > options.top) out.resize(options.top);
  return out;
}

}  // namespace cityties::algo
