// The briefing tables: a home's partners with status, tier and last contact; every agreement
// with its parties; who was active with the home in a period (engine/requests.h).
#include <algorithm>
#include <map>
#include <set>

#include "engine/session.h"

namespace cityties::engine {

using internal::Graph;
using internal::Session;
using projection::Projection;

namespace {

// The center's side: the center and every node located in it.
struct Side {
  const Projection& p;
  Vertex center;
  bool Home(Vertex v) const { return v == center || p.vertex(v).city == p.vertex(center).ext_id; }
  // A place in the center's own country: a domestic tie, not a partner abroad.
  bool SameCountry(Vertex v) const {
    const auto& country = p.vertex(center).country;
    return !country.empty() && p.vertex(v).country == country;
  }
};

// The place a party or participant stands for: a city itself, a school or an institution its city.
std::optional<Vertex> PlaceOf(const Projection& p, Vertex v) {
  const auto& vd = p.vertex(v);
  if (p.domain().IsCity(vd.label)) return v;
  if (vd.city.empty()) return std::nullopt;
  return p.FindExt(vd.city);
}

// The place a party of an agreement makes a partner: a city, or the city of a school.
std::optional<Vertex> PartnerPlaceOf(const Projection& p, Vertex v) {
  const auto& vd = p.vertex(v);
  if (!p.domain().IsCity(vd.label) && !p.domain().IsSchool(vd.label)) return std::nullopt;
  return PlaceOf(p, v);
}

// Every node tied to a hub: an agreement's parties, an event's participants.
std::vector<Vertex> TiedTo(const Projection& p, Vertex hub, bool only_parties) {
  std::set<Vertex> out;
  for (const auto& inc : p.Incident(hub)) {
    if (only_parties && (inc.outgoing || !p.domain().IsPartyType(p.TypeName(p.tie(inc.tie))))) continue;
    out.insert(inc.other);
  }
  return {out.begin(), out.end()};
}

// The tie from a party into an agreement (explains the agreement's provenance), or nullopt.
std::optional<TieIndex> PartyTie(const Projection& p, Vertex party, Vertex agreement) {
  for (const auto& inc : p.Incident(party)) {
    if (inc.other == agreement) return inc.tie;
  }
  return std::nullopt;
}

// Resolves the request's node, the domain's home when empty.
Result<Vertex> Center(const Session& s, const Graph& g, const std::string& node, const schema::Domain& domain) {
  const std::string& text = node.empty() ? domain.home : node;
  if (text.empty()) return Status::InvalidParameter("node", "is missing and the schema declares no home node");
  return s.Resolve(g, "node", text);
}

Result<Graph> WholeWithHubs(const Session& s, Scope scope, internal::StatusFilter statuses) {
  scope.expand_agreements = false;  // agreements are the answer here: they stay hubs
  auto filter = internal::FilterOf(scope, statuses);
  if (!filter.ok()) return filter.status();
  filter->keep_undated = true;  // each row says whether it leaves an undated tie out (Keeps)
  return s.Whole(*filter);
}

bool EarlierDate(const std::optional<PartialDate>& a, const std::optional<PartialDate>& b) {
  if (a.has_value() != b.has_value()) return a.has_value();  // undated last
  return a && *a < *b;
}

void Later(const std::optional<PartialDate>& date, Vertex what, std::optional<PartialDate>* last, Vertex* last_what) {
  if (!date || (*last && !(**last < *date))) return;
  *last = date;
  *last_what = what;
}

// Builds the partners' ties: agreements with a party on the center's side, and pairing edges.
class PartnerBuilder {
 public:
  PartnerBuilder(const Session& s, const Scope& scope, PartnersResult* r)
      : s_(s), scope_(scope), r_(r), p_(*r->graph), side_{p_, r->center} {}

  Status Run() {
    for (Vertex v = 0; v < p_.num_vertices(); ++v) {
      if (p_.domain().IsAgreement(p_.vertex(v).label)) CT_RETURN_IF_ERROR(AddAgreement(v));
    }
    for (TieIndex i = 0; i < p_.num_ties(); ++i) CT_RETURN_IF_ERROR(AddPairing(i));
    CountContacts();
    return Finish();
  }

