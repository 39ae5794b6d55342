// The parts every request shares: opening, checking the scope, building the projection a request
// needs, resolving its nodes and explaining the ties it names (engine/session.h).
#include "engine/session.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "projection/cache.h"
#include "query/node_query.h"

namespace cityties::engine {

using projection::Projection;

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, Access access) {
  auto store = store::GraphStore::Open(
      path, access == Access::kWrite ? store::GraphStore::Mode::kReadWrite : store::GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Database>(new Database(path, std::move(*store), access == Access::kRead));
}

Result<std::shared_ptr<const store::Node>> Database::Node(store::NodeId id) const {
  if (cache_nodes_) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = node_cache_.find(id);
    if (it != node_cache_.end()) return it->second;
  }
  auto node = store_->GetNode(id);
  if (!node.ok()) return node.status();
  auto shared = std::make_shared<const store::Node>(std::move(*node));
  if (cache_nodes_) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (node_cache_.size() >= kMaxCachedNodes) node_cache_.clear();
    node_cache_.emplace(id, shared);
  }
  return shared;
}

const store::Node* Answer::node(const std::string& ext_id) const {
  auto it = nodes.find(ext_id);
  return it == nodes.end() ? nullptr : it->second.get();
}

namespace internal {

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Result<std::optional<PartialDate>> DateParameter(const char* name, const std::string& text) {
  if (text.empty()) return std::optional<PartialDate>();
  auto date = PartialDate::Parse(text);
  if (!date) return Status::InvalidParameter(name, "'" + text + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  return std::optional<PartialDate>(*date);
}

Result<projection::Filter> FilterOf(const Scope& scope, StatusFilter statuses) {
  projection::Filter f;
  f.labels = scope.labels;
  f.edge_types = scope.edge_types;
  f.countries = scope.countries;
  f.expand_agreements = scope.expand_agreements;
  if (!scope.as_of.empty() && (!scope.since.empty() || !scope.until.empty())) {
    return Status::InvalidParameter("as_of", "sets both ends of the time window; do not combine it with since/until");
  }
  auto as_of = DateParameter("as_of", scope.as_of);
  if (!as_of.ok()) return as_of.status();
  auto since = DateParameter("since", scope.since);
  if (!since.ok()) return since.status();
  auto until = DateParameter("until", scope.until);
  if (!until.ok()) return until.status();
  f.since = *as_of ? *as_of : *since;
  f.until = *as_of ? *as_of : *until;
  f.keep_undated = scope.include_undated;
  CT_RETURN_IF_ERROR(CheckValues("status", scope.statuses, KnownStatuses()));
  CT_RETURN_IF_ERROR(CheckValues("tier", scope.tiers, KnownTiers()));
  if (statuses == StatusFilter::kInView) {
    f.statuses = scope.statuses;
    f.tiers = scope.tiers;
  }
  return f;
}

bool HasWindow(const Scope& scope) { return !scope.as_of.empty() || !scope.since.empty() || !scope.until.empty(); }

namespace {
bool Allowed(const std::vector<std::string>& allowed, const std::string& value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}
}  // namespace

bool Keeps(const Scope& scope, const Provenance& provenance, bool dated, Answer* answer) {
  if (!Allowed(scope.statuses, provenance.status) || !Allowed(scope.tiers, provenance.tier)) return false;
  if (dated || scope.include_undated || !HasWindow(scope)) return true;
  ++answer->undated_left_out;
  return false;
}

Status CheckRange(const char* name, double value, double low, double high) {
  if (value >= low && value <= high) return Status::Ok();
  auto text = [](double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  return Status::InvalidParameter(name, "must be between " + text(low) + " and " + text(high) + ", not " + text(value));
}

Result<Graph> Session::Whole(const projection::Filter& filter) const {
  projection::ProjectOptions options;
  options.use_cache = options_.use_cache;
  return Build(filter, options);
}

bool Session::SmallGraph() const {
  constexpr uint64_t kWholeIsCheaper = 50000;  // edges; the whole graph loads from the cache in ~1 ms per 2k
  auto counts = store().GetCounts();
  if (!counts.ok()) return false;
  uint64_t edges = 0;
  for (const auto& [type, n] : counts->edge_types) edges += n;
  return edges <= kWholeIsCheaper;
}

Result<Graph> Session::Around(const projection::Filter& filter, const std::vector<std::string>& nodes, int hops,
                              bool reach_only) const {
  // On a small database the cached whole graph costs less than scanning a neighbourhood (that of
  // the home node is nearly all of it), and the answer is the same.
  if (options_.use_cache && SmallGraph()) return Whole(filter);
  projection::ProjectOptions options;
  for (const auto& text : nodes) {
    auto node = query::ResolveNode(store(), text);
    if (!node.ok()) return node.status();
    options.around.push_back(node->id);
  }
  options.hops = hops;
  options.reach_only = reach_only;
  return Build(filter, options);
}

Result<Graph> Session::Among(const projection::Filter& filter, const std::vector<std::string>& ext_ids) const {
  projection::ProjectOptions options;
  for (const auto& id : ext_ids) {
    auto node = store().Resolve(id);
    if (!node.ok()) return node.status();
    options.around.push_back(*node);
  }
  options.hops = 0;
  return Build(filter, options);
}

Result<Graph> Session::OpenWhole(const Scope& scope, Answer* answer, StatusFilter statuses) const {
  auto filter = FilterOf(scope, statuses);
  if (!filter.ok()) return filter.status();
  auto g = Whole(*filter);
  if (g.ok()) Start(answer, *g);
  return g;
}

Result<Graph> Session::OpenAround(const Scope& scope, const std::vector<std::string>& nodes, int hops, Answer* answer,
                                  StatusFilter statuses) const {
  auto filter = FilterOf(scope, statuses);
  if (!filter.ok()) return filter.status();
  filter->keep_undated = true;  // the rows say which undated ties they leave out (Keeps)
  auto g = Around(*filter, nodes, hops);
  if (g.ok()) Start(answer, *g);
  return g;
}

Result<Graph> Session::Build(const projection::Filter& filter, const projection::ProjectOptions& options) const {
  auto p = projection::Project(store(), filter, options);
  if (!p.ok()) return p.status();
  Graph g;
  g.projection = std::make_shared<const Projection>(std::move(*p));
  const auto& s = g.projection->stats();
  g.timings.base_ms = s.base_ms;
  g.timings.view_ms = s.view_ms;
  g.timings.from_cache = s.from_cache;
  g.timings.commits_applied = s.commits_applied;
  g.timings.neighbourhood_only = !options.around.empty();
  g.timings.vertices = g.projection->num_vertices();
  g.timings.ties = g.projection->num_ties();
  return g;
}

namespace {
std::string ImagePath(const store::GraphStore& store) {
  return (std::filesystem::path(store.path()) / projection::kImageFileName).string();
}
}  // namespace

std::shared_ptr<const projection::Image> Session::OpenImage(Timings* timings, projection::ChecksumCheck check) const {
  if (!options_.use_cache) return nullptr;
  auto start = Clock::now();
  const std::string path = ImagePath(store());
  const uint64_t identity = projection::StoreIdentity(store());
  auto image = projection::OpenImage(path, store().Sequence(), identity, check);
  // An image of an older state, brought up to date when the commits since only changed ties.
  size_t commits = 0;
  if (image.status().IsNotFound() && projection::UpdateImage(store(), path, identity, &commits).ok()) {
    image = projection::OpenImage(path, store().Sequence(), identity, check);
  }
  if (!image.ok()) return nullptr;
  *timings = Timings{};
  timings->base_ms = MsSince(start);
  timings->from_image = true;
  timings->commits_applied = commits;
  timings->vertices = (*image)->num_vertices();
  timings->ties = (*image)->sym_arcs() / 2;
  return *image;
}

std::shared_ptr<const projection::Image> Session::OpenImageForPointQuery(Timings* timings) const {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(ImagePath(store()), ec);
  if (ec || bytes > kPointQueryImageBytes) return nullptr;
  return OpenImage(timings);
}

void Session::SaveImage(const Graph& g) const {
  if (!options_.use_cache || !projection::IsDefaultFilter(g->filter())) return;
  (void)projection::WriteImage(*g, store().schema(), ImagePath(store()), store().Sequence(),
                               projection::StoreIdentity(store()));
}

Result<Vertex> Session::Resolve(const projection::Image& image, const char* parameter, const std::string& text) const {
  if (text.empty()) return Status::InvalidParameter(parameter, "is missing");
  auto node = query::ResolveNode(store(), text);
  if (!node.ok()) return node.status();
  if (auto v = image.FindExt(node->ext_id)) return *v;
  return Status::NotFound(node->ext_id + " is not in the graph (the default view leaves location ties out)");
}

Result<Vertex> Session::Resolve(const Graph& g, const char* parameter, const std::string& text) const {
  if (text.empty()) return Status::InvalidParameter(parameter, "is missing");
  auto v = projection::ResolveVertex(store(), *g.projection, text);
  if (!v.ok()) return v.status();
  return *v;
}

Result<std::optional<Vertex>> Session::ResolveOptional(const Graph& g, const char* parameter,
                                                       const std::string& text) const {
  if (text.empty()) return std::optional<Vertex>();
  auto v = Resolve(g, parameter, text);
  if (!v.ok()) return v.status();
  return std::optional<Vertex>(*v);
}

void Session::Start(Answer* answer, const Graph& g) const {
  answer->graph = g.projection;
  answer->timings = g.timings;
  answer->undated_left_out += g->undated_left_out();
}

Status Session::NameNode(Answer* answer, const std::string& ext_id) const {
  if (ext_id.empty() || answer->nodes.count(ext_id)) return Status::Ok();
  auto id = store().Resolve(ext_id);
  if (!id.ok()) return id.status().IsNotFound() ? Status::Ok() : id.status();
  return NameNode(answer, ext_id, *id);
}

Status Session::NameNode(Answer* answer, const std::string& ext_id, store::NodeId id) const {
  if (answer->nodes.count(ext_id)) return Status::Ok();
  auto node = db_.Node(id);
  if (!node.ok()) return node.status().IsNotFound() ? Status::Ok() : node.status();
  answer->nodes.emplace(ext_id, std::move(*node));
  return Status::Ok();
}

Status Session::NameVertex(Answer* answer, Vertex v) const {
  const auto& vd = answer->graph->vertex(v);
  CT_RETURN_IF_ERROR(NameNode(answer, vd.ext_id, vd.node));
  return NameNode(answer, vd.country);  // maps cluster by country
}

Status Session::ExplainTie(Answer* answer, TieIndex index) const {
  if (answer->ties.count(index)) return Status::Ok();
  const Projection& p = *answer->graph;
  const auto& tie = p.tie(index);
  const auto& domain = p.domain();
  auto details = projection::DescribeTie(store(), p, index);
  if (!details.ok()) return details.status();
  TieFacts facts;
  facts.type = details->type;
  facts.date = details->date;
  facts.end = details->end;
  facts.sources = details->sources;
  const store::Json* fact = &details->props;  // the edge's, or an expanded tie's agreement's
  std::optional<PartialDate> fact_end = tie.until;
  std::string date_property = "since";  // every edge's start (schema): the hub's date property for hubs
  if (const auto* via = p.Via(tie)) facts.kind = via->kind;
  // A tie into or out of a hub (an agreement or an event) is dated by the hub when the edge is
  // not, and explained by the hub's sources when it has none of its own.
  for (Vertex end : {tie.dst, tie.src}) {
    const auto& hub = p.vertex(end);
    if (!domain.IsHub(hub.label)) continue;
    if (facts.kind.empty()) facts.kind = hub.kind;
    CT_RETURN_IF_ERROR(NameNode(answer, hub.ext_id, hub.node));
    const auto* node = answer->node(hub.ext_id);
    if (node && fact == &details->props) {  // the first hub is the fact (an agreement before its visit)
      fact = &node->props;
      // An event's end is when it finished, not a tie that ended.
      fact_end = domain.IsAgreement(hub.label) ? hub.end_date : std::nullopt;
      date_property = domain.IsAgreement(hub.label) ? domain.agreement.date : domain.event.date;
    }
    if (facts.date.empty() && hub.date) {
      facts.dated_by_hub = true;
      facts.date = hub.date->ToString();
      facts.end = hub.end_date ? hub.end_date->ToString() : "";
      if (facts.sources.empty()) {
        if (const auto* node = answer->node(hub.ext_id))
          facts.sources = store::StringListProperty(node->props, "sources");
      }
    }
  }
  const store::Json* edge = fact == &details->props ? nullptr : &details->props;
  facts.provenance = ProvenanceOf(domain.provenance, *fact, edge, fact_end);
  if (!facts.date.empty()) {
    bool secondary = facts.provenance.Secondary(date_property) || facts.provenance.tier == kTierSecondary;
    facts.date_tier = secondary ? kTierSecondary : kTierReport;
  }
  answer->ties.emplace(index, std::move(facts));
  return Status::Ok();
}

Status Session::ExplainPath(Answer* answer, const algo::Path& path) const {
  for (Vertex v : path.vertices) CT_RETURN_IF_ERROR(NameVertex(answer, v));
  for (const auto& hop : path.hops) CT_RETURN_IF_ERROR(ExplainTie(answer, hop.tie));
  return Status::Ok();
}

std::vector<std::string> Session::NodeSources(const Answer& answer, Vertex v) const {
  const auto* node = answer.node(v);
  return node ? store::StringListProperty(node->props, "sources") : std::vector<std::string>();
}

std::string Session::NodeText(const Answer& answer, Vertex v, const char* key) const {
  const auto* node = answer.node(v);
  return node ? store::StringProperty(node->props, key) : std::string();
}

}  // namespace internal
}  // namespace cityties::engine
