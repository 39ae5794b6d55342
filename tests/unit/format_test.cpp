// Every Encode/Decode pair of store/format.h: round trip, byte order where scans rely on it, and
// Corruption (never a crash or a read out of bounds) for truncated, overlong and garbage input.
#include "store/format.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

namespace cityties::store {
namespace {

// Calls `decode` on every proper prefix of `encoded` and on it with a byte appended: each must
// be Corruption.
void ExpectTruncationsAndTailsCorrupt(const std::string& encoded,
                                      const std::function<Status(std::string_view)>& decode) {
  for (size_t n = 0; n < encoded.size(); ++n) {
    EXPECT_TRUE(decode(std::string_view(encoded).substr(0, n)).IsCorruption()) << "prefix of " << n << " bytes";
  }
  EXPECT_TRUE(decode(encoded + '\x01').IsCorruption()) << "one byte too many";
}

// Random bytes of every length up to 40: a decoder may accept some, but must answer OK or
// Corruption, never crash.
void ExpectGarbageOkOrCorrupt(const std::function<Status(std::string_view)>& decode) {
  std::mt19937 rng(11);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(rng() % 41, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng());
    Status s = decode(bytes);
    EXPECT_TRUE(s.ok() || s.IsCorruption()) << s.message();
  }
}

TEST(Format, NodeIdsRoundTripAndSortNumerically) {
  std::vector<uint64_t> values = {0, 1, 255, 256, 65535, 1ull << 32, (1ull << 63) + 5, ~0ull};
  std::vector<std::string> encoded;
  for (uint64_t v : values) {
    std::string s = EncodeNodeId(v);
    ASSERT_EQ(s.size(), 8u);
    NodeId back = 0;
    ASSERT_TRUE(DecodeNodeId(s, &back).ok());
    EXPECT_EQ(back, v);
    encoded.push_back(s);
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  NodeId id;
  ExpectTruncationsAndTailsCorrupt(EncodeNodeId(42), [&](std::string_view in) { return DecodeNodeId(in, &id); });
}

TEST(Format, CountersRoundTripAndRefuseOtherSizes) {
  for (uint64_t v : {0ull, 1ull, 1234567ull, ~0ull}) {
    uint64_t back = 7;
    ASSERT_TRUE(DecodeCounter(EncodeCounter(v), &back).ok());
    EXPECT_EQ(back, v);
  }
  uint64_t count;
  ExpectTruncationsAndTailsCorrupt(EncodeCounter(5), [&](std::string_view in) { return DecodeCounter(in, &count); });
}

TEST(Format, FormatVersionIsCanonicalDecimal) {
  for (int v : {0, 1, 7, 999}) {
    int back = -1;
    ASSERT_TRUE(DecodeFormatVersion(EncodeFormatVersion(v), &back).ok());
    EXPECT_EQ(back, v);
  }
  EXPECT_EQ(EncodeFormatVersion(kFormatVersion), "3");
  int version;
  for (const char* bad : {"", "x", "1x", " 1", "-1", "+1", "01", "99999999999999999999"}) {
    EXPECT_TRUE(DecodeFormatVersion(bad, &version).IsCorruption()) << bad;
  }
}

TEST(Format, DirectedFlagIsZeroOrOne) {
  bool directed = false;
  ASSERT_TRUE(DecodeDirected(EncodeDirected(true), &directed).ok());
  EXPECT_TRUE(directed);
  ASSERT_TRUE(DecodeDirected(EncodeDirected(false), &directed).ok());
  EXPECT_FALSE(directed);
  EXPECT_EQ(EncodeDirected(true), "1");
  EXPECT_EQ(EncodeDirected(false), "0");
  for (const char* bad : {"", "2", "true", "10"}) EXPECT_TRUE(DecodeDirected(bad, &directed).IsCorruption()) << bad;
}

TEST(Format, ChangeRecordsRoundTripAndRefuseMalformedInput) {
  ChangeRecord change;
  change.from_sequence = 41;
  change.to_sequence = 47;
  change.nodes = {3, 0x0102030405060708ull};
  change.edges = {{3, 7, 9}, {UINT64_MAX, 0xFFFF, 0}};
  const std::string bytes = EncodeChange(change);
  EXPECT_EQ(bytes.size(), 8 + 8 + 4 + 2 * 8 + 4 + 2 * kAdjacencyKeySize);
  ChangeRecord back;
  ASSERT_TRUE(DecodeChange(bytes, &back).ok());
  EXPECT_EQ(back.from_sequence, 41u);
  EXPECT_EQ(back.to_sequence, 47u);
  EXPECT_EQ(back.nodes, change.nodes);
  ASSERT_EQ(back.edges.size(), 2u);
  EXPECT_EQ(back.edges[1].node, UINT64_MAX);
  EXPECT_EQ(back.edges[1].type, 0xFFFF);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_EQ(DecodeChange(bytes.substr(0, cut), &back).code(), Status::Code::kCorruption) << cut;
  }
  EXPECT_EQ(DecodeChange(bytes + "x", &back).code(), Status::Code::kCorruption);
  std::string huge = bytes;
  huge[16] = '\x7f';  // a node count far past the record's end
  EXPECT_EQ(DecodeChange(huge, &back).code(), Status::Code::kCorruption);
  change.to_sequence = 40;  // ends before it begins
  EXPECT_EQ(DecodeChange(EncodeChange(change), &back).code(), Status::Code::kCorruption);

  uint64_t commit = 0;
  ASSERT_TRUE(meta::DecodeChangeKey(meta::ChangeKey(258), &commit).ok());
  EXPECT_EQ(commit, 258u);
  EXPECT_LT(meta::ChangeKey(255), meta::ChangeKey(256));  // byte order is commit order
  EXPECT_FALSE(meta::DecodeChangeKey("change/", &commit).ok());
  EXPECT_FALSE(meta::DecodeChangeKey("count/label/City", &commit).ok());
}

TEST(Format, DatabaseIdsAreThirtyTwoHexDigitsAndDiffer) {
  const auto id = NewDatabaseId();
  const std::string text = EncodeDatabaseId(id);
  EXPECT_EQ(text.size(), 32u);
  std::array<uint8_t, 16> back{};
  ASSERT_TRUE(DecodeDatabaseId(text, &back).ok());
  EXPECT_EQ(back, id);
  EXPECT_NE(EncodeDatabaseId(NewDatabaseId()), text);
  for (const char* bad : {"", "0123", "0123456789abcdef0123456789abcdeF", "0123456789abcdef0123456789abcdef0",
                          "0123456789abcdef0123456789abcdeg"}) {
    EXPECT_TRUE(DecodeDatabaseId(bad, &back).IsCorruption()) << bad;
  }
}

TEST(Format, PropsRoundTripAndMustBeOneMap) {
  Json props = {{"name_en", "Kumamoto"}, {"aliases", {"熊本", "Kumamoto-ken"}},
                {"weight", 2.5},         {"secondary", true},
                {"since", "2016-05"},    {"n", -3}};
  auto back = DecodeProps(EncodeProps(props));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, props);
  EXPECT_EQ(EncodeProps(Json()), "\x80");
  EXPECT_EQ(EncodeProps(Json::object()), "\x80");
  EXPECT_EQ(*DecodeProps("\x80"), Json::object());
  EXPECT_TRUE(DecodeProps("").status().IsCorruption());
  EXPECT_TRUE(DecodeProps("\x01").status().IsCorruption());      // a MessagePack integer, not a map
  EXPECT_TRUE(DecodeProps("\x91\x01").status().IsCorruption());  // an array
  // Strings that are not UTF-8 (a value, a key) and binary values are never written: found by fuzzing,
  // such a record decoded and then threw when printed.
  EXPECT_TRUE(DecodeProps(std::string("\x81\xa1k\xa1\xa6", 5)).status().IsCorruption());
  EXPECT_TRUE(DecodeProps(std::string("\x81\xa1\xff\x01", 4)).status().IsCorruption());
  EXPECT_TRUE(DecodeProps(std::string("\x81\xa1k\xc4\x01\x00", 6)).status().IsCorruption());
  // Nor is a record nested 200,000 levels deep, which overflowed the stack before.
  EXPECT_TRUE(DecodeProps("\x81\xa1k" + std::string(200000, '\x91') + "\xc0").status().IsCorruption());
  std::string nested_64 = "\x81\xa1k" + std::string(62, '\x91') + "\xc0";
  EXPECT_TRUE(DecodeProps(nested_64).ok());
  ExpectTruncationsAndTailsCorrupt(EncodeProps(props), [](std::string_view in) { return DecodeProps(in).status(); });
  ExpectGarbageOkOrCorrupt([](std::string_view in) { return DecodeProps(in).status(); });
}

