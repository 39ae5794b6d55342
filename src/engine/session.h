// Internal to the engine: what every request's implementation shares. Front ends include
// engine/database.h only.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/database.h"

namespace cityties::engine::internal {

using Clock = std::chrono::steady_clock;
double MsSince(Clock::time_point start);

// A date parameter: "" is none; anything else must parse (InvalidParameter naming `name`).
Result<std::optional<PartialDate>> DateParameter(const char* name, const std::string& text);
// Who applies a scope's statuses and tiers: the graph's view (Filter::statuses, tiers: a graph
// answer then sees only those ties), or the rows of a row answer (Keeps), whose graph keeps every
// tie: a partner's last contact, a pair's shared visits are seen whatever the status asked for.
enum class StatusFilter { kInView, kInRows };
// The projection filter of a scope, every field checked. Under a time window it leaves undated
// ties out of the graph unless scope.include_undated (Filter::keep_undated); a request whose rows
// decide that themselves (Keeps) sets keep_undated back to true.
Result<projection::Filter> FilterOf(const Scope& scope, StatusFilter statuses = StatusFilter::kInView);
// True when the scope sets a time window (as_of, since or until).
bool HasWindow(const Scope& scope);
// Whether a row answer keeps a tie of these facts under the scope's statuses, tiers and time
// window (an undated tie is left out of a window unless include_undated, and counted in
// answer->undated_left_out).
bool Keeps(const Scope& scope, const Provenance& provenance, bool dated, Answer* answer);
// InvalidParameter unless low <= value <= high.
Status CheckRange(const char* name, double value, double low, double high);

// A projection built for one request, with how long it took.
struct Graph {
  std::shared_ptr<const projection::Projection> projection;
  Timings timings;
  const projection::Projection& operator*() const { return *projection; }
  const projection::Projection* operator->() const { return projection.get(); }
};

// The shared machinery, over a ReadSession's database and options.
class Session {
 public:
  explicit Session(const ReadSession& s) : db_(s.db_), options_(s.options_) {}

  const store::GraphStore& store() const { return db_.store(); }

  // The whole graph under `filter` (from the persisted cache unless disabled).
  Result<Graph> Whole(const projection::Filter& filter) const;
  // Only what lies within `hops` stored edges of `nodes` (names or ids), read by prefix scans:
  // for point queries. With `reach_only` (for a projection::ReachFilter), only what a listing by
  // depth needs (ProjectOptions::reach_only).
  Result<Graph> Around(const projection::Filter& filter, const std::vector<std::string>& nodes, int hops,
                       bool reach_only = false) const;

  // Exactly these nodes (external ids), the places they are located in and the ties among them,
  // read by prefix scans: the projection a path found elsewhere is explained on.
  Result<Graph> Among(const projection::Filter& filter, const std::vector<std::string>& ext_ids) const;

  // The same under a request's scope, with `answer` started on the graph (Start).
  Result<Graph> OpenWhole(const Scope& scope, Answer* answer, StatusFilter statuses = StatusFilter::kInView) const;
  Result<Graph> OpenAround(const Scope& scope, const std::vector<std::string>& nodes, int hops, Answer* answer,
                           StatusFilter statuses = StatusFilter::kInView) const;

  // The mapped projection image of the default view (projection/image.h) when it is there and
  // current, with the time it took to open; nullptr when not (or the cache is disabled). With
  // ChecksumCheck::kAlongside the caller must see Verify() succeed before it answers anything.
  std::shared_ptr<const projection::Image> OpenImage(
      Timings* timings, projection::ChecksumCheck check = projection::ChecksumCheck::kBeforeUse) const;
  // The same for a point query, only when opening it costs less than a neighbourhood read from
  // the store's keys does: an image of at most kPointQueryImageBytes (its whole file is read to
  // check it, about 3 ms at 1M edges and 30 ms at 10M).
  std::shared_ptr<const projection::Image> OpenImageForPointQuery(Timings* timings) const;
  static constexpr uint64_t kPointQueryImageBytes = uint64_t{32} << 20;
  // Writes the image of a default view for the next request (best effort: a cache).
  void SaveImage(const Graph& g) const;
  // A node parameter resolved in an image.
  Result<Vertex> Resolve(const projection::Image& image, const char* parameter, const std::string& text) const;

  // A node parameter resolved in the graph (InvalidParameter when empty).
  Result<Vertex> Resolve(const Graph& g, const char* parameter, const std::string& text) const;
  // The same, nullopt when `text` is empty.
  Result<std::optional<Vertex>> ResolveOptional(const Graph& g, const char* parameter, const std::string& text) const;

  // Sets the answer's graph and timings, and counts the undated ties the graph left out.
  void Start(Answer* answer, const Graph& g) const;
  // Adds the stored node of a vertex (and of its country) to the answer.
  Status NameVertex(Answer* answer, Vertex v) const;
  Status NameNode(Answer* answer, const std::string& ext_id) const;
  // The same for a node whose internal id is known (a vertex's, an expanded tie's agreement):
  // one read, without resolving the external id first.
  Status NameNode(Answer* answer, const std::string& ext_id, store::NodeId id) const;
  // Adds what the store says of a tie (TieFacts) to the answer.
  Status ExplainTie(Answer* answer, TieIndex tie) const;
  // Names every vertex and explains every hop of a path.
  Status ExplainPath(Answer* answer, const algo::Path& path) const;

  // A named vertex's "sources", and a string property.
  std::vector<std::string> NodeSources(const Answer& answer, Vertex v) const;
  std::string NodeText(const Answer& answer, Vertex v, const char* key) const;

 private:
  Result<Graph> Build(const projection::Filter& filter, const projection::ProjectOptions& options) const;
  // Few enough edges that the whole cached graph is cheaper than any neighbourhood scan.
  bool SmallGraph() const;
  const Database& db_;
  SessionOptions options_;
};

// Runs `compute`, adding its time to the answer's timings.
template <typename F>
auto Timed(Answer* answer, F&& compute) {
  auto start = Clock::now();
  auto result = compute();
  answer->timings.compute_ms += MsSince(start);
  return result;
}

}  // namespace cityties::engine::internal
