// The command line: `cityties COMMAND [options]`, git style. Each command is a CommandSpec that
// declares its options and a Run function; the framework here parses arguments (cxxopts), adds
// --db, --format and --help, opens the database in the mode the command needs, and maps a
// Status to the exit code: 0 ok, 1 user error, 2 internal error. Commands parse and print; the
// work happens in the layers below.
#pragma once

#include <chrono>
#include <cxxopts.hpp>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/output.h"
#include "common/status.h"

namespace cityties::cli {

// Milliseconds since `start` (for --timing).
inline double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

int Main(int argc, char** argv);

// What a running command sees.
struct Invocation {
  const cxxopts::ParseResult& args;
  std::vector<std::string> positional;
  std::string db_path;
  Format format = Format::kTable;
  std::ostream& out;
  std::ostream& err;
  bool wide = false;                        // --wide: tables print every column whole
  std::vector<std::string> arguments = {};  // as typed, from the command's name on

  // A Table printed in the chosen --format, fitted to the terminal unless --wide.
  void Emit(const Table& table) const { Print(table, format, out, err, TableStyle{0, wide}); }
  // Rows of plain cells in the chosen --format, written as they come (csv, json).
  RowStream Rows(std::vector<std::string> columns) const {
    return RowStream(format, out, err, TableStyle{0, wide}, std::move(columns));
  }
};

struct CommandSpec {
  std::string name;
  std::string summary;
  std::string positional_help;  // e.g. "NODE" or "FILE|DIR..."; empty when none
  bool prints_data = false;     // adds --format
  std::function<void(cxxopts::Options&)> add_options;
  std::function<Status(const Invocation&)> run;
  // The engine's names of the positional arguments, in order, so that an error about one names
  // it as the help does (a word of positional_help): {"from", "to"} for "A B".
  std::vector<std::string> positional_params = {};
  // Engine parameters whose flag is not the parameter's name with '_' as '-'.
  std::map<std::string, std::string> flag_of = {};
};

void Register(CommandSpec spec);

// Each group of commands registers itself from its own file.
void RegisterDataCommands();
void RegisterReadCommands();
void RegisterGraphCommands();
void RegisterRenderCommands();
void RegisterMigrateCommands();
void RegisterRepairCommands();
void RegisterBackupCommands();
void RegisterServeCommands();
void RegisterGenerateCommands();

// `serve` runs the HTTP server, which is linked only into the executable cityties-serve (so that
// the HTTP and TLS libraries load only for it: loading them costs every command about 5 ms).
// That executable's main sets the function; without it, `cityties serve` runs cityties-serve
// from the binary's own folder in its place (exec) with the same arguments.
void SetServeFunction(std::function<Status(const Invocation&)> serve);

// The default database path: $CITYTIES_DB, else ./cityties.db.
std::string DefaultDbPath();

}  // namespace cityties::cli