TEST(Format, NodeValuesRoundTrip) {
  Json props = {{"name_en", "Busan"}, {"admin_level", "city"}};
  std::string encoded = EncodeNodeValue(3, "city/busan", props);
  NodeValue node;
  ASSERT_TRUE(DecodeNodeValue(encoded, &node).ok());
  EXPECT_EQ(node.label, 3);
  EXPECT_EQ(node.ext_id, "city/busan");
  EXPECT_EQ(node.props, props);
  // Without properties, and an empty external id.
  ASSERT_TRUE(DecodeNodeValue(EncodeNodeValue(0xFFFF, "", Json()), &node).ok());
  EXPECT_EQ(node.label, 0xFFFF);
  EXPECT_EQ(node.ext_id, "");
  EXPECT_EQ(node.props, Json::object());
}

TEST(Format, MalformedNodeValuesAreCorruption) {
  NodeValue node;
  auto decode = [&](std::string_view in) { return DecodeNodeValue(in, &node); };
  ExpectTruncationsAndTailsCorrupt(EncodeNodeValue(1, "city/busan", {{"name_en", "Busan"}}), decode);
  // An ext_len far beyond the record.
  std::string huge = EncodeNodeValue(1, "x", Json());
  huge[2] = '\x7f';
  EXPECT_TRUE(decode(huge).IsCorruption());
  ExpectGarbageOkOrCorrupt(decode);
}

