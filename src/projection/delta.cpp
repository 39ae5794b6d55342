#include "projection/delta.h"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "projection/base_build.h"

namespace cityties::projection {
namespace {

using EdgeKey = std::tuple<store::NodeId, store::TypeCode, store::NodeId>;  // (src, type, dst)

// The distinct nodes and edges that the records name, ascending.
void CollectKeys(const std::vector<store::ChangeRecord>& changes, std::vector<store::NodeId>* nodes,
                 std::vector<EdgeKey>* edges) {
  for (const auto& change : changes) {
    nodes->insert(nodes->end(), change.nodes.begin(), change.nodes.end());
    for (const auto& e : change.edges) edges->emplace_back(e.node, e.type, e.other);
  }
  std::sort(nodes->begin(), nodes->end());
  nodes->erase(std::unique(nodes->begin(), nodes->end()), nodes->end());
  std::sort(edges->begin(), edges->end());
  edges->erase(std::unique(edges->begin(), edges->end()), edges->end());
}

// Merges the changed nodes into the vertices (both by node id): a changed node the store still
// holds replaces its vertex or is inserted, one it no longer holds is removed. `moved_to[i]` is
// the new index of old vertex i, kNoVertex when removed; `changed` the new indices of the nodes
// read again.
Status MergeVertices(const store::GraphStore& store, const std::vector<store::NodeId>& ids, Base* base,
                     std::vector<Vertex>* moved_to, std::vector<Vertex>* changed) {
  std::vector<VertexData> old = std::move(base->vertices);
  std::vector<VertexData>& merged = base->vertices;
  merged.clear();
  merged.reserve(old.size() + ids.size());
  moved_to->assign(old.size(), kNoVertex);
  size_t i = 0;
  for (store::NodeId id : ids) {
    for (; i < old.size() && old[i].node < id; ++i) {
      (*moved_to)[i] = static_cast<Vertex>(merged.size());
      merged.push_back(std::move(old[i]));
    }
    const bool was_there = i < old.size() && old[i].node == id;
    if (was_there) ++i;  // replaced or removed
    auto node = store.GetNode(id);
    if (node.status().IsNotFound()) continue;
    if (!node.ok()) return node.status();
    if (was_there) (*moved_to)[i - 1] = static_cast<Vertex>(merged.size());
    changed->push_back(static_cast<Vertex>(merged.size()));
    merged.push_back(ToVertex(*node, store.schema().domain()));
  }
  for (; i < old.size(); ++i) {
    (*moved_to)[i] = static_cast<Vertex>(merged.size());
    merged.push_back(std::move(old[i]));
  }
  return Status::Ok();
}

// The vertex of a node id (vertices are sorted by node id), kNoVertex when there is none.
Vertex VertexOf(const std::vector<VertexData>& vs, store::NodeId id) {
  auto it = std::lower_bound(vs.begin(), vs.end(), id, [](const VertexData& v, store::NodeId n) { return v.node < n; });
  return it != vs.end() && it->node == id ? static_cast<Vertex>(it - vs.begin()) : kNoVertex;
}

// Renumbers the kept edges, drops those at removed vertices or named by the changes, and merges
// in the changed edges the store still holds.
Status MergeEdges(const store::GraphStore& store, const std::vector<EdgeKey>& keys, const std::vector<Vertex>& moved_to,
                  Base* base) {
  std::vector<BaseEdge> fresh;
  std::vector<std::tuple<Vertex, store::TypeCode, Vertex>> named;  // the changed keys, renumbered
  for (const auto& [src, type, dst] : keys) {
    const Vertex s = VertexOf(base->vertices, src), d = VertexOf(base->vertices, dst);
    auto edge = store.GetEdge(src, type, dst);
    if (edge.status().IsNotFound()) {
      if (s != kNoVertex && d != kNoVertex) named.emplace_back(s, type, d);
      continue;
    }
    if (!edge.ok()) return edge.status();
    if (s == kNoVertex || d == kNoVertex) {
      return Status::Corruption("edge between unknown nodes #" + std::to_string(src) + " and #" + std::to_string(dst));
    }
    named.emplace_back(s, type, d);
    fresh.push_back(ToBaseEdge(ToRawEdge(*edge, store.schema().domain()), s, d));
  }
  // Renumbering keeps the order (vertices keep their node id order), and so do `named`, `fresh`.
  std::vector<BaseEdge> kept;
  kept.reserve(base->edges.size() + fresh.size());
  auto next = named.begin();
  for (BaseEdge e : base->edges) {
    e.src = moved_to[e.src];
    e.dst = moved_to[e.dst];
    if (e.src == kNoVertex || e.dst == kNoVertex) continue;
    const auto key = std::make_tuple(e.src, e.type, e.dst);
    while (next != named.end() && *next < key) ++next;
    if (next != named.end() && *next == key) continue;
    kept.push_back(e);
  }
  base->edges.clear();
  std::merge(kept.begin(), kept.end(), fresh.begin(), fresh.end(), std::back_inserter(base->edges), EdgeLess);
  return Status::Ok();
}

// Renumbers by_ext, and merges the vertices read again in at their places in external id order.
void MergeByExt(const std::vector<Vertex>& moved_to, std::vector<Vertex> changed, Base* base) {
  const auto& vs = base->vertices;
  std::vector<bool> is_changed(vs.size(), false);
  for (Vertex v : changed) is_changed[v] = true;
  std::vector<Vertex> kept;
  kept.reserve(vs.size());
  for (Vertex old : base->by_ext) {
    const Vertex v = moved_to[old];
    if (v != kNoVertex && !is_changed[v]) kept.push_back(v);
  }
  auto less = [&](Vertex a, Vertex b) { return ExtLess(vs[a], vs[b]); };
  std::sort(changed.begin(), changed.end(), less);
  base->by_ext.clear();
  std::merge(kept.begin(), kept.end(), changed.begin(), changed.end(), std::back_inserter(base->by_ext), less);
}

}  // namespace

bool WorthApplying(const Base& base, const std::vector<store::ChangeRecord>& changes) {
  size_t keys = 0;
  for (const auto& change : changes) keys += change.nodes.size() + change.edges.size();
  return keys <= kMaxChangedKeys + (base.vertices.size() + base.edges.size()) / 4;
}

Status ApplyChanges(const store::GraphStore& store, const std::vector<store::ChangeRecord>& changes, Base* base) {
  std::vector<store::NodeId> nodes;
  std::vector<EdgeKey> edges;
  CollectKeys(changes, &nodes, &edges);
  std::vector<Vertex> moved_to, changed;
  CT_RETURN_IF_ERROR(MergeVertices(store, nodes, base, &moved_to, &changed));
  CT_RETURN_IF_ERROR(MergeEdges(store, edges, moved_to, base));
  MergeByExt(moved_to, std::move(changed), base);
  ResolveLocations(store.schema(), base);
  const auto fresh = NewBase(store);
  base->sequence = fresh->sequence;
  base->directed = fresh->directed;
  base->type_names = fresh->type_names;
  return Status::Ok();
}

}  // namespace cityties::projection
