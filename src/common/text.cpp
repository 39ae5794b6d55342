#include "common/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>

namespace cityties {
namespace {

std::vector<utf8proc_int32_t> CodePoints(std::string_view text) {
  std::vector<utf8proc_int32_t> out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) break;
    out.push_back(cp);
    p += n;
    left -= n;
  }
  return out;
}

// White space, '-', '_', '.' and every other ASCII control character: the name index separates a
// folded name from its node id with 0x00, so no folded name may hold one.
bool IsSeparator(char c) { return c == ' ' || c == '-' || c == '_' || c == '.' || (c >= 0 && c < 0x20) || c == 0x7f; }

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0 || cp < 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

std::string FoldName(std::string_view text) {
  if (!IsValidUtf8(text)) return "";
  utf8proc_uint8_t* mapped = nullptr;
  const auto options =
      static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  if (n < 0) return "";
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  std::string folded;
  folded.reserve(static_cast<size_t>(n));
  bool pending_space = false;
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    char c = static_cast<char>(mapped[i]);
    if (IsSeparator(c)) {
      pending_space = !folded.empty();
      continue;
    }
    if (pending_space) folded.push_back(' ');
    pending_space = false;
    folded.push_back(c);
  }
  return folded;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  auto x = CodePoints(a);
  auto y = CodePoints(b);
  std::vector<size_t> row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::string_view WithoutByteOrderMark(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return text.substr(0, kBom.size()) == kBom ? text.substr(kBom.size()) : text;
}

namespace {

// The end of the value token starting at `start` (a quote or an opening bracket), one past its
// closing character, or text.size() when it is not closed.
size_t ValueTokenEnd(std::string_view text, size_t start) {
  const char open = text[start];
  if (open == '\'') {
    size_t close = text.find('\'', start + 1);  // a lone apostrophe is no quote
    return close == std::string_view::npos ? start + 1 : close + 1;
  }
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = start; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (open == '"') return i + 1;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && --depth == 0) {
      return i + 1;
    }
  }
  return text.size();
}

// The byte length of the first `n` code points of `text` (all of it when shorter).
size_t CodePointPrefix(std::string_view text, size_t n) {
  size_t i = 0;
  for (size_t count = 0; i < text.size() && count < n; ++count) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

}  // namespace

std::string ShortenValues(std::string_view message, size_t max_chars) {
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    size_t start = message.find_first_of("\"'[{", i);
    if (start == std::string_view::npos) break;
    out.append(message.substr(i, start - i));
    size_t end = ValueTokenEnd(message, start);
    std::string_view token = message.substr(start, end - start);
    size_t keep = CodePointPrefix(token, max_chars);
    out.append(token.substr(0, keep));
    if (keep < token.size()) out.append("…");
    i = end;
  }
  if (i < message.size()) out.append(message.substr(i));
  return out;
}

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      parts.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  for (auto& item : Split(text, ',')) {
    size_t b = item.find_first_not_of(" \t");
    size_t e = item.find_last_not_of(" \t");
    if (b != std::string::npos) items.push_back(item.substr(b, e - b + 1));
  }
  return items;
}

}  // namespace cityties

namespace cityties {

void AppendShortest(std::string* out, double value) {
  if (!std::isfinite(value)) {
    *out += "null";
    return;
  }
  if (value == 0) {
    *out += std::signbit(value) ? "-0.0" : "0.0";
    return;
  }
  // The shortest digits in scientific form: [-]d[.ddd]e±XX.
  char sci[32];
  const char* end = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific).ptr;
  const char* p = sci;
  if (*p == '-') {
    *out += '-';
    ++p;
  }
  char digits[24];
  int k = 0;  // significant digits
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  int exponent = 0;
  std::from_chars(p[1] == '+' ? p + 2 : p + 1, end, exponent);
  // The decimal point falls after the first n digits (n <= 0: zeros after "0.").
  const int n = exponent + 1;
  constexpr int kMinPoint = -4, kMaxPoint = 15;
  if (k <= n && n <= kMaxPoint) {
    out->append(digits, static_cast<size_t>(k));
    out->append(static_cast<size_t>(n - k), '0');
    *out += ".0";
  } else if (0 < n && n <= kMaxPoint) {
    out->append(digits, static_cast<size_t>(n));
    *out += '.';
    out->append(digits + n, static_cast<size_t>(k - n));
  } else if (kMinPoint < n && n <= 0) {
    *out += "0.";
    out->append(static_cast<size_t>(-n), '0');
    out->append(digits, static_cast<size_t>(k));
  } else {
    *out += digits[0];
    if (k > 1) {
      *out += '.';
      out->append(digits + 1, static_cast<size_t>(k - 1));
    }
    const int e = n - 1;
    *out += e < 0 ? "e-" : "e+";
    char exp_digits[8];
    const char* exp_end = std::to_chars(exp_digits, exp_digits + sizeof exp_digits, e < 0 ? -e : e).ptr;
    if (exp_end - exp_digits < 2) *out += '0';
    out->append(exp_digits, static_cast<size_t>(exp_end - exp_digits));
  }
}

std::string ShortestText(double value) {
  std::string text;
  AppendShortest(&text, value);
  return text;
}

}  // namespace cityties