TEST(Format, AdjacencyRoundTripAndPrefixOrder) {
  std::mt19937_64 rng(7);
  std::vector<AdjacencyKey> keys;
  for (int i = 0; i < 500; ++i) keys.push_back({rng() % 50, static_cast<TypeCode>(rng() % 4), rng()});
  std::vector<std::string> encoded;
  for (const auto& k : keys) {
    std::string s = EncodeAdjacency(k);
    ASSERT_EQ(s.size(), kAdjacencyKeySize);
    AdjacencyKey back;
    ASSERT_TRUE(DecodeAdjacency(s, &back).ok());
    EXPECT_EQ(back.node, k.node);
    EXPECT_EQ(back.type, k.type);
    EXPECT_EQ(back.other, k.other);
    EXPECT_EQ(s.rfind(AdjacencyPrefix(k.node, k.type), 0), 0u);
    EXPECT_EQ(s.rfind(AdjacencyPrefix(k.node), 0), 0u);
    encoded.push_back(s);
  }
  // Byte order equals (node, type, other) order, so one node's edges of one type are contiguous.
  std::vector<size_t> by_bytes(keys.size()), by_tuple(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) by_bytes[i] = by_tuple[i] = i;
  std::sort(by_bytes.begin(), by_bytes.end(), [&](size_t a, size_t b) { return encoded[a] < encoded[b]; });
  std::sort(by_tuple.begin(), by_tuple.end(), [&](size_t a, size_t b) {
    return std::tie(keys[a].node, keys[a].type, keys[a].other) < std::tie(keys[b].node, keys[b].type, keys[b].other);
  });
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(encoded[by_bytes[i]], encoded[by_tuple[i]]);
}

TEST(Format, MalformedAdjacencyKeysAreCorruption) {
  AdjacencyKey key;
  ExpectTruncationsAndTailsCorrupt(EncodeAdjacency({1, 2, 3}),
                                   [&](std::string_view in) { return DecodeAdjacency(in, &key); });
}

TEST(Format, IndexTagsAreTheFirstByte) {
  IndexTag tag;
  ASSERT_TRUE(DecodeIndexTag(LabelIndexKey(1, 2), &tag).ok());
  EXPECT_EQ(tag, IndexTag::kLabel);
  ASSERT_TRUE(DecodeIndexTag(NameIndexKey("busan", 2), &tag).ok());
  EXPECT_EQ(tag, IndexTag::kName);
  ASSERT_TRUE(DecodeIndexTag(TypeIndexKey(1, 2, 3), &tag).ok());
  EXPECT_EQ(tag, IndexTag::kType);
  // Stored on disk: the tags must never change.
  EXPECT_EQ(LabelIndexKey(1, 2)[0], 'L');
  EXPECT_EQ(NameIndexKey("a", 2)[0], 'N');
  EXPECT_EQ(TypeIndexKey(1, 2, 3)[0], 'T');
  EXPECT_TRUE(DecodeIndexTag("", &tag).IsCorruption());
  EXPECT_TRUE(DecodeIndexTag("X", &tag).IsCorruption());
}

