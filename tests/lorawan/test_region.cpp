// Regional parameters (lorawan/region.hpp) against the published tables.
// References:
//  [RP]  LoRa Alliance RP002-1.0.4 Regional Parameters and LoRaWAN Regional Parameters v1.0.3revA:
//        EU863-870 section 2.2 of 1.0.3revA (2.2.3 data rates and TX power Table 6, 2.2.6 maximum payload,
//        2.2.7 receive windows), US902-928 section 2.3 (2.3.6 Table 16, 2.3.7 Table 17, RX2 923.3 MHz
//        DR8), AU915-928 2.6, AS923 2.8, IN865-867 2.10. RP002-1.0.5 section 3.10.6 Table 73 (AS923
//        payload sizes) and 3.10.7 (AS923 RX1DROffset 6 and 7 raise the data rate up to DR7).
//  [CS]  ChirpStack v4 lrwn/src/region/{eu868,us915,au915,as923,in865}.rs: the same tables as data
//        (revision "Latest" = RP002-1.0.2..1.0.4) and its unit tests (channel and RX1 frequency cases).
//  [LMN] LoRaMac-node src/mac/region/RegionEU868.h (data rates, bandwidths, MaxPayloadOfDatarate*,
//        RX2 869.525 MHz DR0, default channels, 16 dBm Max EIRP), RegionIN865.h (RX2 866.55 MHz DR2).
//  [ETSI] ETSI EN 300 220-2 V3.2.1 Annex B bands K, L, M, N, P, Q (as quoted in LoRaMac-node PR #750).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "lorawan/region.hpp"

