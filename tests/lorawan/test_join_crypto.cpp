#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "crypto_test_support.hpp"
#include "lorawan/join_crypto.hpp"

namespace onechan::lorawan {
namespace {

using testing::Bytes;
using testing::hex;
using testing::hex_array;
using testing::key;
using testing::reference_ecb;
using testing::to_vector;

Bytes without_mic(const Bytes& phy) {
  return Bytes(phy.begin(), phy.end() - 4);
}
Mic mic_of(const Bytes& phy) {
  Mic mic;
  std::copy(phy.end() - 4, phy.end(), mic.begin());
  return mic;
}
Bytes bytes_of(const FrameBytes& frame) {
  return Bytes(frame.begin(), frame.end());
}

// --- join-request MIC ---

// lora-packet (npm, anthonykirby) __tests__/mic_test.ts: join-request MIC c65b1304; the copy with the last
// byte changed (05) must fail.
TEST(JoinRequestMic, LoraPacket) {
  const Cmac app_key(key("98929b92c49edba9676d646d3b612456"));
  const Bytes good = hex("0039363463336913AA05693574323831330489C65B1304");
  EXPECT_EQ(to_vector(compute_join_request_mic(app_key, without_mic(good))), hex("c65b1304"));
  EXPECT_TRUE(verify_join_request_phy(app_key, good));
  EXPECT_FALSE(verify_join_request_phy(app_key, hex("0039363463336913AA05693574323831330489C65B1305")));
}

// brocaar/lorawan ExampleNewPHYPayload_joinRequest and ChirpStack lrwn phy_payload.rs join-request example:
// AppKey 0102..10, JoinEUI 01 x 8, DevEUI 02 x 8, DevNonce 0303 -> MIC 09b97b32.
TEST(JoinRequestMic, BrocaarAndChirpStackExample) {
  const Cmac app_key(key("0102030405060708090a0b0c0d0e0f10"));
  const Bytes phy = hex("0001010101010101010202020202020202030309b97b32");
  EXPECT_EQ(to_vector(compute_join_request_mic(app_key, without_mic(phy))), hex("09b97b32"));
  EXPECT_TRUE(verify_join_request_mic(app_key, without_mic(phy), mic_of(phy)));
}

// brocaar/lorawan TestPHYPayloadJoinRequest: "AAQDAgEEAwIBBQQDAgUEAwItEGqZDhI=" valid with AppKey 01 x 16.
TEST(JoinRequestMic, BrocaarBase64Frame) {
  const Cmac app_key(key("01010101010101010101010101010101"));
  EXPECT_TRUE(verify_join_request_phy(app_key, *from_base64("AAQDAgEEAwIBBQQDAgUEAwItEGqZDhI=")));
}

// The Things Stack pkg/crypto/join_messages_test.go TestComputeJoinRequestMIC: MIC e6e10c55.
TEST(JoinRequestMic, TheThingsStack) {
  const Cmac app_key(key("01010101010101010101010101010101"));
  const Bytes msg =
      hex("00"
          "0807060504030201"
          "0807060504030201"
          "0201");
  EXPECT_EQ(to_vector(compute_join_request_mic(app_key, msg)), hex("e6e10c55"));
}

// Captured TTN join-request published by Arjan van Bentem (runkit "deciphering-a-lorawan-otaa-join-accept",
// lora-packet issue #10): DevNonce CC85, MIC 587FE913, AppKey B6B5...CFCA.
TEST(JoinRequestMic, PublishedTtnCapture) {
  const Cmac app_key(key("B6B53F4A168A7A88BDF7EA135CE9CFCA"));
  EXPECT_TRUE(verify_join_request_phy(app_key, hex("00DC0000D07ED5B3701E6FEDF57CEEAF0085CC587FE913")));
}

TEST(JoinRequestMic, WrongLengthIsNotValid) {
  const Cmac app_key(key("98929b92c49edba9676d646d3b612456"));
  const Bytes good = hex("0039363463336913AA05693574323831330489C65B1304");
  EXPECT_FALSE(verify_join_request_phy(app_key, ByteSpan(good).first(22)));
  EXPECT_FALSE(verify_join_request_phy(app_key, Bytes{}));
}

// --- join-accept ---

// lora-packet __tests__/mic_test.ts: plaintext join-accept MIC d9d0a6e7; E8 in place of E7 fails.
TEST(JoinAccept, LoraPacketPlaintextMic) {
  const Cmac app_key(key("98929b92c49edba9676d646d3b612456"));
  const Bytes plain = hex("20386337CCBBAAE7CD2C010000D9D0A6E7");
  EXPECT_EQ(to_vector(compute_join_accept_mic(app_key, without_mic(plain))), hex("d9d0a6e7"));
  EXPECT_TRUE(verify_join_accept_phy(app_key, plain));
  EXPECT_FALSE(verify_join_accept_phy(app_key, hex("20386337CCBBAAE7CD2C010000D9D0A6E8")));
}

// brocaar/lorawan TestPHYPayloadJoinAccept: 20493eeb51fba2116f810edb3742975142 with AppKey 0011..ff holds
// AppNonce {87,11,199}, NetID {34,17,1}, DevAddr {2,3,25,128} (written MSB first there, so reversed on
// air), DLSettings 0, RxDelay 0, MIC {67,72,91,188}.
TEST(JoinAccept, BrocaarDecryptAndEncrypt) {
  const Aes128 aes(key("00112233445566778899aabbccddeeff"));
  const Cmac app_key(aes);
  const Bytes encrypted = hex("20493eeb51fba2116f810edb3742975142");
  const Bytes plain =
      hex("20"
          "c70b57"
          "011122"
          "80190302"
          "00"
          "00"
          "43485bbc");
  const auto decrypted = decrypt_join_accept(aes, encrypted);
  ASSERT_TRUE(decrypted.ok()) << decrypted.error().message;
  EXPECT_EQ(bytes_of(*decrypted), plain);
  EXPECT_TRUE(verify_join_accept_phy(app_key, decrypted->span()));
  const auto reencrypted = encrypt_join_accept(aes, plain);
  ASSERT_TRUE(reencrypted.ok());
  EXPECT_EQ(bytes_of(*reencrypted), encrypted);
}

// ChirpStack lrwn phy_payload.rs "LoRaWAN 1.0.x Join-accept example" (also brocaar
// ExampleNewPHYPayload_joinAcceptSend): JoinNonce 65793 (010101), NetID 020202, DevAddr 01020304,
// MIC 3449f212.
TEST(JoinAccept, ChirpStackExample) {
  const Aes128 aes(key("0102030405060708090a0b0c0d0e0f10"));
  const Bytes encrypted = hex("2023cf335489aae3183c0be0baa8dee5f3");
  const auto decrypted = decrypt_join_accept(aes, encrypted);
  ASSERT_TRUE(decrypted.ok());
  EXPECT_EQ(bytes_of(*decrypted), hex("20"
                                      "010101"
                                      "020202"
                                      "04030201"
                                      "00"
                                      "00"
                                      "3449f212"));
  EXPECT_TRUE(verify_join_accept_phy(Cmac(aes), decrypted->span()));
}

// lora-packet __tests__/join_accept_encrypt.ts: all-zero fields and key; encrypted form
// 20e3de108795f776b8037610ef7869b5b3, MIC f86f0a91.
TEST(JoinAccept, LoraPacketAllZero) {
  const Aes128 aes(key("00000000000000000000000000000000"));
  const Bytes plain = hex("20000000000000000000000000f86f0a91");
  const Bytes encrypted = hex("20e3de108795f776b8037610ef7869b5b3");
  EXPECT_EQ(bytes_of(*encrypt_join_accept(aes, plain)), encrypted);
  EXPECT_EQ(bytes_of(*decrypt_join_accept(aes, encrypted)), plain);
  EXPECT_TRUE(verify_join_accept_phy(Cmac(aes), plain));
}

// The Things Stack pkg/crypto/join_messages_test.go TestJoinAcceptEncryption and
// TestComputeLegacyJoinAcceptMIC: key 01 x 16, MIC 32f54ab3, ciphertext c9fbb259...17c3 (they encrypt
// the part after the MHDR; the MHDR 0x20 is added here).
TEST(JoinAccept, TheThingsStack) {
  const Aes128 aes(key("01010101010101010101010101010101"));
  const Bytes plain =
      hex("20"
          "030201"
          "030201"
          "04030201"
          "00"
          "01"
          "32f54ab3");
  const Bytes encrypted =
      hex("20"
          "c9fbb259e11649096a568a9e3b7117c3");
  EXPECT_EQ(to_vector(compute_join_accept_mic(Cmac(aes), without_mic(plain))), hex("32f54ab3"));
  EXPECT_EQ(bytes_of(*encrypt_join_accept(aes, plain)), encrypted);
  EXPECT_EQ(bytes_of(*decrypt_join_accept(aes, encrypted)), plain);
}

// 33-byte join-accept with a CFList, captured from TTN and published by Arjan van Bentem (runkit
// "deciphering-a-lorawan-otaa-join-accept", lora-packet issue #10): AppNonce E5063A, NetID 000013,
// DevAddr 26012E43, DLSettings 03, RxDelay 01, CFList 184F84E8..., MIC 55121DE0.
TEST(JoinAccept, PublishedTtnCaptureWithCfList) {
  const Key128 app_key = key("B6B53F4A168A7A88BDF7EA135CE9CFCA");
  const Aes128 aes(app_key);
  const Bytes encrypted = hex("204DD85AE608B87FC4889970B7D2042C9E72959B0057AED6094B16003DF12DE145");
  const Bytes plain =
      hex("20"
          "3A06E5"
          "130000"
          "432E0126"
          "03"
          "01"
          "184F84E85684B85E84886684586E8400"
          "55121DE0");
  const auto decrypted = decrypt_join_accept(aes, encrypted);
  ASSERT_TRUE(decrypted.ok());
  EXPECT_EQ(bytes_of(*decrypted), plain);
  EXPECT_TRUE(verify_join_accept_phy(Cmac(aes), decrypted->span()));
  EXPECT_EQ(bytes_of(*encrypt_join_accept(aes, plain)), encrypted);
  // The network side is AES *decryption*: cross-check with a one-shot OpenSSL context.
  const Bytes body(plain.begin() + 1, plain.end());
  EXPECT_EQ(reference_ecb(app_key, body, false), Bytes(encrypted.begin() + 1, encrypted.end()));
}

TEST(JoinAccept, WrongKeyDecryptsToGarbageThatFailsTheMic) {
  const Aes128 wrong(key("B6B53F4A168A7A88BDF7EA135CE9CFCB"));
  const auto decrypted =
      decrypt_join_accept(wrong, hex("204DD85AE608B87FC4889970B7D2042C9E72959B0057AED6094B16003DF12DE145"));
  ASSERT_TRUE(decrypted.ok());
  EXPECT_FALSE(verify_join_accept_phy(Cmac(wrong), decrypted->span()));
}

TEST(JoinAccept, RejectsWrongLengthsWithASpecificError) {
  const Aes128 aes(key("00000000000000000000000000000000"));
  for (std::size_t n : {0u, 1u, 16u, 18u, 32u, 34u, 255u}) {
    Bytes frame(n, 0x00);
    if (n > 0) frame[0] = 0x20;
    const auto decrypted = decrypt_join_accept(aes, frame);
    ASSERT_FALSE(decrypted.ok()) << n;
    EXPECT_EQ(decrypted.error().code, "join_accept_length");
    EXPECT_NE(decrypted.error().message.find(std::to_string(n)), std::string::npos);
    EXPECT_EQ(encrypt_join_accept(aes, frame).error().code, "join_accept_length");
    EXPECT_FALSE(verify_join_accept_phy(Cmac(aes), frame));
  }
}

TEST(JoinAccept, RejectsOtherMTypes) {
  const Aes128 aes(key("00000000000000000000000000000000"));
  Bytes frame = hex("40e3de108795f776b8037610ef7869b5b3");  // MType 010 (unconfirmed data up)
  const auto decrypted = decrypt_join_accept(aes, frame);
  ASSERT_FALSE(decrypted.ok());
  EXPECT_EQ(decrypted.error().code, "not_join_accept");
}

// --- session keys ---

// ChirpStack lrwn/src/keys.rs test lorawan_1_0 and brocaar/lorawan backend/joinserver joinserver_test.go:
// NwkKey (the 1.0 AppKey) 0102030405060708 x 2, JoinNonce 65536, NetID 010203, DevNonce 258.
TEST(SessionKeys, ChirpStackVector) {
  const auto keys =
      derive_session_keys(Aes128(key("01020304050607080102030405060708")), 65536, 0x010203, 258);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->nwk_s_key, key("df53c35f3034ccced0ff354c70de04df"));  // {223, 83, 195, 95, ...}
  EXPECT_EQ(keys->app_s_key, key("927b9c911183cffe4cb2ff4b75545f6d"));  // {146, 123, 156, 145, ...}
}

// lora-packet __tests__/key_gen_test.ts: AppNonce 376338, NetID aabbcc, DevNonce f18e (written MSB first).
TEST(SessionKeys, LoraPacketVector) {
  const auto keys =
      derive_session_keys(Aes128(key("98929b92c49edba9676d646d3b612456")), 0x376338, 0xAABBCC, 0xF18E);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->nwk_s_key, key("4e3d6e6afbcc67af2ba3c8e8ec4acf4b"));
  EXPECT_EQ(keys->app_s_key, key("610897aa6f1460623443b527d3ac6a9d"));
}

