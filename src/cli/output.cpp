#include "cli/output.h"

#include <algorithm>
#include <cstdint>

#include "import/csv.h"

namespace cityties::cli {
namespace {

// Walks UTF-8 text a character at a time and stops before the first one that would take it past
// `max_width` display columns (East Asian wide characters take two). Returns the bytes walked and
// sets `*width` to the columns they take.
size_t FitWidth(const std::string& s, size_t max_width, size_t* width) {
  *width = 0;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    size_t w = len >= 3 ? 2 : 1;
    if (*width + w > max_width) break;
    *width += w;
    i += len;
  }
  return i;
}

size_t DisplayWidth(const std::string& s) {
  size_t width;
  FitWidth(s, SIZE_MAX, &width);
  return width;
}

// Cuts text to at most `max_width` display columns, marking the cut with an ellipsis: the table
// format is for reading at a terminal; csv and json carry every value whole.
std::string Truncate(const std::string& text, size_t max_width) {
  if (DisplayWidth(text) <= max_width) return text;
  size_t width;
  return text.substr(0, FitWidth(text, max_width - 1, &width)) + "…";
}

constexpr size_t kMaxTableCellWidth = 60;

}  // namespace

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
  if (value.is_number_float()) {
    // Shortest round-trip form, as JSON prints it.
    return value.dump();
  }
  return value.dump();
}

void Print(const Table& table, Format format, std::ostream& out) {
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
    import::WriteCsvRow(out, table.columns);
    for (const auto& row : table.rows) {
      std::vector<std::string> cells;
      for (const auto& v : row) cells.push_back(CellText(v));
      import::WriteCsvRow(out, cells);
    }
    return;
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : table.rows) {
    cells.emplace_back();
    for (const auto& v : row) cells.back().push_back(Truncate(CellText(v), kMaxTableCellWidth));
  }
  std::vector<size_t> widths;
  for (const auto& c : table.columns) widths.push_back(DisplayWidth(c));
  for (const auto& row : cells) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      out << cells[i];
      if (i + 1 < cells.size()) out << std::string(widths[i] - DisplayWidth(cells[i]) + 2, ' ');
    }
    out << '\n';
  };
  print_row(table.columns);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  print_row(rule);
  for (const auto& row : cells) print_row(row);
}

}  // namespace cityties::cli
