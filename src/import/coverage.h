// The periods the sources cover (data/kaohsiung/coverage.json), so that a count per year can
// tell "no report covers this year" from "no ties this year".
//
// Promises: LoadCoverage returns every entry of the file's "periods" list, ordered by start
// date, each with its report file and start and end as partial dates (start <= end), or an
// InvalidArgument naming the file, the entry and the field that is wrong.
#pragma once

#include <string>
#include <vector>

#include "common/date.h"
#include "common/status.h"

namespace cityties::import {

struct CoveredPeriod {
  std::string file;  // the report, e.g. "004_6de0411d3e247b52.txt"
  PartialDate start;
  PartialDate end;   // inclusive: "2015-12" covers all of December
  std::string what;  // a short description, "" when none

  // True when `date` (its whole interval) lies within the period.
  bool Covers(const PartialDate& date) const;
};

Result<std::vector<CoveredPeriod>> LoadCoverage(const std::string& path);

}  // namespace cityties::import
