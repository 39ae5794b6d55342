// How far a fact can be trusted -- its status and its source tier -- decided in one place, for
// the row answers (engine/provenance.h, which explains it) and for the graph's views (a
// projection filtered by status or tier, projection.h).
//
// Promises, for a fact (the agreement or event a tie goes to or comes from, else the tie's own
// edge) with the property names of the schema's domain (ProvenanceRole):
//   status  the fact's `status`, else the edge's, else "in_force" when some source is a report
//           (or there are no sources) and "unknown" when every source is the secondary list;
//           an in-force or unknown fact whose end date is before today is "ended".
//   tier    "secondary" when the fact or the edge is marked secondary or every source of the
//           fact (else of the edge) is the secondary list; else "report".
// A domain that declares no provenance names: every tie "in_force", tier "report".
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "schema/domain.h"

namespace cityties::schema {

inline constexpr const char* kTierReport = "report";
inline constexpr const char* kTierSecondary = "secondary";
inline constexpr const char* kStatusInForce = "in_force";
inline constexpr const char* kStatusPlanned = "planned";
inline constexpr const char* kStatusEnded = "ended";
inline constexpr const char* kStatusLapsed = "lapsed";
inline constexpr const char* kStatusUnknown = "unknown";

// The statuses and tiers a filter may name, statuses in summary order (in force first).
const std::vector<std::string>& KnownStatuses();
const std::vector<std::string>& KnownTiers();

// What one record's own properties say (an agreement's, an event's or an edge's), in 3 bytes so
// that a projection can hold it for every vertex and edge.
struct ProvenanceMarks {
  static constexpr uint8_t kNoStatus = 0xff;     // no `status` property
  static constexpr uint8_t kOtherStatus = 0xfe;  // a `status` none of KnownStatuses
  enum class Sources : uint8_t { kNone, kSomeReport, kOnlySecondary };
  uint8_t status = kNoStatus;  // else the index in KnownStatuses()
  bool secondary = false;      // marked as given by the secondary list only
  Sources sources = Sources::kNone;
  bool operator==(const ProvenanceMarks&) const = default;
};
ProvenanceMarks MarksOf(const ProvenanceRole& role, const nlohmann::json& props);

// The status and tier of a fact with these marks, seen through `edge` (nullptr when the fact is
// the edge itself), ending at `end`, on `today`. `status_text` is the fact's or the edge's own
// status when it is none of KnownStatuses (kOtherStatus), else unused.
struct StatusAndTier {
  std::string status;
  bool secondary = false;
  const char* tier() const { return secondary ? kTierSecondary : kTierReport; }
};
StatusAndTier Judge(const ProvenanceMarks& fact, const ProvenanceMarks* edge, const std::optional<PartialDate>& end,
                    const PartialDate& today, const std::string& status_text = "");

// Today (UTC), for "has it ended".
PartialDate Today();

}  // namespace cityties::schema
