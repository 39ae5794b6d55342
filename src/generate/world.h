// A synthetic world of city diplomacy, for tests and benchmarks at any size: countries, cities
// with coordinates, institutions, schools, officials, agreements with 2 to 10 parties, visits
// over decades and school pairings, with skewed (Zipf) degrees as real networks have.
//
// Promises:
//  - Deterministic: the same WorldSpec gives the same plan and the same records in the same
//    order, byte for byte, on every platform (generate/random.h).
//  - Exactly spec.nodes nodes. Exactly spec.edges edges when spec.edges >= PlanWorld's
//    `minimum_edges` (about 1.15 x nodes: every city, school and institution located, every
//    official in an office, every agreement with 2 parties, every visit with a host); below
//    that the minimum is written. WorldPlan says what will be written before anything is.
//  - Every record fits the default schema (schema/cityties.schema.json): labels, edge types and
//    their endpoints, enums, dates; no edge repeats (from, type, to); no self-loops.
//  - Streams: records go to the sink as they are made; memory is O(nodes), not O(edges).
//  - Skewed: every tie picks its endpoints by Zipf rank (exponent about 1), so degrees follow a
//    power law; rank 0 of cities is `home_id`, the most connected node.
//  - Node numbers are dense, 0 .. nodes-1, in the order the sink receives the nodes, which is
//    the order of WorldPlan::Label (countries first, visits last).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cityties::generate {

struct WorldSpec {
  uint64_t nodes = 1000;
  uint64_t edges = 5000;
  uint64_t seed = 1;
  // The external id of the most connected city (rank 0 of every Zipf draw over cities): the
  // schema's domain home, so that commands defaulting to the home work on a generated world.
  std::string home_id = "city/kaohsiung";
  std::string home_name = "Kaohsiung";
};

// The labels in node-number order.
enum class Label { kCountry, kCity, kInstitution, kSchool, kOfficial, kAgreement, kVisit, kCount };
// The edge types written.
enum class EdgeType { kLocatedIn, kHoldsOffice, kPartyTo, kPairedWith, kHosted, kVisited, kParticipatedIn, kCount };

std::string_view LabelName(Label label);
std::string_view EdgeTypeName(EdgeType type);

struct WorldPlan {
  uint64_t nodes_of[static_cast<int>(Label::kCount)] = {};
  uint64_t edges_of[static_cast<int>(EdgeType::kCount)] = {};
  uint64_t minimum_edges = 0;  // spec.edges below this is raised to it

  uint64_t nodes(Label label) const { return nodes_of[static_cast<int>(label)]; }
  uint64_t edges(EdgeType type) const { return edges_of[static_cast<int>(type)]; }
  uint64_t first_node(Label label) const;  // the number of the label's first node
  uint64_t total_nodes() const;
  uint64_t total_edges() const;
};

// The counts a spec gives. InvalidParameter for fewer than kMinNodes nodes or more than
// kMaxEdgesPerNode edges per node (a world that dense has no room for distinct ties).
inline constexpr uint64_t kMinNodes = 20;
inline constexpr uint64_t kMaxEdgesPerNode = 40;
Result<WorldPlan> PlanWorld(const WorldSpec& spec);
// The most participants one visit has in a world of this plan.
uint64_t MaxParticipants(const WorldPlan& plan);

// One node or edge as the generator makes it; a sink renders it. Properties are a JSON object's
// text ("" for none), valid for the call only.
struct NodeRecord {
  uint64_t number = 0;  // dense, see above
  Label label = Label::kCity;
  std::string_view id;    // external id, e.g. "city/123"
  std::string_view name;  // name_en (Official: name)
  std::string_view props_json;
};
struct EdgeRecord {
  uint64_t from = 0, to = 0;  // node numbers
  std::string_view from_id, to_id;
  EdgeType type = EdgeType::kLocatedIn;
  std::string_view props_json;
};

// Receives the world label by label (in Label order): after BeginLabel(L), L's nodes, each
// followed by the edges it is the reason for (a city's LOCATED_IN, an agreement's PARTY_TO...).
// An edge may name a node of a later label: importers apply all nodes before any edge.
class WorldSink {
 public:
  virtual ~WorldSink() = default;
  virtual Status BeginLabel(Label label) = 0;
  virtual Status Node(const NodeRecord& node) = 0;
  virtual Status Edge(const EdgeRecord& edge) = 0;
  virtual Status Finish() = 0;
};

// Plans the world and streams it into `sink`.
Status GenerateWorld(const WorldSpec& spec, WorldSink& sink, WorldPlan* plan = nullptr);

}  // namespace cityties::generate
