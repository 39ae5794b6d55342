// Repair: salvaging what a damaged database still holds.
//
// Promises:
//  - Repair() runs RocksDB's RepairDB on every cityties column family: it rebuilds the MANIFEST
//    from the table files, turns every readable WAL record into a table and moves the files it
//    cannot use into lost/ inside the database directory. Nothing is deleted.
//  - Then it opens the database read-write (the ordinary checks: format, schema, catalog) and
//    runs the consistency check of `cityties validate`.
//  - It fails with Status::Busy when another process has the database open for writing, and
//    with NotFound when `path` holds no database files.
// Limits: records RocksDB cannot read (the damaged part of a WAL, a lost table) are gone; the
// check then names the indexes or counters that disagree with the rest.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace cityties::store {

struct RepairReport {
  size_t tables_before = 0, logs_before = 0;  // *.sst and *.log files found
  size_t tables_after = 0;                    // *.sst files in the repaired database
  size_t moved_to_lost = 0;                   // files RepairDB set aside in lost/
  uint64_t nodes = 0, edges = 0;              // what the repaired database counts
  std::vector<std::string> problems;          // from the consistency check; empty when it passed
};

Result<RepairReport> Repair(const std::string& path);

}  // namespace cityties::store
