// Migration: applying a changed schema to a database that holds data (`cityties migrate`).
//
// Promises:
//  - PlanMigration() only reads. It lists the schema changes (schema/schema_diff.h), the codes
//    the catalog gives new names (append-only: no stored key changes), and for each change that
//    stored data would break, a blocker naming it and how many stored nodes or edges break it.
//    Data is read only where a change needs it: counters for removed labels and edge types, one
//    scan of the label (type) index of each owner whose properties change.
//  - GraphStore::Migrate() applies a plan without blockers as one atomic write: the schema, the
//    catalog and the defaults given to existing nodes and edges (checked against the newer
//    schema). A plan is only valid for the store it was planned on, while it stays open.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "schema/catalog.h"
#include "schema/schema_diff.h"
#include "store/graph_store.h"

namespace cityties::store {

struct MigrationPlan {
  std::string schema_text;
  std::shared_ptr<const schema::Schema> schema;  // the newer schema, numbered by the merged catalog
  schema::CatalogMerge codes;                    // new codes, and names no longer used (kept reserved)
  std::vector<schema::SchemaChange> changes;     // point into *schema
  std::vector<std::string> blockers;             // empty when the plan can be applied
  WriteSet defaults;                             // existing records given a default
  bool same_text = false;                        // the database holds this very document already
};

Result<MigrationPlan> PlanMigration(const GraphStore& store, const std::string& schema_text);

}  // namespace cityties::store
