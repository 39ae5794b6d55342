// The projection image (projection/image.h): written from a default view, mapped back, and the
// kernels on it answer exactly as on the Projection; stale, foreign and damaged files are refused.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "algo/analytics.h"
#include "algo_test_util.h"
#include "projection/image.h"
#include "projection/word_hash.h"

namespace cityties::algo {
namespace {

using projection::Image;
using testing::GraphTest;

class ImageTest : public GraphTest {
 protected:
  std::shared_ptr<const Image> WriteAndOpen(const Projection& p, uint64_t sequence = 7, uint64_t identity = 9) {
    Status written = projection::WriteImage(p, store_->schema(), path_, sequence, identity);
    EXPECT_TRUE(written.ok()) << written.message();
    auto image = projection::OpenImage(path_, sequence, identity);
    EXPECT_TRUE(image.ok()) << image.status().message();
    return image.ok() ? *image : nullptr;
  }
  // Every kernel, on the projection and on its image.
  void ExpectSameAnswers(const Projection& p, const Image& image) {
    ASSERT_EQ(image.num_vertices(), p.num_vertices());
    for (Vertex v = 0; v < p.num_vertices(); ++v) {
      EXPECT_EQ(image.ExtId(v), p.vertex(v).ext_id);
      EXPECT_EQ(image.FindExt(p.vertex(v).ext_id), v);
      EXPECT_EQ(store_->schema().LabelByCode(image.Label(v))->name, p.vertex(v).label);
    }
    for (Vertex s = 0; s < p.num_vertices(); ++s) {
      EXPECT_EQ(Bfs(image, s), Bfs(p, s)) << "bfs from " << s;
      EXPECT_EQ(*Sssp(image, s), *Sssp(p, s)) << "sssp from " << s;
    }
    EXPECT_EQ(Wcc(image), Wcc(p));
    EXPECT_EQ(PageRank(image, 0.85, 20), PageRank(p, 0.85, 20));
    EXPECT_EQ(Cdlp(image, 10), Cdlp(p, 10));
    EXPECT_EQ(Lcc(image), Lcc(p));
  }
  std::string path_ = dir_.path("projection.image");
};

// The image checksum, fed as the writer feeds it (pieces of any multiple of 8 bytes), equals
// the same words mixed one at a time into lane k mod 4 (the definition; images written before
// the lanes moved into registers still open).
TEST(ImageChecksum, AnyPiecesGiveTheOneWordAtATimeSum) {
  std::mt19937_64 random(3);
  std::string data(8 * 1001, '\0');
  for (size_t i = 0; i < data.size(); i += 8) {
    const uint64_t w = random();
    std::memcpy(&data[i], &w, 8);
  }
  uint64_t lane[4] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL, 0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL};
  for (size_t k = 0; k < data.size() / 8; ++k) {
    uint64_t w;
    std::memcpy(&w, &data[8 * k], 8);
    uint64_t& h = lane[k % 4];
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  const uint64_t expected = (lane[0] * 3) ^ (lane[1] * 5) ^ (lane[2] * 7) ^ (lane[3] * 11) ^ (data.size() / 8);
  for (size_t piece_words : {1, 3, 4, 5, 13, 1001}) {
    projection::WordHash hash;
    for (size_t at = 0; at < data.size(); at += 8 * piece_words) {
      hash.Update(data.data() + at, std::min(8 * piece_words, data.size() - at));
    }
    EXPECT_EQ(hash.Finish(), expected) << piece_words;
  }
}

TEST_F(ImageTest, DirectedGraphAnswersAsTheProjection) {
  Projection p = ProjectEdges({{1, 2}, {1, 3}, {2, 3}, {3, 1}, {4, 3}, {10, 2}}, true, {6});
  auto image = WriteAndOpen(p);
  ASSERT_TRUE(image);
  EXPECT_TRUE(image->directed());
  ExpectSameAnswers(p, *image);
  EXPECT_EQ(image->NumericId(0), std::optional<uint64_t>(1));
  EXPECT_FALSE(image->FindExt("5").has_value());
}

TEST_F(ImageTest, UndirectedWeightedGraphAnswersAsTheProjection) {
  Projection p = ProjectEdges({{1, 2, 1}, {2, 3, 1}, {1, 3, 3}, {3, 4, 2}, {4, 5, 0.5}}, false, {7}, true);
  auto image = WriteAndOpen(p);
  ASSERT_TRUE(image);
  EXPECT_FALSE(image->directed());
  ExpectSameAnswers(p, *image);
}

TEST_F(ImageTest, PropertyGraphIdsSortAsTheView) {
  Node("city/kaohsiung", "City");
  Node("city/busan", "City");
  Node("agreement/a", "Agreement");
  Edges({"city/kaohsiung", "city/busan"}, "PARTY_TO", "agreement/a");
  Commit();
  Projection p = Project();
  auto image = WriteAndOpen(p);
  ASSERT_TRUE(image);
  ExpectSameAnswers(p, *image);
  EXPECT_EQ(image->FindExt("city/busan"), p.FindExt("city/busan"));
  EXPECT_FALSE(image->NumericId(0).has_value());
}

TEST_F(ImageTest, OnlyADefaultViewHasAnImage) {
  LoadEdges({{1, 2}}, false);
  projection::Filter f;
  f.labels = {"Vertex"};
  Projection p = Project(f);
  EXPECT_FALSE(projection::WriteImage(p, store_->schema(), path_, 1, 1).ok());
  EXPECT_FALSE(projection::IsDefaultFilter(f));
  EXPECT_TRUE(projection::IsDefaultFilter(projection::Filter{}));
}

TEST_F(ImageTest, StaleForeignMissingAndDamagedImagesAreRefused) {
  Projection p = ProjectEdges({{1, 2}, {2, 3}, {3, 4}}, false);
  ASSERT_TRUE(WriteAndOpen(p, 7, 9));
  EXPECT_TRUE(projection::OpenImage(path_, 8, 9).status().IsNotFound());  // the data changed
  EXPECT_TRUE(projection::OpenImage(path_, 7, 1).status().IsNotFound());  // another database
  EXPECT_TRUE(projection::OpenImage(dir_.path("none"), 7, 9).status().IsNotFound());
  std::string bytes;
  {
    std::ifstream in(path_, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& b) { std::ofstream(path_, std::ios::binary | std::ios::trunc) << b; };
  // Truncated anywhere: refused, never read past the end.
  for (size_t cut : {size_t{0}, size_t{10}, size_t{64}, bytes.size() / 2, bytes.size() - 1}) {
    write(bytes.substr(0, cut));
    auto opened = projection::OpenImage(path_, 7, 9);
    EXPECT_FALSE(opened.ok()) << "cut at " << cut;
  }
  // An arc naming another vertex that exists (the last u32 before the checksum is a sym target,
  // 4 -> 3 becomes 4 -> 2): only the checksum can tell, and it does.
  std::string other = bytes;
  other[other.size() - 12] = static_cast<char>(other[other.size() - 12] ^ 1);
  write(other);
  EXPECT_TRUE(projection::OpenImage(path_, 7, 9).status().IsCorruption());
  // Checked alongside: safe to use at once (every arc names a vertex), and Verify names the damage.
  auto alongside = projection::OpenImage(path_, 7, 9, projection::ChecksumCheck::kAlongside);
  ASSERT_TRUE(alongside.ok());
  EXPECT_TRUE((*alongside)->Verify().IsCorruption());
  EXPECT_TRUE((*alongside)->Verify().IsCorruption());  // asked again, the same answer
  write(bytes);
  auto intact = projection::OpenImage(path_, 7, 9, projection::ChecksumCheck::kAlongside);
  ASSERT_TRUE(intact.ok());
  EXPECT_TRUE((*intact)->Verify().ok());
  EXPECT_TRUE(projection::OpenImage(path_, 7, 9, projection::ChecksumCheck::kAlongside).ok());  // dropped unasked
  // A flipped checksum.
  std::string bad = bytes;
  bad[bad.size() - 1] = static_cast<char>(bad[bad.size() - 1] ^ 0x40);
  write(bad);
  EXPECT_TRUE(projection::OpenImage(path_, 7, 9).status().IsCorruption());
}

}  // namespace
}  // namespace cityties::algo
