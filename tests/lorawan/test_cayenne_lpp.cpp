// Cayenne LPP decoder and encoder (lorawan/cayenne_lpp.hpp). Vectors from:
//  [MD] myDevices, cayenne-docs docs/LORA.md examples: "03 67 01 10 05 67 00 FF" (27.2 and 25.5 degC),
//       "01 67 FF D7" (-4.1 degC), "06 71 04 D2 FB 2E 00 00" (accelerometer 1.234, -1.234, 0),
//       "01 88 06 76 5F F2 96 0A 00 03 E8" (GPS 42.3519, -87.9094, 10 m).
//  [EC] ElectronicCats/CayenneLPP test/aunit/main.cpp (encoder and decoder tests).
//  [AA] aabadie/cayenne-lpp tests/check_cayenne_lpp.c (the RIOT OS LPP library).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "lorawan/cayenne_lpp.hpp"
#include "lorawan/hex.hpp"

namespace onechan::lorawan {
namespace {

std::vector<std::uint8_t> hex(std::string text) {
  std::string compact;
  for (char c : text) {
    if (c != ' ') compact += c;
  }
  auto bytes = from_hex(compact);
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::vector<std::uint8_t>{};
}

std::vector<LppRecord> decode_ok(const std::string& text) {
  const auto bytes = hex(text);
  auto records = decode_cayenne_lpp(bytes);
  EXPECT_TRUE(records.ok()) << text << ": " << (records.ok() ? "" : records.error().message);
  return records.ok() ? *records : std::vector<LppRecord>{};
}

// One single-value record: channel, type name and the exact decimal text.
void expect_single(const std::string& text, std::uint8_t channel, const std::string& name,
                   const std::string& decimal) {
  const auto records = decode_ok(text);
  ASSERT_EQ(records.size(), 1u) << text;
  EXPECT_EQ(records[0].channel, channel) << text;
  EXPECT_EQ(std::string(records[0].type_name), name) << text;
  ASSERT_EQ(records[0].fields().size(), 1u) << text;
  EXPECT_EQ(std::string(records[0].fields()[0].name), "value");
  EXPECT_EQ(records[0].fields()[0].to_decimal_string(), decimal) << text;
}

std::string encoded(const LppEncoder& e) {
  return to_hex(e.bytes());
}

TEST(CayenneLpp, MyDevicesTwoTemperatures) {  // [MD]
  const auto records = decode_ok("03 67 01 10 05 67 00 FF");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].channel, 3);
  EXPECT_EQ(records[0].type, LppType::Temperature);
  EXPECT_EQ(std::string(records[0].type_name), "temperature");
  EXPECT_EQ(records[0].values[0].raw, 272);
  EXPECT_EQ(records[0].values[0].divisor, 10u);
  EXPECT_EQ(records[0].values[0].to_decimal_string(), "27.2");
  EXPECT_DOUBLE_EQ(records[0].values[0].to_double(), 27.2);
  EXPECT_EQ(records[1].channel, 5);
  EXPECT_EQ(records[1].values[0].to_decimal_string(), "25.5");
}

TEST(CayenneLpp, MyDevicesNegativeTemperature) {  // [MD]
  expect_single("01 67 FF D7", 1, "temperature", "-4.1");
}

TEST(CayenneLpp, MyDevicesAccelerometer) {  // [MD]
  const auto records = decode_ok("06 71 04 D2 FB 2E 00 00");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(std::string(records[0].type_name), "accelerometer");
  ASSERT_EQ(records[0].fields().size(), 3u);
  EXPECT_EQ(std::string(records[0].values[0].name), "x");
  EXPECT_EQ(records[0].values[0].to_decimal_string(), "1.234");
  EXPECT_EQ(std::string(records[0].values[1].name), "y");
  EXPECT_EQ(records[0].values[1].to_decimal_string(), "-1.234");
  EXPECT_EQ(std::string(records[0].values[2].name), "z");
  EXPECT_EQ(records[0].values[2].to_decimal_string(), "0");
}

