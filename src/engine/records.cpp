// The record-level requests: get, list, stats, validate (engine/records.h).
#include "engine/database.h"
#include "query/property_filter.h"

namespace cityties::engine {

Result<NodeResult> ReadSession::Get(const NodeRequest& request) const {
  if (request.node.empty()) return Status::InvalidParameter("node", "is missing");
  auto node = query::ResolveNode(db_.store(), request.node, request.pick);
  if (!node.ok()) return node.status();
  auto offices = query::OfficesHeld(db_.store(), *node);
  if (!offices.ok()) return offices.status();
  return NodeResult{std::move(*node), std::move(*offices)};
}

Result<std::vector<Candidate>> ReadSession::Candidates(const std::string& text) const {
  if (text.empty()) return Status::InvalidParameter("text", "is missing");
  return query::Candidates(db_.store(), text);
}

Result<ListResult> ReadSession::List(const ListRequest& request) const {
  if (request.label.empty()) return Status::InvalidParameter("label", "is missing");
  const auto* def = db_.store().schema().FindLabel(request.label);
  if (!def) return Status::InvalidParameter("label", "unknown label '" + request.label + "'");
  // One more than the limit tells whether more match (no overflow for "no limit").
  const size_t probe = request.limit == SIZE_MAX ? SIZE_MAX : request.limit + 1;
  auto nodes = query::ListNodes(db_.store(), request.label, request.where, probe);
  if (!nodes.ok()) return nodes.status();
  ListResult r;
  r.nodes = std::move(*nodes);
  r.truncated = r.nodes.size() > request.limit;
  if (r.truncated) r.nodes.resize(request.limit);
  const auto& domain = db_.domain();
  if (domain.IsAgreement(request.label) || domain.IsEvent(request.label)) {
    const std::string& end_key = domain.IsAgreement(request.label) ? domain.agreement.end : domain.event.end;
    for (const auto& node : r.nodes) {
      auto end = PartialDate::Parse(store::StringProperty(node.props, end_key));
      r.provenance.push_back(ProvenanceOf(domain.provenance, node.props, nullptr, end));
      ++r.by_status_tier[{r.provenance.back().status, r.provenance.back().tier}];
    }
  }
  r.properties = {"name_en", "name_zh"};
  for (const auto& [name, prop] : def->properties) {
    if (prop.required && name != "name_en" && name != "name_zh") r.properties.push_back(name);
  }
  return r;
}

Result<StatsResult> ReadSession::Stats() const {
  auto counts = db_.store().GetCounts();
  if (!counts.ok()) return counts.status();
  StatsResult r{std::move(*counts), 0, 0};
  for (const auto& [label, n] : r.counts.labels) r.nodes += n;
  for (const auto& [type, n] : r.counts.edge_types) r.edges += n;
  return r;
}

Result<ValidateResult> ReadSession::Validate() const {
  auto problems = db_.store().Validate();
  if (!problems.ok()) return problems.status();
  return ValidateResult{std::move(*problems)};
}

}  // namespace cityties::engine
