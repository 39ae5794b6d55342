#include "projection/projection.h"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <chrono>
#include <functional>
#include <set>
#include <thread>
#include <unordered_map>

#include "common/text.h"
#include "projection/cache.h"
#include "projection/csr.h"
#include "query/node_query.h"

namespace cityties::projection {

namespace {

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Filter::since/until semantics (projection.h): left out when not begun by the end of the window
// or ended before its start.
bool InWindow(const std::optional<PartialDate>& begin, const std::optional<PartialDate>& end, const Filter& f) {
  if (f.until && begin && begin->FirstDay() > f.until->LastDay()) return false;
  if (f.since && end && end->LastDay() < f.since->FirstDay()) return false;
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A --country argument as the external id of a Country node.
Result<std::string> ResolveCountry(const store::GraphStore& store, const std::string& text) {
  for (const std::string& id : {text, "country/" + Lower(text)}) {
    auto node = store.GetNode(id);
    if (node.ok() && store.schema().domain().IsCountry(node->label)) return node->ext_id;
  }
  auto node = query::ResolveNode(store, text);
  if (!node.ok()) return Status::InvalidParameter("country", node.status().message());
  if (!store.schema().domain().IsCountry(node->label)) {
    return Status::InvalidParameter("country", "'" + text + "' is a " + node->label + " (" + node->ext_id +
                                                   "), not a " + store.schema().domain().country_label);
  }
  return node->ext_id;
}

}  // namespace

bool ReachFilter(const Filter& filter) {
  return filter.countries.empty() && !filter.since && !filter.until && !filter.expand_agreements &&
         filter.statuses.empty() && filter.tiers.empty();
}

Result<KeptTypes> KeepTypes(const schema::Schema& schema, const Filter& filter, size_t codes) {
  const auto& domain = schema.domain();
  KeptTypes kept{std::vector<bool>(codes, filter.edge_types.empty()), filter.edge_types.empty()};
  for (const auto& t : filter.edge_types) {
    if (t == kAgreementTieName) {
      kept.agreement_ties = true;
      continue;
    }
    const auto* def = schema.FindEdgeType(t);
    if (!def) return Status::InvalidParameter("types", "unknown edge type '" + t + "'");
    if (def->code >= kept.on.size()) kept.on.resize(def->code + 1, false);
    kept.on[def->code] = true;
    if (domain.IsPartyType(t)) kept.agreement_ties = true;
  }
  const auto* located_in = schema.FindEdgeType(domain.location_type);
  if (filter.edge_types.empty() && !filter.include_location && located_in && located_in->code < kept.on.size()) {
    kept.on[located_in->code] = false;
  }
  return kept;
}

Result<KeptTypes> KeepTypes(const schema::Schema& schema, const Filter& filter) {
  size_t codes = 0;  // one past the highest
  for (const auto& type : schema.edge_types()) codes = std::max<size_t>(codes, type.code + 1);
  return KeepTypes(schema, filter, codes);
}

class ProjectionBuilder {
 public:
  static Result<Projection> Build(const store::GraphStore& store, std::shared_ptr<const Base> shared,
                                  const Filter& filter, const std::function<void(Projection&)>& finish) {
    const Base& base = *shared;
    Projection p;
    p.base_ = shared;
    p.base_vertices_ = base.vertices.data();
    p.filter_ = filter;
    p.domain_ = store.schema().domain();
    p.directed_ = base.directed;
    p.type_names_ = base.type_names;
    const auto& schema = store.schema();
    const auto& domain = schema.domain();
    const size_t n = base.vertices.size();

    // Resolve the filter's names.
    std::set<std::string> labels;
    for (const auto& l : filter.labels) {
      if (!schema.FindLabel(l)) return Status::InvalidParameter("labels", "unknown label '" + l + "'");
      labels.insert(l);
    }
    auto kept = KeepTypes(schema, filter, base.type_names.size());
    if (!kept.ok()) return kept.status();
    const std::vector<bool>& type_on = kept->on;
    const bool agreement_ties = kept->agreement_ties;
    const auto* located_in = schema.FindEdgeType(domain.location_type);
    const auto* party_to = schema.FindEdgeType(domain.agreement.party_type);
    std::set<std::string> countries;
    for (const auto& c : filter.countries) {
      auto id = ResolveCountry(store, c);
      if (!id.ok()) return id.status();
      countries.insert(*id);
    }

    // Vertices: label, country and (Agreement, Visit) time window.
    enum Keep : uint8_t { kDrop, kKeep, kIfTied };
    std::vector<uint8_t> keep(n, kKeep);
    std::vector<bool> agreement(n, false), hub(n, false);
    const bool drop_undated = (filter.since || filter.until) && !filter.keep_undated;
    for (Vertex v = 0; v < n; ++v) {
      const auto& vd = base.vertices[v];
      agreement[v] = domain.IsAgreement(vd.label);
      hub[v] = agreement[v] || domain.IsEvent(vd.label);
      std::optional<PartialDate> end = vd.end_date;
      if (domain.IsEvent(vd.label) && !end) end = vd.date;  // a visit is over when it is over
      bool ok = InWindow(vd.date, end, filter);
      if (ok && !labels.empty() && !labels.count(vd.label) && !(agreement[v] && filter.expand_agreements)) ok = false;
      if (ok && drop_undated && hub[v] && !vd.date && !vd.end_date) {
        ok = false;
        ++p.undated_left_out_;
      }
      if (!ok) {
        keep[v] = kDrop;
      } else if (!countries.empty()) {
        keep[v] = vd.country.empty() ? kIfTied : (countries.count(vd.country) ? kKeep : kDrop);
      }
    }
    // Filter::statuses and tiers: each tie judged by its fact (schema/provenance.h), as the
    // answers explain it (the first hub among its head and tail, seen through the edge, else the
    // edge itself).
    const bool by_provenance = !filter.statuses.empty() || !filter.tiers.empty();
    const PartialDate today = schema::Today();
    auto allowed = [&](const schema::StatusAndTier& judged) {
      auto in = [](const std::vector<std::string>& list, const std::string& value) {
        return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
      };
      return in(filter.statuses, judged.status) && in(filter.tiers, judged.tier());
    };
    auto hub_end = [&](Vertex v) { return agreement[v] ? base.vertices[v].end_date : std::nullopt; };
    auto provenance_ok = [&](const BaseEdge& e) {
      if (!by_provenance) return true;
      for (Vertex end : {e.dst, e.src}) {
        if (hub[end]) return allowed(schema::Judge(base.vertices[end].marks, &e.marks, hub_end(end), today));
      }
      return allowed(schema::Judge(e.marks, nullptr, e.until, today));
    };
    if (by_provenance) {                // a hub whose every tie is left out goes with them
      std::vector<uint8_t> ties(n, 0);  // bit 0: has a tie of a kept type, bit 1: one passes
      for (const auto& e : base.edges) {
        if (e.type >= type_on.size() || !type_on[e.type]) continue;
        const uint8_t bits = provenance_ok(e) ? 3 : 1;
        ties[e.src] |= bits;
        ties[e.dst] |= bits;
      }
      for (Vertex v = 0; v < n; ++v) {
        // (expanded, an agreement is no vertex, and its ties are judged by it alone below)
        if (!hub[v] || keep[v] == kDrop || (agreement[v] && filter.expand_agreements)) continue;
        const bool survives =
            ties[v] ? (ties[v] & 2) != 0 : allowed(schema::Judge(base.vertices[v].marks, nullptr, hub_end(v), today));
        if (!survives) keep[v] = kDrop;
      }
    }
    // Filter::keep_undated: a tie dated neither by itself nor by a hub at one of its ends.
    auto undated = [&](const BaseEdge& e) {
      return drop_undated && !e.since && !e.until && !e.observed && !hub[e.src] && !hub[e.dst] &&
             !(located_in && e.type == located_in->code);
    };
    auto edge_ok = [&](const BaseEdge& e) {
      return e.type < type_on.size() && type_on[e.type] && keep[e.src] != kDrop && keep[e.dst] != kDrop &&
             InWindow(e.since, e.until, filter) && !undated(e) && provenance_ok(e);
    };

    // Expanded agreements: the parties of each agreement that passed the filters.
    std::vector<std::pair<Vertex, std::vector<Vertex>>> expansions;
    if (filter.expand_agreements) {
      std::unordered_map<Vertex, std::vector<Vertex>> parties;
      if (party_to && agreement_ties) {
        for (const auto& e : base.edges) {
          if (e.type != party_to->code || !agreement[e.dst] || keep[e.dst] == kDrop) continue;
          if (keep[e.src] == kDrop || agreement[e.src] || !InWindow(e.since, e.until, filter)) continue;
          parties[e.dst].push_back(e.src);
        }
      }
      for (auto& [a, list] : parties) {
        // An expanded agreement's ties are the agreement's fact alone.
        const auto& ad = base.vertices[a];
        if (by_provenance && !allowed(schema::Judge(ad.marks, nullptr, ad.end_date, today))) continue;
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        if (list.size() >= 2) expansions.emplace_back(a, std::move(list));
      }
      for (Vertex v = 0; v < n; ++v) {
        if (agreement[v]) keep[v] = kDrop;
      }
    }

    // Nodes without a country survive a country filter only through a surviving tie.
    if (!countries.empty()) {
      std::vector<bool> tied(n, false);
      for (const auto& e : base.edges) {
        if (!edge_ok(e) || e.src == e.dst) continue;
        if (keep[e.src] == kKeep) tied[e.dst] = true;
        if (keep[e.dst] == kKeep) tied[e.src] = true;
      }
      for (const auto& [a, list] : expansions) {
        for (Vertex v : list) tied[v] = tied[v] || list.size() >= 2;
      }
      for (Vertex v = 0; v < n; ++v) {
        if (keep[v] == kIfTied) keep[v] = tied[v] ? kKeep : kDrop;
      }
    }

    // Number the kept vertices densely in external id order (the deterministic tie-break of
    // every algorithm), whatever the base's own (internal id) order.
    std::vector<Vertex> local(n, kNoVertex);
    std::vector<Vertex> rank(n, 0);
    for (Vertex i = 0; i < n; ++i) rank[base.by_ext[i]] = i;
    for (Vertex v : base.by_ext) {
      if (keep[v] != kKeep) continue;
      local[v] = static_cast<Vertex>(p.base_of_.size());
      p.base_of_.push_back(v);
    }
    auto kept_tie = [&](const BaseEdge& e) {
      return edge_ok(e) && local[e.src] != kNoVertex && local[e.dst] != kNoVertex;
    };
    // Counted first: at scale the ties are the view's largest array, and growing it by doubling
    // held up to twice its size (old and new copies) at the peak.
    p.ties_.reserve(static_cast<size_t>(std::count_if(base.edges.begin(), base.edges.end(), kept_tie)));
    for (const auto& e : base.edges) {
      if (!kept_tie(e)) {
        if (undated(e) && e.type < type_on.size() && type_on[e.type] && local[e.src] != kNoVertex &&
            local[e.dst] != kNoVertex) {
          ++p.undated_left_out_;
        }
        continue;
      }
      p.ties_.push_back(Tie{.src = local[e.src],
                            .dst = local[e.dst],
                            .via = 0,
                            .weight = e.weight,
                            .type = e.type,
                            .since = e.since,
                            .until = e.until});
    }
    std::sort(p.ties_.begin(), p.ties_.end(), [](const Tie& a, const Tie& b) {
      return std::tie(a.src, a.type, a.dst) < std::tie(b.src, b.type, b.dst);
    });
    for (auto& [a, list] : expansions) {
      std::sort(list.begin(), list.end(), [&](Vertex x, Vertex y) { return rank[x] < rank[y]; });
    }
    std::sort(expansions.begin(), expansions.end(),
              [&](const auto& x, const auto& y) { return rank[x.first] < rank[y.first]; });
    for (const auto& [a, list] : expansions) {
      const auto& ad = base.vertices[a];
      p.via_.push_back(ad);
      for (size_t i = 0; i < list.size(); ++i) {
        for (size_t j = i + 1; j < list.size(); ++j) {
          Vertex x = local[list[i]], y = local[list[j]];
          if (x == kNoVertex || y == kNoVertex) continue;
          p.ties_.push_back(Tie{.src = x,
                                .dst = y,
                                .via = ad.node,
                                .weight = 1.0,
                                .type = kAgreementTie,
                                .since = ad.date,
                                .until = ad.end_date});
        }
      }
    }
    std::sort(p.via_.begin(), p.via_.end(), [](const VertexData& x, const VertexData& y) { return x.node < y.node; });
    BuildAdjacency(p);
    finish(p);
    return p;
  }

