#include "server/json_writer.h"

#include <charconv>

#include "common/text.h"

namespace cityties::server {

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!open_.empty()) {
    if (!open_.back().first) out_ += ',';
    open_.back().first = false;
  }
}

void JsonWriter::Open(char open, char close) {
  Separate();
  out_ += open;
  open_.push_back({close, true});
}

JsonWriter& JsonWriter::Object() {
  Open('{', '}');
  return *this;
}

JsonWriter& JsonWriter::Array() {
  Open('[', ']');
  return *this;
}

JsonWriter& JsonWriter::End() {
  out_ += open_.back().close;
  open_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  Escaped(key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Value(std::string_view text) {
  Separate();
  Escaped(text);
  return *this;
}

JsonWriter& JsonWriter::Value(bool b) {
  Separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Value(double d) {
  Separate();
  out_ += nlohmann::json(d).dump();  // nlohmann's shortest round-trip form, "null" for NaN
  return *this;
}

JsonWriter& JsonWriter::Signed(long long n) {
  Separate();
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Unsigned(unsigned long long n) {
  Separate();
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Value(const std::vector<std::string>& texts) {
  Array();
  for (const auto& t : texts) Value(t);
  return End();
}

JsonWriter& JsonWriter::TextOrNull(std::string_view key, std::string_view text) {
  Key(key);
  return text.empty() ? Null() : Value(text);
}

template <typename Doc>
JsonWriter& JsonWriter::Document(const Doc& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      Object();
      for (auto it = value.begin(); it != value.end(); ++it) {
        Key(it.key());
        Document(it.value());
      }
      return End();
    case nlohmann::json::value_t::array:
      Array();
      for (const auto& item : value) Document(item);
      return End();
    case nlohmann::json::value_t::string:
      return Value(std::string_view(value.template get_ref<const std::string&>()));
    case nlohmann::json::value_t::boolean:
      return Value(value.template get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Signed(value.template get<long long>());
    case nlohmann::json::value_t::number_unsigned:
      return Unsigned(value.template get<unsigned long long>());
    default:  // null, floating point, binary, discarded: as nlohmann prints them
      Separate();
      out_ += value.dump();
      return *this;
  }
}

template JsonWriter& JsonWriter::Document(const nlohmann::json&);
template JsonWriter& JsonWriter::Document(const nlohmann::ordered_json&);

namespace {

// Per byte: 0 copied as it is, 1 escaped, 2 the start of a non-ASCII sequence.
struct ByteClasses {
  unsigned char of[256];
  ByteClasses() {
    for (int c = 0; c < 256; ++c) of[c] = c < 0x20 || c == '"' || c == '\\' ? 1 : c >= 0x80 ? 2 : 0;
  }
};
const ByteClasses kClass;

}  // namespace

void JsonWriter::Escaped(std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  const size_t start = out_.size();
  out_ += '"';
  size_t run = 0;        // start of the bytes not yet copied
  bool checked = false;  // the rest from the first non-ASCII byte on is valid UTF-8
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const unsigned char kind = kClass.of[c];
    if (kind == 0) continue;
    if (kind == 2) {
      if (!checked && !IsValidUtf8(text.substr(i))) {
        out_.resize(start);
        out_ += nlohmann::json(std::string(text)).dump();  // throws type_error 316, as dump() would
        return;
      }
      checked = true;
      continue;
    }
    out_.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 0xF];
    }
  }
  out_.append(text.data() + run, text.size() - run);
  out_ += '"';
}

}  // namespace cityties::server
