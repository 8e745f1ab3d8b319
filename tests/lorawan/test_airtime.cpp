// LoRa time on air (lorawan/airtime.hpp) against published figures:
//  [A] avbentem/airtime-calculator, src/lora/Airtime.test.ts (the TTN community airtime calculator by
//      Arjan van Bentem, itself checked against the AN1200.13 spreadsheet linked there): full PHY
//      payload size, 8 preamble symbols, explicit header, CRC on, LowDataRateOptimize for SF11/SF12.
//  [B] rfwireless-world.com "LoRaWAN Airtime calculator" worked examples: SF7 and SF11 at 125 kHz,
//      CR 4/5, 8 preamble symbols, 10-byte payload, explicit header.
//  [C] The "LoRa airtime calculator" Google sheet (formulas from AN1200.13, shared on the TTN forum):
//      13 bytes, SF9, 125 kHz, CR 4/5, explicit header, no LDRO, 8 preamble symbols.
//  [D] ifTNT/lora-air-time readme: an SX1276 frame captured with an SDR, 11 bytes, CR 4/8, SF7/125 kHz,
//      implicit header: 32 payload symbols.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "lorawan/airtime.hpp"

namespace onechan::lorawan {
namespace {

LoRaTxParams lora(std::uint8_t sf, std::uint32_t bw_hz, std::uint8_t cr = 1) {
  LoRaTxParams p;
  p.spreading_factor = sf;
  p.bandwidth_hz = bw_hz;
  p.coding_rate = cr;
  return p;
}

std::uint64_t toa_us(const LoRaTxParams& p, std::size_t bytes) {
  auto r = lora_time_on_air_us(p, bytes);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : 0;
}

struct Published {
  std::size_t bytes;
  std::uint8_t sf;
  std::uint32_t bw_hz;
  std::uint8_t cr;
  std::uint64_t expected_us;
};

TEST(Airtime, MatchesAvbentemCalculator) {  // [A]
  const Published rows[] = {
      {14, 7, 125000, 1, 46336},   {15, 7, 125000, 1, 46336},   {16, 7, 125000, 1, 51456},
      {25, 7, 125000, 1, 61696},   {14, 7, 250000, 1, 23168},   {15, 7, 250000, 1, 23168},
      {16, 7, 250000, 1, 25728},   {25, 7, 250000, 1, 30848},   {14, 7, 125000, 4, 61696},
      {15, 7, 125000, 4, 61696},   {16, 7, 125000, 4, 69888},   {25, 7, 125000, 4, 86272},
      {14, 7, 250000, 4, 30848},   {16, 7, 250000, 4, 34944},   {25, 7, 250000, 4, 43136},
      {14, 8, 125000, 1, 82432},   {15, 8, 125000, 1, 92672},   {16, 8, 125000, 1, 92672},
      {25, 8, 125000, 1, 113152},  {14, 11, 125000, 1, 659456}, {16, 11, 125000, 1, 659456},
      {25, 11, 125000, 1, 823296},
  };
  for (const Published& row : rows) {
    EXPECT_EQ(toa_us(lora(row.sf, row.bw_hz, row.cr), row.bytes), row.expected_us)
        << row.bytes << " bytes SF" << int(row.sf) << " BW" << row.bw_hz << " CR4/" << (row.cr + 4);
  }
}

TEST(Airtime, ThirteenBytesSf7Is46336us) {
  // The figure quoted for a minimal 13-byte LoRaWAN uplink at SF7/125 kHz; [A] gives the same 46.336 ms
  // for 14 and 15 bytes, which fall in the same symbol block.
  EXPECT_EQ(toa_us(lora(7, 125000), 13), 46336u);
}

TEST(Airtime, MatchesRfWirelessWorldExamples) {      // [B]
  EXPECT_EQ(toa_us(lora(7, 125000), 10), 41216u);    // preamble 12.544 ms + 28.672 ms
  EXPECT_EQ(toa_us(lora(11, 125000), 10), 577536u);  // LDRO on: 200.704 ms + 376.832 ms
}

TEST(Airtime, MatchesAn1200SpreadsheetExample) {  // [C]
  EXPECT_EQ(toa_us(lora(9, 125000), 13), 164864u);
  EXPECT_EQ(*lora_payload_symbols(lora(9, 125000), 13), 28u);
}

TEST(Airtime, ImplicitHeaderCapturedFrame) {  // [D]
  LoRaTxParams p = lora(7, 125000, 4);
  p.explicit_header = false;
  EXPECT_EQ(*lora_payload_symbols(p, 11), 32u);
}

TEST(Airtime, CrcOffDownlinkIsShorter) {
  // LoRaWAN downlinks carry no payload CRC. By the AN1200.13 formula, 13 bytes at SF7/125 kHz without
  // CRC: ceil((104 - 28 + 28) / 28) = 4 blocks of 5 -> 28 symbols -> (12.25 + 28) * 1.024 ms.
  LoRaTxParams p = lora(7, 125000);
  p.crc = false;
  EXPECT_EQ(toa_us(p, 13), 41216u);
  EXPECT_LT(toa_us(p, 13), toa_us(lora(7, 125000), 13));
}

TEST(Airtime, PreambleLength) {
  // Each extra preamble symbol adds one symbol time (1.024 ms at SF7/125 kHz).
  LoRaTxParams p = lora(7, 125000);
  p.preamble_symbols = 10;
  EXPECT_EQ(toa_us(p, 13), 46336u + 2 * 1024u);
}

TEST(Airtime, LowDataRateOptimizeRule) {
  // On when the symbol time exceeds 16 ms (SX1276 datasheet; LoRaMac-node sets it for SF11/SF12 at
  // 125 kHz and SF12 at 250 kHz).
  EXPECT_TRUE(needs_low_data_rate_optimize(12, 125000));   // 32.768 ms
  EXPECT_TRUE(needs_low_data_rate_optimize(11, 125000));   // 16.384 ms
  EXPECT_TRUE(needs_low_data_rate_optimize(12, 250000));   // 16.384 ms
  EXPECT_FALSE(needs_low_data_rate_optimize(10, 125000));  // 8.192 ms
  EXPECT_FALSE(needs_low_data_rate_optimize(11, 250000));  // 8.192 ms
  EXPECT_FALSE(needs_low_data_rate_optimize(12, 500000));  // 8.192 ms
}

TEST(Airtime, ForcedLowDataRateOptimizeChangesResult) {
  // [A]'s SF11 figure assumes LDRO on; forcing it off must give the unoptimised symbol count:
  // ceil((112 - 44 + 44) / 44) = 3 blocks -> 23 symbols -> (12.25 + 23) * 16.384 ms = 577.536 ms.
  LoRaTxParams p = lora(11, 125000);
  p.low_data_rate_optimize = false;
  EXPECT_EQ(toa_us(p, 14), 577536u);
  p.low_data_rate_optimize = true;
  EXPECT_EQ(toa_us(p, 14), 659456u);
}

TEST(Airtime, EmptyPayloadKeepsEightSymbols) {
  // The max(..., 0) term: a tiny implicit-header frame without CRC still has the 8 base symbols.
  LoRaTxParams p = lora(12, 125000);
  p.explicit_header = false;
  p.crc = false;
  EXPECT_EQ(*lora_payload_symbols(p, 0), 8u);
}

TEST(Airtime, LongestLoRaWanFrames) {
  // 255 bytes at SF7/125 kHz, and a full EU868 DR0 uplink at SF12/125 kHz: MHDR (1) + MACPayload M = 59
  // + MIC (4) = 64 bytes. By hand: ceil((512 - 48 + 28 + 16) / 40) = 13 blocks -> 73 symbols ->
  // (12.25 + 73) * 32.768 ms = 2793.472 ms.
  EXPECT_EQ(*lora_payload_symbols(lora(7, 125000), 255), 8u + 74u * 5u);
  EXPECT_EQ(toa_us(lora(12, 125000), 64), 2793472u);
}

TEST(Airtime, RoundsUpForOddBandwidths) {
  // 7.8 kHz: 2^7 / 7800 s per symbol is not a whole number of microseconds; the result is rounded up.
  LoRaTxParams p = lora(7, 7800);
  const std::uint64_t us = toa_us(p, 1);
  const std::uint32_t symbols = *lora_payload_symbols(p, 1);
  const double exact = (8 + 4.25 + symbols) * 128.0 / 7800.0 * 1e6;
  EXPECT_GE(static_cast<double>(us), exact);
  EXPECT_LT(static_cast<double>(us), exact + 1.0);
}

TEST(Airtime, RejectsBadParameters) {
  EXPECT_EQ(lora_time_on_air_us(lora(5, 125000), 10).error().code, "airtime_bad_spreading_factor");
  EXPECT_EQ(lora_time_on_air_us(lora(13, 125000), 10).error().code, "airtime_bad_spreading_factor");
  EXPECT_EQ(lora_time_on_air_us(lora(7, 0), 10).error().code, "airtime_bad_bandwidth");
  EXPECT_EQ(lora_time_on_air_us(lora(7, 1000000), 10).error().code, "airtime_bad_bandwidth");
  EXPECT_EQ(lora_time_on_air_us(lora(7, 125000, 0), 10).error().code, "airtime_bad_coding_rate");
  EXPECT_EQ(lora_time_on_air_us(lora(7, 125000, 5), 10).error().code, "airtime_bad_coding_rate");
  EXPECT_EQ(lora_time_on_air_us(lora(7, 125000), 256).error().code, "airtime_payload_too_long");
  EXPECT_EQ(lora_payload_symbols(lora(7, 125000), 256).error().code, "airtime_payload_too_long");
}

}  // namespace
}  // namespace onechan::lorawan
