// Join-request, encrypted join-accept and plaintext join-accept frames, against published frames from
// ChirpStack's lrwn crate and npm lora-packet, plus the length and MType error paths.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frame_test_support.hpp"
#include "lorawan/hex.hpp"
#include "lorawan/join_frames.hpp"

namespace onechan::lorawan {
namespace {

template <typename Frame>
Frame parse_round_trip(const std::vector<std::uint8_t>& bytes) {
  auto parsed = Frame::parse(bytes);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().code + ": " + parsed.error().message);
  if (!parsed.ok()) return {};
  auto out = parsed->serialize();
  EXPECT_TRUE(out.ok());
  if (out.ok()) {
    EXPECT_EQ(to_vec(*out), bytes);
  }
  return *parsed;
}

// ChirpStack lrwn phy_payload.rs join-request doc example: JoinEUI 0101010101010101, DevEUI
// 0202020202020202, DevNonce 771, MIC 09b97b32.
TEST(JoinRequest, ChirpStackDocExample) {
  const auto f =
      parse_round_trip<JoinRequestFrame>(hex("00"
                                             "0101010101010101"
                                             "0202020202020202"
                                             "0303"
                                             "09b97b32"));
  EXPECT_EQ(f.mhdr.mtype, MType::JoinRequest);
  EXPECT_EQ(f.join_eui.to_string(), "0101010101010101");
  EXPECT_EQ(f.dev_eui.to_string(), "0202020202020202");
  EXPECT_EQ(f.dev_nonce, 771);
  EXPECT_EQ(f.mic, (Mic{0x09, 0xb9, 0x7b, 0x32}));
}

// ChirpStack lrwn phy_payload.rs test_non_proprietary: JoinEUI 0102030405060708, DevEUI 0807060504030201,
// DevNonce 1024, MIC 01020304 — shows that EUIs travel little-endian.
TEST(JoinRequest, ChirpStackLittleEndianEuis) {
  const auto f =
      parse_round_trip<JoinRequestFrame>(hex("00"
                                             "0807060504030201"
                                             "0102030405060708"
                                             "0004"
                                             "01020304"));
  EXPECT_EQ(f.join_eui.to_string(), "0102030405060708");
  EXPECT_EQ(f.dev_eui.to_string(), "0807060504030201");
  EXPECT_EQ(f.dev_nonce, 1024);
  EXPECT_EQ(f.mic_le32(), 0x04030201u);
  EXPECT_EQ(to_vec(mic_covered_bytes(hex("00"
                                         "0807060504030201"
                                         "0102030405060708"
                                         "0004"
                                         "01020304")))
                .size(),
            19u);
}

// npm lora-packet __tests__/parse_test.ts "should parse join request payload": AppEUI aa13693363343639,
// DevEUI 3331383274356905, DevNonce f18e, MIC c1d5ec6c (lora-packet prints the fields MSB first).
TEST(JoinRequest, LoraPacketExample) {
  const auto f = parse_round_trip<JoinRequestFrame>(hex("0039363463336913AA05693574323831338EF1C1D5EC6C"));
  EXPECT_EQ(f.join_eui.to_string(), "AA13693363343639");
  EXPECT_EQ(f.dev_eui.to_string(), "3331383274356905");
  EXPECT_EQ(f.dev_nonce, 0xF18E);
  EXPECT_EQ(f.mic, (Mic{0xc1, 0xd5, 0xec, 0x6c}));
}

TEST(JoinRequest, Errors) {
  const auto good = hex("0039363463336913AA05693574323831338EF1C1D5EC6C");
  for (std::size_t n : {0u, 1u, 12u, 22u}) {
    auto r = JoinRequestFrame::parse(ByteSpan(good).first(n));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "join_request_bad_length");
    EXPECT_NE(r.error().message.find(std::to_string(n)), std::string::npos);
  }
  auto longer = good;
  longer.push_back(0);
  EXPECT_EQ(JoinRequestFrame::parse(longer).error().code, "join_request_bad_length");

  auto bad_major = good;
  bad_major[0] = 0x02;
  EXPECT_EQ(JoinRequestFrame::parse(bad_major).error().code, "major_unsupported");
  auto data = good;
  data[0] = 0x40;
  EXPECT_EQ(JoinRequestFrame::parse(data).error().code, "mtype_mismatch");

  JoinRequestFrame f;
  f.mhdr.mtype = MType::JoinAccept;
  EXPECT_EQ(f.serialize().error().code, "mtype_mismatch");
}

// ChirpStack lrwn phy_payload.rs, "LoRaWAN 1.0.x Join-accept example": the encrypted frame is
// 20 23cf335489aae3183c0be0baa8dee5f3 (17 bytes).
TEST(EncryptedJoinAccept, ChirpStackEncrypted17Bytes) {
  const auto f = parse_round_trip<EncryptedJoinAccept>(hex("2023cf335489aae3183c0be0baa8dee5f3"));
  EXPECT_EQ(f.mhdr.mtype, MType::JoinAccept);
  EXPECT_FALSE(f.has_cf_list());
  EXPECT_EQ(to_vec(f.encrypted), hex("23cf335489aae3183c0be0baa8dee5f3"));
}

