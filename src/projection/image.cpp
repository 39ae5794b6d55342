#include "projection/image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/output_file.h"
#include "projection/cache.h"
#include "projection/csr.h"

namespace cityties::projection {
namespace {

constexpr std::string_view kMagic = "CTIMAGE1";
constexpr size_t kHeaderSize = 64;
constexpr uint32_t kDirected = 1, kWeighted = 2;
constexpr uint64_t kNotNumeric = UINT64_MAX;

size_t Align8(size_t x) { return (x + 7) & ~size_t{7}; }

// The checksum of the image (its grammar in image.h): four interleaved multiply-xor lanes over
// its little-endian 64-bit words, so that checking a 1M-edge image costs a few milliseconds,
// about as much as the range check of its arcs. Fed in pieces whose sizes are multiples of 8.
class WordHash {
 public:
  void Update(const char* data, size_t size) {
    for (size_t i = 0; i + 8 <= size; i += 8, ++words_) {
      uint64_t w;
      std::memcpy(&w, data + i, 8);
      uint64_t& h = lane_[words_ & 3];
      h = (h ^ w) * kPrime;
      h ^= h >> 29;
    }
  }
  uint64_t Finish() const { return (lane_[0] * 3) ^ (lane_[1] * 5) ^ (lane_[2] * 7) ^ (lane_[3] * 11) ^ words_; }

 private:
  static constexpr uint64_t kPrime = 0x100000001b3ULL;
  uint64_t lane_[4] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL, 0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL};
  uint64_t words_ = 0;
};

uint64_t WordChecksum(const char* data, size_t size) {
  WordHash hash;
  hash.Update(data, size);
  return hash.Finish();
}

// Writes the image's little-endian values and 8-byte aligned sections (the grammar in image.h)
// to a file as they come, through a buffer of about a megabyte, then their checksum: the image
// is never held whole in memory (at 10M edges it takes 130 MB).
class Out {
 public:
  explicit Out(const PieceWriter& write) : write_(write) {}
  template <typename T>
  void Put(T v) {
    Append(&v, sizeof(T));
  }
  void Append(const void* data, size_t size) {
    buf_.append(static_cast<const char*>(data), size);
    written_ += size;
    if (buf_.size() >= kBuffer) Flush();
  }
  void Pad() {
    static constexpr char kZeros[8] = {};
    Append(kZeros, Align8(written_) - written_);
  }
  // Writes what is left and the checksum of every byte before it (a multiple of 8 of them).
  Status Finish() {
    Flush();
    const uint64_t checksum = hash_.Finish();
    buf_.append(reinterpret_cast<const char*>(&checksum), 8);
    if (status_.ok()) status_ = write_(buf_);
    return status_;
  }

 private:
  static constexpr size_t kBuffer = size_t{1} << 20;
  void Flush() {
    const size_t whole = buf_.size() & ~size_t{7};  // the hash takes whole words
    hash_.Update(buf_.data(), whole);
    if (status_.ok()) status_ = write_(std::string_view(buf_.data(), whole));
    buf_.erase(0, whole);
  }
  const PieceWriter& write_;
  std::string buf_;
  size_t written_ = 0;
  WordHash hash_;
  Status status_;
};

// One direction of a Boost CSR graph as the image's sections: offsets, ends, [weights], each
// padded; `arcs(v)` are the arcs of v in that direction (out-arcs, or in-arcs), `end(e)` the
// vertex each leads to.
template <typename G, typename Arcs, typename End>
void WriteCsr(Out& out, const G& g, size_t n, Arcs&& arcs, End&& end, bool weighted) {
  uint32_t offset = 0;
  out.Put<uint32_t>(offset);
  for (Vertex v = 0; v < n; ++v) {
    auto range = arcs(v);
    offset += static_cast<uint32_t>(std::distance(range.first, range.second));
    out.Put<uint32_t>(offset);
  }
  out.Pad();
  for (Vertex v = 0; v < n; ++v) {
    for (auto e : boost::make_iterator_range(arcs(v))) out.Put<uint32_t>(static_cast<uint32_t>(end(e)));
  }
  out.Pad();
  if (!weighted) return;
  for (Vertex v = 0; v < n; ++v) {
    for (auto e : boost::make_iterator_range(arcs(v))) out.Put<double>(g[e].weight);
  }
  out.Pad();
}

// A read cursor over the mapped bytes; every section checked to lie inside the file.
class In {
 public:
  In(const char* data, size_t size) : data_(data), size_(size) {}
  template <typename T>
  const T* Section(size_t count) {
    size_t bytes = count * sizeof(T);
    if (count > (size_ - at_) / sizeof(T)) {
      ok_ = false;
      return nullptr;
    }
    const T* p = reinterpret_cast<const T*>(data_ + at_);
    at_ = std::min(size_, Align8(at_ + bytes));
    return p;
  }
  void Skip(size_t n) { at_ += n; }
  bool ok() const { return ok_; }

