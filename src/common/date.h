// Partial ISO-8601 dates: YYYY, YYYY-MM or YYYY-MM-DD, years 0001 to 9999 (0000, the year
// before 1 in ISO 8601, is refused: no source dates a tie so, and 0 means "undated" in counts).
//
// A partial date names an interval (2016 is 2016-01-01..2016-12-31). Dates order by their
// first day, then by precision (coarser first), so "2016" < "2016-01" < "2016-01-01" < "2016-02".
// Filters that ask "had it started by D?" compare the first day; "had it ended before D?" the last.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cityties {

// Four bytes (a projection holds three per tie, tens of millions of ties at scale).
struct PartialDate {
  int16_t year = 0;  // 1..9999
  int8_t month = 0;  // 0 when unknown
  int8_t day = 0;    // 0 when unknown

  static constexpr PartialDate Of(int year, int month = 0, int day = 0) {
    return PartialDate{static_cast<int16_t>(year), static_cast<int8_t>(month), static_cast<int8_t>(day)};
  }

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
