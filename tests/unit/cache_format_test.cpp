// The projection cache file's codec (projection/cache_format.h): round trip, and Corruption,
// never a crash or a huge allocation, for truncated, damaged or well-checksummed garbage files.
#include "projection/cache_format.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

namespace cityties::projection {
namespace {

Base SampleBase() {
  Base base;
  base.sequence = 1234;
  base.identity = 0xC0FFEE;
  base.directed = false;
  base.type_names = {"LOCATED_IN", "", "PARTY_TO"};
  VertexData city;
  city.node = 7;
  city.ext_id = "city/kaohsiung";
  city.label = "City";
  city.name = "高雄市";
  city.country = "country/tw";
  VertexData agreement;
  agreement.node = 9;
  agreement.ext_id = "agreement/a";
  agreement.label = "Agreement";
  agreement.kind = "sister_city";
  agreement.date = PartialDate::Parse("2016-05");
  agreement.end_date = PartialDate::Parse("2020");
  agreement.marks = {1, true, schema::ProvenanceMarks::Sources::kOnlySecondary};  // planned, secondary
  VertexData vertex;
  vertex.node = 11;
  vertex.ext_id = "42";
  vertex.label = "Vertex";
  vertex.numeric = true;
  vertex.numeric_id = 42;
  base.vertices = {vertex, agreement, city};
  base.by_ext = {0, 1, 2};  // "42" (numeric first), "agreement/a", "city/kaohsiung"
  // src dst weight type marks since until observed
  base.edges = {{2, 1, 1.0, 2, {}, PartialDate::Parse("2016-05-01"), std::nullopt, std::nullopt},
                {0,
                 2,
                 0.25,
                 0,
                 {schema::ProvenanceMarks::kOtherStatus, false, schema::ProvenanceMarks::Sources::kSomeReport},
                 std::nullopt,
                 std::nullopt,
                 PartialDate::Parse("2022-08-10")}};
  return base;
}

// Seals `body` (everything after the header) into a file with a valid header and checksum, as a
// damaged but well-formed-looking file would be.
std::string Seal(const std::string& body) {
  std::string file = EncodeCacheHeader({kCacheVersion, 1, 2}) + body;
  uint64_t sum = Fnv1a(file);
  for (int i = 0; i < 8; ++i) file.push_back(static_cast<char>(sum >> (8 * i)));
  return file;
}

std::string U32(uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }  // little-endian host

TEST(CacheFormat, EveryDateTheSchemaAcceptsSurvivesAndAbsentStaysAbsent) {
  Base base = SampleBase();
  base.vertices[1].date = PartialDate::Parse("0001");
  base.vertices[1].end_date = PartialDate::Parse("9999-12-31");
  Base back;
  ASSERT_TRUE(DecodeCache(EncodeCache(base), &back).ok());
  EXPECT_EQ(back.vertices[1].date, PartialDate::Parse("0001"));
  EXPECT_EQ(back.vertices[1].end_date, PartialDate::Parse("9999-12-31"));
  EXPECT_EQ(back.vertices[0].date, std::nullopt);
  EXPECT_EQ(back.edges[1].since, std::nullopt);
}

TEST(CacheFormat, RoundTripsEveryField) {
  const Base base = SampleBase();
  Base back;
  ASSERT_TRUE(DecodeCache(EncodeCache(base), &back).ok());
  EXPECT_EQ(back.sequence, base.sequence);
  EXPECT_EQ(back.identity, base.identity);
  EXPECT_EQ(back.directed, base.directed);
  EXPECT_EQ(back.type_names, base.type_names);
  ASSERT_EQ(back.vertices.size(), base.vertices.size());
  for (size_t i = 0; i < base.vertices.size(); ++i) {
    const auto& a = base.vertices[i];
    const auto& b = back.vertices[i];
    EXPECT_EQ(std::tie(a.node, a.ext_id, a.label, a.name, a.country, a.city, a.kind, a.date, a.end_date, a.numeric,
                       a.numeric_id, a.marks),
              std::tie(b.node, b.ext_id, b.label, b.name, b.country, b.city, b.kind, b.date, b.end_date, b.numeric,
                       b.numeric_id, b.marks))
        << i;
  }
  EXPECT_EQ(back.by_ext, base.by_ext);
  ASSERT_EQ(back.edges.size(), base.edges.size());
  for (size_t i = 0; i < base.edges.size(); ++i) {
    const auto& a = base.edges[i];
    const auto& b = back.edges[i];
    EXPECT_EQ(std::tie(a.src, a.dst, a.type, a.weight, a.since, a.until, a.marks),
              std::tie(b.src, b.dst, b.type, b.weight, b.since, b.until, b.marks));
  }
}

TEST(CacheFormat, WrittenInPiecesItIsTheSameFileAndAFailedPieceStopsIt) {
  Base base = SampleBase();
  const BaseEdge edge = base.edges[1];
  base.edges.assign(100000, edge);  // 3.3 MB: several pieces
  std::vector<std::string> pieces;
  ASSERT_TRUE(EncodeCacheInPieces(base, [&](std::string_view piece) {
                pieces.emplace_back(piece);
                return Status::Ok();
              }).ok());
  ASSERT_GT(pieces.size(), 3u);
  for (size_t i = 0; i + 1 < pieces.size(); ++i) EXPECT_LE(pieces[i].size(), kCachePieceSize + 64) << i;
  std::string joined;
  for (const auto& p : pieces) joined += p;
  EXPECT_EQ(joined, EncodeCache(base));
  Base back;
  ASSERT_TRUE(DecodeCache(joined, &back).ok());
  EXPECT_EQ(back.edges.size(), base.edges.size());
  int calls = 0;
  Status failed = EncodeCacheInPieces(
      base, [&](std::string_view) { return ++calls == 2 ? Status::IOError("disk full") : Status::Ok(); });
  EXPECT_EQ(failed.code(), Status::Code::kIOError);
  EXPECT_EQ(calls, 2) << "nothing is written after a failed piece";
}

TEST(CacheFormat, HeaderIsReadAlone) {
  std::string file = EncodeCache(SampleBase());
  CacheHeader header;
  ASSERT_TRUE(DecodeCacheHeader(file.substr(0, kCacheHeaderSize), &header).ok());
  EXPECT_EQ(header.version, kCacheVersion);
  EXPECT_EQ(header.sequence, 1234u);
  EXPECT_EQ(header.identity, 0xC0FFEEu);
  EXPECT_EQ(EncodeCacheHeader(header), file.substr(0, kCacheHeaderSize));
  for (size_t n = 0; n < kCacheHeaderSize; ++n) {
    EXPECT_TRUE(DecodeCacheHeader(file.substr(0, n), &header).IsCorruption()) << n;
  }
  file[0] = 'X';
  EXPECT_TRUE(DecodeCacheHeader(file, &header).IsCorruption());
}

TEST(CacheFormat, TruncatedOrDamagedFilesAreCorruption) {
  const std::string file = EncodeCache(SampleBase());
  Base base;
  for (size_t n = 0; n < file.size(); ++n) {
    EXPECT_TRUE(DecodeCache(file.substr(0, n), &base).IsCorruption()) << "prefix of " << n << " bytes";
  }
  EXPECT_TRUE(DecodeCache(file + "x", &base).IsCorruption());
  for (size_t at = 0; at < file.size(); ++at) {
    std::string damaged = file;
    damaged[at] ^= 0x20;
    EXPECT_TRUE(DecodeCache(damaged, &base).IsCorruption()) << "byte " << at;
  }
  std::string other_version = file;
  other_version[6] = 9;
  EXPECT_TRUE(DecodeCache(other_version, &base).IsCorruption());
}

TEST(CacheFormat, GarbageWithAValidChecksumIsCorruption) {
  Base base;
  // Counts far larger than the file are refused before anything is allocated for them.
  EXPECT_TRUE(DecodeCache(Seal(std::string(1, '\1') + U32(0xFFFFFFFF)), &base).IsCorruption());
  EXPECT_TRUE(DecodeCache(Seal(std::string(1, '\1') + U32(0) + U32(0xFFFFFFFF)), &base).IsCorruption());
  EXPECT_TRUE(DecodeCache(Seal(std::string(1, '\1') + U32(0) + U32(0) + std::string(8, '\xff')), &base).IsCorruption());
  // An external-id order that is not a permutation of the vertices.
  Base small = SampleBase();
  small.by_ext = {0, 2, 2};
  EXPECT_TRUE(DecodeCache(EncodeCache(small), &base).IsCorruption());
  small.by_ext = {0, 1, 3};
  EXPECT_TRUE(DecodeCache(EncodeCache(small), &base).IsCorruption());
  // An edge naming a vertex or a type the file does not hold.
  small = SampleBase();
  small.edges[0].dst = 3;
  EXPECT_TRUE(DecodeCache(EncodeCache(small), &base).IsCorruption());
  small = SampleBase();
  small.edges[0].type = 3;
  EXPECT_TRUE(DecodeCache(EncodeCache(small), &base).IsCorruption());
  // Random bodies.
  std::mt19937 rng(5);
  for (int round = 0; round < 2000; ++round) {
    std::string body(rng() % 120, '\0');
    for (auto& c : body) c = static_cast<char>(rng() % 4 == 0 ? rng() : rng() % 3);
    Status s = DecodeCache(Seal(body), &base);
    EXPECT_TRUE(s.ok() || s.IsCorruption()) << s.message();
  }
}

}  // namespace
}  // namespace cityties::projection
