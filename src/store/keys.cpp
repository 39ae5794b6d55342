#include "store/keys.h"

#include <map>

namespace cityties::store {

namespace meta {
std::string LabelCountKey(std::string_view label) { return "count/label/" + std::string(label); }
std::string TypeCountKey(std::string_view type) { return "count/type/" + std::string(type); }
}  // namespace meta

void AppendU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

void AppendU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void AppendU64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

uint16_t ReadU16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>((u[0] << 8) | u[1]);
}

uint32_t ReadU32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

uint64_t ReadU64(const char* p) { return (uint64_t{ReadU32(p)} << 32) | ReadU32(p + 4); }

std::string EncodeU64(uint64_t v) {
  std::string s;
  AppendU64(&s, v);
  return s;
}

namespace {
constexpr uint8_t kCatalogVersion = 1;
}  // namespace

std::string EncodeCatalog(const schema::Catalog& catalog) {
  std::string v(1, static_cast<char>(kCatalogVersion));
  for (auto kind : {schema::CatalogKind::kLabel, schema::CatalogKind::kProperty, schema::CatalogKind::kEdgeType}) {
    std::map<schema::Code, std::string_view> by_code;
    for (const auto& [name, code] : catalog.codes(kind)) by_code[code] = name;
    for (const auto& [code, name] : by_code) {
      v.push_back(static_cast<char>(kind));
      AppendU16(&v, code);
      AppendU16(&v, static_cast<uint16_t>(name.size()));
      v.append(name);
    }
  }
  return v;
}

Result<schema::Catalog> DecodeCatalog(std::string_view value) {
  auto corrupt = [](const std::string& what) { return Status::Corruption("catalog: " + what); };
  if (value.empty() || static_cast<uint8_t>(value[0]) != kCatalogVersion) return corrupt("unknown version");
  schema::Catalog catalog;
  for (size_t at = 1; at < value.size();) {
    if (value.size() - at < 5) return corrupt("truncated entry");
    auto kind = static_cast<schema::CatalogKind>(value[at]);
    if (kind != schema::CatalogKind::kLabel && kind != schema::CatalogKind::kEdgeType &&
        kind != schema::CatalogKind::kProperty) {
      return corrupt("unknown kind byte " + std::to_string(static_cast<uint8_t>(value[at])));
    }
    schema::Code code = ReadU16(value.data() + at + 1);
    size_t len = ReadU16(value.data() + at + 3);
    at += 5;
    if (value.size() - at < len) return corrupt("truncated name");
    Status added = catalog.Add(kind, std::string(value.substr(at, len)), code);
    if (!added.ok()) return corrupt(added.message());
    at += len;
  }
  return catalog;
}

std::string NodeKey(NodeId id) { return EncodeU64(id); }

std::string EncodeAdjacency(const AdjacencyKey& key) {
  std::string s;
  s.reserve(kAdjacencyKeySize);
  AppendU64(&s, key.node);
  AppendU16(&s, key.type);
  AppendU64(&s, key.other);
  return s;
}

AdjacencyKey DecodeAdjacency(std::string_view key) {
  return AdjacencyKey{ReadU64(key.data()), ReadU16(key.data() + 8), ReadU64(key.data() + 10)};
}

std::string AdjacencyPrefix(NodeId node) { return EncodeU64(node); }

std::string AdjacencyPrefix(NodeId node, TypeCode type) {
  std::string s = EncodeU64(node);
  AppendU16(&s, type);
  return s;
}

std::string LabelIndexKey(TypeCode label, NodeId node) {
  std::string s = LabelIndexPrefix(label);
  AppendU64(&s, node);
  return s;
}

std::string LabelIndexPrefix(TypeCode label) {
  std::string s(1, kLabelIndexTag);
  AppendU16(&s, label);
  return s;
}

NodeId LabelIndexNode(std::string_view key) { return ReadU64(key.data() + 3); }

std::string NameIndexKey(std::string_view folded_name, NodeId node) {
  std::string s = NameIndexPrefix(folded_name, /*exact=*/true);
  AppendU64(&s, node);
  return s;
}

std::string NameIndexPrefix(std::string_view folded, bool exact) {
  std::string s(1, kNameIndexTag);
  s.append(folded);
  if (exact) s.push_back('\0');
  return s;
}

void DecodeNameIndex(std::string_view key, std::string* folded, NodeId* node) {
  // 'N' + folded + 0x00 + u64
  *folded = std::string(key.substr(1, key.size() - 1 - 1 - 8));
  *node = ReadU64(key.data() + key.size() - 8);
}

std::string TypeIndexKey(TypeCode type, NodeId src, NodeId dst) {
  std::string s = TypeIndexPrefix(type);
  AppendU64(&s, src);
  AppendU64(&s, dst);
  return s;
}

std::string TypeIndexPrefix(TypeCode type) {
  std::string s(1, kTypeIndexTag);
  AppendU16(&s, type);
  return s;
}

void DecodeTypeIndex(std::string_view key, NodeId* src, NodeId* dst) {
  *src = ReadU64(key.data() + 3);
  *dst = ReadU64(key.data() + 11);
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
