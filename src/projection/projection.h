// The projection: the stored property graph (RocksDB) turned into an in-memory graph that every
// relationship query and graph algorithm runs on. No algorithm reads RocksDB; they all read a
// Projection, built here under the filters that every graph command shares.
//
// This header is light (no Boost): the CLI, render and export layers include it. Algorithms that
// need the Boost.Graph compressed-sparse-row graphs include "projection/csr.h".
//
// The base (below) numbers nodes by their internal store id, which never changes, so a node added
// later is appended and renumbers nothing. A view numbers its vertices 0..n-1 in *external id
// order*: ids made only of digits (edge-list
// imports) compare as unsigned numbers and come first, every other id compares bytewise. So
// "smallest vertex" always means "smallest external id", which is the deterministic tie-break
// rule used by every algorithm (and for edge-list graphs the numerically smallest vertex id).
//
// A projection is built in two steps:
//  1. the *base*: every node and edge of the store with the attributes the filters need (label,
//     country, dates, weight). It is read with prefix scans (GraphStore::ForEachNode /
//     ForEachEdge) and cached on disk next to the data, keyed by GraphStore::Sequence() (see
//     projection/cache.h), so that repeated queries on an unchanged database skip the scan;
//  2. the *view*: the base under a Filter, as a list of ties plus Boost CSR graphs over them.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"
#include "common/status.h"
#include "schema/domain.h"
#include "schema/provenance.h"
#include "store/graph_store.h"

namespace cityties::projection {

// A vertex of a projection: dense, 0..num_vertices()-1, in external id order.
using Vertex = uint32_t;
inline constexpr Vertex kNoVertex = std::numeric_limits<Vertex>::max();
// An index into Projection::tie().
using TieIndex = uint32_t;

// The pseudo edge type of the ties that --expand-agreements derives from an Agreement node: one
// tie between each pair of its parties. Never stored on disk.
inline constexpr store::TypeCode kAgreementTie = 0xFFFF;
inline constexpr const char* kAgreementTieName = "AGREEMENT";

// An external id's place in the order of a view's vertices (below): all-digit ids first,
// numerically, then bytewise; parsed once, to sort ids that are not vertices yet.
struct ExtRank {
  bool numeric = false;
  uint64_t value = 0;  // when numeric
  explicit ExtRank(const std::string& ext_id);
  ExtRank(bool is_numeric, uint64_t number) : numeric(is_numeric), value(number) {}
};
inline bool ExtLess(const ExtRank& a, const std::string& a_id, const ExtRank& b, const std::string& b_id) {
  if (a.numeric != b.numeric) return a.numeric;
  if (a.numeric && a.value != b.value) return a.value < b.value;
  return a_id < b_id;
}

// The filters shared by every graph command. Empty lists mean "no restriction".
struct Filter {
  // Keep only nodes of these labels (e.g. {"City", "Agreement"}).
  std::vector<std::string> labels;
  // Keep only edges of these types. Empty means the default tie types: every type except
  // LOCATED_IN (location is structure, not a tie; with it every city would hang off its country
  // and country nodes would dominate centrality). Name LOCATED_IN explicitly to include it.
  std::vector<std::string> edge_types;
  // With no edge_types given: keep location ties too (every type of the schema).
  bool include_location = false;
  // Keep only nodes located in one of these countries (an external id "country/jp", an ISO code
  // "jp" or a name). A node's country is its `country` property, else the end of its LOCATED_IN
  // chain; Country nodes are their own country. Nodes that have no country (agreements, visits,
  // officials) are kept when at least one of their ties survives.
  std::vector<std::string> countries;
  // The time window [since, until] (either end open). A tie is left out when it had not begun by
  // the end of the window or had ended before its start: edges use their `since`/`until`,
  // Agreement nodes `date`/`end_date`, Visit nodes `date`/`end_date` (a visit outside the
  // window is left out with its edges). Partial dates cover intervals (common/date.h): "begun by"
  // compares the first day of `since` with the last day of the window, "ended before" the last
  // day of `until` with the first day of the window. --as-of D sets since = until = D.
  std::optional<PartialDate> since;
  std::optional<PartialDate> until;
  // Under a time window, whether undated ties stay. When false, an Agreement or Visit without a
  // date is left out with its edges, and so is any other tie with neither `since` nor `until`
  // whose ends are no such hub (a tie to a hub is dated by the hub); location ties always stay
  // (they are structure, not ties). Projection::undated_left_out() counts what was left out.
  // Without a window it changes nothing.
  bool keep_undated = true;
  // Hub mode (false, the default): an Agreement is a vertex tied to each party by PARTY_TO.
  // Expanded mode (true): each Agreement becomes one kAgreementTie between every pair of its
  // parties and is no vertex itself (its other edges, SIGNED_BY and PRODUCED, are left out).
  bool expand_agreements = false;
  // Keep only ties of these statuses and source tiers (schema/provenance.h; empty: all). A tie's
  // fact is the Agreement or event at one of its ends (the head's first), seen through the edge,
  // else the edge itself; an expanded agreement's ties are the agreement's. An Agreement or event
  // whose every tie is left out is left out too.
  std::vector<std::string> statuses;
  std::vector<std::string> tiers;
};

// One projected node.
struct VertexData {  // the marks and flags last, together: 224 bytes, not 232
  store::NodeId node = 0;
  uint64_t numeric_id = 0;  // the external id's value, when `numeric`
  std::string ext_id;
  std::string label;
  std::string name;                           // query::DisplayName, "" when it would equal ext_id
  std::string country;                        // external id of its Country node (resolved as in Filter), or ""
  std::string city;                           // external id of the City it is LOCATED_IN (Schools, Institutions), or ""
  std::string kind;                           // the `kind` property (Agreement, Visit, Institution), or ""
  std::optional<PartialDate> date, end_date;  // Agreement and Visit nodes
  schema::ProvenanceMarks marks;              // an Agreement's or an event's own (Filter::statuses)
  bool numeric = false;                       // the external id is all digits (edge-list vertices)
  bool country_inferred = false;              // country comes from the LOCATED_IN chain, not the node itself

