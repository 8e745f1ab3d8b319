// Cayenne LPP records, ADC conversions and SX1276 register values, against their published definitions.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "cayenne_lpp.h"
#include "sensor_convert.h"
#include "sx1276_config.h"

namespace {

// Cayenne docs (myDevices, "LoRaWAN / Cayenne LPP"), the example "03 67 01 10 05 67 00 FF": channel 3
// temperature 27.2 degC, channel 5 temperature 25.5 degC. And the analog input example: "06 02 ..." with 0.01
// signed.
TEST(NodeCayenneLpp, DocumentationExample) {
  std::array<std::uint8_t, 8> buffer{};
  lpp_writer w;
  lpp_init(&w, buffer.data(), static_cast<std::uint8_t>(buffer.size()));
  lpp_add_temperature(&w, 3, 272);
  lpp_add_temperature(&w, 5, 255);
  EXPECT_EQ(w.length, 8);
  EXPECT_EQ(w.overflow, 0);
  EXPECT_EQ(buffer, (std::array<std::uint8_t, 8>{0x03, 0x67, 0x01, 0x10, 0x05, 0x67, 0x00, 0xFF}));
}

TEST(NodeCayenneLpp, NegativeValuesAreTwosComplement) {
  std::array<std::uint8_t, 8> buffer{};
  lpp_writer w;
  lpp_init(&w, buffer.data(), 8);
  lpp_add_temperature(&w, 1, -41);    // -4.1 degC
  lpp_add_analog_input(&w, 2, -150);  // -1.50
  EXPECT_EQ(buffer, (std::array<std::uint8_t, 8>{0x01, 0x67, 0xFF, 0xD7, 0x02, 0x02, 0xFF, 0x6A}));
}

TEST(NodeCayenneLpp, OverflowKeepsTheRecordsThatFit) {
  std::array<std::uint8_t, 6> buffer{};
  lpp_writer w;
  lpp_init(&w, buffer.data(), 6);
  lpp_add_analog_input(&w, 2, 500);
  lpp_add_analog_input(&w, 3, 123);
  EXPECT_EQ(w.length, 4);
  EXPECT_EQ(w.overflow, 1);
  lpp_add_temperature(&w, 1, 1);  // nothing more once overflowed, even if a smaller record would fit
  EXPECT_EQ(w.length, 4);
}

// ATmega328P datasheet table 24-2 (typical): 242 mV at -45 degC, 314 mV at +25 degC, 380 mV at +85 degC,
// read against the 1.1 V reference: ADC = mV * 1024 / 1100.
TEST(NodeSensors, TemperatureFollowsTheDatasheetTable) {
  auto adc_for_mv = [](double mv) { return static_cast<std::uint16_t>(mv * 1024.0 / 1100.0 + 0.5); };
  EXPECT_NEAR(sensor_temperature_decidegc(adc_for_mv(242)), -450, 8);
  EXPECT_NEAR(sensor_temperature_decidegc(adc_for_mv(314)), 250, 8);
  EXPECT_NEAR(sensor_temperature_decidegc(adc_for_mv(380)), 850, 8);
  // Monotonic over the whole range.
  for (std::uint16_t adc = 1; adc < 1024; ++adc) {
    EXPECT_GE(sensor_temperature_decidegc(adc),
              sensor_temperature_decidegc(static_cast<std::uint16_t>(adc - 1)));
  }
}

// Datasheet 24.5/24.6: the bandgap (1.1 V) read against AVcc gives ADC = 1.1 * 1024 / Vcc.
TEST(NodeSensors, VccFromTheBandgap) {
  EXPECT_EQ(sensor_vcc_mv(225), 5006);  // 5 V supply: 1100 * 1024 / 5000 = 225.28
  EXPECT_EQ(sensor_vcc_mv(341), 3303);  // 3.3 V: 341.33
  EXPECT_EQ(sensor_vcc_mv(0), 0);
  EXPECT_EQ(sensor_adc_to_mv(1023, 5000), 4995);
  EXPECT_EQ(sensor_adc_to_mv(512, 5000), 2500);
}

// SX1276 datasheet 6.4 / the reference's register table: Frf = f * 2^19 / 32 MHz; 868.1 MHz -> D9 06 66.
TEST(NodeSx1276Config, FrequencyRegister) {
  EXPECT_EQ(sx1276_frf(868100000), 0xD90666u);
  EXPECT_EQ(sx1276_frf(868300000), 0xD91333u);  // 868.3e6 * 2^19 / 32e6 = 14226227.2
  EXPECT_EQ(sx1276_frf(868500000), 0xD92000u);  // exactly 14229504
  EXPECT_EQ(sx1276_frf(869525000), 0xD96199u);  // 14246297.6
  // Against the exact formula over the whole band, every 100 Hz step of a few channels' worth.
  for (std::uint32_t f = 863000000; f <= 870000000; f += 99991) {
    EXPECT_EQ(sx1276_frf(f), static_cast<std::uint32_t>((static_cast<std::uint64_t>(f) << 19) / 32000000u))
        << f;
  }
}

TEST(NodeSx1276Config, ModemConfiguration) {
  EXPECT_EQ(sx1276_modem_config1(125000, 5), 0x72);  // BW 125 kHz, CR 4/5, explicit header
  EXPECT_EQ(sx1276_modem_config1(250000, 8), 0x88);
  EXPECT_EQ(sx1276_modem_config1(500000, 6), 0x94);
  EXPECT_EQ(sx1276_modem_config1(62500, 5), 0);
  EXPECT_EQ(sx1276_modem_config2(7, 1), 0x74);  // SF7, RxPayloadCrcOn
  EXPECT_EQ(sx1276_modem_config2(12, 0), 0xC0);
  EXPECT_EQ(sx1276_modem_config3(7, 125000), 0x04);   // AgcAutoOn
  EXPECT_EQ(sx1276_modem_config3(12, 125000), 0x0C);  // + LowDataRateOptimize
  EXPECT_EQ(sx1276_pa_config_boost(14), 0xFC);        // PA_BOOST, MaxPower 7, OutputPower 12: 17 - 3 = 14 dBm
  EXPECT_EQ(sx1276_pa_config_boost(17), 0xFF);
  EXPECT_EQ(sx1276_pa_config_boost(2), 0xF0);
  EXPECT_EQ(sx1276_pa_config_boost(30), 0xFF);  // clamped
}

}  // namespace
