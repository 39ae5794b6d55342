#include "cli/cli.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>

#include "common/text.h"

namespace cityties::cli {
namespace {

std::map<std::string, CommandSpec>& Registry() {
  static std::map<std::string, CommandSpec> registry;
  return registry;
}

// How a command names an engine parameter in its errors: as the help names a positional
// argument, else as its flag.
std::string ParameterName(const CommandSpec& spec, const std::string& parameter) {
  std::vector<std::string> words;
  std::string word;
  for (char c : spec.positional_help + " ") {
    if (c == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  for (size_t i = 0; i < spec.positional_params.size() && i < words.size(); ++i) {
    if (spec.positional_params[i] == parameter) return words[i];
  }
  auto it = spec.flag_of.find(parameter);
  std::string flag = it != spec.flag_of.end() ? it->second : parameter;
  for (char& c : flag) c = c == '_' ? '-' : c;
  return "--" + flag;
}

std::string ErrorText(const CommandSpec& spec, const Status& status) {
  if (status.parameter().empty()) return status.message();
  return ParameterName(spec, status.parameter()) + ": " + status.message();
}

// 0 ok; 1 a user error (a bad argument, an unknown name, an existing id, a database in use);
// 2 damaged data (Corruption), the disk (IOError) or a bug (Internal). See common/status.h.
int ExitCode(const Status& status) {
  if (status.ok()) return 0;
  return status.IsUserError() ? 1 : 2;
}

void PrintUsage(std::ostream& out) {
  out << "cityties: a property-graph database of city diplomacy\n\n"
         "usage: cityties COMMAND [options]   (cityties COMMAND --help for its options)\n\ncommands:\n";
  for (const auto& [name, spec] : Registry()) {
    out << "  " << name << std::string(name.size() < 16 ? 16 - name.size() : 1, ' ') << spec.summary << '\n';
  }
  out << "\nevery command takes --db PATH (default $CITYTIES_DB, else ./cityties.db)\n"
         "exit codes: 0 ok, 1 user error, 2 internal error\n";
}

// cxxopts takes no one-letter long options, but "--k 3" is what users type for "-k 3".
std::vector<std::string> NormaliseArguments(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (auto& a : args) {
    if (a.size() >= 3 && a[0] == '-' && a[1] == '-' && (a.size() == 3 || a[3] == '=')) {
      a = "-" + a.substr(2, 1) + (a.size() > 4 ? a.substr(4) : "");
    }
  }
  return args;
}

int RunCommand(const CommandSpec& spec, int argc, char** argv) {
  cxxopts::Options options("cityties " + spec.name, spec.summary);
  options.positional_help(spec.positional_help);
  options.add_options()("db", "database directory", cxxopts::value<std::string>()->default_value(DefaultDbPath()))(
      "h,help", "show this help");
  if (spec.prints_data) {
    options.add_options()("format", "output format: table, json or csv",
                          cxxopts::value<std::string>()->default_value("table"))(
        "wide", "table: every column whole, however wide (default: fit the terminal)");
  }
  if (spec.add_options) spec.add_options(options);
  options.add_options()("args", "positional arguments", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"args"});
  std::vector<std::string> normalised = NormaliseArguments(argc, argv);
  std::vector<char*> args;
  for (auto& a : normalised) args.push_back(a.data());
  try {
    auto parsed = options.parse(static_cast<int>(args.size()), args.data());
    if (parsed.count("help")) {
      std::cout << options.help() << '\n';
      return 0;
    }
    Invocation inv{parsed, {}, parsed["db"].as<std::string>(), Format::kTable, std::cout, std::cerr};
    inv.arguments.assign(argv, argv + argc);
    if (parsed.count("args")) inv.positional = parsed["args"].as<std::vector<std::string>>();
    if (spec.prints_data) {
      auto format = ParseFormat(parsed["format"].as<std::string>());
      if (!format.ok()) {
        std::cerr << "cityties " << spec.name << ": " << format.status().message() << '\n';
        return 1;
      }
      inv.format = *format;
      inv.wide = parsed["wide"].as<bool>();
    }
    Status status = spec.run(inv);
    if (!status.ok()) std::cerr << "cityties " << spec.name << ": error: " << ErrorText(spec, status) << '\n';
    std::cout.flush();
    return ExitCode(status);
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "cityties " << spec.name << ": " << e.what() << " (see cityties " << spec.name << " --help)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cityties " << spec.name << ": internal error: " << e.what() << '\n';
    return 2;
  }
}

// The registered command closest to a mistyped one (edit distance at most a third of its
// length, and at least 1), or "" when none is close.
std::string NearestCommand(std::string_view typed) {
  std::string nearest;
  size_t best = std::max<size_t>(1, typed.size() / 3) + 1;
  for (const auto& [name, spec] : Registry()) {
    size_t distance = EditDistance(typed, name);
    if (distance < best) {
      best = distance;
      nearest = name;
    }
  }
  return nearest;
}

}  // namespace

void Register(CommandSpec spec) { Registry()[spec.name] = std::move(spec); }

std::string DefaultDbPath() {
  const char* env = std::getenv("CITYTIES_DB");
  return env && *env ? env : "cityties.db";
}

int Main(int argc, char** argv) {
  RegisterDataCommands();
  RegisterReadCommands();
  RegisterGraphCommands();
  RegisterRenderCommands();
  RegisterMigrateCommands();
  RegisterRepairCommands();
  RegisterBackupCommands();
  RegisterServeCommands();
  RegisterGenerateCommands();
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
    PrintUsage(std::cout);
    return argc < 2 ? 1 : 0;
  }
  auto it = Registry().find(argv[1]);
  if (it == Registry().end()) {
    std::string nearest = NearestCommand(argv[1]);
    std::cerr << "cityties: unknown command '" << argv[1] << "'"
              << (nearest.empty() ? "; cityties --help lists the commands" : "; did you mean '" + nearest + "'?")
              << '\n';
    return 1;
  }
  return RunCommand(it->second, argc - 1, argv + 1);
}

}  // namespace cityties::cli
