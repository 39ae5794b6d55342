// What a base (projection/cache.h) is made of, whichever way it is built: a full scan
// (ScanBase), a neighbourhood (ScanNeighbourhood, ScanReach) or a cached base brought up to date
// from the change log (projection/delta.h). One definition of each row, so that every way gives
// the same base for the same store.
#pragma once

#include <memory>
#include <optional>

#include "projection/cache.h"

namespace cityties::projection {

// A base with nothing in it but what the store says of itself: its sequence, identity,
// direction and edge type names.
std::shared_ptr<Base> NewBase(const store::GraphStore& store);

// A stored node as a vertex, before its location is resolved (country is the node's own:
// its `country` property, or itself for a Country).
VertexData ToVertex(const store::Node& node, const schema::Domain& domain);

// External id order (projection.h): all-digit ids first, numerically; then bytewise.
bool ExtLess(const VertexData& a, const VertexData& b);

// An edge as scanned, before its ends are numbered as vertices.
struct RawEdge {  // fields ordered to pack into 48 bytes
  store::NodeId src = 0, dst = 0;
  double weight = 1.0;
  store::TypeCode type = 0;
  schema::ProvenanceMarks marks;
  std::optional<PartialDate> since, until, observed;
};
RawEdge ToRawEdge(const store::Edge& e, const schema::Domain& domain);
BaseEdge ToBaseEdge(const RawEdge& r, Vertex src, Vertex dst);

// The order of base edges: (src, type, dst), as the out column family.
bool EdgeLess(const BaseEdge& a, const BaseEdge& b);

// Sets every vertex's city (the first City it is LOCATED_IN) and, when it has no country of its
// own, its country through the LOCATED_IN chain (country_inferred), from the base's edges. Run on
// a base whose locations were resolved before, it first forgets what the chain gave.
void ResolveLocations(const schema::Schema& schema, Base* base);

}  // namespace cityties::projection
