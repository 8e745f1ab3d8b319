#include "cli/frame_input.hpp"

#include <algorithm>
#include <cctype>

#include "lorawan/hex.hpp"

namespace onechan::cli {

Result<std::vector<std::uint8_t>> parse_frame_text(std::string_view text) {
  if (text.empty()) return make_error("frame_empty", "the frame is empty");
  const bool looks_hex = std::all_of(
      text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
  if (looks_hex && text.size() % 2 == 0) return from_hex(text);
  auto b64 = from_base64(text);
  if (b64) return b64;
  if (looks_hex) return from_hex(text);  // odd-length hex: report it as hex, which it most likely is
  return make_error("frame_not_hex_or_base64", "the frame is neither hex nor base64: " + b64.error().message);
}

}  // namespace onechan::cli
