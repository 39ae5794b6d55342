// Commands that write: init, import, add, update, delete.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "cli/cli.h"
#include "engine/writes.h"

namespace cityties::cli {

extern const char* const kDefaultSchema;

namespace {

using engine::Database;
using engine::WriteSession;
using store::Json;

// The command's database, opened for writing (exclusive: a second writer gets Busy).
Result<std::unique_ptr<Database>> OpenForWriting(const Invocation& inv) {
  return Database::Open(inv.db_path, Database::Access::kWrite);
}

void PrintSummary(const Invocation& inv, const engine::ApplySummary& s) {
  inv.out << "nodes: " << s.nodes_created << " created, " << s.nodes_updated << " updated, " << s.nodes_deleted
          << " deleted; edges: " << s.edges_created << " created, " << s.edges_updated << " updated, "
          << s.edges_deleted << " deleted" << (s.bulk ? " (bulk ingestion)" : "") << '\n';
}

Status RunInit(const Invocation& inv) {
  std::string schema_text = kDefaultSchema;
  if (inv.args.count("schema")) {
    auto text = engine::ReadSchemaFile(inv.args["schema"].as<std::string>());
    if (!text.ok()) return text.status();
    schema_text = std::move(*text);
  }
  CT_RETURN_IF_ERROR(engine::CreateDatabase(inv.db_path, schema_text));
  inv.out << "created database " << inv.db_path << '\n';
  return Status::Ok();
}

// The peak resident memory of this process so far, in MiB.
long PeakMemoryMb() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // KiB on Linux
}

// How long a bulk import took and the memory it peaked at, on stderr (unless --quiet).
void ReportBulk(const Invocation& inv, std::chrono::steady_clock::time_point start) {
  if (inv.args["quiet"].as<bool>()) return;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char line[120];
  std::snprintf(line, sizeof(line), "import: %.2f s, peak memory %ld MiB\n", seconds, PeakMemoryMb());
  inv.err << line;
}

Status RunImport(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  const bool progress = !inv.args["quiet"].as<bool>();
  const size_t budget_mb = inv.args["memory-budget"].as<size_t>();
  if (budget_mb == 0) return Status::InvalidArgument("--memory-budget must be at least 1 (MiB)");
  auto db = OpenForWriting(inv);
  if (!db.ok()) return db.status();
  WriteSession session(**db);
  engine::ApplySummary summary;
  if (inv.args.count("edgelist")) {
    engine::EdgeListOptions options;
    options.edges_path = inv.args["edgelist"].as<std::string>();
    if (inv.args.count("vertices")) options.vertices_path = inv.args["vertices"].as<std::string>();
    options.directed = inv.args["directed"].as<bool>();
    options.weighted = inv.args["weighted"].as<bool>();
    options.progress = progress;
    options.memory_budget = budget_mb << 20;
    CT_RETURN_IF_ERROR(session.ImportEdgeList(options, &summary));
  } else {
    if (inv.positional.empty()) return Status::InvalidArgument("name at least one FILE or DIR to import");
    engine::ImportOptions options;
    options.upsert = inv.args["upsert"].as<bool>();
    options.max_errors = inv.args["max-errors"].as<size_t>();
    if (options.max_errors == 0) return Status::InvalidArgument("--max-errors must be at least 1");
    options.progress = progress;
    options.memory_budget = budget_mb << 20;
    CT_RETURN_IF_ERROR(session.ImportFiles(inv.positional, options, &summary));
  }
  PrintSummary(inv, summary);
  if (summary.bulk) ReportBulk(inv, start);
  return Status::Ok();
}

// Properties from --props JSON and --set key=value (typed by `defs`).
Status CollectProps(const Invocation& inv, const std::map<std::string, schema::PropertyDef>& defs, Json* props) {
  if (inv.args.count("props")) {
    const auto& text = inv.args["props"].as<std::string>();
    CT_RETURN_IF_ERROR(engine::CheckJsonNesting(text).WithContext("--props"));
    Json parsed = Json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return Status::InvalidArgument("--props must be a JSON object");
    props->update(parsed);
  }
  if (inv.args.count("set")) {
    for (const auto& assignment : inv.args["set"].as<std::vector<std::string>>()) {
      auto eq = assignment.find('=');
      if (eq == std::string::npos) return Status::InvalidArgument("--set wants key=value, got '" + assignment + "'");
      std::string key = assignment.substr(0, eq);
      std::string text = assignment.substr(eq + 1);
      auto def = defs.find(key);
      if (def == defs.end()) return Status::InvalidArgument("unknown property '" + key + "'");
      if (text.empty()) {
        (*props)[key] = nullptr;  // --set key= removes it (update)
        continue;
      }
      auto value = schema::Schema::ConvertText(def->second, text);
      if (!value.ok()) return value.status();
      (*props)[key] = std::move(*value);
    }
  }
  return Status::Ok();
}

std::string Required(const Invocation& inv, const char* option) {
  return inv.args.count(option) ? inv.args[option].as<std::string>() : "";
}

Status RequireOptions(const Invocation& inv, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (!inv.args.count(name)) return Status::InvalidArgument(std::string("missing --") + name);
  }
  return Status::Ok();
}

