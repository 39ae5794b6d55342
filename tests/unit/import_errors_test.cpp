// Import robustness: byte-order marks, many errors in one run, nesting depth, long values, and
// the coverage file of the shipped dataset.
#include <gtest/gtest.h>

#include <fstream>

#include "common/text.h"
#include "import/bounds.h"
#include "import/coverage.h"
#include "import/error_log.h"
#include "import/importer.h"
#include "import/json_nesting.h"
#include "test_util.h"

namespace cityties::import {
namespace {

using testing::StoreTest;

class ImportErrorsTest : public StoreTest {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_.path(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  size_t CountLines(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  }
};

TEST_F(ImportErrorsTest, ByteOrderMarkIsSkippedInCsvAndJsonLines) {
  std::string csv = Write("bom.csv", "\xEF\xBB\xBF:id,:label,name_en\ncountry/de,Country,Germany\n");
  std::string jsonl = Write("bom.jsonl", "\xEF\xBB\xBF{\"id\":\"country/fr\",\"label\":\"Country\",\"props\":{}}\n");
  Status s = ImportFiles(*store_, {csv, jsonl}, {}, nullptr);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(store_->GetNode("country/de")->props["name_en"], "Germany");
  EXPECT_TRUE(store_->GetNode("country/fr").ok());
}

TEST_F(ImportErrorsTest, EveryBadRowIsReportedAndNothingIsWritten) {
  std::string csv = Write("bad.csv",
                          ":id,:label,kind,date,delegation_size\n"
                          "visit/a,Visit,event,2023-02-30,\n"
                          "visit/b,Visit,event,2023,\n"
                          "visit/c,Visit,party,2023,\n"
                          "visit/d,Visit,event,2023,ten\n");
  uint64_t before = store_->Sequence();
  Status s = ImportFiles(*store_, {csv}, {}, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.IsUserError());
  EXPECT_NE(s.message().find(csv + ":2: property 'date' must be a date"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(csv + ":4: property 'kind' has value \"party\""), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(csv + ":5: property 'delegation_size' must be an integer"), std::string::npos);
  EXPECT_NE(s.message().find("3 errors; nothing was written"), std::string::npos);
  EXPECT_EQ(store_->Sequence(), before);
  EXPECT_TRUE(store_->Resolve("visit/b").status().IsNotFound());
}

TEST_F(ImportErrorsTest, MaxErrorsCountsTheRest) {
  std::string rows = ":id,:label,kind,date\n";
  for (int i = 0; i < 30; ++i) rows += "visit/" + std::to_string(i) + ",Visit,party,2020\n";
  ImportOptions options;
  options.max_errors = 5;
  Status s = ImportFiles(*store_, {Write("many.csv", rows)}, options, nullptr);
  EXPECT_EQ(CountLines(s.message(), "has value \"party\""), 5u);
  EXPECT_NE(s.message().find("25 more errors not shown"), std::string::npos) << s.message();
  EXPECT_EQ(CountLines(ImportFiles(*store_, {dir_.path("many.csv")}, {}, nullptr).message(), "\"party\""), 20u);
}

TEST_F(ImportErrorsTest, DeepNestingIsRefusedWithFileLineAndField) {
  std::string deep(48000, '[');
  deep += std::string(48000, ']');
  std::string path = Write("deep.jsonl",
                           "{\"id\":\"country/de\",\"label\":\"Country\",\"props\":{}}\n"
                           "{\"id\":\"visit/x\",\"label\":\"Visit\",\"props\":{\"kind\":\"event\",\"date\":\"2020\","
                           "\"topics\":" +
                               deep + "}}\n");
  Status s = ImportFiles(*store_, {path}, {}, nullptr);
  EXPECT_EQ(s.message(), path + ":2: field 'props.topics': JSON nested deeper than 64 levels");
  EXPECT_TRUE(store_->Resolve("country/de").status().IsNotFound());
}

TEST_F(ImportErrorsTest, LongValuesAreCutShortInMessages) {
  std::string path = Write("long.jsonl", "{\"id\":\"visit/x\",\"label\":\"Visit\",\"props\":{\"kind\":\"" +
                                             std::string(5000, 'x') + "\",\"date\":\"2020\"}}\n");
  Status s = ImportFiles(*store_, {path}, {}, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_LT(s.message().size(), 400u) << s.message();
  EXPECT_NE(s.message().find("xxx…"), std::string::npos);
}

TEST_F(ImportErrorsTest, IdsAndStringLengthsAreBoundedWithFileLineAndField) {
  const std::string big(kMaxStringBytes + 1, 'x');
  std::string jsonl =
      Write("bounds.jsonl", "{\"id\":\"country/de\",\"label\":\"Country\",\"props\":{\"aliases\":[\"a\",\"" + big +
                                "\"]}}\n"
                                "{\"id\":\"country/d e\",\"label\":\"Country\"}\n"
                                "{\"from\":\"a\",\"type\":\"LOCATED_IN\",\"to\":\"" +
                                std::string(kMaxIdBytes + 1, 'c') + "\"}\n");
  std::string csv = Write("bounds.csv", ":id,:label,name_en\ncity/\u00e9,City,x\ncity/a,City," + big + "\n");
  Status s = ImportFiles(*store_, {jsonl, csv}, {}, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.IsUserError());
  const std::string& m = s.message();
  EXPECT_NE(m.find(jsonl + ":1: field 'props.aliases[1]': string of 65537 bytes is longer than 65536 bytes"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find(jsonl + ":2: field 'id': id \"country/d e\" must be printable ASCII"), std::string::npos) << m;
  EXPECT_NE(m.find(jsonl + ":3: field 'to': id of 257 bytes is longer than 256 bytes: 'ccc"), std::string::npos) << m;
  EXPECT_NE(m.find(csv + ":2: field ':id': id \"city/\\xc3\\xa9\" must be printable ASCII"), std::string::npos) << m;
  EXPECT_NE(m.find(csv + ":3: field 'name_en': string of 65537 bytes"), std::string::npos) << m;
  EXPECT_LT(m.size(), 1500u) << m;  // the long id is cut short
  EXPECT_TRUE(store_->Resolve("country/de").status().IsNotFound());
}

TEST_F(ImportErrorsTest, ANameHoldingNulIsIndexedAndFound) {
  // Found by fuzzing FoldName: a name with "\u0000" folded to a name index key with a second
  // 0x00, which Validate then reported as a malformed key and no lookup could find.
  std::string path =
      Write("nul.jsonl", "{\"id\":\"country/x\",\"label\":\"Country\",\"props\":{\"name_en\":\"Nul\\u0000Land\"}}\n");
  ASSERT_TRUE(ImportFiles(*store_, {path}, {}, nullptr).ok());
  auto problems = store_->Validate();
  ASSERT_TRUE(problems.ok()) << problems.status().message();
  EXPECT_TRUE(problems->empty()) << (*problems)[0];
  auto found = store_->FindByName("nul land", 5);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
}

TEST(JsonNesting, CountsLevelsOutsideStringsAndNamesTheField) {
  EXPECT_TRUE(CheckJsonNesting(R"({"a":[[1]],"b":"[[[[[[[["})", 3).ok());
  EXPECT_EQ(CheckJsonNesting(R"({"a":{"b":[[2]]}})", 3).message(), "field 'a.b': JSON nested deeper than 3 levels");
  EXPECT_EQ(CheckJsonNesting("[[[[", 2).message(), "field '(the record)': JSON nested deeper than 2 levels");
}

TEST(ErrorLog, KeepsTheFirstAndCountsTheRest) {
  ErrorLog log(2);
  EXPECT_TRUE(log.ToStatus().ok());
  for (const char* m : {"a", "b", "c"}) log.Add(Status::NotFound(m));
  log.Add(Status::Ok());
  EXPECT_EQ(log.count(), 3u);
  EXPECT_EQ(log.ToStatus().message(), "a\nerror: b\n1 more errors not shown\n3 errors; nothing was written");
  EXPECT_TRUE(log.ToStatus().IsNotFound());
}

TEST(ShortenValues, CutsQuotedAndBracketedValuesOnly) {
  std::string long_value(100, 'y');
  EXPECT_EQ(ShortenValues("got \"" + long_value + "\" here", 10), "got \"yyyyyyyyy… here");
  EXPECT_EQ(ShortenValues("list [1,2,3,4,5,6,7,8,9,10] end", 6), "list [1,2,3… end");
  EXPECT_EQ(ShortenValues("it's 'short' and fine", 10), "it's 'short' and fine");
  EXPECT_EQ(ShortenValues("\"高雄高雄高雄\"", 3), "\"高雄…");
  EXPECT_EQ(WithoutByteOrderMark("\xEF\xBB\xBFx"), "x");
}

TEST(Coverage, TheShippedFileNamesEveryReportInOrder) {
  auto periods = LoadCoverage(std::string(CITYTIES_SOURCE_DIR) + "/data/kaohsiung/coverage.json");
  ASSERT_TRUE(periods.ok()) << periods.status().message();
  ASSERT_EQ(periods->size(), 5u);
  EXPECT_EQ(periods->front().file, "004_6de0411d3e247b52.txt");
  EXPECT_EQ(periods->front().start.ToString(), "2015-07");
  EXPECT_TRUE(periods->front().Covers(*PartialDate::Parse("2015-08-14")));
  EXPECT_FALSE(periods->front().Covers(*PartialDate::Parse("2015")));
  for (size_t i = 1; i < periods->size(); ++i) {
    EXPECT_LE((*periods)[i - 1].start.FirstDay(), (*periods)[i].start.FirstDay());
  }
}

TEST(Coverage, BadEntriesNameTheEntryAndField) {
  ::cityties::testing::TempDir dir;
  auto write = [&](const std::string& text) {
    std::ofstream(dir.path("c.json")) << text;
    return LoadCoverage(dir.path("c.json")).status().message();
  };
  EXPECT_EQ(write(R"({"periods":[{"file":"a.txt","start":"2020","end":"2019"}]})"),
            dir.path("c.json") + ": periods[0]: field 'end' is before 'start'");
  EXPECT_EQ(
      write(R"({"periods":[{"file":"a.txt","start":"2020-13","end":"2021"}]})"),
      dir.path("c.json") + ": periods[0]: field 'start' must be a date YYYY, YYYY-MM or YYYY-MM-DD, got \"2020-13\"");
  EXPECT_EQ(write(R"({"periods":{}})"), dir.path("c.json") + ": needs a \"periods\" list");
}

}  // namespace
}  // namespace cityties::import
