#include "cli/output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "common/csv.h"
#include "common/text.h"

namespace cityties::cli {
namespace {

// The bytes of the UTF-8 character that starts at s[i] and the display columns it takes (East
// Asian wide characters, which are three or four bytes, take two).
size_t CharLength(std::string_view s, size_t i, size_t* columns) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  *columns = len >= 3 ? 2 : 1;
  return std::min(len, s.size() - i);
}

// Walks UTF-8 text a character at a time and stops before the first one that would take it past
// `max_width` display columns. Returns the bytes walked and sets `*width` to the columns they take.
size_t FitWidth(std::string_view s, size_t max_width, size_t* width) {
  *width = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t w;
    size_t len = CharLength(s, i, &w);
    if (*width + w > max_width) break;
    *width += w;
    i += len;
  }
  return i;
}

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

size_t Width(std::string_view s) {
  size_t width;
  FitWidth(s, SIZE_MAX, &width);
  return width;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string TrimRight(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Calls fn for each piece of text that a line may end after, in order: a run of characters up to
// and including a space, '|', '/', ',' or a hyphen between letters, or one wide character (CJK
// breaks anywhere). The pieces view `text`.
template <typename Fn>
void ForEachBreakPiece(std::string_view text, Fn fn) {
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t w;
    const size_t len = CharLength(text, i, &w);
    const char c = text[i];
    const bool single = len == 1;
    const bool hyphen =
        single && c == '-' && i > 0 && IsAlnum(text[i - 1]) && i + 1 < text.size() && IsAlnum(text[i + 1]);
    if (w == 2 && i > start) {  // a wide character starts a piece of its own
      fn(text.substr(start, i - start));
      start = i;
    }
    i += len;
    if (w == 2 || (single && (c == ' ' || c == '|' || c == '/' || c == ',')) || hyphen) {
      fn(text.substr(start, i - start));
      start = i;
    }
  }
  if (start < text.size()) fn(text.substr(start));
}

// Wraps one line of text to lines of at most `width` columns, at break pieces where it can and
// inside a piece longer than a line.
void WrapLine(const std::string& text, size_t width, std::vector<std::string>* lines) {
  std::string line;
  size_t line_width = 0;
  auto flush = [&] {
    lines->push_back(TrimRight(line));
    line.clear();
    line_width = 0;
  };
  std::vector<std::string> pieces;
  ForEachBreakPiece(text, [&](std::string_view piece) { pieces.emplace_back(piece); });
  for (std::string piece : pieces) {
    size_t w = DisplayWidth(TrimRight(piece));
    if (line_width > 0 && line_width + w > width) flush();
    while (DisplayWidth(TrimRight(piece)) > width) {  // a piece longer than a line: split it
      size_t fitted;
      size_t bytes = std::max<size_t>(1, FitWidth(piece, width, &fitted));
      line = piece.substr(0, bytes);
      flush();
      piece = piece.substr(bytes);
    }
    if (line.empty() && piece == " ") continue;
    line += piece;
    line_width += DisplayWidth(piece);
  }
  if (!line.empty() || lines->empty()) flush();
}

// A cell as lines of at most `width` columns: its own line breaks kept, long lines wrapped, and
// what takes more lines than kMaxCellLines of kMaxCellWidth would cut with "…".
std::vector<std::string> WrapCell(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    WrapLine(text.substr(start, end == std::string::npos ? std::string::npos : end - start), width, &lines);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  const size_t max_lines =
      std::max(kMaxCellLines, (kMaxCellWidth * kMaxCellLines + width - 1) / std::max<size_t>(width, 1));
  if (lines.size() > max_lines) {
    lines.resize(max_lines);
    size_t fitted;
    lines.back() = lines.back().substr(0, FitWidth(lines.back(), width - 1, &fitted)) + "…";
  }
  return lines;
}

// How much a column matters, lowest hidden first: sources, then other lists (parties, members),
// then ids, then the rest (never hidden).
enum class Importance { kSources = 0, kList = 1, kId = 2, kKeep = 3 };

bool LooksLikeId(const nlohmann::json& value) {
  if (!value.is_string()) return false;
  const std::string& s = value.get_ref<const std::string&>();
  size_t slash = s.find('/');
  return slash != std::string::npos && slash > 0 && slash + 1 < s.size() && s.find(' ') == std::string::npos;
}

Importance ImportanceOf(const Table& table, size_t column) {
  const std::string& name = table.columns[column];
  if (name == "sources" || name.ends_with("_sources")) return Importance::kSources;
  bool list = false, ids = true, any = false;
  for (const auto& row : table.rows) {
    const auto& v = row[column];
    if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) continue;
    any = true;
    list = list || v.is_array();
    ids = ids && LooksLikeId(v);
  }
  if (list) return Importance::kList;
  if (name == "id" || name.ends_with("_id") || (any && ids)) return Importance::kId;
  return Importance::kKeep;
}