// add/update: the first positional says node or edge.
Status RunWrite(const Invocation& inv, store::WriteMode mode) {
  if (inv.positional.empty() || (inv.positional[0] != "node" && inv.positional[0] != "edge")) {
    return Status::InvalidArgument("say 'node' or 'edge' first");
  }
  auto db = OpenForWriting(inv);
  if (!db.ok()) return db.status();
  WriteSession session(**db);
  const auto& schema = session.schema();
  store::WriteSet writes;
  if (inv.positional[0] == "node") {
    store::NodeWrite w;
    w.mode = mode;
    w.ext_id = inv.positional.size() > 1 ? inv.positional[1] : Required(inv, "id");
    if (w.ext_id.empty()) return Status::InvalidArgument("missing the node id (positional or --id)");
    w.label = Required(inv, "label");
    std::string label = w.label;
    if (label.empty()) {
      if (mode != store::WriteMode::kUpdate) return Status::InvalidArgument("missing --label");
      auto existing = session.GetNode(w.ext_id);
      if (!existing.ok()) return existing.status();
      label = existing->label;
    }
    const auto* def = schema.FindLabel(label);
    if (!def) return Status::InvalidArgument("unknown label '" + label + "'");
    CT_RETURN_IF_ERROR(CollectProps(inv, def->properties, &w.props));
    w.origin = "node " + w.ext_id;
    writes.nodes.push_back(std::move(w));
  } else {
    CT_RETURN_IF_ERROR(RequireOptions(inv, {"from", "type", "to"}));
    store::EdgeWrite w{Required(inv, "from"), Required(inv, "type"), Required(inv, "to"), Json(), mode, ""};
    const auto* def = schema.FindEdgeType(w.type);
    if (!def) return Status::InvalidArgument("unknown edge type '" + w.type + "'");
    CT_RETURN_IF_ERROR(CollectProps(inv, def->properties, &w.props));
    w.origin = "edge " + w.from + " " + w.type + " " + w.to;
    writes.edges.push_back(std::move(w));
  }
  engine::ApplySummary summary;
  CT_RETURN_IF_ERROR(session.Apply(writes, &summary));
  PrintSummary(inv, summary);
  return Status::Ok();
}

Status RunDelete(const Invocation& inv) {
  if (inv.positional.empty() || (inv.positional[0] != "node" && inv.positional[0] != "edge")) {
    return Status::InvalidArgument("say 'node' or 'edge' first");
  }
  auto db = OpenForWriting(inv);
  if (!db.ok()) return db.status();
  WriteSession session(**db);
  store::WriteSet writes;
  if (inv.positional[0] == "node") {
    if (inv.positional.size() < 2) return Status::InvalidArgument("name the node id to delete");
    for (size_t i = 1; i < inv.positional.size(); ++i) {
      writes.node_deletes.push_back({inv.positional[i], inv.args["detach"].as<bool>(), "node " + inv.positional[i]});
    }
  } else {
    CT_RETURN_IF_ERROR(RequireOptions(inv, {"from", "type", "to"}));
    writes.edge_deletes.push_back({Required(inv, "from"), Required(inv, "type"), Required(inv, "to"), "edge"});
  }
  engine::ApplySummary summary;
  CT_RETURN_IF_ERROR(session.Apply(writes, &summary));
  PrintSummary(inv, summary);
  return Status::Ok();
}

void AddWriteOptions(cxxopts::Options& o) {
  o.add_options()("id", "node id", cxxopts::value<std::string>())("label", "node label", cxxopts::value<std::string>())(
      "from", "edge source id", cxxopts::value<std::string>())("type", "edge type", cxxopts::value<std::string>())(
      "to", "edge target id", cxxopts::value<std::string>())("props", "properties as a JSON object",
                                                             cxxopts::value<std::string>())(
      "set", "a property key=value (repeatable; typed by the schema; key= removes on update)",
      cxxopts::value<std::vector<std::string>>());
}

}  // namespace

void RegisterDataCommands() {
  Register({"init", "create a new database holding the schema", "", false,
            [](cxxopts::Options& o) {
              o.add_options()("schema", "schema file (default: the built-in schema/cityties.schema.json)",
                              cxxopts::value<std::string>());
            },
            RunInit});
  Register({"import", "import JSONL/CSV files or directories atomically, or an edge list", "FILE|DIR...", false,
            [](cxxopts::Options& o) {
              o.add_options()("upsert", "replace nodes and edges that exist instead of failing")(
                  "max-errors", "report at most this many errors (the rest are counted)",
                  cxxopts::value<size_t>()->default_value("20"))(
                  "edgelist", "SNAP/Graphalytics edge file: 'src dst [weight]' per line",
                  cxxopts::value<std::string>())("vertices", "vertex file: one id per line (with --edgelist)",
                                                 cxxopts::value<std::string>())(
                  "directed", "the edge list is directed (default undirected)")(
                  "weighted", "the edge list has a third column, the weight")(
                  "quiet", "no progress on stderr, nor the time and peak memory of a bulk import")(
                  "memory-budget", "MiB of sorted keys a bulk import holds before it spills them to disk",
                  cxxopts::value<size_t>()->default_value("1024"));
            },
            RunImport});
  Register({"add", "add a node or an edge", "node ID --label L [--set k=v]... | edge --from A --type T --to B", false,
            AddWriteOptions, [](const Invocation& inv) { return RunWrite(inv, store::WriteMode::kCreate); }});
  Register({"update", "change properties of a node or an edge (merge; --set k= removes)",
            "node ID [--set k=v]... | edge --from A --type T --to B [--set k=v]...", false, AddWriteOptions,
            [](const Invocation& inv) { return RunWrite(inv, store::WriteMode::kUpdate); }});
  Register({"delete", "delete nodes (with --detach also their edges) or an edge",
            "node ID... [--detach] | edge --from A --type T --to B", false,
            [](cxxopts::Options& o) {
              o.add_options()("detach", "also delete the node's edges")("from", "edge source id",
                                                                        cxxopts::value<std::string>())(
                  "type", "edge type", cxxopts::value<std::string>())("to", "edge target id",
                                                                      cxxopts::value<std::string>());
            },
            RunDelete});
}

}  // namespace cityties::cli
