#include <gtest/gtest.h>

#include <stdexcept>

#include "crypto_test_support.hpp"
#include "lorawan/mic.hpp"

namespace onechan::lorawan {
namespace {

using testing::Bytes;
using testing::concat;
using testing::hex;
using testing::hex_array;
using testing::key;
using testing::reference_cmac;
using testing::to_vector;

struct Frame {
  Bytes msg;  // PHYPayload without the MIC
  Mic mic;
};

Frame split(const Bytes& phy) {
  Frame f;
  f.msg.assign(phy.begin(), phy.end() - 4);
  std::copy(phy.end() - 4, phy.end(), f.mic.begin());
  return f;
}

// lora-packet (npm, anthonykirby), README example and __tests__/mic_test.ts: unconfirmed uplink,
// DevAddr 49BE7DF1, FCnt 2, FPort 1, payload "test", MIC 2b11ff0d.
TEST(DataMic, LoraPacketReadmeUplink) {
  const Cmac nwk(key("44024241ed4ce9a68c6a8bc055233fd3"));
  const Frame f = split(hex("40F17DBE4900020001954378762B11FF0D"));
  EXPECT_EQ(to_vector(compute_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, f.msg)),
            hex("2b11ff0d"));
  EXPECT_TRUE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, f.msg, f.mic));
}

// lora-packet __tests__/mic_test.ts: uplink with FPort 1 and an empty payload (MIC 2a3518af), and the same
// frame with its last MIC byte changed to aa, which must fail.
TEST(DataMic, LoraPacketEmptyPayloadAndTamperedMic) {
  const Cmac nwk(key("44024241ed4ce9a68c6a8bc055233fd3"));
  const Frame good = split(hex("40F17DBE49000300012A3518AF"));
  EXPECT_EQ(to_vector(compute_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, 3, good.msg)),
            hex("2a3518af"));
  EXPECT_TRUE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, 3, good.msg, good.mic));
  const Frame bad = split(hex("40F17DBE49000300012A3518AA"));
  EXPECT_FALSE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, 3, bad.msg, bad.mic));
}

// lora-packet __tests__/mic_test.ts: unconfirmed downlink with ACK (Dir = 1 in B0), MIC f9d65d27.
TEST(DataMic, LoraPacketDownlinkAck) {
  const Cmac nwk(key("44024241ed4ce9a68c6a8bc055233fd3"));
  const Frame f = split(hex("60f17dbe4920020001f9d65d27"));
  EXPECT_EQ(to_vector(compute_data_mic(nwk, Direction::Downlink, DevAddr{0x49BE7DF1}, 2, f.msg)),
            hex("f9d65d27"));
  // Same bytes authenticated as an uplink must not verify: the direction is part of B0.
  EXPECT_FALSE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, f.msg, f.mic));
}

// brocaar/lorawan phypayload_test.go TestPHYPayloadData: "QAQDAgGAAQABppRkJhXWw7WC" (base64), NwkSKey
// 02 x 16, DevAddr 01020304, FCnt 1, ADR set.
TEST(DataMic, BrocaarLorawanUplink) {
  const Cmac nwk(key("02020202020202020202020202020202"));
  const Bytes phy = *from_base64("QAQDAgGAAQABppRkJhXWw7WC");
  const Frame f = split(phy);
  EXPECT_TRUE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x01020304}, 1, f.msg, f.mic));
  EXPECT_EQ(to_vector(f.mic), hex("d6c3b582"));
}

// brocaar/lorawan phypayload_test.go ExampleNewPHYPayload: confirmed uplink
// [128 4 3 2 1 0 0 0 10 226 100 212 247 181 106 14 117], NwkSKey 0102..10.
TEST(DataMic, BrocaarLorawanConfirmedUplinkExample) {
  const Cmac nwk(key("0102030405060708090a0b0c0d0e0f10"));
  const Frame f = split(hex("80040302010000000ae264d4f7b56a0e75"));
  EXPECT_EQ(to_vector(compute_data_mic(nwk, Direction::Uplink, DevAddr{0x01020304}, 0, f.msg)),
            hex("b56a0e75"));
}

// ChirpStack lrwn/src/phy_payload.rs "LoRaWAN 1.0.x confirmed uplink example": FOpts DevStatusAns 06 73 07,
// FPort 10, MIC e117d2c0.
TEST(DataMic, ChirpStackUplinkWithFOpts) {
  const Cmac nwk(key("0102030405060708090a0b0c0d0e0f10"));
  const Frame f =
      split(hex("8004030201030000067307"
                "0ae264d4f7e117d2c0"));
  EXPECT_TRUE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x01020304}, 0, f.msg, f.mic));
  EXPECT_EQ(to_vector(f.mic), hex("e117d2c0"));
}

