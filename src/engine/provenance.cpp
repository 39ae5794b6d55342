// Status and source tier of a fact (engine/provenance.h).
#include "engine/provenance.h"

#include <algorithm>

namespace cityties::engine {
namespace {

std::vector<std::string> List(const store::Json* props, const std::string& key) {
  if (!props || key.empty()) return {};
  return store::StringListProperty(*props, key);
}

}  // namespace

bool Provenance::Secondary(const std::string& property) const {
  return std::find(secondary_props.begin(), secondary_props.end(), property) != secondary_props.end();
}

Provenance ProvenanceOf(const schema::ProvenanceRole& role, const store::Json& fact, const store::Json* edge,
                        const std::optional<PartialDate>& end) {
  const schema::ProvenanceMarks fact_marks = schema::MarksOf(role, fact);
  const schema::ProvenanceMarks edge_marks = edge ? schema::MarksOf(role, *edge) : schema::ProvenanceMarks{};
  // A status none of the known ones is the answer's as stored: the fact's, else the edge's.
  std::string text;
  if (fact_marks.status == schema::ProvenanceMarks::kOtherStatus) {
    text = store::StringProperty(fact, role.status);
  } else if (fact_marks.status == schema::ProvenanceMarks::kNoStatus && edge) {
    text = store::StringProperty(*edge, role.status);
  }
  auto judged = schema::Judge(fact_marks, edge ? &edge_marks : nullptr, end, Today(), text);
  Provenance p;
  p.status = std::move(judged.status);
  p.tier = judged.tier();
  p.secondary_props = List(&fact, role.secondary_props);
  for (auto& name : List(edge, role.secondary_props)) {
    if (!p.Secondary(name)) p.secondary_props.push_back(std::move(name));
  }
  return p;
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
