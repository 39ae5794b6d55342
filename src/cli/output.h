// Printing results as a table that fits the terminal, JSON or CSV. Every command that prints data
// builds a Table and hands it here, so all three formats come out of one place.
//
// Promises:
//  - json and csv carry every column and every value whole, whatever the terminal.
//  - table fits TableStyle::width display columns (CJK characters take two) when it can: cells
//    wider than kMaxCellWidth or than their share of the width wrap (at spaces, '|', '/', ',' and
//    hyphens between letters where there are any, never narrower than a word of up to 20
//    columns), and only a cell longer than kMaxCellLines lines of kMaxCellWidth is cut with "…". When the columns
//    cannot fit without wrapping below kMinShareWidth, the least important are hidden, in this order: sources, lists of
//    parties or members, ids; a note on `notes` names them. A table that fits as it is prints as it is.
//  - table with TableStyle::wide prints every column whole, one line per row.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cityties::cli {

enum class Format { kTable, kJson, kCsv };

Result<Format> ParseFormat(const std::string& text);

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows;  // one value per column; null prints empty

  void Add(std::vector<nlohmann::json> row) { rows.push_back(std::move(row)); }
};

struct TableStyle {
  size_t width = 0;   // display columns to fit; 0: TerminalWidth()
  bool wide = false;  // every column whole, however wide
};

inline constexpr size_t kDefaultTableWidth = 100;  // when stdout is no terminal and $COLUMNS is unset
inline constexpr size_t kMaxCellWidth = 60;        // a wider cell wraps
inline constexpr size_t kMaxCellLines = 3;         // a cell longer than this many lines is cut
inline constexpr size_t kMinShareWidth = 24;       // narrower than this, hide a column instead

// The width tables fit: $COLUMNS when it is a number, else the terminal's when stdout is one,
// else kDefaultTableWidth (so piped and tested output does not depend on the terminal).
size_t TerminalWidth();

// table: columns fitted to the width (see above), hidden columns named on `notes`; json: an array
// of objects keyed by column; csv: RFC 4180 with a header row.
void Print(const Table& table, Format format, std::ostream& out, std::ostream& notes, const TableStyle& style);
// The same fitted to TerminalWidth(), notes on std::cerr (for callers without an Invocation).
void Print(const Table& table, Format format, std::ostream& out);

// A table of plain cells (integers, numbers, text) given row by row. In csv and json each row is
// written as it comes, byte for byte as Print writes the same Table, without holding the rows or a
// JSON value per cell, and in large pieces: for answers of one row per vertex (the kernels), whose
// Table of 200,000 rows costs more than the kernel. A table (fitted to the width) needs every row
// first: in that format the rows are collected and printed by Print at Finish.
class RowStream {
 public:
  RowStream(Format format, std::ostream& out, std::ostream& notes, const TableStyle& style,
            std::vector<std::string> columns);
  RowStream(const RowStream&) = delete;
  RowStream& operator=(const RowStream&) = delete;
  ~RowStream();  // Finish()

  // The next cell of the current row (one per column, in column order).
  void Add(uint64_t value);
  void Add(int64_t value);
  void Add(double value);
  void Add(std::string_view text);
  void AddNull();  // prints empty in csv, null in json
  // Ends the current row.
  void EndRow();
  // Rows 0 .. count-1, row i added by add_row(stream, i) (its cells, without EndRow), with the
  // same bytes as adding them one by one here. In csv and json, pieces of kPieceRows rows are
  // filled on `threads` threads (0: the machine's), each into a stream of its own, while this
  // thread writes the finished ones in order: add_row must only read shared state and not throw.
  void AddRows(size_t count, const std::function<void(RowStream&, size_t)>& add_row, size_t threads = 0);
  static constexpr size_t kPieceRows = 16384;
  // Ends the table and writes what is left; then nothing more may be added.
  void Finish();

 private:
  // A piece of the rows of `whole`, from its row `first_row` on, held in buffer_ until taken.
  RowStream(const RowStream& whole, size_t first_row);
  void Flush();
  std::string& NextCell();
  Format format_;
  std::ostream& out_;
  std::ostream& notes_;
  TableStyle style_;
  Table table_;                      // kTable: the rows, printed at Finish
  std::vector<nlohmann::json> row_;  // kTable: the current row
  std::vector<std::string> cells_;   // json: the current row's cells as written (csv: one per column, unused)
  std::vector<size_t> json_order_;   // json: the columns in key order (objects print sorted)
  std::vector<std::string> keys_;    // json: each column's key, quoted
  size_t cell_ = 0;
  size_t rows_ = 0;
  std::string buffer_;
  bool finished_ = false;
  bool piece_ = false;  // holds its rows for the stream it is a piece of
};

// A value as plain text: strings unquoted, lists joined with '|', null empty.
std::string CellText(const nlohmann::json& value);

// Display columns of UTF-8 text (East Asian wide characters take two).
size_t DisplayWidth(const std::string& text);

}  // namespace cityties::cli
