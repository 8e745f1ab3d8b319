// IN865-867 (RP002-1.0.4 "IN865-867"; RP 1.0.3revA section 2.10).
#include "region_tables.hpp"

namespace onechan::lorawan::region_tables {

namespace {

constexpr DataRate kDataRates[] = {
    lora_dr(12, 125000, true, true),  // DR0
    lora_dr(11, 125000, true, true),  // DR1
    lora_dr(10, 125000, true, true),  // DR2
    lora_dr(9, 125000, true, true),   // DR3
    lora_dr(8, 125000, true, true),   // DR4
    lora_dr(7, 125000, true, true),   // DR5
    undefined_dr(),                   // DR6, RFU
    fsk_dr(true, true),               // DR7, FSK 50 kbit/s
};

constexpr MaxPayloadSize kRepeater[] = {{59, 51},   {59, 51},   {59, 51},   {123, 115},
                                        {230, 222}, {230, 222}, kNoPayload, {230, 222}};
constexpr MaxPayloadSize kNoRepeater[] = {{59, 51},   {59, 51},   {59, 51},   {123, 115},
                                          {250, 242}, {250, 242}, kNoPayload, {250, 242}};

// "IN865-867 downlink RX1 data rate mapping": RX1DROffset 0..7 (6 and 7 raise the data rate).
constexpr Rx1Row kRx1[] = {
    {0, 0, 0, 0, 0, 0, 1, 2},  // DR0
    {1, 0, 0, 0, 0, 0, 2, 3},  // DR1
    {2, 1, 0, 0, 0, 0, 3, 4},  // DR2
    {3, 2, 1, 0, 0, 0, 4, 5},  // DR3
    {4, 3, 2, 1, 0, 0, 5, 5},  // DR4
    {5, 4, 3, 2, 1, 0, 5, 5},  // DR5
    {X, X, X, X, X, X, X, X},  // DR6, RFU
    {7, 6, 5, 4, 3, 2, 7, 7},  // DR7
};

constexpr Channel kDefaultChannels[] = {{865062500, 0, 5}, {865402500, 0, 5}, {865985000, 0, 5}};

// 865-867 MHz, licence-exempt in India without duty cycle; 30 dBm: RP002-1.0.4's default Max EIRP.
constexpr TxBand kTxBands[] = {{865000000, 867000000, 1'000'000, 30}};

constexpr Region kRegion{
    .id = RegionId::IN865,
    .name = "IN865",
    .min_frequency_hz = 865000000,
    .max_frequency_hz = 867000000,
    .data_rates = kDataRates,
    .max_payload = {{{kRepeater, {}}, {kNoRepeater, {}}}},
    .rx1_data_rates = kRx1,
    .rx1_data_rates_dwell = {},
    .max_rx1_dr_offset = 7,
    .default_max_eirp_dbm = 30,
    .max_tx_power_index = 10,
    .rx2_frequency_hz = 866550000,
    .rx2_data_rate = 2,
    .default_channels = kDefaultChannels,
    .fixed_channels = std::nullopt,
    .tx_bands = kTxBands,
};

}  // namespace

const Region& in865() {
  return kRegion;
}

}  // namespace onechan::lorawan::region_tables
