// The projection image: the default view (Filter{}: every label, every tie type but location,
// no window) as flat arrays in one file beside the data, `projection.image`, that a command maps
// and uses in place. Opening it reads a header, maps the file and checks that every arc names a
// vertex (one pass over the arc arrays, no decoding, no allocation per vertex or arc), so a
// whole-graph kernel costs little more than the kernel itself.
//
// It is a cache like projection.cache (projection/cache.h): keyed by the store's sequence and
// identity, written atomically by rename after a default view was built, checksummed, and any
// mismatch or damage only means it is not used.
//
// Byte layout, little-endian, every section at an 8-byte aligned offset:
//   header   := magic "CTIMAGE1" version:u32 flags:u32 sequence:u64 identity:u64
//               vertices:u64 sym_arcs:u64 dir_arcs:u64 id_bytes:u64          -- 64 bytes
//   flags    := bit 0 directed (the stored directions mean something), bit 1 weighted
//   numeric  := u64*vertices         -- the external id's value, or UINT64_MAX when not all digits
//   ids      := id_offset:u64*(vertices+1) bytes*id_bytes   -- external ids, in vertex order
//   labels   := u16*vertices         -- each vertex's label code (schema/catalog.h: codes are kept)
//   sym      := offset:u32*(vertices+1) target:u32*sym_arcs [weight:f64*sym_arcs when weighted]
//   dir      := (directed only) out_offset:u32*(vertices+1) out_target:u32*dir_arcs
//               [out_weight:f64*dir_arcs when weighted] in_offset:u32*(vertices+1) in_source:u32*dir_arcs
//   checksum := u64, the last 8 bytes: WordChecksum (image.cpp) of every byte before it, so
//               that a damaged file is never used (a flipped arc would name another vertex)
// file     := header numeric ids labels sym [dir] checksum
// Vertices are numbered as in the view (external id order), so kernels on the image and on the
// Projection give the same vertex numbers and the same answers.
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "projection/projection.h"

namespace cityties::projection {

inline constexpr const char* kImageFileName = "projection.image";
// Stored in every image: a file of another version is not used. Do not reuse a number.
inline constexpr uint32_t kImageVersion = 3;

// One direction of a mapped CSR (see csr_view.h for the Boost.Graph view over it).
struct ImageArrays {
  const uint32_t* offsets = nullptr;
  const uint32_t* ends = nullptr;
  const double* weights = nullptr;  // nullptr: every arc weighs 1
};

// When OpenImage compares the file with its checksum: before it returns, or alongside, on a
// thread of its own while the caller already uses the image. Either way the image is safe to use
// when OpenImage returns it (offsets rise, every arc names a vertex); checked alongside, its
// values count only once Verify() says they match.
enum class ChecksumCheck { kBeforeUse, kAlongside };

class Image {
 public:
  ~Image();  // waits for a checksum check still under way
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;

  size_t num_vertices() const { return n_; }
  bool directed() const { return directed_; }
  bool weighted() const { return sym_.weights != nullptr; }
  uint64_t sequence() const { return sequence_; }  // the store's state it is of
  // The external id of a vertex, and its value when it is all digits.
  std::string_view ExtId(Vertex v) const;
  std::optional<uint64_t> NumericId(Vertex v) const;
  // The vertex of an external id (binary search, ids are in view order), if any.
  std::optional<Vertex> FindExt(std::string_view ext_id) const;
  // The label code of a vertex (the store's schema names it).
  store::TypeCode Label(Vertex v) const { return labels_[v]; }

  // The symmetric simple graph (every adjacent pair both ways), and for a directed image the
  // stored directions: out-arcs and in-arcs. Weights are per arc (the lightest tie of the pair).
  const ImageArrays& sym() const { return sym_; }
  const ImageArrays& out() const { return out_; }
  const ImageArrays& in() const { return in_; }
  size_t sym_arcs() const { return sym_arcs_; }
  size_t dir_arcs() const { return dir_arcs_; }
  size_t file_bytes() const { return size_; }
  // Ok when the file matches its checksum (for a check made alongside: waits for it to finish);
  // Corruption when it does not, and then nothing read from the image may be used.
  Status Verify() const;

 private:
  friend struct ImageMapper;
  Image() = default;
  void* map_ = nullptr;
  size_t size_ = 0;
  uint64_t sequence_ = 0;
  size_t n_ = 0, sym_arcs_ = 0, dir_arcs_ = 0;
  bool directed_ = true;
  const uint64_t* numeric_ = nullptr;
  const uint64_t* id_offsets_ = nullptr;
  const char* id_bytes_ = nullptr;
  const uint16_t* labels_ = nullptr;
  ImageArrays sym_, out_, in_;
  std::shared_future<Status> checksum_;  // valid only for a check made alongside
};

// True for the filter the image holds (Filter{}).
bool IsDefaultFilter(const Filter& filter);

// Maps `path` when it is an image of this store at this sequence: NotFound when there is none or
// it is stale or of another version, Corruption when damaged (for a checksum checked alongside:
// when damaged in its structure; Verify() tells the rest).
Result<std::shared_ptr<const Image>> OpenImage(const std::string& path, uint64_t sequence, uint64_t identity,
                                               ChecksumCheck check = ChecksumCheck::kBeforeUse);
// Brings the image at `path` of an older state of `store` up to the store's current state, as
// WriteImage of a view built now would write it, when the commits since (the change log) only
// add or remove ties of unit weight between nodes the image holds, in an unweighted image (nodes
// may change their properties: the image holds none). NotFound, leaving the file as it was, when
// there is no such image or the commits did more (then a view is built and saved as before).
// `commits`: how many commits it applied.
Status UpdateImage(const store::GraphStore& store, const std::string& path, uint64_t identity, size_t* commits);
// Removes projection.cache and projection.image from the database folder `db_path` (after a
// repair: they may describe data it lost); nothing when they are not there.
void RemoveProjectionFiles(const std::string& db_path);
// Writes the image of `p` (which must be a default view) atomically.
// `schema` gives the labels' codes.
Status WriteImage(const Projection& p, const schema::Schema& schema, const std::string& path, uint64_t sequence,
                  uint64_t identity);

}  // namespace cityties::projection
