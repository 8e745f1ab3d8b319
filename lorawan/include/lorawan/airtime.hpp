// Time on air of a LoRa frame (Semtech AN1200.13 "LoRa Modem Designer's Guide" section 4, SX1276
// datasheet section 4.1.1.7):
//   Tsym      = 2^SF / BW
//   Tpreamble = (n_preamble + 4.25) * Tsym
//   n_payload = 8 + max(ceil((8*PL - 4*SF + 28 + 16*CRC - 20*IH) / (4*(SF - 2*DE))) * (CR + 4), 0)
//   T         = Tpreamble + n_payload * Tsym
// with PL the PHY payload length in bytes, IH = 1 for an implicit header, DE = 1 with
// LowDataRateOptimize, CR = 1..4 for coding rates 4/5..4/8.
//
// Computed in integers: T = (4*(n_preamble + n_payload) + 17) * 2^SF / (4*BW) seconds, which is a
// whole number of microseconds for 125, 250 and 500 kHz. Other bandwidths are rounded up to the next
// microsecond (a duty-cycle budget must not under-count).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "lorawan/result.hpp"

namespace onechan::lorawan {

struct LoRaTxParams {
  std::uint8_t spreading_factor = 7;    // 6..12 (SX1276)
  std::uint32_t bandwidth_hz = 125000;  // 7800..500000; LoRaWAN uses 125, 250 and 500 kHz
  std::uint8_t coding_rate = 1;         // 1..4: 4/5, 4/6, 4/7, 4/8
  std::uint16_t preamble_symbols = 8;   // programmed preamble length (LoRaWAN: 8)
  bool explicit_header = true;          // LoRaWAN always uses the explicit header
  bool crc = true;                      // payload CRC: on for LoRaWAN uplinks, off for downlinks
  // LowDataRateOptimize (DE). Unset: on when the symbol time exceeds 16 ms, as LoRaWAN and the SX1276
  // datasheet require (SF11 and SF12 at 125 kHz, SF12 at 250 kHz).
  std::optional<bool> low_data_rate_optimize;
};

// True when a symbol lasts longer than 16 ms: 2^SF / BW > 16 ms.
bool needs_low_data_rate_optimize(std::uint8_t spreading_factor, std::uint32_t bandwidth_hz);

// Number of payload symbols (the n_payload above, header and CRC included).
// Errors: "airtime_bad_spreading_factor", "airtime_bad_bandwidth", "airtime_bad_coding_rate",
// "airtime_payload_too_long" (a LoRa PHY payload is at most 255 bytes).
Result<std::uint32_t> lora_payload_symbols(const LoRaTxParams& params, std::size_t payload_bytes);

// Time on air in microseconds of a frame with `payload_bytes` of PHY payload. Same errors. (64 bits: a
// 65535-symbol preamble at SF12 and 7.8 kHz lasts about 9.5 hours.)
Result<std::uint64_t> lora_time_on_air_us(const LoRaTxParams& params, std::size_t payload_bytes);

}  // namespace onechan::lorawan
