#include "server/params.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/text.h"

namespace cityties::server {

const std::vector<std::string> kScopeParams = {
    "labels", "types", "country", "as_of", "since", "until", "expand_agreements", "include_undated", "status", "tier"};

namespace {

template <typename T>
bool ParseNumber(const std::string& text, T* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

void Params::Fail(const std::string& name, const std::string& message) const {
  if (status_.ok()) status_ = Status::InvalidParameter(name, message);
}

std::string Params::Text(const std::string& name) const {
  auto range = values_.equal_range(name);
  return range.first == range.second ? "" : std::prev(range.second)->second;
}

std::vector<std::string> Params::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, value] : values_) {
    if (names.empty() || names.back() != name) names.push_back(name);
  }
  return names;
}

Params Params::With(const std::string& name, const std::string& value) const {
  auto values = values_;
  values.emplace(name, value);
  return Params(std::move(values));
}

std::vector<std::string> Params::List(const std::string& name) const {
  std::vector<std::string> items;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) {
    for (auto& item : SplitList(it->second)) items.push_back(std::move(item));
  }
  return items;
}

size_t Params::Count(const std::string& name, size_t fallback) const {
  if (!Has(name)) return fallback;
  size_t value = 0;
  if (!ParseNumber(Text(name), &value)) Fail(name, "'" + Text(name) + "' is not a count (0, 1, 2...)");
  return value;
}

int Params::Integer(const std::string& name, int fallback) const {
  if (!Has(name)) return fallback;
  int value = 0;
  if (!ParseNumber(Text(name), &value)) Fail(name, "'" + Text(name) + "' is not an integer");
  return value;
}

double Params::Number(const std::string& name, double fallback) const {
  if (!Has(name)) return fallback;
  double value = 0;
  if (!ParseNumber(Text(name), &value) || !std::isfinite(value)) Fail(name, "'" + Text(name) + "' is not a number");
  return value;
}

bool Params::Flag(const std::string& name) const {
  if (!Has(name)) return false;
  const std::string text = Text(name);
  if (text.empty() || text == "1" || text == "true") return true;
  if (text != "0" && text != "false") Fail(name, "'" + text + "' is not true or false");
  return false;
}

engine::Scope Params::Scope() const {
  engine::Scope scope;
  scope.labels = List("labels");
  scope.edge_types = List("types");
  scope.countries = List("country");
  scope.as_of = Text("as_of");
  scope.since = Text("since");
  scope.until = Text("until");
  scope.expand_agreements = Flag("expand_agreements");
  scope.include_undated = Flag("include_undated");
  scope.statuses = List("status");
  scope.tiers = List("tier");
  return scope;
}

Status Params::CheckKnown(const std::vector<std::string>& known, bool scoped) const {
  auto declared = [&](const std::string& name) {
    return std::count(known.begin(), known.end(), name) ||
           (scoped && std::count(kScopeParams.begin(), kScopeParams.end(), name));
  };
  for (const auto& [name, value] : values_) {
    if (declared(name)) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    if (scoped) list += std::string(list.empty() ? "" : ", ") + "and the scope parameters";
    return Status::InvalidParameter(
        name, "is not a parameter of this endpoint (parameters: " + (list.empty() ? std::string("none") : list) + ")");
  }
  return Status::Ok();
}

}  // namespace cityties::server
