#include "store/format.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <random>
#include <vector>

#include "common/text.h"

namespace cityties::store {
namespace {

// Appends `v` big-endian in one append (bulk loads encode tens of millions of keys).
template <typename T>
void PutBigEndian(std::string* out, T v) {
  char bytes[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) bytes[i] = static_cast<char>(v >> (8 * (sizeof(T) - 1 - i)));
  out->append(bytes, sizeof(T));
}

void PutU16(std::string* out, uint16_t v) { PutBigEndian(out, v); }
void PutU32(std::string* out, uint32_t v) { PutBigEndian(out, v); }
void PutU64(std::string* out, uint64_t v) { PutBigEndian(out, v); }

void PutTag(std::string* out, IndexTag tag) { out->push_back(static_cast<char>(tag)); }

// Reads big-endian fields from the front of a record. A read past the end fails and leaves the
// cursor failed, so a decoder checks once, after its last field.
class Cursor {
 public:
  explicit Cursor(std::string_view in) : in_(in) {}

  bool U16(uint16_t* v) { return Unsigned(2, v); }
  bool U32(uint32_t* v) { return Unsigned(4, v); }
  bool U64(uint64_t* v) { return Unsigned(8, v); }
  bool Tag(IndexTag tag) {
    std::string_view byte;
    return Bytes(1, &byte) && byte[0] == static_cast<char>(tag);
  }
  bool Bytes(size_t n, std::string_view* out) {
    if (n > in_.size()) return false;
    *out = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  std::string_view Rest() const { return in_; }
  bool AtEnd() const { return in_.empty(); }

 private:
  template <typename T>
  bool Unsigned(size_t n, T* v) {
    std::string_view bytes;
    if (!Bytes(n, &bytes)) return false;
    uint64_t x = 0;
    for (char c : bytes) x = (x << 8) | static_cast<unsigned char>(c);
    *v = static_cast<T>(x);
    return true;
  }
  std::string_view in_;
};

constexpr uint8_t kCatalogVersion = 1;

Status Malformed(const char* what, std::string_view bytes) {
  return Status::Corruption(std::string("malformed ") + what + " (" + std::to_string(bytes.size()) + " bytes)");
}

}  // namespace

namespace meta {
std::string LabelCountKey(std::string_view label) { return "count/label/" + std::string(label); }
std::string TypeCountKey(std::string_view type) { return "count/type/" + std::string(type); }

std::string ChangeKey(uint64_t commit) {
  std::string key = kChangePrefix;
  PutU64(&key, commit);
  return key;
}

Status DecodeChangeKey(std::string_view key, uint64_t* commit) {
  const std::string_view prefix = kChangePrefix;
  Cursor in(key);
  std::string_view head;
  if (!in.Bytes(prefix.size(), &head) || head != prefix || !in.U64(commit) || !in.AtEnd()) {
    return Malformed("change log key", key);
  }
  return Status::Ok();
}
}  // namespace meta

std::string EncodeFormatVersion(int version) { return std::to_string(version); }

Status DecodeFormatVersion(std::string_view value, int* version) {
  const char* end = value.data() + value.size();
  bool canonical = !value.empty() && value[0] != '+' && value[0] != '-' && (value.size() == 1 || value[0] != '0');
  auto [stop, error] = std::from_chars(value.data(), end, *version);
  if (!canonical || error != std::errc() || stop != end) return Malformed("format version", value);
  return Status::Ok();
}

std::string EncodeDatabaseId(const std::array<uint8_t, 16>& id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : id) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

Status DecodeDatabaseId(std::string_view value, std::array<uint8_t, 16>* id) {
  auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
  if (value.size() != 2 * id->size()) return Malformed("database id", value);
  for (size_t i = 0; i < id->size(); ++i) {
    int high = digit(value[2 * i]), low = digit(value[2 * i + 1]);
    if (high < 0 || low < 0) return Malformed("database id", value);
    (*id)[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return Status::Ok();
}

std::array<uint8_t, 16> NewDatabaseId() {
  std::random_device entropy;
  std::array<uint8_t, 16> id;
  for (auto& byte : id) byte = static_cast<uint8_t>(entropy());
  return id;
}

std::string EncodeCounter(uint64_t count) { return EncodeNodeId(count); }

Status DecodeCounter(std::string_view value, uint64_t* count) {
  Cursor in(value);
  if (!in.U64(count) || !in.AtEnd()) return Malformed("counter", value);
  return Status::Ok();
}

std::string EncodeDirected(bool directed) { return directed ? "1" : "0"; }

Status DecodeDirected(std::string_view value, bool* directed) {
  if (value != "0" && value != "1") return Malformed("graph/directed flag", value);
  *directed = value == "1";
  return Status::Ok();
}

std::string EncodeCatalog(const schema::Catalog& catalog) {
  std::string v(1, static_cast<char>(kCatalogVersion));
  for (auto kind : {schema::CatalogKind::kLabel, schema::CatalogKind::kProperty, schema::CatalogKind::kEdgeType}) {
    std::map<schema::Code, std::string_view> by_code;
    for (const auto& [name, code] : catalog.codes(kind)) by_code[code] = name;
    for (const auto& [code, name] : by_code) {
      v.push_back(static_cast<char>(kind));
      PutU16(&v, code);
      PutU16(&v, static_cast<uint16_t>(name.size()));
      v.append(name);
    }
  }
  return v;
}

Result<schema::Catalog> DecodeCatalog(std::string_view value) {
  auto corrupt = [](const std::string& what) { return Status::Corruption("catalog: " + what); };
  if (value.empty() || static_cast<uint8_t>(value[0]) != kCatalogVersion) return corrupt("unknown version");
  schema::Catalog catalog;
  Cursor in(value.substr(1));
  while (!in.AtEnd()) {
    std::string_view kind_byte, name;
    uint16_t code = 0, len = 0;
    if (!in.Bytes(1, &kind_byte) || !in.U16(&code) || !in.U16(&len)) return corrupt("truncated entry");
    auto kind = static_cast<schema::CatalogKind>(kind_byte[0]);
    if (kind != schema::CatalogKind::kLabel && kind != schema::CatalogKind::kEdgeType &&
        kind != schema::CatalogKind::kProperty) {
      return corrupt("unknown kind byte " + std::to_string(static_cast<uint8_t>(kind_byte[0])));
    }
    if (!in.Bytes(len, &name)) return corrupt("truncated name");
    Status added = catalog.Add(kind, std::string(name), code);
    if (!added.ok()) return corrupt(added.message());
  }
  return catalog;
}

std::string EncodeNodeId(NodeId id) {
  std::string s;
  PutU64(&s, id);
  return s;
}

Status DecodeNodeId(std::string_view bytes, NodeId* id) {
  Cursor in(bytes);
  if (!in.U64(id) || !in.AtEnd()) return Malformed("node id", bytes);
  return Status::Ok();
}

std::string EncodeProps(const Json& props) {
  if (props.is_null() || props.empty()) return std::string(1, '\x80');  // MessagePack's empty map
  std::vector<uint8_t> bytes = Json::to_msgpack(props);
  return std::string(bytes.begin(), bytes.end());
}

namespace {

// True when every string in `value` (object keys too) is valid UTF-8 and it holds no binary
// value: what EncodeProps writes, and what printing it as JSON needs.
bool WellFormedProps(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return IsValidUtf8(value.get_ref<const std::string&>());
    case Json::value_t::binary:
    case Json::value_t::discarded:
      return false;
    case Json::value_t::array:
      return std::all_of(value.begin(), value.end(), [](const Json& item) { return WellFormedProps(item); });
    case Json::value_t::object:
      for (const auto& [key, item] : value.items()) {
        if (!IsValidUtf8(key) || !WellFormedProps(item)) return false;
      }
      return true;
    default:
      return true;
  }
}

// Deeper than any record the importer accepts (import/json_nesting.h allows 64 levels per line).
constexpr size_t kMaxPropsDepth = 64;

// nlohmann's own DOM builder, refusing a record nested deeper than kMaxPropsDepth: its
// MessagePack reader recurses once per level, so a damaged record of a few hundred kilobytes of
// nested arrays would otherwise overflow the stack.
class BoundedDomBuilder : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  explicit BoundedDomBuilder(Json& out) : json_sax_dom_parser(out, /*allow_exceptions_=*/false) {}
  bool start_object(std::size_t n) { return ++depth_ <= kMaxPropsDepth && json_sax_dom_parser::start_object(n); }
  bool start_array(std::size_t n) { return ++depth_ <= kMaxPropsDepth && json_sax_dom_parser::start_array(n); }
  bool end_object() {
    --depth_;
    return json_sax_dom_parser::end_object();
  }
  bool end_array() {
    --depth_;
    return json_sax_dom_parser::end_array();
  }

 private:
  size_t depth_ = 0;
};

}  // namespace

Result<Json> DecodeProps(std::string_view bytes) {
  // No properties (every vertex of an edge-list import): an empty MessagePack map, without a parser.
  if (bytes.size() == 1 && static_cast<unsigned char>(bytes[0]) == 0x80) return Json::object();
  Json props;
  BoundedDomBuilder builder(props);
  bool parsed = Json::sax_parse(bytes.begin(), bytes.end(), &builder, Json::input_format_t::msgpack, /*strict=*/true);
  if (!parsed || builder.is_errored() || !props.is_object()) return Status::Corruption("undecodable property record");
  if (!WellFormedProps(props)) return Status::Corruption("property record with a string that is not UTF-8");
  return props;
}

std::string EncodeNodeValue(TypeCode label, std::string_view ext_id, const Json& props) {
  std::string v;
  PutU16(&v, label);
  PutU32(&v, static_cast<uint32_t>(ext_id.size()));
  v.append(ext_id);
  v += EncodeProps(props);
  return v;
}

namespace {
// The head of a node value, and the cursor after it (on the props).
Status DecodeNodeHead(Cursor* in, std::string_view value, NodeHeadView* out) {
  uint32_t ext_len = 0;
  if (!in->U16(&out->label) || !in->U32(&ext_len) || !in->Bytes(ext_len, &out->ext_id)) {
    return Malformed("node record", value);
  }
  return Status::Ok();
}
}  // namespace

Status DecodeNodeHead(std::string_view value, NodeHeadView* out) {
  Cursor in(value);
  return DecodeNodeHead(&in, value, out);
}

Status DecodeNodeValue(std::string_view value, NodeValue* out) {
  Cursor in(value);
  NodeHeadView head;
  CT_RETURN_IF_ERROR(DecodeNodeHead(&in, value, &head));
  out->label = head.label;
  out->ext_id = std::string(head.ext_id);
  auto props = DecodeProps(in.Rest());
  if (!props.ok()) return props.status();
  out->props = std::move(*props);
  return Status::Ok();
}

std::string EncodeAdjacency(const AdjacencyKey& key) {
  std::string s;
  s.reserve(kAdjacencyKeySize);
  AppendAdjacency(&s, key);
  return s;
}

void AppendAdjacency(std::string* out, const AdjacencyKey& key) {
  PutU64(out, key.node);
  PutU16(out, key.type);
  PutU64(out, key.other);
}

Status DecodeAdjacency(std::string_view key, AdjacencyKey* out) {
  Cursor in(key);
  if (!in.U64(&out->node) || !in.U16(&out->type) || !in.U64(&out->other) || !in.AtEnd()) {
    return Malformed("adjacency key", key);
  }
  return Status::Ok();
}

std::string AdjacencyPrefix(NodeId node) { return EncodeNodeId(node); }

std::string AdjacencyPrefix(NodeId node, TypeCode type) {
  std::string s = EncodeNodeId(node);
  PutU16(&s, type);
  return s;
}

namespace {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Reads a varint at `*at`; false when it is cut short, does not fit in 64 bits or is longer
// than PutVarint writes it (a last byte of 0 after the first), so that every list has one
// encoding.
bool GetVarint(std::string_view in, size_t* at, uint64_t* v) {
  uint64_t x = 0;
  for (int shift = 0; shift < 64 && *at < in.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in[(*at)++]);
    if ((shift == 63 && byte > 1) || (shift > 0 && byte == 0)) return false;
    x |= uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) {
      *v = x;
      return true;
    }
  }
  return false;
}

// (direction, type) of an entry's run, in run order: out (0) before in (1).
uint32_t RunOf(const AdjacentEntry& e) { return (e.outgoing ? 0u : 0x10000u) | e.type; }

}  // namespace

