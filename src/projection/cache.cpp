#include "projection/cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "common/output_file.h"
#include "projection/base_build.h"
#include "projection/cache_format.h"
#include "projection/delta.h"
#include "query/node_query.h"

namespace cityties::projection {
namespace {

std::string CachePath(const store::GraphStore& store) {
  return (std::filesystem::path(store.path()) / kCacheFileName).string();
}

// Numbers the vertices by internal node id (and orders them by external id in `by_ext`), the edges
// by (src, type, dst), and resolves each
// vertex's city and country through LOCATED_IN: the part of a base that does not depend on how
// its nodes and edges were found.
Result<std::shared_ptr<const Base>> AssembleBase(const store::GraphStore& store, std::vector<VertexData> vertices,
                                                 const std::vector<RawEdge>& raw_edges) {
  auto base = NewBase(store);
  std::vector<VertexData>& vs = base->vertices;
  {  // by node id: sorted as indices, each vertex then moved once
    std::vector<Vertex> by_node(vertices.size());
    for (Vertex i = 0; i < by_node.size(); ++i) by_node[i] = i;
    std::sort(by_node.begin(), by_node.end(), [&](Vertex a, Vertex b) { return vertices[a].node < vertices[b].node; });
    vs.reserve(vertices.size());
    for (Vertex i : by_node) vs.push_back(std::move(vertices[i]));
  }
  base->by_ext.resize(vs.size());
  for (Vertex i = 0; i < vs.size(); ++i) base->by_ext[i] = i;
  std::sort(base->by_ext.begin(), base->by_ext.end(), [&](Vertex a, Vertex b) { return ExtLess(vs[a], vs[b]); });

  // NodeId -> vertex: a flat table when ids are dense enough (the usual case), else a hash map
  store::NodeId max_id = 0;
  for (const auto& v : vs) max_id = std::max(max_id, v.node);
  std::vector<Vertex> dense;
  std::unordered_map<store::NodeId, Vertex> sparse;
  // (a table of at most 16 entries per vertex: less than the vertices themselves take; a small
  // neighbourhood of a large graph takes the map, not a table of every node id)
  const bool use_dense = max_id <= 16 * vs.size();
  if (use_dense) {
    dense.assign(max_id + 1, kNoVertex);
    for (Vertex i = 0; i < vs.size(); ++i) dense[vs[i].node] = i;
  } else {
    for (Vertex i = 0; i < vs.size(); ++i) sparse[vs[i].node] = i;
  }
  auto vertex_of = [&](store::NodeId id) -> Vertex {
    if (use_dense) return id < dense.size() ? dense[id] : kNoVertex;
    auto it = sparse.find(id);
    return it == sparse.end() ? kNoVertex : it->second;
  };

  base->edges.reserve(raw_edges.size());
  for (const auto& r : raw_edges) {
    BaseEdge be = ToBaseEdge(r, vertex_of(r.src), vertex_of(r.dst));
    if (be.src == kNoVertex || be.dst == kNoVertex) {
      return Status::Corruption("edge between unknown nodes #" + std::to_string(r.src) + " and #" +
                                std::to_string(r.dst));
    }
    base->edges.push_back(be);
  }
  std::sort(base->edges.begin(), base->edges.end(), EdgeLess);
  ResolveLocations(store.schema(), base.get());
  return std::shared_ptr<const Base>(std::move(base));
}

}  // namespace

Result<std::shared_ptr<const Base>> ScanBase(const store::GraphStore& store) {
  // One prefix scan of the nodes column family and one of the out column family, side by side
  // (RocksDB reads are safe from several threads): in a profile of the first query at 1M edges
  // the nodes' scan took 13% of the samples, the edges' 22%.
  std::vector<VertexData> vertices;
  Status nodes_read;
  std::thread nodes([&] {
    nodes_read = store.ForEachNode([&](const store::Node& node) {
      vertices.push_back(ToVertex(node, store.schema().domain()));
      return true;
    });
  });
  std::vector<RawEdge> edges;
  Status edges_read = store.ForEachEdge(true, [&](const store::Edge& e) {
    edges.push_back(ToRawEdge(e, store.schema().domain()));
    return true;
  });
  nodes.join();
  CT_RETURN_IF_ERROR(nodes_read);
  CT_RETURN_IF_ERROR(edges_read);
  return AssembleBase(store, std::move(vertices), edges);
}

Result<std::shared_ptr<const Base>> ScanNeighbourhood(const store::GraphStore& store,
                                                      const std::vector<store::NodeId>& seeds, int hops) {
  // Breadth-first over the adjacency column families: each visited node costs one prefix scan of
  // out/<node> and one of in/<node>; nothing else of the graph is read.
  std::unordered_set<store::NodeId> reached(seeds.begin(), seeds.end());
  std::vector<store::NodeId> frontier(seeds.begin(), seeds.end());
  std::map<std::tuple<store::NodeId, store::TypeCode, store::NodeId>, RawEdge> edges;
  auto take = [&](const store::Edge& e) {
    edges.emplace(std::make_tuple(e.src, e.type, e.dst), ToRawEdge(e, store.schema().domain()));
    return true;
  };
  for (int hop = 0; hop < hops && !frontier.empty(); ++hop) {
    std::vector<store::NodeId> next;
    for (store::NodeId node : frontier) {
      CT_RETURN_IF_ERROR(
          store.ForEachEdge(node, store::Direction::kBoth, std::nullopt, true, [&](const store::Edge& e) {
            store::NodeId other = e.src == node ? e.dst : e.src;
            if (reached.insert(other).second) next.push_back(other);
            return take(e);
          }));
    }
    frontier = std::move(next);
  }
  // Edges among the last ring, and the LOCATED_IN chain of every node reached (for the city and
  // country filters): a typed prefix scan per node.
  const auto* located_in = store.schema().FindEdgeType(store.schema().domain().location_type);
  std::vector<store::NodeId> pending(reached.begin(), reached.end());
  while (!pending.empty()) {
    store::NodeId node = pending.back();
    pending.pop_back();
    if (!located_in) break;
    CT_RETURN_IF_ERROR(
        store.ForEachEdge(node, store::Direction::kOut, located_in->code, true, [&](const store::Edge& e) {
          if (reached.insert(e.dst).second) pending.push_back(e.dst);
          return take(e);
        }));
  }
  // The last ring's own edges are read without their properties (a hub there has thousands),
  // and only those kept are read whole.
  std::vector<store::Edge> among;
  for (store::NodeId node : frontier) {
    CT_RETURN_IF_ERROR(store.ForEachEdge(node, store::Direction::kOut, std::nullopt, false, [&](const store::Edge& e) {
      if (reached.count(e.dst) && !edges.count(std::make_tuple(e.src, e.type, e.dst))) among.push_back(e);
      return true;
    }));
  }
  for (const auto& key : among) {
    auto edge = store.GetEdge(key.src, key.type, key.dst);
    if (!edge.ok()) return edge.status();
    take(*edge);
  }
  std::vector<VertexData> vertices;
  for (store::NodeId id : reached) {
    auto node = store.GetNode(id);
    if (!node.ok()) return node.status();
    vertices.push_back(ToVertex(*node, store.schema().domain()));
  }
  std::vector<RawEdge> raw;
  for (auto& [key, edge] : edges) raw.push_back(edge);
  return AssembleBase(store, std::move(vertices), raw);
}

namespace {
// A set of node ids, one bit each by id (ids are dense).
class DenseNodeSet {
 public:
  // Whether `id` was not in the set yet.
  bool Insert(store::NodeId id) {
    if (id >= bits_.size()) bits_.resize(std::max<size_t>(2 * id, 1024), false);
    if (bits_[id]) return false;
    bits_[id] = true;
    return true;
  }

