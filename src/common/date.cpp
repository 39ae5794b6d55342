#include "common/date.h"

#include <charconv>
#include <cstdio>

namespace cityties {
namespace {

template <typename T>
bool ParseDigits(std::string_view text, size_t pos, size_t len, T* out) {
  if (pos + len > text.size()) return false;
  for (size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::from_chars(text.data() + pos, text.data() + pos + len, *out);
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<PartialDate> PartialDate::Parse(std::string_view text) {
  PartialDate d;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  if (!ParseDigits(text, 0, 4, &d.year) || d.year == 0) return std::nullopt;
  if (text.size() >= 7) {
    if (text[4] != '-' || !ParseDigits(text, 5, 2, &d.month)) return std::nullopt;
    if (d.month < 1 || d.month > 12) return std::nullopt;
  }
  if (text.size() == 10) {
    if (text[7] != '-' || !ParseDigits(text, 8, 2, &d.day)) return std::nullopt;
    if (d.day < 1 || d.day > DaysInMonth(d.year, d.month)) return std::nullopt;
  }
  return d;
}

std::string PartialDate::ToString() const {
  char buf[24];  // the widest int16 and int8 fields: "-32768--128--128"
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

int PartialDate::FirstDay() const { return year * 10000 + (month ? month : 1) * 100 + (day ? day : 1); }

int PartialDate::LastDay() const {
  int m = month ? month : 12;
  int dd = day ? day : DaysInMonth(year, m);
  return year * 10000 + m * 100 + dd;
}

}  // namespace cityties
