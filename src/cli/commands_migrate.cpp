// migrate: apply a changed schema to an existing database (store/migrate.h does the work).
//
// Prints the plan (changes, new codes, defaults), then either refuses, naming every blocker
// (exit 1, nothing written), stops (--dry-run: opened read-only, nothing written), or applies it
// in one atomic write.
#include "cli/cli.h"
#include "engine/writes.h"

namespace cityties::cli {

extern const char* const kDefaultSchema;

namespace {

void PrintPlan(const Invocation& inv, const engine::MigrationPlan& plan) {
  inv.out << "schema changes: " << plan.changes.size() << '\n';
  for (const auto& change : plan.changes) inv.out << "  " << change.Describe() << '\n';
  if (!plan.codes.added.empty()) {
    inv.out << "new codes (existing codes unchanged):\n";
    for (const auto& e : plan.codes.added) {
      inv.out << "  " << schema::CatalogKindName(e.kind) << ' ' << e.name << " = " << e.code << '\n';
    }
  }
  if (!plan.codes.retired.empty()) {
    inv.out << "codes kept reserved (names the schema no longer has):\n";
    for (const auto& e : plan.codes.retired) {
      inv.out << "  " << schema::CatalogKindName(e.kind) << ' ' << e.name << " = " << e.code << '\n';
    }
  }
  if (!plan.defaults.nodes.empty() || !plan.defaults.edges.empty()) {
    inv.out << "defaults: " << plan.defaults.nodes.size() << " node(s) and " << plan.defaults.edges.size()
            << " edge(s) get a default value\n";
  }
}

Status Refusal(const engine::MigrationPlan& plan) {
  std::string text = "cannot migrate, nothing was written; " + std::to_string(plan.blockers.size()) + " blocker(s):";
  for (const auto& b : plan.blockers) text += "\n  " + b;
  return Status::InvalidArgument(text);
}

Status RunMigrate(const Invocation& inv) {
  if (!inv.positional.empty()) {
    return Status::InvalidArgument("unexpected argument '" + inv.positional[0] +
                                   "' (name the schema with --schema FILE)");
  }
  std::string schema_text = kDefaultSchema;
  if (inv.args.count("schema")) {
    auto text = engine::ReadSchemaFile(inv.args["schema"].as<std::string>());
    if (!text.ok()) return text.status();
    schema_text = std::move(*text);
  }
  const bool dry_run = inv.args["dry-run"].as<bool>();
  // A dry run takes no lock and writes nothing (not even a format-1 database's catalog).
  using Access = engine::Database::Access;
  auto db = engine::Database::Open(inv.db_path, dry_run ? Access::kRead : Access::kWrite);
  if (!db.ok()) return db.status();
  auto plan = engine::PlanMigration(**db, schema_text);
  if (!plan.ok()) return plan.status();
  if (plan->same_text) {
    inv.out << "the database already holds this schema: nothing to do\n";
    return Status::Ok();
  }
  PrintPlan(inv, *plan);
  if (!plan->blockers.empty()) return Refusal(*plan);
  if (dry_run) {
    inv.out << "dry run: nothing written\n";
    return Status::Ok();
  }
  engine::ApplySummary summary;
  CT_RETURN_IF_ERROR(engine::WriteSession(**db).Migrate(*plan, &summary));
  inv.out << "migrated " << inv.db_path << ": schema and catalog stored, " << summary.nodes_updated << " node(s) and "
          << summary.edges_updated << " edge(s) given defaults, in one write\n";
  return Status::Ok();
}

}  // namespace

void RegisterMigrateCommands() {
  Register({"migrate", "apply a changed schema to the database, keeping every fact and every code", "", false,
            [](cxxopts::Options& o) {
              o.add_options()("schema", "the new schema file (default: the built-in schema/cityties.schema.json)",
                              cxxopts::value<std::string>())("dry-run", "print the plan, write nothing");
            },
            RunMigrate});
}

}  // namespace cityties::cli