// The narrowest a column may wrap to: its header, and its longest word up to kMaxWordWidth.
size_t FloorWidth(const std::string& header, const std::vector<std::vector<std::string>>& cells, size_t column) {
  const size_t kMaxWordWidth = 20;
  size_t floor = DisplayWidth(header);
  for (const auto& row : cells) {
    ForEachBreakPiece(row[column], [&](std::string_view piece) {
      floor = std::max(floor, std::min(kMaxWordWidth, Width(TrimRight(piece))));
    });
  }
  return floor;
}

// The widths of the visible columns (0 for hidden ones) when no column is wider than `level`
// (nor narrower than its floor, nor wider than its widest cell).
std::vector<size_t> WidthsAt(const std::vector<size_t>& natural, const std::vector<size_t>& floor,
                             const std::vector<bool>& visible, size_t level) {
  std::vector<size_t> widths(natural.size(), 0);
  for (size_t i = 0; i < natural.size(); ++i) {
    if (visible[i]) widths[i] = std::min(natural[i], std::max(floor[i], level));
  }
  return widths;
}

size_t TotalWidth(const std::vector<size_t>& widths) {
  size_t total = 0, shown = 0;
  for (size_t w : widths) {
    total += w;
    shown += w > 0;
  }
  return total + (shown ? 2 * (shown - 1) : 0);
}

// The widest level at which the visible columns fit `width` (wrapping the widest cells first),
// or 0 when none does.
size_t FitLevel(const std::vector<size_t>& natural, const std::vector<size_t>& floor, const std::vector<bool>& visible,
                size_t width) {
  size_t widest = *std::max_element(natural.begin(), natural.end());
  for (size_t level = widest; level > 0; --level) {
    if (TotalWidth(WidthsAt(natural, floor, visible, level)) <= width) return level;
  }
  return 0;
}

// The column widths to print at, hiding the least important columns while the rest would have to
// wrap narrower than kMinShareWidth.
std::vector<size_t> FitColumns(const Table& table, const std::vector<std::vector<std::string>>& cells, size_t width,
                               std::vector<std::string>* hidden) {
  size_t n = table.columns.size();
  std::vector<size_t> natural(n), floor(n);
  for (size_t i = 0; i < n; ++i) {
    floor[i] = FloorWidth(table.columns[i], cells, i);
    natural[i] = DisplayWidth(table.columns[i]);
  }
  for (const auto& row : cells) {
    for (size_t i = 0; i < n; ++i) natural[i] = std::max(natural[i], std::min(kMaxCellWidth, DisplayWidth(row[i])));
  }
  for (size_t i = 0; i < n; ++i) floor[i] = std::min(floor[i], natural[i]);
  std::vector<std::pair<Importance, size_t>> order;  // hiding order: least important, rightmost first
  for (size_t i = 0; i < n; ++i) {
    Importance importance = ImportanceOf(table, i);
    if (importance != Importance::kKeep) order.push_back({importance, n - 1 - i});
  }
  std::sort(order.begin(), order.end());
  std::vector<bool> visible(n, true);
  const size_t widest = n ? *std::max_element(natural.begin(), natural.end()) : 0;
  size_t level = n ? FitLevel(natural, floor, visible, width) : 0;
  for (const auto& [importance, reversed] : order) {
    if (level >= std::min(kMinShareWidth, widest)) break;
    visible[n - 1 - reversed] = false;
    hidden->push_back(table.columns[n - 1 - reversed]);
    level = FitLevel(natural, floor, visible, width);
  }
  const size_t kNarrowest = 8;  // when nothing fits, wrap at this and let the table overflow
  return WidthsAt(natural, floor, visible, std::max(level, kNarrowest));
}