  const std::string& DisplayName() const { return name.empty() ? ext_id : name; }
};

// One projected tie: a stored edge, or in expanded mode an agreement between two of its parties.
// Fields ordered to pack into 40 bytes (a view holds one per tie).
struct Tie {
  Vertex src = kNoVertex;  // as stored: the edge goes src -> dst (kAgreementTie: src < dst)
  Vertex dst = kNoVertex;
  store::NodeId via = 0;                    // kAgreementTie: the Agreement node; else 0
  double weight = 1.0;                      // the `weight` property, 1 when absent
  store::TypeCode type = 0;                 // schema edge type code, or kAgreementTie
  std::optional<PartialDate> since, until;  // kAgreementTie: the agreement's date / end_date
};

// A tie as seen from one of its ends.
struct Incidence {
  TieIndex tie = 0;
  Vertex other = kNoVertex;
  bool outgoing = false;  // true when the tie is stored from this vertex to `other`
};

struct Graphs;  // the Boost CSR graphs over the ties (projection/csr.h)
struct Base;    // the unfiltered projection (projection/cache.h)

struct ProjectOptions {
  // Read and write the on-disk cache of the base projection (see projection/cache.h).
  bool use_cache = true;
  // When set, project only the neighbourhood of these nodes: those within `hops` stored edges
  // (see ScanNeighbourhood). For point queries; the cache is not used.
  std::vector<store::NodeId> around;
  int hops = 0;
  // With `around`: only what a listing of the nodes within `hops` by depth and first parent needs
  // (ScanReach): every such node, but of the ties only each one's ties to its parent, no property of a tie
  // unless two join the same pair, and no place a node is LOCATED_IN unless a kept tie reaches
  // it. For a filter without a time window, countries or expanded agreements (ReachFilter).
  bool reach_only = false;
};

// Whether ProjectOptions::reach_only can serve `filter`: only edge types and labels decide what
// it keeps.
bool ReachFilter(const Filter& filter);

// Timings of the build, for --timing and the benchmark.
struct BuildStats {
  double base_ms = 0;  // scanning the store, or loading the cache
  double view_ms = 0;  // filtering and building the CSR graphs
  bool from_cache = false;
  size_t commits_applied = 0;  // from the cache, brought up to date through this many logged commits
};

class Projection {
 public:
  Projection(Projection&&) noexcept;
  Projection& operator=(Projection&&) noexcept;
  ~Projection();