// The Things Stack pkg/crypto/data_messages_test.go TestUplinkDownlinkMIC: key 01 x 16, DevAddr 01020304,
// FCnt 1; legacy (1.0) uplink MIC 3b073182 and downlink MIC a5609fa9 over the same bytes.
TEST(DataMic, TheThingsStackUplinkAndDownlink) {
  const Cmac nwk(key("01010101010101010101010101010101"));
  const Bytes msg =
      hex("4004030201000100"
          "0101020304");
  EXPECT_EQ(to_vector(compute_data_mic(nwk, Direction::Uplink, DevAddr{0x01020304}, 1, msg)),
            hex("3b073182"));
  EXPECT_EQ(to_vector(compute_data_mic(nwk, Direction::Downlink, DevAddr{0x01020304}, 1, msg)),
            hex("a5609fa9"));
}

// B0 exactly as the spec lays it out (LoRaWAN 1.0.4 section 4.4), written by hand.
TEST(DataMic, B0Layout) {
  EXPECT_EQ(to_vector(data_mic_b0(Direction::Downlink, DevAddr{0x26011BDA}, 0x12345678, 0x2A)), hex("49"
                                                                                                    "00000000"
                                                                                                    "01"
                                                                                                    "DA1B0126"
                                                                                                    "78563412"
                                                                                                    "00"
                                                                                                    "2A"));
}

// Full 32-bit counters (above 65535): the MIC covers the upper 16 bits that never travel. Cross-check
// against B0 written by hand from the spec and OpenSSL's own CMAC (EVP_MAC), for counters that differ
// only in their upper half.
TEST(DataMic, Full32BitCounterCrossCheckedWithOpenSsl) {
  const Key128 k = key("44024241ed4ce9a68c6a8bc055233fd3");
  const Cmac nwk(k);
  const Bytes msg = hex("40F17DBE490002000195437876");  // FCnt field on air is 0x0002
  struct Case {
    std::uint32_t fcnt;
    const char* b0;
  };
  const Case cases[] = {
      {0x00000002,
       "49"
       "00000000"
       "00"
       "F17DBE49"
       "02000000"
       "00"
       "0D"},
      {0x00010002,
       "49"
       "00000000"
       "00"
       "F17DBE49"
       "02000100"
       "00"
       "0D"},
      {0x12340002,
       "49"
       "00000000"
       "00"
       "F17DBE49"
       "02003412"
       "00"
       "0D"},
      {0xFFFF0002,
       "49"
       "00000000"
       "00"
       "F17DBE49"
       "0200FFFF"
       "00"
       "0D"},
  };
  std::vector<Bytes> mics;
  for (const Case& c : cases) {
    const Bytes expected_tag = reference_cmac(k, concat(hex(c.b0), msg));
    const Mic mic = compute_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, c.fcnt, msg);
    EXPECT_EQ(to_vector(mic), Bytes(expected_tag.begin(), expected_tag.begin() + 4)) << std::hex << c.fcnt;
    EXPECT_TRUE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, c.fcnt, msg, mic));
    mics.push_back(to_vector(mic));
  }
  // The first case is the lora-packet README frame (its MIC, 2b11ff0d); the others must all differ.
  EXPECT_EQ(mics[0], hex("2b11ff0d"));
  for (std::size_t i = 1; i < mics.size(); ++i) EXPECT_NE(mics[i], mics[0]);
}

TEST(DataMic, EveryWrongMicByteFailsVerification) {
  const Cmac nwk(key("44024241ed4ce9a68c6a8bc055233fd3"));
  const Frame f = split(hex("40F17DBE4900020001954378762B11FF0D"));
  for (std::size_t i = 0; i < 4; ++i) {
    Mic wrong = f.mic;
    wrong[i] ^= 0x01;
    EXPECT_FALSE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, f.msg, wrong)) << i;
  }
  EXPECT_FALSE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF2}, 2, f.msg, f.mic));
  EXPECT_FALSE(verify_data_mic(nwk, Direction::Uplink, DevAddr{0x49BE7DF1}, 3, f.msg, f.mic));
}

TEST(DataMic, MessagesLongerThanAFrameAreRejected) {
  const Cmac nwk(key("44024241ed4ce9a68c6a8bc055233fd3"));
  const Bytes too_long(256, 0x40);
  EXPECT_THROW((void)compute_data_mic(nwk, Direction::Uplink, DevAddr{1}, 1, too_long), std::length_error);
  EXPECT_FALSE(verify_data_mic(nwk, Direction::Uplink, DevAddr{1}, 1, too_long, Mic{}));
  const Bytes longest(255, 0x40);
  EXPECT_NO_THROW((void)compute_data_mic(nwk, Direction::Uplink, DevAddr{1}, 1, longest));
}

TEST(DataMic, MicEqualComparesAllFourBytes) {
  EXPECT_TRUE(mic_equal(hex_array<4>("2b11ff0d"), hex_array<4>("2b11ff0d")));
  EXPECT_FALSE(mic_equal(hex_array<4>("2b11ff0d"), hex_array<4>("2b11ff0c")));
  EXPECT_FALSE(mic_equal(hex_array<4>("2b11ff0d"), hex_array<4>("3b11ff0d")));
}

}  // namespace
}  // namespace onechan::lorawan
