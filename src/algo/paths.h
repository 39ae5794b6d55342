// Paths between two vertices of a projection: the shortest one, Yen's k shortest loopless paths,
// and every simple path up to a length. Light header (no Boost); the implementation runs on the
// projection's symmetric CSR graph (or a mapped image's): the fewest hops by a breadth-first
// search from both ends that stops where they meet, weighted lengths by Boost.Graph's
// dijkstra_shortest_paths.
//
// Paths follow ties in either direction (a tie is a relationship, whichever way it is stored);
// each hop records the tie it uses and whether it is walked along its stored direction.
//
// Deterministic tie-break: among paths of equal length the one whose vertex sequence is smaller,
// compared vertex by vertex from the start, wins (vertices compare by external id, see
// projection.h). Between two adjacent vertices a hop uses the representative tie of the pair:
// the smallest weight, then the smallest tie index (Projection::TieBetween).
#pragma once

#include <cstddef>
#include <vector>

#include "common/status.h"
#include "projection/image.h"
#include "projection/projection.h"

namespace cityties::algo {

struct Hop {
  projection::Vertex from = projection::kNoVertex;
  projection::Vertex to = projection::kNoVertex;
  projection::TieIndex tie = 0;
  bool forward = true;  // the tie is stored from `from` to `to`
};

struct Path {
  std::vector<projection::Vertex> vertices;  // from the source to the target, both included
  std::vector<Hop> hops;                     // vertices.size() - 1 hops
  double length = 0;                         // hop count, or the sum of weights when weighted
};

struct PathOptions {
  // Use each tie's `weight` property as its length (absent: 1) instead of counting hops.
  // Weights must be non-negative.
  bool weighted = false;
};

// The shortest path from `from` to `to`. NotFound when `to` is unreachable.
Result<Path> ShortestPath(const projection::Projection& p, projection::Vertex from, projection::Vertex to,
                          const PathOptions& options = {});

// The vertices of ShortestPath on a mapped projection image (projection/image.h), numbered as in
// the default view it holds: the same vertices as ShortestPath on that view's Projection, for the
// caller to explain on any projection that holds them (PathThrough). NotFound when unreachable.
Result<std::vector<projection::Vertex>> ShortestPathVertices(const projection::Image& image, projection::Vertex from,
                                                             projection::Vertex to, const PathOptions& options = {});

// The path through `vertices` (adjacent in `p`, in order), each hop on the pair's representative
// tie (Projection::TieBetween); its length in hops, or weights with options.weighted.
Path PathThrough(const projection::Projection& p, const std::vector<projection::Vertex>& vertices,
                 const PathOptions& options = {});

// Yen's algorithm: up to `k` shortest loopless paths, shortest first (ties as above). Empty when
// `to` is unreachable.
std::vector<Path> KShortestPaths(const projection::Projection& p, projection::Vertex from, projection::Vertex to,
                                 size_t k, const PathOptions& options = {});

// Every simple path of at most `max_hops` hops, ordered by length then vertex sequence; at most
// `limit` of them (*truncated is set when more exist).
std::vector<Path> AllSimplePaths(const projection::Projection& p, projection::Vertex from, projection::Vertex to,
                                 size_t max_hops, size_t limit, bool* truncated = nullptr,
                                 const PathOptions& options = {});

// Vertices within `depth` hops of `from` (breadth-first), with their distance and the vertex they
// were first reached from (the smallest such vertex); `from` itself at depth 0. Ordered by depth,
// then vertex.
struct Reached {
  projection::Vertex vertex = projection::kNoVertex;
  size_t depth = 0;
  projection::Vertex parent = projection::kNoVertex;  // kNoVertex for `from`
};
std::vector<Reached> Neighborhood(const projection::Projection& p, projection::Vertex from, size_t depth);

}  // namespace cityties::algo
