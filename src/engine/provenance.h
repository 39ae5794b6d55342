// How far a tie can be trusted, decided in one place for every answer (ties, paths, timelines,
// partners, agreements): its status and its source tier.
//
// Promises, for a fact -- the agreement or event a tie goes to (or comes from, expanded), else
// the tie's own edge -- with the property names of the schema's domain (schema::ProvenanceRole):
//   status  the fact's `status`, else the edge's, else "in_force" when some source is a report
//           (or there are no sources) and "unknown" when every source is the secondary list;
//           an in-force or unknown fact whose end date is before today is "ended".
//   tier    "secondary" when the fact or the edge is marked secondary or every source of the
//           fact is the secondary list; else "report".
//   secondary_props  the properties whose value only the secondary list gives (fact and edge).
// A domain that declares no provenance names: every tie "in_force", tier "report".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "schema/domain.h"
#include "store/graph_store.h"

namespace cityties::engine {

inline constexpr const char* kTierReport = "report";
inline constexpr const char* kTierSecondary = "secondary";
inline constexpr const char* kStatusInForce = "in_force";
inline constexpr const char* kStatusPlanned = "planned";
inline constexpr const char* kStatusEnded = "ended";
inline constexpr const char* kStatusUnknown = "unknown";

struct Provenance {
  std::string status = kStatusInForce;
  std::string tier = kTierReport;
  std::vector<std::string> secondary_props;

  bool Secondary(const std::string& property) const;
};

// `fact` is the hub's (or the edge's) properties, `edge` the edge's (nullptr when the same or
// none); `end` the fact's end date when it has one.
Provenance ProvenanceOf(const schema::ProvenanceRole& role, const store::Json& fact, const store::Json* edge,
                        const std::optional<PartialDate>& end);

// Today, for "has it ended".
PartialDate Today();

// The rank of a status in a summary: in force first, then planned, ended, lapsed, unknown.
int StatusRank(const std::string& status);
// "a,b" lists, checked: InvalidParameter naming `parameter` for a value not in `allowed`.
Status CheckValues(const char* parameter, const std::vector<std::string>& values,
                   const std::vector<std::string>& allowed);
// The statuses and tiers a scope may name.
const std::vector<std::string>& KnownStatuses();
const std::vector<std::string>& KnownTiers();

}  // namespace cityties::engine
