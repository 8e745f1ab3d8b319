// The virtual-air datagram codec against the byte layout documented in docs/virtual-air.md (the
// example hex dump there is the first test), every malformed class, and truncations of a valid datagram.
#include <gtest/gtest.h>

#include <random>

#include "radio/sim/air_datagram.hpp"

namespace onechan::radio::sim {
namespace {

// docs/virtual-air.md, "Example": an unconfirmed uplink from DevAddr 11223344 (FCnt 1, FPort 1, MIC
// A1B2C3D4) on 868.1 MHz, SF7, 125 kHz, CR 4/5, sync word 0x34, normal IQ, CRC on and good,
// RSSI -60 dBm, SNR 9.50 dB.
const std::vector<std::uint8_t> kExample = {0x4F, 0x43, 0x41, 0x49,  // "OCAI"
                                            0x01,                    // version 1
                                            0x06,                    // flags: CRC on, CRC ok
                                            0x33, 0xBE, 0x27, 0xA0,  // 868 100 000 Hz
                                            0x00, 0x01, 0xE8, 0x48,  // 125 000 Hz
                                            0x07,                    // SF7
                                            0x05,                    // CR 4/5
                                            0x34,                    // sync word
                                            0x0D,                    // 13 payload bytes
                                            0xFF, 0xC4,              // RSSI -60 dBm
                                            0x03, 0xB6,              // SNR 950 centi-dB
                                            0x40, 0x44, 0x33, 0x22, 0x11, 0x00, 0x01,
                                            0x00, 0x01, 0xA1, 0xB2, 0xC3, 0xD4};

AirFrame example_frame() {
  AirFrame f;
  f.frequency_hz = 868'100'000;
  f.spreading_factor = 7;
  f.bandwidth_hz = 125'000;
  f.coding_rate = 5;
  f.sync_word = 0x34;
  f.iq_inverted = false;
  f.crc_on = true;
  f.crc_ok = true;
  f.rssi_dbm = -60;
  f.snr_centi_db = 950;
  f.payload = {0x40, 0x44, 0x33, 0x22, 0x11, 0x00, 0x01, 0x00, 0x01, 0xA1, 0xB2, 0xC3, 0xD4};
  return f;
}

void expect_same(const AirFrame& a, const AirFrame& b) {
  EXPECT_EQ(a.frequency_hz, b.frequency_hz);
  EXPECT_EQ(a.spreading_factor, b.spreading_factor);
  EXPECT_EQ(a.bandwidth_hz, b.bandwidth_hz);
  EXPECT_EQ(a.coding_rate, b.coding_rate);
  EXPECT_EQ(a.sync_word, b.sync_word);
  EXPECT_EQ(a.iq_inverted, b.iq_inverted);
  EXPECT_EQ(a.crc_on, b.crc_on);
  EXPECT_EQ(a.crc_ok, b.crc_ok);
  EXPECT_EQ(a.rssi_dbm, b.rssi_dbm);
  EXPECT_EQ(a.snr_centi_db, b.snr_centi_db);
  EXPECT_EQ(a.payload, b.payload);
}

AirError decode_error(const std::vector<std::uint8_t>& d) {
  auto r = decode_air_datagram(d);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.ok() || r.error().message.empty());
  return r.ok() ? AirError::payload_too_long : r.error().code;
}

TEST(AirCodec, EncodesTheDocumentedExample) {
  auto d = encode_air_datagram(example_frame());
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value(), kExample);
}

TEST(AirCodec, DecodesTheDocumentedExample) {
  auto f = decode_air_datagram(kExample);
  ASSERT_TRUE(f.ok()) << f.error().message;
  expect_same(f.value(), example_frame());
}

TEST(AirCodec, RoundTripsEveryField) {
  AirFrame f;
  f.frequency_hz = 433'175'000;
  f.spreading_factor = 12;
  f.bandwidth_hz = 7'800;
  f.coding_rate = 8;
  f.sync_word = 0x12;
  f.iq_inverted = true;
  f.crc_on = false;
  f.crc_ok = false;
  f.rssi_dbm = -137;
  f.snr_centi_db = -2'000;
  f.payload.resize(255);
  for (std::size_t i = 0; i < f.payload.size(); ++i) f.payload[i] = static_cast<std::uint8_t>(255 - i);
  auto d = encode_air_datagram(f);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().size(), 22u + 255u);
  EXPECT_EQ(d.value()[5], 0x01);  // IQ inverted only
  auto back = decode_air_datagram(d.value());
  ASSERT_TRUE(back.ok()) << back.error().message;
  expect_same(back.value(), f);
}

