// Engine answers as JSON for the HTTP API (docs/api.md). Printing only: every value comes from
// the result the engine returned (engine/requests.h); nothing here filters, ranks or resolves.
//
// The shared shapes:
//   node    a stored node: id, label, names (name_zh, name_en, aliases), country, status, the
//           source tier (secondary, secondary_props), sources and every other property.
//   vertex  a vertex of the answer's projection: id, label, name, name_zh, name_en, country, city,
//           kind, date, end, status, secondary (the last four from the stored node when the
//           answer names it).
//   tie     a tie the answer explains: index, from, to (ids, as stored), type, kind, date, end,
//           dated_by_hub, sources.
//   hop     a step of a path: from, to, forward (walked along the stored direction) and its tie.
// Every answer object also has "notes" and "timings".
#pragma once

#include <string>
#include <vector>

#include "engine/database.h"
#include "server/json_writer.h"

namespace cityties::server {

// Each returns the answer's JSON text (JsonWriter: what nlohmann's dump() would print).
std::string NodeResultJson(const engine::NodeResult& result);
std::string ListJson(const engine::ListResult& result);
// The candidates as an array, inside a larger answer.
void WriteCandidates(JsonWriter& w, const std::vector<engine::Candidate>& candidates);

std::string TiesJson(const engine::TiesResult& r);
std::string NeighborsJson(const engine::NeighborsResult& r);
// The ids listing: {reached: [{depth, id, label}], notes, timings}; the center first, at depth 0.
std::string ReachJson(const engine::ReachResult& r);
std::string PathJson(const engine::PathResult& r);
std::string SchoolPathJson(const engine::SchoolPathResult& r);
std::string PairingJson(const engine::PairingResult& r);
std::string CommonJson(const engine::CommonResult& r);
std::string RankingJson(const engine::RankingResult& r);
std::string BrokersJson(const engine::BrokersResult& r);
std::string PartitionJson(const engine::PartitionResult& r);
std::string TimelineJson(const engine::TimelineResult& r);
std::string GrowthJson(const engine::GrowthResult& r);
std::string PartnersJson(const engine::PartnersResult& r);
std::string AgreementsJson(const engine::AgreementsResult& r);
std::string ActivityJson(const engine::ActivityResult& r);
std::string DormantJson(const engine::DormantResult& r);
std::string StatsJson(const engine::StatsResult& r);
// The whole projection: every vertex (with its stored node, which the engine names for a
// ProjectionRequest with_nodes: names, status, tier and coordinates) and every tie; `home` is the
// schema's home node ("" for none).
std::string GraphJson(const engine::ProjectionResult& r, const std::string& home);

}  // namespace cityties::server
