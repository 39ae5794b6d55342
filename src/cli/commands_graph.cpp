// Graph queries and analytics commands (projection + algorithms). Each command parses its
// arguments, builds the projection under the shared filters (cli/graph_options.h; OpenAt when it
// names nodes), calls one function of src/algo and returns a Table, which Emitting prints.
// Command reference: docs/queries.md.
#include <chrono>
#include <cmath>
#include <iostream>
#include <set>

#include "algo/analytics.h"
#include "algo/paths.h"
#include "algo/relations.h"
#include "cli/cli.h"
#include "cli/graph_options.h"
#include "query/node_query.h"

namespace cityties::cli {

using projection::Projection;
using projection::Vertex;
using Json = nlohmann::json;

void AddGraphFilterOptions(cxxopts::Options& o) {
  o.add_options("filters")("labels", "keep only nodes of these labels (comma separated)",
                           cxxopts::value<std::string>())(
      "types", "keep only edges of these types (comma separated; default: all but LOCATED_IN)",
      cxxopts::value<std::string>())("country", "keep only nodes in this country (id, ISO code or name; repeatable)",
                                     cxxopts::value<std::vector<std::string>>())(
      "as-of", "the network at DATE (YYYY, YYYY-MM or YYYY-MM-DD): ties begun by then and not yet ended",
      cxxopts::value<std::string>())("since", "leave out ties that ended before DATE", cxxopts::value<std::string>())(
      "until", "leave out ties that began after DATE", cxxopts::value<std::string>())(
      "expand-agreements", "an n-party agreement becomes a tie between each pair of its parties")(
      "no-cache", "rebuild the projection from the store instead of using its cache")(
      "timing", "print projection and algorithm times to stderr");
}

namespace {

Result<PartialDate> DateArg(const cxxopts::ParseResult& args, const std::string& name) {
  std::string text = args[name].as<std::string>();
  auto date = PartialDate::Parse(text);
  if (!date)
    return Status::InvalidArgument("--" + name + ": '" + text + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  return *date;
}

}  // namespace

Result<projection::Filter> GraphFilterFromArgs(const cxxopts::ParseResult& args) {
  projection::Filter f;
  if (args.count("labels")) f.labels = projection::SplitList(args["labels"].as<std::string>());
  if (args.count("types")) f.edge_types = projection::SplitList(args["types"].as<std::string>());
  if (args.count("country")) {
    for (const auto& c : args["country"].as<std::vector<std::string>>()) {
      for (auto& item : projection::SplitList(c)) f.countries.push_back(item);
    }
  }
  if (args.count("as-of")) {
    if (args.count("since") || args.count("until")) {
      return Status::InvalidArgument(
          "--as-of sets both ends of the time window; do not combine it with --since/--until");
    }
    auto d = DateArg(args, "as-of");
    if (!d.ok()) return d.status();
    f.since = f.until = *d;
  }
  if (args.count("since")) {
    auto d = DateArg(args, "since");
    if (!d.ok()) return d.status();
    f.since = *d;
  }
  if (args.count("until")) {
    auto d = DateArg(args, "until");
    if (!d.ok()) return d.status();
    f.until = *d;
  }
  f.expand_agreements = args.count("expand-agreements") > 0;
  return f;
}

Result<GraphContext> OpenGraph(const Invocation& inv, const projection::Filter& filter, const Neighbourhood* around) {
  GraphContext ctx;
  auto store = inv.Open(store::GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  ctx.store = std::move(*store);
  projection::ProjectOptions options;
  options.use_cache = !inv.args.count("no-cache");
  if (around) {
    for (const auto& text : around->nodes) {
      auto node = query::ResolveNode(*ctx.store, text);
      if (!node.ok()) return node.status();
      options.around.push_back(node->id);
    }
    options.hops = around->hops;
  }
  auto p = projection::Project(*ctx.store, filter, options);
  if (!p.ok()) return p.status();
  ctx.projection.emplace(std::move(*p));
  if (inv.args.count("timing")) {
    const auto& s = ctx.projection->stats();
    inv.err << "timing: projection base " << s.base_ms << " ms (" << (s.from_cache ? "cache" : "scan") << "), view "
            << s.view_ms << " ms; " << ctx.projection->num_vertices() << " vertices, " << ctx.projection->num_ties()
            << " ties\n";
  }
  return ctx;
}

namespace {

// ---- helpers

// A command's projection from its own filter options (of the whole graph, or of `around`).
Result<GraphContext> Open(const Invocation& inv, const Neighbourhood* around = nullptr) {
  auto filter = GraphFilterFromArgs(inv.args);
  if (!filter.ok()) return filter.status();
  return OpenGraph(inv, *filter, around);
}

class Timer {
 public:
  explicit Timer(const Invocation& inv, const char* what) : inv_(inv), what_(what) {}
  ~Timer() {
    if (inv_.args.count("timing")) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
      inv_.err << "timing: " << what_ << " " << ms << " ms\n";
    }
  }

 private:
  const Invocation& inv_;
  const char* what_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

Status NeedPositional(const Invocation& inv, size_t n, const char* what) {
  if (inv.positional.size() != n) return Status::InvalidArgument(std::string("expected ") + what);
  return Status::Ok();
}

// An id cell: a number for edge-list vertices, else the external id.
Json IdCell(const Projection& p, Vertex v) {
  const auto& vd = p.vertex(v);
  if (vd.numeric) return vd.numeric_id;
  return vd.ext_id;
}

Json NameCell(const Projection& p, Vertex v) {
  const auto& name = p.vertex(v).name;
  return name.empty() ? Json() : Json(name);
}

Json DateCell(const std::optional<PartialDate>& d) { return d ? Json(d->ToString()) : Json(); }

Json TextOrNull(const std::string& s) { return s.empty() ? Json() : Json(s); }

// "-[TYPE]->" when the tie is walked along its stored direction, "<-[TYPE]-" against it.
std::string Arrow(const Projection& p, projection::TieIndex tie, bool forward) {
  std::string type = p.TypeName(p.tie(tie));
  if (p.tie(tie).type == projection::kAgreementTie) return "-[" + type + "]-";
  return forward ? "-[" + type + "]->" : "<-[" + type + "]-";
}

Json ListOrNull(const std::vector<std::string>& items) { return items.empty() ? Json() : Json(items); }

size_t TopArg(const Invocation& inv) { return inv.args.count("top") ? inv.args["top"].as<size_t>() : 0; }

// Runs `compute` and, with --timing, prints how long it took.
template <typename F>
auto Timed(const Invocation& inv, const char* what, F&& compute) {
  Timer timer(inv, what);
  return compute();
}

// `row(rank, v)` for the first `top` (0: all) vertices ranked by `value` (algo::RankDescending).
template <typename T, typename F>
void ForRanked(const std::vector<T>& value, size_t top, F&& row) {
  auto order = algo::RankDescending(value);
  for (size_t i = 0; i < order.size() && (top == 0 || i < top); ++i) row(i, order[i]);
}

Result<Vertex> Resolve(const GraphContext& ctx, const std::string& text) {
  return projection::ResolveVertex(*ctx.store, *ctx.projection, text);
}

// The node an option names, when the option is given.
Result<std::optional<Vertex>> ResolveOption(const GraphContext& ctx, const Invocation& inv, const char* option) {
  if (!inv.args.count(option)) return std::optional<Vertex>();
  auto v = Resolve(ctx, inv.args[option].as<std::string>());
  if (!v.ok()) return v.status();
  return std::optional<Vertex>(*v);
}

// A command's projection and the nodes its positional arguments name.
struct NodeGraph : GraphContext {
  std::vector<Vertex> nodes;
};

// Resolves the first `n` positional NODEs in an opened projection.
Result<NodeGraph> WithNodes(Result<GraphContext> ctx, const Invocation& inv, size_t n) {
  if (!ctx.ok()) return ctx.status();
  NodeGraph g;
  static_cast<GraphContext&>(g) = std::move(*ctx);
  for (size_t i = 0; i < n; ++i) {
    auto v = Resolve(g, inv.positional[i]);
    if (!v.ok()) return v.status();
    g.nodes.push_back(*v);
  }
  return g;
}

// The start of a command on nodes: exactly `n` positional NODEs (`what` says which), the
// projection under `filter` (default: the command's filter options), the NODEs resolved in it.
Result<NodeGraph> OpenAt(const Invocation& inv, size_t n, const char* what,
                         std::optional<projection::Filter> filter = std::nullopt) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, n, what));
  return WithNodes(filter ? OpenGraph(inv, *filter) : Open(inv), inv, n);
}

// The same for point queries that only look `hops` stored edges around their NODEs: the
// projection holds just that neighbourhood, read by prefix scans, never the whole graph.
Result<NodeGraph> OpenAround(const Invocation& inv, size_t n, const char* what, int hops) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, n, what));
  Neighbourhood around{{inv.positional.begin(), inv.positional.begin() + static_cast<std::ptrdiff_t>(n)}, hops};
  return WithNodes(Open(inv, &around), inv, n);
}

