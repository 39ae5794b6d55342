// A compressed-sparse-row graph over arrays it does not own (a mapped projection image), as a
// Boost.Graph: it models VertexListGraph and IncidenceGraph, and with in-edges (BiCsrView)
// BidirectionalGraph, with a vertex_index map and an arc weight map. So the generic kernels of
// algo/kernels.h (and Boost's BFS, Dijkstra and strong components under them) run on a mapped
// file in place exactly as they run on the projection's own CSR graphs.
//
// Heavy (Boost.Graph): include it only from algorithm implementations.
#pragma once

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstdint>
#include <utility>

#include "projection/projection.h"

namespace cityties::projection {

// An arc: its ends and its index (into the out arrays; for an in-edge, into the in arrays).
struct CsrArc {
  Vertex src = 0, dst = 0;
  uint32_t index = 0;
  friend bool operator==(const CsrArc& a, const CsrArc& b) {
    return a.src == b.src && a.dst == b.dst && a.index == b.index;
  }
  friend bool operator!=(const CsrArc& a, const CsrArc& b) { return !(a == b); }
};

// One direction of adjacency: offsets[v]..offsets[v+1] index `ends` (targets, or sources of
// in-arcs).
struct CsrArrays {
  const uint32_t* offsets = nullptr;  // num_vertices + 1
  const uint32_t* ends = nullptr;
};

// Iterates the arcs of one vertex. kIncoming: ends are sources and the vertex is the target.
// Small (16 bytes) on purpose: depth-first searches keep two per vertex on their stack.
template <bool kIncoming>
class CsrArcIterator : public boost::iterator_facade<CsrArcIterator<kIncoming>, CsrArc, std::random_access_iterator_tag,
                                                     CsrArc, std::ptrdiff_t> {
 public:
  CsrArcIterator() = default;
  CsrArcIterator(const uint32_t* ends, Vertex v, uint32_t i) : ends_(ends), v_(v), i_(i) {}

 private:
  friend class boost::iterator_core_access;
  CsrArc dereference() const { return kIncoming ? CsrArc{ends_[i_], v_, i_} : CsrArc{v_, ends_[i_], i_}; }
  // Iterators of one vertex's range differ only in i_ (comparing v_ too makes the compiler pack both
  // into one word and stall on it in the innermost loop).
  bool equal(const CsrArcIterator& o) const { return i_ == o.i_; }
  void increment() { ++i_; }
  void decrement() { --i_; }
  void advance(std::ptrdiff_t n) { i_ = static_cast<uint32_t>(static_cast<std::ptrdiff_t>(i_) + n); }
  std::ptrdiff_t distance_to(const CsrArcIterator& o) const {
    return static_cast<std::ptrdiff_t>(o.i_) - static_cast<std::ptrdiff_t>(i_);
  }
  const uint32_t* ends_ = nullptr;
  Vertex v_ = 0;
  uint32_t i_ = 0;
};
using CsrOutIterator = CsrArcIterator<false>;
using CsrInIterator = CsrArcIterator<true>;

// The graph: out-arcs, and with kIn also in-arcs. Weights by out-arc index (nullptr: all 1).
template <bool kIn>
struct BasicCsrView {
  size_t n = 0;
  CsrArrays out, in;
  const double* weights = nullptr;
};
using CsrView = BasicCsrView<false>;
using BiCsrView = BasicCsrView<true>;

struct CsrTraversal : boost::incidence_graph_tag, boost::vertex_list_graph_tag {};
struct BiCsrTraversal : boost::bidirectional_graph_tag, boost::vertex_list_graph_tag {};

// The weight of an out-arc, as a readable property map.
struct CsrWeightMap {
  const double* weights = nullptr;
};
inline double get(const CsrWeightMap& m, const CsrArc& e) { return m.weights ? m.weights[e.index] : 1.0; }

template <bool kIn>
CsrWeightMap WeightMap(const BasicCsrView<kIn>& g) {
  return CsrWeightMap{g.weights};
}

// ---- the Boost.Graph free functions

template <bool kIn>
std::pair<boost::counting_iterator<Vertex>, boost::counting_iterator<Vertex>> vertices(const BasicCsrView<kIn>& g) {
  return {boost::counting_iterator<Vertex>(0), boost::counting_iterator<Vertex>(static_cast<Vertex>(g.n))};
}
template <bool kIn>
size_t num_vertices(const BasicCsrView<kIn>& g) {
  return g.n;
}
template <bool kIn>
std::pair<CsrOutIterator, CsrOutIterator> out_edges(Vertex v, const BasicCsrView<kIn>& g) {
  return {CsrOutIterator(g.out.ends, v, g.out.offsets[v]), CsrOutIterator(g.out.ends, v, g.out.offsets[v + 1])};
}
template <bool kIn>
uint32_t out_degree(Vertex v, const BasicCsrView<kIn>& g) {
  return g.out.offsets[v + 1] - g.out.offsets[v];
}
inline std::pair<CsrInIterator, CsrInIterator> in_edges(Vertex v, const BiCsrView& g) {
  return {CsrInIterator(g.in.ends, v, g.in.offsets[v]), CsrInIterator(g.in.ends, v, g.in.offsets[v + 1])};
}
inline uint32_t in_degree(Vertex v, const BiCsrView& g) { return g.in.offsets[v + 1] - g.in.offsets[v]; }
inline uint32_t degree(Vertex v, const BiCsrView& g) { return out_degree(v, g) + in_degree(v, g); }
template <bool kIn>
Vertex source(const CsrArc& e, const BasicCsrView<kIn>&) {
  return e.src;
}
template <bool kIn>
Vertex target(const CsrArc& e, const BasicCsrView<kIn>&) {
  return e.dst;
}
template <bool kIn>
boost::typed_identity_property_map<Vertex> get(boost::vertex_index_t, const BasicCsrView<kIn>&) {
  return {};
}

}  // namespace cityties::projection

namespace boost {

template <bool kIn>
struct graph_traits<cityties::projection::BasicCsrView<kIn>> {
  using vertex_descriptor = cityties::projection::Vertex;
  using edge_descriptor = cityties::projection::CsrArc;
  using directed_category = std::conditional_t<kIn, bidirectional_tag, directed_tag>;
  using edge_parallel_category = disallow_parallel_edge_tag;
  using traversal_category =
      std::conditional_t<kIn, cityties::projection::BiCsrTraversal, cityties::projection::CsrTraversal>;
  using vertex_iterator = counting_iterator<cityties::projection::Vertex>;
  using out_edge_iterator = cityties::projection::CsrOutIterator;
  using in_edge_iterator = cityties::projection::CsrInIterator;
  using adjacency_iterator = void;
  using edge_iterator = void;
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using degree_size_type = uint32_t;
  static vertex_descriptor null_vertex() { return cityties::projection::kNoVertex; }
};

template <bool kIn>
struct property_map<cityties::projection::BasicCsrView<kIn>, vertex_index_t> {
  using type = typed_identity_property_map<cityties::projection::Vertex>;
  using const_type = type;
};

template <>
struct property_traits<cityties::projection::CsrWeightMap> {
  using key_type = cityties::projection::CsrArc;
  using value_type = double;
  using reference = double;
  using category = readable_property_map_tag;
};

}  // namespace boost
