// Commands that read: get, list, stats, schema, validate. They open the database read-only.
#include "cli/cli.h"
#include "query/node_query.h"

namespace cityties::cli {
namespace {

using store::GraphStore;

Status RunGet(const Invocation& inv) {
  if (inv.positional.size() != 1) return Status::InvalidArgument("name one NODE (an id, a name or an alias)");
  auto store = inv.Open(GraphStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  auto node = query::ResolveNode(**store, inv.positional[0]);
  if (!node.ok()) return node.status();
  Table table{{"property", "value"}, {}};
  table.Add({"id", node->ext_id});
  table.Add({"label", node->label});
  for (const auto& [key, value] : node->props.items()) table.Add({key, value});
  inv.Emit(table);
  return Status::Ok();
}

Status RunList(const Invocation& inv) {
  if (!inv.args.count("label")) return Status::InvalidArgument("missing --label");
  std::vector<query::PropertyFilter> filters;
  if (inv.args.count("where")) {
    for (const auto& text : inv.args["where"].as<std::vector<std::string>>()) {
      auto filter = query::PropertyFilter::Parse(text);
      if (!filter.ok()) return filter.status();
      filters.push_back(*filter);
    }
  }
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
  Register({"get", "show a node by id, name or alias (fuzzy; lists candidates when ambiguous)", "NODE", true, nullptr,
            RunGet});
  Register({"list", "list nodes of a label, with property filters", "", true,
            [](cxxopts::Options& o) {
              o.add_options()("label", "node label", cxxopts::value<std::string>())(
                  "where", "filter key=value, key>=value, key<=value or key (repeatable)",
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