// The "sources" of an agreement's or a visit's node, when it has any (nullopt: none stored).
std::optional<std::vector<std::string>> NodeSources(const GraphContext& ctx, store::NodeId id) {
  auto node = ctx.store->GetNode(id);
  if (!node.ok() || !node->props.contains("sources")) return std::nullopt;
  std::vector<std::string> sources;
  for (const auto& s : node->props["sources"]) {
    if (s.is_string()) sources.push_back(s.get<std::string>());
  }
  return sources;
}

// ---- ties NODE

Result<Table> RunTies(const Invocation& inv) {
  auto ctx = OpenAround(inv, 1, "one NODE", 2);  // its ties, and an agreement's other parties
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  const Vertex v = ctx->nodes[0];
  Table table{{"group", "edge", "other", "name", "label", "kind", "date", "until", "parties", "sources"}, {}};
  for (const auto& t : algo::DirectTies(p, v)) {
    auto d = projection::DescribeTie(*ctx->store, p, t.tie);
    if (!d.ok()) return d.status();
    const auto& other = p.vertex(t.other);
    std::string kind = other.kind;
    std::string date = d->date, until = d->end;
    if (other.label == "Agreement" || other.label == "Visit") {
      date = other.date ? other.date->ToString() : "";
      until = other.end_date ? other.end_date->ToString() : "";
    }
    if (const auto* via = p.Via(p.tie(t.tie))) kind = via->kind;
    Json parties = Json::array();
    for (Vertex c : t.co_parties) parties.push_back(p.vertex(c).DisplayName());
    table.Add({t.group, Arrow(p, t.tie, t.outgoing), other.ext_id, NameCell(p, t.other), other.label, TextOrNull(kind),
               TextOrNull(date), TextOrNull(until), parties.empty() ? Json() : parties, ListOrNull(d->sources)});
  }
  return table;
}

