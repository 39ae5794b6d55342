// The typed requests and results of the engine (engine/database.h): one request per question a
// front end can ask, with the promise each answer keeps.
//
// Requests hold what a user gave, as given (names, dates as text, counts); the session checks
// every field and answers InvalidParameter naming the field (its name here, e.g. "as_of",
// "max_hops") when one is wrong. Node fields take an external id, a name or an alias in any
// language (query::ResolveNode).
//
// Every result derives from Answer: the projection the answer was computed on (shared, read-only),
// the stored details of every node and tie it names, and notes (truncation, what a filter left
// out). A front end prints or draws a result from these alone.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "algo/analytics.h"
#include "algo/paths.h"
#include "algo/relations.h"
#include "common/date.h"
#include "engine/provenance.h"
#include "engine/records.h"
#include "projection/image.h"
#include "projection/projection.h"
#include "store/graph_store.h"

namespace cityties::engine {

using projection::TieIndex;
using projection::Vertex;

// ---- shared parts

// The part of the graph a request looks at: the projection filters (projection::Filter).
struct Scope {
  std::vector<std::string> labels;      // keep only nodes of these labels
  std::vector<std::string> edge_types;  // keep only these tie types (default: all but location)
  std::vector<std::string> countries;   // keep only nodes in these countries (id, ISO code or name)
  std::string as_of;                    // "YYYY[-MM[-DD]]": the network at that date ("" none)
  std::string since;                    // leave out ties that ended before it
  std::string until;                    // leave out ties that began after it
  bool expand_agreements = false;       // an n-party agreement becomes a tie between each pair
  // Row answers (ties, timeline, partners, agreements) keep only ties of these statuses and
  // source tiers (engine/provenance.h; empty: all). Their parameter names are "status" and "tier".
  std::vector<std::string> statuses;
  std::vector<std::string> tiers;
  // With a time window (as_of, since, until), undated ties are left out of row answers and
  // counted in Answer::undated_left_out, unless this is set.
  bool include_undated = false;
};

// How long the answer took, for --timing and the benchmarks.
struct Timings {
  double base_ms = 0;     // the unfiltered projection: cache read or store scan
  double view_ms = 0;     // the filtered view
  double compute_ms = 0;  // the algorithm
  bool from_cache = false;
  size_t commits_applied = 0;       // the cache was brought up to date through this many commits
  bool from_image = false;          // the mapped projection image, used in place (projection/image.h)
  bool neighbourhood_only = false;  // projected only around the request's nodes (prefix scans)
  bool store_only = false;          // read from the store's keys, nothing projected (base_ms: the reads)
  size_t vertices = 0, ties = 0;
};

// What the store says of one tie, as an answer explains it: its type, its dates (a tie to an
// agreement or an event is dated by that hub when the edge itself is not), the kind of agreement
// behind it and its sources (the edge's, else the hub's).
struct TieFacts {
  bool dated_by_hub = false;  // the edge has no date of its own: `date` and `end` are its hub's
  std::string type;           // edge type name; "AGREEMENT" for an expanded agreement tie
  std::string kind;           // the agreement's or the event's kind, or ""
  std::string date;           // "" when undated
  std::string end;
  std::vector<std::string> sources;
  Provenance provenance;  // status, source tier, the properties only the secondary list gives
  std::string date_tier;  // "secondary" when only the secondary list gives `date`, else "report" ("" undated)
};

struct Answer {
  std::shared_ptr<const projection::Projection> graph;
  // By external id: every node the answer names (shared with the Database's cache).
  std::map<std::string, std::shared_ptr<const store::Node>> nodes;
  std::map<TieIndex, TieFacts> ties;  // every tie the answer names
  std::vector<std::string> notes;     // said beside the answer (e.g. "more paths exist")
  size_t undated_left_out = 0;        // undated ties a time window left out (Scope)
  Timings timings;

