#include "common/csv.h"

#include "common/text.h"

namespace cityties {

bool CsvReader::Next(std::vector<std::string>* fields, size_t* line, std::string* error) {
  fields->clear();
  std::string raw;
  if (!std::getline(in_, raw)) return false;
  if (++line_ == 1) raw.erase(0, raw.size() - WithoutByteOrderMark(raw).size());
  *line = line_;
  std::string field;
  bool quoted = false;
  for (;;) {
    for (size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (quoted) {
        if (c == '"' && i + 1 < raw.size() && raw[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.push_back(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields->push_back(std::move(field));
        field.clear();
      } else if (c != '\r' || i + 1 != raw.size()) {
        field.push_back(c);
      }
    }
    if (!quoted) break;
    if (!std::getline(in_, raw)) {
      *error = "unterminated quoted field (file truncated?)";
      return false;
    }
    ++line_;
    field.push_back('\n');
  }
  fields->push_back(std::move(field));
  return true;
}

std::string CsvEscape(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void WriteCsvRow(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out << ',';
    out << CsvEscape(fields[i]);
  }
  out << '\n';
}

}  // namespace cityties
