// Relationship queries for strategists, over a projection: a node's ties, common neighbours,
// timelines and growth, dormant partnerships, and school pairing routes and suggestions. Light
// header (no Boost). Each function reads only the projection; the CLI adds the stored details of
// a tie (dates, sources) with projection::DescribeTie.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "algo/paths.h"
#include "common/date.h"
#include "projection/projection.h"

namespace cityties::algo {

// ---- ties NODE

// One direct tie of a vertex. For a tie to an Agreement hub, `co_parties` holds the agreement's
// other parties (PARTY_TO in the projection); for a Visit, the other participants.
struct DirectTie {
  projection::TieIndex tie = 0;
  projection::Vertex other = projection::kNoVertex;
  bool outgoing = false;
  std::string group;  // the kind, for grouping: "agreement", "visit", "pairing", "membership"...
  std::vector<projection::Vertex> co_parties;
};
// Every tie at `v`, grouped: ordered by group, then date (undated last), then other vertex.
std::vector<DirectTie> DirectTies(const projection::Projection& p, projection::Vertex v);

// ---- common A B

struct CommonNeighbor {
  projection::Vertex vertex = projection::kNoVertex;
  std::vector<projection::TieIndex> ties_a, ties_b;  // every tie between it and A, and B
};
std::vector<CommonNeighbor> CommonNeighbors(const projection::Projection& p, projection::Vertex a,
                                            projection::Vertex b);

// ---- timeline NODE

struct TimelineEvent {
  std::optional<PartialDate> date;  // nullopt: an undated agreement or tie, listed last
  std::string what;                 // "tie began", "tie ended", "agreement signed", "agreement ended", "visit", ...
  projection::TieIndex tie = 0;
  projection::Vertex other = projection::kNoVertex;
};
// The events of `v`'s ties, oldest first (by first day, then coarser dates first, then the other
// vertex); undated agreements and pairings last. Agreements and visits are dated by their node
// (date, end_date), other ties by since/until; undated ties of other kinds are left out.
std::vector<TimelineEvent> Timeline(const projection::Projection& p, projection::Vertex v);

// ---- growth

struct YearCount {
  int year = 0;                    // 0: undated
  size_t agreements = 0;           // agreements signed that year (Agreement date, or expanded ties)
  size_t pairings = 0;             // PAIRED_WITH ties begun that year
  size_t visits = 0;               // visits and events that year
  size_t other_ties = 0;           // other ties with a `since` in that year
  size_t agreements_in_force = 0;  // agreements signed by the end of the year and not ended before
};
// Per year, ascending, from the first to the last dated year (every year in between), then the
// undated row when there is anything undated.
std::vector<YearCount> Growth(const projection::Projection& p);

// ---- dormant --since DATE

// A partner pair: two nodes that are parties to a common Agreement (PARTY_TO; expanded: an
// AGREEMENT tie) or PAIRED_WITH each other. Dormant when their last shared activity -- a shared
// agreement's date, a Visit (or event) both took part in, a pairing's since -- is before `since`,
// or when none of it is dated.
struct DormantPair {
  projection::Vertex a = projection::kNoVertex, b = projection::kNoVertex;  // a < b
  std::vector<std::string> ties;                                            // "agreement/..." ext ids, or "PAIRED_WITH"
  std::optional<PartialDate> tied_since;                                    // earliest dated tie
  std::optional<PartialDate> last_activity;                                 // latest dated shared activity
  std::string last_what;  // ext id of that activity ("" for a pairing)
};
// Ordered by last activity (undated first), then a, then b. With `only`, pairs that include it.
std::vector<DormantPair> Dormant(const projection::Projection& p, const PartialDate& since,
                                 std::optional<projection::Vertex> only = std::nullopt);

// ---- school-path SCHOOL --to CITY|SCHOOL

// A route by which a school can reach a pairing in the target city, ranked by kind in this order,
// then by length, then by vertex sequence:
//   "existing pairing"  the school is already paired with a school there (or the target school):
//                       PAIRED_WITH, or both are parties to one agreement (of any kind);
//   "city partnership"  its city and the target city are parties to one agreement;
//   "peer pairing"      another school of its city is paired (as above) with a school there;
//   "shared tie"        the school shares an institution, visit or agreement with the target
//                       city or a school or institution there;
//   "other path"        any other of the k shortest paths (Yen) from the school to the target.
struct SchoolRoute {
  std::string kind;
  Path path;
  std::string explanation;  // one sentence with names
};
struct SchoolPathOptions {
  size_t other_paths = 5;  // Yen's k for "other path"
  size_t limit = 20;       // routes returned
};
// The filter school routes are searched under: routes run through the schools' cities, so
// LOCATED_IN is added to the edge types (with none given: the default types and LOCATED_IN).
projection::Filter SchoolPathFilter(projection::Filter filter, const schema::Domain& domain);
// `p` must include LOCATED_IN ties (built under SchoolPathFilter). InvalidArgument when `school` is no
// School or `target` no City or School, or when either has no city.
Result<std::vector<SchoolRoute>> SchoolPaths(const projection::Projection& p, projection::Vertex school,
                                             projection::Vertex target, const SchoolPathOptions& options = {});

// ---- pairing-suggest SCHOOL [--city CITY]

// Candidate partner schools for `school`, scored by Adamic-Adar over extended neighbourhoods:
//   score(s, c) = sum over z in N'(s) ∩ N'(c) of 1 / log(max(2, deg(z)))
// where N'(x) = neighbours of x plus neighbours of x's city (a school inherits its city's
// agreements, visits and memberships), x and the cities themselves excluded, and deg is the
// number of distinct neighbours in the projection. Candidates: School vertices not in the
// school's own city, not already paired with it (PAIRED_WITH, or co-parties of any agreement), with a positive score;
// restricted to `city` when given. Ordered by score descending, then precedents (pairings already linking the two
// cities' schools) descending, then vertex.
struct PairingCandidate {
  projection::Vertex school = projection::kNoVertex;
  double score = 0;
  size_t precedents = 0;
  std::vector<projection::Vertex> shared;  // the z's, by contribution descending then vertex
  int level_distance = -1;                 // |level(school) - level(candidate)|, -1 when either is unknown
};
// With levels: candidates of the same level come first, then adjacent levels, then the others,
// then those of unknown level; score decides within each. With `allowed`, only candidates it
// marks (a country filter restricts candidates, never the school asked about).
struct PairingOptions {
  std::optional<projection::Vertex> city;
  std::vector<int> level;     // by vertex: the school's level in order (0, 1, ...), -1 unknown; empty: unused
  std::vector<bool> allowed;  // by vertex; empty: every school
  size_t top = SIZE_MAX;
};
Result<std::vector<PairingCandidate>> SuggestPairings(const projection::Projection& p, projection::Vertex school,
                                                      const PairingOptions& options);
Result<std::vector<PairingCandidate>> SuggestPairings(const projection::Projection& p, projection::Vertex school,
                                                      std::optional<projection::Vertex> city, size_t top);

}  // namespace cityties::algo
