// The one way into cityties for every front end (the command line, the HTTP server, a later query
// language): a Database, opened once, and sessions on it.
//
//   Database   an open cityties directory: the store (RocksDB), its schema and the domain roles.
//              Read access takes no lock and runs beside a writer; write access is exclusive
//              (a second writer gets Status::Busy).
//   ReadSession  answers the typed requests of engine/requests.h. It validates every parameter
//              (once, here: an InvalidParameter status names the request's parameter, never a
//              front end's flag), builds the projection each request needs -- the whole graph
//              from the persisted cache, or only the neighbourhood of a point query by prefix
//              scans -- runs the algorithm, and returns a result that carries everything a front
//              end prints or draws (names, dates, sources), so no front end re-enters the store.
//
// A front end parses its input into a request, calls the session and prints or draws the result.
// It decides nothing: which ties a query keeps, how hops are dated and which sources explain them
// are decided here.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/status.h"
#include "engine/requests.h"
#include "store/graph_store.h"

namespace cityties::engine {

namespace internal {
class Session;
}

class Database {
 public:
  enum class Access { kRead, kWrite };

  // Opens an existing database. NotFound when there is none; Busy when another process writes.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, Access access);

  const std::string& path() const { return path_; }
  const store::GraphStore& store() const { return *store_; }
  // Only for write access (front ends that edit: import, add, update, delete, migrate).
  store::GraphStore& writable_store() { return *store_; }
  const schema::Domain& domain() const { return store_->schema().domain(); }

 private:
  friend class internal::Session;
  Database(std::string path, std::unique_ptr<store::GraphStore> store, bool cache_nodes)
      : path_(std::move(path)), store_(std::move(store)), cache_nodes_(cache_nodes) {}
  // A stored node, decoded once per Database opened for reading: such a store sees one state for
  // its whole life (store/graph_store.h), so an entry never goes stale, and a server that keeps
  // one Database open answers later calls without reading and decoding the same records again.
  // At most kMaxCachedNodes are kept (the cache starts over when full); write access reads
  // through.
  Result<std::shared_ptr<const store::Node>> Node(store::NodeId id) const;
  static constexpr size_t kMaxCachedNodes = 100000;

  std::string path_;
  std::unique_ptr<store::GraphStore> store_;
  bool cache_nodes_ = false;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<store::NodeId, std::shared_ptr<const store::Node>> node_cache_;
};

struct SessionOptions {
  bool use_cache = true;  // read and write the persisted projection cache
};

class ReadSession {
 public:
  explicit ReadSession(const Database& db, SessionOptions options = {}) : db_(db), options_(options) {}

  const Database& db() const { return db_; }

  Result<NodeResult> Get(const NodeRequest& request) const;
  // Every node a name may mean, best first (what a search box lists; never a guess).
  Result<std::vector<Candidate>> Candidates(const std::string& text) const;
  Result<ListResult> List(const ListRequest& request) const;
  Result<StatsResult> Stats() const;
  Result<ValidateResult> Validate() const;
  const schema::Schema& schema() const { return db_.store().schema(); }
  Result<TiesResult> Ties(const TiesRequest& request) const;
  Result<NeighborsResult> Neighbors(const NeighborsRequest& request) const;
  Result<ReachResult> Reach(const ReachRequest& request) const;
  Result<PathResult> Path(const PathRequest& request) const;
  Result<SchoolPathResult> SchoolPath(const SchoolPathRequest& request) const;
  Result<PairingResult> SuggestPairings(const PairingRequest& request) const;
  Result<CommonResult> Common(const CommonRequest& request) const;
  Result<TimelineResult> Timeline(const TimelineRequest& request) const;
  Result<GrowthResult> Growth(const GrowthRequest& request) const;
  Result<DormantResult> Dormant(const DormantRequest& request) const;
  Result<RankingResult> Centrality(const CentralityRequest& request) const;
  Result<PartitionResult> Partition(const PartitionRequest& request) const;
  Result<BrokersResult> Brokers(const BrokersRequest& request) const;
  Result<RankingResult> CoreNumbers(const CoreRequest& request) const;
  Result<RankingResult> Clustering(const ClusteringRequest& request) const;
  Result<KernelResult> Kernel(const KernelRequest& request) const;
  Result<ProjectionResult> ProjectGraph(const ProjectionRequest& request) const;
  Result<NetworkResult> AgreementNetwork(const NetworkRequest& request) const;
  Result<PartnersResult> Partners(const PartnersRequest& request) const;
  Result<AgreementsResult> Agreements(const AgreementsRequest& request) const;
  Result<ActivityResult> Activity(const ActivityRequest& request) const;

 private:
  friend class internal::Session;
  const Database& db_;
  SessionOptions options_;
};

}  // namespace cityties::engine