bool AdjacencyBefore(const AdjacentEntry& a, const AdjacentEntry& b) {
  const uint32_t ra = RunOf(a), rb = RunOf(b);
  return ra != rb ? ra < rb : a.other < b.other;
}

std::string EncodeAdjacencyList(const std::vector<AdjacentEntry>& entries) {
  std::string s;
  s.reserve(entries.size() * 3 + 8);
  for (size_t begin = 0; begin < entries.size();) {
    size_t end = begin + 1;
    while (end < entries.size() && RunOf(entries[end]) == RunOf(entries[begin])) ++end;
    s.push_back(entries[begin].outgoing ? 0 : 1);
    PutU16(&s, entries[begin].type);
    PutVarint(&s, end - begin);
    PutVarint(&s, entries[begin].other);
    for (size_t i = begin + 1; i < end; ++i) PutVarint(&s, entries[i].other - entries[i - 1].other);
    begin = end;
  }
  return s;
}

Status DecodeAdjacencyList(std::string_view value, std::vector<AdjacentEntry>* out) {
  size_t at = 0;
  int64_t last_run = -1;
  while (at < value.size()) {
    Cursor head(value.substr(at));
    std::string_view direction;
    uint16_t type = 0;
    if (!head.Bytes(1, &direction) || static_cast<unsigned char>(direction[0]) > 1 || !head.U16(&type)) {
      return Malformed("adjacency list", value);
    }
    at += 3;
    const AdjacentEntry run_entry{type, direction[0] == 0, 0};
    if (static_cast<int64_t>(RunOf(run_entry)) <= last_run) return Malformed("adjacency list", value);
    last_run = RunOf(run_entry);
    uint64_t count = 0, other = 0;
    // Each entry takes at least a byte: a count beyond the bytes left is malformed, not a reserve.
    if (!GetVarint(value, &at, &count) || count == 0 || count > value.size() - at || !GetVarint(value, &at, &other)) {
      return Malformed("adjacency list", value);
    }
    out->push_back({type, run_entry.outgoing, other});
    for (uint64_t i = 1; i < count; ++i) {
      uint64_t gap = 0;
      if (!GetVarint(value, &at, &gap) || gap == 0 || gap > UINT64_MAX - other)
        return Malformed("adjacency list", value);
      other += gap;
      out->push_back({type, run_entry.outgoing, other});
    }
  }
  return Status::Ok();
}

