#include <gtest/gtest.h>

#include "common/date.h"
#include "common/markup.h"
#include "common/status.h"
#include "common/text.h"

namespace cityties {
namespace {

TEST(PartialDate, ParsesThreePrecisions) {
  EXPECT_EQ(PartialDate::Parse("2016")->ToString(), "2016");
  EXPECT_EQ(PartialDate::Parse("2016-05")->ToString(), "2016-05");
  EXPECT_EQ(PartialDate::Parse("2024-02-29")->ToString(), "2024-02-29");
}

TEST(PartialDate, RejectsImpossibleDates) {
  for (const char* bad : {"", "16", "2016-13", "2016-00", "2023-02-29", "2023-02-30", "2016-5-1", "2016/05/01",
                          "2016-05-01T00", "20x6", "0000", "0000-01", "0000-02-29"}) {
    EXPECT_FALSE(PartialDate::Parse(bad)) << bad;
  }
}

TEST(PartialDate, OrdersByStartThenPrecision) {
  std::vector<std::string> sorted = {"1982", "2016", "2016-01", "2016-01-01", "2016-01-15", "2016-02", "2017"};
  for (size_t i = 0; i + 1 < sorted.size(); ++i) {
    EXPECT_LT(*PartialDate::Parse(sorted[i]), *PartialDate::Parse(sorted[i + 1])) << sorted[i];
  }
  EXPECT_EQ(PartialDate::Parse("2016")->FirstDay(), 20160101);
  EXPECT_EQ(PartialDate::Parse("2016")->LastDay(), 20161231);
  EXPECT_EQ(PartialDate::Parse("2024-02")->LastDay(), 20240229);
}

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("高雄 Kaohsiung"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xe9\xab"));      // truncated sequence
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
}

TEST(Text, FoldsCaseWidthAndSeparators) {
  EXPECT_EQ(FoldName("Kumamoto-ken"), "kumamoto ken");
  EXPECT_EQ(FoldName("ＫＵＭＡＭＯＴＯ　ken"), "kumamoto ken");
  EXPECT_EQ(FoldName("  Poznań  "), "poznań");
  EXPECT_EQ(FoldName("ＳＴＲＡẞＥ"), "strasse");
  EXPECT_EQ(FoldName("高雄市"), "高雄市");
  // The name index ends a folded name with 0x00 (store/format.h): a name holding one folds it away.
  EXPECT_EQ(FoldName(std::string("Kumamoto\0ken\x01\x7f", 14)), "kumamoto ken");
  EXPECT_EQ(FoldName("\xff"), "");
}

TEST(Text, EditDistanceCountsCodePoints) {
  EXPECT_EQ(EditDistance("kaohsiung", "kaohsuing"), 2u);
  EXPECT_EQ(EditDistance("高雄", "高雄市"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

TEST(EscapeMarkup, MarkupOnlyKeepsEveryOtherByte) {
  EXPECT_EQ(EscapeMarkup("<b> & \"q\"", MarkupEscape::kMarkupOnly), "&lt;b&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(EscapeMarkup("a\r\x01.", MarkupEscape::kMarkupOnly), "a\r\x01.");
}

TEST(EscapeMarkup, XmlReplacesWhatXmlCannotCarry) {
  EXPECT_EQ(EscapeMarkup("<a&b>", MarkupEscape::kXml), "&lt;a&amp;b&gt;");
  EXPECT_EQ(EscapeMarkup("a\tb\nc\rd", MarkupEscape::kXml), "a\tb\nc&#13;d");
  EXPECT_EQ(EscapeMarkup("x\x01y", MarkupEscape::kXml), "x\xEF\xBF\xBDy");
  EXPECT_EQ(EscapeMarkup("\xE9\xAB\x98\xE9\x9B\x84", MarkupEscape::kXml), "\xE9\xAB\x98\xE9\x9B\x84");
}

TEST(Status, UserErrorsAreWhatTheUserAskedDamageAndFailuresAreNot) {
  EXPECT_TRUE(Status::InvalidArgument("x").IsUserError());
  EXPECT_TRUE(Status::NotFound("x").IsUserError());
  EXPECT_TRUE(Status::AlreadyExists("x").IsUserError());
  EXPECT_TRUE(Status::Busy("x").IsUserError());
  EXPECT_FALSE(Status::Corruption("x").IsUserError());
  EXPECT_FALSE(Status::IOError("x").IsUserError());
  EXPECT_FALSE(Status::Internal("x").IsUserError());
  EXPECT_FALSE(Status::Ok().IsUserError());
}

TEST(Status, SubCodesSurviveContext) {
  Status held = Status::Busy("database in use", Status::SubCode::kLockHeld).WithContext("import");
  EXPECT_TRUE(held.IsLockHeld());
  EXPECT_EQ(held.message(), "import: database in use");
  EXPECT_FALSE(Status::Busy("busy").IsLockHeld());
  EXPECT_TRUE(Status::IOError("full", Status::SubCode::kNoSpace).IsNoSpace());
  EXPECT_FALSE(Status::IOError("other").IsNoSpace());
  EXPECT_EQ(Status::Corruption("x").subcode(), Status::SubCode::kNone);
}

}  // namespace
}  // namespace cityties
