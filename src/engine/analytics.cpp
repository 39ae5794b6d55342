// The whole-graph requests: centrality, partitions, brokers, cores, clustering, the LDBC kernels
// and the projection itself.
#include <cmath>
#include <sstream>

#include "engine/session.h"

namespace cityties::engine {

using internal::Graph;
using internal::Session;
using internal::Timed;

namespace {

template <typename T>
void Rank(const std::vector<T>& value, size_t top, RankingResult* r) {
  auto order = algo::RankDescending(value);
  for (size_t i = 0; i < order.size() && (top == 0 || i < top); ++i) {
    r->rows.push_back({order[i], static_cast<double>(value[order[i]])});
  }
}

Status CheckIterations(const char* name, int iterations) {
  return internal::CheckRange(name, iterations, 0, kMaxIterations);
}

Status CheckPageRank(double damping, int iterations, double tolerance) {
  CT_RETURN_IF_ERROR(internal::CheckRange("damping", damping, 0, 1));
  CT_RETURN_IF_ERROR(internal::CheckRange("tolerance", tolerance, 0, 1));
  return CheckIterations("iterations", iterations);
}

// Says how PageRank stopped, beside the answer.
void TellConvergence(const algo::Convergence& c, double tolerance, Answer* r) {
  std::ostringstream note;
  note << "PageRank ";
  if (c.converged) {
    note << "converged after " << c.iterations << " iterations (tolerance " << tolerance << ")";
  } else if (tolerance > 0) {
    note << "stopped at the cap of " << c.iterations << " iterations before converging to tolerance " << tolerance
         << " (--iterations raises the cap)";
  } else {
    note << "ran " << c.iterations << " iterations (no tolerance given)";
  }
  r->notes.push_back(note.str());
}

}  // namespace

Result<RankingResult> ReadSession::Centrality(const CentralityRequest& request) const {
  auto measure = algo::ParseMeasure(request.measure);
  if (!measure.ok()) return measure.status();
  const bool pagerank = *measure == algo::Measure::kPageRank;
  if (pagerank) CT_RETURN_IF_ERROR(CheckPageRank(request.damping, request.iterations, request.tolerance));
  Session s(*this);
  RankingResult r;
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  algo::CentralityOptions options;
  options.damping = request.damping;
  options.iterations = request.iterations;
  options.tolerance = request.tolerance;
  options.samples = request.samples;
  algo::Convergence convergence;
  options.convergence = &convergence;
  auto value = Timed(&r, [&] { return algo::Centrality(**g, *measure, options); });
  if (pagerank) {
    r.convergence = convergence;
    TellConvergence(convergence, request.tolerance, &r);
  }
  const size_t n = (*g)->num_vertices();
  if (*measure == algo::Measure::kBetweenness && request.samples > 0 && request.samples < n) {
    r.notes.push_back("betweenness estimated from " + std::to_string(request.samples) + " of " + std::to_string(n) +
                      " sources (every " + std::to_string(std::max<size_t>(1, n / request.samples)) +
                      "th vertex in id order), scaled by n/" + std::to_string(request.samples) +
                      "; without --samples it is exact");
  }
  r.integral = *measure == algo::Measure::kDegree;
  Rank(value, request.top, &r);
  return r;
}

Result<RankingResult> ReadSession::CoreNumbers(const CoreRequest& request) const {
  Session s(*this);
  RankingResult r;
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  auto core = Timed(&r, [&] { return algo::CoreNumbers(**g); });
  r.integral = true;
  Rank(core, 0, &r);
  std::erase_if(r.rows, [&](const RankingResult::Row& row) { return row.value < request.min_core; });
  return r;
}

Result<RankingResult> ReadSession::Clustering(const ClusteringRequest& request) const {
  Session s(*this);
  RankingResult r;
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  auto value = Timed(&r, [&] { return algo::Clustering(**g); });
  Rank(value, request.top, &r);
  return r;
}

Result<PartitionResult> ReadSession::Partition(const PartitionRequest& request) const {
  bool communities = request.kind == PartitionRequest::Kind::kCommunities;
  if (communities) CT_RETURN_IF_ERROR(internal::CheckRange("max_rounds", request.max_rounds, 1, kMaxIterations));
  Session s(*this);
  PartitionResult r;
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  r.partition =
      Timed(&r, [&] { return communities ? algo::Communities(**g, request.max_rounds) : algo::Components(**g); });
  return r;
}

Result<BrokersResult> ReadSession::Brokers(const BrokersRequest& request) const {
  const std::string& kind = request.kind;
  if (kind != "all" && kind != "articulation" && kind != "bridge") {
    return Status::InvalidParameter("kind", "must be all, articulation or bridge, not '" + kind + "'");
  }
  Session s(*this);
  BrokersResult r;
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  r.brokers = Timed(&r, [&] { return algo::FindBrokers(**g); });
  auto& points = r.brokers.articulation_points;
  auto& bridges = r.brokers.bridges;
  if (kind == "bridge") points.clear();
  if (kind == "articulation") bridges.clear();
  if (request.top && points.size() > request.top) points.resize(request.top);
  if (request.top && bridges.size() > request.top) bridges.resize(request.top);
  return r;
}

namespace {

// Runs the kernel on a Projection or a mapped Image (the algo overloads take either).
template <typename Source>
Status RunKernelOn(const Source& graph, Vertex source, const KernelRequest& request, KernelResult* r) {
  using Kind = KernelRequest::Kind;
  switch (request.kind) {
    case Kind::kBfs:
      r->depth = algo::Bfs(graph, source);
      return Status::Ok();
    case Kind::kSssp: {
      auto dist = algo::Sssp(graph, source);
      if (!dist.ok()) return dist.status();
      r->value = std::move(*dist);
      return Status::Ok();
    }
    case Kind::kWcc:
      r->label = algo::Wcc(graph);
      return Status::Ok();
    case Kind::kPageRank: {
      algo::Convergence convergence;
      r->value = algo::PageRank(graph, request.damping, request.iterations, request.tolerance, &convergence);
      r->convergence = convergence;
      if (request.tolerance > 0) TellConvergence(convergence, request.tolerance, r);
      return Status::Ok();
    }
    case Kind::kCdlp:
      r->label = algo::Cdlp(graph, request.iterations);
      return Status::Ok();
    case Kind::kLcc:
      r->value = algo::Lcc(graph);
      return Status::Ok();
  }
  return Status::Internal("unknown kernel");
}

bool NeedsSource(KernelRequest::Kind kind) {
  return kind == KernelRequest::Kind::kBfs || kind == KernelRequest::Kind::kSssp;
}

// Resolves the request's source in `where` (an Image or a Graph), then runs the kernel on `graph`.
template <typename Where, typename Source>
Status ResolveAndRun(const Session& s, const Where& where, const Source& graph, const KernelRequest& request,
                     KernelResult* r) {
  Vertex source = 0;
  if (NeedsSource(request.kind)) {
    auto v = s.Resolve(where, "source", request.source);
    if (!v.ok()) return v.status();
    source = *v;
  }
  return Timed(r, [&] { return RunKernelOn(graph, source, request, r); });
}

}  // namespace

std::optional<uint64_t> KernelResult::NumericId(Vertex v) const {
  if (image) return image->NumericId(v);
  const auto& vd = vertex(v);
  return vd.numeric ? std::optional<uint64_t>(vd.numeric_id) : std::nullopt;
}

Result<KernelResult> ReadSession::Kernel(const KernelRequest& request) const {
  using Kind = KernelRequest::Kind;
  if (request.kind == Kind::kPageRank) {
    CT_RETURN_IF_ERROR(CheckPageRank(request.damping, request.iterations, request.tolerance));
  }
  if (request.kind == Kind::kCdlp) CT_RETURN_IF_ERROR(CheckIterations("iterations", request.iterations));
  auto filter = internal::FilterOf(request.scope);
  if (!filter.ok()) return filter.status();
  Session s(*this);
  KernelResult r;
  r.kind = request.kind;
  // The default view runs in place on the mapped image when there is a current one, while its
  // checksum is checked alongside; a damaged image counts as none (the view is built and saved).
  if (projection::IsDefaultFilter(*filter)) r.image = s.OpenImage(&r.timings, projection::ChecksumCheck::kAlongside);
  if (r.image) {
    const Status run = ResolveAndRun(s, *r.image, *r.image, request, &r);
    const auto start = internal::Clock::now();
    const Status verified = r.image->Verify();
    r.timings.base_ms += internal::MsSince(start);
    if (verified.ok()) {
      if (!run.ok()) return run;
      return r;
    }
    r = KernelResult{};
    r.kind = request.kind;
  }
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  s.SaveImage(*g);
  CT_RETURN_IF_ERROR(ResolveAndRun(s, *g, **g, request, &r));
  return r;
}

Result<ProjectionResult> ReadSession::ProjectGraph(const ProjectionRequest& request) const {
  Session s(*this);
  ProjectionResult r;
  auto g = s.OpenWhole(request.scope, &r);
  if (!g.ok()) return g.status();
  if (!request.with_nodes) return r;
  const projection::Projection& p = **g;
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    const auto& vd = p.vertex(v);
    CT_RETURN_IF_ERROR(s.NameNode(&r, vd.ext_id, vd.node));
  }
  for (const auto& tie : p.ties()) {
    if (const auto* via = p.Via(tie)) CT_RETURN_IF_ERROR(s.NameNode(&r, via->ext_id, via->node));
  }
  return r;
}

}  // namespace cityties::engine
