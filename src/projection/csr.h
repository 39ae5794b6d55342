// The Boost.Graph views of a Projection. Heavy (Boost.Graph): include it only from algorithm
// implementations, never from CLI headers.
//
// Why compressed_sparse_row_graph and not adjacency_list: the projection is built once per query
// and then only read, so the CSR's immutability costs nothing, while its two flat arrays (row
// offsets and column indices, 4-byte vertex and edge indices here) take a fraction of the memory of
// adjacency_list<vecS, vecS> (a std::vector per vertex) and are filled in one pass from sorted
// edges. Measured by bench/graph_bench.cpp on the same symmetric graph (200k vertices, 1M random
// edges = 2M arcs; 2 shared cores): building it takes 6 ms as a CSR versus 52-100 ms as an
// adjacency_list, BFS 33 ms versus 72-94 ms, 20 PageRank iterations 72-84 ms versus 266-328 ms
// (contiguous adjacency, no pointer chase per vertex). See docs/queries.md.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <memory>
#include <mutex>

#include "projection/projection.h"

namespace cityties::projection {

// The bundled property of a CSR edge: the representative tie of the vertex pair and its weight.
struct EdgeProp {
  TieIndex tie = 0;
  double weight = 1.0;
};

// The simple undirected graph of the projection, stored as a symmetric directed CSR: every
// adjacent pair {u, v} (u != v) appears once as u->v and once as v->u, whatever the direction and
// number of ties between them (self-loops are dropped). Out-edges of a vertex are sorted by target.
using SymGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeProp, boost::no_property,
                                                    Vertex, uint32_t>;
// The directed simple graph: each ordered pair (u, v) that has a tie stored u->v, once; with
// in-edges. Out- and in-edges of a vertex are sorted by the other vertex.
using DirGraph = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, EdgeProp,
                                                    boost::no_property, Vertex, uint32_t>;

struct Graphs {
  SymGraph sym;
  // Built on first use by DirectedGraph(); guarded so that concurrent readers are safe.
  mutable std::once_flag dir_once;
  mutable std::unique_ptr<DirGraph> dir;
};

// The directed graph of a projection (stored directions). For an undirected edge-list import the
// stored direction carries no meaning: use graphs().sym instead (see Projection::directed()).
const DirGraph& DirectedGraph(const Projection& p);

}  // namespace cityties::projection