void PrintRow(const std::vector<std::string>& cells, const std::vector<size_t>& widths, std::ostream& out) {
  std::string line;
  size_t pending = 0;  // spaces owed before the next visible cell
  bool first = true;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!widths[i]) continue;
    if (!first) line += std::string(pending, ' ');
    line += cells[i];
    pending = widths[i] - std::min(widths[i], DisplayWidth(cells[i])) + 2;
    first = false;
  }
  out << TrimRight(line) << '\n';
}

// Whether WrapCell(text, width) is other than the one line TrimRight(text): text of one line that
// fits and does not start with a space (WrapLine drops leading spaces) is printed as it is.
bool NeedsWrapping(const std::string& text, size_t width) {
  return text.find('\n') != std::string::npos || (!text.empty() && text[0] == ' ') || Width(text) > width;
}

// Prints one row whose cells wrap to `widths`: as many lines as its tallest cell.
void PrintWrappedRow(const std::vector<std::string>& row, const std::vector<size_t>& widths, bool wrap,
                     std::ostream& out) {
  bool wraps = false;
  for (size_t i = 0; i < row.size() && wrap && !wraps; ++i) wraps = widths[i] && NeedsWrapping(row[i], widths[i]);
  if (!wraps) {  // one line: a cell's trailing spaces pad it as PrintRow would
    PrintRow(row, widths, out);
    return;
  }
  std::vector<std::vector<std::string>> lines(row.size());
  size_t height = 1;
  for (size_t i = 0; i < row.size(); ++i) {
    if (!widths[i]) continue;
    lines[i] = WrapCell(row[i], widths[i]);
    height = std::max(height, lines[i].size());
  }
  for (size_t k = 0; k < height; ++k) {
    std::vector<std::string> cells(row.size());
    for (size_t i = 0; i < row.size(); ++i) cells[i] = k < lines[i].size() ? lines[i][k] : "";
    PrintRow(cells, widths, out);
  }
}

void PrintTable(const Table& table, std::ostream& out, std::ostream& notes, const TableStyle& style) {
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : table.rows) {
    cells.emplace_back();
    for (const auto& v : row) cells.back().push_back(CellText(v));
  }
  std::vector<std::string> hidden;
  std::vector<size_t> widths;
  if (style.wide) {
    for (const auto& c : table.columns) widths.push_back(DisplayWidth(c));
    for (const auto& row : cells) {
      for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  } else {
    widths = FitColumns(table, cells, style.width ? style.width : TerminalWidth(), &hidden);
  }
  PrintRow(table.columns, widths, out);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  PrintRow(rule, widths, out);
  for (const auto& row : cells) PrintWrappedRow(row, widths, !style.wide, out);
  if (!hidden.empty()) {
    std::string names;
    for (const auto& h : hidden) names += (names.empty() ? "" : ", ") + h;
    notes << hidden.size() << (hidden.size() == 1 ? " column" : " columns") << " hidden (" << names
          << "); --wide for all\n";
  }
}

}  // namespace

size_t DisplayWidth(const std::string& s) {
  size_t width;
  FitWidth(s, SIZE_MAX, &width);
  return width;
}

size_t TerminalWidth() {
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n > 0) return static_cast<size_t>(n);
  }
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return kDefaultTableWidth;
}

Result<Format> ParseFormat(const std::string& text) {
  if (text == "table") return Format::kTable;
  if (text == "json") return Format::kJson;
  if (text == "csv") return Format::kCsv;
  return Status::InvalidArgument("--format must be table, json or csv, not '" + text + "'");
}

std::string CellText(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) joined += (joined.empty() ? "" : "|") + CellText(item);
    return joined;
  }
  if (value.is_number_float()) return ShortestText(value.get<double>());
  return value.dump();
}

