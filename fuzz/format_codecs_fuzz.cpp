// The record and key codecs of src/store/format.h. The first byte chooses a codec, the rest is
// the record. Decoding arbitrary bytes returns Ok or Corruption, never reads out of bounds; what
// decodes encodes back to the same bytes (or, where an encoding is not canonical, to a record
// that decodes the same), and Encode -> Decode is the identity.
#include <string>

#include "common/text.h"
#include "fuzz/fuzz_common.h"
#include "store/format.h"

namespace {

using namespace cityties;
using namespace cityties::store;

void CheckDecodeStatus(const Status& status) { CT_FUZZ_CHECK(status.ok() || status.IsCorruption(), status.message()); }

// Decoded properties are usable as the rest of the program uses them: printable as JSON.
void CheckUsable(const Json& props) {
  try {
    (void)props.dump();
  } catch (const std::exception& e) {
    CT_FUZZ_CHECK(false, std::string("decoded props do not print: ") + e.what());
  }
}

void CheckProps(std::string_view bytes) {
  auto props = DecodeProps(bytes);
  CheckDecodeStatus(props.status());
  if (!props.ok()) return;
  CT_FUZZ_CHECK(props->is_object(), "props not an object");
  CheckUsable(*props);
  std::string encoded = EncodeProps(*props);
  auto again = DecodeProps(encoded);
  CT_FUZZ_CHECK(again.ok(), again.status().message());
  CT_FUZZ_CHECK(EncodeProps(*again) == encoded, "props changed in the round trip");
}

void CheckNodeValue(std::string_view bytes) {
  NodeValue value;
  Status decoded = DecodeNodeValue(bytes, &value);
  CheckDecodeStatus(decoded);
  if (!decoded.ok()) return;
  CheckUsable(value.props);
  std::string encoded = EncodeNodeValue(value.label, value.ext_id, value.props);
  NodeValue again;
  CT_FUZZ_CHECK(DecodeNodeValue(encoded, &again).ok(), "re-encoded node value does not decode");
  CT_FUZZ_CHECK(again.label == value.label && again.ext_id == value.ext_id, "node value changed");
  CT_FUZZ_CHECK(EncodeNodeValue(again.label, again.ext_id, again.props) == encoded, "node value changed");
}

void CheckCatalog(std::string_view bytes) {
  auto catalog = DecodeCatalog(bytes);
  CheckDecodeStatus(catalog.status());
  if (!catalog.ok()) return;
  auto again = DecodeCatalog(EncodeCatalog(*catalog));
  CT_FUZZ_CHECK(again.ok(), again.status().message());
  CT_FUZZ_CHECK(*again == *catalog, "catalog changed in the round trip");
}

// A decoder of a canonical encoding: what decodes re-encodes to exactly the input.
template <typename Decode, typename Encode>
void CheckCanonical(std::string_view bytes, Decode decode, Encode encode) {
  Status decoded = decode(bytes);
  CheckDecodeStatus(decoded);
  if (decoded.ok()) CT_FUZZ_CHECK(encode() == bytes, "re-encoding differs from the input");
}

// A head block decodes under any block number it fits, to heads of that block, and re-encodes to
// the input (the ids of other heads are not in it).
void CheckHeadBlock(std::string_view bytes) {
  const NodeId block = bytes.size() * 0x9E3779B97F4A7C15ull % (UINT64_MAX / kHeadBlockSize);
  std::vector<HeadEntry> heads;
  Status decoded = DecodeHeadBlock(block, bytes, &heads);
  CheckDecodeStatus(decoded);
  if (!decoded.ok()) return;
  for (const auto& head : heads) CT_FUZZ_CHECK(head.node / kHeadBlockSize == block, "head outside its block");
  CT_FUZZ_CHECK(EncodeHeadBlock(heads) == bytes, "re-encoding differs from the input");
}

void CheckNameIndexRoundTrip(std::string_view bytes) {
  // Names are indexed folded: every folded name, with any node, decodes back from its key.
  NodeId node = bytes.size() * 0x9E3779B97F4A7C15ull;
  std::string folded = FoldName(bytes);
  std::string key = NameIndexKey(folded, node);
  std::string back;
  NodeId back_node = 0;
  Status decoded = DecodeNameIndex(key, &back, &back_node);
  CT_FUZZ_CHECK(decoded.ok(), decoded.message());
  CT_FUZZ_CHECK(back == folded && back_node == node, "name index key changed");
  CT_FUZZ_CHECK(key.starts_with(NameIndexPrefix(folded, /*exact=*/true)), "exact prefix");
}

void CheckPrefixUpperBound(std::string_view bytes) {
  std::string prefix(bytes);
  std::string bound = PrefixUpperBound(prefix);
  if (bound.empty()) {
    CT_FUZZ_CHECK(prefix.find_first_not_of('\xff') == std::string::npos, "no bound for a prefix that has one");
    return;
  }
  CT_FUZZ_CHECK(bound > prefix && !bound.starts_with(prefix), "bound inside the prefix range");
  CT_FUZZ_CHECK((prefix + "\xff\xff").compare(bound) < 0, "bound below a key with the prefix");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  int version = 0;
  uint64_t count = 0;
  bool directed = false;
  NodeId id = 0, src = 0, dst = 0;
  TypeCode type = 0;
  AdjacencyKey adjacency;
  IndexTag tag;
  std::string folded;
  std::vector<AdjacentEntry> entries;
  switch (data[0] % 16) {
    case 0:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeFormatVersion(b, &version); },
          [&] { return EncodeFormatVersion(version); });
      break;
    case 1:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeCounter(b, &count); }, [&] { return EncodeCounter(count); });
      break;
    case 2:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeDirected(b, &directed); }, [&] { return EncodeDirected(directed); });
      break;
    case 3:
      CheckCatalog(bytes);
      break;
    case 4:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeNodeId(b, &id); }, [&] { return EncodeNodeId(id); });
      break;
    case 5:
      CheckProps(bytes);
      break;
    case 6:
      CheckNodeValue(bytes);
      break;
    case 7:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeAdjacency(b, &adjacency); }, [&] { return EncodeAdjacency(adjacency); });
      break;
    case 8: {
      Status decoded = DecodeIndexTag(bytes, &tag);
      CheckDecodeStatus(decoded);
      if (decoded.ok()) CT_FUZZ_CHECK(static_cast<char>(tag) == bytes[0], "index tag changed");
      break;
    }
    case 9:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeLabelIndex(b, &type, &id); }, [&] { return LabelIndexKey(type, id); });
      break;
    case 10:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeNameIndex(b, &folded, &id); }, [&] { return NameIndexKey(folded, id); });
      break;
    case 11:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeTypeIndex(b, &type, &src, &dst); },
          [&] { return TypeIndexKey(type, src, dst); });
      break;
    case 12:
      CheckNameIndexRoundTrip(bytes);
      break;
    case 13:
      CheckPrefixUpperBound(bytes);
      break;
    case 14:
      CheckCanonical(
          bytes, [&](auto b) { return DecodeAdjacencyList(b, &entries); },
          [&] { return EncodeAdjacencyList(entries); });
      break;
    case 15:
      CheckHeadBlock(bytes);
      break;
  }
  return 0;
}
