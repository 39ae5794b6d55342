// Bounds on what one import record may hold, checked as each record is read so that an error
// names the file, the line and the field (docs/import-format.md). Nesting depth has its own
// guard, run before any parser (json_nesting.h).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/status.h"

namespace cityties::import {

// An external id: 1 to kMaxIdBytes bytes of printable ASCII without blanks ('!' to '~'), as
// "prefix/slug" ids and edge-list vertex numbers are.
inline constexpr size_t kMaxIdBytes = 256;
// One string: a property value, a list item or a property name.
inline constexpr size_t kMaxStringBytes = 64 * 1024;

// Ok for a valid id; else InvalidArgument "field '<field>': ..." with the id quoted (long ids
// are cut short by the error log).
Status CheckId(std::string_view field, std::string_view id);
// Ok when no string in `value` is longer than kMaxStringBytes; else InvalidArgument naming the
// field as its path under `field` ("props.aliases[2]"). Recurses once per level of `value`,
// whose depth CheckJsonNesting has bounded.
Status CheckStringLengths(std::string_view field, const nlohmann::json& value);
// The same for one string (a CSV cell).
Status CheckStringLength(std::string_view field, std::string_view value);

}  // namespace cityties::import
