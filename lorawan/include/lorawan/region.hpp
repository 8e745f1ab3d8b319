// LoRaWAN regional parameters (RP002-1.0.4; tables as in RP 1.0.3revA where they did not change) for the
// regions Onechan supports: EU868 (complete), US915, AU915, AS923-1 and IN865 (data rates, frequency
// range, maximum payload sizes, RX1/RX2, TX power, transmit bands).
//
// The part the daemon relies on for safety is Region::is_allowed_tx(): a network server must not be able
// to make the gateway transmit outside the region's bands, above their power limit or with a data rate
// the region does not define for downlinks.
//
// Everything is integers: frequencies in Hz, powers in whole dBm, duty cycles in parts per million.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lorawan/result.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

// LoRa modulation parameters as the Semtech protocol names them in "datr".
struct LoRaDataRate {
  std::uint8_t spreading_factor = 7;    // 6..12
  std::uint32_t bandwidth_hz = 125000;  // 125000, 250000 or 500000

  friend bool operator==(const LoRaDataRate&, const LoRaDataRate&) = default;
};

// "SF7BW125" -> {7, 125000}. Accepts SF6..SF12 and BW125, BW250, BW500, upper case as in the Semtech
// protocol. Error: "datr_invalid" (the message quotes the text).
Result<LoRaDataRate> parse_datr(std::string_view text);
std::string format_datr(const LoRaDataRate& data_rate);  // "SF7BW125"

// Semtech "codr": "4/5".."4/8" <-> coding rate index 1..4. Error: "codr_invalid".
Result<std::uint8_t> parse_codr(std::string_view text);
std::string format_codr(std::uint8_t coding_rate);  // "4/5".."4/8"; "" outside 1..4

enum class Modulation : std::uint8_t {
  Undefined,  // the index is RFU in this region
  LoRa,
  Fsk,     // GFSK 50 kbps: not something an SX1276 in LoRa mode sends or hears
  LrFhss,  // LR-FHSS: uplink only, needs an LR-FHSS capable gateway
};

struct DataRate {
  Modulation modulation = Modulation::Undefined;
  LoRaDataRate lora{};  // meaningful only when modulation == LoRa
  bool uplink = false;
  bool downlink = false;

  bool is_lora() const { return modulation == Modulation::LoRa; }
};

// Maximum MACPayload size M and FRMPayload size N (without FOpts) for one data rate.
struct MaxPayloadSize {
  std::uint8_t m = 0;
  std::uint8_t n = 0;

  bool defined() const { return m != 0; }
  friend bool operator==(const MaxPayloadSize&, const MaxPayloadSize&) = default;
};

struct PayloadSizeOptions {
  // 400 ms dwell time in force (AU915 and AS923 when UplinkDwellTime/DownlinkDwellTime = 1). Ignored by
  // regions whose table does not depend on it (US915 always applies its dwell time).
  bool dwell_time_400ms = false;
  // The regional parameters' main tables leave room for a repeater's encapsulation; the "not repeater
  // compatible" tables allow up to 250/242 bytes.
  bool repeater_compatible = true;
};

// A frequency range where the gateway may transmit, with its regulatory limits.
struct TxBand {
  std::uint32_t min_hz = 0;  // the whole occupied channel (centre +- bandwidth/2) must lie inside
  std::uint32_t max_hz = 0;
  std::uint32_t duty_cycle_ppm = 1'000'000;  // share of time on air; 1'000'000 = no duty-cycle limit
  std::int8_t max_eirp_dbm = 0;              // whole dBm, rounded down

  friend bool operator==(const TxBand&, const TxBand&) = default;
};

struct Channel {
  std::uint32_t frequency_hz = 0;
  std::uint8_t min_dr = 0;
  std::uint8_t max_dr = 0;
};

// US915 and AU915 fix 64 + 8 uplink channels and 8 downlink channels instead of default channels.
struct FixedChannelPlan {
  std::uint32_t uplink_125khz_first_hz;  // channels 0..63, 200 kHz apart
  std::uint32_t uplink_500khz_first_hz;  // channels 64..71, 1.6 MHz apart
  std::uint32_t downlink_first_hz;       // downlink channels 0..7, 600 kHz apart
};

