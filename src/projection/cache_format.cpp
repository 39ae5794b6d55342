#include "projection/cache_format.h"

#include <cstring>
#include <tuple>

namespace cityties::projection {
namespace {

constexpr std::string_view kMagic = "CTPROJ";
constexpr size_t kChecksumSize = 8;
constexpr size_t kStringMinSize = 4;  // an empty string: its length
constexpr size_t kDateSize = 4;
constexpr int16_t kAbsentYear = -1;  // no PartialDate has it (years are 0001-9999)
// The smallest encodings of a vertex and an edge, to refuse counts the file cannot hold before
// allocating for them.
constexpr size_t kMarksSize = 3;
constexpr size_t kVertexMinSize = 8 + 8 + 1 + 6 * kStringMinSize + 2 * kDateSize + kMarksSize;
constexpr size_t kEdgeSize = 4 + 4 + 2 + 8 + 3 * kDateSize + kMarksSize;

// The fields of a vertex after its ids, and of an edge, in file order: one list for writing
// (const records) and reading.
template <typename V>
auto VertexFields(V& v) {
  return std::tie(v.ext_id, v.label, v.name, v.country, v.city, v.kind, v.date, v.end_date, v.marks);
}

template <typename E>
auto EdgeFields(E& e) {
  return std::tie(e.src, e.dst, e.type, e.weight, e.since, e.until, e.observed, e.marks);
}

// Appends the grammar's little-endian fields.
class Writer {
 public:
  void Bytes(std::string_view bytes) { buf_.append(bytes); }
  void U8(uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Raw(v, 2); }
  void U32(uint32_t v) { Raw(v, 4); }
  void U64(uint64_t v) { Raw(v, 8); }
  void F64(double d) {
    uint64_t v;
    std::memcpy(&v, &d, 8);
    U64(v);
  }
  void Str(const std::string& s) {
    U32(static_cast<uint32_t>(s.size()));
    buf_ += s;
  }
  void Date(const std::optional<PartialDate>& d) {
    U16(static_cast<uint16_t>(d ? d->year : kAbsentYear));
    U8(static_cast<uint8_t>(d ? d->month : 0));
    U8(static_cast<uint8_t>(d ? d->day : 0));
  }
  template <typename... T>
  void Fields(const std::tuple<T&...>& fields) {
    std::apply([&](const auto&... field) { (Put(field), ...); }, fields);
  }
  std::string& buf() { return buf_; }

