// repair: salvages a damaged database (engine/writes.h) and checks what it holds.
#include "cli/cli.h"
#include "engine/writes.h"

namespace cityties::cli {
namespace {

Status RunRepair(const Invocation& inv) {
  if (!inv.positional.empty()) return Status::InvalidArgument("repair takes no positional arguments (use --db)");
  auto report = engine::RepairDatabase(inv.db_path);
  if (!report.ok()) return report.status();
  inv.out << "repaired " << inv.db_path << ": found " << report->tables_before << " table file(s) and "
          << report->logs_before << " write-ahead log(s); rebuilt the manifest over " << report->tables_after
          << " table file(s); " << report->moved_to_lost << " file(s) set aside in " << inv.db_path << "/lost\n";
  inv.out << "the repaired database holds " << report->nodes << " nodes and " << report->edges << " edges\n";
  for (const auto& p : report->problems) inv.out << "problem: " << p << '\n';
  if (!report->problems.empty()) {
    return Status::Corruption("repair recovered what RocksDB could read, but validate found " +
                              std::to_string(report->problems.size()) + " problem(s); re-import from a source or " +
                              "restore a backup");
  }
  inv.out << "validate: ok: the data, its indexes and counters agree with each other and with the schema\n";
  return Status::Ok();
}

}  // namespace

void RegisterRepairCommands() {
  Register(
      {"repair", "salvage a damaged database (RocksDB RepairDB), then validate it", "", false, nullptr, RunRepair});
}

}  // namespace cityties::cli
