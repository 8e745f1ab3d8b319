// The virtual air's datagram: one UDP datagram per LoRa transmission, sent at transmission start.
// Byte layout (network byte order), documented with an example in docs/virtual-air.md:
//
//   0  4  magic "OCAI" (4F 43 41 49)        14  1  spreading factor, 6..12
//   4  1  version = 1                       15  1  coding rate denominator, 5..8 (4/5..4/8)
//   5  1  flags: bit 0 IQ inverted,         16  1  sync word
//            bit 1 CRC on, bit 2 CRC ok,    17  1  payload length N, 0..255
//            bits 7-3 zero                  18  2  RSSI, dBm, signed
//   6  4  frequency, Hz                     20  2  SNR, 0.01 dB, signed
//  10  4  bandwidth, Hz (7800..500000)      22  N  payload
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "radio/air_frame.hpp"

namespace onechan::radio::sim {

inline constexpr std::uint8_t kAirMagic[4] = {'O', 'C', 'A', 'I'};
inline constexpr std::uint8_t kAirVersion = 1;
inline constexpr std::size_t kAirHeaderSize = 22;
inline constexpr std::uint8_t kAirFlagIqInverted = 0x01;
inline constexpr std::uint8_t kAirFlagCrcOn = 0x02;
inline constexpr std::uint8_t kAirFlagCrcOk = 0x04;
// The SX1276's frequency range over its three bands (datasheet table 1: 137 MHz to 1020 MHz).
inline constexpr std::uint32_t kAirMinFrequencyHz = 137'000'000;
inline constexpr std::uint32_t kAirMaxFrequencyHz = 1'020'000'000;

enum class AirError {
  too_short,             // shorter than the 22-byte header (or than the magic and version)
  bad_magic,             // not "OCAI": not a virtual-air datagram
  unknown_version,       // a version this build does not read
  reserved_flags,        // flag bits 7-3 set
  length_mismatch,       // datagram size != 22 + payload length
  payload_too_long,      // encode: more than 255 bytes (LoRa's limit)
  bad_spreading_factor,  // outside 6..12
  bad_bandwidth,         // not one of the SX1276's ten bandwidths
  bad_coding_rate,       // outside 5..8
  bad_frequency,         // outside 137..1020 MHz
};

std::string_view to_string(AirError code);

struct AirCodecError {
  AirError code;
  std::string message;  // one line: what is wrong, with the offending value
};

// A T or an AirCodecError.
template <typename T>
class [[nodiscard]] AirResult {
 public:
  AirResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}              // NOLINT
  AirResult(AirCodecError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const AirCodecError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, AirCodecError> v_;
};

// Checks the frame's modulation fields and payload length (the rules decode applies).
AirResult<std::monostate> validate_air_frame(const AirFrame& frame);
AirResult<std::vector<std::uint8_t>> encode_air_datagram(const AirFrame& frame);
// Never reads outside `datagram`; every malformed input yields a specific AirError.
AirResult<AirFrame> decode_air_datagram(std::span<const std::uint8_t> datagram);

}  // namespace onechan::radio::sim
