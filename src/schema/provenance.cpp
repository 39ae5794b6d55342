// Status and source tier of a fact (schema/provenance.h).
#include "schema/provenance.h"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace cityties::schema {

const std::vector<std::string>& KnownStatuses() {
  static const std::vector<std::string> statuses{kStatusInForce, kStatusPlanned, kStatusEnded, kStatusLapsed,
                                                 kStatusUnknown};
  return statuses;
}

const std::vector<std::string>& KnownTiers() {
  static const std::vector<std::string> tiers{kTierReport, kTierSecondary};
  return tiers;
}

ProvenanceMarks MarksOf(const ProvenanceRole& role, const nlohmann::json& props) {
  ProvenanceMarks m;
  if (!props.is_object()) return m;
  if (!role.status.empty()) {
    auto it = props.find(role.status);
    if (it != props.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      const auto& all = KnownStatuses();
      auto known = std::find(all.begin(), all.end(), it->get_ref<const std::string&>());
      m.status = known == all.end() ? ProvenanceMarks::kOtherStatus : static_cast<uint8_t>(known - all.begin());
    }
  }
  if (!role.secondary.empty()) {
    auto it = props.find(role.secondary);
    m.secondary = it != props.end() && it->is_boolean() && it->get<bool>();
  }
  if (!role.sources.empty()) {
    auto it = props.find(role.sources);
    if (it != props.end() && it->is_array()) {
      bool any = false, all_secondary = !role.secondary_source.empty();
      for (const auto& s : *it) {
        if (!s.is_string()) continue;
        any = true;
        if (s.get_ref<const std::string&>().rfind(role.secondary_source, 0) != 0) all_secondary = false;
      }
      if (any)
        m.sources = all_secondary ? ProvenanceMarks::Sources::kOnlySecondary : ProvenanceMarks::Sources::kSomeReport;
    }
  }
  return m;
}

StatusAndTier Judge(const ProvenanceMarks& fact, const ProvenanceMarks* edge, const std::optional<PartialDate>& end,
                    const PartialDate& today, const std::string& status_text) {
  using Sources = ProvenanceMarks::Sources;
  // The fact's sources decide, else the edge's.
  const Sources sources = fact.sources != Sources::kNone ? fact.sources : edge ? edge->sources : Sources::kNone;
  const bool only_secondary = sources == Sources::kOnlySecondary;
  StatusAndTier out;
  out.secondary = fact.secondary || (edge && edge->secondary) || only_secondary;
  const uint8_t code = fact.status != ProvenanceMarks::kNoStatus ? fact.status
                       : edge                                    ? edge->status
                                                                 : ProvenanceMarks::kNoStatus;
  if (code == ProvenanceMarks::kNoStatus) {
    out.status = only_secondary ? kStatusUnknown : kStatusInForce;
  } else if (code == ProvenanceMarks::kOtherStatus) {
    out.status = status_text;
  } else {
    out.status = KnownStatuses()[code];
  }
  const bool open = out.status == kStatusInForce || out.status == kStatusUnknown;
  if (open && end && end->LastDay() < today.FirstDay()) out.status = kStatusEnded;
  return out;
}

PartialDate Today() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  return PartialDate::Of(utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

}  // namespace cityties::schema
