// AS923-1 (RP002-1.0.4 "AS923" with frequency offset 0, RP 1.0.3revA section 2.8: default channels
// 923.2 and 923.4 MHz). Dwell time (UplinkDwellTime / DownlinkDwellTime) is set per country and changes
// payload sizes and RX1 data rates.
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
    lora_dr(7, 250000, true, true),   // DR6
    fsk_dr(true, true),               // DR7, FSK 50 kbit/s
};

// RP002-1.0.1 raised DR2 without dwell time to 123/115.
constexpr MaxPayloadSize kRepeater[] = {{59, 51},   {59, 51},   {123, 115}, {123, 115},
                                        {230, 222}, {230, 222}, {230, 222}, {230, 222}};
constexpr MaxPayloadSize kRepeaterDwell[] = {kNoPayload, kNoPayload, {19, 11},   {61, 53},
                                             {133, 125}, {230, 222}, {230, 222}, {230, 222}};
constexpr MaxPayloadSize kNoRepeater[] = {{59, 51},   {59, 51},   {123, 115}, {123, 115},
                                          {250, 242}, {250, 242}, {250, 242}, {250, 242}};
constexpr MaxPayloadSize kNoRepeaterDwell[] = {kNoPayload, kNoPayload, {19, 11},   {61, 53},
                                               {133, 125}, {250, 242}, {250, 242}, {250, 242}};

// "AS923 downlink RX1 data rate mapping": RX1DROffset 0..7, where 6 and 7 mean an effective offset of
// -1 and -2 (a faster downlink); results are clamped to DR0 (DR2 with DownlinkDwellTime = 1) and DR7.
constexpr Rx1Row kRx1[] = {
    {0, 0, 0, 0, 0, 0, 1, 2},  // DR0
    {1, 0, 0, 0, 0, 0, 2, 3},  // DR1
    {2, 1, 0, 0, 0, 0, 3, 4},  // DR2
    {3, 2, 1, 0, 0, 0, 4, 5},  // DR3
    {4, 3, 2, 1, 0, 0, 5, 6},  // DR4
    {5, 4, 3, 2, 1, 0, 6, 7},  // DR5
    {6, 5, 4, 3, 2, 1, 7, 7},  // DR6
    {7, 6, 5, 4, 3, 2, 7, 7},  // DR7
};
constexpr Rx1Row kRx1Dwell[] = {
    {2, 2, 2, 2, 2, 2, 2, 2},  // DR0
    {2, 2, 2, 2, 2, 2, 2, 3},  // DR1
    {2, 2, 2, 2, 2, 2, 3, 4},  // DR2
    {3, 2, 2, 2, 2, 2, 4, 5},  // DR3
    {4, 3, 2, 2, 2, 2, 5, 6},  // DR4
    {5, 4, 3, 2, 2, 2, 6, 7},  // DR5
    {6, 5, 4, 3, 2, 2, 7, 7},  // DR6
    {7, 6, 5, 4, 3, 2, 7, 7},  // DR7
};

constexpr Channel kDefaultChannels[] = {{923200000, 0, 5}, {923400000, 0, 5}};

// AS923 spans 915-928 MHz; which part, the duty cycle or listen-before-talk rule, and the power limit
// are set per country. 16 dBm is RP002's default Max EIRP for AS923; no duty cycle is encoded here.
constexpr TxBand kTxBands[] = {{915000000, 928000000, 1'000'000, 16}};

constexpr Region kRegion{
    .id = RegionId::AS923_1,
    .name = "AS923-1",
    .min_frequency_hz = 915000000,
    .max_frequency_hz = 928000000,
    .data_rates = kDataRates,
    .max_payload = {{{kRepeater, kRepeaterDwell}, {kNoRepeater, kNoRepeaterDwell}}},
    .rx1_data_rates = kRx1,
    .rx1_data_rates_dwell = kRx1Dwell,
    .max_rx1_dr_offset = 7,
    .default_max_eirp_dbm = 16,
    .max_tx_power_index = 7,
    .rx2_frequency_hz = 923200000,
    .rx2_data_rate = 2,
    .default_channels = kDefaultChannels,
    .fixed_channels = std::nullopt,
    .tx_bands = kTxBands,
};

}  // namespace

const Region& as923_1() {
  return kRegion;
}

}  // namespace onechan::lorawan::region_tables
