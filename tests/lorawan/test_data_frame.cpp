// Data frames (LoRaWAN 1.0.x): field values checked against what independent implementations state for
// published frames, plus every error path.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frame_test_support.hpp"
#include "lorawan/data_frame.hpp"
#include "lorawan/hex.hpp"

namespace onechan::lorawan {
namespace {

// Parses `frame`, checks that serializing gives the same bytes back, and returns the frame.
DataFrame parse_round_trip(const std::vector<std::uint8_t>& frame) {
  auto parsed = DataFrame::parse(frame);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().code + ": " + parsed.error().message);
  if (!parsed.ok()) return {};
  auto bytes = parsed->serialize();
  EXPECT_TRUE(bytes.ok());
  if (bytes.ok()) {
    EXPECT_EQ(to_vec(*bytes), frame);
  }
  return *parsed;
}

// npm lora-packet (anthonykirby), __tests__/parse_test.ts "should parse data payload": DevAddr 49be7df1,
// FCtrl 00, FCnt 0002 (= 2), FPort 01, FRMPayload 95437876, MIC 2b11ff0d, Unconfirmed Data Up.
TEST(DataFrame, LoraPacketUplink) {
  const auto frame = hex("40F17DBE4900020001954378762B11FF0D");
  const DataFrame f = parse_round_trip(frame);
  EXPECT_EQ(f.mhdr.mtype, MType::UnconfirmedDataUp);
  EXPECT_EQ(f.direction(), Direction::Uplink);
  EXPECT_EQ(f.dev_addr.to_string(), "49BE7DF1");
  EXPECT_EQ(f.fctrl, FCtrl{});
  EXPECT_EQ(f.fcnt16, 2);
  EXPECT_TRUE(f.fopts.empty());
  ASSERT_TRUE(f.fport.has_value());
  EXPECT_EQ(*f.fport, 1);
  EXPECT_EQ(to_vec(f.frm_payload), hex("95437876"));
  EXPECT_EQ(f.mic, (Mic{0x2b, 0x11, 0xff, 0x0d}));
  EXPECT_EQ(f.mic_le32(), 0x0DFF112Bu);
  // lora-packet's MACPayload + MHDR: what the MIC covers.
  EXPECT_EQ(f.mic_input_length(), 13u);
  EXPECT_EQ(to_vec(mic_covered_bytes(frame)), hex("40f17dbe490002000195437876"));
}

// lora-packet parse_test.ts "should parse data payload with empty payload": FCnt 3, FPort 01, FRMPayload "".
TEST(DataFrame, LoraPacketPortWithEmptyPayload) {
  const DataFrame f = parse_round_trip(hex("40F17DBE49000300012A3518AF"));
  EXPECT_EQ(f.fcnt16, 3);
  EXPECT_EQ(f.fport, std::optional<std::uint8_t>(1));
  EXPECT_TRUE(f.frm_payload.empty());
  EXPECT_EQ(f.mic, (Mic{0x2a, 0x35, 0x18, 0xaf}));
}

// lora-packet parse_test.ts "should parse large data payload": FCnt 4, FPort 1, 44-byte FRMPayload.
TEST(DataFrame, LoraPacketLargePayload) {
  const DataFrame f =
      parse_round_trip(hex("40f17dbe490004000155332de41a11adc072553544429ce7787707d1c316e027e7e5e334263376aff"
                           "b8aa17ad30075293f28dea8"
                           "a20af3c5e7"));
  EXPECT_EQ(f.fcnt16, 4);
  EXPECT_EQ(f.fport, std::optional<std::uint8_t>(1));
  EXPECT_EQ(to_vec(f.frm_payload),
            hex("55332de41a11adc072553544429ce7787707d1c316e027e7e5e334263376affb8aa17ad30075293f28dea8a2"));
  EXPECT_EQ(f.mic, (Mic{0x0a, 0xf3, 0xc5, 0xe7}));
}

// lora-packet parse_test.ts "should parse ack": Unconfirmed Data Down, FCtrl 20 (ACK), FCnt 2, FPort 1.
TEST(DataFrame, LoraPacketDownlinkAck) {
  const DataFrame f = parse_round_trip(hex("60f17dbe4920020001f9d65d27"));
  EXPECT_EQ(f.mhdr.mtype, MType::UnconfirmedDataDown);
  EXPECT_EQ(f.direction(), Direction::Downlink);
  EXPECT_TRUE(f.fctrl.ack);
  EXPECT_FALSE(f.fctrl.adr);
  EXPECT_FALSE(f.fctrl.f_pending);
  EXPECT_EQ(f.fcnt16, 2);
  EXPECT_EQ(f.fport, std::optional<std::uint8_t>(1));
  EXPECT_TRUE(f.frm_payload.empty());
}

// lora-packet __tests__/fopts_test.ts (GitHub issue #18, packet #1): FOpts 091103. The other fields follow
// from the spec's layout: FCtrl A3 = ADR | ACK | FOptsLen 3, FCnt 1, FPort 8.
TEST(DataFrame, LoraPacketIssue18FOpts) {
  const DataFrame f = parse_round_trip(hex("4084412505A3010009110308B33750F504D4B86A"));
  EXPECT_EQ(f.dev_addr.to_string(), "05254184");
  EXPECT_TRUE(f.fctrl.adr);
  EXPECT_TRUE(f.fctrl.ack);
  EXPECT_FALSE(f.fctrl.adr_ack_req);
  EXPECT_EQ(f.fctrl.fopts_len, 3);
  EXPECT_EQ(f.fcnt16, 1);
  EXPECT_EQ(to_vec(f.fopts), hex("091103"));
  EXPECT_EQ(f.fport, std::optional<std::uint8_t>(8));
  EXPECT_EQ(to_vec(f.frm_payload), hex("B33750F5"));
  EXPECT_EQ(f.mic, (Mic{0x04, 0xD4, 0xB8, 0x6A}));
}

// brocaar/lorawan example quoted in lora-packet fopts_test.ts and in ChirpStack lrwn phy_payload.rs docs:
// base64 YAQDAgEDAAAirAoB8LRo3ape0To= = Unconfirmed Data Down, DevAddr 01020304, FCtrl 03, FCnt 0000,
// FOpts 22ac0a, FPort 01, FRMPayload f0b468dd, MIC aa5ed13a.
TEST(DataFrame, BrocaarDownlinkWithFOpts) {
  auto frame = from_base64("YAQDAgEDAAAirAoB8LRo3ape0To=");
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(*frame, hex("600403020103000022ac0a01f0b468ddaa5ed13a"));
  const DataFrame f = parse_round_trip(*frame);
  EXPECT_EQ(f.mhdr.mtype, MType::UnconfirmedDataDown);
  EXPECT_EQ(f.dev_addr.to_string(), "01020304");
  EXPECT_EQ(f.fctrl.fopts_len, 3);
  EXPECT_EQ(f.fcnt16, 0);
  EXPECT_EQ(to_vec(f.fopts), hex("22ac0a"));
  EXPECT_EQ(f.fport, std::optional<std::uint8_t>(1));
  EXPECT_EQ(to_vec(f.frm_payload), hex("f0b468dd"));
  EXPECT_EQ(f.mic, (Mic{0xaa, 0x5e, 0xd1, 0x3a}));
}

// ChirpStack lrwn phy_payload.rs, "LoRaWAN 1.0.x confirmed uplink example": DevAddr 01020304, FCnt 0,
// FOpts = DevStatusAns(battery 115, margin 7) = 06 73 07, FPort 10, 4 encrypted payload bytes.
TEST(DataFrame, ChirpStackConfirmedUplink) {
  const DataFrame f =
      parse_round_trip(hex("8004030201030000067307"
                           "0ae264d4f7e117d2c0"));
  EXPECT_EQ(f.mhdr.mtype, MType::ConfirmedDataUp);
  EXPECT_TRUE(is_confirmed(f.mhdr.mtype));
  EXPECT_EQ(f.dev_addr.value, 0x01020304u);
  EXPECT_EQ(to_vec(f.fopts), hex("067307"));
  EXPECT_EQ(f.fport, std::optional<std::uint8_t>(10));
  EXPECT_EQ(to_vec(f.frm_payload), hex("e264d4f7"));
  EXPECT_EQ(f.mic, (Mic{0xe1, 0x17, 0xd2, 0xc0}));
}

// ChirpStack lrwn payload.rs test_mac_payload gives MACPayloads (FHDR | FPort | FRMPayload) with DevAddr
// 01020304, FCtrl ADR, FCnt 123; wrapped here in MHDR 0x40 and a MIC 01020304 to make PHYPayloads.
TEST(DataFrame, ChirpStackMacPayloads) {
  // No FPort, no payload.
  DataFrame f =
      parse_round_trip(hex("40"
                           "04030201807b00"
                           "01020304"));
  EXPECT_TRUE(f.fctrl.adr);
  EXPECT_EQ(f.fcnt16, 123);
  EXPECT_FALSE(f.fport.has_value());
  EXPECT_TRUE(f.frm_payload.empty());
  // FOpts only.
  f =
      parse_round_trip(hex("40"
                           "04030201837b00010203"
                           "01020304"));
  EXPECT_EQ(to_vec(f.fopts), hex("010203"));
  EXPECT_FALSE(f.fport.has_value());
  // FPort 10 without payload.
  f =
      parse_round_trip(hex("40"
                           "04030201807b000a"
                           "01020304"));
  EXPECT_EQ(f.fport, std::optional<std::uint8_t>(10));
  EXPECT_TRUE(f.frm_payload.empty());
  // FOpts, FPort and payload.
  f =
      parse_round_trip(hex("40"
                           "04030201837b000302010a010203"
                           "01020304"));
  EXPECT_EQ(to_vec(f.fopts), hex("030201"));
  EXPECT_EQ(f.fport, std::optional<std::uint8_t>(10));
  EXPECT_EQ(to_vec(f.frm_payload), hex("010203"));
}

// ChirpStack lrwn fhdr.rs test_f_ctrl: 0x82 ADR+2, 0x43 ADRACKReq+3, 0x24 ACK+4, 0x15 FPending/ClassB+5,
// 0xf6 all four flags + 6. Bit 4 is ClassB uplink and FPending downlink (LoRaWAN 1.0.4 4.3.1).
TEST(FCtrl, ChirpStackVectorsBothDirections) {
  FCtrl up = FCtrl::decode(0x82, Direction::Uplink);
  EXPECT_TRUE(up.adr);
  EXPECT_EQ(up.fopts_len, 2);
  up = FCtrl::decode(0x43, Direction::Uplink);
  EXPECT_TRUE(up.adr_ack_req);
  EXPECT_FALSE(up.adr);
  EXPECT_EQ(up.fopts_len, 3);
  EXPECT_TRUE(FCtrl::decode(0x24, Direction::Downlink).ack);

  up = FCtrl::decode(0x15, Direction::Uplink);
  EXPECT_TRUE(up.class_b);
  EXPECT_FALSE(up.f_pending);
  FCtrl down = FCtrl::decode(0x15, Direction::Downlink);
  EXPECT_TRUE(down.f_pending);
  EXPECT_FALSE(down.class_b);
  EXPECT_EQ(down.fopts_len, 5);

  up = FCtrl::decode(0xf6, Direction::Uplink);
  EXPECT_TRUE(up.adr && up.adr_ack_req && up.ack && up.class_b);
  EXPECT_EQ(up.fopts_len, 6);
  down = FCtrl::decode(0xf6, Direction::Downlink);
  EXPECT_TRUE(down.adr && down.downlink_rfu && down.ack && down.f_pending);
  EXPECT_FALSE(down.adr_ack_req);

  // Every byte re-encodes to itself in both directions, and a flag of the other direction is not written.
  for (unsigned b = 0; b < 256; ++b) {
    const auto byte = static_cast<std::uint8_t>(b);
    EXPECT_EQ(FCtrl::decode(byte, Direction::Uplink).encode(Direction::Uplink), byte);
    EXPECT_EQ(FCtrl::decode(byte, Direction::Downlink).encode(Direction::Downlink), byte);
  }
  FCtrl only_up;
  only_up.class_b = true;
  only_up.adr_ack_req = true;
  EXPECT_EQ(only_up.encode(Direction::Downlink), 0x00);
  EXPECT_EQ(only_up.encode(Direction::Uplink), 0x50);
}

TEST(DataFrame, ErrorFrameTooShort) {
  auto r = DataFrame::parse(hex("40F17DBE490002000195"));  // 10 bytes
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "frame_too_short");
  EXPECT_NE(r.error().message.find("10"), std::string::npos);
  EXPECT_EQ(DataFrame::parse(hex("40F17DBE49000200019543")).error().code, "frame_too_short");  // 11 bytes
  EXPECT_EQ(DataFrame::parse({}).error().code, "frame_too_short");
  // 12 bytes is the minimum and parses.
  EXPECT_TRUE(DataFrame::parse(hex("40F17DBE4900020001020304")).ok());
}

