// JSON text for the Semtech protocol, both ways, without losing what a double would lose.
//  - JsonWriter writes objects field by field and lets numbers be inserted as exact text (freq
//    "868.100000", lsnr "9.5"), which nlohmann::json cannot do: it would print a double.
//  - parse_json_keeping_number_text() parses with nlohmann's SAX interface into an ordinary nlohmann::json
//    and also keeps the text of every non-integer number as the sender wrote it, so a frequency can be read
//    exactly from "869.525" instead of from the double 869.52499999999998.
// Both never throw on bad input: the parser returns a specific Error, the writer only takes text it made.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "lorawan/result.hpp"

namespace onechan::semtech {

class JsonWriter {
 public:
  // Opens the root object.
  JsonWriter();

  // Members of the innermost open object.
  void field_string(std::string_view key, std::string_view value);
  void field_int(std::string_view key, std::int64_t value);
  void field_uint(std::string_view key, std::uint64_t value);
  void field_bool(std::string_view key, bool value);
  // `number_text` goes out verbatim; it must be a JSON number produced by decimal.hpp or std::to_chars.
  void field_raw_number(std::string_view key, std::string_view number_text);

  void begin_object(std::string_view key);  // "key":{
  void end_object();
  void begin_array(std::string_view key);  // "key":[
  void end_array();
  void begin_object_in_array();  // an object element of the innermost open array

  // Closes whatever is still open and returns the text.
  std::string finish() &&;

 private:
  void separator();
  void write_key(std::string_view key);

  std::string out_;
  std::vector<char> open_;         // '}' or ']' for each open container
  std::vector<bool> has_members_;  // per open container
};

// A parsed JSON document plus the source text of each non-integer number, keyed by JSON pointer
// ("/txpk/freq"). Integers need no text: nlohmann keeps them exactly as (u)int64.
struct JsonWithNumberText {
  nlohmann::json value;
  std::map<std::string, std::string> number_text;
};

// Errors: "json_invalid" (syntax, with the byte offset), "json_too_deep" (more than `max_depth` nested
// containers; the protocol needs 3), "json_duplicate_key" (the same key twice in one object: which one
// wins differs between parsers, so a hostile sender could make two readers see two different requests).
Result<JsonWithNumberText> parse_json_keeping_number_text(std::string_view text, std::size_t max_depth = 8);

}  // namespace onechan::semtech
