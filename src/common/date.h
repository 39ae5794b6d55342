// Partial ISO-8601 dates: YYYY, YYYY-MM or YYYY-MM-DD, years 0001 to 9999 (0000, the year
// before 1 in ISO 8601, is refused: no source dates a tie so, and 0 means "undated" in counts).
//
// A partial date names an interval (2016 is 2016-01-01..2016-12-31). Dates order by their
// first day, then by precision (coarser first), so "2016" < "2016-01" < "2016-01-01" < "2016-02".
// Filters that ask "had it started by D?" compare the first day; "had it ended before D?" the last.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace cityties {

struct PartialDate {
  int year = 0;
  int month = 0;  // 0 when unknown
  int day = 0;    // 0 when unknown

  // Parses YYYY, YYYY-MM or YYYY-MM-DD; rejects year 0000 and impossible months and days
  // (2023-02-30).
  static std::optional<PartialDate> Parse(std::string_view text);
  std::string ToString() const;
  // The first and last day covered, as yyyymmdd integers, for interval comparisons.
  int FirstDay() const;
  int LastDay() const;

  auto operator<=>(const PartialDate&) const = default;
};

}  // namespace cityties