// ---- neighbors NODE --depth K

Result<Table> RunNeighbors(const Invocation& inv) {
  // K projected hops are K stored edges, or 2K when agreements are expanded into ties; a deep
  // neighbourhood is most of the graph, which the cached projection serves faster.
  size_t depth = inv.args["depth"].as<size_t>();
  size_t hops = depth * (inv.args.count("expand-agreements") ? 2 : 1);
  auto ctx = hops <= 4 ? OpenAround(inv, 1, "one NODE", static_cast<int>(hops)) : OpenAt(inv, 1, "one NODE");
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  const Vertex v = ctx->nodes[0];
  Table table{{"depth", "id", "name", "label", "via", "edge"}, {}};
  Timer timer(inv, "neighborhood");
  for (const auto& r : algo::Neighborhood(p, v, depth)) {
    if (r.vertex == v) continue;
    Json edge;
    if (r.parent != projection::kNoVertex) {
      auto tie = p.TieBetween(r.parent, r.vertex);
      if (tie) edge = Arrow(p, *tie, p.tie(*tie).src == r.parent);
    }
    table.Add(
        {r.depth, IdCell(p, r.vertex), NameCell(p, r.vertex), p.vertex(r.vertex).label, IdCell(p, r.parent), edge});
  }
  return table;
}

// ---- path A B

Status AddPathRows(const GraphContext& ctx, const algo::Path& path, size_t number, bool options_weighted,
                   Table* table) {
  const Projection& p = *ctx.projection;
  for (size_t i = 0; i < path.hops.size(); ++i) {
    const auto& hop = path.hops[i];
    auto d = projection::DescribeTie(*ctx.store, p, hop.tie);
    if (!d.ok()) return d.status();
    std::string date = d->date, end = d->end;
    std::vector<std::string> sources = d->sources;
    // A hop into or out of an agreement or a visit is dated by that hub when the edge is not.
    for (Vertex hub : {hop.to, hop.from}) {
      const auto& h = p.vertex(hub);
      if (date.empty() && (h.label == "Agreement" || h.label == "Visit") && h.date) {
        date = h.date->ToString();
        end = h.end_date ? h.end_date->ToString() : "";
        if (sources.empty()) {
          if (auto hub_sources = NodeSources(ctx, h.node)) sources = std::move(*hub_sources);
        }
      }
    }
    if (!end.empty()) date += ".." + end;
    Json length = options_weighted ? Json(path.length) : Json(static_cast<uint64_t>(path.hops.size()));
    table->Add({number, length, i + 1, IdCell(p, hop.from), Arrow(p, hop.tie, hop.forward), IdCell(p, hop.to),
                p.vertex(hop.to).DisplayName(), TextOrNull(date), ListOrNull(sources)});
  }
  return Status::Ok();
}