TEST(CayenneLpp, MyDevicesGps) {  // [MD]
  const auto records = decode_ok("01 88 06 76 5f f2 96 0a 00 03 e8");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].channel, 1);
  EXPECT_EQ(std::string(records[0].type_name), "gps");
  ASSERT_EQ(records[0].fields().size(), 3u);
  EXPECT_EQ(std::string(records[0].values[0].name), "latitude");
  EXPECT_EQ(records[0].values[0].to_decimal_string(), "42.3519");
  EXPECT_EQ(std::string(records[0].values[1].name), "longitude");
  EXPECT_EQ(records[0].values[1].to_decimal_string(), "-87.9094");
  EXPECT_EQ(std::string(records[0].values[2].name), "altitude");
  EXPECT_EQ(records[0].values[2].to_decimal_string(), "10");
}

TEST(CayenneLpp, MyDevicesTemperatureThenAccelerometer) {  // [MD], both records in one payload
  const auto records = decode_ok("01 67 FF D7 06 71 04 D2 FB 2E 00 00");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].values[0].to_decimal_string(), "-4.1");
  EXPECT_EQ(records[1].channel, 6);
  EXPECT_EQ(records[1].values[1].to_decimal_string(), "-1.234");
}

TEST(CayenneLpp, AabadieVectors) {  // [AA]
  expect_single("00 00 0A", 0, "digital_input", "10");
  expect_single("01 01 19", 1, "digital_output", "25");
  expect_single("00 02 02 08", 0, "analog_input", "5.2");
  expect_single("01 03 09 CE", 1, "analog_output", "25.1");
  expect_single("0A 65 00 7B", 10, "illuminance", "123");
  expect_single("05 66 01", 5, "presence", "1");
  expect_single("03 68 61", 3, "humidity", "48.5");
  // [AA]'s barometer test writes 996.23 hPa and expects 26 EA after the header (996.2 in 0.1 hPa steps).
  expect_single("0A 73 26 EA", 10, "barometer", "996.2");
  // [AA] encodes gyrometer (5.3, 4.2, -2.3) as 02 12 01 A3 FF 1A; 0x01A3 = 419 is 4.19 after its float
  // truncation.
  const auto gyro = decode_ok("02 86 02 12 01 A3 FF 1A");
  ASSERT_EQ(gyro.size(), 1u);
  EXPECT_EQ(std::string(gyro[0].type_name), "gyrometer");
  EXPECT_EQ(gyro[0].values[0].to_decimal_string(), "5.3");
  EXPECT_EQ(gyro[0].values[1].to_decimal_string(), "4.19");
  EXPECT_EQ(gyro[0].values[2].to_decimal_string(), "-2.3");
}

TEST(CayenneLpp, ElectronicCatsDecoderVectors) {  // [EC]
  expect_single("03 74 57 B8", 3, "voltage", "224.56");
  expect_single("01 82 00 00 00 22", 1, "distance", "0.034");
  expect_single("01 76 33 BE 27 A0", 1, "frequency", "868100000");
  expect_single("05 67 FF D1", 5, "temperature", "-4.7");
}

TEST(CayenneLpp, ElectronicCatsEncoderVectorsDecode) {  // [EC] encoder outputs, read back
  expect_single("01 64 00 00 03 E6", 1, "generic_sensor", "998");
  expect_single("01 75 00 ED", 1, "current", "0.237");
  expect_single("05 79 FF EF", 5, "altitude", "-17");
  expect_single("05 80 0D 7A", 5, "power", "3450");
  expect_single("01 80 FF FF", 1, "power", "65535");
  expect_single("01 83 00 79 5B 30", 1, "energy", "7953.2");
  expect_single("01 84 01 00", 1, "direction", "256");
  expect_single("05 8E 01", 5, "switch", "1");
  expect_single("02 68 6C", 2, "humidity", "54");
}

TEST(CayenneLpp, ExtendedTypes) {
  // Concentration 125 (2 B, 1 ppm) and Colour 135 (3 x 1 B) as defined by ElectronicCats' LPP_CONCENTRATION
  // and LPP_COLOUR; unix time 133 (4 B); percentage 120 (1 B).
  expect_single("02 7D 01 A4", 2, "concentration", "420");
  expect_single("07 85 65 4B 2C 10", 7, "unix_time", "1699425296");
  expect_single("04 78 64", 4, "percentage", "100");
  const auto colour = decode_ok("09 87 FF 80 00");
  ASSERT_EQ(colour.size(), 1u);
  EXPECT_EQ(std::string(colour[0].type_name), "colour");
  EXPECT_EQ(colour[0].values[0].raw, 255);
  EXPECT_EQ(std::string(colour[0].values[1].name), "g");
  EXPECT_EQ(colour[0].values[1].raw, 128);
  EXPECT_EQ(colour[0].values[2].raw, 0);
}