 private:
  Status AddAgreement(Vertex agreement) {
    auto parties = TiedTo(p_, agreement, true);
    auto home = std::find_if(parties.begin(), parties.end(), [&](Vertex v) { return side_.Home(v); });
    if (home == parties.end()) return Status::Ok();
    auto tie = PartyTie(p_, *home, agreement);
    if (!tie) return Status::Ok();
    CT_RETURN_IF_ERROR(s_.ExplainTie(r_, *tie));
    const auto& vd = p_.vertex(agreement);
    const TieFacts& facts = r_->tie(*tie);
    std::set<Vertex> places;
    for (Vertex party : parties) {
      auto place = side_.Home(party) ? std::nullopt : PartnerPlaceOf(p_, party);
      if (place && !side_.Home(*place)) places.insert(*place);
    }
    if (places.empty() || !internal::Keeps(scope_, facts.provenance, vd.date.has_value(), r_)) return Status::Ok();
    CT_RETURN_IF_ERROR(s_.NameVertex(r_, agreement));
    for (Vertex place : places) {
      Add(place, PartnerTie{vd.kind, agreement, vd.date, facts.provenance, s_.NodeSources(*r_, agreement)});
    }
    return Status::Ok();
  }

  Status AddPairing(TieIndex i) {
    const auto& tie = p_.tie(i);
    if (!p_.domain().IsPairing(p_.TypeName(tie)) || side_.Home(tie.src) == side_.Home(tie.dst)) return Status::Ok();
    auto place = PartnerPlaceOf(p_, side_.Home(tie.src) ? tie.dst : tie.src);
    if (!place || side_.Home(*place)) return Status::Ok();
    CT_RETURN_IF_ERROR(s_.ExplainTie(r_, i));
    const TieFacts& facts = r_->tie(i);
    if (!internal::Keeps(scope_, facts.provenance, tie.since.has_value(), r_)) return Status::Ok();
    const auto* group = p_.domain().GroupOfType(p_.TypeName(tie));
    Add(*place, PartnerTie{group ? group->name : p_.TypeName(tie), projection::kNoVertex, tie.since, facts.provenance,
                           facts.sources});
    return Status::Ok();
  }

  void Add(Vertex place, PartnerTie tie) {
    auto& row = rows_[place];
    row.partner = place;
    row.ties.push_back(std::move(tie));
  }

  // Shared visits and events, and the latest dated one or agreement: the last contact.
  void CountContacts() {
    for (Vertex v = 0; v < p_.num_vertices(); ++v) {
      const auto& vd = p_.vertex(v);
      if (!p_.domain().IsEvent(vd.label)) continue;
      auto participants = TiedTo(p_, v, false);
      if (std::none_of(participants.begin(), participants.end(), [&](Vertex q) { return side_.Home(q); })) continue;
      std::set<Vertex> places;
      for (Vertex q : participants) {
        auto place = side_.Home(q) ? std::nullopt : PlaceOf(p_, q);
        if (place && rows_.count(*place)) places.insert(*place);
      }
      for (Vertex place : places) {
        auto& row = rows_[place];
        ++row.shared_visits;
        Later(vd.date, v, &row.last_contact, &row.last_what);
      }
    }
  }

  Status Finish() {
    for (auto& [place, row] : rows_) {
      std::stable_sort(row.ties.begin(), row.ties.end(),
                       [](const PartnerTie& a, const PartnerTie& b) { return EarlierDate(a.date, b.date); });
      row.status = row.ties[0].provenance.status;
      row.tier = kTierSecondary;
      for (const auto& t : row.ties) Summarise(row, t);
      CT_RETURN_IF_ERROR(s_.NameVertex(r_, place));
      if (row.last_what != projection::kNoVertex) CT_RETURN_IF_ERROR(s_.NameVertex(r_, row.last_what));
      r_->rows.push_back(std::move(row));
    }
    std::stable_sort(r_->rows.begin(), r_->rows.end(), [](const PartnerRow& a, const PartnerRow& b) {
      if (StatusRank(a.status) != StatusRank(b.status)) return StatusRank(a.status) < StatusRank(b.status);
      if (a.since != b.since) return EarlierDate(a.since, b.since);
      return a.partner < b.partner;
    });
    CountByKind();
    return Status::Ok();
  }

  static void Summarise(PartnerRow& row, const PartnerTie& t) {
    if (std::find(row.kinds.begin(), row.kinds.end(), t.kind) == row.kinds.end()) row.kinds.push_back(t.kind);
    if (!row.since) row.since = t.date;
    if (StatusRank(t.provenance.status) < StatusRank(row.status)) row.status = t.provenance.status;
    if (t.provenance.tier == kTierReport) row.tier = kTierReport;
    for (const auto& source : t.sources) {
      if (std::find(row.sources.begin(), row.sources.end(), source) == row.sources.end()) row.sources.push_back(source);
    }
    if (t.via != projection::kNoVertex) Later(t.date, t.via, &row.last_contact, &row.last_what);
  }