 private:
  std::vector<bool> bits_;
};
}  // namespace

Result<std::shared_ptr<const Base>> ScanReach(const store::GraphStore& store, const std::vector<store::NodeId>& seeds,
                                              int hops, const Filter& filter) {
  const auto& schema = store.schema();
  auto kept = KeepTypes(schema, filter);
  if (!kept.ok()) return kept.status();
  const std::set<std::string> labels(filter.labels.begin(), filter.labels.end());
  DenseNodeSet reached;
  auto reach = [&](store::NodeId id) { return reached.Insert(id); };
  std::vector<VertexData> vertices;
  // The ties kept, in 24 bytes each: each reached node's ties to its parent.
  struct Key {
    store::NodeId src, dst;
    store::TypeCode type;
    store::NodeId low() const { return std::min(src, dst); }
    store::NodeId high() const { return std::max(src, dst); }
  };
  std::vector<Key> keys;
  std::vector<std::vector<store::GraphStore::Adjacent>> adjacent;  // by node of the ring
  // Reads a ring's nodes, and keeps in it those whose ties lead on (a label the filter leaves out
  // is a vertex of no view: nothing is reached through it), in the order of the view's vertices
  // (ExtLess): the first of them tied to a node of the next ring is that node's parent.
  auto read = [&](std::vector<store::NodeId>* ring) -> Status {
    auto nodes = store.GetNodes(*ring);
    if (!nodes.ok()) return nodes.status();
    ring->clear();
    vertices.reserve(vertices.size() + nodes->size());
    std::vector<size_t> kept;
    for (const auto& node : *nodes) {
      if (labels.empty() || labels.count(node.label)) kept.push_back(vertices.size());
      vertices.push_back(ToVertex(node, schema.domain()));
    }
    std::sort(kept.begin(), kept.end(), [&](size_t a, size_t b) { return ExtLess(vertices[a], vertices[b]); });
    for (size_t i : kept) ring->push_back(vertices[i].node);
    return Status::Ok();
  };
  std::vector<store::NodeId> ring;
  for (store::NodeId seed : seeds) {
    if (reach(seed)) ring.push_back(seed);
  }
  CT_RETURN_IF_ERROR(read(&ring));
  // A node's parent is the smallest vertex of the ring before tied to it (algo::Neighborhood): as
  // the ring is in vertex order, the first one to reach it. Its ties to the parent are kept (all
  // of them: the pair's weights decide which one represents it); no other tie is, for the listing
  // shows nothing else, and the view's breadth-first search over these ties gives every node the
  // same depth and parent as over all of them.
  // The next ring's nodes, each with its parent's place in the ring (a map the size of the ring,
  // not a table by node id: a small neighbourhood in a large graph stays cheap).
  std::unordered_map<store::NodeId, size_t> parent_of;
  for (int hop = 0; hop < hops && !ring.empty(); ++hop) {
    std::vector<store::NodeId> next;
    parent_of.clear();
    CT_RETURN_IF_ERROR(store.ReadAdjacentOfEach(ring, &adjacent));
    for (size_t i = 0; i < ring.size(); ++i) {
      const store::NodeId node = ring[i];
      for (const auto& a : adjacent[i]) {
        if (a.type >= kept->on.size() || !kept->on[a.type]) continue;
        if (reach(a.other)) {
          next.push_back(a.other);
          parent_of.emplace(a.other, i);
        }
        auto parent = parent_of.find(a.other);
        if (parent != parent_of.end() && parent->second == i) {
          keys.push_back(a.outgoing ? Key{node, a.other, a.type} : Key{a.other, node, a.type});
        }
      }
    }
    CT_RETURN_IF_ERROR(read(&next));
    ring = std::move(next);
  }
  // By pair, then as stored: copies of one tie side by side, and the ties that share a pair.
  auto order = [](const Key& k) { return std::make_tuple(k.low(), k.high(), k.src, k.type); };
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) { return order(a) < order(b); });
  keys.erase(
      std::unique(keys.begin(), keys.end(),
                  [](const Key& a, const Key& b) { return a.src == b.src && a.dst == b.dst && a.type == b.type; }),
      keys.end());
  std::vector<RawEdge> edges(keys.size());
  for (size_t i = 0, j = 0; i < keys.size(); i = j) {
    for (j = i + 1; j < keys.size() && keys[j].low() == keys[i].low() && keys[j].high() == keys[i].high();) ++j;
    for (size_t k = i; k < j; ++k) {
      if (j - i == 1) {  // alone on its pair: no property of it is needed
        edges[k].src = keys[k].src;
        edges[k].dst = keys[k].dst;
        edges[k].type = keys[k].type;
        continue;
      }
      // Ties that share a pair: their weights say which one represents it (Projection::TieBetween).
      auto edge = store.GetEdge(keys[k].src, keys[k].type, keys[k].dst);
      if (!edge.ok()) return edge.status();
      edges[k] = ToRawEdge(*edge, store.schema().domain());
    }
  }
  return AssembleBase(store, std::move(vertices), edges);
}

