// `cityties serve`: the explorer's HTTP server (cpp-httplib), on loopback by default.
//
// Promises:
//  - GET /api/... answers the JSON API (server/api.h, docs/api.md); every other GET serves the
//    explorer page's files from `web_dir` (the bundle the build puts beside the binary).
//  - Each API call runs a fresh read session on one reader kept open (no lock) and opened again
//    when the data files change, so the server runs beside an import and answers from what is
//    committed when the call arrives.
//  - Calls are bounded: the request line and headers by cpp-httplib, a body by kMaxBodyBytes,
//    reading and writing by socket timeouts, and the work by `timeout_s` (a call still running
//    then is answered 503; its worker finishes in the background), and at most kMaxRunningCalls
//    run at once (more are answered 503 at once).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "common/status.h"

namespace cityties::server {

inline constexpr size_t kMaxBodyBytes = 16 * 1024;
inline constexpr int kMaxRunningCalls = 16;

struct ServeOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;         // 0: any free port (the URL printed names it)
  std::string web_dir;     // the page's files; "" or missing: the API only
  bool read_only = false;  // write nothing to the database directory (not even the projection cache)
  int timeout_s = 30;      // per API call
};

// The directory of the page's files installed beside the running binary ("<dir of exe>/web").
std::string DefaultWebDir();

// Checks the database opens, binds, prints "serving DB at URL" on `out` and serves until the
// process ends. Fails when the database cannot be opened or the address cannot be bound.
Status Serve(const ServeOptions& options, std::ostream& out);

}  // namespace cityties::server
