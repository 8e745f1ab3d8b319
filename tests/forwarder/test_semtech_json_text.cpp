// JSON text helpers (forwarder/src/semtech/json_text.hpp). Reference: nlohmann::json::parse, RFC 6901 for
// the pointer spelling.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "semtech/json_text.hpp"

namespace onechan::semtech {
namespace {

TEST(SemtechJsonText, KeepsTheTextOfEveryNonIntegerNumber) {
  const std::string text =
      R"({"rxpk":[{"freq":868.10,"n":3},{"freq":869.525}],"a/b":{"~x":1.50e1},"top":-0.0,"big":18446744073709551615})";
  auto doc = parse_json_keeping_number_text(text);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->value, nlohmann::json::parse(text));  // the same document as nlohmann's own parser
  EXPECT_EQ(doc->number_text.at("/rxpk/0/freq"), "868.10");
  EXPECT_EQ(doc->number_text.at("/rxpk/1/freq"), "869.525");
  EXPECT_EQ(doc->number_text.at("/a~1b/~0x"), "1.50e1");
  EXPECT_EQ(doc->number_text.at("/top"), "-0.0");
  EXPECT_EQ(doc->number_text.size(), 4u);  // integers need no text
  EXPECT_EQ(doc->value["big"].get<std::uint64_t>(), 18446744073709551615u);
}

TEST(SemtechJsonText, RefusesWhatTwoReadersCouldReadDifferently) {
  EXPECT_EQ(parse_json_keeping_number_text(R"({"a":1,"a":2})").error().code, "json_duplicate_key");
  EXPECT_EQ(parse_json_keeping_number_text(R"({"x":{"a":1,"a":1}})").error().code, "json_duplicate_key");
  EXPECT_TRUE(
      parse_json_keeping_number_text(R"([{"a":1},{"a":2}])").ok());  // same key in two objects is fine
  EXPECT_EQ(parse_json_keeping_number_text("[[[1]]]", 2).error().code, "json_too_deep");
  EXPECT_TRUE(parse_json_keeping_number_text("[[[1]]]", 3).ok());
  EXPECT_EQ(parse_json_keeping_number_text("").error().code, "json_invalid");
  EXPECT_EQ(parse_json_keeping_number_text("{} {}").error().code, "json_invalid");
  EXPECT_EQ(parse_json_keeping_number_text("{/*c*/}").error().code, "json_invalid");
  EXPECT_EQ(parse_json_keeping_number_text("[NaN]").error().code, "json_invalid");
}

TEST(SemtechJsonText, WriterProducesWhatNlohmannReads) {
  JsonWriter w;
  w.field_string("s", "quote \" backslash \\ newline \n tab \t ctl \x01");
  w.field_int("i", -42);
  w.field_uint("u", 18446744073709551615u);
  w.field_bool("b", false);
  w.field_raw_number("f", "868.100000");
  w.begin_array("arr");
  w.begin_object_in_array();
  w.field_int("x", 1);
  w.end_object();
  w.begin_object_in_array();
  w.end_object();
  w.end_array();
  w.begin_object("o");
  const std::string text = std::move(w).finish();  // closes "o" and the root
  EXPECT_EQ(text.substr(text.find("\"f\"")), R"("f":868.100000,"arr":[{"x":1},{}],"o":{}})");
  const auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["s"], "quote \" backslash \\ newline \n tab \t ctl \x01");
  EXPECT_EQ(doc["i"], -42);
  EXPECT_EQ(doc["u"].get<std::uint64_t>(), 18446744073709551615u);
  EXPECT_EQ(doc["b"], false);
  EXPECT_EQ(doc["f"].get<double>(), 868.1);
  EXPECT_EQ(doc["arr"].size(), 2u);
}

}  // namespace
}  // namespace onechan::semtech
