#include "common/markup.h"

namespace cityties {

std::string EscapeMarkup(std::string_view text, MarkupEscape mode) {
  const bool xml = mode == MarkupEscape::kXml;
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (xml && c == '\r') {
          out += "&#13;";
        } else if (xml && c < 0x20 && c != '\t' && c != '\n') {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

}  // namespace cityties
