// Graph queries and analytics commands. Each parses its flags into an engine request
// (engine/requests.h), asks the read session, and prints the result as a Table. The rules (what a
// query keeps, how ties are dated and explained, the limits) are the engine's.
// Command reference: docs/queries.md.
#include <cmath>
#include <iostream>

#include "cli/cli.h"
#include "cli/graph_options.h"
#include "common/text.h"

namespace cityties::cli {

using engine::Answer;
using engine::ReadSession;
using engine::Vertex;
using Json = nlohmann::json;

void AddGraphFilterOptions(cxxopts::Options& o) {
  o.add_options("filters")("labels", "keep only nodes of these labels (comma separated)",
                           cxxopts::value<std::string>())(
      "types", "keep only edges of these types (comma separated; default: all but location ties)",
      cxxopts::value<std::string>())("country", "keep only nodes in this country (id, ISO code or name; repeatable)",
                                     cxxopts::value<std::vector<std::string>>())(
      "as-of", "the network at DATE (YYYY, YYYY-MM or YYYY-MM-DD): ties begun by then and not yet ended",
      cxxopts::value<std::string>())("since", "leave out ties that ended before DATE", cxxopts::value<std::string>())(
      "until", "leave out ties that began after DATE", cxxopts::value<std::string>())(
      "expand-agreements", "an n-party agreement becomes a tie between each pair of its parties")(
      "status", "keep only ties of these statuses (in_force,planned,ended,lapsed,unknown)",
      cxxopts::value<std::string>())("tier", "keep only ties of these source tiers (report,secondary)",
                                     cxxopts::value<std::string>())(
      "include-undated", "with --as-of, --since or --until: keep undated ties too")(
      "no-cache", "rebuild the projection from the store instead of using its cache")(
      "timing", "print the database open, projection, algorithm and output times to stderr");
}

std::string StringOption(const Invocation& inv, const char* name) {
  return inv.args.count(name) ? inv.args[name].as<std::string>() : "";
}

engine::Scope ScopeFromArgs(const cxxopts::ParseResult& args) {
  engine::Scope scope;
  auto text = [&](const char* name) { return args.count(name) ? args[name].as<std::string>() : ""; };
  if (args.count("labels")) scope.labels = SplitList(text("labels"));
  if (args.count("types")) scope.edge_types = SplitList(text("types"));
  if (args.count("country")) {
    for (const auto& c : args["country"].as<std::vector<std::string>>()) {
      for (auto& item : SplitList(c)) scope.countries.push_back(item);
    }
  }
  scope.as_of = text("as-of");
  scope.since = text("since");
  scope.until = text("until");
  scope.expand_agreements = args.count("expand-agreements") > 0;
  if (args.count("status")) scope.statuses = SplitList(text("status"));
  if (args.count("tier")) scope.tiers = SplitList(text("tier"));
  scope.include_undated = args.count("include-undated") > 0;
  return scope;
}

Result<std::unique_ptr<engine::Database>> OpenForReading(const Invocation& inv) {
  return engine::Database::Open(inv.db_path, engine::Database::Access::kRead);
}

engine::SessionOptions SessionOptionsFromArgs(const Invocation& inv) {
  engine::SessionOptions options;
  options.use_cache = !inv.args.count("no-cache");
  return options;
}

void PrintTimings(const Invocation& inv, const engine::Timings& t) {
  if (!inv.args.count("timing")) return;
  if (t.store_only) {
    inv.err << "timing: store reads " << t.base_ms << " ms (neighbourhood, keys and node heads; nothing projected); "
            << t.vertices << " nodes\n";
    inv.err << "timing: compute " << t.compute_ms << " ms\n";
    return;
  }
  inv.err << "timing: projection base " << t.base_ms << " ms ("
          << (t.neighbourhood_only ? "neighbourhood"
              : t.from_image && t.commits_applied
                  ? "image, updated from " + std::to_string(t.commits_applied) + " logged commits"
              : t.from_image      ? "image, in place"
              : t.commits_applied ? "cache, updated from " + std::to_string(t.commits_applied) + " logged commits"
              : t.from_cache      ? "cache"
                                  : "scan")
          << "), view " << t.view_ms << " ms; " << t.vertices << " vertices, " << t.ties << " ties\n";
  inv.err << "timing: compute " << t.compute_ms << " ms\n";
}

namespace {

// ---- cells

Json IdCell(const Answer& r, Vertex v) {
  const auto& vd = r.vertex(v);
  if (vd.numeric) return vd.numeric_id;
  return vd.ext_id;
}

Json NameCell(const Answer& r, Vertex v) {
  const auto& name = r.vertex(v).name;
  return name.empty() ? Json() : Json(name);
}

Json DateCell(const std::optional<PartialDate>& d) { return d ? Json(d->ToString()) : Json(); }

Json TextOrNull(const std::string& s) { return s.empty() ? Json() : Json(s); }

Json ListOrNull(const std::vector<std::string>& items) { return items.empty() ? Json() : Json(items); }

// "-[TYPE]->" when the tie is walked along its stored direction, "<-[TYPE]-" against it.
std::string Arrow(const Answer& r, engine::TieIndex tie, bool forward) {
  const auto& p = *r.graph;
  std::string type = p.TypeName(p.tie(tie));
  if (p.tie(tie).type == projection::kAgreementTie) return "-[" + type + "]-";
  return forward ? "-[" + type + "]->" : "<-[" + type + "]-";
}

bool ForwardFrom(const Answer& r, engine::TieIndex tie, Vertex from) { return r.graph->tie(tie).src == from; }

// ---- running a request

// Runs a request in a read session on the command's database and writes its result (`write`).
template <typename Result, typename Ask, typename Write>
Status QueryAndWrite(const Invocation& inv, Ask&& ask, Write&& write) {
  const auto start = std::chrono::steady_clock::now();
  auto db = OpenForReading(inv);
  if (!db.ok()) return db.status();
  const double open_ms = MillisSince(start);
  ReadSession session(**db, SessionOptionsFromArgs(inv));
  auto result = ask(session);
  if (!result.ok()) return result.status();
  PrintTimings(inv, result->timings);
  const auto written = std::chrono::steady_clock::now();
  write(*result);
  if (inv.args.count("timing")) {
    inv.err << "timing: database open " << open_ms << " ms, output " << MillisSince(written) << " ms\n";
  }
  for (const auto& note : result->notes) inv.err << "note: " << note << '\n';
  if (result->undated_left_out) {
    inv.err << "note: " << result->undated_left_out << " undated ties not shown; --include-undated\n";
  }
  return Status::Ok();
}

// The same, printing the result as the Table that `print` makes of it.
template <typename Result, typename Ask, typename Print>
Status Query(const Invocation& inv, Ask&& ask, Print&& print) {
  return QueryAndWrite<Result>(inv, std::forward<Ask>(ask), [&](const Result& r) { inv.Emit(print(r)); });
}

Status NeedPositional(const Invocation& inv, size_t n, const char* what) {
  if (inv.positional.size() != n) return Status::InvalidArgument(std::string("expected ") + what);
  return Status::Ok();
}

const std::string& Arg(const Invocation& inv, size_t i) { return inv.positional[i]; }

size_t TopArg(const Invocation& inv) { return inv.args.count("top") ? inv.args["top"].as<size_t>() : 0; }

// ---- ties NODE

Table TiesTable(const engine::TiesResult& r) {
  Table table{{"group", "edge", "other", "name", "label", "kind", "date", "until", "status", "tier", "date_tier",
               "offices", "parties", "sources"},
              {}};
  for (const auto& t : r.rows) {
    Json parties = Json::array();
    for (Vertex c : t.co_parties) parties.push_back(r.vertex(c).DisplayName());
    const auto& other = r.vertex(t.other);
    table.Add({t.group, Arrow(r, t.tie, t.outgoing), other.ext_id, NameCell(r, t.other), other.label,
               TextOrNull(t.kind), TextOrNull(t.date), TextOrNull(t.until), t.provenance.status, t.provenance.tier,
               TextOrNull(t.date_tier), ListOrNull(t.offices), parties.empty() ? Json() : parties,
               ListOrNull(t.sources)});
  }
  return table;
}

Status RunTies(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 1, "one NODE"));
  engine::TiesRequest request{ScopeFromArgs(inv.args), Arg(inv, 0)};
  return Query<engine::TiesResult>(
      inv, [&](const ReadSession& s) { return s.Ties(request); }, TiesTable);
}

