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

#include <nlohmann/json.hpp>
#include <vector>

#include "engine/database.h"

namespace cityties::server {

using Json = nlohmann::ordered_json;

Json NodeJson(const store::Node& node);
Json NodeResultJson(const engine::NodeResult& result);
Json CandidatesJson(const std::vector<engine::Candidate>& candidates);
Json ListJson(const engine::ListResult& result);

Json TiesJson(const engine::TiesResult& r);
Json NeighborsJson(const engine::NeighborsResult& r);
Json PathJson(const engine::PathResult& r);
Json SchoolPathJson(const engine::SchoolPathResult& r);
Json PairingJson(const engine::PairingResult& r);
Json CommonJson(const engine::CommonResult& r);
Json RankingJson(const engine::RankingResult& r);
Json BrokersJson(const engine::BrokersResult& r);
Json PartitionJson(const engine::PartitionResult& r);
Json TimelineJson(const engine::TimelineResult& r);
Json GrowthJson(const engine::GrowthResult& r);
Json PartnersJson(const engine::PartnersResult& r);
Json AgreementsJson(const engine::AgreementsResult& r);
Json ActivityJson(const engine::ActivityResult& r);
Json DormantJson(const engine::DormantResult& r);
Json StatsJson(const engine::StatsResult& r);
// The whole projection: every vertex (with the stored nodes of `stored`, by id, for names,
// status, tier and coordinates) and every tie.
Json GraphJson(const engine::ProjectionResult& r, const std::map<std::string, store::Node>& stored);

}  // namespace cityties::server
