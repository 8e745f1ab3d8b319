// Parsing the config text into a JSON value, with errors a person can act on: a syntax error names the
// line and column ("onechan.json:7:3: ..."), and a key given twice in one object — which JSON parsers
// silently resolve by keeping one of them — is an error naming its key path.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "lorawan/result.hpp"

namespace onechan::config::detail {

struct TextPosition {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in characters (UTF-8 continuation bytes do not count)
  friend bool operator==(const TextPosition&, const TextPosition&) = default;
};

// The position of the byte at `offset` (0-based; clamped to the text).
TextPosition position_of(std::string_view text, std::size_t offset);

// Errors: config_json_invalid ("ORIGIN:LINE:COLUMN: what"), config_duplicate_key ("ORIGIN: PATH: ...").
Result<nlohmann::json> parse_json_document(std::string_view text, std::string_view origin);

}  // namespace onechan::config::detail