  const projection::VertexData& vertex(Vertex v) const { return graph->vertex(v); }
  // The stored node of a vertex or external id the answer names (nullptr if it names none).
  const store::Node* node(Vertex v) const { return node(graph->vertex(v).ext_id); }
  const store::Node* node(const std::string& ext_id) const;
  const TieFacts& tie(TieIndex t) const { return ties.at(t); }
};

// ---- ties NODE: every direct tie, grouped (algo::DirectTies), each explained.

struct TiesRequest {
  Scope scope;
  std::string node;
};
struct TieRow {
  std::string group;  // "agreement", "pairing", "visit", ... (the domain's tie groups)
  TieIndex tie = 0;
  Vertex other = projection::kNoVertex;
  bool outgoing = false;
  std::string kind;                  // the agreement's, event's or other node's kind
  std::string date, until;           // of the hub (agreement, event) or of the tie
  std::vector<Vertex> co_parties;    // an agreement's other parties, an event's other participants
  std::vector<std::string> sources;  // the tie's
  Provenance provenance;             // the tie's (TieFacts)
  std::string date_tier;             // the tie's (TieFacts)
  std::vector<std::string> offices;  // an official's offices, most recent first (query::Office::Describe)
};
struct TiesResult : Answer {
  Vertex center = projection::kNoVertex;
  std::vector<TieRow> rows;
};

// ---- neighbors NODE --depth K, and the ego map

struct NeighborsRequest {
  Scope scope;
  std::string node;
  size_t depth = 1;         // 1..kMaxDepth
  size_t max_vertices = 0;  // refuse a larger neighbourhood (0: no limit)
  // Name every reached node's stored record (Answer::nodes) and explain every tie among them
  // (ties_among), for drawing. Without: `reached` and each one's tie to its parent only, read by
  // prefix scans of keys (projection::ScanReach) when the scope has no time window, countries or
  // expanded agreements; the vertices then have no city nor a country through LOCATED_IN.
  bool details = true;
};
inline constexpr size_t kMaxDepth = 10;
struct NeighborsResult : Answer {
  Vertex center = projection::kNoVertex;
  std::vector<algo::Reached> reached;  // by depth, then vertex; the center first
  std::optional<TieIndex> TieToParent(const algo::Reached& r) const;
  // Every tie between two reached vertices, once (for drawing), explained in `ties`.
  std::vector<TieIndex> ties_among;
};

// ---- neighbors NODE --depth K --ids: the nodes reached, by depth, as ids only

struct ReachRequest {
  Scope scope;
  std::string node;
  size_t depth = 1;         // 1..kMaxDepth
  size_t max_vertices = 0;  // refuse a larger neighbourhood (0: no limit)
};
struct ReachedNode {
  size_t depth = 0;
  std::string id;                  // external
  std::optional<uint64_t> number;  // the id as a number, when it is all digits
  std::string label;
};
// The nodes a NeighborsRequest of the same scope lists, in its order (by depth, then vertex; the
// center first, at depth 0), without their parents and ties. Read from the store's keys and the
// nodes' heads when the scope is a ReachFilter and the depth at most the prefix scans' (nothing
// is projected: Timings::store_only), else from NeighborsRequest's answer.
struct ReachResult {
  std::vector<ReachedNode> reached;
  std::vector<std::string> notes;
  size_t undated_left_out = 0;
  Timings timings;
};

// ---- path A B

struct PathRequest {
  enum class Mode { kShortest, kKShortest, kAll };
  Scope scope;
  std::string from, to;
  Mode mode = Mode::kShortest;
  size_t k = 1;           // kKShortest: 1..kMaxPaths
  size_t max_hops = 4;    // kAll: 1..kMaxHops
  size_t limit = 100;     // kAll: 1..kMaxAllPaths
  bool weighted = false;  // the ties' weight as their length
};
inline constexpr size_t kMaxPaths = 1000;       // Yen's k, routes
inline constexpr size_t kMaxAllPaths = 100000;  // every simple path
inline constexpr size_t kMaxHops = 12;
struct PathResult : Answer {
  Vertex from = projection::kNoVertex, to = projection::kNoVertex;
  bool weighted = false;
  std::vector<algo::Path> paths;  // shortest first; every hop's tie explained in `ties`
  bool truncated = false;         // more paths exist than were returned
};

// ---- school-path SCHOOL --to CITY|SCHOOL

struct SchoolPathRequest {
  Scope scope;
  std::string school, to;
  size_t other_paths = 5;  // Yen's k for "other path" routes, 0..kMaxPaths
  size_t limit = 20;       // routes returned, 1..kMaxPaths
};
struct SchoolPathResult : Answer {
  Vertex school = projection::kNoVertex, target = projection::kNoVertex;
  std::vector<algo::SchoolRoute> routes;  // ranked (algo::SchoolPaths); hops explained in `ties`
  // By route: the weakest status of its ties (in_force, else e.g. "planned", which its
  // explanation then says).
  std::vector<std::string> route_status;
};

// ---- pairing-suggest SCHOOL [--city CITY]

struct PairingRequest {
  Scope scope;
  std::string school;
  std::string city;  // "" for any
  size_t top = 10;   // 0: all
};
struct PairingResult : Answer {
  Vertex school = projection::kNoVertex;
  std::vector<algo::PairingCandidate> candidates;
};

// ---- common A B

struct CommonRequest {
  Scope scope;
  std::string a, b;
};
struct CommonResult : Answer {
  Vertex a = projection::kNoVertex, b = projection::kNoVertex;
  std::vector<algo::CommonNeighbor> common;
};

// ---- timeline NODE, growth, dormant

struct TimelineRequest {
  Scope scope;
  std::string node;
};
struct TimelineResult : Answer {
  Vertex center = projection::kNoVertex;
  struct Row {
    algo::TimelineEvent event;
    std::string kind;                  // the agreement's, event's or other node's kind
    std::vector<std::string> sources;  // an agreement's or event's own sources, else the tie's
    Provenance provenance;             // the tie's (TieFacts)
    std::string date_tier;             // the tie's (TieFacts)
  };
  std::vector<Row> rows;  // oldest first (algo::Timeline)
};

struct GrowthRequest {
  Scope scope;
};
struct GrowthResult : Answer {
  std::vector<algo::YearCount> years;
  // By row of `years`: whether a source covers the year (the coverage stored at import); all
  // nullopt when the database has no coverage record. The undated row is nullopt.
  std::vector<std::optional<bool>> covered;
  // A count of row `i` as an answer states it: nullopt (unknown) for a zero in a year no source
  // covers, which is not the same as no activity.
  std::optional<size_t> Count(size_t i, size_t n) const {
    if (n == 0 && covered[i] == std::optional<bool>(false)) return std::nullopt;
    return n;
  }
  bool HasCoverage() const {
    for (const auto& c : covered) {
      if (c) return true;
    }
    return false;
  }
};

struct DormantRequest {
  Scope scope;        // its since/as_of are not used: `since` below is the threshold
  std::string since;  // required: pairs with no shared activity since this date
  std::string node;   // only pairs that include it ("" for all)
};
struct DormantResult : Answer {
  // A planned tie is not dormant, it never started: pairs whose strongest tie is planned are
  // left out unless scope.statuses names "planned" (then only the statuses named are kept).
  std::vector<algo::DormantPair> pairs;
  std::vector<std::string> status;  // by pair: its strongest tie's status
};

// ---- briefing tables: partners [NODE], agreements, activity

// One agreement or pairing between a partner and the center's side.
struct PartnerTie {
  std::string kind;                    // the agreement's kind, or the pairing type's group
  Vertex via = projection::kNoVertex;  // the agreement, or kNoVertex for a pairing edge
  std::optional<PartialDate> date;     // when it began
  Provenance provenance;
  std::vector<std::string> sources;
};
// A partner of the center: a place party with the center's side to an agreement, or the place
// of a school paired with one of the center's schools.
struct PartnerRow {
  Vertex partner = projection::kNoVertex;
  std::vector<PartnerTie> ties;             // oldest first, undated last
  std::vector<std::string> kinds;           // distinct, in tie order
  std::optional<PartialDate> since;         // its earliest dated tie
  std::string status;                       // its strongest tie's status (in force first)
  std::string tier;                         // "report" when any tie comes from the reports
  std::optional<PartialDate> last_contact;  // latest dated visit, event or agreement shared
  Vertex last_what = projection::kNoVertex;
  size_t shared_visits = 0;          // visits and events both sides took part in
  std::vector<std::string> sources;  // of its ties, each once
};
// How many partners have a tie of `kind` with the strongest status and tier of those ties.
struct PartnerCount {
  std::string kind, status, tier;
  size_t partners = 0;
};
struct PartnersRequest {
  Scope scope;       // statuses, tiers and the window select ties; agreements stay hubs
  std::string node;  // "" for the domain's home
};
struct PartnersResult : Answer {
  Vertex center = projection::kNoVertex;
  std::vector<PartnerRow> rows;       // strongest status, then earliest since, then partner
  std::vector<PartnerCount> summary;  // by kind, status, tier
};

struct AgreementsRequest {
  Scope scope;
  size_t min_parties = 1;
};
struct AgreementRow {
  Vertex agreement = projection::kNoVertex;
  std::vector<Vertex> parties;
  std::string kind;
  std::optional<PartialDate> date;
  Provenance provenance;
  std::vector<std::string> sources;
};
struct AgreementsResult : Answer {
  std::vector<AgreementRow> rows;  // by date (undated last), then agreement
};

// Places abroad (outside NODE's country) ranked by the visits, events and agreements they shared
// with NODE's side in [since, until]; undated ones are left out and counted.
struct ActivityRequest {
  Scope scope;  // since and until bound the period (both optional)
  std::string node;
};
struct ActivityRow {
  Vertex partner = projection::kNoVertex;
  size_t visits = 0, agreements = 0;
  std::optional<PartialDate> last;
};
struct ActivityResult : Answer {
  Vertex center = projection::kNoVertex;
  std::vector<ActivityRow> rows;  // by visits + agreements descending, then partner
};

// ---- whole-graph rankings and partitions

struct CentralityRequest {
  Scope scope;
  std::string measure = "degree";  // degree, betweenness, closeness, pagerank
  double damping = 0.85;           // pagerank: 0..1
  int iterations = 100;            // pagerank: at most this many rounds, 0..kMaxIterations
  double tolerance = 1e-6;         // pagerank: stop when converged (algo::PageRank), 0..1
  size_t top = 20;                 // 0: all
  size_t samples = 0;              // betweenness: estimate from this many sources (0: exact)
};
inline constexpr int kMaxIterations = 100000;
struct CoreRequest {
  Scope scope;
  size_t min_core = 0;  // only vertices in the k-core
};
struct ClusteringRequest {
  Scope scope;
  size_t top = 0;
};
struct RankingResult : Answer {
  bool integral = false;                         // the values are counts (degree, core number)
  std::optional<algo::Convergence> convergence;  // pagerank: how it stopped (also in notes)
  struct Row {
    Vertex vertex;
    double value;
  };
  std::vector<Row> rows;  // value descending, then vertex
};

struct PartitionRequest {
  enum class Kind { kComponents, kCommunities };
  Scope scope;
  Kind kind = Kind::kComponents;
  int max_rounds = 100;  // communities: 1..kMaxIterations
};
struct PartitionResult : Answer {
  algo::Partition partition;
};

struct BrokersRequest {
  Scope scope;
  std::string kind = "all";  // all, articulation, bridge
  size_t top = 0;
};
struct BrokersResult : Answer {
  algo::Brokers brokers;  // only the kinds asked for, the first `top` of each
};

// ---- the LDBC Graphalytics kernels: one value per vertex

struct KernelRequest {
  enum class Kind { kBfs, kSssp, kWcc, kPageRank, kCdlp, kLcc };
  Scope scope;
  Kind kind = Kind::kBfs;
  std::string source;     // bfs, sssp
  double damping = 0.85;  // pagerank: 0..1
  int iterations = 20;    // pagerank, cdlp: 0..kMaxIterations
  double tolerance = 0;   // pagerank: stop early once converged (0: every iteration, LDBC's rule)
};
// On the default scope the kernels run on the mapped projection image in place, and `graph` is
// null: name the vertices through num_vertices(), ExtId() and NumericId(), which read either.
struct KernelResult : Answer {
  KernelRequest::Kind kind;
  std::vector<int64_t> depth;                    // bfs (algo::kUnreachable when unreachable)
  std::vector<double> value;                     // sssp (+inf when unreachable), pagerank, lcc
  std::vector<Vertex> label;                     // wcc, cdlp
  std::optional<algo::Convergence> convergence;  // pagerank: how it stopped (also in notes)
  std::shared_ptr<const projection::Image> image;

