#include "server/server.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

#include "server/api.h"

namespace cityties::server {
namespace {

constexpr time_t kSocketTimeoutS = 10;

std::multimap<std::string, std::string> QueryOf(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

// The files whose change means the data changed (RocksDB's CURRENT, MANIFEST, logs and tables):
// names, sizes and modification times. Caches and info logs beside them do not count.
std::string DataSignature(const std::string& path) {
  std::vector<std::string> parts;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    auto ends_with = [&](const char* s) {
      return name.size() >= strlen(s) && name.rfind(s) == name.size() - strlen(s);
    };
    if (name != "CURRENT" && name.rfind("MANIFEST-", 0) != 0 && !ends_with(".log") && !ends_with(".sst")) continue;
    std::error_code e2;
    auto size = entry.file_size(e2);
    auto time = entry.last_write_time(e2).time_since_epoch().count();
    parts.push_back(name + ":" + std::to_string(size) + ":" + std::to_string(time));
  }
  std::sort(parts.begin(), parts.end());
  std::string signature;
  for (const auto& p : parts) signature += p + ";";
  return signature;
}

// One reader kept open across calls (a secondary instance reads one consistent state), opened
// again when the data files change, so that a call costs its answer and not an open (~40 ms). A
// call keeps the Database it started with even if a newer one replaces it meanwhile.
class SharedReader {
 public:
  Result<std::shared_ptr<const engine::Database>> Get(const std::string& path) {
    std::string signature = DataSignature(path);
    std::lock_guard<std::mutex> lock(mutex_);
    if (db_ && signature == signature_) return db_;
    auto db = engine::Database::Open(path, engine::Database::Access::kRead);
    if (!db.ok()) return db.status();
    db_ = std::shared_ptr<const engine::Database>(std::move(*db));
    signature_ = std::move(signature);
    return db_;
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<const engine::Database> db_;
  std::string signature_;
};

SharedReader& Reader() {
  static SharedReader reader;
  return reader;
}

// One API call on the current state of the database.
Reply Answer(const ServeOptions& options, const std::string& path, const Params& params) {
  auto db = Reader().Get(options.db_path);
  if (!db.ok()) return ErrorReply(db.status());
  CallOptions call;
  call.session.use_cache = !options.read_only;
  return Call(**db, call, path, params);
}

// Calls at work at once, including those answered 503 whose work still runs.
std::atomic<int> running_calls{0};

// Runs `work` on its own thread and waits at most `limit` for it; refuses at once when
// kMaxRunningCalls are at work.
Reply Bounded(std::function<Reply()> work, std::chrono::seconds limit) {
  if (++running_calls > kMaxRunningCalls) {
    --running_calls;
    return ErrorReply(Status::Busy("too many calls at work; try again"));
  }
  auto promise = std::make_shared<std::promise<Reply>>();
  auto future = promise->get_future();
  std::thread([promise, work = std::move(work)] {
    try {
      promise->set_value(work());
    } catch (const std::exception& e) {
      promise->set_value(ErrorReply(Status::Internal(e.what())));
    }
    --running_calls;
  }).detach();
  if (future.wait_for(limit) == std::future_status::timeout) {
    return ErrorReply(Status::Busy("the call took longer than " + std::to_string(limit.count()) + " s"));
  }
  return future.get();
}

void Send(const Reply& reply, httplib::Response& res) {
  res.status = reply.status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(reply.body, reply.content_type.c_str());
}

const char* kNoPage =
    "<!doctype html><meta charset=utf-8><title>cityties</title><p>The explorer page is not built "
    "(it needs node and npm at build time). The JSON API is at <a href=/api>/api</a>.";

bool FromLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

// cpp-httplib prefers brotli when a browser accepts it, and compresses at brotli's slowest
// quality (seconds for the page's bundle): offer it gzip alone. On loopback nothing is compressed:
// gzip costs the server more than it saves (9 ms of CPU for the 750 KiB of /api/graph, 25 ms for
// the page's script, on every call, against well under a millisecond to send them uncompressed).
httplib::Server::HandlerResponse GzipOnly(const httplib::Request& req, httplib::Response&) {
  bool gzip = req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
  auto& headers = const_cast<httplib::Headers&>(req.headers);
  headers.erase("Accept-Encoding");
  if (gzip && !FromLoopback(req.remote_addr)) headers.emplace("Accept-Encoding", "gzip");
  return httplib::Server::HandlerResponse::Unhandled;
}

void Route(httplib::Server& http, const ServeOptions& options) {
  http.set_pre_routing_handler(GzipOnly);
  http.Get("/api(/.*)?", [&options](const httplib::Request& req, httplib::Response& res) {
    Params params(QueryOf(req));
    std::string path = req.path;
    Send(Bounded([options, path, params] { return Answer(options, path, params); },
                 std::chrono::seconds(options.timeout_s)),
         res);
  });
  bool page = !options.web_dir.empty() && std::filesystem::exists(options.web_dir + "/index.html") &&
              http.set_mount_point("/", options.web_dir);
  if (!page) {
    http.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content(kNoPage, "text/html"); });
  }
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    Reply reply = ErrorReply(Status::NotFound("no such page: " + req.path));
    reply.status = res.status;
    res.set_content(reply.body, reply.content_type.c_str());
  });
}

}  // namespace

std::string DefaultWebDir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return (exe.parent_path() / "web").string();
}

Status Serve(const ServeOptions& options, std::ostream& out) {
  {
    auto db = engine::Database::Open(options.db_path, engine::Database::Access::kRead);
    if (!db.ok()) return db.status();
  }
  httplib::Server http;
  http.set_payload_max_length(kMaxBodyBytes);
  http.set_read_timeout(kSocketTimeoutS);
  http.set_write_timeout(kSocketTimeoutS);
  http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  Route(http, options);
  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.host);
    if (port < 0) return Status::IOError("cannot bind " + options.host);
  } else if (!http.bind_to_port(options.host, port)) {
    return Status::IOError("cannot bind " + options.host + ":" + std::to_string(port) + " (in use?)");
  }
  std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  out << "serving " << options.db_path << " at http://" << host << ":" << port << "/" << std::endl;
  if (!http.listen_after_bind()) return Status::IOError("the server stopped");
  return Status::Ok();
}

}  // namespace cityties::server
