// What the fuzz targets share: a failed check that stops the run, a scratch directory for the
// readers that take files, and the shipped schema.
#pragma once

#include <stdlib.h>  // mkdtemp
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/text.h"
#include "schema/schema.h"

namespace cityties::fuzz {

// Aborts with `what` when `condition` is false: libFuzzer keeps the input as a crash, the replay
// test fails.
#define CT_FUZZ_CHECK(condition, what)                                                      \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "%s:%d: check failed: %s: %s\n", __FILE__, __LINE__, #condition, \
                   std::string(what).c_str());                                              \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)

// A private directory made with mkdtemp under $TMPDIR (else /tmp), removed with everything in it
// at exit. Inputs for readers that take a path are written here, one file name per target.
class ScratchDir {
 public:
  static ScratchDir& Get() {
    static ScratchDir dir;
    return dir;
  }
  // Writes `bytes` to `name` in the directory (replacing it) and returns its path.
  std::string Write(const std::string& name, std::string_view bytes) {
    std::string path = dir_ + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    CT_FUZZ_CHECK(out.good(), "cannot write " + path);
    return path;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

 private:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/cityties-fuzz-XXXXXX";
    CT_FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr, "mkdtemp " + pattern);
    dir_ = pattern;
  }
  std::string dir_;
};

// The shipped schema (schema/cityties.schema.json), parsed once.
inline const schema::Schema& ShippedSchema() {
  static const std::shared_ptr<const schema::Schema> schema = [] {
    auto text = schema::ReadSchemaFile(std::string(CITYTIES_SOURCE_DIR) + "/schema/cityties.schema.json");
    CT_FUZZ_CHECK(text.ok(), text.status().message());
    auto parsed = schema::Schema::Parse(*text);
    CT_FUZZ_CHECK(parsed.ok(), parsed.status().message());
    return *parsed;
  }();
  return *schema;
}

// An import error must be the user's (never Corruption or Internal), and its message must be
// printable as it is: valid UTF-8 (the CLI may print it inside JSON) with long values cut short.
inline void CheckImportError(const Status& status) {
  if (status.ok()) return;
  CT_FUZZ_CHECK(status.IsUserError(), status.message());
  CT_FUZZ_CHECK(IsValidUtf8(status.message()), "message not UTF-8");
}

}  // namespace cityties::fuzz
