// The projection image (src/projection/image.h) as the kernels open it: mapped with its checksum
// compared alongside, so that its structure alone stands between a damaged file and the kernels.
// Whatever the file's bytes, OpenImage returns an image or NotFound / Corruption; on an image it
// returns, the id lookups, the kernels and Verify() run without reading out of bounds, and Verify
// answers Ok or Corruption. The input is the file; the sequence and identity in its header are
// the ones asked for, so that the checks after them are reached.
#include <algorithm>
#include <cstring>

#include "algo/analytics.h"
#include "fuzz/fuzz_common.h"
#include "projection/image.h"

namespace {

using namespace cityties;
using projection::Vertex;

uint64_t HeaderWord(const uint8_t* data, size_t size, size_t at) {
  uint64_t word = 0;
  if (size >= at + 8) std::memcpy(&word, data + at, 8);
  return word;
}

void UseIds(const projection::Image& image) {
  const size_t n = std::min<size_t>(image.num_vertices(), 1000);
  for (Vertex v = 0; v < n; ++v) {
    const std::string_view id = image.ExtId(v);
    (void)image.NumericId(v);
    (void)image.Label(v);
    (void)image.FindExt(id);
  }
  (void)image.FindExt("42");
  (void)image.FindExt("city/kaohsiung");
}

void RunKernels(const projection::Image& image) {
  if (image.num_vertices() == 0) return;
  (void)algo::Bfs(image, 0);
  (void)algo::Wcc(image);
  (void)algo::PageRank(image, 0.85, 3);
  (void)algo::Cdlp(image, 2);
  (void)algo::Lcc(image);
  auto sssp = algo::Sssp(image, static_cast<Vertex>(image.num_vertices() - 1));
  CT_FUZZ_CHECK(sssp.ok() || sssp.status().IsUserError(), sssp.status().message());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path =
      fuzz::ScratchDir::Get().Write("projection.image", std::string_view(reinterpret_cast<const char*>(data), size));
  const uint64_t sequence = HeaderWord(data, size, 16), identity = HeaderWord(data, size, 24);
  auto image = projection::OpenImage(path, sequence, identity, projection::ChecksumCheck::kAlongside);
  if (!image.ok()) {
    CT_FUZZ_CHECK(image.status().IsNotFound() || image.status().IsCorruption(), image.status().message());
    return 0;
  }
  UseIds(**image);
  RunKernels(**image);
  const Status verified = (*image)->Verify();
  CT_FUZZ_CHECK(verified.ok() || verified.IsCorruption(), verified.message());
  return 0;
}