TEST(CayenneLpp, EveryOfficialTypeIsKnown) {
  // The list of the task and of ElectronicCats' LPP_* constants; sizes from the same header.
  const std::pair<std::uint8_t, std::size_t> sizes[] = {
      {0, 1},   {1, 1},   {2, 2},   {3, 2},   {100, 4}, {101, 2}, {102, 1}, {103, 2}, {104, 1},
      {113, 6}, {115, 2}, {116, 2}, {117, 2}, {118, 4}, {120, 1}, {121, 2}, {125, 2}, {128, 2},
      {130, 4}, {131, 4}, {132, 2}, {133, 4}, {134, 6}, {135, 3}, {136, 9}, {142, 1},
  };
  for (const auto& [type, size] : sizes) {
    const auto info = lpp_type_info(type);
    ASSERT_TRUE(info.has_value()) << int(type);
    EXPECT_EQ(info->value_size(), size) << info->name;
  }
  EXPECT_FALSE(lpp_type_info(4).has_value());
  EXPECT_FALSE(lpp_type_info(255).has_value());
}

TEST(CayenneLpp, EmptyPayloadHasNoRecords) {
  EXPECT_TRUE(decode_ok("").empty());
}

TEST(CayenneLpp, UnknownTypeNamesOffsetAndType) {
  const auto bytes = hex("03 67 01 10 05 05 00 FF");
  auto r = decode_cayenne_lpp(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "lpp_unknown_type");
  EXPECT_NE(r.error().message.find("5 (0x05)"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("offset 5"), std::string::npos) << r.error().message;
}

TEST(CayenneLpp, TruncatedValueNamesOffsetAndType) {
  const auto bytes = hex("03 67 01 10 01 88 06 76 5f f2");  // GPS needs 9 bytes, 4 left
  auto r = decode_cayenne_lpp(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "lpp_truncated");
  EXPECT_NE(r.error().message.find("gps"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("offset 4"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("needs 9"), std::string::npos) << r.error().message;
}

TEST(CayenneLpp, ChannelWithoutType) {
  const auto bytes = hex("01 67 FF D7 02");
  auto r = decode_cayenne_lpp(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "lpp_truncated");
  EXPECT_NE(r.error().message.find("offset 4"), std::string::npos) << r.error().message;
}

TEST(CayenneLpp, EveryTruncationOfAValidPayloadFailsCleanly) {
  // Cutting a valid payload anywhere but a record boundary must fail with lpp_truncated, never read past
  // the end (run under ASan in the sanitizer build).
  const auto full = hex("03 67 01 10 06 71 04 D2 FB 2E 00 00 01 88 06 76 5f f2 96 0a 00 03 e8");
  const std::size_t boundaries[] = {0, 4, 12, 23};
  for (std::size_t n = 0; n <= full.size(); ++n) {
    auto r = decode_cayenne_lpp(ByteSpan(full.data(), n));
    const bool boundary = std::find(std::begin(boundaries), std::end(boundaries), n) != std::end(boundaries);
    EXPECT_EQ(r.ok(), boundary) << n;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, "lpp_truncated") << n;
    }
  }
}

TEST(CayenneLpp, EncoderMatchesMyDevicesAndElectronicCats) {
  LppEncoder e;
  ASSERT_TRUE(e.add(3, LppType::Temperature, {27.2}).ok());
  ASSERT_TRUE(e.add(5, LppType::Temperature, {25.5}).ok());
  EXPECT_EQ(encoded(e), "03670110056700FF");  // [MD]

  LppEncoder e2;
  ASSERT_TRUE(e2.add(3, LppType::Temperature, {27.2}).ok());
  ASSERT_TRUE(e2.add(2, LppType::Humidity, {54}).ok());
  EXPECT_EQ(encoded(e2), "0367011002686C");  // [EC] Multichannel
}

struct EncodeCase {
  std::uint8_t channel;
  LppType type;
  std::vector<double> values;
  std::string expected_hex;
};

TEST(CayenneLpp, EncoderVectors) {
  const EncodeCase cases[] = {
      {5, LppType::Temperature, {-4.7}, "0567FFD1"},                         // [EC]
      {2, LppType::Humidity, {54}, "02686C"},                                // [EC]
      {1, LppType::GenericSensor, {998}, "0164000003E6"},                    // [EC]
      {6, LppType::Accelerometer, {1.234, -1.234, 0}, "067104D2FB2E0000"},   // [EC], [MD]
      {3, LppType::Voltage, {224.56}, "037457B8"},                           // [EC]
      {1, LppType::Current, {0.237}, "017500ED"},                            // [EC]
      {1, LppType::Frequency, {868100000}, "017633BE27A0"},                  // [EC]
      {5, LppType::Altitude, {-17}, "0579FFEF"},                             // [EC]
      {5, LppType::Power, {3450}, "05800D7A"},                               // [EC]
      {1, LppType::Distance, {0.034}, "018200000022"},                       // [EC]
      {1, LppType::Energy, {7953.2}, "018300795B30"},                        // [EC]
      {1, LppType::Direction, {256}, "01840100"},                            // [EC]
      {5, LppType::Switch, {1}, "058E01"},                                   // [EC]
      {0, LppType::DigitalInput, {10}, "00000A"},                            // [AA]
      {1, LppType::DigitalOutput, {25}, "010119"},                           // [AA]
      {0, LppType::AnalogInput, {5.2}, "00020208"},                          // [AA]
      {1, LppType::AnalogOutput, {25.1}, "010309CE"},                        // [AA]
      {10, LppType::Illuminance, {123}, "0A65007B"},                         // [AA]
      {5, LppType::Presence, {1}, "056601"},                                 // [AA]
      {3, LppType::Humidity, {48.5}, "036861"},                              // [AA]
      {2, LppType::Gyrometer, {5.3, 4.19, -2.3}, "0286021201A3FF1A"},        // [AA] bytes
      {1, LppType::Gps, {42.3519, -87.9094, 10}, "018806765FF2960A0003E8"},  // [MD]
  };
  for (const EncodeCase& c : cases) {
    LppEncoder e;
    Result<void> r = Result<void>();
    switch (c.values.size()) {
      case 1:
        r = e.add(c.channel, c.type, {c.values[0]});
        break;
      case 3:
        r = e.add(c.channel, c.type, {c.values[0], c.values[1], c.values[2]});
        break;
      default:
        FAIL() << "bad test row";
    }
    ASSERT_TRUE(r.ok()) << c.expected_hex << ": " << r.error().message;
    EXPECT_EQ(encoded(e), c.expected_hex);
  }
}

TEST(CayenneLpp, GpsRoundsToNearestUnlikeFloatTruncation) {
  // [EC] and [AA] truncate 42.3519 * 10000 = 423518.99... to 0x06765E (42.3518, their expected bytes);
  // the myDevices document gives 0x06765F. Onechan rounds to the nearest step and matches myDevices.
  LppEncoder e;
  ASSERT_TRUE(e.add(1, LppType::Gps, {42.3519, -87.9094, 10}).ok());
  EXPECT_EQ(encoded(e).substr(4, 6), "06765F");
  // The truncated encoding still decodes to what it says.
  const auto records = decode_ok("01 88 06 76 5E F2 96 0A 00 03 E8");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].values[0].to_decimal_string(), "42.3518");
}

