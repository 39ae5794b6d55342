// JsonWriter prints what nlohmann's dump() prints for the same values (server/json_writer.h).
#include "server/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace cityties::server {
namespace {

using Json = nlohmann::ordered_json;

TEST(JsonWriter, StringsAreEscapedAsDumpEscapesThem) {
  std::vector<std::string> texts = {"",
                                    "plain",
                                    "quote \" and backslash \\ and slash /",
                                    "\b\f\n\r\t",
                                    std::string("nul \0 here", 10),
                                    "\x01\x1f\x7f",
                                    "高雄市—檀香山市姊妹市",
                                    "emoji \xF0\x9F\x98\x80 and é",
                                    "ends with backslash \\"};
  for (const auto& text : texts) {
    JsonWriter w;
    w.Value(text);
    EXPECT_EQ(w.text(), Json(text).dump()) << text;
  }
}

TEST(JsonWriter, InvalidUtf8ThrowsAsDumpDoes) {
  JsonWriter w;
  EXPECT_THROW(w.Value(std::string("bad \xC3")), nlohmann::json::type_error);
  EXPECT_THROW(Json(std::string("bad \xC3")).dump(), nlohmann::json::type_error);
}

TEST(JsonWriter, NumbersAndLiteralsAsDump) {
  JsonWriter w;
  w.Array();
  w.Value(0).Value(-7).Value(std::numeric_limits<int64_t>::min()).Value(std::numeric_limits<uint64_t>::max());
  w.Value(size_t{42}).Value(uint32_t{7});
  w.Value(0.1).Value(1.0).Value(4.0).Value(-2.5e-7).Value(1e300).Value(std::nan(""));
  w.Value(true).Value(false).Null();
  w.End();
  Json expected = {0,
                   -7,
                   std::numeric_limits<int64_t>::min(),
                   std::numeric_limits<uint64_t>::max(),
                   42,
                   7u,
                   0.1,
                   1.0,
                   4.0,
                   -2.5e-7,
                   1e300,
                   std::nan(""),
                   true,
                   false,
                   nullptr};
  EXPECT_EQ(w.text(), expected.dump());
}

TEST(JsonWriter, NestedObjectsAndArraysAsDump) {
  JsonWriter w;
  w.Object().Field("a", 1).Key("empty").Array().End().Key("obj").Object().End();
  w.Key("list").Array().Object().Field("x", "y").End().Array().Value(1).Value(2).End().End();
  w.TextOrNull("none", "").TextOrNull("some", "text").Field("texts", std::vector<std::string>{"p", "q"});
  w.End();
  Json expected = {{"a", 1},
                   {"empty", Json::array()},
                   {"obj", Json::object()},
                   {"list", Json::array({Json{{"x", "y"}}, Json::array({1, 2})})},
                   {"none", nullptr},
                   {"some", "text"},
                   {"texts", {"p", "q"}}};
  EXPECT_EQ(w.text(), expected.dump());
}

TEST(JsonWriter, DocumentsAsDump) {
  // A stored property document (std::map-ordered) and an ordered one, nested in an answer.
  nlohmann::json stored = nlohmann::json::parse(
      R"({"z": [1, 2.5, "three", null, true, {"b": -1, "a": "\u0001"}], "a": {"n": 18446744073709551615}, "s": "高"})");
  Json ordered = Json::parse(R"({"z": 1, "a": [{}, []], "m": 0.30000000000000004})");
  JsonWriter w;
  w.Object().Field("stored", stored).Field("ordered", ordered).End();
  Json expected = {{"stored", stored}, {"ordered", ordered}};
  EXPECT_EQ(w.text(), expected.dump());
}

}  // namespace
}  // namespace cityties::server