// ---- neighbors NODE --depth K

// IdCell and NameCell, streamed.
void AddId(RowStream& rows, const Answer& r, Vertex v) {
  const auto& vd = r.vertex(v);
  if (vd.numeric) {
    rows.Add(vd.numeric_id);
  } else {
    rows.Add(vd.ext_id);
  }
}

void AddName(RowStream& rows, const Answer& r, Vertex v) {
  const auto& name = r.vertex(v).name;
  if (name.empty()) {
    rows.AddNull();
  } else {
    rows.Add(name);
  }
}

// One row per node reached (tens of thousands around a hub), streamed.
void WriteNeighbors(const Invocation& inv, const engine::NeighborsResult& r) {
  RowStream rows = inv.Rows({"depth", "id", "name", "label", "via", "edge"});
  for (const auto& reached : r.reached) {
    if (reached.vertex == r.center) continue;
    rows.Add(uint64_t{reached.depth});
    AddId(rows, r, reached.vertex);
    AddName(rows, r, reached.vertex);
    rows.Add(r.vertex(reached.vertex).label);
    AddId(rows, r, reached.parent);
    if (auto tie = r.TieToParent(reached)) {
      rows.Add(Arrow(r, *tie, ForwardFrom(r, *tie, reached.parent)));
    } else {
      rows.AddNull();
    }
    rows.EndRow();
  }
}

