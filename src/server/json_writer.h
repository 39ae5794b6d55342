// JsonWriter: JSON text written straight into one string, for the API's answers.
//
// Promises:
//  - The text is byte for byte what nlohmann's dump() prints for the same values: no blanks,
//    UTF-8 kept as it is, '"', '\\' and control characters escaped (\b \f \n \r \t, else
//    \u00xx), numbers as nlohmann prints them. Only the document model is gone: an answer of
//    900 KiB used to be built as some 100,000 small objects, copied, printed and freed.
//  - A string that is not valid UTF-8 throws nlohmann's type_error, as dump() does.
//  - Commas and colons are the writer's: a caller says Key() before each value of an object and
//    End() after the last item of an object or an array.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace cityties::server {

class JsonWriter {
 public:
  JsonWriter& Object();
  JsonWriter& Array();
  JsonWriter& End();  // closes the innermost object or array
  JsonWriter& Key(std::string_view key);

  JsonWriter& Null();
  JsonWriter& Value(std::string_view text);
  JsonWriter& Value(const std::string& text) { return Value(std::string_view(text)); }
  JsonWriter& Value(const char* text) { return Value(std::string_view(text)); }
  JsonWriter& Value(bool b);
  JsonWriter& Value(double d);
  template <typename Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  JsonWriter& Value(Int n) {
    if constexpr (std::is_signed_v<Int>) return Signed(static_cast<long long>(n));
    return Unsigned(static_cast<unsigned long long>(n));
  }
  JsonWriter& Value(const std::vector<std::string>& texts);
  // A document value (a stored property, a small part built as a document).
  JsonWriter& Value(const nlohmann::json& value) { return Document(value); }
  JsonWriter& Value(const nlohmann::ordered_json& value) { return Document(value); }

  // Key(key) then Value(value).
  template <typename T>
  JsonWriter& Field(std::string_view key, const T& value) {
    Key(key);
    return Value(value);
  }
  // A text that is null when empty.
  JsonWriter& TextOrNull(std::string_view key, std::string_view text);

  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate();  // the comma before an item that is not the first
  void Open(char open, char close);
  void Escaped(std::string_view text);
  JsonWriter& Signed(long long n);
  JsonWriter& Unsigned(unsigned long long n);
  template <typename Doc>
  JsonWriter& Document(const Doc& value);

  std::string out_;
  struct Level {
    char close;  // '}' or ']'
    bool first;  // no item yet
  };
  std::vector<Level> open_;
  bool after_key_ = false;
};

}  // namespace cityties::server