TEST(Format, LabelIndexRoundTripAndOrder) {
  std::string key = LabelIndexKey(3, 42);
  EXPECT_EQ(key.rfind(LabelIndexPrefix(3), 0), 0u);
  TypeCode label = 0;
  NodeId node = 0;
  ASSERT_TRUE(DecodeLabelIndex(key, &label, &node).ok());
  EXPECT_EQ(label, 3);
  EXPECT_EQ(node, 42u);
  EXPECT_LT(LabelIndexKey(3, 42), LabelIndexKey(3, 43));
  EXPECT_LT(LabelIndexKey(3, ~0ull), LabelIndexKey(4, 0));
  auto decode = [&](std::string_view in) { return DecodeLabelIndex(in, &label, &node); };
  ExpectTruncationsAndTailsCorrupt(key, decode);
  EXPECT_TRUE(decode(TypeIndexKey(3, 42, 0).substr(0, key.size())).IsCorruption());  // another tag
}

TEST(Format, NameIndexExactPrefixDoesNotMatchLongerNames) {
  std::string kumamoto = NameIndexKey("kumamoto", 1);
  std::string kumamoto_ken = NameIndexKey("kumamoto ken", 2);
  std::string exact = NameIndexPrefix("kumamoto", true);
  std::string prefix = NameIndexPrefix("kumamoto", false);
  EXPECT_EQ(kumamoto.rfind(exact, 0), 0u);
  EXPECT_NE(kumamoto_ken.rfind(exact, 0), 0u);
  EXPECT_EQ(kumamoto_ken.rfind(prefix, 0), 0u);
  EXPECT_EQ(kumamoto_ken.rfind(NameIndexPrefix("", false), 0), 0u);  // every name
  std::string folded;
  NodeId node = 0;
  ASSERT_TRUE(DecodeNameIndex(kumamoto_ken, &folded, &node).ok());
  EXPECT_EQ(folded, "kumamoto ken");
  EXPECT_EQ(node, 2u);
  ASSERT_TRUE(DecodeNameIndex(NameIndexKey("", 9), &folded, &node).ok());
  EXPECT_EQ(folded, "");
  EXPECT_EQ(node, 9u);
}

TEST(Format, MalformedNameIndexKeysAreCorruption) {
  std::string folded;
  NodeId node;
  auto decode = [&](std::string_view in) { return DecodeNameIndex(in, &folded, &node); };
  std::string key = NameIndexKey("busan", 7);
  for (size_t n = 0; n < key.size(); ++n) EXPECT_TRUE(decode(key.substr(0, n)).IsCorruption()) << n;
  std::string no_separator = key;
  no_separator[1 + 5] = 'x';
  EXPECT_TRUE(decode(no_separator).IsCorruption());
  std::string zero_in_name = key;
  zero_in_name[2] = '\0';
  EXPECT_TRUE(decode(zero_in_name).IsCorruption());
  EXPECT_TRUE(decode(LabelIndexKey(1, 7)).IsCorruption());
  ExpectGarbageOkOrCorrupt(decode);
}

TEST(Format, TypeIndexRoundTripAndOrder) {
  std::string key = TypeIndexKey(9, 5, 6);
  EXPECT_EQ(key.rfind(TypeIndexPrefix(9), 0), 0u);
  TypeCode type = 0;
  NodeId src = 0, dst = 0;
  ASSERT_TRUE(DecodeTypeIndex(key, &type, &src, &dst).ok());
  EXPECT_EQ(type, 9);
  EXPECT_EQ(src, 5u);
  EXPECT_EQ(dst, 6u);
  EXPECT_LT(TypeIndexKey(9, 5, ~0ull), TypeIndexKey(9, 6, 0));
  EXPECT_LT(TypeIndexKey(9, ~0ull, ~0ull), TypeIndexKey(10, 0, 0));
  ExpectTruncationsAndTailsCorrupt(key, [&](std::string_view in) { return DecodeTypeIndex(in, &type, &src, &dst); });
}

TEST(Format, MetaKeys) {
  EXPECT_EQ(meta::LabelCountKey("City"), "count/label/City");
  EXPECT_EQ(meta::TypeCountKey("PARTY_TO"), "count/type/PARTY_TO");
}

TEST(Format, PrefixUpperBound) {
  EXPECT_EQ(PrefixUpperBound("ab"), "ac");
  EXPECT_EQ(PrefixUpperBound(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixUpperBound(std::string("\xff\xff", 2)), "");
  EXPECT_GT(PrefixUpperBound(AdjacencyPrefix(5)), EncodeAdjacency({5, 0xFFFF, ~0ull}));
  EXPECT_LE(PrefixUpperBound(AdjacencyPrefix(5)), EncodeAdjacency({6, 0, 0}));
}

}  // namespace
}  // namespace cityties::store
