#include "schema/domain.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace cityties::schema {
namespace {

using nlohmann::json;

Status ReadString(const json& obj, const char* key, const std::string& where, std::string* out) {
  if (!obj.contains(key)) return Status::Ok();
  if (!obj[key].is_string()) return Status::InvalidArgument(where + "." + key + " must be a string");
  *out = obj[key].get<std::string>();
  return Status::Ok();
}

Status ReadHub(const json& obj, const char* key, HubRole* hub) {
  if (!obj.contains(key)) return Status::Ok();
  const json& h = obj[key];
  std::string where = std::string("domain.") + key;
  if (!h.is_object()) return Status::InvalidArgument(where + " must be an object");
  CT_RETURN_IF_ERROR(ReadString(h, "label", where, &hub->label));
  CT_RETURN_IF_ERROR(ReadString(h, "party_type", where, &hub->party_type));
  CT_RETURN_IF_ERROR(ReadString(h, "date", where, &hub->date));
  CT_RETURN_IF_ERROR(ReadString(h, "end", where, &hub->end));
  CT_RETURN_IF_ERROR(ReadString(h, "group", where, &hub->group));
  if (hub->group.empty()) hub->group = hub->label;
  return Status::Ok();
}

Status ReadProvenance(const json& obj, ProvenanceRole* role) {
  if (!obj.contains("provenance")) return Status::Ok();
  const json& p = obj["provenance"];
  const std::string where = "domain.provenance";
  if (!p.is_object()) return Status::InvalidArgument(where + " must be an object");
  CT_RETURN_IF_ERROR(ReadString(p, "status", where, &role->status));
  CT_RETURN_IF_ERROR(ReadString(p, "secondary", where, &role->secondary));
  CT_RETURN_IF_ERROR(ReadString(p, "secondary_props", where, &role->secondary_props));
  CT_RETURN_IF_ERROR(ReadString(p, "sources", where, &role->sources));
  return ReadString(p, "secondary_source", where, &role->secondary_source);
}

Status ReadGroups(const json& obj, std::vector<TieGroup>* groups) {
  if (!obj.contains("tie_groups")) return Status::Ok();
  if (!obj["tie_groups"].is_array()) return Status::InvalidArgument("domain.tie_groups must be a list");
  for (const auto& g : obj["tie_groups"]) {
    TieGroup group;
    std::string where = "domain.tie_groups[" + std::to_string(groups->size()) + "]";
    if (!g.is_object()) return Status::InvalidArgument(where + " must be an object");
    CT_RETURN_IF_ERROR(ReadString(g, "group", where, &group.name));
    CT_RETURN_IF_ERROR(ReadString(g, "draw", where, &group.draw));
    if (group.name.empty()) return Status::InvalidArgument(where + ".group is missing");
    if (g.contains("types")) {
      if (!g["types"].is_array()) return Status::InvalidArgument(where + ".types must be a list");
      for (const auto& t : g["types"]) {
        if (!t.is_string()) return Status::InvalidArgument(where + ".types must be a list of strings");
        group.types.push_back(t.get<std::string>());
      }
    }
    groups->push_back(std::move(group));
  }
  return Status::Ok();
}

}  // namespace

Result<Domain> Domain::Parse(const json& section) {
  Domain d;
  if (section.is_null()) return d;
  if (!section.is_object()) return Status::InvalidArgument("domain must be an object");
  struct Field {
    const char* key;
    std::string* out;
  };
  for (const Field& f :
       {Field{"home", &d.home}, Field{"country_label", &d.country_label}, Field{"city_label", &d.city_label},
        Field{"school_label", &d.school_label}, Field{"official_label", &d.official_label},
        Field{"institution_label", &d.institution_label}, Field{"school_level", &d.school_level},
        Field{"location_type", &d.location_type}, Field{"pairing_type", &d.pairing_type}}) {
    CT_RETURN_IF_ERROR(ReadString(section, f.key, "domain", f.out));
  }
  CT_RETURN_IF_ERROR(ReadHub(section, "agreement_hub", &d.agreement));
  CT_RETURN_IF_ERROR(ReadHub(section, "event_hub", &d.event));
  CT_RETURN_IF_ERROR(ReadProvenance(section, &d.provenance));
  CT_RETURN_IF_ERROR(ReadGroups(section, &d.groups));
  return d;
}

const TieGroup* Domain::GroupOfType(std::string_view type) const {
  for (const auto& g : groups) {
    if (std::find(g.types.begin(), g.types.end(), type) != g.types.end()) return &g;
  }
  return nullptr;
}

std::string Domain::GroupOf(std::string_view type, std::string_view other_label) const {
  if (IsAgreement(other_label)) return agreement.group;
  if (IsEvent(other_label)) return event.group;
  if (const auto* g = GroupOfType(type)) return g->name;
  std::string name(type);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

int Domain::GroupRank(std::string_view group) const {
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].name == group) return static_cast<int>(i);
  }
  return static_cast<int>(groups.size()) + 100;
}

}  // namespace cityties::schema