Status RunPath(const Invocation& inv) {
  auto ctx = OpenAt(inv, 2, "two NODEs: path A B");
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  const Vertex a = ctx->nodes[0], b = ctx->nodes[1];
  algo::PathOptions options;
  options.weighted = inv.args.count("weighted") > 0;
  std::vector<algo::Path> paths;
  bool truncated = false;
  {
    Timer timer(inv, "paths");
    if (inv.args.count("all")) {
      paths = algo::AllSimplePaths(p, a, b, inv.args["max-hops"].as<size_t>(), inv.args["limit"].as<size_t>(),
                                   &truncated, options);
    } else if (inv.args.count("k")) {
      paths = algo::KShortestPaths(p, a, b, inv.args["k"].as<size_t>(), options);
    } else {
      auto one = algo::ShortestPath(p, a, b, options);
      if (!one.ok()) return one.status();
      paths.push_back(std::move(*one));
    }
  }
  if (paths.empty()) {
    return Status::NotFound(
        "no path from " + p.vertex(a).ext_id + " to " + p.vertex(b).ext_id +
        (inv.args.count("all") ? " within " + std::to_string(inv.args["max-hops"].as<size_t>()) + " hops" : ""));
  }
  Table table{{"path", "length", "hop", "from", "edge", "to", "to_name", "date", "sources"}, {}};
  for (size_t i = 0; i < paths.size(); ++i)
    CT_RETURN_IF_ERROR(AddPathRows(*ctx, paths[i], i + 1, options.weighted, &table));
  inv.Emit(table);
  if (truncated) inv.err << "note: more paths exist; raise --limit or lower --max-hops\n";
  return Status::Ok();
}

// ---- school-path SCHOOL --to CITY|SCHOOL

Result<Table> RunSchoolPath(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 1, "one SCHOOL (and --to CITY|SCHOOL)"));
  if (!inv.args.count("to")) return Status::InvalidArgument("missing --to CITY|SCHOOL");
  auto filter = GraphFilterFromArgs(inv.args);
  if (!filter.ok()) return filter.status();
  // Routes go through the schools' cities: make sure LOCATED_IN is part of the projection.
  auto ctx = OpenAt(inv, 1, "one SCHOOL", algo::SchoolPathFilter(std::move(*filter)));
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  const Vertex school = ctx->nodes[0];
  auto target = ResolveOption(*ctx, inv, "to");
  if (!target.ok()) return target.status();
  algo::SchoolPathOptions options;
  options.other_paths = inv.args["k"].as<size_t>();
  options.limit = inv.args["limit"].as<size_t>();
  auto routes = algo::SchoolPaths(p, school, **target, options);
  if (!routes.ok()) return routes.status();
  if (routes->empty()) {
    return Status::NotFound("no route from " + p.vertex(school).ext_id + " to " + p.vertex(**target).ext_id +
                            " in the graph as filtered");
  }
  Table table{{"rank", "kind", "hops", "route", "explanation", "ids"}, {}};
  for (size_t i = 0; i < routes->size(); ++i) {
    const auto& r = (*routes)[i];
    std::string route = p.vertex(r.path.vertices[0]).DisplayName();
    Json ids = Json::array({p.vertex(r.path.vertices[0]).ext_id});
    for (const auto& hop : r.path.hops) {
      route += " " + Arrow(p, hop.tie, hop.forward) + " " + p.vertex(hop.to).DisplayName();
      ids.push_back(p.vertex(hop.to).ext_id);
    }
    table.Add({i + 1, r.kind, r.path.hops.size(), route, r.explanation, ids});
  }
  return table;
}

// ---- pairing-suggest SCHOOL [--city CITY]

Result<Table> RunPairingSuggest(const Invocation& inv) {
  auto ctx = OpenAt(inv, 1, "one SCHOOL");
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  auto city = ResolveOption(*ctx, inv, "city");
  if (!city.ok()) return city.status();
  size_t top = inv.args["top"].as<size_t>();
  auto cands = algo::SuggestPairings(p, ctx->nodes[0], *city, top ? top : SIZE_MAX);
  if (!cands.ok()) return cands.status();
  Table table{{"rank", "id", "name", "city", "score", "precedents", "shared"}, {}};
  for (size_t i = 0; i < cands->size(); ++i) {
    const auto& c = (*cands)[i];
    Json shared = Json::array();
    for (Vertex z : c.shared) shared.push_back(p.vertex(z).ext_id);
    table.Add({i + 1, p.vertex(c.school).ext_id, NameCell(p, c.school), TextOrNull(p.vertex(c.school).city),
               std::round(c.score * 1e6) / 1e6, c.precedents, shared});
  }
  return table;
}

// ---- common A B

Result<Table> RunCommon(const Invocation& inv) {
  auto ctx = OpenAround(inv, 2, "two NODEs: common A B", 2);
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  const Vertex a = ctx->nodes[0], b = ctx->nodes[1];
  Table table{{"id", "name", "label", "kind", "date", "ties_a", "ties_b"}, {}};
  auto kinds = [&](const std::vector<projection::TieIndex>& ties, Vertex from) {
    Json out = Json::array();
    for (auto t : ties) out.push_back(Arrow(p, t, p.tie(t).src == from));
    return out;
  };
  for (const auto& c : algo::CommonNeighbors(p, a, b)) {
    const auto& vd = p.vertex(c.vertex);
    table.Add({IdCell(p, c.vertex), NameCell(p, c.vertex), vd.label, TextOrNull(vd.kind), DateCell(vd.date),
               kinds(c.ties_a, a), kinds(c.ties_b, b)});
  }
  return table;
}

