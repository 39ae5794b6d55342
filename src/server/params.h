// The query parameters of one API call, read as typed values.
//
// Promises:
//  - Reading never fails on the spot: the first bad value (a count that is not a number, a flag
//    that is not true/false) is kept as an InvalidParameter status naming the URL parameter, and
//    status() returns it, so a handler reads every field and checks once before asking the engine.
//  - A parameter the endpoint does not declare is refused (CheckKnown), so a typo is never
//    silently ignored.
//  - The scope parameters (labels, types, country, as_of, since, until, expand_agreements,
//    include_undated, status, tier) mean
//    what the CLI's filter flags mean: the engine checks their values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/requests.h"

namespace cityties::server {

// The URL names of the scope parameters, accepted by every endpoint that takes a scope.
extern const std::vector<std::string> kScopeParams;

class Params {
 public:
  explicit Params(std::multimap<std::string, std::string> values) : values_(std::move(values)) {}

  // The last value of `name`, "" when absent.
  std::string Text(const std::string& name) const;
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The names given, in order, once each.
  std::vector<std::string> Names() const;
  // A copy with one more value (e.g. the view a path names).
  Params With(const std::string& name, const std::string& value) const;
  // Every value of `name`, each split at commas, blanks trimmed.
  std::vector<std::string> List(const std::string& name) const;
  // Typed values; `fallback` when absent. A bad value records an error (see status()).
  size_t Count(const std::string& name, size_t fallback) const;
  int Integer(const std::string& name, int fallback) const;
  double Number(const std::string& name, double fallback) const;
  bool Flag(const std::string& name) const;  // absent, "0", "false": false; "", "1", "true": true
  engine::Scope Scope() const;

  // InvalidParameter for the first parameter not in `known` (nor in kScopeParams when `scoped`).
  Status CheckKnown(const std::vector<std::string>& known, bool scoped) const;
  // The first bad value read so far, or Ok.
  const Status& status() const { return status_; }

 private:
  void Fail(const std::string& name, const std::string& message) const;
  std::multimap<std::string, std::string> values_;
  mutable Status status_;
};

}  // namespace cityties::server
