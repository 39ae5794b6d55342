// Status and source tier of a fact (engine/provenance.h).
#include "engine/provenance.h"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace cityties::engine {
namespace {

std::string Text(const store::Json* props, const std::string& key) {
  if (!props || key.empty()) return "";
  auto it = props->find(key);
  return it != props->end() && it->is_string() ? it->get<std::string>() : "";
}

bool Flag(const store::Json* props, const std::string& key) {
  if (!props || key.empty()) return false;
  auto it = props->find(key);
  return it != props->end() && it->is_boolean() && it->get<bool>();
}

std::vector<std::string> List(const store::Json* props, const std::string& key) {
  if (!props || key.empty()) return {};
  return store::StringListProperty(*props, key);
}

// True when there are sources and every one is the secondary list.
bool OnlySecondarySources(const schema::ProvenanceRole& role, const std::vector<std::string>& sources) {
  if (role.secondary_source.empty() || sources.empty()) return false;
  return std::all_of(sources.begin(), sources.end(),
                     [&](const std::string& s) { return s.rfind(role.secondary_source, 0) == 0; });
}

}  // namespace

bool Provenance::Secondary(const std::string& property) const {
  return std::find(secondary_props.begin(), secondary_props.end(), property) != secondary_props.end();
}

PartialDate Today() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  return PartialDate::Of(utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

Provenance ProvenanceOf(const schema::ProvenanceRole& role, const store::Json& fact, const store::Json* edge,
                        const std::optional<PartialDate>& end) {
  Provenance p;
  auto sources = List(&fact, role.sources);
  if (sources.empty()) sources = List(edge, role.sources);
  bool only_secondary = OnlySecondarySources(role, sources);
  p.tier = Flag(&fact, role.secondary) || Flag(edge, role.secondary) || only_secondary ? kTierSecondary : kTierReport;
  p.status = Text(&fact, role.status);
  if (p.status.empty()) p.status = Text(edge, role.status);
  if (p.status.empty()) p.status = only_secondary ? kStatusUnknown : kStatusInForce;
  bool open = p.status == kStatusInForce || p.status == kStatusUnknown;
  if (open && end && end->LastDay() < Today().FirstDay()) p.status = kStatusEnded;
  p.secondary_props = List(&fact, role.secondary_props);
  for (auto& name : List(edge, role.secondary_props)) {
    if (!p.Secondary(name)) p.secondary_props.push_back(std::move(name));
  }
  return p;
}

const std::vector<std::string>& KnownStatuses() {
  static const std::vector<std::string> statuses{kStatusInForce, kStatusPlanned, kStatusEnded, "lapsed",
                                                 kStatusUnknown};
  return statuses;
}

const std::vector<std::string>& KnownTiers() {
  static const std::vector<std::string> tiers{kTierReport, kTierSecondary};
  return tiers;
}

int StatusRank(const std::string& status) {
  const auto& all = KnownStatuses();
  auto it = std::find(all.begin(), all.end(), status);
  return static_cast<int>(it - all.begin());
}

Status CheckValues(const char* parameter, const std::vector<std::string>& values,
                   const std::vector<std::string>& allowed) {
  for (const auto& v : values) {
    if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return Status::InvalidParameter(parameter, "'" + v + "' is not one of " + list);
  }
  return Status::Ok();
}

}  // namespace cityties::engine
