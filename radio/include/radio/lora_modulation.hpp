// LoRa modulation arithmetic shared by the driver (register encodings, LowDataRateOptimize) and the
// model (symbol time and time on air decide when DIO0 rises). Everything is integer arithmetic so the
// driver and the model agree to the nanosecond and no float rounding shows up in a register.
//
// Sources: Semtech SX1276 datasheet rev. 7, section 4.1.1 (symbol rate, LowDataRateOptimize) and
// RegModemConfig1/2 (table 4.4 LoRa registers); Semtech AN1200.13 "LoRa Modem Designer's Guide"
// (time on air).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace onechan::radio::lora {

inline constexpr std::uint8_t kMinSpreadingFactor = 6;  // SF6 needs implicit header: LoRaWAN uses 7..12
inline constexpr std::uint8_t kMaxSpreadingFactor = 12;

constexpr bool valid_spreading_factor(std::uint8_t sf) {
  return sf >= kMinSpreadingFactor && sf <= kMaxSpreadingFactor;
}

// The ten signal bandwidths of RegModemConfig1 bits 7-4, by their nominal Hz (as LoRaWAN and the
// Semtech protocol name them: "BW125"). The chip derives each from its 32 MHz crystal as
// 500 kHz / divider, so the exact bandwidth of "7800" is 7812.5 Hz; timing uses the divider, not the
// nominal value.
struct BandwidthInfo {
  std::uint32_t nominal_hz;
  std::uint8_t code;     // RegModemConfig1 Bw field (bits 7-4)
  std::uint8_t divider;  // exact bandwidth = 500 kHz / divider
};

inline constexpr BandwidthInfo kBandwidths[] = {
    {7'800, 0, 64},  {10'400, 1, 48}, {15'600, 2, 32}, {20'800, 3, 24}, {31'250, 4, 16},
    {41'700, 5, 12}, {62'500, 6, 8},  {125'000, 7, 4}, {250'000, 8, 2}, {500'000, 9, 1},
};

constexpr std::optional<BandwidthInfo> bandwidth_by_hz(std::uint32_t nominal_hz) {
  for (const auto& b : kBandwidths) {
    if (b.nominal_hz == nominal_hz) return b;
  }
  return std::nullopt;
}

constexpr std::optional<BandwidthInfo> bandwidth_by_code(std::uint8_t code) {
  for (const auto& b : kBandwidths) {
    if (b.code == code) return b;
  }
  return std::nullopt;
}

// Coding rate 4/5..4/8, named by its denominator 5..8; RegModemConfig1 bits 3-1 hold 1..4.
constexpr bool valid_coding_rate(std::uint8_t denominator) {
  return denominator >= 5 && denominator <= 8;
}
constexpr std::optional<std::uint8_t> coding_rate_code(std::uint8_t denominator) {
  if (!valid_coding_rate(denominator)) return std::nullopt;
  return static_cast<std::uint8_t>(denominator - 4);
}
constexpr std::optional<std::uint8_t> coding_rate_from_code(std::uint8_t code) {
  if (code < 1 || code > 4) return std::nullopt;
  return static_cast<std::uint8_t>(code + 4);
}

// Symbol time Ts = 2^SF / BW. With BW = 500 kHz / divider: Ts = 2^SF * divider * 2 µs, exact in ns.
constexpr std::uint64_t symbol_time_ns(std::uint8_t sf, const BandwidthInfo& bw) {
  return (std::uint64_t{1} << sf) * bw.divider * 2'000;
}

// The datasheet mandates LowDataRateOptimize when the symbol time exceeds 16 ms: SF11 and SF12 at
// 125 kHz, SF12 at 250 kHz. (Ts > 16 ms  <=>  2^SF * divider * 2 µs > 16000 µs.)
constexpr bool low_data_rate_optimize(std::uint8_t sf, const BandwidthInfo& bw) {
  return (std::uint64_t{1} << sf) * bw.divider > 8'000;
}

struct AirtimeParams {
  std::uint8_t spreading_factor = 7;
  BandwidthInfo bandwidth = kBandwidths[7];  // 125 kHz
  std::uint8_t coding_rate = 5;              // 4/5 as 5
  std::uint16_t preamble_symbols = 8;        // programmed preamble length (LoRaWAN: 8)
  bool crc_on = true;
  bool implicit_header = false;
};

// Number of payload symbols (AN1200.13, eq. for n_payload):
// 8 + max(ceil((8PL - 4SF + 28 + 16CRC - 20IH) / (4(SF - 2DE))) * (CR + 4), 0), CR the code 1..4.
constexpr std::uint32_t payload_symbols(const AirtimeParams& p, std::size_t payload_length) {
  const std::int64_t de = low_data_rate_optimize(p.spreading_factor, p.bandwidth) ? 1 : 0;
  const std::int64_t numerator = 8 * static_cast<std::int64_t>(payload_length) -
                                 4 * std::int64_t{p.spreading_factor} + 28 + (p.crc_on ? 16 : 0) -
                                 (p.implicit_header ? 20 : 0);
  const std::int64_t denominator = 4 * (std::int64_t{p.spreading_factor} - 2 * de);
  std::int64_t blocks = 0;
  if (numerator > 0) blocks = (numerator + denominator - 1) / denominator;
  const std::int64_t cr_code = std::int64_t{p.coding_rate} - 4;
  return static_cast<std::uint32_t>(8 + blocks * (cr_code + 4));
}

// Time on air in ns: preamble (n + 4.25) symbols plus the payload symbols. Counted in quarter symbols
// so the 4.25 stays an integer.
constexpr std::uint64_t time_on_air_ns(const AirtimeParams& p, std::size_t payload_length) {
  const std::uint64_t quarter_symbols =
      4 * std::uint64_t{p.preamble_symbols} + 17 + 4 * std::uint64_t{payload_symbols(p, payload_length)};
  return quarter_symbols * symbol_time_ns(p.spreading_factor, p.bandwidth) / 4;
}

// RF carrier: Frf = f * 2^19 / Fxosc with the 32 MHz crystal (datasheet 4.1.4), rounded to the nearest
// step (61.035 Hz) in integer arithmetic. 868.1 MHz -> 0xD90666.
inline constexpr std::uint64_t kCrystalHz = 32'000'000;
constexpr std::uint32_t frf_from_hz(std::uint32_t frequency_hz) {
  return static_cast<std::uint32_t>(((std::uint64_t{frequency_hz} << 19) + kCrystalHz / 2) / kCrystalHz);
}
// The inverse, rounded to the nearest Hz (the model uses it to know what the driver tuned to).
constexpr std::uint32_t hz_from_frf(std::uint32_t frf) {
  return static_cast<std::uint32_t>((std::uint64_t{frf} * kCrystalHz + (std::uint64_t{1} << 18)) >> 19);
}

// The SX1276 has two RF front ends: the LF port (bands 2 and 3, 137-525 MHz) and the HF port (band 1,
// 862-1020 MHz). The RSSI offset and LowFrequencyModeOn depend on which one is in use.
inline constexpr std::uint32_t kLfPortMaxHz = 525'000'000;
constexpr bool uses_lf_port(std::uint32_t frequency_hz) {
  return frequency_hz <= kLfPortMaxHz;
}

}  // namespace onechan::radio::lora