// ---- centrality --measure M [--top N]

Result<Table> RunCentrality(const Invocation& inv) {
  auto measure = algo::ParseMeasure(inv.args["measure"].as<std::string>());
  if (!measure.ok()) return measure.status();
  auto ctx = Open(inv);
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  algo::CentralityOptions options;
  options.damping = inv.args["damping"].as<double>();
  options.iterations = inv.args["iterations"].as<int>();
  auto value = Timed(inv, "centrality", [&] { return algo::Centrality(p, *measure, options); });
  Table table{{"rank", "id", "name", "label", "value"}, {}};
  ForRanked(value, TopArg(inv), [&](size_t i, Vertex v) {
    Json cell = *measure == algo::Measure::kDegree ? Json(static_cast<uint64_t>(value[v])) : Json(value[v]);
    table.Add({i + 1, IdCell(p, v), NameCell(p, v), p.vertex(v).label, cell});
  });
  return table;
}

// ---- components, communities

Table PartitionTable(const Invocation& inv, const Projection& p, const algo::Partition& part, const char* group) {
  if (inv.args.count("list")) {
    Table table{{"id", "name", "label", group}, {}};
    for (Vertex v = 0; v < p.num_vertices(); ++v) {
      table.Add({IdCell(p, v), NameCell(p, v), p.vertex(v).label, part.group_of[v] + 1});
    }
    return table;
  }
  size_t members = inv.args["members"].as<size_t>();
  Table table{{group, "size", "members"}, {}};
  for (size_t g = 0; g < part.groups.size(); ++g) {
    // Show the best connected members first (degree descending, then vertex).
    std::vector<Vertex> list = part.groups[g];
    std::stable_sort(list.begin(), list.end(),
                     [&](Vertex a, Vertex b) { return p.Neighbors(a).size() > p.Neighbors(b).size(); });
    Json names = Json::array();
    for (size_t i = 0; i < list.size() && (members == 0 || i < members); ++i)
      names.push_back(p.vertex(list[i]).DisplayName());
    if (members && list.size() > members) names.push_back("... " + std::to_string(list.size() - members) + " more");
    table.Add({g + 1, part.groups[g].size(), names});
  }
  return table;
}

Result<Table> RunComponents(const Invocation& inv) {
  auto ctx = Open(inv);
  if (!ctx.ok()) return ctx.status();
  auto part = Timed(inv, "components", [&] { return algo::Components(*ctx->projection); });
  return PartitionTable(inv, *ctx->projection, part, "component");
}

Result<Table> RunCommunities(const Invocation& inv) {
  auto ctx = Open(inv);
  if (!ctx.ok()) return ctx.status();
  auto part =
      Timed(inv, "communities", [&] { return algo::Communities(*ctx->projection, inv.args["max-rounds"].as<int>()); });
  return PartitionTable(inv, *ctx->projection, part, "community");
}

// ---- brokers

Result<Table> RunBrokers(const Invocation& inv) {
  auto ctx = Open(inv);
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  auto brokers = Timed(inv, "brokers", [&] { return algo::FindBrokers(p); });
  std::string only = inv.args["kind"].as<std::string>();
  if (only != "all" && only != "articulation" && only != "bridge") {
    return Status::InvalidArgument("--kind must be all, articulation or bridge");
  }
  size_t top = TopArg(inv);
  Table table{{"kind", "id", "name", "other", "other_name", "edge", "cut_off", "pieces", "component_size"}, {}};
  if (only != "bridge") {
    for (size_t i = 0; i < brokers.articulation_points.size() && (top == 0 || i < top); ++i) {
      const auto& a = brokers.articulation_points[i];
      table.Add({"articulation_point", IdCell(p, a.vertex), NameCell(p, a.vertex), nullptr, nullptr, nullptr, a.cut_off,
                 a.pieces, a.component_size});
    }
  }
  if (only != "articulation") {
    for (size_t i = 0; i < brokers.bridges.size() && (top == 0 || i < top); ++i) {
      const auto& b = brokers.bridges[i];
      table.Add({"bridge", IdCell(p, b.a), NameCell(p, b.a), IdCell(p, b.b), NameCell(p, b.b),
                 Arrow(p, b.tie, p.tie(b.tie).src == b.a), b.cut_off, 2, b.component_size});
    }
  }
  return table;
}

// ---- kcore

Result<Table> RunKcore(const Invocation& inv) {
  auto ctx = Open(inv);
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  auto core = Timed(inv, "kcore", [&] { return algo::CoreNumbers(p); });
  size_t k = inv.args.count("k") ? inv.args["k"].as<size_t>() : 0;
  Table table{{"id", "name", "label", "core", "degree"}, {}};
  ForRanked(core, 0, [&](size_t, Vertex v) {
    if (core[v] >= k) table.Add({IdCell(p, v), NameCell(p, v), p.vertex(v).label, core[v], p.Neighbors(v).size()});
  });
  return table;
}

