// `cityties serve`: the explorer page and its JSON API over HTTP (server/server.h, docs/api.md).
#include "cli/cli.h"
#include "server/server.h"

namespace cityties::cli {
namespace {

Status RunServe(const Invocation& inv) {
  if (!inv.positional.empty()) return Status::InvalidArgument("serve takes no positional arguments");
  server::ServeOptions options;
  options.db_path = inv.db_path;
  options.host = inv.args["host"].as<std::string>();
  options.port = inv.args["port"].as<int>();
  if (options.port < 0 || options.port > 65535) return Status::InvalidArgument("--port must be 0..65535");
  options.web_dir = inv.args.count("web") ? inv.args["web"].as<std::string>() : server::DefaultWebDir();
  options.read_only = inv.args.count("read-only") > 0;
  options.timeout_s = inv.args["timeout"].as<int>();
  if (options.timeout_s < 1) return Status::InvalidArgument("--timeout must be at least 1 second");
  return server::Serve(options, inv.out);
}

}  // namespace

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