Result<std::vector<ReachedHead>> ReachHeads(const store::GraphStore& store, store::NodeId seed, int hops,
                                            const Filter& filter) {
  const auto& schema = store.schema();
  auto kept = KeepTypes(schema, filter);
  if (!kept.ok()) return kept.status();
  std::vector<bool> kept_label;  // by label code; empty: every label
  for (const auto& name : filter.labels) {
    const auto* def = schema.FindLabel(name);
    if (!def) continue;
    if (def->code >= kept_label.size()) kept_label.resize(def->code + 1, false);
    kept_label[def->code] = true;
  }
  if (!filter.labels.empty() && kept_label.empty()) kept_label.push_back(false);
  auto keeps = [&](store::TypeCode label) {
    return kept_label.empty() || (label < kept_label.size() && kept_label[label]);
  };
  DenseNodeSet reached;
  reached.Insert(seed);
  std::vector<ReachedHead> listed;
  std::vector<store::NodeId> ring{seed}, others;
  for (size_t depth = 0; !ring.empty(); ++depth) {
    auto heads = store.GetNodeHeads(ring);
    if (!heads.ok()) return heads.status();
    // A node of a label left out is no vertex of the view: neither listed nor gone through. The
    // rest in the view's order, sorted as (rank, place) pairs side by side; ids compared on a tie.
    struct Ranked {
      ExtRank rank;
      size_t at;
    };
    std::vector<Ranked> order;
    order.reserve(ring.size());
    for (size_t i = 0; i < ring.size(); ++i) {
      if (keeps((*heads)[i].label)) order.push_back(Ranked{ExtRank((*heads)[i].ext_id), i});
    }
    std::sort(order.begin(), order.end(), [&](const Ranked& a, const Ranked& b) {
      return ExtLess(a.rank, (*heads)[a.at].ext_id, b.rank, (*heads)[b.at].ext_id);
    });
    listed.reserve(listed.size() + order.size());
    std::vector<store::NodeId> kept_ring;
    kept_ring.reserve(order.size());
    for (const auto& [rank, at] : order) {
      auto& head = (*heads)[at];
      kept_ring.push_back(ring[at]);
      listed.push_back(ReachedHead{depth, ring[at], head.label, rank, std::move(head.ext_id)});
    }
    if (depth == static_cast<size_t>(hops)) break;
    others.clear();
    CT_RETURN_IF_ERROR(store.CollectAdjacent(kept_ring, kept->on, &others));
    ring.clear();
    for (store::NodeId other : others) {
      if (reached.Insert(other)) ring.push_back(other);
    }
  }
  return listed;
}