void WriteReach(const Invocation& inv, const engine::ReachResult& r) {
  RowStream rows = inv.Rows({"depth", "id", "label"});
  for (const auto& reached : r.reached) {
    if (reached.depth == 0) continue;  // the center
    rows.Add(uint64_t{reached.depth});
    if (reached.number) {
      rows.Add(*reached.number);
    } else {
      rows.Add(reached.id);
    }
    rows.Add(reached.label);
    rows.EndRow();
  }
}

Status RunNeighbors(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 1, "one NODE"));
  if (inv.args.count("ids")) {
    engine::ReachRequest request{ScopeFromArgs(inv.args), Arg(inv, 0), inv.args["depth"].as<size_t>(), 0};
    return QueryAndWrite<engine::ReachResult>(
        inv, [&](const ReadSession& s) { return s.Reach(request); },
        [&](const engine::ReachResult& r) { WriteReach(inv, r); });
  }
  engine::NeighborsRequest request{ScopeFromArgs(inv.args), Arg(inv, 0), inv.args["depth"].as<size_t>(), 0};
  request.details = false;  // the table prints no stored record and no tie among the nodes
  return QueryAndWrite<engine::NeighborsResult>(
      inv, [&](const ReadSession& s) { return s.Neighbors(request); },
      [&](const engine::NeighborsResult& r) { WriteNeighbors(inv, r); });
}

// ---- path A B

Table PathTable(const engine::PathResult& r) {
  Table table{{"path", "length", "hop", "from", "edge", "to", "to_name", "date", "status", "tier", "sources"}, {}};
  for (size_t n = 0; n < r.paths.size(); ++n) {
    const auto& path = r.paths[n];
    Json length = r.weighted ? Json(path.length) : Json(static_cast<uint64_t>(path.hops.size()));
    for (size_t i = 0; i < path.hops.size(); ++i) {
      const auto& hop = path.hops[i];
      const auto& facts = r.tie(hop.tie);
      std::string date = facts.date.empty() || facts.end.empty() ? facts.date : facts.date + ".." + facts.end;
      table.Add({n + 1, length, i + 1, IdCell(r, hop.from), Arrow(r, hop.tie, hop.forward), IdCell(r, hop.to),
                 r.vertex(hop.to).DisplayName(), TextOrNull(date), facts.provenance.status, facts.provenance.tier,
                 ListOrNull(facts.sources)});
    }
  }
  return table;
}

engine::PathRequest PathRequestFromArgs(const Invocation& inv) {
  engine::PathRequest request;
  request.scope = ScopeFromArgs(inv.args);
  request.from = Arg(inv, 0);
  request.to = Arg(inv, 1);
  request.weighted = inv.args.count("weighted") > 0;
  request.max_hops = inv.args["max-hops"].as<size_t>();
  request.limit = inv.args["limit"].as<size_t>();
  if (inv.args.count("all")) {
    request.mode = engine::PathRequest::Mode::kAll;
  } else if (inv.args.count("k")) {
    request.mode = engine::PathRequest::Mode::kKShortest;
    request.k = inv.args["k"].as<size_t>();
  }
  return request;
}

Status RunPath(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 2, "two NODEs: path A B"));
  auto request = PathRequestFromArgs(inv);
  return Query<engine::PathResult>(
      inv, [&](const ReadSession& s) { return s.Path(request); }, PathTable);
}

// ---- school-path SCHOOL --to CITY|SCHOOL

Table SchoolPathTable(const engine::SchoolPathResult& r) {
  Table table{{"rank", "kind", "status", "hops", "route", "explanation", "ids"}, {}};
  for (size_t i = 0; i < r.routes.size(); ++i) {
    const auto& route = r.routes[i];
    std::string text = r.vertex(route.path.vertices[0]).DisplayName();
    Json ids = Json::array({r.vertex(route.path.vertices[0]).ext_id});
    for (const auto& hop : route.path.hops) {
      text += " " + Arrow(r, hop.tie, hop.forward) + " " + r.vertex(hop.to).DisplayName();
      ids.push_back(r.vertex(hop.to).ext_id);
    }
    table.Add({i + 1, route.kind, r.route_status[i], route.path.hops.size(), text, route.explanation, ids});
  }
  return table;
}

Status RunSchoolPath(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 1, "one SCHOOL (and --to CITY|SCHOOL)"));
  engine::SchoolPathRequest request{ScopeFromArgs(inv.args), Arg(inv, 0), StringOption(inv, "to"),
                                    inv.args["k"].as<size_t>(), inv.args["limit"].as<size_t>()};
  return Query<engine::SchoolPathResult>(
      inv, [&](const ReadSession& s) { return s.SchoolPath(request); }, SchoolPathTable);
}

