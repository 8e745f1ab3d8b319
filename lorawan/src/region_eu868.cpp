// EU863-870 (RP002-1.0.4 "EU863-870"; RP 1.0.3revA section 2.2), completed with the sub-bands of
// ETSI EN 300 220-2 V3.2.1 (Annex B) to which the regional parameters refer for duty cycle and power.
#include "region_tables.hpp"

namespace onechan::lorawan::region_tables {

namespace {

constexpr DataRate kDataRates[] = {
    lora_dr(12, 125000, true, true),  // DR0, 250 bit/s
    lora_dr(11, 125000, true, true),  // DR1, 440 bit/s
    lora_dr(10, 125000, true, true),  // DR2, 980 bit/s
    lora_dr(9, 125000, true, true),   // DR3, 1760 bit/s
    lora_dr(8, 125000, true, true),   // DR4, 3125 bit/s
    lora_dr(7, 125000, true, true),   // DR5, 5470 bit/s
    lora_dr(7, 250000, true, true),   // DR6, 11000 bit/s
    fsk_dr(true, true),               // DR7, FSK 50 kbit/s
    lr_fhss_dr(),                     // DR8, LR-FHSS CR1/3, 137 kHz OCW
    lr_fhss_dr(),                     // DR9, LR-FHSS CR2/3, 137 kHz OCW
    lr_fhss_dr(),                     // DR10, LR-FHSS CR1/3, 336 kHz OCW
    lr_fhss_dr(),                     // DR11, LR-FHSS CR2/3, 336 kHz OCW
};

// "EU863-870 maximum payload size (repeater compatible)" and "(not repeater compatible)".
constexpr MaxPayloadSize kRepeater[] = {{59, 51},   {59, 51},   {59, 51}, {123, 115}, {230, 222}, {230, 222},
                                        {230, 222}, {230, 222}, {58, 50}, {123, 115}, {58, 50},   {123, 115}};
constexpr MaxPayloadSize kNoRepeater[] = {{59, 51},   {59, 51},   {59, 51},   {123, 115},
                                          {250, 242}, {250, 242}, {250, 242}, {250, 242},
                                          {58, 50},   {123, 115}, {58, 50},   {123, 115}};

// "EU863-870 downlink RX1 data rate mapping": RX1DROffset 0..5.
constexpr Rx1Row kRx1[] = {
    {0, 0, 0, 0, 0, 0, X, X},  // DR0
    {1, 0, 0, 0, 0, 0, X, X},  // DR1
    {2, 1, 0, 0, 0, 0, X, X},  // DR2
    {3, 2, 1, 0, 0, 0, X, X},  // DR3
    {4, 3, 2, 1, 0, 0, X, X},  // DR4
    {5, 4, 3, 2, 1, 0, X, X},  // DR5
    {6, 5, 4, 3, 2, 1, X, X},  // DR6
    {7, 6, 5, 4, 3, 2, X, X},  // DR7
    {1, 0, 0, 0, 0, 0, X, X},  // DR8
    {2, 1, 0, 0, 0, 0, X, X},  // DR9
    {1, 0, 0, 0, 0, 0, X, X},  // DR10
    {2, 1, 0, 0, 0, 0, X, X},  // DR11
};

constexpr Channel kDefaultChannels[] = {{868100000, 0, 5}, {868300000, 0, 5}, {868500000, 0, 5}};

// ETSI EN 300 220-2 V3.2.1 Table B.1 bands usable by LoRaWAN without LBT/AFA. 25 mW ERP = 14 dBm ERP =
// 16.15 dBm EIRP and 500 mW ERP = 29.15 dBm EIRP, rounded down to whole dBm. The gaps (868.6-868.7,
// 869.2-869.4, 869.65-869.7 MHz) are reserved for alarms and closed to LoRaWAN.
constexpr TxBand kTxBands[] = {
    {863000000, 865000000, 1'000, 16},    // 0.1 %
    {865000000, 868000000, 10'000, 16},   // 1 %
    {868000000, 868600000, 10'000, 16},   // 1 %: the three default channels
    {868700000, 869200000, 1'000, 16},    // 0.1 %
    {869400000, 869650000, 100'000, 29},  // 10 %, 500 mW ERP: RX2 at 869.525 MHz
    {869700000, 870000000, 10'000, 16},   // 1 %
};

constexpr Region kRegion{
    .id = RegionId::EU868,
    .name = "EU868",
    .min_frequency_hz = 863000000,
    .max_frequency_hz = 870000000,
    .data_rates = kDataRates,
    .max_payload = {{{kRepeater, {}}, {kNoRepeater, {}}}},
    .rx1_data_rates = kRx1,
    .rx1_data_rates_dwell = {},
    .max_rx1_dr_offset = 5,
    .default_max_eirp_dbm = 16,
    .max_tx_power_index = 7,
    .rx2_frequency_hz = 869525000,
    .rx2_data_rate = 0,
    .default_channels = kDefaultChannels,
    .fixed_channels = std::nullopt,
    .tx_bands = kTxBands,
};

}  // namespace

const Region& eu868() {
  return kRegion;
}

}  // namespace onechan::lorawan::region_tables
