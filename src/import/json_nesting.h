// A guard against deeply nested JSON, run on the text before any parser or copy sees it:
// nlohmann's DOM, its copies and its dump() recurse once per level, so 48,000 nested '[' would
// exhaust the stack.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/status.h"

namespace cityties::import {

inline constexpr size_t kMaxJsonDepth = 64;

// Ok when no array or object in `text` nests deeper than `max_depth` levels (the outermost
// value is level 1). Otherwise InvalidArgument naming the field where it happens, as the path
// of object keys ("field 'props.topics': ..."). Linear in the text, no allocation beyond the
// path of at most `max_depth` keys; strings (and brackets inside them) are skipped.
Status CheckJsonNesting(std::string_view text, size_t max_depth = kMaxJsonDepth);

}  // namespace cityties::import
