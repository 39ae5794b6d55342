// The domain's roles: what the labels and edge types of a schema *mean* to the relationship
// queries, the maps and the suggestions. Generic code never names a label or an edge type; it asks
// the Domain, which is read from the "domain" section of the schema document:
//
//   "domain": {
//     "home": "<external id>",              the dataset's own node (whose network the maps draw)
//     "country_label": "...", "city_label": "...", "school_label": "...",
//     "official_label": "...", "institution_label": "...",
//     "school_level": "...",                the School property giving its level; its enum's order
//                                           is the order of levels (pairing suggestions)
//     "location_type": "...",               the edge type that places a node in a city or country;
//                                           structure, not a tie: left out of the default views
//     "pairing_type": "...",                a direct pairing of two nodes (sister schools)
//     "agreement_hub": {"label": "...", "party_type": "...", "date": "...", "end": "...",
//                      "group": "..."},     an n-party agreement: a node its parties tie to
//     "event_hub": {"label": "...", "date": "...", "end": "..."},
//                                           a visit or event: a node its participants tie to; over
//                                           on its date when it has no end
//     "provenance": {"status": "...", "secondary": "...", "secondary_props": "...", "sources": "...",
//                    "secondary_source": "..."}
//                                           the properties that say a fact's status and source tier,
//                                           and the prefix of a source from the secondary list
//     "tie_groups": [{"group": "...", "types": ["..."], "draw": "..."}, ...]
//                                           how ties group in answers, in display order; "draw"
//                                           names the look a map gives the group's ties
//   }
//
// An entry naming a label or edge type the schema lacks is ignored (schema.cpp). A schema without
// the section describes a plain graph: no hubs, no home, every edge type a tie
// in a group named after it. An edge type that no group names is a tie in such a group, ordered
// after the declared groups, so a new type is never silently dropped.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cityties::schema {

struct HubRole {
  std::string label;       // "" when the domain has no such hub
  std::string party_type;  // the edge type from a party into the hub ("" for event hubs: any type)
  std::string date;        // the property that dates the hub's tie
  std::string end;         // the property that ends it
  std::string group;       // the tie group of a tie to such a hub ("agreement", "visit")
};

// The property names that say how far a fact can be trusted (engine/provenance.h): "" when the
// domain does not declare them (a plain graph: every tie in force, from the primary sources).
struct ProvenanceRole {
  std::string status;            // in_force, planned, ended, lapsed, unknown
  std::string secondary;         // bool: only the secondary source gives the fact
  std::string secondary_props;   // string list: the properties whose value only it gives
  std::string sources;           // string list: where the fact comes from
  std::string secondary_source;  // the prefix of a source that is the secondary list
};

struct TieGroup {
  std::string name;                // "agreement", "pairing", "visit", ...
  std::vector<std::string> types;  // the edge types in it (hub groups may have none)
  std::string draw;                // the look on maps ("event", "office", "membership", "structure", ...)
};

class Domain {
 public:
  // Parses the "domain" section (null or absent: a plain graph). The message names the field.
  static Result<Domain> Parse(const nlohmann::json& section);

  std::string home;
  std::string country_label, city_label, school_label, official_label, institution_label;
  std::string school_level;
  std::string location_type, pairing_type;
  HubRole agreement, event;
  ProvenanceRole provenance;
  std::vector<TieGroup> groups;

  bool IsAgreement(std::string_view label) const { return !agreement.label.empty() && label == agreement.label; }
  bool IsEvent(std::string_view label) const { return !event.label.empty() && label == event.label; }
  // An agreement or an event: a node that stands for a tie among the nodes tied to it.
  bool IsHub(std::string_view label) const { return IsAgreement(label) || IsEvent(label); }
  bool IsSchool(std::string_view label) const { return !school_label.empty() && label == school_label; }
  bool IsCity(std::string_view label) const { return !city_label.empty() && label == city_label; }
  bool IsCountry(std::string_view label) const { return !country_label.empty() && label == country_label; }
  bool IsOfficial(std::string_view label) const { return !official_label.empty() && label == official_label; }
  bool IsInstitution(std::string_view label) const { return !institution_label.empty() && label == institution_label; }
  bool IsLocation(std::string_view type) const { return !location_type.empty() && type == location_type; }
  bool IsPairing(std::string_view type) const { return !pairing_type.empty() && type == pairing_type; }
  bool IsPartyType(std::string_view type) const {
    return !agreement.party_type.empty() && type == agreement.party_type;
  }

  // The group of a tie of edge type `type` whose other end has label `other_label`: the hub's
  // group when the other end is a hub, else the declared group of the type, else the type's name
  // in lower case.
  std::string GroupOf(std::string_view type, std::string_view other_label) const;
  // The display rank of a group: its position in tie_groups, after them for undeclared groups.
  int GroupRank(std::string_view group) const;
  // The declared group of an edge type, or nullptr.
  const TieGroup* GroupOfType(std::string_view type) const;
};

}  // namespace cityties::schema