void Print(const Table& table, Format format, std::ostream& out, std::ostream& notes, const TableStyle& style) {
  if (format == Format::kJson) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& row : table.rows) {
      nlohmann::json object = nlohmann::json::object();
      for (size_t i = 0; i < table.columns.size(); ++i) object[table.columns[i]] = row[i];
      array.push_back(std::move(object));
    }
    out << array.dump(2) << '\n';
    return;
  }
  if (format == Format::kCsv) {
    WriteCsvRow(out, table.columns);
    for (const auto& row : table.rows) {
      std::vector<std::string> cells;
      for (const auto& v : row) cells.push_back(CellText(v));
      WriteCsvRow(out, cells);
    }
    return;
  }
  PrintTable(table, out, notes, style);
}

void Print(const Table& table, Format format, std::ostream& out) { Print(table, format, out, std::cerr, {}); }

// ---- RowStream: the bytes Print writes for csv (WriteCsvRow of CellText) and json
// (nlohmann::json::dump(2) of an array of objects, whose keys std::map sorts), cell by cell.

namespace {
constexpr size_t kStreamChunk = size_t{1} << 16;

std::string JsonText(std::string_view text) { return nlohmann::json(std::string(text)).dump(); }

// json: as nlohmann::json dumps it (Print's json); csv: as CellText writes it.
void AppendNumber(std::string* out, double value, Format format) {
  if (format == Format::kCsv) {
    AppendShortest(out, value);
    return;
  }
  if (!std::isfinite(value)) {
    *out += "null";
    return;
  }
  char digits[64];
  char* end = nlohmann::detail::to_chars(digits, digits + sizeof(digits), value);
  out->append(digits, static_cast<size_t>(end - digits));
}

template <typename Integer>
void AppendInteger(std::string* out, Integer value) {
  char digits[24];
  auto result = std::to_chars(digits, digits + sizeof(digits), value);
  out->append(digits, static_cast<size_t>(result.ptr - digits));
}
}  // namespace

RowStream::RowStream(Format format, std::ostream& out, std::ostream& notes, const TableStyle& style,
                     std::vector<std::string> columns)
    : format_(format), out_(out), notes_(notes), style_(style) {
  table_.columns = std::move(columns);
  const size_t n = table_.columns.size();
  cells_.resize(n);
  buffer_.reserve(kStreamChunk + 256);
  if (format_ == Format::kCsv) {
    WriteCsvRow(out_, table_.columns);
  } else if (format_ == Format::kJson) {
    for (size_t i = 0; i < n; ++i) {
      json_order_.push_back(i);
      keys_.push_back(JsonText(table_.columns[i]));
    }
    std::sort(json_order_.begin(), json_order_.end(),
              [&](size_t a, size_t b) { return table_.columns[a] < table_.columns[b]; });
  }
}

RowStream::RowStream(const RowStream& whole, size_t first_row)
    : format_(whole.format_),
      out_(whole.out_),
      notes_(whole.notes_),
      style_(whole.style_),
      cells_(whole.cells_.size()),
      json_order_(whole.json_order_),
      keys_(whole.keys_),
      rows_(first_row),
      piece_(true) {
  table_.columns = whole.table_.columns;
}

RowStream::~RowStream() { Finish(); }

