// Frames given on the command line: hex (as `onechan encode` and most consoles print) or base64 (as the
// Semtech protocol's `data` field and lora-packet print).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lorawan/result.hpp"

namespace onechan::cli {

// Hex is tried first: a string of only hex digits with even length is hex. Anything else is read as
// base64. The error names both attempts so a typo is easy to find.
Result<std::vector<std::uint8_t>> parse_frame_text(std::string_view text);

}  // namespace onechan::cli
