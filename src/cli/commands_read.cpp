// Commands that read records: get, list, stats, schema, validate. They ask a read session of the
// engine (engine/records.h) and print its answer.
#include "cli/cli.h"
#include "cli/graph_options.h"

namespace cityties::cli {
namespace {

// A node as one JSON object: its properties, with the provenance apart, and the offices an
// Official holds.
nlohmann::ordered_json NodeObject(const store::Node& node, const std::vector<query::Office>& offices) {
  nlohmann::json props = node.props.is_object() ? node.props : nlohmann::json::object();
  nlohmann::json sources = props.contains("sources") ? props["sources"] : nlohmann::json::array();
  props.erase("sources");
  nlohmann::ordered_json object = {{"id", node.ext_id}, {"label", node.label}};
  object["properties"] = props;
  object["sources"] = sources;
  for (const auto& o : offices) {
    object["offices"].push_back({{"title", o.title},
                                 {"title_zh", o.title_zh},
                                 {"office", o.office_id},
                                 {"office_name", o.office_name},
                                 {"as_of", o.as_of.empty() ? nlohmann::json() : nlohmann::json(o.as_of)}});
  }
  return object;
}

// Runs `ask` in a read session on the command's database.
template <typename Ask>
Status WithSession(const Invocation& inv, Ask&& ask) {
  auto db = OpenForReading(inv);
  if (!db.ok()) return db.status();
  engine::ReadSession session(**db);
  return ask(session);
}

Status RunGet(const Invocation& inv) {
  if (inv.positional.size() != 1) return Status::InvalidArgument("name one NODE (an id, a name or an alias)");
  size_t pick = inv.args.count("pick") ? inv.args["pick"].as<size_t>() : 0;
  if (inv.args.count("pick") && pick == 0) return Status::InvalidArgument("--pick counts from 1");
  return WithSession(inv, [&](const engine::ReadSession& session) -> Status {
    auto found = session.Get({inv.positional[0], pick});
    if (!found.ok()) return found.status();
    const store::Node& node = found->node;
    if (inv.format == Format::kJson) {
      inv.out << NodeObject(node, found->offices).dump(2) << '\n';
      return Status::Ok();
    }
    Table table{{"property", "value"}, {}};
    table.Add({"id", node.ext_id});
    table.Add({"label", node.label});
    for (const auto& [key, value] : node.props.items()) table.Add({key, value});
    for (const auto& office : found->offices) table.Add({"office", office.Describe()});
    inv.Emit(table);
    return Status::Ok();
  });
}

Status RunList(const Invocation& inv) {
  engine::ListRequest request{StringOption(inv, "label"), {}, inv.args["limit"].as<size_t>()};
  if (inv.args.count("where")) request.where = inv.args["where"].as<std::vector<std::string>>();
  return WithSession(inv, [&](const engine::ReadSession& session) -> Status {
    auto list = session.List(request);
    if (!list.ok()) return list.status();
    const bool facts = !list->provenance.empty();
    Table table{{"id"}, {}};
    table.columns.insert(table.columns.end(), list->properties.begin(), list->properties.end());
    if (facts) table.columns.insert(table.columns.end(), {"status", "tier"});
    for (size_t i = 0; i < list->nodes.size(); ++i) {
      const auto& node = list->nodes[i];
      std::vector<nlohmann::json> row{node.ext_id};
      for (const auto& name : list->properties) row.push_back(node.props.value(name, nlohmann::json()));
      if (facts) {
        const auto& p = list->provenance[i];
        row.insert(row.end(), {p.status, p.tier});
      }
      table.Add(std::move(row));
    }
    inv.Emit(table);
    if (facts && !list->nodes.empty()) {
      std::string counts;
      for (const auto& [key, n] : list->by_status_tier) {
        counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + key.first + " (" + key.second + ")";
      }
      inv.err << "note: " << list->nodes.size() << " " << request.label << ": " << counts << '\n';
    }
    if (list->truncated) {
      inv.err << "note: only the first " << request.limit << " are shown; more match (--limit)\n";
    }
    return Status::Ok();
  });
}

Status RunStats(const Invocation& inv) {
  return WithSession(inv, [&](const engine::ReadSession& session) -> Status {
    auto stats = session.Stats();
    if (!stats.ok()) return stats.status();
    Table table{{"kind", "name", "count"}, {}};
    for (const auto& [label, n] : stats->counts.labels) {
      if (n) table.Add({"label", label, n});
    }
    for (const auto& [type, n] : stats->counts.edge_types) {
      if (n) table.Add({"edge_type", type, n});
    }
    table.Add({"total", "nodes", stats->nodes});
    table.Add({"total", "edges", stats->edges});
    inv.Emit(table);
    return Status::Ok();
  });
}

Status RunSchema(const Invocation& inv) {
  auto db = OpenForReading(inv);
  if (!db.ok()) return db.status();
  const auto& schema = engine::ReadSession(**db).schema();
  Table table{{"kind", "name", "property", "type", "required", "detail"}, {}};
  auto add_properties = [&](const char* kind, const std::string& owner,
                            const std::map<std::string, schema::PropertyDef>& props) {
    for (const auto& [name, def] : props) {
      std::string allowed;
      for (const auto& a : def.allowed) allowed += (allowed.empty() ? "one of " : ", ") + a;
      table.Add({kind, owner, name, schema::PropTypeName(def.type), def.required, allowed});
    }
  };
  for (const auto& label : schema.labels()) {
    table.Add({"label", label.name, nullptr, nullptr, nullptr, label.doc});
    add_properties("label", label.name, label.properties);
  }
  for (const auto& type : schema.edge_types()) {
    std::string from, to;
    for (const auto& f : type.from) from += (from.empty() ? "" : "|") + f;
    for (const auto& t : type.to) to += (to.empty() ? "" : "|") + t;
    table.Add({"edge_type", type.name, nullptr, nullptr, nullptr, "(" + from + ") -> (" + to + ")"});
    add_properties("edge_type", type.name, type.properties);
  }
  inv.Emit(table);
  return Status::Ok();
}

Status RunValidate(const Invocation& inv) {
  auto db = OpenForReading(inv);
  if (!db.ok()) return db.status();
  auto result = engine::ReadSession(**db).Validate();
  if (!result.ok()) return result.status();
  const auto& problems = result->problems;
  for (const auto& p : problems) inv.out << "problem: " << p << '\n';
  if (!problems.empty()) {
    return Status::Corruption(std::to_string(problems.size()) + " problem(s) in " + inv.db_path);
  }
  inv.out << "ok: the data, its indexes and counters agree with each other and with the schema\n";
  return Status::Ok();
}

}  // namespace

void RegisterReadCommands() {
  Register({"get", "show a node by id, exact name or alias (anything else lists the candidates)", "NODE", true,
            [](cxxopts::Options& o) {
              o.add_options()("pick", "take candidate N (1-based) of the list an inexact name gives",
                              cxxopts::value<size_t>());
            },
            RunGet});
  Register({"list", "list nodes of a label, with property filters", "", true,
            [](cxxopts::Options& o) {
              o.add_options()("label", "node label", cxxopts::value<std::string>())(
                  "where",
                  "filter key, key=v, key!=v, key<v, key<=v, key>v or key>=v (typed by the schema; repeatable)",
                  cxxopts::value<std::vector<std::string>>())("limit", "at most this many rows",
                                                              cxxopts::value<size_t>()->default_value("100000"));
            },
            RunList});
  Register({"stats", "count nodes per label and edges per type", "", true, nullptr, RunStats});
  Register({"schema", "show the schema stored in the database", "", true, nullptr, RunSchema});
  Register(
      {"validate", "check the whole database against the schema and its indexes", "", false, nullptr, RunValidate});
}

}  // namespace cityties::cli
