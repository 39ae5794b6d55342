#include "store/keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace cityties::store {
namespace {

TEST(Keys, IntegersRoundTripAndSortNumerically) {
  std::vector<uint64_t> values = {0, 1, 255, 256, 65535, 1ull << 32, (1ull << 63) + 5, ~0ull};
  std::vector<std::string> encoded;
  for (uint64_t v : values) {
    std::string s = EncodeU64(v);
    ASSERT_EQ(s.size(), 8u);
    EXPECT_EQ(ReadU64(s.data()), v);
    encoded.push_back(s);
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
}

TEST(Keys, AdjacencyRoundTripAndPrefixOrder) {
  std::mt19937_64 rng(7);
  std::vector<AdjacencyKey> keys;
  for (int i = 0; i < 500; ++i) keys.push_back({rng() % 50, static_cast<TypeCode>(rng() % 4), rng()});
  std::vector<std::string> encoded;
  for (const auto& k : keys) {
    std::string s = EncodeAdjacency(k);
    ASSERT_EQ(s.size(), kAdjacencyKeySize);
    AdjacencyKey back = DecodeAdjacency(s);
    EXPECT_EQ(back.node, k.node);
    EXPECT_EQ(back.type, k.type);
    EXPECT_EQ(back.other, k.other);
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
  EXPECT_EQ(encoded[0].substr(0, 10).size(), AdjacencyPrefix(keys[0].node, keys[0].type).size());
  EXPECT_EQ(encoded[0].rfind(AdjacencyPrefix(keys[0].node, keys[0].type), 0), 0u);
}

TEST(Keys, NameIndexExactPrefixDoesNotMatchLongerNames) {
  std::string kumamoto = NameIndexKey("kumamoto", 1);
  std::string kumamoto_ken = NameIndexKey("kumamoto ken", 2);
  std::string exact = NameIndexPrefix("kumamoto", true);
  std::string prefix = NameIndexPrefix("kumamoto", false);
  EXPECT_EQ(kumamoto.rfind(exact, 0), 0u);
  EXPECT_NE(kumamoto_ken.rfind(exact, 0), 0u);
  EXPECT_EQ(kumamoto_ken.rfind(prefix, 0), 0u);
  std::string folded;
  NodeId node;
  DecodeNameIndex(kumamoto_ken, &folded, &node);
  EXPECT_EQ(folded, "kumamoto ken");
  EXPECT_EQ(node, 2u);
}

TEST(Keys, LabelAndTypeIndexRoundTrip) {
  std::string label_key = LabelIndexKey(3, 42);
  EXPECT_EQ(label_key.rfind(LabelIndexPrefix(3), 0), 0u);
  EXPECT_EQ(LabelIndexNode(label_key), 42u);
  EXPECT_LT(LabelIndexKey(3, 42), LabelIndexKey(3, 43));
  EXPECT_LT(LabelIndexKey(3, ~0ull), LabelIndexKey(4, 0));
  NodeId src, dst;
  DecodeTypeIndex(TypeIndexKey(9, 5, 6), &src, &dst);
  EXPECT_EQ(src, 5u);
  EXPECT_EQ(dst, 6u);
}

TEST(Keys, PrefixUpperBound) {
  EXPECT_EQ(PrefixUpperBound("ab"), "ac");
  EXPECT_EQ(PrefixUpperBound(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixUpperBound(std::string("\xff\xff", 2)), "");
}

}  // namespace
}  // namespace cityties::store
