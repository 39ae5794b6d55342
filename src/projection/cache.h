// The base projection (every node and edge with the attributes the filters need) and its on-disk
// cache.
//
// The base is what a projection costs: a full prefix scan of the nodes and out column families
// (about 0.5-0.7 s for 2M adjacency keys). Filters then run over it in memory. The base is saved
// next to the data, in the database directory, as the file `projection.cache`, keyed by
// GraphStore::Sequence(): a query on an unchanged database loads it instead of scanning, and one
// after a few small edits loads it and rereads only the nodes and edges the store's change log
// names (projection/delta.h). It is a cache: any mismatch, damage or I/O problem just means a
// rebuild; writing it is best effort and atomic by rename, so concurrent readers never see half
// a file.
//
// The file's byte layout, and what makes a cache match a database, are in
// projection/cache_format.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "projection/projection.h"

namespace cityties::projection {

inline constexpr const char* kCacheFileName = "projection.cache";

// Fields ordered to pack into 40 bytes (the base holds one per stored edge).
struct BaseEdge {
  Vertex src = 0, dst = 0;
  double weight = 1.0;
  store::TypeCode type = 0;
  schema::ProvenanceMarks marks;  // the edge's own (Filter::statuses)
  std::optional<PartialDate> since, until;
  // The date a source saw the tie at (`as_of`, e.g. an office held as of a report), when it has
  // no since/until: it dates the tie for Filter::keep_undated, and begins or ends nothing.
  std::optional<PartialDate> observed;
};

struct Base {
  uint64_t sequence = 0;
  uint64_t identity = 0;
  bool directed = true;
  std::vector<std::string> type_names;  // by TypeCode
  // By internal node id: a node added later is appended, so adding one renumbers nothing (the
  // base can be extended instead of rebuilt). Views number their vertices in external id order
  // (projection.h) by walking `by_ext`.
  std::vector<VertexData> vertices;
  std::vector<Vertex> by_ext;   // indices into `vertices`, in external id order
  std::vector<BaseEdge> edges;  // sorted by (src, type, dst), as the out column family
};

// Scans the store into a Base: nodes via ForEachNode, edges via ForEachEdge (one prefix scan of
// each column family), then resolves countries through LOCATED_IN.
Result<std::shared_ptr<const Base>> ScanBase(const store::GraphStore& store);

// The base around `seeds`: every node within `hops` edges of them (either direction), the
// places those nodes are LOCATED_IN, and the edges among them. It reads only the adjacency of
// the nodes it reaches (prefix scans), so a point query costs its neighbourhood, not the graph.
Result<std::shared_ptr<const Base>> ScanNeighbourhood(const store::GraphStore& store,
                                                      const std::vector<store::NodeId>& seeds, int hops);

// The base of a listing by depth around `seeds` (ProjectOptions::reach_only, for a ReachFilter):
// breadth-first, ring by ring, through the ties and nodes `filter` keeps, every node within `hops`
// of them, and of the ties only each node's ties to its parent: the smallest vertex (in the
// view's order) of the ring before that is tied to it. A breadth-first search of that view gives
// every node the depth and the parent (algo::Neighborhood) it has in the view of all ties.
// Adjacency is read from the keys of prefix scans only (GraphStore::ReadAdjacent); a tie's
// properties only when it shares its pair with another (its weight decides which represents the
// pair); the nodes of each ring in one batch. Places are not followed: a vertex's city and
// country are what its own properties and kept ties say.
Result<std::shared_ptr<const Base>> ScanReach(const store::GraphStore& store, const std::vector<store::NodeId>& seeds,
                                              int hops, const Filter& filter);

// One node of a listing by depth read from the store's keys (ReachHeads).
struct ReachedHead {
  size_t depth = 0;
  store::NodeId node = 0;
  store::TypeCode label = 0;
  ExtRank rank;  // of ext_id
  std::string ext_id;
};

// The nodes a breadth-first search from `seed` reaches within `hops` through the ties and nodes
// `filter` (a ReachFilter) keeps: the depths and the order (by depth, then the view's vertex
// order, ExtLess) of algo::Neighborhood on the view of ScanReach, without parents or ties. It
// reads the adjacency keys of every ring but the last and the head (label, external id) of each
// node reached, and projects nothing. The seed comes first, at depth 0; a seed whose label the
// filter leaves out reaches nothing.
Result<std::vector<ReachedHead>> ReachHeads(const store::GraphStore& store, store::NodeId seed, int hops,
                                            const Filter& filter);

// The edge types a filter keeps, by code (Filter::edge_types, or the default: all but location),
// and whether it keeps the ties of expanded agreements. InvalidParameter "types" for an unknown
// type. `codes`: how many type codes there are.
struct KeptTypes {
  std::vector<bool> on;
  bool agreement_ties = false;
};
Result<KeptTypes> KeepTypes(const schema::Schema& schema, const Filter& filter, size_t codes);
// The same for every type code the schema's catalog has given.
Result<KeptTypes> KeepTypes(const schema::Schema& schema, const Filter& filter);

// Where LoadBase found a base.
struct BaseSource {
  bool from_cache = false;     // the cache file (else a scan of the store)
  size_t commits_applied = 0;  // logged commits since the cache's state, applied to it (delta.h)
  std::string save_to;         // CacheWrite::kByCaller: the cache file the base is to be saved in, or ""
};

// Who writes a base that LoadBase scanned or brought up to date into the cache.
enum class CacheWrite {
  kBeforeReturning,  // LoadBase itself
  kByCaller,         // the caller, from source->save_to (Project: while it builds the view)
};

// The base for `store`: from the cache when it matches the store's sequence; else from the cache
// brought up to date from the change log when that log reaches back to it unbroken and is short
// (projection/delta.h); else scanned. With `use_cache`, a base not read as it was is saved.
Result<std::shared_ptr<const Base>> LoadBase(const store::GraphStore& store, bool use_cache, BaseSource* source,
                                             CacheWrite write = CacheWrite::kBeforeReturning);

Status WriteBaseCache(const Base& base, const std::string& path);
// NotFound when there is no cache or it is for another database or sequence; Corruption when
// damaged.
Result<std::shared_ptr<const Base>> ReadBaseCache(const std::string& path, uint64_t sequence, uint64_t identity);

// The identity hash of a store and the folder it is in (see cache_format.h).
uint64_t StoreIdentity(const store::GraphStore& store);

}  // namespace cityties::projection
