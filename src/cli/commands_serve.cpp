// `cityties serve`: the explorer page and its JSON API over HTTP (server/server.h, docs/api.md).
// Its options are declared and checked here; the server runs in cityties-serve (src/serve/).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/cli.h"

namespace cityties::cli {
namespace {

constexpr const char* kServerExecutable = "cityties-serve";

std::function<Status(const Invocation&)>& ServeFunction() {
  static std::function<Status(const Invocation&)> serve;
  return serve;
}

Status CheckServeOptions(const Invocation& inv) {
  if (!inv.positional.empty()) return Status::InvalidArgument("serve takes no positional arguments");
  int port = inv.args["port"].as<int>();
  if (port < 0 || port > 65535) return Status::InvalidArgument("--port must be 0..65535");
  if (inv.args["timeout"].as<int>() < 1) return Status::InvalidArgument("--timeout must be at least 1 second");
  return Status::Ok();
}

// Replaces this process with cityties-serve from this binary's folder, given the same arguments;
// returns only when that fails.
Status ExecServer(const Invocation& inv) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return Status::IOError("cannot find this binary's folder: " + ec.message());
  const std::string server = (self.parent_path() / kServerExecutable).string();
  std::vector<std::string> arguments = {server};
  arguments.insert(arguments.end(), inv.arguments.begin(), inv.arguments.end());
  std::vector<char*> argv;
  for (auto& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  inv.out.flush();
  ::execv(server.c_str(), argv.data());
  return Status::IOError(std::string("cannot run ") + server +
                         " (built beside cityties, it runs the server): " + std::strerror(errno));
}

Status RunServe(const Invocation& inv) {
  CT_RETURN_IF_ERROR(CheckServeOptions(inv));
  return ServeFunction() ? ServeFunction()(inv) : ExecServer(inv);
}

}  // namespace

void SetServeFunction(std::function<Status(const Invocation&)> serve) { ServeFunction() = std::move(serve); }

void RegisterServeCommands() {
  Register({"serve", "serve the explorer page and its JSON API over HTTP (loopback by default)", "", false,
            [](cxxopts::Options& o) {
              o.add_options()("port", "TCP port (0: any free port)", cxxopts::value<int>()->default_value("8080"))(
                  "host", "address to listen on", cxxopts::value<std::string>()->default_value("127.0.0.1"))(
                  "read-only", "write nothing to the database directory, not even the projection cache")(
                  "web", "directory of the page's files (default: web/ beside the binary)",
                  cxxopts::value<std::string>())("timeout", "seconds an API call may take",
                                                 cxxopts::value<int>()->default_value("30"));
            },
            RunServe});
}

}  // namespace cityties::cli