enum class RegionId : std::uint8_t { EU868, US915, AU915, AS923_1, IN865 };

// One row of an RX1 data rate table, indexed by RX1DROffset; -1 where the offset is not allowed.
using Rx1Row = std::array<std::int8_t, 8>;

struct Region {
  RegionId id;
  std::string_view name;  // "EU868", "US915", "AU915", "AS923-1", "IN865"
  std::uint32_t min_frequency_hz;
  std::uint32_t max_frequency_hz;
  std::span<const DataRate> data_rates;  // index = DR
  // [repeater_compatible ? 0 : 1][dwell_time_400ms ? 1 : 0]; an empty dwell table = no dwell variant.
  std::array<std::array<std::span<const MaxPayloadSize>, 2>, 2> max_payload;
  std::span<const Rx1Row> rx1_data_rates;        // [uplink DR][RX1DROffset]
  std::span<const Rx1Row> rx1_data_rates_dwell;  // AS923 with DownlinkDwellTime = 1; empty elsewhere
  std::uint8_t max_rx1_dr_offset;
  std::int8_t default_max_eirp_dbm;  // what TXPower 0 means
  std::uint8_t max_tx_power_index;   // TXPower n = Max EIRP - 2n dB for n in 0..max_tx_power_index
  std::uint32_t rx2_frequency_hz;
  std::uint8_t rx2_data_rate;
  std::span<const Channel> default_channels;  // empty for fixed channel plans
  std::optional<FixedChannelPlan> fixed_channels;
  std::span<const TxBand> tx_bands;

  // Error "region_data_rate_undefined" for an RFU or out-of-table index.
  Result<DataRate> data_rate(std::uint8_t dr) const;
  // The DR index of a LoRa data rate in one direction (US915 SF8BW500 is DR4 up, DR12 down).
  // Error "region_data_rate_unknown".
  Result<std::uint8_t> find_data_rate(const LoRaDataRate& lora, Direction direction) const;
  // Errors "region_data_rate_undefined", "region_payload_size_undefined" (e.g. AS923 DR0 with dwell time).
  Result<MaxPayloadSize> max_payload_size(std::uint8_t dr, PayloadSizeOptions options = {}) const;
  // The RX1 downlink DR for an uplink DR and RX1DROffset. Errors "region_data_rate_undefined",
  // "region_rx1_dr_offset_invalid".
  Result<std::uint8_t> rx1_data_rate(std::uint8_t uplink_dr, std::uint8_t rx1_dr_offset,
                                     bool downlink_dwell_time = false) const;
  // The RX1 frequency for an uplink frequency: the same in EU868, AS923, IN865; the mapped downlink
  // channel (uplink channel modulo 8) in US915 and AU915. Error "region_frequency_not_a_channel".
  Result<std::uint32_t> rx1_frequency(std::uint32_t uplink_frequency_hz) const;
  // Max EIRP - 2 * index. Error "region_tx_power_invalid".
  Result<int> tx_power_eirp_dbm(std::uint8_t tx_power_index) const;
  // The band holding a whole channel of this bandwidth, if any.
  std::optional<TxBand> find_tx_band(std::uint32_t frequency_hz, std::uint32_t bandwidth_hz) const;

  // May the gateway transmit a LoRa frame here? `power_dbm` is compared with the band's EIRP limit as if
  // the antenna had 0 dBi; the caller subtracts its antenna gain first. Errors: "tx_frequency_not_allowed"
  // (outside every band of the region, channel edges included), "tx_power_too_high",
  // "tx_data_rate_not_allowed" (not a LoRa downlink data rate of the region), "datr_invalid".
  Result<void> is_allowed_tx(std::uint32_t frequency_hz, int power_dbm, const LoRaDataRate& datr) const;
  Result<void> is_allowed_tx(std::uint32_t frequency_hz, int power_dbm, std::string_view datr) const;
};

const Region& region(RegionId id);
std::span<const RegionId> all_region_ids();
// Case-insensitive: "EU868", "eu868", "US915", "AU915", "AS923-1" (also "AS923", "AS923_1"), "IN865".
// Error "region_unknown" listing the known names.
Result<const Region*> find_region(std::string_view name);

}  // namespace onechan::lorawan