  static void SetStats(Projection& p, const BuildStats& stats) { p.stats_ = stats; }

  // Incidence lists and the symmetric CSR.
  static void BuildAdjacency(Projection& p) {
    const size_t n = p.num_vertices();
    std::vector<uint32_t> count(n + 1, 0);
    for (const auto& t : p.ties_) {
      ++count[t.src];
      if (t.dst != t.src) ++count[t.dst];
    }
    p.incidence_offsets_.assign(n + 1, 0);
    for (size_t v = 0; v < n; ++v) p.incidence_offsets_[v + 1] = p.incidence_offsets_[v] + count[v];
    p.incidences_.resize(p.incidence_offsets_[n]);
    std::vector<uint32_t> at(p.incidence_offsets_.begin(), p.incidence_offsets_.end() - 1);
    for (TieIndex i = 0; i < p.ties_.size(); ++i) {
      const auto& t = p.ties_[i];
      p.incidences_[at[t.src]++] = Incidence{i, t.dst, true};
      if (t.dst != t.src) p.incidences_[at[t.dst]++] = Incidence{i, t.src, false};
    }
    // Most graphs carry no weights: then the pair's representative is simply its first tie.
    const bool unit = std::all_of(p.ties_.begin(), p.ties_.end(), [](const Tie& t) { return t.weight == 1.0; });
    // Arcs in (source, target) order, handed to the CSR in place: it keeps `targets` and `props`
    // as its own arrays instead of copying them (20 bytes an arc held twice at once).
    std::vector<Vertex> sources, targets;
    std::vector<EdgeProp> props;
    sources.reserve(p.incidences_.size());
    targets.reserve(p.incidences_.size());
    props.reserve(p.incidences_.size());
    for (Vertex v = 0; v < n; ++v) {
      auto b = p.incidences_.begin() + p.incidence_offsets_[v], e = p.incidences_.begin() + p.incidence_offsets_[v + 1];
      std::sort(b, e, [](const Incidence& x, const Incidence& y) {
        return x.other != y.other ? x.other < y.other : x.tie < y.tie;
      });
      for (auto it = b; it != e; ++it) {
        if (it->other == v) continue;
        const double w = unit ? 1.0 : p.ties_[it->tie].weight;
        if (!sources.empty() && sources.back() == v && targets.back() == it->other) {
          if (w < props.back().weight) props.back() = EdgeProp{it->tie, w};  // same pair: keep the lightest
          continue;
        }
        sources.push_back(v);
        targets.push_back(it->other);
        props.push_back(EdgeProp{it->tie, w});
      }
    }
    p.graphs_ = std::make_unique<Graphs>();
    // Already sorted, so the in-place sort moves nothing.
    p.graphs_->sym = SymGraph(boost::construct_inplace_from_sources_and_targets, sources, targets, props, n);
  }

