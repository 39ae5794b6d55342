// Printing results as an aligned table, JSON or CSV. Every command that prints data builds a
// Table and hands it here, so all three formats come out of one place.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
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

// table: aligned columns with a header, long cells cut at 60 columns; json: an array of objects keyed by column; csv:
// RFC 4180 with a header row.
void Print(const Table& table, Format format, std::ostream& out);

// A value as plain text: strings unquoted, lists joined with '|', null empty.
std::string CellText(const nlohmann::json& value);

}  // namespace cityties::cli