  size_t num_vertices() const { return base_of_.size(); }
  size_t num_ties() const { return ties_.size(); }
  // False only for an undirected edge-list import (each stored edge means both directions).
  bool directed() const { return directed_; }
  const Filter& filter() const { return filter_; }
  const BuildStats& stats() const { return stats_; }
  // Undated ties the time window left out (Filter::keep_undated): hubs and edges, each one.
  size_t undated_left_out() const { return undated_left_out_; }
  // What the labels and edge types mean (the store's schema's domain section).
  const schema::Domain& domain() const { return domain_; }

  const VertexData& vertex(Vertex v) const { return base_vertices_[base_of_[v]]; }
  const Tie& tie(TieIndex t) const { return ties_[t]; }
  const std::vector<Tie>& ties() const { return ties_; }

  // The vertex of an external id (binary search), or of a store node (a linear scan: for a
  // handful of look-ups), when the filters kept it.
  std::optional<Vertex> Find(store::NodeId node) const;
  std::optional<Vertex> FindExt(std::string_view ext_id) const;

  // Every tie at `v`, both directions, sorted by (other vertex, tie index). Parallel ties (two
  // edge types between the same nodes, or two agreements) each appear.
  std::vector<Incidence> Incident(Vertex v) const;
  // Distinct neighbours of `v` (either direction), ascending; no self.
  std::vector<Vertex> Neighbors(Vertex v) const;
  // The tie that represents the pair {a, b} in the simple graph: the smallest weight, then the
  // smallest tie index; nullopt when a and b are not adjacent.
  std::optional<TieIndex> TieBetween(Vertex a, Vertex b) const;

  // The edge type name of a tie ("PARTY_TO", ..., "AGREEMENT").
  std::string TypeName(const Tie& tie) const;
  // For a kAgreementTie, the Agreement node it comes from (which is no vertex in expanded mode);
  // nullptr for any other tie.
  const VertexData* Via(const Tie& tie) const;

  // The Boost.Graph views (defined in projection/csr.h). graphs().sym is always built; the
  // directed graph is built on first use by DirectedGraph(const Projection&).
  const Graphs& graphs() const { return *graphs_; }

 private:
  friend class ProjectionBuilder;
  Projection();

  Filter filter_;
  schema::Domain domain_;
  bool directed_ = true;
  // The vertices live in the (shared, possibly cached) base; a view keeps the base indices of the
  // ones its filters kept, so building a view copies no vertex data.
  std::shared_ptr<const Base> base_;
  const VertexData* base_vertices_ = nullptr;
  std::vector<Vertex> base_of_;
  std::vector<Tie> ties_;
  std::vector<uint32_t> incidence_offsets_;  // per vertex, into incidences_
  std::vector<Incidence> incidences_;
  std::vector<std::string> type_names_;  // by TypeCode
  std::vector<VertexData> via_;          // expanded mode: the agreements behind kAgreementTie, by node
  std::unique_ptr<Graphs> graphs_;
  BuildStats stats_;
  size_t undated_left_out_ = 0;
};

// Builds the projection of `store` under `filter`. Fails with InvalidParameter naming "labels",
// "types" or "country" for an unknown label, edge type or country.
Result<Projection> Project(const store::GraphStore& store, const Filter& filter, const ProjectOptions& options = {});

// Resolves a NODE argument (id, name or alias, via query::ResolveNode) to a projected vertex.
// NotFound when the node exists but the filters left it out of the projection.
Result<Vertex> ResolveVertex(const store::GraphStore& store, const Projection& projection, const std::string& text);

// What the store says about a tie, for explaining it: the stored properties (dates, sources, role,
// kind...) and, for ties through an Agreement, the agreement's properties.
struct TieDetails {
  std::string type;                           // edge type name, "AGREEMENT" for expanded ties
  std::string date;                           // since (or the agreement's date), "" when undated
  std::string end;                            // until (or the agreement's end_date), ""
  std::vector<std::string> sources;           // provenance of the edge (and of the agreement when expanded)
  store::Json props = store::Json::object();  // the stored edge properties (expanded: the agreement's)
};
Result<TieDetails> DescribeTie(const store::GraphStore& store, const Projection& projection, TieIndex tie);

}  // namespace cityties::projection
