#include "server/api.h"

#include <nlohmann/json.hpp>

#include "render/diagram.h"
#include "render/maps.h"
#include "server/answers.h"

namespace cityties::server {
namespace {

using engine::ReadSession;
using Json = nlohmann::ordered_json;

// Engine field names of the scope that the URL spells otherwise.
const std::map<std::string, std::string> kScopeParamOf = {{"edge_types", "types"}, {"countries", "country"}};

Reply JsonReply(std::string body) { return {200, "application/json", std::move(body)}; }
Reply JsonReply(const Json& body) { return JsonReply(body.dump()); }

// Asks the engine once the parameters read so far are valid, and prints its answer.
template <typename Ask, typename Print>
Result<Reply> Answer(const Params& p, Ask&& ask, Print&& print) {
  CT_RETURN_IF_ERROR(p.status());
  auto result = ask();
  if (!result.ok()) return result.status();
  return JsonReply(print(*result));
}

// ---- records

Result<Reply> Search(const ReadSession& s, const Params& p) {
  const std::string q = p.Text("q");
  if (q.empty()) return Status::InvalidParameter("q", "is missing: type a name, an alias or an id");
  auto candidates = s.Candidates(q);
  if (!candidates.ok()) return candidates.status();
  // What `get` would take without a pick: the one exact match, if there is exactly one.
  auto resolved = s.Get({q, 0});
  JsonWriter w;
  w.Object().Field("query", q).Key("resolved");
  resolved.ok() ? w.Value(resolved->node.ext_id) : w.Null();
  w.Key("candidates");
  WriteCandidates(w, *candidates);
  w.End();
  return JsonReply(w.Take());
}

Result<Reply> Node(const ReadSession& s, const Params& p) {
  engine::NodeRequest request{p.Text("id"), p.Count("pick", 0)};
  return Answer(
      p, [&] { return s.Get(request); }, NodeResultJson);
}

Result<Reply> List(const ReadSession& s, const Params& p) {
  engine::ListRequest request{p.Text("label"), p.List("where"), p.Count("limit", 100000)};
  return Answer(
      p, [&] { return s.List(request); }, ListJson);
}

Result<Reply> Stats(const ReadSession& s, const Params& p) {
  return Answer(
      p, [&] { return s.Stats(); }, StatsJson);
}

// ---- relationship queries

Result<Reply> Ties(const ReadSession& s, const Params& p) {
  engine::TiesRequest request{p.Scope(), p.Text("node")};
  return Answer(
      p, [&] { return s.Ties(request); }, TiesJson);
}

Result<Reply> Neighbors(const ReadSession& s, const Params& p) {
  engine::NeighborsRequest request{p.Scope(), p.Text("node"), p.Count("depth", 1), p.Count("max_nodes", 0)};
  return Answer(
      p, [&] { return s.Neighbors(request); }, NeighborsJson);
}

Result<Reply> Reach(const ReadSession& s, const Params& p) {
  engine::ReachRequest request{p.Scope(), p.Text("node"), p.Count("depth", 1), p.Count("max_nodes", 0)};
  return Answer(
      p, [&] { return s.Reach(request); }, ReachJson);
}

Result<Reply> Path(const ReadSession& s, const Params& p) {
  engine::PathRequest request;
  request.scope = p.Scope();
  request.from = p.Text("from");
  request.to = p.Text("to");
  request.weighted = p.Flag("weighted");
  request.max_hops = p.Count("max_hops", request.max_hops);
  request.limit = p.Count("limit", request.limit);
  if (p.Flag("all")) {
    request.mode = engine::PathRequest::Mode::kAll;
  } else if (p.Has("k")) {
    request.mode = engine::PathRequest::Mode::kKShortest;
    request.k = p.Count("k", 1);
  }
  return Answer(
      p, [&] { return s.Path(request); }, PathJson);
}

Result<Reply> SchoolPath(const ReadSession& s, const Params& p) {
  engine::SchoolPathRequest request{p.Scope(), p.Text("school"), p.Text("to"), p.Count("k", 5), p.Count("limit", 20)};
  return Answer(
      p, [&] { return s.SchoolPath(request); }, SchoolPathJson);
}

Result<Reply> Pairing(const ReadSession& s, const Params& p) {
  engine::PairingRequest request{p.Scope(), p.Text("school"), p.Text("city"), p.Count("top", 10)};
  return Answer(
      p, [&] { return s.SuggestPairings(request); }, PairingJson);
}

Result<Reply> Common(const ReadSession& s, const Params& p) {
  engine::CommonRequest request{p.Scope(), p.Text("a"), p.Text("b")};
  return Answer(
      p, [&] { return s.Common(request); }, CommonJson);
}

Result<Reply> Timeline(const ReadSession& s, const Params& p) {
  engine::TimelineRequest request{p.Scope(), p.Text("node")};
  return Answer(
      p, [&] { return s.Timeline(request); }, TimelineJson);
}

Result<Reply> Partners(const ReadSession& s, const Params& p) {
  engine::PartnersRequest request{p.Scope(), p.Text("node")};
  return Answer(
      p, [&] { return s.Partners(request); }, PartnersJson);
}

Result<Reply> Agreements(const ReadSession& s, const Params& p) {
  engine::AgreementsRequest request{p.Scope(), p.Count("min_parties", 1)};
  return Answer(
      p, [&] { return s.Agreements(request); }, AgreementsJson);
}

Result<Reply> Activity(const ReadSession& s, const Params& p) {
  engine::ActivityRequest request{p.Scope(), p.Text("node")};
  return Answer(
      p, [&] { return s.Activity(request); }, ActivityJson);
}

Result<Reply> Growth(const ReadSession& s, const Params& p) {
  engine::GrowthRequest request{p.Scope()};
  return Answer(
      p, [&] { return s.Growth(request); }, GrowthJson);
}

Result<Reply> Dormant(const ReadSession& s, const Params& p) {
  engine::DormantRequest request{p.Scope(), p.Text("since"), p.Text("node")};
  request.scope.since.clear();  // here `since` is the request's threshold, not the scope's
  return Answer(
      p, [&] { return s.Dormant(request); }, DormantJson);
}

// ---- whole-graph analytics

Result<Reply> Centrality(const ReadSession& s, const Params& p) {
  engine::CentralityRequest request{p.Scope(),
                                    p.Has("measure") ? p.Text("measure") : "degree",
                                    p.Number("damping", 0.85),
                                    p.Integer("iterations", 100),
                                    p.Number("tolerance", 1e-6),
                                    p.Count("top", 20),
                                    p.Count("samples", 0)};
  return Answer(
      p, [&] { return s.Centrality(request); }, RankingJson);
}

Result<Reply> Brokers(const ReadSession& s, const Params& p) {
  engine::BrokersRequest request{p.Scope(), p.Has("kind") ? p.Text("kind") : "all", p.Count("top", 0)};
  return Answer(
      p, [&] { return s.Brokers(request); }, BrokersJson);
}

Result<Reply> Kcore(const ReadSession& s, const Params& p) {
  engine::CoreRequest request{p.Scope(), p.Count("k", 0)};
  return Answer(
      p, [&] { return s.CoreNumbers(request); }, RankingJson);
}

Result<Reply> Clustering(const ReadSession& s, const Params& p) {
  engine::ClusteringRequest request{p.Scope(), p.Count("top", 0)};
  return Answer(
      p, [&] { return s.Clustering(request); }, RankingJson);
}

Result<Reply> Partition(const ReadSession& s, const Params& p, engine::PartitionRequest::Kind kind) {
  engine::PartitionRequest request{p.Scope(), kind, p.Integer("max_rounds", 100)};
  return Answer(
      p, [&] { return s.Partition(request); }, PartitionJson);
}

// ---- the whole network, for the page

Result<Reply> Graph(const ReadSession& s, const Params& p) {
  engine::ProjectionRequest request{p.Scope(), true};
  CT_RETURN_IF_ERROR(p.status());
  auto graph = s.ProjectGraph(request);
  if (!graph.ok()) return graph.status();
  return JsonReply(GraphJson(*graph, s.db().domain().home));
}

// ---- diagrams

Result<Reply> Map(const ReadSession& s, const Params& p) {
  std::string view = p.Text("view");
  const std::string suffix = ".svg";
  if (view.size() <= suffix.size() || view.compare(view.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return Status::InvalidParameter("view",
                                    "name the view as /api/map/VIEW.svg (" + std::string(render::kMapViews) + ")");
  }
  render::MapRequest request;
  request.view = view.substr(0, view.size() - suffix.size());
  request.nodes = p.List("nodes");
  request.scope = p.Scope();
  request.center = p.Text("center");
  request.bilateral = p.Flag("bilateral");
  request.depth = p.Count("depth", 1);
  request.max_nodes = p.Count("max_nodes", 300);
  request.k = p.Count("k", 1);
  request.to = p.Text("to");
  request.draw.layout = p.Text("layout");
  request.draw.group_by = p.Text("group_by");
  request.draw.title = p.Text("title");
  CT_RETURN_IF_ERROR(p.status());
  auto diagram = render::DrawMap(s, request);
  if (!diagram.ok()) return diagram.status();
  auto svg = render::RenderDiagramToMemory(*diagram, render::OutputFormat::kSvg);
  if (!svg.ok()) return svg.status();
  return Reply{200, "image/svg+xml", std::move(svg->data)};
}

using Kind = engine::PartitionRequest::Kind;

std::vector<Endpoint> MakeEndpoints() {
  return {
      {"/api/stats", "nodes per label, edges per type", {}, false, Stats},
      {"/api/search", "the candidates a name, alias or id may mean (never a guess)", {"q"}, false, Search},
      {"/api/node",
       "a node's properties, status, source tier and sources",
       {"id", "pick"},
       false,
       Node,
       {{"node", "id"}}},
      {"/api/list", "nodes of a label under property filters", {"label", "where", "limit"}, false, List},
      {"/api/ties", "every direct tie of a node, grouped, dated and sourced", {"node"}, true, Ties},
      {"/api/neighbors",
       "nodes within depth ties of a node",
       {"node", "depth", "max_nodes"},
       true,
       Neighbors,
       {{"max_vertices", "max_nodes"}}},
      {"/api/reach",
       "the ids and labels of the nodes within depth ties of a node, by depth (read from the store's keys)",
       {"node", "depth", "max_nodes"},
       true,
       Reach,
       {{"max_vertices", "max_nodes"}}},
      {"/api/path",
       "shortest paths between two nodes, every hop explained",
       {"from", "to", "k", "all", "max_hops", "limit", "weighted"},
       true,
       Path},
      {"/api/school-path",
       "how a school can reach a pairing in a city or with a school",
       {"school", "to", "k", "limit"},
       true,
       SchoolPath,
       {{"other_paths", "k"}}},
      {"/api/pairing-suggest", "candidate partner schools, scored", {"school", "city", "top"}, true, Pairing},
      {"/api/common", "the neighbours two nodes share", {"a", "b"}, true, Common},
      {"/api/timeline", "the dated events of a node's ties, oldest first", {"node"}, true, Timeline},
      {"/api/partners",
       "a node's partners (default: the home): kinds of tie, since, status, tier, last contact, counts",
       {"node"},
       true,
       Partners},
      {"/api/agreements",
       "every agreement with its parties, date, status, tier and sources",
       {"min_parties"},
       true,
       Agreements},
      {"/api/activity",
       "partners ranked by visits and agreements in the period (since, until)",
       {"node"},
       true,
       Activity},
      {"/api/growth", "agreements, pairings, visits and ties per year", {}, true, Growth},
      {"/api/dormant", "partner ties with no shared activity since a date", {"since", "node"}, true, Dormant},
      {"/api/centrality",
       "nodes ranked by degree, betweenness, closeness or pagerank",
       {"measure", "damping", "iterations", "tolerance", "top"},
       true,
       Centrality},
      {"/api/brokers", "articulation points and bridges", {"kind", "top"}, true, Brokers},
      {"/api/kcore", "core number of every node", {"k"}, true, Kcore, {{"min_core", "k"}}},
      {"/api/clustering", "local clustering coefficients", {"top"}, true, Clustering},
      {"/api/components",
       "connected components",
       {},
       true,
       [](const ReadSession& s, const Params& p) { return Partition(s, p, Kind::kComponents); }},
      {"/api/communities",
       "communities by label propagation",
       {"max_rounds"},
       true,
       [](const ReadSession& s, const Params& p) { return Partition(s, p, Kind::kCommunities); }},
      {"/api/graph", "the whole projected network under the scope", {}, true, Graph},
      {"/api/map/",
       "a diagram as SVG: /api/map/VIEW.svg",
       {"view", "nodes", "center", "bilateral", "depth", "max_nodes", "k", "to", "layout", "group_by", "title"},
       true,
       Map,
       {{"limit", "k"}, {"max_vertices", "max_nodes"}}},
  };
}

Reply Index() {
  Json list = Json::array();
  for (const auto& e : Endpoints()) {
    std::vector<std::string> params = e.params;
    if (e.scoped) params.insert(params.end(), kScopeParams.begin(), kScopeParams.end());
    list.push_back({{"path", e.path}, {"summary", e.summary}, {"params", params}});
  }
  return JsonReply({{"endpoints", list}});
}

int HttpStatus(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kAlreadyExists:
      return 409;
    case Status::Code::kBusy:
      return 503;
    default:
      return 500;
  }
}

// The endpoint of a path, and the view a "/api/map/VIEW.svg" path names.
const Endpoint* Find(const std::string& path, std::string* rest) {
  for (const auto& e : Endpoints()) {
    if (path == e.path) return &e;
    if (e.path.back() == '/' && path.size() > e.path.size() && path.compare(0, e.path.size(), e.path) == 0) {
      *rest = path.substr(e.path.size());
      return &e;
    }
  }
  return nullptr;
}

}  // namespace

const std::vector<Endpoint>& Endpoints() {
  static const std::vector<Endpoint> endpoints = MakeEndpoints();
  return endpoints;
}

Reply ErrorReply(const Status& status, const std::map<std::string, std::string>& param_of) {
  Json parameter;
  if (!status.parameter().empty()) {
    auto it = param_of.find(status.parameter());
    auto scope = kScopeParamOf.find(status.parameter());
    parameter = it != param_of.end() ? it->second : scope != kScopeParamOf.end() ? scope->second : status.parameter();
  }
  return {HttpStatus(status), "application/json", Json({{"error", status.message()}, {"parameter", parameter}}).dump()};
}

namespace {

// A node name the engine refused names no parameter: find the given parameter whose value fails
// to resolve with the same message, and add it and its candidates to the error reply.
Reply NodeErrorReply(const engine::Database& db, const Status& status, const Params& params) {
  Reply reply = ErrorReply(status);
  if (!status.parameter().empty() || !status.IsUserError()) return reply;
  const engine::ReadSession session(db);
  for (const auto& name : params.Names()) {
    const std::string text = params.Text(name);
    if (text.empty()) continue;
    auto node = session.Get({text, 0});
    if (node.ok() || node.status().message() != status.message()) continue;
    auto candidates = session.Candidates(text);
    JsonWriter w;
    w.Object().Field("error", status.message()).Field("parameter", name).Key("candidates");
    WriteCandidates(w, candidates.ok() ? *candidates : std::vector<engine::Candidate>());
    reply.body = w.End().Take();
    break;
  }
  return reply;
}

}  // namespace

Reply Call(const engine::Database& db, const CallOptions& options, const std::string& path, const Params& params) {
  if (path == "/api" || path == "/api/") return Index();
  std::string rest;
  const Endpoint* endpoint = Find(path, &rest);
  if (!endpoint) return ErrorReply(Status::NotFound("no endpoint " + path + " (GET /api lists them)"));
  Params given = rest.empty() ? params : params.With("view", rest);
  Status known = given.CheckKnown(endpoint->params, endpoint->scoped);
  if (!known.ok()) return ErrorReply(known);
  ReadSession session(db, options.session);
  auto reply = endpoint->run(session, given);
  if (!reply.ok()) {
    if (reply.status().parameter().empty()) return NodeErrorReply(db, reply.status(), given);
    return ErrorReply(reply.status(), endpoint->param_of);
  }
  return std::move(*reply);
}

}  // namespace cityties::server
