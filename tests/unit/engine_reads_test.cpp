// What the engine reads from the store to answer, counted rather than timed (store records_read):
// a call reads each record it needs once, and a Database opened for reading decodes a stored node
// once for all the calls on it (engine/database.h), so that the explorer's largest answers stay
// fast however loaded the machine is.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "database_fixture.h"
#include "projection/image.h"

namespace cityties::engine {
namespace {

using cityties::testing::LoadDatabase;
using cityties::testing::TempDir;

class EngineReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = LoadDatabase(dir_, std::string(CITYTIES_SOURCE_DIR) + "/data/kaohsiung");
    ASSERT_TRUE(db_);
    // The first call builds and stores the projection cache; every later call reads it from there.
    ASSERT_TRUE(ReadSession(*db_).ProjectGraph({}).ok());
  }
  uint64_t Reads() const { return db_->store().records_read(); }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(EngineReadsTest, TiesOfTheHomeReadEachRecordOnceAndNodesOnlyOnce) {
  ReadSession s(*db_);
  uint64_t before = Reads();
  auto first = s.Ties({{}, "高雄市"});
  ASSERT_TRUE(first.ok()) << first.status().message();
  uint64_t first_reads = Reads() - before;
  ASSERT_GT(first->rows.size(), 300u);
  // Each row's edge, the nodes it names (the other end, its country, the co-parties: each once),
  // an official's offices: a few reads a row, not a scan per row.
  EXPECT_LE(first_reads, 4 * first->rows.size() + first->nodes.size()) << first_reads << " reads";
  before = Reads();
  auto again = s.Ties({{}, "高雄市"});
  ASSERT_TRUE(again.ok());
  uint64_t again_reads = Reads() - before;
  // The nodes come from the Database's cache: what is left is the edges and the offices.
  EXPECT_LT(again_reads, first_reads - first->nodes.size() / 2) << again_reads << " of " << first_reads;
  EXPECT_EQ(again->rows.size(), first->rows.size());
}

TEST_F(EngineReadsTest, TheWholeGraphWithItsNodesReadsEachNodeOnce) {
  ReadSession s(*db_);
  ProjectionRequest request;
  request.with_nodes = true;
  uint64_t before = Reads();
  auto first = s.ProjectGraph(request);
  ASSERT_TRUE(first.ok());
  uint64_t first_reads = Reads() - before;
  EXPECT_EQ(first->nodes.size(), first->graph->num_vertices());
  EXPECT_LE(first_reads, first->nodes.size() + 20) << first_reads << " reads";
  before = Reads();
  auto again = s.ProjectGraph(request);
  ASSERT_TRUE(again.ok());
  EXPECT_LE(Reads() - before, 20u) << "the nodes come from the cache";
  EXPECT_EQ(again->nodes.size(), first->nodes.size());
}

// A kernel starts on the image while its checksum is compared alongside. An image damaged where
// only the checksum can tell (a vertex's numeric id) is never answered from: the answer comes
// from the store, the same as before the damage, and the image is written again.
TEST_F(EngineReadsTest, AKernelOnADamagedImageAnswersFromTheStore) {
  KernelRequest request;
  request.kind = KernelRequest::Kind::kWcc;
  auto ids = [](const KernelResult& r) {
    std::vector<std::string> out;
    for (Vertex v = 0; v < r.num_vertices(); ++v) {
      auto number = r.NumericId(v);
      out.push_back(number ? std::to_string(*number) : std::string(r.ExtId(v)));
    }
    return out;
  };
  ASSERT_TRUE(ReadSession(*db_).Kernel(request).ok());  // writes the image
  auto intact = ReadSession(*db_).Kernel(request);
  ASSERT_TRUE(intact.ok());
  ASSERT_TRUE(intact->image) << "answered from the image";
  // Taken before the file is written in place below (the mapping would show the damage; cityties
  // itself replaces an image by rename, never in place).
  const auto intact_ids = ids(*intact);
  const auto intact_labels = intact->label;
  intact = KernelResult{};
  const std::string path = dir_.path("db") + "/" + projection::kImageFileName;
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 80u);
  bytes[64] = static_cast<char>(bytes[64] ^ 1);  // the first vertex's numeric id
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  auto damaged = ReadSession(*db_).Kernel(request);
  ASSERT_TRUE(damaged.ok()) << damaged.status().message();
  EXPECT_FALSE(damaged->image) << "answered from the damaged image";
  EXPECT_EQ(damaged->label, intact_labels);
  EXPECT_EQ(ids(*damaged), intact_ids);
  auto again = ReadSession(*db_).Kernel(request);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->image) << "the image was written again";
  EXPECT_EQ(ids(*again), intact_ids);
}

TEST_F(EngineReadsTest, AWritableDatabaseReadsThrough) {
  db_.reset();
  auto db = Database::Open(dir_.path("db"), Database::Access::kWrite);
  ASSERT_TRUE(db.ok()) << db.status().message();
  ReadSession s(**db);
  ProjectionRequest request;
  request.with_nodes = true;
  ASSERT_TRUE(s.ProjectGraph(request).ok());
  uint64_t before = (*db)->store().records_read();
  auto again = s.ProjectGraph(request);
  ASSERT_TRUE(again.ok());
  EXPECT_GE((*db)->store().records_read() - before, again->nodes.size()) << "no cache beside a writer";
}

}  // namespace
}  // namespace cityties::engine