TEST(CayenneLpp, EncoderRawValuesAndColour) {
  LppEncoder e;
  ASSERT_TRUE(e.add_raw(9, LppType::Colour, {255, 128, 0}).ok());
  ASSERT_TRUE(e.add_raw(2, LppType::Concentration, {420}).ok());
  EXPECT_EQ(encoded(e), "0987FF8000027D01A4");
}

TEST(CayenneLpp, EncoderRejectsOutOfRange) {
  LppEncoder e;
  EXPECT_EQ(e.add(1, LppType::Temperature, {3276.8}).error().code, "lpp_value_out_of_range");
  EXPECT_EQ(e.add(1, LppType::Temperature, {-3276.9}).error().code, "lpp_value_out_of_range");
  EXPECT_TRUE(e.add(1, LppType::Temperature, {-3276.8}).ok());
  EXPECT_EQ(e.add(1, LppType::Humidity, {128}).error().code, "lpp_value_out_of_range");
  EXPECT_EQ(e.add(1, LppType::Voltage, {-0.01}).error().code, "lpp_value_out_of_range");
  EXPECT_EQ(e.add_raw(1, LppType::Power, {65536}).error().code, "lpp_value_out_of_range");
  EXPECT_EQ(e.add(1, LppType::Temperature, {std::nan("")}).error().code, "lpp_value_out_of_range");
  EXPECT_EQ(e.size(), 4u);  // only the one valid record
}