void RowStream::AddRows(size_t count, const std::function<void(RowStream&, size_t)>& add_row, size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  if (format_ == Format::kTable || count <= kPieceRows || threads == 1) {
    for (size_t i = 0; i < count; ++i) {
      add_row(*this, i);
      EndRow();
    }
    return;
  }
  // A pipeline: `threads` helpers take the next piece and fill it into a slot of their own, while
  // this thread writes the finished pieces in order (writing costs about as much as formatting).
  // Piece k uses slot k mod `slots`, free again once piece k - slots is written; the slots'
  // streams are kept (their buffers' memory is touched once).
  Flush();
  const size_t rows_before = rows_;
  const size_t pieces = (count + kPieceRows - 1) / kPieceRows;
  const size_t slots = 2 * threads;
  std::vector<std::unique_ptr<RowStream>> slot;
  for (size_t k = 0; k < slots; ++k) slot.push_back(std::unique_ptr<RowStream>(new RowStream(*this, 0)));
  std::mutex m;
  std::condition_variable changed;
  size_t next_piece = 0, written = 0;
  std::vector<char> done(pieces, 0);
  auto helper = [&] {
    for (;;) {
      size_t k;
      {
        std::unique_lock<std::mutex> lock(m);
        if (next_piece == pieces) return;
        k = next_piece++;
        changed.wait(lock, [&] { return k < written + slots; });
      }
      RowStream& piece = *slot[k % slots];
      piece.buffer_.clear();
      piece.rows_ = rows_before + k * kPieceRows;
      for (size_t i = k * kPieceRows; i < std::min(count, (k + 1) * kPieceRows); ++i) {
        add_row(piece, i);
        piece.EndRow();
      }
      std::lock_guard<std::mutex> lock(m);
      done[k] = 1;
      changed.notify_all();
    }
  };
  std::vector<std::thread> helpers;
  for (size_t t = 0; t < threads; ++t) helpers.emplace_back(helper);
  for (size_t k = 0; k < pieces; ++k) {
    {
      std::unique_lock<std::mutex> lock(m);
      changed.wait(lock, [&] { return done[k] != 0; });
    }
    const std::string& bytes = slot[k % slots]->buffer_;
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::lock_guard<std::mutex> lock(m);
    written = k + 1;
    changed.notify_all();
  }
  for (auto& t : helpers) t.join();
  rows_ = rows_before + count;
}

// csv: the buffer itself, after the separator; json: the cell, emptied (keys print sorted).
std::string& RowStream::NextCell() {
  if (format_ == Format::kCsv) {
    if (cell_++) buffer_ += ',';
    return buffer_;
  }
  std::string& cell = cells_[cell_++];
  cell.clear();
  return cell;
}

void RowStream::Add(uint64_t value) {
  if (format_ == Format::kTable) {
    row_.emplace_back(value);
  } else {
    AppendInteger(&NextCell(), value);
  }
}

void RowStream::Add(int64_t value) {
  if (format_ == Format::kTable) {
    row_.emplace_back(value);
  } else {
    AppendInteger(&NextCell(), value);
  }
}

void RowStream::Add(double value) {
  if (format_ == Format::kTable) {
    row_.emplace_back(value);
  } else {
    AppendNumber(&NextCell(), value, format_);
  }
}

void RowStream::Add(std::string_view text) {
  if (format_ == Format::kTable) {
    row_.emplace_back(std::string(text));
  } else {
    NextCell() += format_ == Format::kJson ? JsonText(text) : CsvEscape(std::string(text));
  }
}

void RowStream::AddNull() {
  if (format_ == Format::kTable) {
    row_.emplace_back();
  } else {
    NextCell() += format_ == Format::kJson ? "null" : "";
  }
}

void RowStream::EndRow() {
  if (format_ == Format::kTable) {
    row_.resize(table_.columns.size());
    table_.Add(std::move(row_));
    row_ = {};
    return;
  }
  if (format_ == Format::kCsv) {
    for (size_t i = cell_; i < cells_.size(); ++i) {
      if (i) buffer_ += ',';  // the missing cells, empty
    }
    buffer_ += '\n';
  } else {
    for (size_t i = cell_; i < cells_.size(); ++i) cells_[i] = "null";
    buffer_ += rows_ ? ",\n  {\n" : "[\n  {\n";
    for (size_t k = 0; k < json_order_.size(); ++k) {
      size_t i = json_order_[k];
      buffer_ += "    ";
      buffer_ += keys_[i];
      buffer_ += ": ";
      buffer_ += cells_[i];
      buffer_ += k + 1 < json_order_.size() ? ",\n" : "\n";
    }
    buffer_ += "  }";
  }
  cell_ = 0;
  ++rows_;
  if (!piece_ && buffer_.size() >= kStreamChunk) Flush();
}

void RowStream::Flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void RowStream::Finish() {
  if (finished_ || piece_) return;
  finished_ = true;
  if (format_ == Format::kTable) {
    Print(table_, format_, out_, notes_, style_);
    return;
  }
  if (format_ == Format::kJson) buffer_ += rows_ ? "\n]\n" : "[]\n";
  Flush();
}

}  // namespace cityties::cli
