#include "projection/image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <unordered_map>
#include <vector>

#include "common/output_file.h"
#include "projection/base_build.h"
#include "projection/cache.h"
#include "projection/csr.h"
#include "projection/word_hash.h"

namespace cityties::projection {
namespace {

constexpr std::string_view kMagic = "CTIMAGE1";
constexpr size_t kHeaderSize = 64;
constexpr uint32_t kDirected = 1, kWeighted = 2;
constexpr uint64_t kNotNumeric = UINT64_MAX;

size_t Align8(size_t x) { return (x + 7) & ~size_t{7}; }

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

// One direction of arcs as the image holds it: how many, and for each vertex its arcs in order
// (the vertex each leads to, and its weight).
struct ArcSource {
  size_t arcs = 0;
  std::function<void(Vertex, const std::function<void(Vertex, double)>&)> each;
};

// One direction as the image's sections: offsets, ends, [weights], each padded.
void WriteArcs(Out& out, size_t n, const ArcSource& arcs, bool weighted) {
  uint32_t offset = 0;
  out.Put<uint32_t>(offset);
  for (Vertex v = 0; v < n; ++v) {
    arcs.each(v, [&](Vertex, double) { ++offset; });
    out.Put<uint32_t>(offset);
  }
  out.Pad();
  for (Vertex v = 0; v < n; ++v) arcs.each(v, [&](Vertex end, double) { out.Put<uint32_t>(end); });
  out.Pad();
  if (!weighted) return;
  for (Vertex v = 0; v < n; ++v) arcs.each(v, [&](Vertex, double weight) { out.Put<double>(weight); });
  out.Pad();
}

// Everything an image holds, however it is come by: a default view, or an older image and the
// commits since it.
struct ImageContent {
  size_t n = 0;
  bool directed = false, weighted = false;
  std::function<uint64_t(Vertex)> numeric;  // kNotNumeric when the id is not all digits
  std::function<std::string_view(Vertex)> ext_id;
  std::function<uint16_t(Vertex)> label;  // the label's code
  ArcSource sym, out, in;                 // out and in only when directed; in-arcs carry no weight
};

// Writes `c` as the image of (sequence, identity), atomically.
Status WriteImageFile(const ImageContent& c, const std::string& path, uint64_t sequence, uint64_t identity) {
  uint64_t id_bytes = 0;
  for (Vertex v = 0; v < c.n; ++v) id_bytes += c.ext_id(v).size();
  return WriteOutputFileInPieces(path, /*force=*/true, Durability::kCache, [&](const PieceWriter& write) {
    Out out(write);
    out.Append(kMagic.data(), kMagic.size());
    out.Put<uint32_t>(kImageVersion);
    out.Put<uint32_t>((c.directed ? kDirected : 0) | (c.weighted ? kWeighted : 0));
    for (uint64_t v :
         {sequence, identity, uint64_t{c.n}, uint64_t{c.sym.arcs}, uint64_t{c.directed ? c.out.arcs : 0}, id_bytes}) {
      out.Put<uint64_t>(v);
    }
    for (Vertex v = 0; v < c.n; ++v) out.Put<uint64_t>(c.numeric(v));
    uint64_t id_offset = 0;
    out.Put<uint64_t>(id_offset);
    for (Vertex v = 0; v < c.n; ++v) out.Put<uint64_t>(id_offset += c.ext_id(v).size());
    for (Vertex v = 0; v < c.n; ++v) {
      const std::string_view id = c.ext_id(v);
      out.Append(id.data(), id.size());
    }
    out.Pad();
    for (Vertex v = 0; v < c.n; ++v) out.Put<uint16_t>(c.label(v));
    out.Pad();
    WriteArcs(out, c.n, c.sym, c.weighted);
    if (c.directed) {
      WriteArcs(out, c.n, c.out, c.weighted);
      WriteArcs(out, c.n, c.in, false);
    }
    return out.Finish();  // checksummed: a torn file is never used
  });
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
  // `sequence`: the state the image must be of (nullopt: any state of this store).
  static Status Map(Image* image, const char* data, size_t size, std::optional<uint64_t> sequence, uint64_t identity,
                    ChecksumCheck check) {
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
    if ((sequence && seq != *sequence) || id != identity) return Status::NotFound("projection image of another state");
    uint64_t checksum;
    size -= 8;  // the sections end where the checksum starts
    std::memcpy(&checksum, data + size, 8);
    auto compare = [data, size, checksum] {
      return checksum == WordChecksum(data, size) ? Status::Ok()
                                                  : Status::Corruption("projection image damaged (checksum)");
    };
    if (check == ChecksumCheck::kBeforeUse) CT_RETURN_IF_ERROR(compare());
    if (n >= kNoVertex || sym_arcs > UINT32_MAX || dir_arcs > UINT32_MAX) {
      return Status::Corruption("projection image counts out of range");
    }
    image->sequence_ = seq;
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
    image->labels_ = in.Section<uint16_t>(n);
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
    if (!ok) return Status::Corruption("projection image damaged");
    if (check == ChecksumCheck::kAlongside) image->checksum_ = std::async(std::launch::async, compare).share();
    return Status::Ok();
  }
};

Image::~Image() {
  if (checksum_.valid()) checksum_.wait();
  if (map_) ::munmap(map_, size_);
}

Status Image::Verify() const { return checksum_.valid() ? checksum_.get() : Status::Ok(); }

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

namespace {
Result<std::shared_ptr<const Image>> MapImage(const std::string& path, std::optional<uint64_t> sequence,
                                              uint64_t identity, ChecksumCheck check = ChecksumCheck::kBeforeUse) {
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
  CT_RETURN_IF_ERROR(ImageMapper::Map(image.get(), static_cast<const char*>(map), size, sequence, identity, check));
  return std::shared_ptr<const Image>(std::move(image));
}
}  // namespace

Result<std::shared_ptr<const Image>> OpenImage(const std::string& path, uint64_t sequence, uint64_t identity,
                                               ChecksumCheck check) {
  return MapImage(path, sequence, identity, check);
}

Status WriteImage(const Projection& p, const schema::Schema& schema, const std::string& path, uint64_t sequence,
                  uint64_t identity) {
  if (!IsDefaultFilter(p.filter())) return Status::InvalidArgument("only a default view has an image");
  const auto& sym = p.graphs().sym;
  const DirGraph* dir = p.directed() ? &DirectedGraph(p) : nullptr;
  ImageContent c;
  c.n = p.num_vertices();
  c.directed = dir != nullptr;
  c.weighted = std::any_of(p.ties().begin(), p.ties().end(), [](const Tie& t) { return t.weight != 1.0; });
  c.numeric = [&](Vertex v) { return p.vertex(v).numeric ? p.vertex(v).numeric_id : kNotNumeric; };
  c.ext_id = [&](Vertex v) { return std::string_view(p.vertex(v).ext_id); };
  std::vector<uint16_t> labels(c.n);
  for (Vertex v = 0; v < c.n; ++v) {
    const auto* def = schema.FindLabel(p.vertex(v).label);
    if (!def) return Status::Internal("vertex " + p.vertex(v).ext_id + " of a label the schema does not name");
    labels[v] = def->code;
  }
  c.label = [&](Vertex v) { return labels[v]; };
  c.sym = {num_edges(sym), [&](Vertex v, const std::function<void(Vertex, double)>& fn) {
             for (auto e : boost::make_iterator_range(out_edges(v, sym))) fn(target(e, sym), sym[e].weight);
           }};
  if (dir) {
    c.out = {num_edges(*dir), [&](Vertex v, const std::function<void(Vertex, double)>& fn) {
               for (auto e : boost::make_iterator_range(out_edges(v, *dir))) fn(target(e, *dir), (*dir)[e].weight);
             }};
    c.in = {num_edges(*dir), [&](Vertex v, const std::function<void(Vertex, double)>& fn) {
              for (auto e : boost::make_iterator_range(in_edges(v, *dir))) fn(source(e, *dir), 1.0);
            }};
  }
  return WriteImageFile(c, path, sequence, identity);
}

namespace {

// One direction's arcs after some edits: the old image's, with each edited vertex's edited ends
// (present or not now) merged into its ends, which stay in ascending order as a build gives them.
class EditedArcs {
 public:
  EditedArcs(const ImageArrays& old, size_t old_arcs) : old_(old), old_arcs_(old_arcs) {}
  void Set(Vertex from, Vertex to, bool present) { edits_[from][to] = present; }