// ---- pairing-suggest SCHOOL [--city CITY]

Table PairingTable(const engine::PairingResult& r) {
  Table table{{"rank", "id", "name", "city", "level", "level_gap", "score", "precedents", "shared"}, {}};
  const auto& level_property = r.graph->domain().school_level;
  for (size_t i = 0; i < r.candidates.size(); ++i) {
    const auto& c = r.candidates[i];
    Json shared = Json::array();
    for (Vertex z : c.shared) shared.push_back(r.vertex(z).ext_id);
    const auto* node = r.node(c.school);
    Json level = node && !level_property.empty() ? node->props.value(level_property, Json()) : Json();
    table.Add({i + 1, r.vertex(c.school).ext_id, NameCell(r, c.school), TextOrNull(r.vertex(c.school).city), level,
               c.level_distance < 0 ? Json() : Json(c.level_distance), std::round(c.score * 1e6) / 1e6, c.precedents,
               shared});
  }
  return table;
}

Status RunPairingSuggest(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 1, "one SCHOOL"));
  engine::PairingRequest request{ScopeFromArgs(inv.args), Arg(inv, 0), StringOption(inv, "city"),
                                 inv.args["top"].as<size_t>()};
  return Query<engine::PairingResult>(
      inv, [&](const ReadSession& s) { return s.SuggestPairings(request); }, PairingTable);
}

// ---- common A B

Table CommonTable(const engine::CommonResult& r) {
  Table table{{"id", "name", "label", "kind", "date", "ties_a", "ties_b"}, {}};
  auto arrows = [&](const std::vector<engine::TieIndex>& ties, Vertex from) {
    Json out = Json::array();
    for (auto t : ties) out.push_back(Arrow(r, t, ForwardFrom(r, t, from)));
    return out;
  };
  for (const auto& c : r.common) {
    const auto& vd = r.vertex(c.vertex);
    table.Add({IdCell(r, c.vertex), NameCell(r, c.vertex), vd.label, TextOrNull(vd.kind), DateCell(vd.date),
               arrows(c.ties_a, r.a), arrows(c.ties_b, r.b)});
  }
  return table;
}

Status RunCommon(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 2, "two NODEs: common A B"));
  engine::CommonRequest request{ScopeFromArgs(inv.args), Arg(inv, 0), Arg(inv, 1)};
  return Query<engine::CommonResult>(
      inv, [&](const ReadSession& s) { return s.Common(request); }, CommonTable);
}

// ---- centrality, kcore, clustering

Table RankingTable(const engine::RankingResult& r) {
  Table table{{"rank", "id", "name", "label", "value"}, {}};
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    Json value = r.integral ? Json(static_cast<uint64_t>(row.value)) : Json(row.value);
    table.Add({i + 1, IdCell(r, row.vertex), NameCell(r, row.vertex), r.vertex(row.vertex).label, value});
  }
  return table;
}

Status RunCentrality(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::CentralityRequest request{
      ScopeFromArgs(inv.args),          inv.args["measure"].as<std::string>(), inv.args["damping"].as<double>(),
      inv.args["iterations"].as<int>(), inv.args["tolerance"].as<double>(),    TopArg(inv),
      inv.args["samples"].as<size_t>()};
  return Query<engine::RankingResult>(
      inv, [&](const ReadSession& s) { return s.Centrality(request); }, RankingTable);
}

Status RunKcore(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::CoreRequest request{ScopeFromArgs(inv.args), inv.args.count("k") ? inv.args["k"].as<size_t>() : 0};
  return Query<engine::RankingResult>(
      inv, [&](const ReadSession& s) { return s.CoreNumbers(request); },
      [](const engine::RankingResult& r) {
        Table table{{"id", "name", "label", "core", "degree"}, {}};
        for (const auto& row : r.rows) {
          table.Add({IdCell(r, row.vertex), NameCell(r, row.vertex), r.vertex(row.vertex).label,
                     static_cast<uint64_t>(row.value), r.graph->Neighbors(row.vertex).size()});
        }
        return table;
      });
}

Status RunClustering(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::ClusteringRequest request{ScopeFromArgs(inv.args), TopArg(inv)};
  return Query<engine::RankingResult>(
      inv, [&](const ReadSession& s) { return s.Clustering(request); },
      [](const engine::RankingResult& r) {
        Table table{{"id", "name", "label", "degree", "clustering"}, {}};
        for (const auto& row : r.rows) {
          table.Add({IdCell(r, row.vertex), NameCell(r, row.vertex), r.vertex(row.vertex).label,
                     r.graph->Neighbors(row.vertex).size(), row.value});
        }
        return table;
      });
}

// ---- components, communities