  static void BuildDirected(const Projection& p) {
    std::vector<std::tuple<Vertex, Vertex, TieIndex>> list;
    list.reserve(p.ties_.size());
    for (TieIndex i = 0; i < p.ties_.size(); ++i) {
      const auto& t = p.ties_[i];
      if (t.src != t.dst) list.emplace_back(t.src, t.dst, i);
    }
    std::sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
      if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
      if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) < std::get<1>(b);
      double wa = p.ties_[std::get<2>(a)].weight, wb = p.ties_[std::get<2>(b)].weight;
      return wa != wb ? wa < wb : std::get<2>(a) < std::get<2>(b);
    });
    std::vector<std::pair<Vertex, Vertex>> edges;
    std::vector<EdgeProp> props;
    for (const auto& [s, d, t] : list) {
      if (!edges.empty() && edges.back() == std::make_pair(s, d)) continue;  // sorted: first is lightest
      edges.emplace_back(s, d);
      props.push_back(EdgeProp{t, p.ties_[t].weight});
    }
    p.graphs_->dir = std::make_unique<DirGraph>(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                                                props.begin(), p.num_vertices());
  }
};

Projection::Projection() = default;
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;
Projection::~Projection() = default;

std::optional<Vertex> Projection::Find(store::NodeId node) const {
  // Vertices are in external id order, not node id order: a linear scan, built into a map on
  // first use would need locking; queries call this a handful of times.
  for (Vertex v = 0; v < num_vertices(); ++v) {
    if (vertex(v).node == node) return v;
  }
  return std::nullopt;
}

