#include "store/repair.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <filesystem>

#include "store/durability.h"
#include "store/graph_store.h"

namespace cityties::store {
namespace {

namespace fs = std::filesystem;

size_t CountFiles(const fs::path& dir, const std::string& extension) {
  std::error_code ec;
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec) && entry.path().extension() == extension) ++n;
  }
  return n;
}

size_t CountAll(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) ++n;
  }
  return n;
}

Status RunRepairDb(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kColumnFamilies) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  rocksdb::DBOptions options;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  auto s = rocksdb::RepairDB(path, options, cfs);
  if (s.ok()) return Status::Ok();
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
    return Status::Busy("database " + path + " is in use by another process; close it first (" + s.ToString() + ")");
  }
  return Status::IOError("repair of " + path + " failed: " + s.ToString());
}

Status CountAndCheck(const std::string& path, RepairReport* report) {
  auto store = GraphStore::Open(path, GraphStore::Mode::kReadWrite);
  if (!store.ok()) return store.status().WithContext("after repair");
  // The recovered keys may have lost what a recovered list still packs, or the other way round.
  CT_RETURN_IF_ERROR((*store)->RebuildPacked().WithContext("after repair"));
  auto counts = (*store)->GetCounts();
  if (!counts.ok()) return counts.status();
  for (const auto& [label, n] : counts->labels) report->nodes += n;
  for (const auto& [type, n] : counts->edge_types) report->edges += n;
  auto problems = (*store)->Validate();
  if (!problems.ok()) return problems.status();
  report->problems = std::move(*problems);
  return Status::Ok();
}

}  // namespace

Result<RepairReport> Repair(const std::string& path) {
  const fs::path dir(path);
  RepairReport report;
  report.tables_before = CountFiles(dir, ".sst");
  report.logs_before = CountFiles(dir, ".log");
  if (report.tables_before + report.logs_before == 0 && !fs::exists(dir / "CURRENT")) {
    return Status::NotFound("no database files at " + path);
  }
  const size_t lost_before = CountAll(dir / "lost");
  CT_RETURN_IF_ERROR(RunRepairDb(path));
  report.moved_to_lost = CountAll(dir / "lost") - lost_before;
  CT_RETURN_IF_ERROR(CountAndCheck(path, &report));
  report.tables_after = CountFiles(dir, ".sst");
  return report;
}

}  // namespace cityties::store
