// AU915-928 (RP002-1.0.4 "AU915-928"; RP 1.0.3revA section 2.6). Uplink DR0-DR7, downlink DR8-DR13;
// payload sizes depend on UplinkDwellTime (400 ms when 1).
#include "region_tables.hpp"

namespace onechan::lorawan::region_tables {

namespace {

constexpr DataRate kDataRates[] = {
    lora_dr(12, 125000, true, false),  // DR0
    lora_dr(11, 125000, true, false),  // DR1
    lora_dr(10, 125000, true, false),  // DR2
    lora_dr(9, 125000, true, false),   // DR3
    lora_dr(8, 125000, true, false),   // DR4
    lora_dr(7, 125000, true, false),   // DR5
    lora_dr(8, 500000, true, false),   // DR6
    lr_fhss_dr(),                      // DR7, LR-FHSS CR1/3, 1.523 MHz OCW
    lora_dr(12, 500000, false, true),  // DR8
    lora_dr(11, 500000, false, true),  // DR9
    lora_dr(10, 500000, false, true),  // DR10
    lora_dr(9, 500000, false, true),   // DR11
    lora_dr(8, 500000, false, true),   // DR12
    lora_dr(7, 500000, false, true),   // DR13
};

constexpr MaxPayloadSize kRepeater[] = {{59, 51},   {59, 51},   {59, 51},   {123, 115}, {230, 222},
                                        {230, 222}, {230, 222}, {58, 50},   {61, 53},   {137, 129},
                                        {230, 222}, {230, 222}, {230, 222}, {230, 222}};
constexpr MaxPayloadSize kRepeaterDwell[] = {kNoPayload, kNoPayload, {19, 11},   {61, 53},  {133, 125},
                                             {230, 222}, {230, 222}, {58, 50},   {61, 53},  {137, 129},
                                             {230, 222}, {230, 222}, {230, 222}, {230, 222}};
constexpr MaxPayloadSize kNoRepeater[] = {{59, 51},   {59, 51},   {59, 51},   {123, 115}, {250, 242},
                                          {250, 242}, {250, 242}, {58, 50},   {61, 53},   {137, 129},
                                          {250, 242}, {250, 242}, {250, 242}, {250, 242}};
constexpr MaxPayloadSize kNoRepeaterDwell[] = {kNoPayload, kNoPayload, {19, 11},   {61, 53},  {133, 125},
                                               {250, 242}, {250, 242}, {58, 50},   {61, 53},  {137, 129},
                                               {250, 242}, {250, 242}, {250, 242}, {250, 242}};

// "AU915-928 downlink RX1 data rate mapping": RX1DROffset 0..5, uplink DR0..DR7.
constexpr Rx1Row kRx1[] = {
    {8, 8, 8, 8, 8, 8, X, X},       // DR0
    {9, 8, 8, 8, 8, 8, X, X},       // DR1
    {10, 9, 8, 8, 8, 8, X, X},      // DR2
    {11, 10, 9, 8, 8, 8, X, X},     // DR3
    {12, 11, 10, 9, 8, 8, X, X},    // DR4
    {13, 12, 11, 10, 9, 8, X, X},   // DR5
    {13, 13, 12, 11, 10, 9, X, X},  // DR6
    {9, 8, 8, 8, 8, 8, X, X},       // DR7
};

// 915-928 MHz (ACMA LIPD class licence), no duty cycle; 30 dBm: RP002's default Max EIRP for AU915.
constexpr TxBand kTxBands[] = {{915000000, 928000000, 1'000'000, 30}};

constexpr Region kRegion{
    .id = RegionId::AU915,
    .name = "AU915",
    .min_frequency_hz = 915000000,
    .max_frequency_hz = 928000000,
    .data_rates = kDataRates,
    .max_payload = {{{kRepeater, kRepeaterDwell}, {kNoRepeater, kNoRepeaterDwell}}},
    .rx1_data_rates = kRx1,
    .rx1_data_rates_dwell = {},
    .max_rx1_dr_offset = 5,
    .default_max_eirp_dbm = 30,
    .max_tx_power_index = 14,
    .rx2_frequency_hz = 923300000,
    .rx2_data_rate = 8,
    .default_channels = {},
    .fixed_channels = FixedChannelPlan{915200000, 915900000, 923300000},
    .tx_bands = kTxBands,
};

}  // namespace

const Region& au915() {
  return kRegion;
}

}  // namespace onechan::lorawan::region_tables
