// Writing through the engine (engine/database.h): the data commands, schema migration, and the
// maintenance of a whole database directory (create, repair, backup, restore). Front ends call
// these; they never reach the store, the importer or the migration planner themselves.
//
// Promises (from the layers below): every write is atomic and durable when it returns (the store
// checks a whole WriteSet against the schema and the stored graph first and writes nothing unless
// every record passes); a migration plan only reads; repair, backup and restore validate what
// they leave behind and report its problems.
#pragma once

#include <string>
#include <vector>

#include "engine/database.h"
#include "import/importer.h"
#include "import/json_nesting.h"
#include "store/backup.h"
#include "store/migrate.h"
#include "store/repair.h"

namespace cityties::engine {

using import::CheckJsonNesting;  // refuses JSON nested too deep, before it is parsed
using import::EdgeListOptions;
using import::ImportOptions;
using schema::ReadSchemaFile;  // the text of a schema file
using store::ApplySummary;
using store::BackupInfo;
using store::MigrationPlan;
using store::RepairReport;
using store::RestoreInfo;
using store::WriteSet;

// A database opened with write access (one writer at a time: Database::Open answers Busy).
class WriteSession {
 public:
  explicit WriteSession(Database& db) : db_(db) {}

  const schema::Schema& schema() const { return db_.store().schema(); }
  // A node by exact external id (for an update that names no label).
  Result<store::Node> GetNode(const std::string& ext_id) const { return db_.store().GetNode(ext_id); }

  Status Apply(const WriteSet& writes, ApplySummary* summary);
  // JSON Lines and CSV files or directories, all or nothing, every bad record reported.
  Status ImportFiles(const std::vector<std::string>& inputs, const ImportOptions& options, ApplySummary* summary);
  // A SNAP / LDBC Graphalytics edge list.
  Status ImportEdgeList(const EdgeListOptions& options, ApplySummary* summary);
  // Applies a plan without blockers (PlanMigration) in one atomic write.
  Status Migrate(const MigrationPlan& plan, ApplySummary* summary);

 private:
  Database& db_;
};

// What applying `schema_text` to the database would change, and what blocks it. Only reads: a
// database opened for reading serves a dry run.
Result<MigrationPlan> PlanMigration(const Database& db, const std::string& schema_text);

// A new, empty database at `path` holding the schema `schema_text`.
Status CreateDatabase(const std::string& path, const std::string& schema_text);
// Salvages a damaged database (RocksDB RepairDB), then validates it.
Result<RepairReport> RepairDatabase(const std::string& path);
Result<BackupInfo> BackupDatabase(const std::string& path, const std::string& backup_dir);
Result<RestoreInfo> RestoreDatabase(const std::string& backup_dir, const std::string& path, bool force);

}  // namespace cityties::engine
