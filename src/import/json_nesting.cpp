#include "import/json_nesting.h"

#include <string>
#include <vector>

namespace cityties::import {
namespace {

// The end of the JSON string starting at the quote `start`: one past its closing quote.
size_t StringEnd(std::string_view text, size_t start) {
  for (size_t i = start + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

bool FollowedByColon(std::string_view text, size_t i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
  return i < text.size() && text[i] == ':';
}

std::string FieldPath(const std::vector<std::string>& keys) {
  std::string path;
  for (const auto& key : keys) {
    if (!key.empty()) path += (path.empty() ? "" : ".") + key;
  }
  return path.empty() ? "(the record)" : path;
}

}  // namespace

Status CheckJsonNesting(std::string_view text, size_t max_depth) {
  // keys[d] is the key under which the value at level d+1 sits ("" inside an array).
  std::vector<std::string> keys;
  std::string pending_key;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      size_t end = StringEnd(text, i);
      if (FollowedByColon(text, end)) pending_key.assign(text.substr(i + 1, end - i - 2));
      i = end - 1;
    } else if (c == '[' || c == '{') {
      if (keys.size() == max_depth) {
        return Status::InvalidArgument("field '" + FieldPath(keys) + "': JSON nested deeper than " +
                                       std::to_string(max_depth) + " levels");
      }
      keys.push_back(std::move(pending_key));
      pending_key.clear();
    } else if ((c == ']' || c == '}') && !keys.empty()) {
      keys.pop_back();
    } else if (c == ',') {
      pending_key.clear();
    }
  }
  return Status::Ok();
}

}  // namespace cityties::import
