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

// For point queries: project only the neighbourhood of these NODE arguments (ids or names),
// `hops` stored edges deep, instead of the whole graph.
struct Neighbourhood {
  std::vector<std::string> nodes;
  int hops = 0;
};

// Opens the database read-only and builds the projection under `filter` (honouring --no-cache;
// with --timing prints the build times to stderr), of the whole graph or of `around`.
Result<GraphContext> OpenGraph(const Invocation& inv, const projection::Filter& filter,
                               const Neighbourhood* around = nullptr);

}  // namespace cityties::cli