// ---- clustering

Result<Table> RunClustering(const Invocation& inv) {
  auto ctx = Open(inv);
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  auto value = Timed(inv, "clustering", [&] { return algo::Clustering(p); });
  Table table{{"id", "name", "label", "degree", "clustering"}, {}};
  ForRanked(value, TopArg(inv), [&](size_t, Vertex v) {
    table.Add({IdCell(p, v), NameCell(p, v), p.vertex(v).label, p.Neighbors(v).size(), value[v]});
  });
  return table;
}

// ---- timeline NODE, growth, dormant

Result<Table> RunTimeline(const Invocation& inv) {
  auto ctx = OpenAround(inv, 1, "one NODE", 2);
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  const Vertex v = ctx->nodes[0];
  Table table{{"date", "event", "other", "name", "kind", "edge", "sources"}, {}};
  for (const auto& e : algo::Timeline(p, v)) {
    auto d = projection::DescribeTie(*ctx->store, p, e.tie);
    if (!d.ok()) return d.status();
    const auto& other = p.vertex(e.other);
    std::string kind = other.kind;
    if (const auto* via = p.Via(p.tie(e.tie))) kind = via->kind;
    // An agreement or a visit is the event: its own provenance says when it happened.
    std::vector<std::string> sources = d->sources;
    if (other.label == "Agreement" || other.label == "Visit") {
      if (auto event_sources = NodeSources(*ctx, other.node)) sources = std::move(*event_sources);
    }
    bool forward = p.tie(e.tie).src == v;
    table.Add({DateCell(e.date), e.what, other.ext_id, NameCell(p, e.other), TextOrNull(kind), Arrow(p, e.tie, forward),
               ListOrNull(sources)});
  }
  return table;
}

Result<Table> RunGrowth(const Invocation& inv) {
  auto ctx = Open(inv);
  if (!ctx.ok()) return ctx.status();
  Table table{{"year", "agreements", "pairings", "visits", "other_ties", "agreements_in_force"}, {}};
  for (const auto& y : algo::Growth(*ctx->projection)) {
    table.Add({y.year ? Json(y.year) : Json("undated"), y.agreements, y.pairings, y.visits, y.other_ties,
               y.year ? Json(y.agreements_in_force) : Json()});
  }
  return table;
}

Result<Table> RunDormant(const Invocation& inv) {
  if (!inv.args.count("since")) return Status::InvalidArgument("missing --since DATE");
  auto since = DateArg(inv.args, "since");
  if (!since.ok()) return since.status();
  if (inv.args.count("as-of")) return Status::InvalidArgument("dormant takes --until, not --as-of");
  // Here --since is the dormancy threshold, not a window start: activity before it must be seen.
  auto filter = GraphFilterFromArgs(inv.args);
  if (!filter.ok()) return filter.status();
  filter->since.reset();
  auto ctx = OpenGraph(inv, *filter);
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  auto only = ResolveOption(*ctx, inv, "node");
  if (!only.ok()) return only.status();
  Table table{{"a", "a_name", "b", "b_name", "ties", "tied_since", "last_activity", "last_what"}, {}};
  for (const auto& d : algo::Dormant(p, *since, *only)) {
    table.Add({p.vertex(d.a).ext_id, NameCell(p, d.a), p.vertex(d.b).ext_id, NameCell(p, d.b), d.ties,
               DateCell(d.tied_since), DateCell(d.last_activity), TextOrNull(d.last_what)});
  }
  return table;
}

// ---- project: the projection itself (for checks and other tools)

Result<Table> RunProject(const Invocation& inv) {
  auto ctx = Open(inv);
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  if (inv.args.count("vertices")) {
    Table table{{"id", "name", "label", "country", "city", "degree"}, {}};
    for (Vertex v = 0; v < p.num_vertices(); ++v) {
      const auto& vd = p.vertex(v);
      table.Add(
          {IdCell(p, v), NameCell(p, v), vd.label, TextOrNull(vd.country), TextOrNull(vd.city), p.Neighbors(v).size()});
    }
    return table;
  }
  Table table{{"src", "dst", "type", "weight", "since", "until", "via"}, {}};
  for (const auto& t : p.ties()) {
    const auto* via = p.Via(t);
    table.Add({IdCell(p, t.src), IdCell(p, t.dst), p.TypeName(t), t.weight, DateCell(t.since), DateCell(t.until),
               via ? Json(via->ext_id) : Json()});
  }
  return table;
}

// ---- LDBC Graphalytics kernels: one row per vertex, `id,value`, sorted by id.

