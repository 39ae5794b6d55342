#include "import/bounds.h"

#include <string>

namespace cityties::import {

Status CheckId(std::string_view field, std::string_view id) {
  auto bad = [&](const std::string& what) {
    return Status::InvalidArgument("field '" + std::string(field) + "': id " + what);
  };
  if (id.empty()) return bad("is empty");
  for (char c : id) {
    if (c < '!' || c > '~') {
      // Shown as a JSON-style string with the offending byte escaped: the id itself may not print.
      std::string shown;
      for (char d : id) {
        if (d >= ' ' && d <= '~' && d != '"' && d != '\\') {
          shown.push_back(d);
        } else {
          static const char kHex[] = "0123456789abcdef";
          shown += "\\x";
          shown.push_back(kHex[static_cast<unsigned char>(d) >> 4]);
          shown.push_back(kHex[static_cast<unsigned char>(d) & 15]);
        }
      }
      return bad("\"" + shown + "\" must be printable ASCII without blanks ('!' to '~')");
    }
  }
  if (id.size() > kMaxIdBytes) {
    return bad("of " + std::to_string(id.size()) + " bytes is longer than " + std::to_string(kMaxIdBytes) +
               " bytes: '" + std::string(id.substr(0, 200)) + "'");
  }
  return Status::Ok();
}

Status CheckStringLength(std::string_view field, std::string_view value) {
  if (value.size() <= kMaxStringBytes) return Status::Ok();
  return Status::InvalidArgument("field '" + std::string(field) + "': string of " + std::to_string(value.size()) +
                                 " bytes is longer than " + std::to_string(kMaxStringBytes) + " bytes");
}

Status CheckStringLengths(std::string_view field, const nlohmann::json& value) {
  if (value.is_string()) return CheckStringLength(field, value.get_ref<const std::string&>());
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      Status s = CheckStringLengths(std::string(field) + "[" + std::to_string(i) + "]", value[i]);
      if (!s.ok()) return s;
    }
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      std::string path = std::string(field) + "." + key;
      if (key.size() > kMaxStringBytes) {
        return Status::InvalidArgument("field '" + path + "': property name of " + std::to_string(key.size()) +
                                       " bytes is longer than " + std::to_string(kMaxStringBytes) + " bytes");
      }
      Status s = CheckStringLengths(path, item);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

}  // namespace cityties::import
