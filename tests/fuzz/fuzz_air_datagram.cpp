// Fuzz target: the virtual-air datagram decoder (radio/sim/air_datagram.hpp), which reads whatever arrives
// on the virtual air's UDP port. Invariants: a datagram that decodes passes validate_air_frame and encodes
// back to exactly the same bytes (the layout has no optional or redundant fields, so decode is a
// bijection on what it accepts).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "radio/sim/air_datagram.hpp"

using namespace onechan::radio::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  auto decoded = decode_air_datagram(input);
  if (!decoded) {
    if (decoded.error().message.empty()) std::abort();  // every rejection says what is wrong
    return 0;
  }
  const auto& frame = decoded.value();
  if (frame.payload.size() + kAirHeaderSize != size) std::abort();
  if (!validate_air_frame(frame)) std::abort();  // decode and validate apply the same rules
  auto encoded = encode_air_datagram(frame);
  if (!encoded) std::abort();
  const auto& bytes = encoded.value();
  if (bytes.size() != size || std::memcmp(bytes.data(), data, size) != 0) std::abort();
  return 0;
}