 private:
  const char* data_;
  size_t size_, at_ = 0;
  bool ok_ = true;
};

// Offsets rise from 0 to `arcs`, and every end names a vertex.
bool ValidCsr(const uint32_t* offsets, const uint32_t* ends, size_t n, size_t arcs) {
  if (offsets[0] != 0 || offsets[n] != arcs) return false;
  for (size_t v = 0; v < n; ++v) {
    if (offsets[v] > offsets[v + 1]) return false;
  }
  uint32_t worst = 0;
  for (size_t i = 0; i < arcs; ++i) worst = std::max(worst, ends[i]);
  return arcs == 0 || worst < n;
}

}  // namespace

struct ImageMapper {
  // Owns `map` from now on (unmapped with the image, even when Map then fails).
  static std::shared_ptr<Image> Adopt(void* map, size_t size) {
    std::shared_ptr<Image> image(new Image());
    image->map_ = map;
    image->size_ = size;
    return image;
  }
  static Status Map(Image* image, const char* data, size_t size, uint64_t sequence, uint64_t identity) {
    if (size < kHeaderSize + 8 || size % 8 != 0 || std::string_view(data, kMagic.size()) != kMagic) {
      return Status::Corruption("not a projection image");
    }
    uint32_t version, flags;
    uint64_t seq, id, n, sym_arcs, dir_arcs, id_bytes;
    const char* h = data + kMagic.size();
    std::memcpy(&version, h, 4);
    std::memcpy(&flags, h + 4, 4);
    std::memcpy(&seq, h + 8, 8);
    std::memcpy(&id, h + 16, 8);
    std::memcpy(&n, h + 24, 8);
    std::memcpy(&sym_arcs, h + 32, 8);
    std::memcpy(&dir_arcs, h + 40, 8);
    std::memcpy(&id_bytes, h + 48, 8);
    if (version != kImageVersion) return Status::NotFound("projection image of another version");
    if (seq != sequence || id != identity) return Status::NotFound("projection image of another state");
    uint64_t checksum;
    size -= 8;  // the sections end where the checksum starts
    std::memcpy(&checksum, data + size, 8);
    if (checksum != WordChecksum(data, size)) return Status::Corruption("projection image damaged (checksum)");
    if (n >= kNoVertex || sym_arcs > UINT32_MAX || dir_arcs > UINT32_MAX) {
      return Status::Corruption("projection image counts out of range");
    }
    image->n_ = n;
    image->sym_arcs_ = sym_arcs;
    image->dir_arcs_ = dir_arcs;
    image->directed_ = flags & kDirected;
    const bool weighted = flags & kWeighted;
    In in(data, size);
    in.Skip(kHeaderSize);
    image->numeric_ = in.Section<uint64_t>(n);
    image->id_offsets_ = in.Section<uint64_t>(n + 1);
    image->id_bytes_ = in.Section<char>(id_bytes);
    auto csr = [&](ImageArrays* a, size_t arcs, bool with_weights) {
      a->offsets = in.Section<uint32_t>(n + 1);
      a->ends = in.Section<uint32_t>(arcs);
      a->weights = with_weights ? in.Section<double>(arcs) : nullptr;
      return in.ok() && ValidCsr(a->offsets, a->ends, n, arcs);
    };
    bool ok = in.ok() && csr(&image->sym_, sym_arcs, weighted);
    if (ok && image->directed_) ok = csr(&image->out_, dir_arcs, weighted) && csr(&image->in_, dir_arcs, false);
    if (ok) {
      const uint64_t* o = image->id_offsets_;
      ok = o[0] == 0 && o[n] == id_bytes;
      for (size_t v = 0; ok && v < n; ++v) ok = o[v] <= o[v + 1];
    }
    return ok ? Status::Ok() : Status::Corruption("projection image damaged");
  }
};

Image::~Image() {
  if (map_) ::munmap(map_, size_);
}

std::string_view Image::ExtId(Vertex v) const {
  return std::string_view(id_bytes_ + id_offsets_[v], id_offsets_[v + 1] - id_offsets_[v]);
}

