// How far a tie can be trusted, for every row answer (ties, paths, timelines, partners,
// agreements): its status and its source tier, by the rule of schema/provenance.h (the one the
// graph's views filter by), and the properties only the secondary list gives.
//   secondary_props  the properties whose value only the secondary list gives (fact and edge).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "schema/domain.h"
#include "schema/provenance.h"
#include "store/graph_store.h"

namespace cityties::engine {

using schema::KnownStatuses;
using schema::KnownTiers;
using schema::kStatusEnded;
using schema::kStatusInForce;
using schema::kStatusPlanned;
using schema::kStatusUnknown;
using schema::kTierReport;
using schema::kTierSecondary;
using schema::Today;

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

// The rank of a status in a summary: in force first, then planned, ended, lapsed, unknown.
int StatusRank(const std::string& status);
// "a,b" lists, checked: InvalidParameter naming `parameter` for a value not in `allowed`.
Status CheckValues(const char* parameter, const std::vector<std::string>& values,
                   const std::vector<std::string>& allowed);

}  // namespace cityties::engine
