// Identifiers and keys of LoRaWAN 1.0.x, as value types. On air these are little-endian; people (and
// network-server consoles) write them most-significant byte first. The types hold the numeric value and
// convert at the edges, so nobody byte-swaps by hand.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "lorawan/result.hpp"

namespace onechan::lorawan {

enum class Direction : std::uint8_t { Uplink = 0, Downlink = 1 };

struct DevAddr {
  std::uint32_t value = 0;
  // Network ID bits (the 7 most significant bits in LoRaWAN 1.0: NwkID).
  std::uint8_t nwk_id() const { return static_cast<std::uint8_t>(value >> 25); }
  std::string to_string() const;  // "26011BDA": 8 upper-case hex digits, MSB first
  static Result<DevAddr> parse(std::string_view text);  // 8 hex digits, MSB first
  friend bool operator==(DevAddr, DevAddr) = default;
};

struct Eui64 {
  std::uint64_t value = 0;
  std::string to_string() const;  // 16 upper-case hex digits, MSB first
  static Result<Eui64> parse(std::string_view text);
  friend bool operator==(Eui64, Eui64) = default;
};

// An AES-128 key as written (MSB first = byte order used by the cipher; no swapping for keys).
struct Key128 {
  std::array<std::uint8_t, 16> bytes{};
  static Result<Key128> parse(std::string_view hex);  // exactly 32 hex digits
  friend bool operator==(const Key128&, const Key128&) = default;
};

}  // namespace onechan::lorawan
