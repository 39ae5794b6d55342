// Commands that read: get, list, stats, schema, validate. They open the database read-only.
#include "cli/cli.h"
#include "query/node_query.h"
#include "query/property_filter.h"

namespace cityties::cli {
namespace {

using store::GraphStore;

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

Status RunGet(const Invocation& inv) {
  if (inv.positional.size() != 1) return Status::InvalidArgument("name one NODE (an id, a name or an alias)");
  auto store = inv.Open(GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  size_t pick = inv.args.count("pick") ? inv.args["pick"].as<size_t>() : 0;
  if (inv.args.count("pick") && pick == 0) return Status::InvalidArgument("--pick counts from 1");
  auto node = query::ResolveNode(**store, inv.positional[0], pick);
  if (!node.ok()) return node.status();
  auto offices = query::OfficesHeld(**store, *node);
  if (!offices.ok()) return offices.status();
  if (inv.format == Format::kJson) {
    inv.out << NodeObject(*node, *offices).dump(2) << '\n';
    return Status::Ok();
  }
  Table table{{"property", "value"}, {}};
  table.Add({"id", node->ext_id});
  table.Add({"label", node->label});
  for (const auto& [key, value] : node->props.items()) table.Add({key, value});
  for (const auto& office : *offices) table.Add({"office", office.Describe()});
  inv.Emit(table);
  return Status::Ok();
}

Status RunList(const Invocation& inv) {
  if (!inv.args.count("label")) return Status::InvalidArgument("missing --label");
  std::vector<std::string> filters;
  if (inv.args.count("where")) filters = inv.args["where"].as<std::vector<std::string>>();
  auto store = inv.Open(GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  std::string label = inv.args["label"].as<std::string>();
  auto nodes = query::ListNodes(**store, label, filters, inv.args["limit"].as<size_t>());
  if (!nodes.ok()) return nodes.status();
  Table table{{"id", "name_en", "name_zh"}, {}};
  const auto* def = (*store)->schema().FindLabel(label);
  for (const auto& [name, prop] : def->properties) {
    if (prop.required && name != "name_en" && name != "name_zh") table.columns.push_back(name);
  }
  for (const auto& node : *nodes) {
    std::vector<nlohmann::json> row;
    row.push_back(node.ext_id);
    for (size_t i = 1; i < table.columns.size(); ++i)
      row.push_back(node.props.value(table.columns[i], nlohmann::json()));
    table.Add(std::move(row));
  }
  inv.Emit(table);
  return Status::Ok();
}

Status RunStats(const Invocation& inv) {
  auto store = inv.Open(GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  auto counts = (*store)->GetCounts();
  if (!counts.ok()) return counts.status();
  Table table{{"kind", "name", "count"}, {}};
  uint64_t nodes = 0, edges = 0;
  for (const auto& [label, n] : counts->labels) {
    if (n) table.Add({"label", label, n});
    nodes += n;
  }
  for (const auto& [type, n] : counts->edge_types) {
    if (n) table.Add({"edge_type", type, n});
    edges += n;
  }
  table.Add({"total", "nodes", nodes});
  table.Add({"total", "edges", edges});
  inv.Emit(table);
  return Status::Ok();
}

Status RunSchema(const Invocation& inv) {
  auto store = inv.Open(GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  const auto& schema = (*store)->schema();
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
  auto store = inv.Open(GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  auto problems = (*store)->Validate();
  if (!problems.ok()) return problems.status();
  for (const auto& p : *problems) inv.out << "problem: " << p << '\n';
  if (!problems->empty()) {
    return Status::Corruption(std::to_string(problems->size()) + " problem(s) in " + inv.db_path);
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