std::optional<Vertex> Projection::FindExt(std::string_view ext_id) const {
  VertexData probe;
  probe.ext_id = std::string(ext_id);
  uint64_t num = 0;
  bool numeric = !ext_id.empty() && ext_id.size() <= 20 &&
                 std::all_of(ext_id.begin(), ext_id.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric) {
    for (char c : ext_id) {
      if (num > (UINT64_MAX - static_cast<uint64_t>(c - '0')) / 10) {
        numeric = false;
        break;
      }
      num = num * 10 + static_cast<uint64_t>(c - '0');
    }
  }
  auto less = [](const VertexData& a, const VertexData& b) {
    if (a.numeric != b.numeric) return a.numeric;
    if (a.numeric && a.numeric_id != b.numeric_id) return a.numeric_id < b.numeric_id;
    return a.ext_id < b.ext_id;
  };
  probe.numeric = numeric;
  probe.numeric_id = numeric ? num : 0;
  // Kept vertices are in base order, which is external id order: binary search the view.
  auto it = std::lower_bound(base_of_.begin(), base_of_.end(), probe,
                             [&](Vertex b, const VertexData& x) { return less(base_vertices_[b], x); });
  if (it == base_of_.end() || base_vertices_[*it].ext_id != ext_id) return std::nullopt;
  return static_cast<Vertex>(it - base_of_.begin());
}