std::string EncodeHeadBlock(const std::vector<HeadEntry>& heads) {
  std::string s;
  for (const auto& head : heads) {
    s.push_back(static_cast<char>(head.node % kHeadBlockSize));
    PutU16(&s, head.label);
    PutVarint(&s, head.ext_id.size());
    s.append(head.ext_id);
  }
  return s;
}

Status DecodeHeadBlock(NodeId block, std::string_view value, std::vector<HeadEntry>* out) {
  if (value.empty() || block > UINT64_MAX / kHeadBlockSize) return Malformed("head block", value);
  size_t at = 0;
  int last_slot = -1;
  while (at < value.size()) {
    const auto slot = static_cast<unsigned char>(value[at]);
    uint16_t label = 0;
    Cursor head(value.substr(at + 1));
    uint64_t ext_size = 0;
    if (slot >= kHeadBlockSize || static_cast<int>(slot) <= last_slot || !head.U16(&label)) {
      return Malformed("head block", value);
    }
    at += 3;
    if (!GetVarint(value, &at, &ext_size) || ext_size > value.size() - at) return Malformed("head block", value);
    out->push_back({block * kHeadBlockSize + slot, label, value.substr(at, ext_size)});
    at += ext_size;
    last_slot = slot;
  }
  return Status::Ok();
}