  // Per partner and kind, the strongest status and tier of its ties of that kind.
  void CountByKind() {
    std::map<std::tuple<std::string, int, std::string>, size_t> counts;
    for (const auto& row : r_->rows) {
      for (const auto& kind : row.kinds) {
        std::string status, tier = kTierSecondary;
        for (const auto& t : row.ties) {
          if (t.kind != kind) continue;
          if (status.empty() || StatusRank(t.provenance.status) < StatusRank(status)) status = t.provenance.status;
          if (t.provenance.tier == kTierReport) tier = kTierReport;
        }
        ++counts[{kind, StatusRank(status), tier}];
      }
    }
    for (const auto& [key, n] : counts) {
      const auto& [kind, rank, tier] = key;
      r_->summary.push_back({kind, KnownStatuses()[rank], tier, n});
    }
  }

  const Session& s_;
  const Scope& scope_;
  PartnersResult* r_;
  const Projection& p_;
  Side side_;
  std::map<Vertex, PartnerRow> rows_;
};

}  // namespace

Result<PartnersResult> ReadSession::Partners(const PartnersRequest& request) const {
  Session s(*this);
  auto g = WholeWithHubs(s, request.scope, internal::StatusFilter::kInRows);
  if (!g.ok()) return g.status();
  PartnersResult r;
  s.Start(&r, *g);
  auto center = Center(s, *g, request.node, db_.domain());
  if (!center.ok()) return center.status();
  r.center = *center;
  CT_RETURN_IF_ERROR(s.NameVertex(&r, r.center));
  CT_RETURN_IF_ERROR(internal::Timed(&r, [&] { return PartnerBuilder(s, request.scope, &r).Run(); }));
  return r;
}

Result<AgreementsResult> ReadSession::Agreements(const AgreementsRequest& request) const {
  Session s(*this);
  auto g = WholeWithHubs(s, request.scope, internal::StatusFilter::kInRows);
  if (!g.ok()) return g.status();
  AgreementsResult r;
  s.Start(&r, *g);
  const Projection& p = **g;
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    const auto& vd = p.vertex(v);
    if (!p.domain().IsAgreement(vd.label)) continue;
    auto parties = TiedTo(p, v, true);
    if (parties.empty() || parties.size() < request.min_parties) continue;
    auto tie = PartyTie(p, parties[0], v);
    if (!tie) continue;
    CT_RETURN_IF_ERROR(s.ExplainTie(&r, *tie));
    const TieFacts& facts = r.tie(*tie);
    if (!internal::Keeps(request.scope, facts.provenance, vd.date.has_value(), &r)) continue;
    CT_RETURN_IF_ERROR(s.NameVertex(&r, v));
    for (Vertex party : parties) CT_RETURN_IF_ERROR(s.NameVertex(&r, party));
    r.rows.push_back({v, parties, vd.kind, vd.date, facts.provenance, s.NodeSources(r, v)});
  }
  std::stable_sort(r.rows.begin(), r.rows.end(),
                   [](const AgreementRow& a, const AgreementRow& b) { return EarlierDate(a.date, b.date); });
  return r;
}

Result<ActivityResult> ReadSession::Activity(const ActivityRequest& request) const {
  Session s(*this);
  auto g = WholeWithHubs(s, request.scope, internal::StatusFilter::kInView);
  if (!g.ok()) return g.status();
  ActivityResult r;
  s.Start(&r, *g);
  auto center = Center(s, *g, request.node, db_.domain());
  if (!center.ok()) return center.status();
  r.center = *center;
  const Projection& p = **g;
  Side side{p, r.center};
  std::map<Vertex, ActivityRow> rows;
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    const auto& vd = p.vertex(v);
    bool agreement = p.domain().IsAgreement(vd.label);
    if (!agreement && !p.domain().IsEvent(vd.label)) continue;
    if (!vd.date) {
      if (internal::HasWindow(request.scope)) ++r.undated_left_out;
      continue;
    }
    auto tied = TiedTo(p, v, agreement);
    if (std::none_of(tied.begin(), tied.end(), [&](Vertex q) { return side.Home(q); })) continue;
    std::set<Vertex> places;
    for (Vertex q : tied) {
      auto place = side.Home(q) ? std::nullopt : PlaceOf(p, q);
      if (place && !side.Home(*place) && !side.SameCountry(*place)) places.insert(*place);
    }
    for (Vertex place : places) {
      auto& row = rows[place];
      row.partner = place;
      ++(agreement ? row.agreements : row.visits);
      if (!row.last || *row.last < *vd.date) row.last = vd.date;
    }
  }
  for (auto& [place, row] : rows) {
    CT_RETURN_IF_ERROR(s.NameVertex(&r, place));
    r.rows.push_back(row);
  }
  std::stable_sort(r.rows.begin(), r.rows.end(), [](const ActivityRow& a, const ActivityRow& b) {
    return a.visits + a.agreements > b.visits + b.agreements;
  });
  CT_RETURN_IF_ERROR(s.NameVertex(&r, r.center));
  return r;
}

}  // namespace cityties::engine
