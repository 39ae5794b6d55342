// Helpers shared by the exporters (internal to src/export).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "common/status.h"
#include "export/export.h"
#include "schema/schema.h"

namespace cityties::exporter::internal {

// The type of every property name used by nodes (or edges) of the snapshot, by the schema;
// a name whose type differs between labels is a string.
std::map<std::string, schema::PropType> UsedPropertyTypes(const Snapshot& graph, const schema::Schema& schema,
                                                          bool edges);

// A value as CSV / GraphML text: strings as they are, numbers in shortest round-trip form,
// booleans true/false, lists joined with '|'.
std::string ValueText(const nlohmann::json& value);

}  // namespace cityties::exporter::internal