  size_t num_vertices() const { return image ? image->num_vertices() : graph->num_vertices(); }
  std::string_view ExtId(Vertex v) const { return image ? image->ExtId(v) : std::string_view(vertex(v).ext_id); }
  std::optional<uint64_t> NumericId(Vertex v) const;
};

// ---- the projection itself

struct ProjectionRequest {
  Scope scope;
  // Also the stored node of every vertex and of every expanded tie's agreement (Answer::nodes),
  // for a front end that shows names, status, tier and coordinates beside the whole network.
  bool with_nodes = false;
};
struct ProjectionResult : Answer {};

// ---- a home node's agreement network (the partners, multilateral and timeline maps)

struct NetworkRequest {
  Scope scope;              // agreements always stay hubs here
  std::string center;       // "" for the domain's home
  bool only_center = true;  // only agreements the center's side is party to
  size_t min_parties = 1;
  // Keep only the `top_partners` strongest partners (0: all): most ties (agreements and
  // pairings), then the latest date, then id. Agreements with none of them are left out, and the
  // others' parties lose the rest; NetworkResult::rest counts the rest by country.
  size_t top_partners = 0;
};
struct NetworkAgreement {
  Vertex agreement = projection::kNoVertex;
  std::vector<Vertex> home, others;  // its parties on the center's side, and the others
  bool schools_only = false;         // every party is a school
};
struct NetworkPairing {  // a pairing recorded as a direct tie, with no agreement behind it
  TieIndex tie = 0;
  Vertex home = projection::kNoVertex, other = projection::kNoVertex;
};
struct NetworkResult : Answer {
  Vertex center = projection::kNoVertex;
  size_t min_parties = 1;  // as asked
  std::vector<NetworkAgreement> agreements;
  std::vector<NetworkPairing> pairings;  // with only_center: those of the center's side
  // With top_partners: the partners left out, counted by country ("" for none), and named.
  std::map<std::string, size_t> rest;
  // The center's side: the center and every node located in it.
  bool OnCenterSide(Vertex v) const;
};

}  // namespace cityties::engine
