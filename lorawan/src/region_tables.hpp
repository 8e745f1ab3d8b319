// The static parameter tables of each region, one source file per region (region_<name>.cpp).
#pragma once

#include "lorawan/region.hpp"

namespace onechan::lorawan::region_tables {

// Shorthands for the data-rate tables.
constexpr DataRate lora_dr(std::uint8_t sf, std::uint32_t bw_hz, bool uplink, bool downlink) {
  return DataRate{Modulation::LoRa, LoRaDataRate{sf, bw_hz}, uplink, downlink};
}
constexpr DataRate fsk_dr(bool uplink, bool downlink) {
  return DataRate{Modulation::Fsk, {}, uplink, downlink};
}
constexpr DataRate lr_fhss_dr() {
  return DataRate{Modulation::LrFhss, {}, true, false};
}
constexpr DataRate undefined_dr() {
  return DataRate{};
}

constexpr MaxPayloadSize kNoPayload{0, 0};
constexpr std::int8_t X = -1;  // RX1DROffset not allowed

const Region& eu868();
const Region& us915();
const Region& au915();
const Region& as923_1();
const Region& in865();

}  // namespace onechan::lorawan::region_tables