Table PartitionTable(const Invocation& inv, const engine::PartitionResult& r, const char* group) {
  const auto& p = *r.graph;
  const auto& part = r.partition;
  if (inv.args.count("list")) {
    Table table{{"id", "name", "label", group}, {}};
    for (Vertex v = 0; v < p.num_vertices(); ++v) {
      table.Add({IdCell(r, v), NameCell(r, v), p.vertex(v).label, part.group_of[v] + 1});
    }
    return table;
  }
  size_t members = inv.args["members"].as<size_t>();
  Table table{{group, "size", "members"}, {}};
  for (size_t g = 0; g < part.groups.size(); ++g) {
    // The best connected members first (degree descending, then vertex).
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

Status RunPartition(const Invocation& inv, engine::PartitionRequest::Kind kind, const char* group) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::PartitionRequest request{ScopeFromArgs(inv.args), kind,
                                   inv.args.count("max-rounds") ? inv.args["max-rounds"].as<int>() : 100};
  return Query<engine::PartitionResult>(
      inv, [&](const ReadSession& s) { return s.Partition(request); },
      [&](const engine::PartitionResult& r) { return PartitionTable(inv, r, group); });
}

Status RunComponents(const Invocation& inv) {
  return RunPartition(inv, engine::PartitionRequest::Kind::kComponents, "component");
}
Status RunCommunities(const Invocation& inv) {
  return RunPartition(inv, engine::PartitionRequest::Kind::kCommunities, "community");
}

// ---- brokers

Table BrokersTable(const engine::BrokersResult& r) {
  Table table{{"kind", "id", "name", "other", "other_name", "edge", "cut_off", "pieces", "component_size"}, {}};
  for (const auto& a : r.brokers.articulation_points) {
    table.Add({"articulation_point", IdCell(r, a.vertex), NameCell(r, a.vertex), nullptr, nullptr, nullptr, a.cut_off,
               a.pieces, a.component_size});
  }
  for (const auto& b : r.brokers.bridges) {
    table.Add({"bridge", IdCell(r, b.a), NameCell(r, b.a), IdCell(r, b.b), NameCell(r, b.b),
               Arrow(r, b.tie, ForwardFrom(r, b.tie, b.a)), b.cut_off, 2, b.component_size});
  }
  return table;
}

Status RunBrokers(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::BrokersRequest request{ScopeFromArgs(inv.args), inv.args["kind"].as<std::string>(), TopArg(inv)};
  return Query<engine::BrokersResult>(
      inv, [&](const ReadSession& s) { return s.Brokers(request); }, BrokersTable);
}

// ---- timeline NODE, growth, dormant

Table TimelineTable(const engine::TimelineResult& r) {
  Table table{{"date", "event", "other", "name", "kind", "edge", "status", "tier", "date_tier", "sources"}, {}};
  for (const auto& row : r.rows) {
    const auto& e = row.event;
    table.Add({DateCell(e.date), e.what, r.vertex(e.other).ext_id, NameCell(r, e.other), TextOrNull(row.kind),
               Arrow(r, e.tie, ForwardFrom(r, e.tie, r.center)), row.provenance.status, row.provenance.tier,
               TextOrNull(row.date_tier), ListOrNull(row.sources)});
  }
  return table;
}

Status RunTimeline(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 1, "one NODE"));
  engine::TimelineRequest request{ScopeFromArgs(inv.args), Arg(inv, 0)};
  return Query<engine::TimelineResult>(
      inv, [&](const ReadSession& s) { return s.Timeline(request); }, TimelineTable);
}

Table GrowthTable(const engine::GrowthResult& r) {
  bool with_coverage = r.HasCoverage();
  std::vector<std::string> columns{"year", "agreements", "pairings", "visits", "other_ties", "agreements_in_force"};
  if (with_coverage) columns.push_back("covered");
  Table table{columns, {}};
  for (size_t i = 0; i < r.years.size(); ++i) {
    const auto& y = r.years[i];
    const auto& covered = r.covered[i];
    auto count = [&](size_t n) {
      auto c = r.Count(i, n);
      return c ? Json(*c) : Json();
    };
    std::vector<Json> row{y.year ? Json(y.year) : Json("undated"),
                          count(y.agreements),
                          count(y.pairings),
                          count(y.visits),
                          count(y.other_ties),
                          y.year ? Json(y.agreements_in_force) : Json()};
    if (with_coverage) row.push_back(covered ? Json(*covered ? "yes" : "no") : Json());
    table.Add(std::move(row));
  }
  return table;
}

Status RunGrowth(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::GrowthRequest request{ScopeFromArgs(inv.args)};
  return Query<engine::GrowthResult>(
      inv, [&](const ReadSession& s) { return s.Growth(request); }, GrowthTable);
}

Table DormantTable(const engine::DormantResult& r) {
  Table table{{"a", "a_name", "b", "b_name", "ties", "status", "tied_since", "last_activity", "last_what"}, {}};
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const auto& d = r.pairs[i];
    table.Add({r.vertex(d.a).ext_id, NameCell(r, d.a), r.vertex(d.b).ext_id, NameCell(r, d.b), d.ties, r.status[i],
               DateCell(d.tied_since), DateCell(d.last_activity), TextOrNull(d.last_what)});
  }
  return table;
}