std::vector<Incidence> Projection::Incident(Vertex v) const {
  return {incidences_.begin() + incidence_offsets_[v], incidences_.begin() + incidence_offsets_[v + 1]};
}

std::vector<Vertex> Projection::Neighbors(Vertex v) const {
  std::vector<Vertex> out;
  for (auto e : boost::make_iterator_range(out_edges(v, graphs_->sym))) out.push_back(target(e, graphs_->sym));
  return out;
}

std::optional<TieIndex> Projection::TieBetween(Vertex a, Vertex b) const {
  const auto& g = graphs_->sym;
  auto range = out_edges(a, g);
  auto it = std::lower_bound(range.first, range.second, b, [&](const auto& e, Vertex x) { return target(e, g) < x; });
  if (it == range.second || target(*it, g) != b) return std::nullopt;
  return g[*it].tie;
}

std::string Projection::TypeName(const Tie& tie) const {
  if (tie.type == kAgreementTie) return kAgreementTieName;
  return tie.type < type_names_.size() ? type_names_[tie.type] : "?";
}

const VertexData* Projection::Via(const Tie& tie) const {
  if (tie.type != kAgreementTie) return nullptr;
  auto it = std::lower_bound(via_.begin(), via_.end(), tie.via,
                             [](const VertexData& v, store::NodeId node) { return v.node < node; });
  return it != via_.end() && it->node == tie.via ? &*it : nullptr;
}

const DirGraph& DirectedGraph(const Projection& p) {
  std::call_once(p.graphs().dir_once, [&] { ProjectionBuilder::BuildDirected(p); });
  return *p.graphs().dir;
}

Result<Projection> Project(const store::GraphStore& store, const Filter& filter, const ProjectOptions& options) {
  auto start = std::chrono::steady_clock::now();
  BaseSource source;
  auto base = !options.around.empty() && options.reach_only ? ScanReach(store, options.around, options.hops, filter)
              : !options.around.empty()                     ? ScanNeighbourhood(store, options.around, options.hops)
                                        : LoadBase(store, options.use_cache, &source, CacheWrite::kByCaller);
  if (!base.ok()) return base.status();
  double base_ms = MsSince(start);
  start = std::chrono::steady_clock::now();
  // A scanned or updated base is saved on another thread while the view is built (at 1M edges
  // the cache's encoding and write take about as long as the view); it is written in pieces
  // (WriteBaseCache), so the two never hold the whole encoding and the view at once.
  std::jthread save;  // joined on every way out
  if (!source.save_to.empty()) {
    save = std::jthread([saved = *base, path = source.save_to] { (void)WriteBaseCache(*saved, path); });
  }
  BuildStats stats{base_ms, 0, source.from_cache, source.commits_applied};
  return ProjectionBuilder::Build(store, *base, filter, [&](Projection& p) {
    stats.view_ms = MsSince(start);
    ProjectionBuilder::SetStats(p, stats);
  });
}

Result<Vertex> ResolveVertex(const store::GraphStore& store, const Projection& projection, const std::string& text) {
  auto node = query::ResolveNode(store, text);
  if (!node.ok()) return node.status();
  if (auto v = projection.FindExt(node->ext_id)) return *v;
  return Status::NotFound(node->ext_id + " (" + query::DisplayName(*node) +
                          ") is left out of the graph by the filters (labels, types, country, dates, "
                          "expanded agreements)");
}

Result<TieDetails> DescribeTie(const store::GraphStore& store, const Projection& projection, TieIndex index) {
  const Tie& tie = projection.tie(index);
  TieDetails d;
  d.type = projection.TypeName(tie);
  if (tie.type == kAgreementTie) {
    auto agreement = store.GetNode(tie.via);
    if (!agreement.ok()) return agreement.status();
    d.props = agreement->props;
    d.props["agreement"] = agreement->ext_id;
    d.date = store::StringProperty(agreement->props, "date");
    d.end = store::StringProperty(agreement->props, "end_date");
    d.sources = store::StringListProperty(agreement->props, "sources");
    return d;
  }
  auto edge = store.GetEdge(projection.vertex(tie.src).node, tie.type, projection.vertex(tie.dst).node);
  if (!edge.ok()) return edge.status();
  d.props = edge->props;
  d.date = store::StringProperty(edge->props, "since");
  d.end = store::StringProperty(edge->props, "until");
  d.sources = store::StringListProperty(edge->props, "sources");
  return d;
}

}  // namespace cityties::projection
