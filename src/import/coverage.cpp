#include "import/coverage.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "import/json_nesting.h"
#include "store/format.h"

namespace cityties::import {
namespace {

using nlohmann::json;

Status Bad(const std::string& where, const std::string& what) { return Status::InvalidArgument(where + ": " + what); }

Result<PartialDate> DateField(const json& entry, const char* field, const std::string& where) {
  auto it = entry.find(field);
  if (it == entry.end() || !it->is_string()) return Bad(where, std::string("field '") + field + "' must be a date");
  auto date = PartialDate::Parse(it->get<std::string>());
  if (!date) {
    return Bad(where, std::string("field '") + field + "' must be a date YYYY, YYYY-MM or YYYY-MM-DD, got \"" +
                          it->get<std::string>() + "\"");
  }
  return *date;
}

Result<CoveredPeriod> ParsePeriod(const json& entry, const std::string& where) {
  if (!entry.is_object()) return Bad(where, "a period must be an object");
  CoveredPeriod period;
  auto file = entry.find("file");
  if (file == entry.end() || !file->is_string() || file->get<std::string>().empty()) {
    return Bad(where, "field 'file' must name the report");
  }
  period.file = file->get<std::string>();
  auto start = DateField(entry, "start", where);
  if (!start.ok()) return start.status();
  auto end = DateField(entry, "end", where);
  if (!end.ok()) return end.status();
  if (start->FirstDay() > end->LastDay()) return Bad(where, "field 'end' is before 'start'");
  period.start = *start;
  period.end = *end;
  if (entry.contains("what") && entry["what"].is_string()) period.what = entry["what"].get<std::string>();
  return period;
}

}  // namespace

bool CoveredPeriod::Covers(const PartialDate& date) const {
  return start.FirstDay() <= date.FirstDay() && date.LastDay() <= end.LastDay();
}

Result<std::vector<CoveredPeriod>> LoadCoverage(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseCoverage(text.str(), path);
}

Result<std::vector<CoveredPeriod>> ParseCoverage(const std::string& text, const std::string& path) {
  CT_RETURN_IF_ERROR(CheckJsonNesting(text).WithContext(path));
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad(path, "not a JSON object");
  auto periods = doc.find("periods");
  if (periods == doc.end() || !periods->is_array()) return Bad(path, "needs a \"periods\" list");
  std::vector<CoveredPeriod> out;
  for (size_t i = 0; i < periods->size(); ++i) {
    auto period = ParsePeriod((*periods)[i], path + ": periods[" + std::to_string(i) + "]");
    if (!period.ok()) return period.status();
    out.push_back(std::move(*period));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.start.FirstDay() < b.start.FirstDay(); });
  return out;
}

bool Covered(const std::vector<CoveredPeriod>& periods, const PartialDate& date) {
  return std::any_of(periods.begin(), periods.end(), [&](const CoveredPeriod& p) {
    return p.start.FirstDay() <= date.LastDay() && date.FirstDay() <= p.end.LastDay();
  });
}

namespace {

// The coverage file of an input directory, or "" when it has none.
std::string CoverageFileOf(const std::string& input) {
  std::string path = (std::filesystem::path(input) / kCoverageFile).string();
  std::error_code ec;
  if (!std::filesystem::is_directory(input, ec) || !std::filesystem::is_regular_file(path, ec)) return "";
  return path;
}

}  // namespace

Status CheckCoverageOf(const std::vector<std::string>& inputs) {
  for (const auto& input : inputs) {
    std::string path = CoverageFileOf(input);
    if (path.empty()) continue;
    auto periods = LoadCoverage(path);
    if (!periods.ok()) return periods.status();
  }
  return Status::Ok();
}

Status StoreCoverageOf(store::GraphStore& store, const std::vector<std::string>& inputs) {
  for (const auto& input : inputs) {
    std::string path = CoverageFileOf(input);
    if (path.empty()) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    CT_RETURN_IF_ERROR(store.PutMeta(store::meta::kCoverageKey, text.str()));
  }
  return Status::Ok();
}

}  // namespace cityties::import
