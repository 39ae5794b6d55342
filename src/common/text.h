// Text handling for names: UTF-8 validation and the folding used by the name index.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cityties {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or truncated sequences).
bool IsValidUtf8(std::string_view text);

// The form under which names are indexed and looked up: Unicode NFKC (full-width letters and
// digits become half-width, compatibility ideographs become their unified forms), then case
// folding, with runs of white space, other ASCII control characters (0x00 among them, so that no
// folded name holds the name index's separator), '-', '_' and '.' collapsed to one space and
// trimmed, so "Kumamoto-ken", "ＫＵＭＡＭＯＴＯ　ken" and "kumamoto ken" fold alike. Invalid UTF-8
// folds to "".
std::string FoldName(std::string_view text);

// Levenshtein distance over code points, for ranking fuzzy name candidates.
size_t EditDistance(std::string_view a, std::string_view b);

// `text` without a leading UTF-8 byte-order mark (EF BB BF), which some editors write.
std::string_view WithoutByteOrderMark(std::string_view text);

// `message` with every long value in it cut short: a quoted string ("..." with JSON escapes, or
// '...') or a bracketed JSON value ([...] or {...}) of more than `max_chars` code points keeps
// its first `max_chars` code points followed by "…". Everything else is kept as it is.
std::string ShortenValues(std::string_view message, size_t max_chars = 80);

// A double as text that reads back as the same double, in the fewest significant digits (the
// shortest round trip, std::to_chars), laid out as JSON numbers print (nlohmann::json):
// fixed when the decimal point falls within the first 15 places or at most 3 zeros follow it
// ("0.0001", "123.5", integral values with ".0": 1e14 prints "100000000000000.0"), else
// d.ddde±XX with at least two exponent digits ("1e-05", "1e+15"); "-0.0" and "0.0" for zeros;
// "null" for NaN and the infinities, as JSON has no such numbers. Appended to `out`.
void AppendShortest(std::string* out, double value);
std::string ShortestText(double value);

// Splits `text` on `sep`, keeping empty fields.
std::vector<std::string> Split(std::string_view text, char sep);
// A list argument "A, B,C" as its items: split at commas, blanks trimmed, empty items dropped.
std::vector<std::string> SplitList(std::string_view text);

}  // namespace cityties
