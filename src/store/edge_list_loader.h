// GraphStore::EdgeListLoader: a whole edge list into an empty database, without a WriteSet.
//
// Promises:
//  - Commit() stores exactly the keys and values Apply() would for the WriteSet of the same edge
//    list (import::ParseEdgeList): a Vertex node per distinct vertex id, numbered in the order
//    the ids first appear (AddVertex, then AddEdge's source and target), its external id the
//    decimal id; a LINK edge per AddEdge, with property "weight" when the list is weighted; the
//    label and type counters, next_node_id and graph/directed.
//  - It is as atomic and durable as Apply(): nothing is visible before Commit(), which writes
//    one synced WriteBatch (as Apply() would: fewer than Writer::kBulkThreshold keys, nothing
//    spilled) or ingests sorted SST files into every column family in one call.
//  - A repeated edge is Status::AlreadyExists from Commit(), which then writes nothing (the
//    caller can run the edge list through Apply() to have the record named).
//  - The packed column families (format.h) are written with the keys they pack, except the
//    adjacency lists after a spill: then the commit marks them stale and Commit() rebuilds them
//    from the stored keys.
//  - Memory: 16 bytes per edge while reading, 48 at the peak of sorting, and up to 40 per vertex;
//    above the store's memory budget the edges are sorted and spilled in runs (sst_files.h),
//    merged at Commit().
//  - Time: the files are written on two cores. After EndVertices() (a vertex file was read) the
//    vertices' files are written on another thread while the edges are read.
#pragma once

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "store/graph_store.h"
#include "store/sst_files.h"

namespace cityties::store {

// The label and edge type of every edge-list vertex and edge.
inline constexpr const char* kEdgeListLabel = "Vertex";
inline constexpr const char* kEdgeListType = "LINK";

class GraphStore::EdgeListLoader {
 public:
  EdgeListLoader(GraphStore& store, bool directed, bool weighted, TypeCode vertex_label, TypeCode link_type);
  ~EdgeListLoader();
  EdgeListLoader(const EdgeListLoader&) = delete;
  EdgeListLoader& operator=(const EdgeListLoader&) = delete;

  bool HasVertex(uint64_t ext_id) const { return vertices_.Find(ext_id) != VertexMap::kNone; }
  // The vertex with this id, added when new.
  void AddVertex(uint64_t ext_id) { Index(ext_id); }
  // Adds both endpoints (source first) and the edge; `weight` counts only in a weighted list,
  // whose every edge is checked against the schema here (the error names no record).
  Status AddEdge(uint64_t src, uint64_t dst, double weight);
  // No vertex is added after this: AddEdge takes only known ones (NotFound otherwise). When the
  // vertices alone make the commit a bulk one, their column families (ids, nodes, the label
  // index) are written now, on another thread.
  void EndVertices();
  Status Commit(ApplySummary* summary);

 private:
  // External id to vertex index. Ids below a bound that grows with the number of vertices (most
  // edge lists number their vertices densely) index an array, 4 bytes an id; the others go to
  // open addressing, 16 bytes a slot, at most half full.
  class VertexMap {
   public:
    static constexpr uint32_t kNone = UINT32_MAX;
    uint32_t Find(uint64_t key) const;
    // The index of `key`, `next` (then stored) when it is new.
    uint32_t Insert(uint64_t key, uint32_t next);

   private:
    void Grow();
    size_t Slot(uint64_t key) const;
    uint32_t FindHashed(uint64_t key) const;
    std::vector<uint32_t> dense_;  // index + 1 by id; 0: not there
    struct Entry {
      uint64_t key;
      uint32_t index_plus_one;  // 0: empty
    };
    std::vector<Entry> slots_;
    size_t used_ = 0;
  };
  struct EdgeRecord {
    uint64_t ends;  // source index << 32 | target index: sorts as the out keys do
    double weight;
  };

  uint32_t Index(uint64_t ext_id);
  NodeId IdOf(uint32_t index) const { return first_id_ + index; }
  Status SpillEdges();
  // Small lists go in one WriteBatch (as Apply() would write them), others as SST files.
  Status CommitBatch();
  Status CommitFiles();
  // The bits a vertex index takes (at most 32).
  int IndexBits() const;
  // Sorts edges_ and fails on a repeated edge.
  Status SortEdges();
  // SortEdges and SortReversed, each on a core.
  Status SortBoth();
  // Writes the ids, nodes and label index files into vertex_files_ (EndVertices' thread).
  Status WriteVertexFiles();
  // Waits for EndVertices' thread: its result, Ok when there was none.
  Status JoinVertexWriter();
  // reversed_: the edges' ends, target first (the order of in keys); then sorted.
  void CopyReversed();
  void SortReversed();
  void EmitOut(KeySink& sink) const { EmitOut(sink, 0, edges_.size()); }
  void EmitOut(KeySink& sink, size_t begin, size_t end) const;  // of edges_[begin, end)
  // The type index keys of edges_[begin, end).
  void EmitTypeIndex(KeySink& sink, size_t begin, size_t end) const;
  void EmitIn(KeySink& sink) const { EmitIn(sink, 0, reversed_.size()); }
  void EmitIn(KeySink& sink, size_t begin, size_t end) const;  // of reversed_[begin, end)
  // Every vertex's adjacency list (format.h), from edges_ and reversed_, both sorted.
  void EmitAdjacency(KeySink& sink) const;
  // The head blocks of the vertices (format.h).
  void EmitHeads(KeySink& sink) const;
  void EmitIds(KeySink& sink) const;
  void EmitNodes(KeySink& sink) const;
  void EmitLabelIndex(KeySink& sink) const;
  Status EmitMeta(KeySink& sink) const;

  GraphStore& store_;
  bool directed_, weighted_;
  TypeCode vertex_label_, link_type_;
  NodeId first_id_ = 1;
  StagingDir staging_;
  std::vector<ColumnFiles> files_;
  ColumnFiles type_index_files_;  // the index column family's type keys, in their own file
  // After EndVertices(): no vertex is added; and the thread writing their files, its result.
  bool vertices_closed_ = false;
  std::thread vertex_writer_;
  FilesByColumnFamily vertex_files_;
  Status vertex_status_;
  VertexMap vertices_;
  std::vector<uint64_t> ext_ids_;  // by vertex index
  std::vector<EdgeRecord> edges_;  // since the last spill
  std::vector<uint64_t> reversed_;
  uint64_t edge_count_ = 0;
  bool spilled_ = false;
};

}  // namespace cityties::store