TEST(DataFrame, ErrorFrameTooLong) {
  std::vector<std::uint8_t> frame = hex("40F17DBE49000200");
  frame.resize(256, 0xAB);
  auto r = DataFrame::parse(frame);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "frame_too_long");
  EXPECT_NE(r.error().message.find("256"), std::string::npos);
  // 255 bytes (the largest FRMPayload: 242 bytes) parses and round-trips.
  frame.resize(255);
  const DataFrame f = parse_round_trip(frame);
  EXPECT_EQ(f.frm_payload.size(), kMaxFrmPayload);
  EXPECT_EQ(kMaxFrmPayload, 242u);
}

TEST(DataFrame, ErrorFOptsPastEnd) {
  // FOptsLen 5 but only 4 bytes sit between FCnt and the MIC.
  auto r =
      DataFrame::parse(hex("40F17DBE4905020001020304"
                           "AABBCCDD"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "fopts_past_end");
  EXPECT_NE(r.error().message.find("FOptsLen 5"), std::string::npos);
  // FOptsLen 15 in a minimal frame.
  EXPECT_EQ(DataFrame::parse(hex("40F17DBE490F020001020304")).error().code, "fopts_past_end");
  // FOptsLen exactly filling the space before the MIC is fine (no FPort).
  auto ok =
      DataFrame::parse(hex("40F17DBE4904020001020304"
                           "AABBCCDD"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->fopts.size(), 4u);
  EXPECT_FALSE(ok->fport.has_value());
}

TEST(DataFrame, ErrorFOptsWithFPort0) {
  // FOpts = LinkCheckReq (02), then FPort 0: MAC commands in both places.
  auto r =
      DataFrame::parse(hex("40F17DBE4901020002"
                           "00"
                           "AABBCCDD"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "fopts_with_fport0");
  // FPort 0 without FOpts is the normal way to send MAC commands in the payload.
  auto ok =
      DataFrame::parse(hex("40F17DBE49000200"
                           "00"
                           "02"
                           "AABBCCDD"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->fport, std::optional<std::uint8_t>(0));
  EXPECT_EQ(to_vec(ok->frm_payload), hex("02"));
}

TEST(DataFrame, ErrorMhdr) {
  EXPECT_EQ(DataFrame::parse(hex("41F17DBE4900020001954378762B11FF0D")).error().code, "major_unsupported");
  EXPECT_EQ(DataFrame::parse(hex("C0F17DBE4900020001954378762B11FF0D")).error().code, "mtype_rfu");
  // A join-request is not a data frame.
  EXPECT_EQ(DataFrame::parse(hex("0039363463336913AA05693574323831338EF1C1D5EC6C")).error().code,
            "mtype_mismatch");
}

TEST(DataFrame, SerializeErrors) {
  DataFrame f;
  f.mhdr.mtype = MType::UnconfirmedDataUp;
  f.frm_payload.assign(hex("0102"));
  EXPECT_EQ(f.serialize().error().code, "payload_without_fport");

  f.fport = 0;
  f.fopts.assign(hex("02"));
  EXPECT_EQ(f.serialize().error().code, "fopts_with_fport0");

  // 15 FOpts + FPort + 242 payload bytes = 271 bytes.
  f.fport = 1;
  f.fopts.resize(15);
  f.frm_payload.resize(kMaxFrmPayload);
  auto r = f.serialize();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "frame_too_long");
  EXPECT_NE(r.error().message.find("270"), std::string::npos);

  f.fopts.clear();
  EXPECT_TRUE(f.serialize().ok());
  f.mhdr.mtype = MType::JoinRequest;
  EXPECT_EQ(f.serialize().error().code, "mtype_mismatch");
}

// Building a frame by hand: FOptsLen comes from the FOpts buffer, and the bytes match the layout.
TEST(DataFrame, SerializeBuildsFromFields) {
  DataFrame f;
  f.mhdr.mtype = MType::ConfirmedDataDown;
  f.dev_addr = DevAddr{0x26011BDA};
  f.fctrl.ack = true;
  f.fctrl.f_pending = true;
  f.fcnt16 = 0x1234;
  f.fopts.assign(hex("020701"));  // LinkCheckAns margin 7, 1 gateway
  f.fport = 2;
  f.frm_payload.assign(hex("CAFE"));
  f.mic = mic_from_value(0x44332211);
  auto bytes = f.serialize();
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(to_vec(*bytes), hex("A0DA1B0126"
                                "33"
                                "3412"
                                "020701"
                                "02"
                                "CAFE"
                                "11223344"));
  EXPECT_EQ(f.mic_input_length(), bytes->size() - 4);
}

}  // namespace
}  // namespace onechan::lorawan
