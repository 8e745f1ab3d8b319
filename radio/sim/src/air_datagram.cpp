#include "radio/sim/air_datagram.hpp"

#include <algorithm>
#include <cstdio>

#include "radio/lora_modulation.hpp"

namespace onechan::radio::sim {

namespace {

AirCodecError fail(AirError code, std::string message) {
  return AirCodecError{code, std::move(message)};
}

std::string hex_byte(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", v & 0xFFu);
  return buf;
}

void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}
std::uint16_t get_u16(std::span<const std::uint8_t> d, std::size_t at) {
  return static_cast<std::uint16_t>((d[at] << 8) | d[at + 1]);
}
std::uint32_t get_u32(std::span<const std::uint8_t> d, std::size_t at) {
  return (std::uint32_t{d[at]} << 24) | (std::uint32_t{d[at + 1]} << 16) | (std::uint32_t{d[at + 2]} << 8) |
         d[at + 3];
}

AirResult<std::monostate> check_modulation(std::uint32_t frequency_hz, std::uint32_t bandwidth_hz,
                                           std::uint8_t sf, std::uint8_t cr) {
  if (!lora::valid_spreading_factor(sf)) {
    return fail(AirError::bad_spreading_factor,
                "spreading factor " + std::to_string(sf) + " is outside 6..12");
  }
  if (!lora::bandwidth_by_hz(bandwidth_hz)) {
    return fail(AirError::bad_bandwidth, "bandwidth " + std::to_string(bandwidth_hz) +
                                             " Hz is not an SX1276 bandwidth (7800, 10400, 15600, 20800, "
                                             "31250, 41700, 62500, 125000, 250000, 500000)");
  }
  if (!lora::valid_coding_rate(cr)) {
    return fail(AirError::bad_coding_rate, "coding rate 4/" + std::to_string(cr) + " is outside 4/5..4/8");
  }
  if (frequency_hz < kAirMinFrequencyHz || frequency_hz > kAirMaxFrequencyHz) {
    return fail(AirError::bad_frequency,
                "frequency " + std::to_string(frequency_hz) + " Hz is outside the SX1276's 137..1020 MHz");
  }
  return std::monostate{};
}

}  // namespace

std::string_view to_string(AirError code) {
  switch (code) {
    case AirError::too_short:
      return "too_short";
    case AirError::bad_magic:
      return "bad_magic";
    case AirError::unknown_version:
      return "unknown_version";
    case AirError::reserved_flags:
      return "reserved_flags";
    case AirError::length_mismatch:
      return "length_mismatch";
    case AirError::payload_too_long:
      return "payload_too_long";
    case AirError::bad_spreading_factor:
      return "bad_spreading_factor";
    case AirError::bad_bandwidth:
      return "bad_bandwidth";
    case AirError::bad_coding_rate:
      return "bad_coding_rate";
    case AirError::bad_frequency:
      return "bad_frequency";
  }
  return "unknown";
}

AirResult<std::monostate> validate_air_frame(const AirFrame& frame) {
  if (frame.payload.size() > 255) {
    return fail(AirError::payload_too_long,
                "payload of " + std::to_string(frame.payload.size()) + " bytes exceeds LoRa's 255");
  }
  return check_modulation(frame.frequency_hz, frame.bandwidth_hz, frame.spreading_factor, frame.coding_rate);
}

AirResult<std::vector<std::uint8_t>> encode_air_datagram(const AirFrame& frame) {
  if (auto valid = validate_air_frame(frame); !valid) return valid.error();
  std::vector<std::uint8_t> out;
  out.reserve(kAirHeaderSize + frame.payload.size());
  out.insert(out.end(), std::begin(kAirMagic), std::end(kAirMagic));
  out.push_back(kAirVersion);
  out.push_back(static_cast<std::uint8_t>((frame.iq_inverted ? kAirFlagIqInverted : 0) |
                                          (frame.crc_on ? kAirFlagCrcOn : 0) |
                                          (frame.crc_ok ? kAirFlagCrcOk : 0)));
  put_u32(out, frame.frequency_hz);
  put_u32(out, frame.bandwidth_hz);
  out.push_back(frame.spreading_factor);
  out.push_back(frame.coding_rate);
  out.push_back(frame.sync_word);
  out.push_back(static_cast<std::uint8_t>(frame.payload.size()));
  put_u16(out, static_cast<std::uint16_t>(frame.rssi_dbm));
  put_u16(out, static_cast<std::uint16_t>(frame.snr_centi_db));
  out.insert(out.end(), frame.payload.begin(), frame.payload.end());
  return out;
}

AirResult<AirFrame> decode_air_datagram(std::span<const std::uint8_t> d) {
  if (d.size() < sizeof kAirMagic + 1) {
    return fail(AirError::too_short,
                std::to_string(d.size()) + " bytes: too short for a virtual-air datagram");
  }
  if (!std::equal(std::begin(kAirMagic), std::end(kAirMagic), d.begin())) {
    return fail(AirError::bad_magic, "magic " + hex_byte(d[0]) + " " + hex_byte(d[1]) + " " + hex_byte(d[2]) +
                                         " " + hex_byte(d[3]) +
                                         " is not \"OCAI\": not a virtual-air datagram");
  }
  if (d[4] != kAirVersion) {
    return fail(AirError::unknown_version,
                "version " + std::to_string(d[4]) + " is unknown (this build reads version 1)");
  }
  if (d.size() < kAirHeaderSize) {
    return fail(AirError::too_short, std::to_string(d.size()) + " bytes: shorter than the 22-byte header");
  }
  const std::uint8_t flags = d[5];
  if (flags & ~(kAirFlagIqInverted | kAirFlagCrcOn | kAirFlagCrcOk)) {
    return fail(AirError::reserved_flags, "flags " + hex_byte(flags) + " set reserved bits 7-3");
  }
  const std::size_t length = d[17];
  if (d.size() != kAirHeaderSize + length) {
    return fail(AirError::length_mismatch, "header says " + std::to_string(length) + " payload bytes but " +
                                               std::to_string(d.size() - kAirHeaderSize) + " follow");
  }
  AirFrame f;
  f.frequency_hz = get_u32(d, 6);
  f.bandwidth_hz = get_u32(d, 10);
  f.spreading_factor = d[14];
  f.coding_rate = d[15];
  if (auto valid = check_modulation(f.frequency_hz, f.bandwidth_hz, f.spreading_factor, f.coding_rate);
      !valid) {
    return valid.error();
  }
  f.sync_word = d[16];
  f.iq_inverted = (flags & kAirFlagIqInverted) != 0;
  f.crc_on = (flags & kAirFlagCrcOn) != 0;
  f.crc_ok = (flags & kAirFlagCrcOk) != 0;
  f.rssi_dbm = static_cast<std::int16_t>(get_u16(d, 18));
  f.snr_centi_db = static_cast<std::int16_t>(get_u16(d, 20));
  f.payload.assign(d.begin() + kAirHeaderSize, d.end());
  return f;
}

}  // namespace onechan::radio::sim
