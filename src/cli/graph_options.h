// The options every graph command shares (the scope of a request: labels, types, country and the
// time window) and the read session a command runs in. Defined in commands_graph.cpp; used by the
// graph and the map commands so that `--labels`, `--types`, `--country`, `--as-of`, `--since`,
// `--until` and `--expand-agreements` mean the same everywhere. Parsing only: the engine checks
// every value.
#pragma once

#include <memory>
#include <string>

#include "cli/cli.h"
#include "engine/database.h"

namespace cityties::cli {

// Adds the scope options (and --no-cache, --timing) to a command.
void AddGraphFilterOptions(cxxopts::Options& options);

// The scope the options describe, as typed.
engine::Scope ScopeFromArgs(const cxxopts::ParseResult& args);

// The command's database, opened for reading (no lock: runs beside a writer).
Result<std::unique_ptr<engine::Database>> OpenForReading(const Invocation& inv);
// --no-cache.
engine::SessionOptions SessionOptionsFromArgs(const Invocation& inv);
// With --timing, the projection and compute times of an answer on stderr.
void PrintTimings(const Invocation& inv, const engine::Timings& timings);

// A string option's value, "" when not given.
std::string StringOption(const Invocation& inv, const char* name);

}  // namespace cityties::cli
