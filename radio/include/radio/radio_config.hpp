// What the gateway asks of the radio, in radio terms: the one channel it listens on, and one downlink
// to send. Values are checked by validate_*() before any register is written.
#pragma once

#include <cstdint>
#include <optional>

#include "radio/radio_error.hpp"

namespace onechan::radio {

// Continuous reception of uplinks: explicit header, CRC on, normal IQ.
struct RxConfig {
  std::uint32_t frequency_hz = 868'100'000;
  std::uint8_t spreading_factor = 7;     // 7..12
  std::uint32_t bandwidth_hz = 125'000;  // 125000, 250000, 500000
  // With an explicit header the receiver reads the coding rate from each frame's header; this value
  // only matters for implicit-header frames, which LoRaWAN does not use.
  std::uint8_t coding_rate = 5;   // 4/5..4/8 as 5..8
  std::uint8_t sync_word = 0x34;  // public LoRaWAN networks
  std::uint16_t preamble_symbols = 8;
};

// One transmission (a downlink). LoRaWAN downlinks use inverted IQ and carry no payload CRC.
struct TxRequest {
  std::uint32_t frequency_hz = 869'525'000;
  std::uint8_t spreading_factor = 9;
  std::uint32_t bandwidth_hz = 125'000;
  std::uint8_t coding_rate = 5;
  std::int8_t power_dbm = 14;  // wanted output power; clamped to the board's and the region's limits
  // The regional limit the caller is bound by (e.g. EU868: 16 dBm EIRP minus antenna gain). The
  // driver never exceeds min(board max, regional max).
  std::int8_t regional_max_power_dbm = 14;
  bool invert_iq = true;
  bool crc_on = false;
  std::uint8_t sync_word = 0x34;
  std::uint16_t preamble_symbols = 8;
  // Monotonic µs (the clock DIO0 edges are stamped in) at which the transmission should start;
  // nullopt sends as soon as start_tx() is called.
  std::optional<std::uint64_t> start_at_us;
};

// The SX1276's specified bands (datasheet table 1): band 1 862-1020 MHz (HF port), band 2 410-525 MHz
// and band 3 137-175 MHz (LF port).
bool frequency_in_sx1276_bands(std::uint32_t frequency_hz);

// Only the LoRaWAN bandwidths (125/250/500 kHz) and SF7..SF12 are accepted: SF6 needs an implicit
// header and the narrow bandwidths need a TCXO the RFM95 does not have.
Status validate(const RxConfig& config);
Status validate(const TxRequest& request);

}  // namespace onechan::radio