Status RunDormant(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::DormantRequest request{ScopeFromArgs(inv.args), StringOption(inv, "since"), StringOption(inv, "node")};
  return Query<engine::DormantResult>(
      inv, [&](const ReadSession& s) { return s.Dormant(request); }, DormantTable);
}

// ---- briefing tables: partners, agreements, activity

Json NamesCell(const Answer& r, const std::vector<Vertex>& vs) {
  Json names = Json::array();
  for (Vertex v : vs) names.push_back(r.vertex(v).DisplayName());
  return names;
}

Json CountryCell(const Answer& r, Vertex v) {
  const auto& country = r.vertex(v).country;
  const auto* node = r.node(country);
  return node ? Json(engine::DisplayName(*node)) : TextOrNull(country);
}

Table PartnersTable(const engine::PartnersResult& r) {
  Table table{{"partner", "name", "country", "kinds", "since", "status", "tier", "last_contact", "last_what",
               "shared_visits", "sources"},
              {}};
  for (const auto& row : r.rows) {
    Json last = row.last_what == projection::kNoVertex ? Json() : Json(r.vertex(row.last_what).DisplayName());
    table.Add({r.vertex(row.partner).ext_id, NameCell(r, row.partner), CountryCell(r, row.partner), row.kinds,
               DateCell(row.since), row.status, row.tier, DateCell(row.last_contact), last, row.shared_visits,
               ListOrNull(row.sources)});
  }
  return table;
}

Table PartnerSummaryTable(const engine::PartnersResult& r) {
  Table table{{"kind", "status", "tier", "partners"}, {}};
  for (const auto& c : r.summary) table.Add({c.kind, c.status, c.tier, c.partners});
  return table;
}

Status RunPartners(const Invocation& inv) {
  if (inv.positional.size() > 1) return Status::InvalidArgument("expected at most one NODE");
  engine::PartnersRequest request{ScopeFromArgs(inv.args), inv.positional.empty() ? "" : Arg(inv, 0)};
  bool summary = inv.args.count("summary") > 0;
  return Query<engine::PartnersResult>(
      inv, [&](const ReadSession& s) { return s.Partners(request); },
      [&](const engine::PartnersResult& r) { return summary ? PartnerSummaryTable(r) : PartnersTable(r); });
}

Table AgreementsTable(const engine::AgreementsResult& r) {
  Table table{{"agreement", "name", "kind", "date", "status", "tier", "secondary_props", "parties", "sources"}, {}};
  for (const auto& row : r.rows) {
    table.Add({r.vertex(row.agreement).ext_id, NameCell(r, row.agreement), TextOrNull(row.kind), DateCell(row.date),
               row.provenance.status, row.provenance.tier, ListOrNull(row.provenance.secondary_props),
               NamesCell(r, row.parties), ListOrNull(row.sources)});
  }
  return table;
}

Status RunAgreements(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::AgreementsRequest request{ScopeFromArgs(inv.args), inv.args["min-parties"].as<size_t>()};
  return Query<engine::AgreementsResult>(
      inv, [&](const ReadSession& s) { return s.Agreements(request); }, AgreementsTable);
}

Table ActivityTable(const engine::ActivityResult& r) {
  Table table{{"rank", "partner", "name", "country", "visits", "agreements", "last"}, {}};
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    table.Add({i + 1, r.vertex(row.partner).ext_id, NameCell(r, row.partner), CountryCell(r, row.partner), row.visits,
               row.agreements, DateCell(row.last)});
  }
  return table;
}

Status RunActivity(const Invocation& inv) {
  if (inv.positional.size() > 1) return Status::InvalidArgument("expected at most one NODE");
  engine::ActivityRequest request{ScopeFromArgs(inv.args), inv.positional.empty() ? "" : Arg(inv, 0)};
  return Query<engine::ActivityResult>(
      inv, [&](const ReadSession& s) { return s.Activity(request); }, ActivityTable);
}

// ---- project: the projection itself (for checks and other tools)

Table ProjectionTable(const Invocation& inv, const engine::ProjectionResult& r) {
  const auto& p = *r.graph;
  if (inv.args.count("vertices")) {
    Table table{{"id", "name", "label", "country", "city", "degree"}, {}};
    for (Vertex v = 0; v < p.num_vertices(); ++v) {
      const auto& vd = p.vertex(v);
      table.Add(
          {IdCell(r, v), NameCell(r, v), vd.label, TextOrNull(vd.country), TextOrNull(vd.city), p.Neighbors(v).size()});
    }
    return table;
  }
  Table table{{"src", "dst", "type", "weight", "since", "until", "via"}, {}};
  for (const auto& t : p.ties()) {
    const auto* via = p.Via(t);
    table.Add({IdCell(r, t.src), IdCell(r, t.dst), p.TypeName(t), t.weight, DateCell(t.since), DateCell(t.until),
               via ? Json(via->ext_id) : Json()});
  }
  return table;
}

