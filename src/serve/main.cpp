// cityties-serve: the command line of cityties with the HTTP server linked in; `cityties serve`
// runs it (cli/commands_serve.cpp). Only this executable loads the HTTP and TLS libraries.
#include "cli/cli.h"
#include "server/server.h"

namespace {

cityties::Status Serve(const cityties::cli::Invocation& inv) {
  cityties::server::ServeOptions options;
  options.db_path = inv.db_path;
  options.host = inv.args["host"].as<std::string>();
  options.port = inv.args["port"].as<int>();
  options.web_dir = inv.args.count("web") ? inv.args["web"].as<std::string>() : cityties::server::DefaultWebDir();
  options.read_only = inv.args.count("read-only") > 0;
  options.timeout_s = inv.args["timeout"].as<int>();
  return cityties::server::Serve(options, inv.out);
}

}  // namespace

int main(int argc, char** argv) {
  cityties::cli::SetServeFunction(Serve);
  return cityties::cli::Main(argc, argv);
}
