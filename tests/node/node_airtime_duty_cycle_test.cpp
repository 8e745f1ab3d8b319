// Time on air and the EU868 duty cycle, against published values.
#include <gtest/gtest.h>

#include <cstdint>

#include "duty_cycle.h"
#include "lora_airtime.h"

namespace {

lora_tx_params params(std::uint8_t sf, std::uint32_t bw = 125000) {
  return lora_tx_params{sf, bw, 5, 8, 1, 0};
}

// rfwireless-world.com "LoRaWAN Airtime calculator", examples 1 and 2: 10 bytes, CR 4/5, 8 preamble symbols,
// explicit header: SF7 41.216 ms (preamble 12.544 ms), SF11 with LowDataRateOptimize 577.536 ms
// (preamble 200.704 ms, header + payload 376.832 ms).
TEST(NodeAirtime, RfWirelessWorldExamples) {
  auto sf7 = params(7);
  EXPECT_EQ(lora_time_on_air_us(&sf7, 10), 41216u);
  auto sf11 = params(11);
  EXPECT_EQ(lora_payload_symbols(&sf11, 10), 23u);  // 376.832 ms / 16.384 ms
  EXPECT_EQ(lora_time_on_air_us(&sf11, 10), 577536u);
}

// The AN1200.13 airtime spreadsheet by Arjan van Bentem (docs.google.com/spreadsheets/d/
// 1voGAtQAjC1qBmaVuP1ApNKs1ekgUjavHuVQIXyYSvNc): 13 bytes at SF9/125 kHz, CR 4/5: Tsym 4.096 ms,
// 28 payload symbols, 164.864 ms; at 1 % the next packet may start 16.4864 s later.
TEST(NodeAirtime, SpreadsheetSf9Example) {
  auto sf9 = params(9);
  EXPECT_EQ(lora_symbol_time_us(9, 125000), 4096u);
  EXPECT_EQ(lora_payload_symbols(&sf9, 13), 28u);
  EXPECT_EQ(lora_time_on_air_us(&sf9, 13), 164864u);
  EXPECT_EQ(lora_time_on_air_ms(&sf9, 13), 165u);  // rounded up, for the duty-cycle budget
}

// LowDataRateOptimize when a symbol exceeds 16 ms (SX1276 datasheet 4.1.1.6; LoRaWAN regional parameters).
TEST(NodeAirtime, LowDataRateOptimizeRule) {
  EXPECT_FALSE(lora_needs_ldro(10, 125000));
  EXPECT_TRUE(lora_needs_ldro(11, 125000));
  EXPECT_TRUE(lora_needs_ldro(12, 125000));
  EXPECT_FALSE(lora_needs_ldro(11, 250000));
  EXPECT_TRUE(lora_needs_ldro(12, 250000));
  EXPECT_FALSE(lora_needs_ldro(12, 500000));
}

// The node's own uplink: 25 bytes at SF7 and at SF12 (with LDRO).
TEST(NodeAirtime, NodeUplinkFrame) {
  auto sf7 = params(7);
  EXPECT_EQ(lora_time_on_air_us(&sf7, 25), 61696u);  // (12.25 + 48) symbols of 1.024 ms
  auto sf12 = params(12);
  EXPECT_EQ(lora_time_on_air_us(&sf12, 25), 1482752u);  // (12.25 + 33) symbols of 32.768 ms
}

// ERC Recommendation 70-03 annex 1 sub-bands (h1.3 - h1.7 and 869.7 - 870 MHz).
TEST(NodeDutyCycle, Eu868SubBands) {
  EXPECT_EQ(duty_cycle_divisor(duty_cycle_band_of(868100000, 125000)), 100);  // 868.0-868.6: 1 %
  EXPECT_EQ(duty_cycle_band_of(868100000, 125000), duty_cycle_band_of(868500000, 125000));
  EXPECT_EQ(duty_cycle_divisor(duty_cycle_band_of(867100000, 125000)), 100);   // 865-868: 1 %
  EXPECT_EQ(duty_cycle_divisor(duty_cycle_band_of(868800000, 125000)), 1000);  // 868.7-869.2: 0.1 %
  EXPECT_EQ(duty_cycle_divisor(duty_cycle_band_of(869525000, 125000)), 10);    // 869.4-869.65: 10 %
  EXPECT_EQ(duty_cycle_divisor(duty_cycle_band_of(864100000, 125000)), 1000);  // 863-865: 0.1 %
  EXPECT_EQ(duty_cycle_divisor(duty_cycle_band_of(869850000, 125000)), 100);   // 869.7-870: 1 %
  EXPECT_EQ(duty_cycle_band_of(868650000, 125000), DUTY_CYCLE_NO_BAND);        // the 868.6-868.7 gap
  EXPECT_EQ(duty_cycle_band_of(868550000, 125000), DUTY_CYCLE_NO_BAND);        // reaches past 868.6
  EXPECT_EQ(duty_cycle_band_of(915000000, 125000), DUTY_CYCLE_NO_BAND);
}

// The spreadsheet's duty-cycle rows for the 164.864 ms packet: 0.1 % -> 164.864 s, 1 % -> 16.4864 s,
// 10 % -> 1.64864 s between packet starts. The node charges whole milliseconds rounded up, so it waits at
// most one millisecond per divisor step longer.
TEST(NodeDutyCycle, OffTimeMatchesPublishedRows) {
  auto sf9 = params(9);
  std::uint32_t airtime_ms = lora_time_on_air_ms(&sf9, 13);
  struct Row {
    std::uint32_t frequency_hz;
    std::uint32_t published_ms_times_10;  // the published gap in 0.1 ms
  } rows[] = {{868800000, 1648640}, {868100000, 164864}, {869525000, 16486}};
  for (const Row& row : rows) {
    duty_cycle_state s;
    duty_cycle_init(&s);
    std::uint8_t band = duty_cycle_band_of(row.frequency_hz, 125000);
    duty_cycle_record(&s, band, 1000, airtime_ms);
    std::uint32_t gap_ms = duty_cycle_ready_at(&s, band) - 1000;
    EXPECT_GE(gap_ms * 10, row.published_ms_times_10) << row.frequency_hz;
    EXPECT_LE(gap_ms * 10, row.published_ms_times_10 + 10 * duty_cycle_divisor(band)) << row.frequency_hz;
    EXPECT_FALSE(duty_cycle_band_free(&s, band, 1000 + gap_ms - 1));
    EXPECT_TRUE(duty_cycle_band_free(&s, band, 1000 + gap_ms));
  }
}

TEST(NodeDutyCycle, WaitsSurviveTheClockWrapping) {
  duty_cycle_state s;
  duty_cycle_init(&s);
  std::uint8_t band = duty_cycle_band_of(868100000, 125000);
  duty_cycle_record(&s, band, 0xFFFFFF00u, 62);  // ready 6200 ms later, past the wrap
  EXPECT_FALSE(duty_cycle_band_free(&s, band, 0xFFFFFFF0u));
  EXPECT_FALSE(duty_cycle_band_free(&s, band, 0x00001000u));
  EXPECT_TRUE(duty_cycle_band_free(&s, band, 0xFFFFFF00u + 6200u));
  duty_cycle_refresh(&s, 0xFFFFFF00u + 6200u);
  EXPECT_EQ(s.busy_mask, 0);
  EXPECT_TRUE(duty_cycle_band_free(&s, band, 0x7FFFFFFFu));  // long after: still free once refreshed
}

TEST(NodeDutyCycle, RotationSkipsWaitingBandsAndReportsTheEarliestWakeUp) {
  static const std::uint32_t channels[] = {868100000, 868300000, 869525000};
  channel_rotation r{channels, 3, 0};
  duty_cycle_state s;
  duty_cycle_init(&s);
  std::uint32_t wake = 0;
  EXPECT_EQ(channel_rotation_pick(&r, &s, 125000, 0, &wake), 0);
  duty_cycle_record(&s, duty_cycle_band_of(868100000, 125000), 0, 62);  // 868.x busy until 6200
  // 868.3 shares 868.1's band: skipped; 869.525 is free.
  EXPECT_EQ(channel_rotation_pick(&r, &s, 125000, 100, &wake), 2);
  duty_cycle_record(&s, duty_cycle_band_of(869525000, 125000), 100, 62);  // busy until 720
  EXPECT_EQ(channel_rotation_pick(&r, &s, 125000, 200, &wake), -1);
  EXPECT_EQ(wake, 720u);
  EXPECT_EQ(channel_rotation_pick(&r, &s, 125000, 720, &wake), 2);
  EXPECT_EQ(channel_rotation_pick(&r, &s, 125000, 6200, &wake), 0);
  EXPECT_EQ(channel_rotation_pick(&r, &s, 125000, 6200, &wake), 1);  // the rotation goes on
}

// With the default channels (all in 868.0-868.6) and SF12 frames back to back, the node never uses more
// than 1 % of any hour.
TEST(NodeDutyCycle, NeverMoreThanOnePercent) {
  static const std::uint32_t channels[] = {868100000, 868300000, 868500000};
  channel_rotation r{channels, 3, 0};
  duty_cycle_state s;
  duty_cycle_init(&s);
  auto sf12 = params(12);
  std::uint32_t airtime_ms = lora_time_on_air_ms(&sf12, 25);
  std::uint32_t now = 0, on_air_ms = 0;
  while (now < 3600u * 1000u) {
    duty_cycle_refresh(&s, now);
    std::uint32_t wake = now;
    int8_t ch = channel_rotation_pick(&r, &s, 125000, now, &wake);
    if (ch < 0) {
      ASSERT_GT(wake, now);
      now = wake;
      continue;
    }
    duty_cycle_record(&s, duty_cycle_band_of(channels[ch], 125000), now, airtime_ms);
    on_air_ms += airtime_ms;
    now += airtime_ms;
  }
  EXPECT_LE(on_air_ms, 36000u + airtime_ms);  // 1 % of an hour, plus the frame that started last
  EXPECT_GE(on_air_ms, 36000u - airtime_ms);  // and the budget is actually used
}

}  // namespace