namespace onechan::lorawan {
namespace {

const Region& eu() {
  return region(RegionId::EU868);
}
const Region& us() {
  return region(RegionId::US915);
}
const Region& au() {
  return region(RegionId::AU915);
}
const Region& as() {
  return region(RegionId::AS923_1);
}
const Region& in() {
  return region(RegionId::IN865);
}

TEST(Datr, ParseAndFormat) {
  auto dr = parse_datr("SF7BW125");
  ASSERT_TRUE(dr.ok());
  EXPECT_EQ(dr->spreading_factor, 7);
  EXPECT_EQ(dr->bandwidth_hz, 125000u);
  EXPECT_EQ(format_datr(*dr), "SF7BW125");
  EXPECT_EQ(*parse_datr("SF12BW500"), (LoRaDataRate{12, 500000}));
  EXPECT_EQ(*parse_datr("SF6BW250"), (LoRaDataRate{6, 250000}));
  EXPECT_EQ(format_datr(LoRaDataRate{10, 250000}), "SF10BW250");
}

TEST(Datr, RejectsMalformed) {
  for (const char* text : {"", "SF", "SF7", "SF7BW", "BW125", "sf7bw125", "SF13BW125", "SF5BW125", "SF7BW62",
                           "SF7BW125 ", "SF-7BW125", "SF7BW1250000000", "SFBW125", "FSK", "SF7BW125x"}) {
    auto r = parse_datr(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, "datr_invalid") << text;
  }
}

TEST(Codr, ParseAndFormat) {
  EXPECT_EQ(*parse_codr("4/5"), 1);
  EXPECT_EQ(*parse_codr("4/8"), 4);
  EXPECT_EQ(format_codr(1), "4/5");
  EXPECT_EQ(format_codr(4), "4/8");
  EXPECT_EQ(format_codr(0), "");
  EXPECT_EQ(parse_codr("4/9").error().code, "codr_invalid");
  EXPECT_EQ(parse_codr("5/4").error().code, "codr_invalid");
  EXPECT_EQ(parse_codr("").error().code, "codr_invalid");
}

TEST(RegionLookup, ByNameCaseInsensitive) {
  EXPECT_EQ((*find_region("EU868"))->id, RegionId::EU868);
  EXPECT_EQ((*find_region("eu868"))->id, RegionId::EU868);
  EXPECT_EQ((*find_region("Us915"))->id, RegionId::US915);
  EXPECT_EQ((*find_region("au915"))->id, RegionId::AU915);
  EXPECT_EQ((*find_region("AS923"))->id, RegionId::AS923_1);
  EXPECT_EQ((*find_region("as923-1"))->id, RegionId::AS923_1);
  EXPECT_EQ((*find_region("AS923_1"))->id, RegionId::AS923_1);
  EXPECT_EQ((*find_region("IN865"))->id, RegionId::IN865);
  auto bad = find_region("EU433");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "region_unknown");
  EXPECT_NE(bad.error().message.find("EU868"), std::string::npos);
  EXPECT_EQ(all_region_ids().size(), 5u);
  for (RegionId id : all_region_ids()) EXPECT_EQ(region(id).id, id);
}

// ---- EU868 -------------------------------------------------------------------------------------------

TEST(Eu868, DataRates) {  // [RP] 2.2.3, [LMN] DataratesEU868 / BandwidthsEU868, [CS]
  const std::pair<std::uint8_t, std::uint32_t> lora[] = {
      {12, 125000}, {11, 125000}, {10, 125000}, {9, 125000}, {8, 125000}, {7, 125000}, {7, 250000}};
  for (std::uint8_t dr = 0; dr < 7; ++dr) {
    auto d = eu().data_rate(dr);
    ASSERT_TRUE(d.ok());
    EXPECT_TRUE(d->is_lora());
    EXPECT_EQ(d->lora.spreading_factor, lora[dr].first) << int(dr);
    EXPECT_EQ(d->lora.bandwidth_hz, lora[dr].second) << int(dr);
    EXPECT_TRUE(d->uplink && d->downlink);
  }
  EXPECT_EQ(eu().data_rate(7)->modulation, Modulation::Fsk);
  for (std::uint8_t dr = 8; dr <= 11; ++dr) {
    EXPECT_EQ(eu().data_rate(dr)->modulation, Modulation::LrFhss);
    EXPECT_FALSE(eu().data_rate(dr)->downlink);
  }
  for (std::uint8_t dr = 12; dr <= 15; ++dr)
    EXPECT_EQ(eu().data_rate(dr).error().code, "region_data_rate_undefined");
  EXPECT_EQ(*eu().find_data_rate(*parse_datr("SF7BW125"), Direction::Uplink), 5);
  EXPECT_EQ(*eu().find_data_rate(*parse_datr("SF7BW250"), Direction::Downlink), 6);
  EXPECT_EQ(*eu().find_data_rate(*parse_datr("SF12BW125"), Direction::Downlink), 0);
  EXPECT_EQ(eu().find_data_rate(*parse_datr("SF7BW500"), Direction::Uplink).error().code,
            "region_data_rate_unknown");
}

TEST(Eu868, MaxPayloadSizes) {  // [RP] 2.2.6 + RP002 LR-FHSS rows, [LMN], [CS]
  const MaxPayloadSize repeater[] = {{59, 51},   {59, 51},   {59, 51}, {123, 115}, {230, 222}, {230, 222},
                                     {230, 222}, {230, 222}, {58, 50}, {123, 115}, {58, 50},   {123, 115}};
  const MaxPayloadSize plain[] = {{59, 51},   {59, 51},   {59, 51}, {123, 115}, {250, 242}, {250, 242},
                                  {250, 242}, {250, 242}, {58, 50}, {123, 115}, {58, 50},   {123, 115}};
  for (std::uint8_t dr = 0; dr < 12; ++dr) {
    EXPECT_EQ(*eu().max_payload_size(dr), repeater[dr]) << int(dr);
    EXPECT_EQ(*eu().max_payload_size(dr, {.dwell_time_400ms = false, .repeater_compatible = false}),
              plain[dr])
        << int(dr);
    // EU868 has no dwell-time variant: the flag changes nothing.
    EXPECT_EQ(*eu().max_payload_size(dr, {.dwell_time_400ms = true}), repeater[dr]) << int(dr);
  }
  // LoRaMac-node MaxPayloadOfDatarateEU868 (N, not repeater) and ...RepeaterEU868 (N, repeater).
  const std::uint8_t lmn_plain[] = {51, 51, 51, 115, 242, 242, 242, 242};
  const std::uint8_t lmn_repeater[] = {51, 51, 51, 115, 222, 222, 222, 222};
  for (std::uint8_t dr = 0; dr < 8; ++dr) {
    EXPECT_EQ(eu().max_payload_size(dr, {.repeater_compatible = false})->n, lmn_plain[dr]);
    EXPECT_EQ(eu().max_payload_size(dr)->n, lmn_repeater[dr]);
  }
  EXPECT_EQ(eu().max_payload_size(12).error().code, "region_data_rate_undefined");
}

TEST(Eu868, Rx1DataRateTable) {  // [RP] 2.2.7 (and RP002 rows for DR8-DR11), [CS]
  const std::vector<std::vector<int>> expected = {
      {0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}, {2, 1, 0, 0, 0, 0}, {3, 2, 1, 0, 0, 0},
      {4, 3, 2, 1, 0, 0}, {5, 4, 3, 2, 1, 0}, {6, 5, 4, 3, 2, 1}, {7, 6, 5, 4, 3, 2},
      {1, 0, 0, 0, 0, 0}, {2, 1, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}, {2, 1, 0, 0, 0, 0},
  };
  for (std::uint8_t up = 0; up < expected.size(); ++up) {
    for (std::uint8_t off = 0; off < 6; ++off) {
      auto dr = eu().rx1_data_rate(up, off);
      ASSERT_TRUE(dr.ok()) << int(up) << "/" << int(off);
      EXPECT_EQ(*dr, expected[up][off]) << "uplink DR" << int(up) << " offset " << int(off);
    }
  }
  EXPECT_EQ(eu().rx1_data_rate(5, 6).error().code, "region_rx1_dr_offset_invalid");
  EXPECT_EQ(eu().rx1_data_rate(12, 0).error().code, "region_data_rate_undefined");
}

TEST(Eu868, Rx2DefaultChannelsAndPower) {  // [RP] 2.2.2, 2.2.3 Table 6, 2.2.7; [LMN]
  EXPECT_EQ(eu().rx2_frequency_hz, 869525000u);
  EXPECT_EQ(eu().rx2_data_rate, 0);
  ASSERT_EQ(eu().default_channels.size(), 3u);
  EXPECT_EQ(eu().default_channels[0].frequency_hz, 868100000u);
  EXPECT_EQ(eu().default_channels[1].frequency_hz, 868300000u);
  EXPECT_EQ(eu().default_channels[2].frequency_hz, 868500000u);
  for (const Channel& c : eu().default_channels) {
    EXPECT_EQ(c.min_dr, 0);
    EXPECT_EQ(c.max_dr, 5);
  }
  EXPECT_EQ(eu().min_frequency_hz, 863000000u);
  EXPECT_EQ(eu().max_frequency_hz, 870000000u);
  // Table 6: TXPower 0 = Max EIRP (+16 dBm by default) ... 7 = Max EIRP - 14 dB, 8..15 RFU.
  for (std::uint8_t i = 0; i <= 7; ++i) EXPECT_EQ(*eu().tx_power_eirp_dbm(i), 16 - 2 * i);
  EXPECT_EQ(eu().tx_power_eirp_dbm(8).error().code, "region_tx_power_invalid");
  EXPECT_EQ(*eu().rx1_frequency(868300000), 868300000u);
}

TEST(Eu868, SubBandsAndDutyCycles) {  // [ETSI], [LMN] EU868_BAND0..5 duty cycles
  struct Row {
    std::uint32_t frequency_hz;
    std::uint32_t duty_cycle_ppm;
    int max_eirp_dbm;
  };
  const Row rows[] = {
      {863100000, 1000, 16},    // 863-865 MHz: 0.1 %
      {864900000, 1000, 16},    //
      {867100000, 10000, 16},   // 865-868 MHz: 1 % (the TTN channels 867.1-867.9)
      {867900000, 10000, 16},   //
      {868100000, 10000, 16},   // 868.0-868.6 MHz: 1 %
      {868500000, 10000, 16},   //
      {868800000, 1000, 16},    // 868.7-869.2 MHz: 0.1 %
      {869525000, 100000, 29},  // 869.4-869.65 MHz: 10 %, 500 mW ERP
      {869850000, 10000, 16},   // 869.7-870 MHz: 1 %
  };
  for (const Row& row : rows) {
    auto band = eu().find_tx_band(row.frequency_hz, 125000);
    ASSERT_TRUE(band.has_value()) << row.frequency_hz;
    EXPECT_EQ(band->duty_cycle_ppm, row.duty_cycle_ppm) << row.frequency_hz;
    EXPECT_EQ(band->max_eirp_dbm, row.max_eirp_dbm) << row.frequency_hz;
  }
  // Gaps reserved for alarms, and channels that would spill over a band edge.
  EXPECT_FALSE(eu().find_tx_band(868650000, 125000).has_value());
  EXPECT_FALSE(eu().find_tx_band(869300000, 125000).has_value());
  EXPECT_FALSE(eu().find_tx_band(869675000, 125000).has_value());
  EXPECT_FALSE(eu().find_tx_band(868550000, 125000).has_value());  // 868.4875-868.6125 crosses 868.6
  EXPECT_FALSE(eu().find_tx_band(868500000, 250000).has_value());  // 868.375-868.625 crosses 868.6
  EXPECT_TRUE(eu().find_tx_band(868300000, 250000).has_value());   // TTN's SF7BW250 channel
  EXPECT_FALSE(eu().find_tx_band(862900000, 125000).has_value());
  EXPECT_FALSE(eu().find_tx_band(869950000, 125000).has_value());  // 870.0125 is past 870
}

TEST(Eu868, AllowedTransmissions) {
  // RX1 on a default channel at 14 dBm (ChirpStack's EU868 downlink default), RX2 at 27 dBm.
  EXPECT_TRUE(eu().is_allowed_tx(868100000, 14, "SF7BW125").ok());
  EXPECT_TRUE(eu().is_allowed_tx(868100000, 16, "SF12BW125").ok());
  EXPECT_TRUE(eu().is_allowed_tx(869525000, 27, "SF12BW125").ok());
  EXPECT_TRUE(eu().is_allowed_tx(869525000, 29, "SF9BW125").ok());
  EXPECT_TRUE(eu().is_allowed_tx(868300000, 14, LoRaDataRate{7, 250000}).ok());
}

TEST(Eu868, RefusedTransmissions) {
  EXPECT_EQ(eu().is_allowed_tx(868100000, 17, "SF7BW125").error().code, "tx_power_too_high");
  EXPECT_EQ(eu().is_allowed_tx(869525000, 30, "SF12BW125").error().code, "tx_power_too_high");
  EXPECT_EQ(eu().is_allowed_tx(868650000, 14, "SF7BW125").error().code, "tx_frequency_not_allowed");
  EXPECT_EQ(eu().is_allowed_tx(915000000, 14, "SF7BW125").error().code, "tx_frequency_not_allowed");
  EXPECT_EQ(eu().is_allowed_tx(868100000, 14, "SF7BW500").error().code, "tx_data_rate_not_allowed");
  EXPECT_EQ(eu().is_allowed_tx(868100000, 14, "SF8BW250").error().code, "tx_data_rate_not_allowed");
  EXPECT_EQ(eu().is_allowed_tx(868100000, 14, "SF7 BW125").error().code, "datr_invalid");
  // The message names the frequency in exact MHz, never through a float.
  auto r = eu().is_allowed_tx(868650000, 14, "SF7BW125");
  EXPECT_NE(r.error().message.find("868.650000 MHz"), std::string::npos) << r.error().message;
}

// ---- US915 -------------------------------------------------------------------------------------------

TEST(Us915, DataRatesAndDirections) {  // [RP] 2.3.3, [CS] test_get_dr_index
  EXPECT_EQ(us().data_rate(0)->lora, (LoRaDataRate{10, 125000}));
  EXPECT_EQ(us().data_rate(3)->lora, (LoRaDataRate{7, 125000}));
  EXPECT_EQ(us().data_rate(4)->lora, (LoRaDataRate{8, 500000}));
  EXPECT_EQ(us().data_rate(5)->modulation, Modulation::LrFhss);
  EXPECT_EQ(us().data_rate(7).error().code, "region_data_rate_undefined");
  EXPECT_EQ(us().data_rate(8)->lora, (LoRaDataRate{12, 500000}));
  EXPECT_EQ(us().data_rate(13)->lora, (LoRaDataRate{7, 500000}));
  EXPECT_EQ(*us().find_data_rate(LoRaDataRate{10, 125000}, Direction::Uplink), 0);
  EXPECT_EQ(*us().find_data_rate(LoRaDataRate{12, 500000}, Direction::Downlink), 8);
  EXPECT_EQ(*us().find_data_rate(LoRaDataRate{8, 500000}, Direction::Uplink), 4);
  EXPECT_EQ(*us().find_data_rate(LoRaDataRate{8, 500000}, Direction::Downlink), 12);
  EXPECT_FALSE(us().find_data_rate(LoRaDataRate{7, 125000}, Direction::Downlink).ok());
}

TEST(Us915, PayloadRx1AndRx2) {  // [RP] 2.3.6 (Table 16), 2.3.7 Table 17; [CS]
  EXPECT_EQ(*us().max_payload_size(0), (MaxPayloadSize{19, 11}));
  EXPECT_EQ(*us().max_payload_size(1), (MaxPayloadSize{61, 53}));
  EXPECT_EQ(*us().max_payload_size(2), (MaxPayloadSize{133, 125}));
  EXPECT_EQ(*us().max_payload_size(3), (MaxPayloadSize{230, 222}));
  EXPECT_EQ(*us().max_payload_size(3, {.repeater_compatible = false}), (MaxPayloadSize{250, 242}));
  EXPECT_EQ(*us().max_payload_size(8), (MaxPayloadSize{61, 53}));
  EXPECT_EQ(*us().max_payload_size(9), (MaxPayloadSize{137, 129}));
  EXPECT_EQ(*us().max_payload_size(13, {.repeater_compatible = false}), (MaxPayloadSize{250, 242}));
  const int table[5][4] = {
      {10, 9, 8, 8}, {11, 10, 9, 8}, {12, 11, 10, 9}, {13, 12, 11, 10}, {13, 13, 12, 11}};
  for (std::uint8_t up = 0; up < 5; ++up) {
    for (std::uint8_t off = 0; off < 4; ++off) EXPECT_EQ(*us().rx1_data_rate(up, off), table[up][off]);
  }
  EXPECT_EQ(us().rx1_data_rate(0, 4).error().code, "region_rx1_dr_offset_invalid");
  EXPECT_EQ(us().rx1_data_rate(8, 0).error().code, "region_data_rate_undefined");  // downlink-only DR
  EXPECT_EQ(us().rx2_frequency_hz, 923300000u);
  EXPECT_EQ(us().rx2_data_rate, 8);
  EXPECT_EQ(*us().tx_power_eirp_dbm(0), 30);
  EXPECT_EQ(*us().tx_power_eirp_dbm(14), 2);
}

TEST(Us915, Rx1Frequency) {                               // [CS] test_downlink_channels and channel plan
  EXPECT_EQ(*us().rx1_frequency(902300000), 923300000u);  // channel 0
  EXPECT_EQ(*us().rx1_frequency(914900000), 927500000u);  // channel 63 -> 7
  EXPECT_EQ(*us().rx1_frequency(903000000), 923300000u);  // channel 64 -> 0
  EXPECT_EQ(*us().rx1_frequency(914200000), 927500000u);  // channel 71 -> 7
  EXPECT_EQ(us().rx1_frequency(902400000).error().code, "region_frequency_not_a_channel");
  EXPECT_EQ(us().rx1_frequency(868100000).error().code, "region_frequency_not_a_channel");
}

TEST(Us915, Transmissions) {
  EXPECT_TRUE(us().is_allowed_tx(923300000, 20, "SF12BW500").ok());
  EXPECT_TRUE(us().is_allowed_tx(927500000, 30, "SF7BW500").ok());
  EXPECT_EQ(us().is_allowed_tx(923300000, 31, "SF12BW500").error().code, "tx_power_too_high");
  EXPECT_EQ(us().is_allowed_tx(923300000, 20, "SF7BW125").error().code, "tx_data_rate_not_allowed");
  EXPECT_EQ(us().is_allowed_tx(927900000, 20, "SF7BW500").error().code, "tx_frequency_not_allowed");
  EXPECT_EQ(us().is_allowed_tx(869525000, 14, "SF12BW500").error().code, "tx_frequency_not_allowed");
}

// ---- AU915 -------------------------------------------------------------------------------------------

TEST(Au915, DataRatesPayloadsAndRx) {  // [RP] 2.6, [CS]
  EXPECT_EQ(au().data_rate(0)->lora, (LoRaDataRate{12, 125000}));
  EXPECT_EQ(au().data_rate(5)->lora, (LoRaDataRate{7, 125000}));
  EXPECT_EQ(au().data_rate(6)->lora, (LoRaDataRate{8, 500000}));
  EXPECT_EQ(au().data_rate(7)->modulation, Modulation::LrFhss);
  EXPECT_EQ(au().data_rate(8)->lora, (LoRaDataRate{12, 500000}));
  EXPECT_EQ(*au().max_payload_size(0), (MaxPayloadSize{59, 51}));
  EXPECT_EQ(*au().max_payload_size(3), (MaxPayloadSize{123, 115}));
  EXPECT_EQ(*au().max_payload_size(5), (MaxPayloadSize{230, 222}));
  EXPECT_EQ(au().max_payload_size(0, {.dwell_time_400ms = true}).error().code,
            "region_payload_size_undefined");
  EXPECT_EQ(*au().max_payload_size(2, {.dwell_time_400ms = true}), (MaxPayloadSize{19, 11}));
  EXPECT_EQ(*au().max_payload_size(4, {.dwell_time_400ms = true}), (MaxPayloadSize{133, 125}));
  EXPECT_EQ(*au().max_payload_size(5, {.dwell_time_400ms = true, .repeater_compatible = false}),
            (MaxPayloadSize{250, 242}));
  const int table[8][6] = {{8, 8, 8, 8, 8, 8},      {9, 8, 8, 8, 8, 8},    {10, 9, 8, 8, 8, 8},
                           {11, 10, 9, 8, 8, 8},    {12, 11, 10, 9, 8, 8}, {13, 12, 11, 10, 9, 8},
                           {13, 13, 12, 11, 10, 9}, {9, 8, 8, 8, 8, 8}};
  for (std::uint8_t up = 0; up < 8; ++up) {
    for (std::uint8_t off = 0; off < 6; ++off) EXPECT_EQ(*au().rx1_data_rate(up, off), table[up][off]);
  }
  EXPECT_EQ(au().rx2_frequency_hz, 923300000u);
  EXPECT_EQ(au().rx2_data_rate, 8);
  EXPECT_EQ(*au().rx1_frequency(915200000), 923300000u);  // [CS] channel 0
  EXPECT_EQ(*au().rx1_frequency(927800000), 927500000u);  // [CS] channel 63
  EXPECT_EQ(*au().rx1_frequency(915900000), 923300000u);  // [CS] channel 64
  EXPECT_EQ(*au().rx1_frequency(927100000), 927500000u);  // [CS] channel 71
  EXPECT_TRUE(au().is_allowed_tx(923900000, 30, "SF10BW500").ok());
  EXPECT_EQ(au().is_allowed_tx(914000000, 20, "SF10BW500").error().code, "tx_frequency_not_allowed");
}

// ---- AS923-1 -----------------------------------------------------------------------------------------

TEST(As923, PayloadSizesWithAndWithoutDwellTime) {  // RP002-1.0.5 Table 73 (not repeater), [CS]
  const MaxPayloadSize no_dwell[] = {{59, 51},   {59, 51},   {123, 115}, {123, 115},
                                     {250, 242}, {250, 242}, {250, 242}, {250, 242}};
  for (std::uint8_t dr = 0; dr < 8; ++dr) {
    EXPECT_EQ(*as().max_payload_size(dr, {.repeater_compatible = false}), no_dwell[dr]) << int(dr);
  }
  EXPECT_FALSE(as().max_payload_size(0, {.dwell_time_400ms = true}).ok());
  EXPECT_FALSE(as().max_payload_size(1, {.dwell_time_400ms = true}).ok());
  EXPECT_EQ(*as().max_payload_size(2, {.dwell_time_400ms = true}), (MaxPayloadSize{19, 11}));
  EXPECT_EQ(*as().max_payload_size(3, {.dwell_time_400ms = true}), (MaxPayloadSize{61, 53}));
  EXPECT_EQ(*as().max_payload_size(4, {.dwell_time_400ms = true}), (MaxPayloadSize{133, 125}));
  EXPECT_EQ(*as().max_payload_size(5, {.dwell_time_400ms = true}), (MaxPayloadSize{230, 222}));
  EXPECT_EQ(*as().max_payload_size(4), (MaxPayloadSize{230, 222}));
}

TEST(As923, Rx1DataRates) {
  // [CS] test_get_rx1_dr_dwell_time (dwell time on: minimum DR2): uplink DR5, offsets 0..5 -> 5,4,3,2,2,2.
  const int dwell_dr5[] = {5, 4, 3, 2, 2, 2};
  for (std::uint8_t off = 0; off < 6; ++off) EXPECT_EQ(*as().rx1_data_rate(5, off, true), dwell_dr5[off]);
  // Without dwell time the floor is DR0.
  EXPECT_EQ(*as().rx1_data_rate(5, 5), 0);
  EXPECT_EQ(*as().rx1_data_rate(2, 3), 0);
  EXPECT_EQ(*as().rx1_data_rate(2, 3, true), 2);
  // Offsets 6 and 7 raise the downlink DR: RP002-1.0.5 section 3.10.7 (a DR5 uplink with offset 6 needs
  // DR6, with offset 7 DR7). ChirpStack clamps at DR5 here (the RP 1.0.2 rule); Onechan follows RP002.
  EXPECT_EQ(*as().rx1_data_rate(5, 6), 6);
  EXPECT_EQ(*as().rx1_data_rate(5, 7), 7);
  EXPECT_EQ(*as().rx1_data_rate(4, 7), 6);
  EXPECT_EQ(*as().rx1_data_rate(3, 6), 4);
  EXPECT_EQ(*as().rx1_data_rate(0, 6), 1);
  EXPECT_EQ(*as().rx1_data_rate(7, 7), 7);
}

TEST(As923, DefaultsAndTransmissions) {  // [RP] 2.8, [CS] test_defaults
  EXPECT_EQ(as().rx2_frequency_hz, 923200000u);
  EXPECT_EQ(as().rx2_data_rate, 2);
  ASSERT_EQ(as().default_channels.size(), 2u);
  EXPECT_EQ(as().default_channels[0].frequency_hz, 923200000u);
  EXPECT_EQ(as().default_channels[1].frequency_hz, 923400000u);
  EXPECT_EQ(*as().rx1_frequency(923200000), 923200000u);
  EXPECT_EQ(*as().tx_power_eirp_dbm(0), 16);
  EXPECT_TRUE(as().is_allowed_tx(923200000, 16, "SF10BW125").ok());
  EXPECT_EQ(as().is_allowed_tx(923200000, 17, "SF10BW125").error().code, "tx_power_too_high");
}

// ---- IN865 -------------------------------------------------------------------------------------------

TEST(In865, Parameters) {  // [RP] 2.10, [LMN] RegionIN865.h, [CS] in865.rs
  EXPECT_EQ(in().rx2_frequency_hz, 866550000u);
  EXPECT_EQ(in().rx2_data_rate, 2);
  ASSERT_EQ(in().default_channels.size(), 3u);
  EXPECT_EQ(in().default_channels[0].frequency_hz, 865062500u);
  EXPECT_EQ(in().default_channels[1].frequency_hz, 865402500u);
  EXPECT_EQ(in().default_channels[2].frequency_hz, 865985000u);
  EXPECT_EQ(in().data_rate(6).error().code, "region_data_rate_undefined");
  EXPECT_EQ(in().data_rate(7)->modulation, Modulation::Fsk);
  EXPECT_EQ(*in().max_payload_size(5), (MaxPayloadSize{230, 222}));
  EXPECT_EQ(*in().max_payload_size(3), (MaxPayloadSize{123, 115}));
  // [CS] rx1_data_rate_table rows DR0..DR5, offsets 0..7.
  const int table[6][8] = {{0, 0, 0, 0, 0, 0, 1, 2}, {1, 0, 0, 0, 0, 0, 2, 3}, {2, 1, 0, 0, 0, 0, 3, 4},
                           {3, 2, 1, 0, 0, 0, 4, 5}, {4, 3, 2, 1, 0, 0, 5, 5}, {5, 4, 3, 2, 1, 0, 5, 5}};
  for (std::uint8_t up = 0; up < 6; ++up) {
    for (std::uint8_t off = 0; off < 8; ++off) EXPECT_EQ(*in().rx1_data_rate(up, off), table[up][off]);
  }
  EXPECT_EQ(*in().tx_power_eirp_dbm(10), 10);
  EXPECT_FALSE(in().tx_power_eirp_dbm(11).ok());
  EXPECT_TRUE(in().is_allowed_tx(866550000, 27, "SF10BW125").ok());
  EXPECT_EQ(in().is_allowed_tx(868100000, 14, "SF10BW125").error().code, "tx_frequency_not_allowed");
}

// Every region: tables line up with the data-rate list, RX2 is a defined downlink LoRa rate inside the
// region, and default channels and RX2 are transmittable at TXPower 0.
TEST(AllRegions, InternalConsistency) {
  for (RegionId id : all_region_ids()) {
    const Region& r = region(id);
    SCOPED_TRACE(std::string(r.name));
    auto rx2 = r.data_rate(r.rx2_data_rate);
    ASSERT_TRUE(rx2.ok());
    EXPECT_TRUE(rx2->is_lora() && rx2->downlink);
    EXPECT_TRUE(r.is_allowed_tx(r.rx2_frequency_hz, r.default_max_eirp_dbm, rx2->lora).ok());
    for (const auto& by_repeater : r.max_payload) {
      EXPECT_EQ(by_repeater[0].size(), r.data_rates.size());
      if (!by_repeater[1].empty()) {
        EXPECT_EQ(by_repeater[1].size(), r.data_rates.size());
      }
    }
    for (std::uint8_t dr = 0; dr < r.data_rates.size(); ++dr) {
      const bool defined = r.data_rates[dr].modulation != Modulation::Undefined;
      EXPECT_EQ(r.max_payload_size(dr).ok(), defined) << int(dr);
      if (r.data_rates[dr].uplink) {
        for (std::uint8_t off = 0; off <= r.max_rx1_dr_offset; ++off) {
          auto down = r.rx1_data_rate(dr, off);
          if (down.ok()) {
            EXPECT_TRUE(r.data_rates[*down].downlink) << int(dr) << "/" << int(off);
          }
        }
      }
    }
    for (const Channel& c : r.default_channels) {
      EXPECT_TRUE(r.is_allowed_tx(c.frequency_hz, 14, r.data_rates[c.max_dr].lora).ok()) << c.frequency_hz;
    }
    for (const TxBand& b : r.tx_bands) {
      EXPECT_GE(b.min_hz, r.min_frequency_hz);
      EXPECT_LE(b.max_hz, r.max_frequency_hz);
    }
  }
}

}  // namespace
}  // namespace onechan::lorawan
