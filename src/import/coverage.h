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
#include "store/graph_store.h"

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
// The same from the file's text (`path` names it in errors).
Result<std::vector<CoveredPeriod>> ParseCoverage(const std::string& text, const std::string& path);
// True when some period overlaps `date`'s interval (a year partly covered counts as covered).
bool Covered(const std::vector<CoveredPeriod>& periods, const PartialDate& date);

// The coverage file of an imported directory, stored with the data so that answers can tell
// "no source covers this year" from "no ties this year" (meta::kCoverageKey).
inline constexpr const char* kCoverageFile = "coverage.json";
// Checks the coverage file of every directory among `inputs` (before anything is written).
Status CheckCoverageOf(const std::vector<std::string>& inputs);
// Stores it (the last directory's, when several have one).
Status StoreCoverageOf(store::GraphStore& store, const std::vector<std::string>& inputs);

}  // namespace cityties::import
