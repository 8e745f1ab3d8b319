#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "crypto_test_support.hpp"
#include "lorawan/session_keys.hpp"

namespace onechan::lorawan {
namespace {

using testing::Bytes;
using testing::hex;
using testing::hex_array;
using testing::key;
using testing::to_vector;

Bytes decrypt(const PreparedSession& s, Direction dir, DevAddr addr, std::uint32_t fcnt, std::uint8_t fport,
              const Bytes& in) {
  Bytes out(in.size());
  s.crypt_payload(dir, addr, fcnt, fport, in, out);
  return out;
}

// lora-packet (npm, anthonykirby) README: 40F17DBE4900020001954378762B11FF0D, NwkSKey 4402...3fd3,
// AppSKey ec92...c588: MIC 2b11ff0d verifies and the FPort 1 payload decrypts to "test".
TEST(PreparedSession, LoraPacketReadmeUplink) {
  const PreparedSession session(
      SessionKeys{key("44024241ed4ce9a68c6a8bc055233fd3"), key("ec925802ae430ca77fd3dd73cb2cc588")});
  const Bytes msg = hex("40F17DBE490002000195437876");
  EXPECT_TRUE(session.verify_mic(Direction::Uplink, DevAddr{0x49BE7DF1}, 2, msg, hex_array<4>("2B11FF0D")));
  EXPECT_EQ(to_vector(session.compute_mic(Direction::Uplink, DevAddr{0x49BE7DF1}, 2, msg)), hex("2B11FF0D"));
  EXPECT_FALSE(session.verify_mic(Direction::Uplink, DevAddr{0x49BE7DF1}, 2, msg, hex_array<4>("2B11FF0E")));
  const Bytes plain = decrypt(session, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, 1, hex("95437876"));
  EXPECT_EQ(std::string(plain.begin(), plain.end()), "test");
}

// ChirpStack lrwn phy_payload.rs confirmed uplink (FOpts + FPort 10): MIC e117d2c0, payload 01020304.
TEST(PreparedSession, ChirpStackConfirmedUplink) {
  const PreparedSession session(
      SessionKeys{key("0102030405060708090a0b0c0d0e0f10"), key("100f0e0d0c0b0a090807060504030201")});
  const Bytes msg = hex("80040302010300000673070ae264d4f7");
  EXPECT_TRUE(session.verify_mic(Direction::Uplink, DevAddr{0x01020304}, 0, msg, hex_array<4>("e117d2c0")));
  EXPECT_EQ(decrypt(session, Direction::Uplink, DevAddr{0x01020304}, 0, 10, hex("e264d4f7")),
            hex("01020304"));
}

// FPort 0 carries MAC commands encrypted with NwkSKey. The Things Stack data_messages_test.go vector
// (key 01 x 16, DevAddr 01020304, FCnt 1: 01020304 -> CFF30B4E up, 4E75F440 down) placed as NwkSKey only.
TEST(PreparedSession, FPortZeroUsesNwkSKeyAndOthersAppSKey) {
  const PreparedSession session(
      SessionKeys{key("01010101010101010101010101010101"), key("02020202020202020202020202020202")});
  EXPECT_EQ(decrypt(session, Direction::Uplink, DevAddr{0x01020304}, 1, 0, hex("01020304")), hex("CFF30B4E"));
  EXPECT_EQ(decrypt(session, Direction::Downlink, DevAddr{0x01020304}, 1, 0, hex("01020304")),
            hex("4E75F440"));
  EXPECT_NE(decrypt(session, Direction::Uplink, DevAddr{0x01020304}, 1, 1, hex("01020304")), hex("CFF30B4E"));

  const PreparedSession swapped(
      SessionKeys{key("02020202020202020202020202020202"), key("01010101010101010101010101010101")});
  EXPECT_EQ(decrypt(swapped, Direction::Uplink, DevAddr{0x01020304}, 1, 1, hex("01020304")), hex("CFF30B4E"));
  EXPECT_EQ(decrypt(swapped, Direction::Uplink, DevAddr{0x01020304}, 1, 255, hex("01020304")),
            hex("CFF30B4E"));
}

TEST(PreparedSession, CopiesWorkAfterTheOriginalIsGone) {
  auto original = std::make_unique<PreparedSession>(
      SessionKeys{key("44024241ed4ce9a68c6a8bc055233fd3"), key("ec925802ae430ca77fd3dd73cb2cc588")});
  const PreparedSession copy(*original);
  const PreparedSession moved(std::move(*original));
  original.reset();
  const Bytes msg = hex("40F17DBE490002000195437876");
  for (const PreparedSession* s : {&copy, &moved}) {
    EXPECT_TRUE(s->verify_mic(Direction::Uplink, DevAddr{0x49BE7DF1}, 2, msg, hex_array<4>("2B11FF0D")));
    EXPECT_EQ(decrypt(*s, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, 1, hex("95437876")), hex("74657374"));
  }
}

}  // namespace
}  // namespace onechan::lorawan