std::optional<uint64_t> Image::NumericId(Vertex v) const {
  if (numeric_[v] == kNotNumeric) return std::nullopt;
  return numeric_[v];
}

std::optional<Vertex> Image::FindExt(std::string_view ext_id) const {
  // View order: numeric ids first by value, then the others bytewise (projection.h).
  const bool digits = !ext_id.empty() && ext_id.size() <= 19 &&
                      std::all_of(ext_id.begin(), ext_id.end(), [](char c) { return c >= '0' && c <= '9'; });
  const uint64_t value = digits ? std::stoull(std::string(ext_id)) : kNotNumeric;
  Vertex lo = 0, hi = static_cast<Vertex>(n_);
  while (lo < hi) {
    Vertex mid = lo + (hi - lo) / 2;
    bool less = numeric_[mid] != kNotNumeric ? (value == kNotNumeric || numeric_[mid] < value)
                                             : (value == kNotNumeric && ExtId(mid) < ext_id);
    if (less) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < n_ && ExtId(lo) == ext_id) return lo;
  return std::nullopt;
}

bool IsDefaultFilter(const Filter& f) {
  return f.labels.empty() && f.edge_types.empty() && !f.include_location && f.countries.empty() && !f.since &&
         !f.until && !f.expand_agreements && f.statuses.empty() && f.tiers.empty();
}

Result<std::shared_ptr<const Image>> OpenImage(const std::string& path, uint64_t sequence, uint64_t identity) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound("no projection image at " + path);
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::NotFound("no projection image at " + path);
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* map = size ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  ::close(fd);
  if (map == MAP_FAILED) return Status::Corruption("projection image " + path + " cannot be mapped");
  auto image = ImageMapper::Adopt(map, size);
  CT_RETURN_IF_ERROR(ImageMapper::Map(image.get(), static_cast<const char*>(map), size, sequence, identity));
  return std::shared_ptr<const Image>(std::move(image));
}

Status WriteImage(const Projection& p, const std::string& path, uint64_t sequence, uint64_t identity) {
  if (!IsDefaultFilter(p.filter())) return Status::InvalidArgument("only a default view has an image");
  const size_t n = p.num_vertices();
  const auto& sym = p.graphs().sym;
  const bool weighted = std::any_of(p.ties().begin(), p.ties().end(), [](const Tie& t) { return t.weight != 1.0; });
  const DirGraph* dir = p.directed() ? &DirectedGraph(p) : nullptr;
  uint64_t id_bytes = 0;
  for (Vertex v = 0; v < n; ++v) id_bytes += p.vertex(v).ext_id.size();
  return WriteOutputFileInPieces(path, /*force=*/true, Durability::kCache, [&](const PieceWriter& write) {
    Out out(write);
    out.Append(kMagic.data(), kMagic.size());
    out.Put<uint32_t>(kImageVersion);
    out.Put<uint32_t>((dir ? kDirected : 0) | (weighted ? kWeighted : 0));
    for (uint64_t v :
         {sequence, identity, uint64_t{n}, uint64_t{num_edges(sym)}, uint64_t{dir ? num_edges(*dir) : 0}, id_bytes}) {
      out.Put<uint64_t>(v);
    }
    for (Vertex v = 0; v < n; ++v) out.Put<uint64_t>(p.vertex(v).numeric ? p.vertex(v).numeric_id : kNotNumeric);
    uint64_t id_offset = 0;
    out.Put<uint64_t>(id_offset);
    for (Vertex v = 0; v < n; ++v) out.Put<uint64_t>(id_offset += p.vertex(v).ext_id.size());
    for (Vertex v = 0; v < n; ++v) out.Append(p.vertex(v).ext_id.data(), p.vertex(v).ext_id.size());
    out.Pad();
    WriteCsr(
        out, sym, n, [&](Vertex v) { return out_edges(v, sym); }, [&](auto e) { return target(e, sym); }, weighted);
    if (dir) {
      WriteCsr(
          out, *dir, n, [&](Vertex v) { return out_edges(v, *dir); }, [&](auto e) { return target(e, *dir); },
          weighted);
      WriteCsr(
          out, *dir, n, [&](Vertex v) { return in_edges(v, *dir); }, [&](auto e) { return source(e, *dir); }, false);
    }
    return out.Finish();  // checksummed: a torn file is never used
  });
}

void RemoveProjectionFiles(const std::string& db_path) {
  std::error_code ec;
  for (const char* name : {kImageFileName, kCacheFileName})
    std::filesystem::remove(std::filesystem::path(db_path) / name, ec);
}

}  // namespace cityties::projection
