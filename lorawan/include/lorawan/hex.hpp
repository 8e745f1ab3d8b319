// Hex and base64 text <-> bytes, for the CLI, configs and logs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"

namespace onechan {

// Upper-case hex with no separators ("0A1B").
std::string to_hex(ByteSpan bytes);
std::string to_hex_lower(ByteSpan bytes);
// Accepts upper or lower case; an optional "0x" prefix; no separators. Errors say which character is bad.
Result<std::vector<std::uint8_t>> from_hex(std::string_view text);

// Standard base64 with padding (RFC 4648 section 4), as the Semtech protocol uses.
std::string to_base64(ByteSpan bytes);
Result<std::vector<std::uint8_t>> from_base64(std::string_view text);

}  // namespace onechan
