// Property filters for listing nodes (`cityties list --where`), checked against the schema.
//
// Promises:
//  - A filter names a property of the label (an unknown one is refused with the label's
//    properties listed) and a value of its type (`secondary=true` is a bool, `date>=2025` a date;
//    a value outside an enum is refused with the allowed values).
//  - Operators: key (present), key=v, key!=v, key<v, key<=v, key>v, key>=v. Lists match = when
//    they hold the value. Strings, lists and booleans take only = and !=. A node without the
//    property passes only !=.
//  - Partial dates compare as the intervals they name: date=2025 means within 2025,
//    date>=2025 starts in or after 2025, date<=2025 ends in or before 2025, date<2025 ends before
//    2025 and date>2025 starts after it; 2025-03-20 passes date>=2025 and date<=2025.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "schema/schema.h"
#include "store/graph_store.h"

namespace cityties::query {

struct PropertyFilter {
  enum class Op { kExists, kEq, kNe, kLt, kLe, kGt, kGe };

  std::string key;
  Op op = Op::kExists;
  schema::PropertyDef def;
  store::Json value;  // typed by `def`; a string for list membership and dates

  // Parses "key", "key OP value" against the properties `label` may carry.
  static Result<PropertyFilter> Parse(std::string_view text, const schema::LabelDef& label);
  bool Matches(const store::Json& props) const;
};

// Nodes of `label` (a prefix scan of the label index) that pass every filter, in id order; at
// most `limit`.
Result<std::vector<store::Node>> ListNodes(const store::GraphStore& store, const std::string& label,
                                           const std::vector<std::string>& filters, size_t limit);

}  // namespace cityties::query