  ArcSource Source() const {
    ArcSource source;
    source.arcs = old_arcs_;
    for (const auto& [v, edits] : edits_) {
      size_t degree = 0;
      Each(v, [&](Vertex, double) { ++degree; });
      source.arcs = source.arcs + degree - (old_.offsets[v + 1] - old_.offsets[v]);
    }
    source.each = [this](Vertex v, const std::function<void(Vertex, double)>& fn) { Each(v, fn); };
    return source;
  }

 private:
  void Each(Vertex v, const std::function<void(Vertex, double)>& fn) const {
    const uint32_t* end = old_.ends + old_.offsets[v + 1];
    const uint32_t* at = old_.ends + old_.offsets[v];
    auto edited = edits_.find(v);
    if (edited == edits_.end()) {
      for (; at != end; ++at) fn(*at, 1.0);
      return;
    }
    auto edit = edited->second.begin(), last = edited->second.end();
    while (at != end || edit != last) {
      if (edit == last || (at != end && *at < edit->first)) {
        fn(*at++, 1.0);
        continue;
      }
      if (at != end && *at == edit->first) ++at;  // the edit says whether it stays
      if (edit->second) fn(edit->first, 1.0);
      ++edit;
    }
  }

  const ImageArrays& old_;
  size_t old_arcs_;
  std::unordered_map<Vertex, std::map<Vertex, bool>> edits_;
};

}  // namespace

Status UpdateImage(const store::GraphStore& store, const std::string& path, uint64_t identity, size_t* commits) {
  auto mapped = MapImage(path, std::nullopt, identity);
  if (!mapped.ok()) return mapped.status();
  const Image& old = **mapped;
  const uint64_t now = store.Sequence();
  if (old.weighted()) return Status::NotFound("a weighted image is built again");
  auto changes = store.ChangesSince(old.sequence());  // NotFound unless the log reaches back
  if (!changes.ok()) return changes.status();
  auto kept = KeepTypes(store.schema(), Filter{});
  if (!kept.ok()) return kept.status();
  // The image's vertex of each node the commits name: a node added or deleted renumbers them.
  std::unordered_map<store::NodeId, Vertex> vertex_of;
  auto vertex = [&](store::NodeId id) -> Result<Vertex> {
    if (auto known = vertex_of.find(id); known != vertex_of.end()) return known->second;
    auto node = store.GetNode(id);
    if (!node.ok()) return node.status().IsNotFound() ? Status::NotFound("a node was deleted") : node.status();
    auto v = old.FindExt(node->ext_id);
    if (!v) return Status::NotFound("a node was added");
    return vertex_of[id] = *v;
  };
  // The pairs whose ties changed, (lower vertex, higher) to the nodes in that order.
  std::map<std::pair<Vertex, Vertex>, std::pair<store::NodeId, store::NodeId>> pairs;
  for (const auto& change : *changes) {
    for (store::NodeId id : change.nodes) CT_RETURN_IF_ERROR(vertex(id).status());
    for (const auto& key : change.edges) {
      if (key.node == key.other || key.type >= kept->on.size() || !kept->on[key.type]) continue;  // no arc
      auto a = vertex(key.node);
      if (!a.ok()) return a.status();
      auto b = vertex(key.other);
      if (!b.ok()) return b.status();
      if (*a < *b) {
        pairs.emplace(std::make_pair(*a, *b), std::make_pair(key.node, key.other));
      } else {
        pairs.emplace(std::make_pair(*b, *a), std::make_pair(key.other, key.node));
      }
    }
  }
  // Whether `from` has a tie of a kept type to `to` now (of unit weight: a weight would make the
  // image weighted).
  const auto& domain = store.schema().domain();
  auto tied = [&](store::NodeId from, store::NodeId to) -> Result<bool> {
    bool any = false;
    for (store::TypeCode type = 0; type < kept->on.size(); ++type) {
      if (!kept->on[type]) continue;
      auto edge = store.GetEdge(from, type, to);
      if (!edge.ok() && edge.status().IsNotFound()) continue;
      if (!edge.ok()) return edge.status();
      if (ToRawEdge(*edge, domain).weight != 1.0) return Status::NotFound("a weighted tie");
      any = true;
    }
    return any;
  };
  EditedArcs sym(old.sym(), old.sym_arcs()), out(old.out(), old.dir_arcs()), in(old.in(), old.dir_arcs());
  for (const auto& [ends, nodes] : pairs) {
    auto forward = tied(nodes.first, nodes.second);
    if (!forward.ok()) return forward.status();
    auto backward = tied(nodes.second, nodes.first);
    if (!backward.ok()) return backward.status();
    const auto [a, b] = ends;
    sym.Set(a, b, *forward || *backward);
    sym.Set(b, a, *forward || *backward);
    if (old.directed()) {
      out.Set(a, b, *forward);
      out.Set(b, a, *backward);
      in.Set(b, a, *forward);
      in.Set(a, b, *backward);
    }
  }
  ImageContent c;
  c.n = old.num_vertices();
  c.directed = old.directed();
  c.numeric = [&](Vertex v) { return old.NumericId(v).value_or(kNotNumeric); };
  c.ext_id = [&](Vertex v) { return old.ExtId(v); };
  c.label = [&](Vertex v) { return old.Label(v); };
  c.sym = sym.Source();
  if (c.directed) {
    c.out = out.Source();
    c.in = in.Source();
  }
  CT_RETURN_IF_ERROR(WriteImageFile(c, path, now, identity));  // by rename: `old` stays mapped
  *commits = changes->size();
  return Status::Ok();
}

void RemoveProjectionFiles(const std::string& db_path) {
  std::error_code ec;
  for (const char* name : {kImageFileName, kCacheFileName})
    std::filesystem::remove(std::filesystem::path(db_path) / name, ec);
}

}  // namespace cityties::projection