TEST(AirCodec, AnEmptyPayloadIsAllowed) {
  AirFrame f = example_frame();
  f.payload.clear();
  auto d = encode_air_datagram(f);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().size(), 22u);
  EXPECT_TRUE(decode_air_datagram(d.value()).ok());
}

TEST(AirCodec, RejectsEachMalformedClass) {
  auto with = [](std::size_t at, std::uint8_t v) {
    auto d = kExample;
    d[at] = v;
    return d;
  };
  EXPECT_EQ(decode_error({}), AirError::too_short);
  EXPECT_EQ(decode_error({0x4F, 0x43, 0x41}), AirError::too_short);
  EXPECT_EQ(decode_error(std::vector<std::uint8_t>(kExample.begin(), kExample.begin() + 21)),
            AirError::too_short);
  EXPECT_EQ(decode_error(with(0, 'X')), AirError::bad_magic);
  EXPECT_EQ(decode_error(with(4, 2)), AirError::unknown_version);
  EXPECT_EQ(decode_error(with(4, 0)), AirError::unknown_version);
  EXPECT_EQ(decode_error(with(5, 0x08)), AirError::reserved_flags);
  EXPECT_EQ(decode_error(with(5, 0x86)), AirError::reserved_flags);
  EXPECT_EQ(decode_error(with(17, 14)), AirError::length_mismatch);
  EXPECT_EQ(decode_error(with(17, 12)), AirError::length_mismatch);
  auto longer = kExample;
  longer.push_back(0x00);
  EXPECT_EQ(decode_error(longer), AirError::length_mismatch);
  EXPECT_EQ(decode_error(with(14, 5)), AirError::bad_spreading_factor);
  EXPECT_EQ(decode_error(with(14, 13)), AirError::bad_spreading_factor);
  EXPECT_EQ(decode_error(with(13, 0x47)), AirError::bad_bandwidth);  // 124 999 Hz
  EXPECT_EQ(decode_error(with(15, 4)), AirError::bad_coding_rate);
  EXPECT_EQ(decode_error(with(15, 9)), AirError::bad_coding_rate);
  EXPECT_EQ(decode_error(with(6, 0x05)), AirError::bad_frequency);  // 0x05BE27A0 = 96 348 064 Hz
  EXPECT_EQ(decode_error(with(6, 0xFF)), AirError::bad_frequency);
}

TEST(AirCodec, ErrorMessagesNameTheOffendingValue) {
  auto d = kExample;
  d[14] = 13;
  auto r = decode_air_datagram(d);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("13"), std::string::npos) << r.error().message;
  EXPECT_EQ(to_string(r.error().code), "bad_spreading_factor");
}

TEST(AirCodec, EncodeRejectsWhatDecodeWould) {
  AirFrame f = example_frame();
  f.payload.resize(256);
  auto d = encode_air_datagram(f);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, AirError::payload_too_long);
  f = example_frame();
  f.bandwidth_hz = 200'000;
  ASSERT_FALSE(encode_air_datagram(f).ok());
  EXPECT_EQ(encode_air_datagram(f).error().code, AirError::bad_bandwidth);
  f = example_frame();
  f.spreading_factor = 4;
  EXPECT_EQ(encode_air_datagram(f).error().code, AirError::bad_spreading_factor);
}

TEST(AirCodec, EveryTruncationAndRandomInputIsRejectedWithoutCrashing) {
  for (std::size_t n = 0; n < kExample.size(); ++n) {
    std::vector<std::uint8_t> cut(kExample.begin(), kExample.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(decode_air_datagram(cut).ok()) << n;
  }
  std::mt19937 rng(1234);
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::uint8_t> d(rng() % 300);
    for (auto& b : d) b = static_cast<std::uint8_t>(rng());
    if (d.size() >= 4 && i % 2 == 0) std::copy(std::begin(kAirMagic), std::end(kAirMagic), d.begin());
    if (d.size() >= 5 && i % 4 == 0) d[4] = kAirVersion;
    auto r = decode_air_datagram(d);
    if (r.ok()) {
      EXPECT_EQ(d.size(), kAirHeaderSize + r.value().payload.size());
    }
  }
}

}  // namespace
}  // namespace onechan::radio::sim
