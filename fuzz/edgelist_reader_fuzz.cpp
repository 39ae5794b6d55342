// The edge-list reader (import::ParseEdgeList). The first byte chooses the options (bit 0
// directed, bit 1 weighted, bit 2 with a vertex file); with a vertex file, the bytes after the
// first 0x00 are its text and those before the edge file's.
#include "fuzz/fuzz_common.h"
#include "import/importer.h"
#include "store/graph_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cityties;
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  import::EdgeListOptions options;
  options.directed = flags & 1;
  options.weighted = flags & 2;
  std::string_view edges = rest;
  if (flags & 4) {
    size_t split = rest.find('\0');
    edges = rest.substr(0, split);
    std::string_view vertices = split == std::string_view::npos ? std::string_view() : rest.substr(split + 1);
    options.vertices_path = fuzz::ScratchDir::Get().Write("input.v", vertices);
  }
  options.edges_path = fuzz::ScratchDir::Get().Write("input.e", edges);
  store::WriteSet writes;
  Status parsed = import::ParseEdgeList(options, &writes);
  fuzz::CheckImportError(parsed);
  if (!parsed.ok()) return 0;
  CT_FUZZ_CHECK(writes.directed == options.directed, "directed flag lost");
  for (const auto& w : writes.nodes) CT_FUZZ_CHECK(w.label == "Vertex" && !w.ext_id.empty(), w.ext_id);
  for (const auto& w : writes.edges) {
    CT_FUZZ_CHECK(w.type == "LINK", w.type);
    CT_FUZZ_CHECK(options.weighted == (w.props.is_object() && w.props.contains("weight")), w.props.dump());
  }
  return 0;
}
