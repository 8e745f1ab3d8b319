// US902-928 (RP002-1.0.4 "US902-928"; RP 1.0.3revA section 2.3). Uplink DR0-DR6, downlink DR8-DR13;
// the uplink payload sizes already include the 400 ms dwell time FCC part 15 imposes.
#include "region_tables.hpp"

namespace onechan::lorawan::region_tables {

namespace {

constexpr DataRate kDataRates[] = {
    lora_dr(10, 125000, true, false),  // DR0
    lora_dr(9, 125000, true, false),   // DR1
    lora_dr(8, 125000, true, false),   // DR2
    lora_dr(7, 125000, true, false),   // DR3
    lora_dr(8, 500000, true, false),   // DR4
    lr_fhss_dr(),                      // DR5, LR-FHSS CR1/3, 1.523 MHz OCW
    lr_fhss_dr(),                      // DR6, LR-FHSS CR2/3, 1.523 MHz OCW
    undefined_dr(),                    // DR7, RFU
    lora_dr(12, 500000, false, true),  // DR8
    lora_dr(11, 500000, false, true),  // DR9
    lora_dr(10, 500000, false, true),  // DR10
    lora_dr(9, 500000, false, true),   // DR11
    lora_dr(8, 500000, false, true),   // DR12
    lora_dr(7, 500000, false, true),   // DR13
};

constexpr MaxPayloadSize kRepeater[] = {{19, 11},   {61, 53},   {133, 125}, {230, 222}, {230, 222},
                                        {58, 50},   {133, 125}, kNoPayload, {61, 53},   {137, 129},
                                        {230, 222}, {230, 222}, {230, 222}, {230, 222}};
constexpr MaxPayloadSize kNoRepeater[] = {{19, 11},   {61, 53},   {133, 125}, {250, 242}, {250, 242},
                                          {58, 50},   {133, 125}, kNoPayload, {61, 53},   {137, 129},
                                          {250, 242}, {250, 242}, {250, 242}, {250, 242}};

// "US902-928 downlink RX1 data rate mapping": RX1DROffset 0..3, uplink DR0..DR6.
constexpr Rx1Row kRx1[] = {
    {10, 9, 8, 8, X, X, X, X},     // DR0
    {11, 10, 9, 8, X, X, X, X},    // DR1
    {12, 11, 10, 9, X, X, X, X},   // DR2
    {13, 12, 11, 10, X, X, X, X},  // DR3
    {13, 13, 12, 11, X, X, X, X},  // DR4
    {10, 9, 8, 8, X, X, X, X},     // DR5
    {11, 10, 9, 8, X, X, X, X},    // DR6
};

// 902-928 MHz ISM band, no duty cycle (FCC part 15.247). 30 dBm: RP002's default Max EIRP for US915.
constexpr TxBand kTxBands[] = {{902000000, 928000000, 1'000'000, 30}};

constexpr Region kRegion{
    .id = RegionId::US915,
    .name = "US915",
    .min_frequency_hz = 902000000,
    .max_frequency_hz = 928000000,
    .data_rates = kDataRates,
    .max_payload = {{{kRepeater, {}}, {kNoRepeater, {}}}},
    .rx1_data_rates = kRx1,
    .rx1_data_rates_dwell = {},
    .max_rx1_dr_offset = 3,
    .default_max_eirp_dbm = 30,
    .max_tx_power_index = 14,
    .rx2_frequency_hz = 923300000,
    .rx2_data_rate = 8,
    .default_channels = {},
    .fixed_channels = FixedChannelPlan{902300000, 903000000, 923300000},
    .tx_bands = kTxBands,
};

}  // namespace

const Region& us915() {
  return kRegion;
}

}  // namespace onechan::lorawan::region_tables