Status WriteBaseCache(const Base& base, const std::string& path) {
  // Checksummed; written in pieces, never held whole (33 bytes an edge: 0.4 GiB at 10M edges).
  return WriteOutputFileInPieces(path, /*force=*/true, Durability::kCache,
                                 [&](const PieceWriter& write) { return EncodeCacheInPieces(base, write); });
}

uint64_t StoreIdentity(const store::GraphStore& store) {
  std::string id = store.database_id();
  if (id.empty()) {
    std::ifstream f(std::filesystem::path(store.path()) / "IDENTITY", std::ios::binary);
    id.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  struct stat folder {};
  if (::stat(store.path().c_str(), &folder) == 0) {
    id += "@" + std::to_string(folder.st_dev) + ":" + std::to_string(folder.st_ino);
  }
  return Fnv1a(id);
}

namespace {
// Reads the header of the cache file open in `f`: NotFound when there is none, or it is of
// another version or another database.
Result<CacheHeader> ReadCacheHeader(std::ifstream& f, const std::string& path, uint64_t identity) {
  if (!f) return Status::NotFound("no projection cache at " + path);
  std::string head(kCacheHeaderSize, '\0');
  f.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(f.gcount()));
  CacheHeader header;
  CT_RETURN_IF_ERROR(DecodeCacheHeader(head, &header));
  if (header.version != kCacheVersion) return Status::NotFound("projection cache of another version");
  if (header.identity != identity) return Status::NotFound("projection cache of another database");
  return header;
}

// The rest of the cache file open in `f`, decoded.
Result<std::shared_ptr<Base>> ReadCacheBody(std::ifstream& f) {
  f.seekg(0, std::ios::end);
  auto size = static_cast<size_t>(f.tellg());
  f.seekg(0);
  std::string file(size, '\0');
  if (!f.read(file.data(), static_cast<std::streamsize>(size)))
    return Status::Corruption("projection cache unreadable");
  auto base = std::make_shared<Base>();
  CT_RETURN_IF_ERROR(DecodeCache(file, base.get()));
  return base;
}

// The cached base brought up to date from the change log (projection/delta.h), when the log
// reaches back to the cache's state and is short enough; NotFound otherwise.
Result<std::shared_ptr<const Base>> UpdateCachedBase(const store::GraphStore& store, std::ifstream& f,
                                                     const CacheHeader& header, size_t* commits) {
  auto changes = store.ChangesSince(header.sequence);
  if (!changes.ok()) return changes.status();
  auto base = ReadCacheBody(f);
  if (!base.ok()) return base.status();
  if (!WorthApplying(**base, *changes)) return Status::NotFound("too many changes since the projection cache");
  CT_RETURN_IF_ERROR(ApplyChanges(store, *changes, base->get()));
  *commits = changes->size();
  return std::shared_ptr<const Base>(std::move(*base));
}
}  // namespace