Status RunProject(const Invocation& inv) {
  CT_RETURN_IF_ERROR(NeedPositional(inv, 0, "no arguments"));
  engine::ProjectionRequest request{ScopeFromArgs(inv.args)};
  return Query<engine::ProjectionResult>(
      inv, [&](const ReadSession& s) { return s.ProjectGraph(request); },
      [&](const engine::ProjectionResult& r) { return ProjectionTable(inv, r); });
}

// ---- LDBC Graphalytics kernels: one row per vertex, `id,value`, sorted by id, streamed.

void AddKernelId(RowStream& rows, const engine::KernelResult& r, Vertex v) {
  if (auto number = r.NumericId(v)) {
    rows.Add(*number);
  } else {
    rows.Add(r.ExtId(v));
  }
}

void WriteKernel(const Invocation& inv, const engine::KernelResult& r) {
  using Kind = engine::KernelRequest::Kind;
  RowStream rows = inv.Rows({"id", "value"});
  rows.AddRows(r.num_vertices(), [&](RowStream& row, size_t i) {
    const auto v = static_cast<Vertex>(i);
    AddKernelId(row, r, v);
    switch (r.kind) {
      case Kind::kBfs:
        row.Add(r.depth[v]);
        break;
      case Kind::kSssp:
        if (std::isinf(r.value[v])) {
          row.Add(std::string_view("infinity"));
        } else {
          row.Add(r.value[v]);
        }
        break;
      case Kind::kWcc:
      case Kind::kCdlp:
        AddKernelId(row, r, r.label[v]);
        break;
      case Kind::kPageRank:
      case Kind::kLcc:
        row.Add(r.value[v]);
        break;
    }
  });
}