// The published TTN capture end to end: decrypt the join-accept, read the nonces out of it, derive the
// session keys the publication lists (NwkSKey 2C96..., AppSKey F3A5...).
TEST(SessionKeys, PublishedTtnCaptureEndToEnd) {
  const Aes128 app_key(key("B6B53F4A168A7A88BDF7EA135CE9CFCA"));
  const auto plain =
      decrypt_join_accept(app_key, hex("204DD85AE608B87FC4889970B7D2042C9E72959B0057AED6094B16003DF12DE145"));
  ASSERT_TRUE(plain.ok());
  const FrameBytes& p = *plain;
  const std::uint32_t join_nonce = p[1] | (p[2] << 8) | (static_cast<std::uint32_t>(p[3]) << 16);
  const std::uint32_t net_id = p[4] | (p[5] << 8) | (static_cast<std::uint32_t>(p[6]) << 16);
  EXPECT_EQ(join_nonce, 0xE5063Au);
  EXPECT_EQ(net_id, 0x000013u);
  const auto keys = derive_session_keys(app_key, join_nonce, net_id, 0xCC85);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->nwk_s_key, key("2C96F7028184BB0BE8AA49275290D4FC"));
  EXPECT_EQ(keys->app_s_key, key("F3A5C8F0232A38C144029C165865802C"));
}

TEST(SessionKeys, RejectsValuesWiderThan24Bits) {
  const Aes128 app_key(key("01020304050607080102030405060708"));
  EXPECT_EQ(derive_session_keys(app_key, 0x1000000, 1, 1).error().code, "join_nonce_out_of_range");
  EXPECT_EQ(derive_session_keys(app_key, 1, 0x1000000, 1).error().code, "net_id_out_of_range");
  EXPECT_TRUE(derive_session_keys(app_key, 0xFFFFFF, 0xFFFFFF, 0xFFFF).ok());
}

}  // namespace
}  // namespace onechan::lorawan
