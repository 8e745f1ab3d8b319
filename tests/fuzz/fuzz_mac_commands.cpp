// Fuzz target: MAC command decoding in both directions (the first byte picks the direction), naming and
// listing the fields of what was decoded, and re-encoding it. Decoding must never claim more bytes than
// it was given. (Re-encoded bytes may differ from the input: RFU bits are written as 0.)
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "lorawan/mac_commands.hpp"

using namespace onechan;
using namespace onechan::lorawan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Direction dir = (data[0] & 1) ? Direction::Downlink : Direction::Uplink;
  const ByteSpan input(data + 1, size - 1);
  const MacDecodeResult decoded = decode_mac_commands(input, dir);
  if (decoded.consumed > input.size()) std::abort();
  for (const MacCommand& command : decoded.commands) {
    (void)mac_name(command);
    (void)mac_fields(command);
  }
  (void)encode_mac_commands(decoded.commands);
  return 0;
}