Status DecodeIndexTag(std::string_view key, IndexTag* tag) {
  if (key.empty()) return Malformed("index key", key);
  switch (static_cast<IndexTag>(key[0])) {
    case IndexTag::kLabel:
    case IndexTag::kName:
    case IndexTag::kType:
      *tag = static_cast<IndexTag>(key[0]);
      return Status::Ok();
  }
  return Status::Corruption("index key with unknown tag " + std::to_string(static_cast<unsigned char>(key[0])));
}

std::string LabelIndexKey(TypeCode label, NodeId node) {
  std::string s;
  AppendLabelIndexKey(&s, label, node);
  return s;
}

void AppendLabelIndexKey(std::string* out, TypeCode label, NodeId node) {
  PutTag(out, IndexTag::kLabel);
  PutU16(out, label);
  PutU64(out, node);
}

std::string LabelIndexPrefix(TypeCode label) {
  std::string s;
  PutTag(&s, IndexTag::kLabel);
  PutU16(&s, label);
  return s;
}

Status DecodeLabelIndex(std::string_view key, TypeCode* label, NodeId* node) {
  Cursor in(key);
  if (!in.Tag(IndexTag::kLabel) || !in.U16(label) || !in.U64(node) || !in.AtEnd()) {
    return Malformed("label index key", key);
  }
  return Status::Ok();
}

