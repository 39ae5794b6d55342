// Checks on what the import readers produce, shared by the JSON Lines and CSV targets.
#pragma once

#include "fuzz/fuzz_common.h"
#include "import/importer.h"
#include "store/format.h"
#include "store/graph_store.h"

namespace cityties::fuzz {

// Every parsed record survives the trip through the store's property codec unchanged, and the
// schema's checks of it fail, if at all, with a user error.
inline void CheckParsedWrites(const store::WriteSet& writes) {
  auto round_trip = [](const store::Json& props) {
    std::string bytes = store::EncodeProps(props);
    auto decoded = store::DecodeProps(bytes);
    CT_FUZZ_CHECK(decoded.ok(), decoded.status().message());
    CT_FUZZ_CHECK(store::EncodeProps(*decoded) == bytes, "props changed in the round trip");
  };
  const auto& schema = ShippedSchema();
  for (const auto& w : writes.nodes) {
    CT_FUZZ_CHECK(!w.ext_id.empty(), "node without id");
    round_trip(w.props);
    CheckImportError(schema.ValidateNode(w.label, w.props));
  }
  for (const auto& w : writes.edges) {
    CT_FUZZ_CHECK(!w.from.empty() && !w.to.empty(), "edge without endpoint");
    round_trip(w.props);
  }
}

// One input of the JSON Lines or CSV target: written to `file_name` (its extension picks the
// reader), parsed, and checked as above.
inline int FuzzImportFile(const char* file_name, const uint8_t* data, size_t size) {
  const std::string path =
      ScratchDir::Get().Write(file_name, std::string_view(reinterpret_cast<const char*>(data), size));
  store::WriteSet writes;
  import::ImportOptions options;
  options.max_errors = 5;
  Status parsed = import::ParseFiles({path}, ShippedSchema(), options, &writes);
  CheckImportError(parsed);
  if (parsed.ok()) CheckParsedWrites(writes);
  return 0;
}

}  // namespace cityties::fuzz