template <typename F>
Result<Table> RunKernel(const Invocation& inv, bool needs_source, F&& compute) {
  auto ctx = OpenAt(inv, needs_source ? 1 : 0, needs_source ? "one SOURCE vertex" : "no arguments");
  if (!ctx.ok()) return ctx.status();
  const Projection& p = *ctx->projection;
  const Vertex source = needs_source ? ctx->nodes[0] : 0;
  Table table{{"id", "value"}, {}};
  table.rows.reserve(p.num_vertices());
  CT_RETURN_IF_ERROR(Timed(inv, "kernel", [&] {
    return compute(p, source, [&](Vertex v, Json value) { table.Add({IdCell(p, v), std::move(value)}); });
  }));
  return table;
}

using RowFn = std::function<void(Vertex, Json)>;

Result<Table> RunBfs(const Invocation& inv) {
  return RunKernel(inv, true, [](const Projection& p, Vertex s, const RowFn& row) {
    auto depth = algo::Bfs(p, s);
    for (Vertex v = 0; v < depth.size(); ++v) row(v, depth[v]);
    return Status::Ok();
  });
}

Result<Table> RunSssp(const Invocation& inv) {
  return RunKernel(inv, true, [](const Projection& p, Vertex s, const RowFn& row) {
    auto dist = algo::Sssp(p, s);
    if (!dist.ok()) return dist.status();
    for (Vertex v = 0; v < dist->size(); ++v) row(v, std::isinf((*dist)[v]) ? Json("infinity") : Json((*dist)[v]));
    return Status::Ok();
  });
}

Result<Table> RunWcc(const Invocation& inv) {
  return RunKernel(inv, false, [](const Projection& p, Vertex, const RowFn& row) {
    auto label = algo::Wcc(p);
    for (Vertex v = 0; v < label.size(); ++v) row(v, IdCell(p, label[v]));
    return Status::Ok();
  });
}

Result<Table> RunPageRank(const Invocation& inv) {
  double damping = inv.args["damping"].as<double>();
  int iterations = inv.args["iterations"].as<int>();
  if (damping < 0 || damping > 1) return Status::InvalidArgument("--damping must be between 0 and 1");
  if (iterations < 0) return Status::InvalidArgument("--iterations must not be negative");
  return RunKernel(inv, false, [&](const Projection& p, Vertex, const RowFn& row) {
    auto rank = algo::PageRank(p, damping, iterations);
    for (Vertex v = 0; v < rank.size(); ++v) row(v, rank[v]);
    return Status::Ok();
  });
}

Result<Table> RunCdlp(const Invocation& inv) {
  int iterations = inv.args["iterations"].as<int>();
  if (iterations < 0) return Status::InvalidArgument("--iterations must not be negative");
  return RunKernel(inv, false, [&](const Projection& p, Vertex, const RowFn& row) {
    auto label = algo::Cdlp(p, iterations);
    for (Vertex v = 0; v < label.size(); ++v) row(v, IdCell(p, label[v]));
    return Status::Ok();
  });
}

Result<Table> RunLcc(const Invocation& inv) {
  return RunKernel(inv, false, [](const Projection& p, Vertex, const RowFn& row) {
    auto lcc = algo::Lcc(p);
    for (Vertex v = 0; v < lcc.size(); ++v) row(v, lcc[v]);
    return Status::Ok();
  });
}

// A command that prints the Table `run` returns.
template <Result<Table> (*run)(const Invocation&)>
Status Emitting(const Invocation& inv) {
  auto table = run(inv);
  if (!table.ok()) return table.status();
  inv.Emit(*table);
  return Status::Ok();
}

// Options of the commands, added after the shared filters.
std::function<void(cxxopts::Options&)> With(std::function<void(cxxopts::OptionAdder&)> more = nullptr) {
  return [more](cxxopts::Options& o) {
    AddGraphFilterOptions(o);
    if (more) {
      auto adder = o.add_options();
      more(adder);
    }
  };
}

void TopOption(cxxopts::OptionAdder& a, const char* def) {
  a("top", "show the first N rows (0: all)", cxxopts::value<size_t>()->default_value(def));
}

void PartitionOptions(cxxopts::OptionAdder& a) {
  a("list", "one row per vertex with its group instead of one row per group")(
      "members", "members shown per group (0: all)", cxxopts::value<size_t>()->default_value("8"));
}

}  // namespace