TEST(EncryptedJoinAccept, ThirtyThreeBytesCarryACfList) {
  const auto bytes =
      hex("20"
          "00112233445566778899AABBCCDDEEFF"
          "FFEEDDCCBBAA99887766554433221100");
  const auto f = parse_round_trip<EncryptedJoinAccept>(bytes);
  EXPECT_TRUE(f.has_cf_list());
  EXPECT_EQ(f.encrypted.size(), 32u);
}

TEST(EncryptedJoinAccept, Errors) {
  std::vector<std::uint8_t> bytes(40, 0x20);
  for (std::size_t n : {0u, 1u, 16u, 18u, 32u, 34u, 40u}) {
    auto r = EncryptedJoinAccept::parse(ByteSpan(bytes).first(n));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().code, "join_accept_bad_length");
    EXPECT_NE(r.error().message.find(std::to_string(n)), std::string::npos);
  }
  // npm lora-packet parse_test.ts "should Join Accept" feeds this 32-byte frame with MHDR 0x33 (Major 3).
  // LoRaWAN 1.0.x allows 17 or 33 bytes and Major 0 only, so it is rejected.
  EXPECT_EQ(
      EncryptedJoinAccept::parse(hex("33105EAFD15E04A62872C97F821955A1B75420F0FFCC20CF999347E18AA8A235"))
          .error()
          .code,
      "join_accept_bad_length");
  EXPECT_EQ(EncryptedJoinAccept::parse(hex("2323cf335489aae3183c0be0baa8dee5f3")).error().code,
            "major_unsupported");
  EXPECT_EQ(EncryptedJoinAccept::parse(hex("0023cf335489aae3183c0be0baa8dee5f3")).error().code,
            "mtype_mismatch");
  EncryptedJoinAccept f;
  f.encrypted.assign(hex("0102"));
  EXPECT_EQ(f.serialize().error().code, "join_accept_bad_length");
}

// npm lora-packet parse_test.ts "should parse join accept payload" (not encrypted): AppNonce 376338,
// NetID aabbcc, DevAddr 012ccde7, DLSettings 00, RxDelay 00, CFList empty, MIC d9d0a6e7.
TEST(JoinAccept, LoraPacketPlaintext) {
  const auto f = parse_round_trip<JoinAccept>(hex("20386337CCBBAAE7CD2C010000D9D0A6E7"));
  EXPECT_EQ(f.join_nonce, 0x376338u);
  EXPECT_EQ(f.net_id, 0xAABBCCu);
  EXPECT_EQ(f.dev_addr.to_string(), "012CCDE7");
  EXPECT_EQ(f.dl_settings, DlSettings{});
  EXPECT_EQ(f.rx_delay, 0);
  EXPECT_EQ(f.rx1_delay_seconds(), 1);
  EXPECT_FALSE(f.cf_list.has_value());
  EXPECT_EQ(f.mic, (Mic{0xd9, 0xd0, 0xa6, 0xe7}));
}

// ChirpStack lrwn payload.rs test_join_accept_payload: JoinNonce 65793, NetID 020202, DevAddr 01020304,
// RX2 DR 7, RX1 DR offset 6, RxDelay 9, and with CFList channels 867.1/867.3/867.5/867.7/867.9 MHz. The
// crate tests the MACPayload alone; MHDR 0x20 and MIC 0a0b0c0d are added here to make the PHYPayload.
TEST(JoinAccept, ChirpStackPayloads) {
  auto f =
      parse_round_trip<JoinAccept>(hex("20"
                                       "010101020202040302016709"
                                       "0a0b0c0d"));
  EXPECT_EQ(f.join_nonce, 65793u);
  EXPECT_EQ(f.net_id, 0x020202u);
  EXPECT_EQ(f.dev_addr.value, 0x01020304u);
  EXPECT_EQ(f.dl_settings.rx2_data_rate, 7);
  EXPECT_EQ(f.dl_settings.rx1_dr_offset, 6);
  EXPECT_FALSE(f.dl_settings.opt_neg);
  EXPECT_EQ(f.rx_delay, 9);
  EXPECT_EQ(f.rx1_delay_seconds(), 9);
  EXPECT_FALSE(f.cf_list.has_value());

  f =
      parse_round_trip<JoinAccept>(hex("20"
                                       "010101020202040302016709"
                                       "184f84e85684b85e84886684586e8400"
                                       "0a0b0c0d"));
  ASSERT_TRUE(f.cf_list.has_value());
  EXPECT_EQ(f.cf_list->cf_list_type(), 0);
  const auto freqs = f.cf_list->frequencies_hz();
  ASSERT_TRUE(freqs.has_value());
  EXPECT_EQ(*freqs, (std::array<std::uint32_t, 5>{867100000, 867300000, 867500000, 867700000, 867900000}));
  EXPECT_EQ(f.mic_le32(), 0x0d0c0b0au);
}