TEST(CayenneLpp, EncoderRejectsWrongFieldCount) {
  LppEncoder e;
  EXPECT_EQ(e.add(1, LppType::Gps, {1.0}).error().code, "lpp_field_count");
  EXPECT_EQ(e.add_raw(1, LppType::Temperature, {1, 2}).error().code, "lpp_field_count");
  EXPECT_EQ(e.size(), 0u);
}

TEST(CayenneLpp, EncoderRespectsPayloadBudget) {
  LppEncoder e(8);
  ASSERT_TRUE(e.add(1, LppType::Temperature, {20}).ok());  // 4 bytes
  ASSERT_TRUE(e.add(2, LppType::Temperature, {21}).ok());  // 8 bytes
  EXPECT_EQ(e.add(3, LppType::Presence, {1}).error().code, "lpp_payload_full");
  EXPECT_EQ(e.size(), 8u);
  e.clear();
  EXPECT_EQ(e.size(), 0u);
}

TEST(CayenneLpp, DecimalStrings) {
  EXPECT_EQ((LppValue{"value", -5, 10}.to_decimal_string()), "-0.5");
  EXPECT_EQ((LppValue{"value", 215, 10}.to_decimal_string()), "21.5");
  EXPECT_EQ((LppValue{"value", 1, 2}.to_decimal_string()), "0.5");
  EXPECT_EQ((LppValue{"value", 100, 1000}.to_decimal_string()), "0.1");
  EXPECT_EQ((LppValue{"value", -8388608, 10000}.to_decimal_string()), "-838.8608");
  EXPECT_EQ((LppValue{"value", 4294967295, 1}.to_decimal_string()), "4294967295");
  EXPECT_EQ((LppValue{"value", 0, 100}.to_decimal_string()), "0");
}

TEST(CayenneLpp, RoundTripEveryType) {
  // Extreme raw values of every type survive encode -> decode.
  for (int t = 0; t < 256; ++t) {
    const auto info = lpp_type_info(static_cast<std::uint8_t>(t));
    if (!info) continue;
    const unsigned bits = 8u * info->field_size;
    const std::int64_t lo = info->is_signed ? -(std::int64_t{1} << (bits - 1)) : 0;
    const std::int64_t hi =
        info->is_signed ? (std::int64_t{1} << (bits - 1)) - 1 : (std::int64_t{1} << bits) - 1;
    LppEncoder e;
    Result<void> r =
        info->field_count == 1 ? e.add_raw(7, info->type, {hi}) : e.add_raw(7, info->type, {lo, hi, 0});
    ASSERT_TRUE(r.ok()) << info->name;
    auto records = decode_cayenne_lpp(e.bytes());
    ASSERT_TRUE(records.ok()) << info->name;
    ASSERT_EQ(records->size(), 1u);
    const LppRecord& rec = (*records)[0];
    EXPECT_EQ(rec.channel, 7);
    EXPECT_EQ(rec.type, info->type);
    if (info->field_count == 1) {
      EXPECT_EQ(rec.values[0].raw, hi) << info->name;
    } else {
      EXPECT_EQ(rec.values[0].raw, lo) << info->name;
      EXPECT_EQ(rec.values[1].raw, hi) << info->name;
      EXPECT_EQ(rec.values[2].raw, 0) << info->name;
    }
  }
}

}  // namespace
}  // namespace onechan::lorawan