Result<std::shared_ptr<const Base>> ReadBaseCache(const std::string& path, uint64_t sequence, uint64_t identity) {
  std::ifstream f(path, std::ios::binary);
  // Check the header before reading a possibly large stale file.
  auto header = ReadCacheHeader(f, path, identity);
  if (!header.ok()) return header.status();
  if (header->sequence != sequence) return Status::NotFound("projection cache of another sequence");
  auto base = ReadCacheBody(f);
  if (!base.ok()) return base.status();
  return std::shared_ptr<const Base>(std::move(*base));
}

Result<std::shared_ptr<const Base>> LoadBase(const store::GraphStore& store, bool use_cache, BaseSource* source,
                                             CacheWrite write) {
  *source = BaseSource{};
  const std::string path = CachePath(store);
  // Best effort, here or by the caller: a read-only directory is fine.
  auto save = [&](const Base& base) {
    if (write == CacheWrite::kByCaller) {
      source->save_to = path;
    } else {
      (void)WriteBaseCache(base, path);
    }
  };
  if (use_cache) {
    std::ifstream f(path, std::ios::binary);
    auto header = ReadCacheHeader(f, path, StoreIdentity(store));
    if (header.ok() && header->sequence == store.Sequence()) {
      auto base = ReadCacheBody(f);
      if (base.ok()) {
        source->from_cache = true;
        return std::shared_ptr<const Base>(std::move(*base));
      }
    } else if (header.ok()) {
      auto base = UpdateCachedBase(store, f, *header, &source->commits_applied);
      if (base.ok()) {
        source->from_cache = true;
        save(**base);
        return base;
      }
    }
  }
  auto base = ScanBase(store);
  if (!base.ok()) return base;
  if (use_cache) save(**base);
  return base;
}

}  // namespace cityties::projection
