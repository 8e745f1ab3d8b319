// Fuzz target: frames typed on the command line (forwarder/src/cli/frame_input.hpp) and the hex and
// base64 codecs under it (lorawan/hex.hpp), which also read keys, EUIs and the Semtech "data" field.
// Invariants, on the input as text: accepted hex re-encodes to the same digits upper-cased (without the
// optional 0x prefix); accepted base64 has the length its bytes re-encode to and decodes back from that
// encoding; parse_frame_text gives what the codec it chose gives. On the input as bytes: both codecs
// round-trip.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cli/frame_input.hpp"
#include "lorawan/hex.hpp"

using namespace onechan;

namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

ByteSpan span_of(const std::vector<std::uint8_t>& v) {
  return {v.data(), v.size()};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto hex = from_hex(text);
  if (hex) {
    std::string_view digits = text;
    if (digits.size() >= 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
      digits.remove_prefix(2);
    }
    if (to_hex(span_of(*hex)) != upper(digits)) std::abort();
  }

  auto b64 = from_base64(text);
  if (b64) {
    // Not text == to_base64(bytes): the unused low bits of the last group may be set ("AB==" is 0x00).
    const std::string again = to_base64(span_of(*b64));
    if (again.size() != size) std::abort();
    auto back = from_base64(again);
    if (!back || *back != *b64) std::abort();
  }

  auto frame = cli::parse_frame_text(text);
  if (frame) {
    const bool all_hex = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) != 0;
    });
    const auto& chosen = all_hex && size % 2 == 0 ? hex : b64;
    if (!chosen || *chosen != *frame) std::abort();
  } else if (frame.error().message.empty()) {
    std::abort();
  }

  const ByteSpan bytes(data, size);
  auto from_upper = from_hex(to_hex(bytes));
  auto from_lower = from_hex(to_hex_lower(bytes));
  auto from_b64 = from_base64(to_base64(bytes));
  const std::vector<std::uint8_t> original(data, data + size);
  if (!from_upper || *from_upper != original || !from_lower || *from_lower != original || !from_b64 ||
      *from_b64 != original) {
    std::abort();
  }
  return 0;
}