template <engine::KernelRequest::Kind kind>
Status RunKernel(const Invocation& inv) {
  using Kind = engine::KernelRequest::Kind;
  const bool needs_source = kind == Kind::kBfs || kind == Kind::kSssp;
  CT_RETURN_IF_ERROR(NeedPositional(inv, needs_source ? 1 : 0, needs_source ? "one SOURCE vertex" : "no arguments"));
  engine::KernelRequest request;
  request.scope = ScopeFromArgs(inv.args);
  request.kind = kind;
  if (needs_source) request.source = Arg(inv, 0);
  if (inv.args.count("damping")) request.damping = inv.args["damping"].as<double>();
  if (inv.args.count("iterations")) request.iterations = inv.args["iterations"].as<int>();
  if (inv.args.count("tolerance")) request.tolerance = inv.args["tolerance"].as<double>();
  return QueryAndWrite<engine::KernelResult>(
      inv, [&](const ReadSession& s) { return s.Kernel(request); },
      [&](const engine::KernelResult& r) { WriteKernel(inv, r); });
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
  using Kind = engine::KernelRequest::Kind;
  Register({"ties",
            "every direct tie of a node, grouped by kind, with dates and sources",
            "NODE",
            true,
            With(),
            RunTies,
            {"node"}});
  Register({"neighbors",
            "nodes within --depth ties of a node, and how each is reached",
            "NODE",
            true,
            With([](auto& a) {
              a("depth", "how many ties away", cxxopts::value<size_t>()->default_value("1"))(
                  "ids", "list only each node's depth, id and label (reads no tie and no property)");
            }),
            RunNeighbors,
            {"node"}});
  Register({"path",
            "the shortest path between two nodes, every hop explained (or --k N, --all)",
            "A B",
            true,
            With([](auto& a) {
              a("k,paths", "Yen's N shortest loopless paths (-k N)", cxxopts::value<size_t>())(
                  "all", "every simple path of at most --max-hops hops")("max-hops", "with --all",
                                                                         cxxopts::value<size_t>()->default_value("4"))(
                  "limit", "with --all: at most this many paths", cxxopts::value<size_t>()->default_value("100"))(
                  "weighted", "use the edges' weight property as their length");
            }),
            RunPath,
            {"from", "to"}});
  Register({"school-path",
            "how a school can reach a pairing in a city (or with a school), ranked and explained",
            "SCHOOL",
            true,
            With([](auto& a) {
              a("to", "the target CITY or SCHOOL", cxxopts::value<std::string>())(
                  "k,other-paths", "other shortest paths to consider (Yen; -k N)",
                  cxxopts::value<size_t>()->default_value("5"))("limit", "at most this many routes",
                                                                cxxopts::value<size_t>()->default_value("20"));
            }),
            RunSchoolPath,
            {"school"},
            {{"other_paths", "k"}}});
  Register({"pairing-suggest",
            "candidate partner schools for a school, ranked by extended Adamic-Adar",
            "SCHOOL",
            true,
            With([](auto& a) {
              a("city", "only candidates in this CITY", cxxopts::value<std::string>());
              TopOption(a, "10");
            }),
            RunPairingSuggest,
            {"school"}});
  Register({"common",
            "the neighbours two nodes share (agreements, visits, institutions...)",
            "A B",
            true,
            With(),
            RunCommon,
            {"a", "b"}});
  Register({"centrality", "rank nodes by degree, betweenness, closeness or pagerank", "", true, With([](auto& a) {
              a("measure", "degree, betweenness, closeness or pagerank",
                cxxopts::value<std::string>()->default_value("degree"))(
                  "damping", "pagerank damping factor", cxxopts::value<double>()->default_value("0.85"))(
                  "iterations", "pagerank: at most this many iterations", cxxopts::value<int>()->default_value("100"))(
                  "tolerance", "pagerank: stop once an iteration changes the ranks by less than N x this in sum",
                  cxxopts::value<double>()->default_value("1e-6"))(
                  "samples", "betweenness: estimate from N sources spread over the vertices (0: exact)",
                  cxxopts::value<size_t>()->default_value("0"));
              TopOption(a, "20");
            }),
            RunCentrality});
  Register({"components", "connected components of the network", "", true, With(PartitionOptions), RunComponents});
  Register({"brokers", "articulation points and bridges: who holds the network together", "", true, With([](auto& a) {
              a("kind", "all, articulation or bridge", cxxopts::value<std::string>()->default_value("all"));
              TopOption(a, "0");
            }),
            RunBrokers});
  Register({"kcore", "core number of every node (the densest cores first)", "", true,
            With([](auto& a) { a("k,min-core", "only nodes in the K-core (-k K)", cxxopts::value<size_t>()); }),
            RunKcore});
  Register({"communities", "communities by deterministic label propagation", "", true, With([](auto& a) {
              PartitionOptions(a);
              a("max-rounds", "stop after this many rounds", cxxopts::value<int>()->default_value("100"));
            }),
            RunCommunities});
  Register({"clustering", "local clustering coefficient of every node", "", true,
            With([](auto& a) { TopOption(a, "0"); }), RunClustering});
  Register(
      {"timeline", "the dated events of a node's ties, oldest first", "NODE", true, With(), RunTimeline, {"node"}});
  Register({"growth", "agreements, pairings, visits and ties per year", "", true, With(), RunGrowth});
  Register({"dormant", "partner ties with no shared visit, event or agreement since --since DATE", "", true,
            With([](auto& a) { a("node", "only pairs that include NODE", cxxopts::value<std::string>()); }),
            RunDormant});
  Register({"partners", "a node's partners (default: the home): kinds of tie, since, status, tier, last contact",
            "[NODE]", true, With([](auto& a) { a("summary", "counts by kind, status and tier instead"); }),
            RunPartners});
  Register({"agreements", "every agreement with its parties, date, status, tier and sources", "", true,
            With([](auto& a) {
              a("min-parties", "only agreements with at least N parties", cxxopts::value<size_t>()->default_value("1"));
            }),
            RunAgreements});
  Register({"activity", "a node's partners (default: the home) ranked by visits, events and agreements in a period",
            "[NODE]", true, With(), RunActivity});
  Register({"project", "print the projection: its ties (default) or --vertices", "", true,
            With([](auto& a) { a("vertices", "list the vertices instead of the ties"); }), RunProject});
  Register({"bfs",
            "LDBC BFS: depth of every vertex from SOURCE (unreachable 9223372036854775807)",
            "SOURCE",
            true,
            With(),
            RunKernel<Kind::kBfs>,
            {"source"}});
  Register({"sssp",
            "LDBC SSSP: weighted distance of every vertex from SOURCE (unreachable infinity)",
            "SOURCE",
            true,
            With(),
            RunKernel<Kind::kSssp>,
            {"source"}});
  Register({"wcc", "LDBC WCC: weakly connected component of every vertex (smallest vertex id in it)", "", true, With(),
            RunKernel<Kind::kWcc>});
  Register({"pagerank", "LDBC PageRank of every vertex", "", true, With([](auto& a) {
              a("damping", "damping factor", cxxopts::value<double>()->default_value("0.85"))(
                  "iterations", "iterations", cxxopts::value<int>()->default_value("20"))(
                  "tolerance", "stop early once an iteration changes the ranks by less than N x this in sum",
                  cxxopts::value<double>()->default_value("0"));
            }),
            RunKernel<Kind::kPageRank>});
  Register({"cdlp", "LDBC CDLP: label propagation community of every vertex", "", true,
            With([](auto& a) { a("iterations", "iterations", cxxopts::value<int>()->default_value("10")); }),
            RunKernel<Kind::kCdlp>});
  Register({"lcc", "LDBC LCC: local clustering coefficient of every vertex", "", true, With(), RunKernel<Kind::kLcc>});
}

}  // namespace cityties::cli
