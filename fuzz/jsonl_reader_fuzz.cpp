// The JSON Lines reader (import::ParseFiles on a .jsonl file): any bytes either parse into
// records or fail with a user error naming file and line, never a crash; what parses survives
// the property codec.
#include "fuzz/fuzz_common.h"
#include "fuzz/import_checks.h"
#include "import/importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cityties;
  const std::string path =
      fuzz::ScratchDir::Get().Write("input.jsonl", std::string_view(reinterpret_cast<const char*>(data), size));
  store::WriteSet writes;
  import::ImportOptions options;
  options.max_errors = 5;
  Status parsed = import::ParseFiles({path}, fuzz::ShippedSchema(), options, &writes);
  fuzz::CheckImportError(parsed);
  if (parsed.ok()) fuzz::CheckParsedWrites(writes);
  return 0;
}
