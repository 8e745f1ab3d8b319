// LoRa arithmetic against published numbers: Semtech's airtime calculator / AN1200.13 examples, the
// SX1276 datasheet's Frf examples and LowDataRateOptimize rule, and the register encodings of
// RegModemConfig1.
#include <gtest/gtest.h>

#include "radio/lora_modulation.hpp"

namespace onechan::radio::lora {
namespace {

AirtimeParams params(std::uint8_t sf, std::uint32_t bw_hz, bool crc = true) {
  AirtimeParams p;
  p.spreading_factor = sf;
  p.bandwidth = *bandwidth_by_hz(bw_hz);
  p.crc_on = crc;
  return p;
}

TEST(LoraModulation, TimeOnAirFollowsTheDesignGuide) {
  // AN1200.13 by hand, 8-symbol preamble (+4.25), explicit header, CR 4/5, CRC on:
  // n = 8 + max(ceil((8PL - 4SF + 28 + 16) / (4(SF - 2DE))) * 5, 0) symbols.
  // 13 B SF7/125: ceil(120/28)=5 -> 33 + 12.25 = 45.25 * 1.024 ms (46.3 ms in Semtech's calculator).
  EXPECT_EQ(time_on_air_ns(params(7, 125'000), 13), 46'336'000u);
  // 13 B SF12/125, LDRO: ceil(104/40)=3 -> 23 + 12.25 = 35.25 * 32.768 ms (1155.1 ms, calculator).
  EXPECT_EQ(time_on_air_ns(params(12, 125'000), 13), 1'155'072'000u);
  // 13 B SF10/125: ceil(108/40)=3 -> 23 + 12.25 = 35.25 * 8.192 ms.
  EXPECT_EQ(time_on_air_ns(params(10, 125'000), 13), 288'768'000u);
  // 20 B SF8/500 (US915 DR4): ceil(172/32)=6 -> 38 + 12.25 = 50.25 * 0.512 ms.
  EXPECT_EQ(time_on_air_ns(params(8, 500'000), 20), 25'728'000u);
  // 255 B SF7/125: ceil(2056/28)=74 -> 378 + 12.25 = 390.25 * 1.024 ms.
  EXPECT_EQ(time_on_air_ns(params(7, 125'000), 255), 399'616'000u);
  // Without CRC, 17 B SF9/125: ceil(128/36)=4 -> 28 + 12.25 = 40.25 * 4.096 ms.
  EXPECT_EQ(time_on_air_ns(params(9, 125'000, false), 17), 164'864'000u);
}

TEST(LoraModulation, SymbolTimeAndLowDataRateOptimize) {
  EXPECT_EQ(symbol_time_ns(7, *bandwidth_by_hz(125'000)), 1'024'000u);
  EXPECT_EQ(symbol_time_ns(12, *bandwidth_by_hz(125'000)), 32'768'000u);
  EXPECT_EQ(symbol_time_ns(7, *bandwidth_by_hz(7'800)), 16'384'000u);  // 500 kHz / 64
  EXPECT_TRUE(low_data_rate_optimize(11, *bandwidth_by_hz(125'000)));
  EXPECT_TRUE(low_data_rate_optimize(12, *bandwidth_by_hz(125'000)));
  EXPECT_FALSE(low_data_rate_optimize(10, *bandwidth_by_hz(125'000)));
  EXPECT_TRUE(low_data_rate_optimize(12, *bandwidth_by_hz(250'000)));
  EXPECT_FALSE(low_data_rate_optimize(11, *bandwidth_by_hz(250'000)));
  EXPECT_FALSE(low_data_rate_optimize(12, *bandwidth_by_hz(500'000)));
}

TEST(LoraModulation, FrfFromFrequency) {
  EXPECT_EQ(frf_from_hz(868'100'000), 0xD90666u);  // the reference sheet's example
  EXPECT_EQ(frf_from_hz(434'000'000), 0x6C8000u);  // the datasheet's RegFrf reset value
  EXPECT_EQ(frf_from_hz(915'000'000), 0xE4C000u);
  EXPECT_EQ(hz_from_frf(0xD90666), 868'099'976u);  // 868099975.59: the step is 61.035 Hz
  EXPECT_EQ(hz_from_frf(frf_from_hz(869'525'000)), 869'525'024u);
}

TEST(LoraModulation, RegisterEncodings) {
  EXPECT_EQ(bandwidth_by_hz(125'000)->code, 7);
  EXPECT_EQ(bandwidth_by_hz(250'000)->code, 8);
  EXPECT_EQ(bandwidth_by_hz(500'000)->code, 9);
  EXPECT_EQ(bandwidth_by_code(0)->nominal_hz, 7'800u);
  EXPECT_FALSE(bandwidth_by_hz(200'000).has_value());
  EXPECT_FALSE(bandwidth_by_code(10).has_value());
  EXPECT_EQ(coding_rate_code(5), 1);
  EXPECT_EQ(coding_rate_code(8), 4);
  EXPECT_FALSE(coding_rate_code(4).has_value());
  EXPECT_EQ(coding_rate_from_code(2), 6);
  EXPECT_FALSE(coding_rate_from_code(0).has_value());
  EXPECT_TRUE(uses_lf_port(433'175'000));
  EXPECT_FALSE(uses_lf_port(868'100'000));
}

}  // namespace
}  // namespace onechan::radio::lora
