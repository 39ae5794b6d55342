// A small RFC 4180 CSV reader and writer: quoted fields may hold commas, quotes ("") and line
// breaks. The reader skips a UTF-8 byte-order mark at the start of the input.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace cityties {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}
  // Reads the next record into `fields`; false at end of input. `line` is set to the line the
  // record starts on. Sets `error` (and returns false) on an unterminated quoted field.
  bool Next(std::vector<std::string>* fields, size_t* line, std::string* error);

 private:
  std::istream& in_;
  size_t line_ = 0;
};

// Quotes a field when it holds a comma, quote or line break.
std::string CsvEscape(const std::string& field);
void WriteCsvRow(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace cityties
