// Table output fits the width it is given: wide cells wrap, the least important columns are
// hidden and named on the notes stream, --wide prints everything whole, csv and json never change.
#include "cli/output.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <variant>

#include "common/text.h"

namespace cityties::cli {
namespace {

using nlohmann::json;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t WidestLine(const std::string& text) {
  size_t widest = 0;
  for (const auto& line : Lines(text)) widest = std::max(widest, DisplayWidth(line));
  return widest;
}

struct Printed {
  std::string out, notes;
};

Printed PrintAt(const Table& table, Format format, TableStyle style) {
  std::ostringstream out, notes;
  Print(table, format, out, notes, style);
  return {out.str(), notes.str()};
}

// A ties-like table, about 230 columns wide.
Table WideTable() {
  Table t;
  t.columns = {"group", "other", "name", "kind", "date", "parties", "sources"};
  for (int i = 0; i < 4; ++i) {
    t.Add({"agreement", "agreement/kaohsiung-kumamoto-friendship-" + std::to_string(i),
           "Kaohsiung-Kumamoto friendship cities and a much longer English name " + std::to_string(i),
           "friendship_city", "2017-10-03", json::array({"city/kumamoto", "city/sado", "city/kaohsiung"}),
           json::array({"2022-H2.md §3", "2023.md §7"})});
  }
  return t;
}

TEST(OutputTest, NarrowTableIsUnchanged) {
  Table t;
  t.columns = {"rank", "id", "value"};
  t.Add({1, "city/kaohsiung", 7});
  auto printed = PrintAt(t, Format::kTable, {100, false});
  EXPECT_EQ(printed.out, "rank  id              value\n----  --------------  -----\n1     city/kaohsiung  7\n");
  EXPECT_EQ(printed.notes, "");
}

TEST(OutputTest, WideTableFitsAndNamesHiddenColumns) {
  auto printed = PrintAt(WideTable(), Format::kTable, {100, false});
  EXPECT_LE(WidestLine(printed.out), 100u) << printed.out;
  EXPECT_EQ(printed.notes, "2 columns hidden (sources, parties); --wide for all\n");
  // Nothing is cut: the long name and the id wrap onto further lines, whole.
  EXPECT_EQ(printed.out.find("…"), std::string::npos) << printed.out;
  EXPECT_NE(printed.out.find("English name 3"), std::string::npos) << printed.out;
  EXPECT_NE(printed.out.find("friendship-3"), std::string::npos) << printed.out;
  EXPECT_GT(Lines(printed.out).size(), 2u + 4u);  // header, rule, and more than a line a row
  for (const auto& line : Lines(printed.out)) EXPECT_NE(line.back(), ' ') << "a line ends in a space: " << line;
}

TEST(OutputTest, NarrowerTerminalHidesNoMoreThanNeeded) {
  auto printed = PrintAt(WideTable(), Format::kTable, {140, false});
  EXPECT_LE(WidestLine(printed.out), 140u);
  EXPECT_EQ(printed.notes, "1 column hidden (sources); --wide for all\n");
}

TEST(OutputTest, WidePrintsEveryColumnWhole) {
  Table t = WideTable();
  auto printed = PrintAt(t, Format::kTable, {100, true});
  EXPECT_EQ(printed.notes, "");
  auto lines = Lines(printed.out);
  ASSERT_EQ(lines.size(), 2u + t.rows.size());
  EXPECT_GT(WidestLine(printed.out), 200u);
  EXPECT_NE(lines[2].find("2022-H2.md §3|2023.md §7"), std::string::npos);
}

TEST(OutputTest, CjkCellsCountTwoColumnsAndWrapBetweenCharacters) {
  Table t;
  t.columns = {"id", "name"};
  std::string name;
  for (int i = 0; i < 40; ++i) name += "高雄市";  // 240 columns
  t.Add({"x", name});
  auto printed = PrintAt(t, Format::kTable, {50, false});
  EXPECT_LE(WidestLine(printed.out), 50u) << printed.out;
  auto lines = Lines(printed.out);
  // 240 columns at 46 a line would take 6 lines; a cell gets 180 columns (kMaxCellLines of
  // kMaxCellWidth) worth of lines, here 4, and the rest is cut.
  ASSERT_EQ(lines.size(), 2u + 4u) << printed.out;
  EXPECT_NE(lines.back().find("…"), std::string::npos);
  EXPECT_EQ(lines[2].rfind("x   高雄市", 0), 0u) << lines[2];  // "id" is two columns wide
}

TEST(OutputTest, CsvAndJsonIgnoreTheWidth) {
  Table t = WideTable();
  EXPECT_EQ(PrintAt(t, Format::kCsv, {40, false}).out, PrintAt(t, Format::kCsv, {400, true}).out);
  auto json_out = PrintAt(t, Format::kJson, {40, false});
  EXPECT_EQ(json_out.notes, "");
  auto parsed = json::parse(json_out.out);
  EXPECT_EQ(parsed[0]["sources"], json::array({"2022-H2.md §3", "2023.md §7"}));
}

TEST(OutputTest, ShortestTextReadsBackInTheFewestDigitsLaidOutAsJson) {
  const std::pair<double, const char*> known[] = {
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {1.0, "1.0"},
      {-2.5, "-2.5"},
      {0.1, "0.1"},
      {0.15 + 0.15, "0.3"},
      {1.0 / 3, "0.3333333333333333"},
      {1e-4, "0.0001"},
      {1.25e-4, "0.000125"},
      {1e-5, "1e-05"},
      {2.5e-7, "2.5e-07"},
      {1e14, "100000000000000.0"},
      {123456789012345.6, "123456789012345.6"},
      {1e15, "1e+15"},
      {123456789012345678.0, "1.2345678901234568e+17"},
      {1e21, "1e+21"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {7.5338193860568524e-06, "7.533819386056852e-06"},  // nlohmann: 17 digits, one too many
      {std::nan(""), "null"},
      {INFINITY, "null"},
      {-INFINITY, "null"}};
  for (const auto& [value, text] : known) EXPECT_EQ(ShortestText(value), text) << text;
  // Against nlohmann's form and strtod over doubles of every exponent: the same double back, never
  // more digits, and where both chose the same digits, the same bytes (Grisu2 sometimes takes one
  // more digit, or another last digit, than the shortest, closest one).
  std::mt19937_64 random(12);
  std::exponential_distribution<double> rank(1e5);
  auto significant = [](const std::string& t) {
    std::string d;
    for (char c : t.substr(0, t.find('e'))) {
      if (c >= '0' && c <= '9' && !(d.empty() && c == '0')) d += c;
    }
    while (!d.empty() && d.back() == '0') d.pop_back();
    return d;
  };
  size_t other_digits = 0;
  for (int i = 0; i < 200000; ++i) {
    double value;
    if (i % 2) {
      value = rank(random);
    } else {
      const uint64_t bits = random();
      std::memcpy(&value, &bits, sizeof value);
      if (!std::isfinite(value)) continue;
    }
    const std::string ours = ShortestText(value), theirs = json(value).dump();
    ASSERT_EQ(std::strtod(ours.c_str(), nullptr), value) << ours;
    ASSERT_LE(significant(ours).size(), significant(theirs).size()) << ours << " " << theirs;
    if (significant(ours) == significant(theirs)) {
      ASSERT_EQ(ours, theirs);
    } else {
      ++other_digits;
    }
  }
  EXPECT_LT(other_digits, 1000u);  // they agree almost always
}

// Rows streamed by RowStream, and the same rows as a Table printed by Print.
struct Streamed {
  Table table;
  std::vector<std::vector<std::variant<uint64_t, int64_t, double, std::string>>> rows;
};

Streamed AwkwardRows() {
  Streamed s;
  s.table.columns = {"value", "id", "name"};  // not in key order: json objects sort their keys
  const double doubles[] = {0.0,      -0.0,  1.0,     0.1,    1.0 / 3,     2.5e-7, 1e-5,         123456789012345678.0,
                            1e21,     1e300, -4e-300, 5e-324, 0.15 + 0.15, 0.85,   std::nan(""), INFINITY,
                            -INFINITY};
  uint64_t i = 0;
  for (double d : doubles) {
    s.rows.push_back({d, i, std::string("plain")});
    s.table.Add({d, i++, "plain"});
  }
  const std::string texts[] = {"",       "a,b",    "say \"hi\"",           "two\nlines",  "cr\rhere",
                               "高雄市", "tab\tx", std::string(1, '\x01'), "back\\slash", "caf\xc3\xa9"};
  for (const auto& t : texts) {
    s.rows.push_back({int64_t{-7}, t, t});
    s.table.Add({int64_t{-7}, t, t});
  }
  s.rows.push_back({std::numeric_limits<int64_t>::max(), std::numeric_limits<uint64_t>::max(), std::string("x")});
  s.table.Add({std::numeric_limits<int64_t>::max(), std::numeric_limits<uint64_t>::max(), "x"});
  return s;
}

std::string StreamAt(const Streamed& s, Format format, size_t rows) {
  std::ostringstream out, notes;
  {
    RowStream stream(format, out, notes, {80, false}, s.table.columns);
    for (size_t r = 0; r < rows; ++r) {
      for (const auto& cell : s.rows[r]) std::visit([&](const auto& v) { stream.Add(v); }, cell);
      stream.EndRow();
    }
  }
  return out.str();
}

TEST(OutputTest, StreamedRowsAreByteForByteThePrintedTable) {
  Streamed s = AwkwardRows();
  for (Format format : {Format::kCsv, Format::kJson, Format::kTable}) {
    for (size_t rows : {size_t{0}, size_t{1}, s.rows.size()}) {
      Table part{s.table.columns, {s.table.rows.begin(), s.table.rows.begin() + static_cast<long>(rows)}};
      EXPECT_EQ(StreamAt(s, format, rows), PrintAt(part, format, {80, false}).out)
          << "format " << static_cast<int>(format) << ", " << rows << " rows";
    }
  }
}

TEST(OutputTest, StreamedRowsComeInLargePieces) {
  // Many rows: written as they come, not held (the output grows before the stream ends).
  std::ostringstream out, notes;
  RowStream stream(Format::kCsv, out, notes, {}, {"id", "value"});
  for (uint64_t v = 0; v < 100000; ++v) {
    stream.Add(v);
    stream.Add(1.0 / static_cast<double>(v + 1));
    stream.EndRow();
  }
  EXPECT_GT(out.str().size(), size_t{1} << 20);
  stream.Finish();
  EXPECT_EQ(Lines(out.str()).size(), 100001u);
  EXPECT_EQ(Lines(out.str())[2], "1,0.5");
}

TEST(OutputTest, RowsAddedInPiecesOnThreadsAreTheRowsAddedOneByOne) {
  // Rows before, pieces across several waves, a last piece cut short, and rows after.
  const size_t count = 5 * RowStream::kPieceRows + 7;
  auto add = [](RowStream& rows, size_t i) {
    rows.Add(static_cast<uint64_t>(i));
    rows.Add(1.0 / static_cast<double>(i + 3));
    if (i % 3) rows.Add(std::string_view(i % 2 ? "odd, one" : "even"));  // else left empty
  };
  for (auto [format, threads] :
       {std::pair{Format::kCsv, 3}, {Format::kCsv, 1}, {Format::kJson, 2}, {Format::kTable, 2}}) {
    const size_t n = format == Format::kTable ? 40 : count;
    std::ostringstream one_by_one, in_pieces, notes;
    {
      RowStream a(format, one_by_one, notes, {80, false}, {"id", "value", "name"});
      RowStream b(format, in_pieces, notes, {80, false}, {"id", "value", "name"});
      for (RowStream* s : {&a, &b}) {
        s->Add(uint64_t{999});
        s->EndRow();
      }
      for (size_t i = 0; i < n; ++i) {
        add(a, i);
        a.EndRow();
      }
      b.AddRows(n, add, threads);
      for (RowStream* s : {&a, &b}) {
        s->Add(std::string_view("last"));
        s->EndRow();
      }
    }
    EXPECT_EQ(in_pieces.str(), one_by_one.str()) << "format " << static_cast<int>(format) << ", threads " << threads;
    EXPECT_GT(in_pieces.str().size(), n * 10);
  }
}

TEST(OutputTest, TerminalWidthFollowsColumns) {
  const char* before = std::getenv("COLUMNS");
  std::string saved = before ? before : "";
  ::setenv("COLUMNS", "77", 1);
  EXPECT_EQ(TerminalWidth(), 77u);
  ::unsetenv("COLUMNS");
  if (!isatty(STDOUT_FILENO)) {  // as under ctest: no terminal, no $COLUMNS
    EXPECT_EQ(TerminalWidth(), kDefaultTableWidth);
  }
  if (before) ::setenv("COLUMNS", saved.c_str(), 1);
}

}  // namespace
}  // namespace cityties::cli
