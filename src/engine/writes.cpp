#include "engine/writes.h"

#include "projection/image.h"

namespace cityties::engine {

Status WriteSession::Apply(const WriteSet& writes, ApplySummary* summary) {
  return db_.writable_store().Apply(writes, summary);
}

Status WriteSession::ImportFiles(const std::vector<std::string>& inputs, const ImportOptions& options,
                                 ApplySummary* summary) {
  return import::ImportFiles(db_.writable_store(), inputs, options, summary);
}

Status WriteSession::ImportEdgeList(const EdgeListOptions& options, ApplySummary* summary) {
  return import::ImportEdgeList(db_.writable_store(), options, summary);
}

Status WriteSession::Migrate(const MigrationPlan& plan, ApplySummary* summary) {
  return db_.writable_store().Migrate(plan, summary);
}

Result<MigrationPlan> PlanMigration(const Database& db, const std::string& schema_text) {
  return store::PlanMigration(db.store(), schema_text);
}

Status CreateDatabase(const std::string& path, const std::string& schema_text) {
  return store::GraphStore::Create(path, schema_text);
}

Result<RepairReport> RepairDatabase(const std::string& path) {
  // The projection files describe the state before the repair, which may have lost data at the
  // same sequence numbers and left the change log naming keys it no longer holds: never reuse them.
  projection::RemoveProjectionFiles(path);
  return store::Repair(path);
}

Result<BackupInfo> BackupDatabase(const std::string& path, const std::string& backup_dir) {
  return store::Backup(path, backup_dir);
}

Result<RestoreInfo> RestoreDatabase(const std::string& backup_dir, const std::string& path, bool force) {
  return store::Restore(backup_dir, path, force);
}

}  // namespace cityties::engine