 private:
  void Put(uint16_t v) { U16(v); }
  void Put(uint32_t v) { U32(v); }
  void Put(double v) { F64(v); }
  void Put(const std::string& s) { Str(s); }
  void Put(const std::optional<PartialDate>& d) { Date(d); }
  void Put(const schema::ProvenanceMarks& m) {
    U8(m.status);
    U8(m.secondary ? 1 : 0);
    U8(static_cast<uint8_t>(m.sources));
  }
  void Raw(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) buf_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  std::string buf_;
};

// Reads the grammar's little-endian fields. A read past the end yields zeros and fails the
// reader for good, so a decoder checks ok() once after a record.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  size_t remaining() const { return in_.size(); }
  std::string_view Bytes(size_t n) {
    if (!Need(n)) return {};
    std::string_view s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }
  uint8_t U8() { return static_cast<uint8_t>(Raw(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Raw(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Raw(4)); }
  uint64_t U64() { return Raw(8); }
  double F64() {
    uint64_t v = U64();
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
  std::string Str() { return std::string(Bytes(U32())); }
  std::optional<PartialDate> Date() {
    PartialDate d;
    d.year = static_cast<int16_t>(U16());
    d.month = U8();
    d.day = U8();
    if (d.year == kAbsentYear) return std::nullopt;
    return d;
  }
  template <typename... T>
  void Fields(const std::tuple<T&...>& fields) {
    std::apply([&](auto&... field) { (Get(field), ...); }, fields);
  }

 private:
  void Get(uint16_t& v) { v = U16(); }
  void Get(uint32_t& v) { v = U32(); }
  void Get(double& v) { v = F64(); }
  void Get(std::string& s) { s = Str(); }
  void Get(std::optional<PartialDate>& d) { d = Date(); }
  void Get(schema::ProvenanceMarks& m) {
    m.status = U8();
    const uint8_t secondary = U8(), sources = U8();
    if (secondary > 1 || sources > static_cast<uint8_t>(schema::ProvenanceMarks::Sources::kOnlySecondary)) {
      ok_ = false;  // read as damaged: no encoder writes these
    }
    m.secondary = secondary == 1;
    m.sources = static_cast<schema::ProvenanceMarks::Sources>(sources);
  }
  bool Need(size_t n) {
    if (n > in_.size()) ok_ = false;
    return ok_;
  }
  uint64_t Raw(int n) {
    std::string_view bytes = Bytes(static_cast<size_t>(n));
    uint64_t v = 0;
    for (size_t i = 0; i < bytes.size(); ++i) v |= uint64_t{static_cast<uint8_t>(bytes[i])} << (8 * i);
    return v;
  }
  std::string_view in_;
  bool ok_ = true;
};

Status Truncated() { return Status::Corruption("projection cache truncated"); }

void WriteHeader(const CacheHeader& header, Writer* out) {
  out->Bytes(kMagic);
  out->U16(header.version);
  out->U64(header.sequence);
  out->U64(header.identity);
}

// vertex_count:u32 vertex*vertex_count
Status ReadVertices(Reader* in, std::vector<VertexData>* vertices) {
  uint32_t n = in->U32();
  if (!in->ok() || n > in->remaining() / kVertexMinSize) return Truncated();
  vertices->resize(n);
  for (auto& v : *vertices) {
    v.node = in->U64();
    v.numeric_id = in->U64();
    const uint8_t flags = in->U8();
    v.numeric = (flags & kNumericFlag) != 0;
    v.country_inferred = (flags & kCountryInferredFlag) != 0;
    if (!v.numeric) v.numeric_id = 0;
    in->Fields(VertexFields(v));
    if (!in->ok()) return Truncated();
  }
  return Status::Ok();
}

// by_ext:u32*vertex_count, a permutation of the vertex indices.
Status ReadByExt(Reader* in, size_t vertices, std::vector<Vertex>* by_ext) {
  if (vertices > in->remaining() / 4) return Truncated();
  by_ext->resize(vertices);
  std::vector<bool> seen(vertices, false);
  for (auto& v : *by_ext) {
    v = in->U32();
    if (!in->ok()) return Truncated();
    if (v >= vertices || seen[v]) return Status::Corruption("projection cache order damaged");
    seen[v] = true;
  }
  return Status::Ok();
}

// edge_count:u64 edge*edge_count, every edge between vertices and of a type the file holds.
Status ReadEdges(Reader* in, size_t vertices, size_t types, std::vector<BaseEdge>* edges) {
  uint64_t m = in->U64();
  if (!in->ok() || m > in->remaining() / kEdgeSize) return Truncated();
  edges->resize(m);
  for (auto& e : *edges) {
    in->Fields(EdgeFields(e));
    if (!in->ok()) return Truncated();
    if (e.src >= vertices || e.dst >= vertices) return Status::Corruption("projection cache edge out of range");
    if (e.type >= types) return Status::Corruption("projection cache edge of an unknown type");
  }
  return Status::Ok();
}

}  // namespace

std::string EncodeCacheHeader(const CacheHeader& header) {
  Writer out;
  WriteHeader(header, &out);
  return std::move(out.buf());
}

Status DecodeCacheHeader(std::string_view bytes, CacheHeader* header) {
  Reader in(bytes);
  if (in.Bytes(kMagic.size()) != kMagic) {
    return in.ok() ? Status::Corruption("not a projection cache") : Truncated();
  }
  header->version = in.U16();
  header->sequence = in.U64();
  header->identity = in.U64();
  return in.ok() ? Status::Ok() : Truncated();
}

Status EncodeCacheInPieces(const Base& base, const std::function<Status(std::string_view)>& write) {
  Writer out;
  uint64_t checksum = kFnvOffset;
  // Hands on what is encoded once it fills a piece (and at the end), folding it into the checksum.
  auto flush = [&](bool last) -> Status {
    if (!last && out.buf().size() < kCachePieceSize) return Status::Ok();
    checksum = Fnv1aFold(checksum, out.buf());
    Status s = write(out.buf());
    out.buf().clear();
    return s;
  };
  WriteHeader({kCacheVersion, base.sequence, base.identity}, &out);
  out.U8(base.directed ? 1 : 0);
  out.U32(static_cast<uint32_t>(base.type_names.size()));
  for (const auto& t : base.type_names) out.Str(t);
  out.U32(static_cast<uint32_t>(base.vertices.size()));
  for (const auto& v : base.vertices) {
    out.U64(v.node);
    out.U64(v.numeric ? v.numeric_id : UINT64_MAX);
    out.U8(static_cast<uint8_t>((v.numeric ? kNumericFlag : 0) | (v.country_inferred ? kCountryInferredFlag : 0)));
    out.Fields(VertexFields(v));
    CT_RETURN_IF_ERROR(flush(false));
  }
  for (Vertex v : base.by_ext) {
    out.U32(v);
    CT_RETURN_IF_ERROR(flush(false));
  }
  out.U64(base.edges.size());
  for (const auto& e : base.edges) {
    out.Fields(EdgeFields(e));
    CT_RETURN_IF_ERROR(flush(false));
  }
  CT_RETURN_IF_ERROR(flush(true));
  out.U64(checksum);
  return write(out.buf());
}

std::string EncodeCache(const Base& base) {
  std::string file;
  (void)EncodeCacheInPieces(base, [&](std::string_view piece) {
    file.append(piece);
    return Status::Ok();
  });
  return file;
}

Status DecodeCache(std::string_view file, Base* base) {
  CacheHeader header;
  CT_RETURN_IF_ERROR(DecodeCacheHeader(file, &header));
  if (header.version != kCacheVersion) {
    return Status::Corruption("projection cache of version " + std::to_string(header.version));
  }
  if (file.size() < kCacheHeaderSize + kChecksumSize) return Truncated();
  std::string_view summed = file.substr(0, file.size() - kChecksumSize);
  if (Reader(file.substr(summed.size())).U64() != Fnv1a(summed)) {
    return Status::Corruption("projection cache checksum mismatch");
  }
  Reader in(summed.substr(kCacheHeaderSize));
  base->sequence = header.sequence;
  base->identity = header.identity;
  base->directed = in.U8() != 0;
  uint32_t types = in.U32();
  if (!in.ok() || types > in.remaining() / kStringMinSize) return Truncated();
  base->type_names.resize(types);
  for (auto& name : base->type_names) name = in.Str();
  if (!in.ok()) return Truncated();
  CT_RETURN_IF_ERROR(ReadVertices(&in, &base->vertices));
  CT_RETURN_IF_ERROR(ReadByExt(&in, base->vertices.size(), &base->by_ext));
  CT_RETURN_IF_ERROR(ReadEdges(&in, base->vertices.size(), base->type_names.size(), &base->edges));
  if (in.remaining() != 0) return Status::Corruption("projection cache has bytes after its edges");
  return Status::Ok();
}

uint64_t Fnv1aFold(uint64_t h, std::string_view bytes) {
  for (char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t Fnv1a(std::string_view bytes) { return Fnv1aFold(kFnvOffset, bytes); }

}  // namespace cityties::projection