// ChirpStack lrwn phy_payload.rs 1.0.x join-accept example, before encryption: JoinNonce 65793, NetID
// 020202, DevAddr 01020304, DLSettings 0, RxDelay 0, MIC 3449f212. Serializing those fields gives the
// plaintext the crypto layer encrypts.
TEST(JoinAccept, SerializeFromFields) {
  JoinAccept f;
  f.join_nonce = 65793;
  f.net_id = 0x020202;
  f.dev_addr = DevAddr{0x01020304};
  f.mic = Mic{0x34, 0x49, 0xf2, 0x12};
  auto bytes = f.serialize();
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(to_vec(*bytes), hex("20"
                                "010101"
                                "020202"
                                "04030201"
                                "00"
                                "00"
                                "3449f212"));
  EXPECT_EQ(to_vec(mic_covered_bytes(bytes->span())), hex("20"
                                                          "010101"
                                                          "020202"
                                                          "04030201"
                                                          "00"
                                                          "00"));
}

// DLSettings/RxDelay meanings as npm lora-packet states them for DLSettings 7F / RxDelay 82
// (parse_test.ts "should Join Accept"): RX1 DR offset 7, RX2 data rate 15, Del 2.
TEST(JoinAccept, DlSettingsAndRxDelayBits) {
  const DlSettings dl = DlSettings::decode(0x7F);
  EXPECT_EQ(dl.rx1_dr_offset, 7);
  EXPECT_EQ(dl.rx2_data_rate, 15);
  EXPECT_FALSE(dl.opt_neg);
  EXPECT_EQ(DlSettings::decode(0x80).opt_neg, true);
  for (unsigned b = 0; b < 256; ++b) {
    auto encoded = DlSettings::decode(static_cast<std::uint8_t>(b)).encode();
    ASSERT_TRUE(encoded.ok());
    EXPECT_EQ(*encoded, b);
  }
  JoinAccept f;
  f.rx_delay = 0x82;
  EXPECT_EQ(f.rx1_delay_seconds(), 2);
}

// ChirpStack lrwn cflist.rs tests: five channels give 184f84 e85684 b85e84 886684 586e84 00; a channel
// mask list (type 1) has no frequencies.
TEST(CfList, ChirpStackVectors) {
  auto list = CfList::from_frequencies_hz({867100000, 867300000, 867500000, 867700000, 867900000});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(to_vec(ByteSpan(list->raw)), hex("184f84e85684b85e84886684586e8400"));

  CfList masks;
  masks.raw[0] = 0xff;
  masks.raw[15] = 0x01;
  EXPECT_EQ(masks.cf_list_type(), 1);
  EXPECT_FALSE(masks.frequencies_hz().has_value());

  EXPECT_EQ(CfList::from_frequencies_hz({867100050, 0, 0, 0, 0}).error().code,
            "join_accept_field_out_of_range");
  EXPECT_EQ(CfList::from_frequencies_hz({0, 0, 0, 0, 1677721600}).error().code,
            "join_accept_field_out_of_range");
  EXPECT_TRUE(CfList::from_frequencies_hz({0, 0, 0, 0, 1677721500}).ok());
}

TEST(JoinAccept, Errors) {
  for (const char* text : {"20386337CCBBAAE7CD2C010000D9D0A6", "20386337CCBBAAE7CD2C010000D9D0A6E700"}) {
    auto r = JoinAccept::parse(hex(text));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "join_accept_bad_length");
  }
  EXPECT_EQ(JoinAccept::parse({}).error().code, "join_accept_bad_length");
  EXPECT_EQ(JoinAccept::parse(hex("E0386337CCBBAAE7CD2C010000D9D0A6E7")).error().code, "mtype_mismatch");
  EXPECT_EQ(JoinAccept::parse(hex("21386337CCBBAAE7CD2C010000D9D0A6E7")).error().code, "major_unsupported");

  JoinAccept f;
  f.join_nonce = 0x1000000;
  EXPECT_EQ(f.serialize().error().code, "join_accept_field_out_of_range");
  f.join_nonce = 0;
  f.net_id = 0x1000000;
  EXPECT_EQ(f.serialize().error().code, "join_accept_field_out_of_range");
  f.net_id = 0;
  f.dl_settings.rx1_dr_offset = 8;
  EXPECT_EQ(f.serialize().error().code, "join_accept_field_out_of_range");
  f.dl_settings.rx1_dr_offset = 0;
  f.dl_settings.rx2_data_rate = 16;
  EXPECT_EQ(f.serialize().error().code, "join_accept_field_out_of_range");
  f.dl_settings.rx2_data_rate = 0;
  f.mhdr.mtype = MType::JoinRequest;
  EXPECT_EQ(f.serialize().error().code, "mtype_mismatch");
}

}  // namespace
}  // namespace onechan::lorawan