std::string NameIndexKey(std::string_view folded_name, NodeId node) {
  std::string s = NameIndexPrefix(folded_name, /*exact=*/true);
  PutU64(&s, node);
  return s;
}

std::string NameIndexPrefix(std::string_view folded, bool exact) {
  std::string s;
  PutTag(&s, IndexTag::kName);
  s.append(folded);
  if (exact) s.push_back('\0');
  return s;
}

Status DecodeNameIndex(std::string_view key, std::string* folded, NodeId* node) {
  Cursor in(key);
  std::string_view name, separator;
  // The name is what lies between the tag and the separator before the trailing node id.
  if (key.size() < 1 + 1 + 8 || !in.Tag(IndexTag::kName) || !in.Bytes(key.size() - 1 - 1 - 8, &name) ||
      !in.Bytes(1, &separator) || separator[0] != '\0' || name.find('\0') != std::string_view::npos || !in.U64(node)) {
    return Malformed("name index key", key);
  }
  *folded = std::string(name);
  return Status::Ok();
}

std::string TypeIndexKey(TypeCode type, NodeId src, NodeId dst) {
  std::string s;
  AppendTypeIndexKey(&s, type, src, dst);
  return s;
}

void AppendTypeIndexKey(std::string* out, TypeCode type, NodeId src, NodeId dst) {
  PutTag(out, IndexTag::kType);
  PutU16(out, type);
  PutU64(out, src);
  PutU64(out, dst);
}

std::string TypeIndexPrefix(TypeCode type) {
  std::string s;
  PutTag(&s, IndexTag::kType);
  PutU16(&s, type);
  return s;
}

Status DecodeTypeIndex(std::string_view key, TypeCode* type, NodeId* src, NodeId* dst) {
  Cursor in(key);
  if (!in.Tag(IndexTag::kType) || !in.U16(type) || !in.U64(src) || !in.U64(dst) || !in.AtEnd()) {
    return Malformed("type index key", key);
  }
  return Status::Ok();
}

std::string EncodeChange(const ChangeRecord& change) {
  std::string s;
  s.reserve(24 + 8 * change.nodes.size() + kAdjacencyKeySize * change.edges.size());
  PutU64(&s, change.from_sequence);
  PutU64(&s, change.to_sequence);
  PutU32(&s, static_cast<uint32_t>(change.nodes.size()));
  for (NodeId node : change.nodes) PutU64(&s, node);
  PutU32(&s, static_cast<uint32_t>(change.edges.size()));
  for (const auto& edge : change.edges) AppendAdjacency(&s, edge);
  return s;
}

Status DecodeChange(std::string_view value, ChangeRecord* out) {
  Cursor in(value);
  uint32_t nodes = 0, edges = 0;
  if (!in.U64(&out->from_sequence) || !in.U64(&out->to_sequence) || !in.U32(&nodes) || nodes > in.Rest().size() / 8) {
    return Malformed("change record", value);
  }
  out->nodes.resize(nodes);
  for (auto& node : out->nodes) in.U64(&node);
  if (!in.U32(&edges) || edges > in.Rest().size() / kAdjacencyKeySize) return Malformed("change record", value);
  out->edges.resize(edges);
  for (auto& edge : out->edges) {
    in.U64(&edge.node);
    in.U16(&edge.type);
    in.U64(&edge.other);
  }
  if (!in.AtEnd() || out->to_sequence < out->from_sequence) return Malformed("change record", value);
  return Status::Ok();
}

std::string PrefixUpperBound(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xff) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // empty: no upper bound
}

}  // namespace cityties::store
