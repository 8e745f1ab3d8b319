#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>

#include "crypto_test_support.hpp"
#include "lorawan/frm_payload_cipher.hpp"

namespace onechan::lorawan {
namespace {

using testing::Bytes;
using testing::hex;
using testing::key;
using testing::reference_ecb;

Bytes crypt(const Aes128& k, Direction dir, DevAddr addr, std::uint32_t fcnt, const Bytes& in) {
  Bytes out(in.size());
  crypt_frm_payload(k, dir, addr, fcnt, in, out);
  return out;
}

Bytes text(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

// lora-packet (npm, anthonykirby) README and __tests__/decrypt_test.ts: frame
// 40F17DBE4900020001954378762B..., FRMPayload 95437876 decrypts to "test" with AppSKey ec92...88.
TEST(FrmPayloadCipher, LoraPacketReadmeDecryptsToTest) {
  const Aes128 app(key("ec925802ae430ca77fd3dd73cb2cc588"));
  EXPECT_EQ(crypt(app, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, hex("95437876")), text("test"));
  EXPECT_EQ(crypt(app, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, text("test")), hex("95437876"));
}

// lora-packet __tests__/decrypt_test.ts "bad key scrambles payload": AppSKey ...c580 gives 5999fc3f.
TEST(FrmPayloadCipher, LoraPacketWrongKeyScrambles) {
  const Aes128 wrong(key("ec925802ae430ca77fd3dd73cb2cc580"));
  EXPECT_EQ(crypt(wrong, Direction::Uplink, DevAddr{0x49BE7DF1}, 2, hex("95437876")), hex("5999fc3f"));
}

// lora-packet __tests__/decrypt_test.ts "should decrypt large payload": 44 bytes = three keystream blocks,
// FCnt 4.
TEST(FrmPayloadCipher, LoraPacketLargePayload) {
  const Aes128 app(key("ec925802ae430ca77fd3dd73cb2cc588"));
  const Bytes encrypted =
      hex("55332de41a11adc072553544429ce7787707d1c316e027e7e5e334263376affb8aa17ad30075293f28dea8a2");
  EXPECT_EQ(crypt(app, Direction::Uplink, DevAddr{0x49BE7DF1}, 4, encrypted),
            text("The quick brown fox jumps over the lazy dog."));
}

// The Things Stack pkg/crypto/data_messages_test.go TestUplinkDownlinkEncryption: key 01 x 16, DevAddr
// 01020304, FCnt 1, plaintext 01020304.
TEST(FrmPayloadCipher, TheThingsStackUplinkAndDownlink) {
  const Aes128 k(key("01010101010101010101010101010101"));
  EXPECT_EQ(crypt(k, Direction::Uplink, DevAddr{0x01020304}, 1, hex("01020304")), hex("CFF30B4E"));
  EXPECT_EQ(crypt(k, Direction::Downlink, DevAddr{0x01020304}, 1, hex("01020304")), hex("4E75F440"));
}

// brocaar/lorawan phypayload_test.go TestPHYPayloadData: "QAQDAgGAAQABppRkJhXWw7WC" decrypts to "hello"
// with AppSKey 01 x 16 (FRMPayload a694642615 at offset 9).
TEST(FrmPayloadCipher, BrocaarLorawanHello) {
  const Aes128 app(key("01010101010101010101010101010101"));
  EXPECT_EQ(crypt(app, Direction::Uplink, DevAddr{0x01020304}, 1, hex("a694642615")), text("hello"));
}

// ChirpStack lrwn phy_payload.rs confirmed-uplink example and brocaar ExampleNewPHYPayload: 01020304 with
// AppSKey 100f..01, FCnt 0 encrypts to e264d4f7.
TEST(FrmPayloadCipher, ChirpStackAndBrocaarExample) {
  const Aes128 app(key("100f0e0d0c0b0a090807060504030201"));
  EXPECT_EQ(crypt(app, Direction::Uplink, DevAddr{0x01020304}, 0, hex("01020304")), hex("e264d4f7"));
}

// Full 32-bit counters and long payloads: Ai blocks written by hand from the spec, encrypted with a
// one-shot OpenSSL context, XORed here - independent of the chunked keystream generator.
TEST(FrmPayloadCipher, Full32BitCounterCrossCheckedWithOpenSsl) {
  const Key128 k = key("ec925802ae430ca77fd3dd73cb2cc588");
  const Aes128 aes(k);
  const Bytes plain = text("LoRaWAN counters have 32 bits, only 16 travel");  // 46 bytes: 3 blocks
  const Bytes a_blocks =
      hex("01"
          "00000000"
          "01"
          "DA1B0126"
          "EFBEADDE"
          "00"
          "01"
          "01"
          "00000000"
          "01"
          "DA1B0126"
          "EFBEADDE"
          "00"
          "02"
          "01"
          "00000000"
          "01"
          "DA1B0126"
          "EFBEADDE"
          "00"
          "03");
  const Bytes keystream = reference_ecb(k, a_blocks, true);
  Bytes expected(plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) expected[i] = plain[i] ^ keystream[i];
  const Bytes encrypted = crypt(aes, Direction::Downlink, DevAddr{0x26011BDA}, 0xDEADBEEF, plain);
  EXPECT_EQ(encrypted, expected);
  EXPECT_NE(encrypted, crypt(aes, Direction::Downlink, DevAddr{0x26011BDA}, 0x0000BEEF, plain));
  EXPECT_EQ(crypt(aes, Direction::Downlink, DevAddr{0x26011BDA}, 0xDEADBEEF, encrypted), plain);
}

// Payloads longer than one keystream chunk (16 blocks) and up to the 255-block limit, against a keystream
// built block by block with one-shot OpenSSL calls.
TEST(FrmPayloadCipher, LongPayloadsAcrossChunksMatchBlockByBlockReference) {
  const Key128 k = key("000102030405060708090a0b0c0d0e0f");
  const Aes128 aes(k);
  std::mt19937 rng(197);
  for (std::size_t len : {0u, 1u, 15u, 16u, 17u, 255u, 256u, 257u, 1000u, 4079u, 4080u}) {
    Bytes plain(len);
    for (auto& b : plain) b = static_cast<std::uint8_t>(rng());
    Bytes expected(len);
    for (std::size_t block = 0; block * 16 < len; ++block) {
      const Bytes a = {0x01, 0,    0,    0,    0,    0x00, 0x04, 0x03,
                       0x02, 0x01, 0x02, 0x00, 0x01, 0x00, 0x00, static_cast<std::uint8_t>(block + 1)};
      const Bytes s = reference_ecb(k, a, true);
      for (std::size_t i = block * 16; i < std::min(len, block * 16 + 16); ++i)
        expected[i] = plain[i] ^ s[i % 16];
    }
    EXPECT_EQ(crypt(aes, Direction::Uplink, DevAddr{0x01020304}, 0x00010002, plain), expected) << len;
  }
}

TEST(FrmPayloadCipher, InPlaceEqualsOutOfPlaceAndIsItsOwnInverse) {
  const Aes128 app(key("ec925802ae430ca77fd3dd73cb2cc588"));
  const Bytes plain = text("The quick brown fox jumps over the lazy dog.");
  Bytes data = plain;
  crypt_frm_payload_in_place(app, Direction::Uplink, DevAddr{0x49BE7DF1}, 4, data);
  EXPECT_EQ(data, crypt(app, Direction::Uplink, DevAddr{0x49BE7DF1}, 4, plain));
  crypt_frm_payload_in_place(app, Direction::Uplink, DevAddr{0x49BE7DF1}, 4, data);
  EXPECT_EQ(data, plain);
}

TEST(FrmPayloadCipher, RejectsMisuse) {
  const Aes128 app(key("ec925802ae430ca77fd3dd73cb2cc588"));
  Bytes in(10), out(11);
  EXPECT_THROW(crypt_frm_payload(app, Direction::Uplink, DevAddr{1}, 1, in, out), std::invalid_argument);
  Bytes too_long(kMaxCipherPayload + 1);
  EXPECT_THROW(crypt_frm_payload_in_place(app, Direction::Uplink, DevAddr{1}, 1, too_long),
               std::length_error);
  Bytes buffer(40);
  const MutableByteSpan all(buffer);
  EXPECT_THROW(crypt_frm_payload(app, Direction::Uplink, DevAddr{1}, 1, all.first(20), all.subspan(5, 20)),
               std::invalid_argument);
}

}  // namespace
}  // namespace onechan::lorawan
