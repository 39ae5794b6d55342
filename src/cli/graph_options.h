// The options every graph command shares (the projection filters) and opening a projection for a
// command. Defined in commands_graph.cpp; used by the graph and the render/export commands so that
// `--labels`, `--types`, `--country`, `--as-of`, `--since`, `--until` and `--expand-agreements`
// mean the same everywhere.
#pragma once

#include <memory>
#include <optional>

#include "cli/cli.h"
#include "projection/projection.h"

namespace cityties::cli {

// Adds the filter options (and --no-cache, --timing) to a command.
void AddGraphFilterOptions(cxxopts::Options& options);

// The Filter the options describe. InvalidArgument for a bad date or --as-of with --since/--until.
Result<projection::Filter> GraphFilterFromArgs(const cxxopts::ParseResult& args);

// An open database and its projection under the command's filters.
struct GraphContext {
  std::unique_ptr<store::GraphStore> store;
  std::optional<projection::Projection> projection;
};

// Opens the database read-only and builds the projection under `filter` (honouring --no-cache;
// with --timing prints the build times to stderr).
Result<GraphContext> OpenGraph(const Invocation& inv, const projection::Filter& filter);

}  // namespace cityties::cli
