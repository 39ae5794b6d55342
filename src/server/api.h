// The JSON API of `cityties serve` (docs/api.md): one endpoint per engine request.
//
// Promises:
//  - An endpoint parses its query parameters into one engine request, asks a fresh read session
//    and prints the answer (server/answers.h). It decides nothing the engine decides.
//  - Errors are JSON {"error": message, "parameter": name-or-null}: a bad parameter value is 400
//    and names the URL parameter (the engine's field name mapped to it), a name that resolves to
//    nothing or to several nodes is 400 or 404 naming the parameter, with the candidates (as
//    /api/search gives them) in "candidates" and in the message, an
//    internal error is 500. A parameter the endpoint does not declare is a 400.
//  - Adding an endpoint for a new engine request is one entry in Endpoints() (api.cpp): its path,
//    its parameters and a small function building the request and printing the answer.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/database.h"
#include "server/params.h"

namespace cityties::server {

// What an endpoint sends back.
struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

struct Endpoint {
  std::string path;                 // "/api/ties"; a path ending in '/' takes the rest as "view"
  std::string summary;              // one line, for /api
  std::vector<std::string> params;  // the parameters it declares (besides the scope)
  bool scoped = true;               // takes the scope parameters
  std::function<Result<Reply>(const engine::ReadSession&, const Params&)> run;
  // Engine field names that differ from the URL parameter ("other_paths" -> "k").
  std::map<std::string, std::string> param_of = {};
};

// Every endpoint, in the order /api lists them.
const std::vector<Endpoint>& Endpoints();

struct CallOptions {
  engine::SessionOptions session;
};

// Answers one call: finds the endpoint of `path` (404 when none), checks its parameters, opens a
// read session on `db` and runs it; an error status becomes a JSON error reply.
Reply Call(const engine::Database& db, const CallOptions& options, const std::string& path, const Params& params);

// A JSON error reply for a status ("parameter" mapped through `param_of`).
Reply ErrorReply(const Status& status, const std::map<std::string, std::string>& param_of = {});

}  // namespace cityties::server
