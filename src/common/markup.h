// Escaping text for XML and for Graphviz HTML-like labels (which follow XML's rules for the
// five markup characters).
#pragma once

#include <string>
#include <string_view>

namespace cityties {

enum class MarkupEscape {
  // '&', '<', '>' and '"' become entity references; every other byte is kept.
  kMarkupOnly,
  // As kMarkupOnly, and characters XML 1.0 cannot carry at all (C0 controls other than tab, line
  // feed and carriage return) become U+FFFD; a carriage return is written as a character
  // reference so that parsers do not normalise it away.
  kXml,
};

// Escapes text for element content and attribute values.
std::string EscapeMarkup(std::string_view text, MarkupEscape mode);

}  // namespace cityties
