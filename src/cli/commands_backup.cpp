// backup and restore (engine/writes.h).
#include "cli/cli.h"
#include "engine/writes.h"

namespace cityties::cli {
namespace {

Status OneDirectory(const Invocation& inv) {
  if (inv.positional.size() != 1) return Status::InvalidArgument("name one backup DIR");
  return Status::Ok();
}

Status RunBackup(const Invocation& inv) {
  CT_RETURN_IF_ERROR(OneDirectory(inv));
  auto info = engine::BackupDatabase(inv.db_path, inv.positional[0]);
  if (!info.ok()) return info.status();
  inv.out << "backed up " << inv.db_path << " as backup " << info->id << " in " << inv.positional[0] << " ("
          << info->bytes << " bytes; " << info->backups << " backup(s) there)\n";
  return Status::Ok();
}

Status RunRestore(const Invocation& inv) {
  CT_RETURN_IF_ERROR(OneDirectory(inv));
  auto info = engine::RestoreDatabase(inv.positional[0], inv.db_path, inv.args["force"].as<bool>());
  if (!info.ok()) return info.status();
  inv.out << "restored backup " << info->id << " from " << inv.positional[0] << " into " << inv.db_path << '\n';
  for (const auto& p : info->problems) inv.out << "problem: " << p << '\n';
  if (!info->problems.empty()) {
    return Status::Corruption("the restored database fails validate (" + std::to_string(info->problems.size()) +
                              " problem(s))");
  }
  inv.out << "validate: ok\n";
  return Status::Ok();
}

}  // namespace

void RegisterBackupCommands() {
  Register({"backup", "add a consistent backup of the database to DIR (RocksDB BackupEngine)", "DIR", false, nullptr,
            RunBackup});
  Register({"restore", "restore the latest backup in DIR into --db (a new path unless --force)", "DIR", false,
            [](cxxopts::Options& o) { o.add_options()("force", "replace an existing database at --db"); }, RunRestore});
}

}  // namespace cityties::cli