void RegisterGraphCommands() {
  Register({"ties", "every direct tie of a node, grouped by kind, with dates and sources", "NODE", true, With(),
            Emitting<RunTies>});
  Register({"neighbors", "nodes within --depth ties of a node, and how each is reached", "NODE", true,
            With([](auto& a) { a("depth", "how many ties away", cxxopts::value<size_t>()->default_value("1")); }),
            Emitting<RunNeighbors>});
  Register({"path", "the shortest path between two nodes, every hop explained (or --k N, --all)", "A B", true,
            With([](auto& a) {
              a("k,paths", "Yen's N shortest loopless paths (-k N)", cxxopts::value<size_t>())(
                  "all", "every simple path of at most --max-hops hops")("max-hops", "with --all",
                                                                         cxxopts::value<size_t>()->default_value("4"))(
                  "limit", "with --all: at most this many paths", cxxopts::value<size_t>()->default_value("100"))(
                  "weighted", "use the edges' weight property as their length");
            }),
            RunPath});
  Register({"school-path", "how a school can reach a pairing in a city (or with a school), ranked and explained",
            "SCHOOL", true, With([](auto& a) {
              a("to", "the target CITY or SCHOOL", cxxopts::value<std::string>())(
                  "k,other-paths", "other shortest paths to consider (Yen; -k N)",
                  cxxopts::value<size_t>()->default_value("5"))("limit", "at most this many routes",
                                                                cxxopts::value<size_t>()->default_value("20"));
            }),
            Emitting<RunSchoolPath>});
  Register({"pairing-suggest", "candidate partner schools for a school, ranked by extended Adamic-Adar", "SCHOOL", true,
            With([](auto& a) {
              a("city", "only candidates in this CITY", cxxopts::value<std::string>());
              TopOption(a, "10");
            }),
            Emitting<RunPairingSuggest>});
  Register({"common", "the neighbours two nodes share (agreements, visits, institutions...)", "A B", true, With(),
            Emitting<RunCommon>});
  Register({"centrality", "rank nodes by degree, betweenness, closeness or pagerank", "", true, With([](auto& a) {
              a("measure", "degree, betweenness, closeness or pagerank",
                cxxopts::value<std::string>()->default_value("degree"))(
                  "damping", "pagerank damping factor", cxxopts::value<double>()->default_value("0.85"))(
                  "iterations", "pagerank iterations", cxxopts::value<int>()->default_value("100"));
              TopOption(a, "20");
            }),
            Emitting<RunCentrality>});
  Register(
      {"components", "connected components of the network", "", true, With(PartitionOptions), Emitting<RunComponents>});
  Register({"brokers", "articulation points and bridges: who holds the network together", "", true, With([](auto& a) {
              a("kind", "all, articulation or bridge", cxxopts::value<std::string>()->default_value("all"));
              TopOption(a, "0");
            }),
            Emitting<RunBrokers>});
  Register({"kcore", "core number of every node (the densest cores first)", "", true,
            With([](auto& a) { a("k,min-core", "only nodes in the K-core (-k K)", cxxopts::value<size_t>()); }),
            Emitting<RunKcore>});
  Register({"communities", "communities by deterministic label propagation", "", true, With([](auto& a) {
              PartitionOptions(a);
              a("max-rounds", "stop after this many rounds", cxxopts::value<int>()->default_value("100"));
            }),
            Emitting<RunCommunities>});
  Register({"clustering", "local clustering coefficient of every node", "", true,
            With([](auto& a) { TopOption(a, "0"); }), Emitting<RunClustering>});
  Register(
      {"timeline", "the dated events of a node's ties, oldest first", "NODE", true, With(), Emitting<RunTimeline>});
  Register({"growth", "agreements, pairings, visits and ties per year", "", true, With(), Emitting<RunGrowth>});
  Register({"dormant", "partner ties with no shared visit, event or agreement since --since DATE", "", true,
            With([](auto& a) { a("node", "only pairs that include NODE", cxxopts::value<std::string>()); }),
            Emitting<RunDormant>});
  Register({"project", "print the projection: its ties (default) or --vertices", "", true,
            With([](auto& a) { a("vertices", "list the vertices instead of the ties"); }), Emitting<RunProject>});
  Register({"bfs", "LDBC BFS: depth of every vertex from SOURCE (unreachable 9223372036854775807)", "SOURCE", true,
            With(), Emitting<RunBfs>});
  Register({"sssp", "LDBC SSSP: weighted distance of every vertex from SOURCE (unreachable infinity)", "SOURCE", true,
            With(), Emitting<RunSssp>});
  Register({"wcc", "LDBC WCC: weakly connected component of every vertex (smallest vertex id in it)", "", true, With(),
            Emitting<RunWcc>});
  Register({"pagerank", "LDBC PageRank of every vertex", "", true, With([](auto& a) {
              a("damping", "damping factor", cxxopts::value<double>()->default_value("0.85"))(
                  "iterations", "iterations", cxxopts::value<int>()->default_value("20"));
            }),
            Emitting<RunPageRank>});
  Register({"cdlp", "LDBC CDLP: label propagation community of every vertex", "", true,
            With([](auto& a) { a("iterations", "iterations", cxxopts::value<int>()->default_value("10")); }),
            Emitting<RunCdlp>});
  Register({"lcc", "LDBC LCC: local clustering coefficient of every vertex", "", true, With(), Emitting<RunLcc>});
}

}  // namespace cityties::cli
