// The node's uplink builder against frames built by an independent implementation: lora-packet
// (github.com/anthonykirby/lora-packet, the npm package pinned in tests/crosscheck/package.json).
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "lorawan_uplink.h"
#include "node_test_util.hpp"

namespace {

using onechan::node_test::bytes_from_hex;

std::vector<std::uint8_t> build(const lorawan_abp_session& session, std::uint32_t fcnt, std::uint8_t fport,
                                const std::vector<std::uint8_t>& payload) {
  std::array<std::uint8_t, 255> frame{};
  std::uint8_t len =
      lorawan_build_uplink(frame.data(), static_cast<std::uint8_t>(frame.size()), &session, fcnt, fport,
                           payload.data(), static_cast<std::uint8_t>(payload.size()));
  return {frame.begin(), frame.begin() + len};
}

// lora-packet README, "Usage (packet decoding from wire)": 40F17DBE4900020001954378762B11FF0D is the
// uplink "test" from DevAddr 49BE7DF1, FCnt 2, FPort 1 with these keys.
TEST(NodeUplink, LoraPacketReadmeFrame) {
  auto nwk = bytes_from_hex("44024241ed4ce9a68c6a8bc055233fd3");
  auto app = bytes_from_hex("ec925802ae430ca77fd3dd73cb2cc588");
  lorawan_abp_session session{0x49BE7DF1, nwk.data(), app.data()};
  EXPECT_EQ(build(session, 2, 1, {'t', 'e', 's', 't'}), bytes_from_hex("40F17DBE4900020001954378762B11FF0D"));
}

// Computed with lora-packet 0.9.3: fromFields({MType: "Unconfirmed Data Up", DevAddr: 26011BDA, FCnt: 0xE240,
// FPort: 1, payload: bytes i*7 for i = 0..39}, AppSKey, NwkSKey, undefined, FCntMSBytes "0100" (the upper
// half as it sits in B0 and Ai: little-endian)). The upper half of the 32-bit counter only shows in the MIC
// and the keystream; 40 bytes take three keystream blocks.
TEST(NodeUplink, FullCounterAndMultiBlockPayload) {
  auto nwk = bytes_from_hex("2B7E151628AED2A6ABF7158809CF4F3C");
  auto app = bytes_from_hex("000102030405060708090A0B0C0D0E0F");
  lorawan_abp_session session{0x26011BDA, nwk.data(), app.data()};
  std::vector<std::uint8_t> payload;
  for (int i = 0; i < 40; ++i) payload.push_back(static_cast<std::uint8_t>(i * 7));
  EXPECT_EQ(
      build(session, 0x0001E240, 1, payload),
      bytes_from_hex("40DA1B01260040E20121D3B13FA0216838C27713F338207D818F88A980BC13D0CA5F5ECFD00246F20D8D"
                     "B5380F0A783826DCADC461"));
}

// Same source, FPort 0 (MAC commands in the payload: encrypted with NwkSKey), FCnt 0xBEEF, FCntMSBytes
// "FECA": the 32-bit counter 0xCAFEBEEF.
TEST(NodeUplink, FPortZeroUsesNwkSKey) {
  auto nwk = bytes_from_hex("2B7E151628AED2A6ABF7158809CF4F3C");
  auto app = bytes_from_hex("000102030405060708090A0B0C0D0E0F");
  lorawan_abp_session session{0x26011BDA, nwk.data(), app.data()};
  EXPECT_EQ(build(session, 0xCAFEBEEF, 0, {0x02, 0x03}), bytes_from_hex("40DA1B012600EFBE006B45B615699B"));
}

TEST(NodeUplink, NoPayloadMeansNoFPort) {
  auto key = bytes_from_hex("2B7E151628AED2A6ABF7158809CF4F3C");
  lorawan_abp_session session{0x26011BDA, key.data(), key.data()};
  auto frame = build(session, 7, 1, {});
  ASSERT_EQ(frame.size(), 12u);  // MHDR + FHDR + MIC
  std::array<std::uint8_t, 4> mic{};
  lorawan_compute_mic(key.data(), 0, 0x26011BDA, 7, frame.data(), 8, mic.data());
  EXPECT_EQ(std::vector<std::uint8_t>(frame.begin() + 8, frame.end()),
            std::vector<std::uint8_t>(mic.begin(), mic.end()));
}

TEST(NodeUplink, RefusesWhatDoesNotFit) {
  auto key = bytes_from_hex("2B7E151628AED2A6ABF7158809CF4F3C");
  lorawan_abp_session session{1, key.data(), key.data()};
  std::vector<std::uint8_t> payload(20, 0xAA);
  std::array<std::uint8_t, 32> small{};
  // 13 + 20 = 33 bytes do not fit in 32.
  EXPECT_EQ(lorawan_build_uplink(small.data(), static_cast<std::uint8_t>(small.size()), &session, 0, 1,
                                 payload.data(), 20),
            0);
  std::array<std::uint8_t, 255> big{};
  std::vector<std::uint8_t> too_long(243, 0);  // 13 + 243 = 256 > 255
  EXPECT_EQ(lorawan_build_uplink(big.data(), 255, &session, 0, 1, too_long.data(), 243), 0);
  std::vector<std::uint8_t> longest(242, 0);
  EXPECT_EQ(lorawan_build_uplink(big.data(), 255, &session, 0, 1, longest.data(), 242), 255);
}

// The firmware writes the LPP records straight where the FRMPayload goes and encrypts them there.
TEST(NodeUplink, InPlacePayloadGivesTheSameFrame) {
  auto nwk = bytes_from_hex("44024241ed4ce9a68c6a8bc055233fd3");
  auto app = bytes_from_hex("ec925802ae430ca77fd3dd73cb2cc588");
  lorawan_abp_session session{0x49BE7DF1, nwk.data(), app.data()};
  std::array<std::uint8_t, 32> frame{};
  frame[9] = 't';
  frame[10] = 'e';
  frame[11] = 's';
  frame[12] = 't';
  std::uint8_t len = lorawan_build_uplink(frame.data(), 32, &session, 2, 1, frame.data() + 9, 4);
  EXPECT_EQ(std::vector<std::uint8_t>(frame.begin(), frame.begin() + len),
            bytes_from_hex("40F17DBE4900020001954378762B11FF0D"));
}

TEST(NodeUplink, EncryptionIsItsOwnInverse) {
  auto key = bytes_from_hex("000102030405060708090A0B0C0D0E0F");
  std::vector<std::uint8_t> data;
  for (int i = 0; i < 50; ++i) data.push_back(static_cast<std::uint8_t>(i));
  auto copy = data;
  lorawan_crypt_frm_payload(key.data(), 0, 0x26011BDA, 99, data.data(),
                            static_cast<std::uint8_t>(data.size()));
  EXPECT_NE(data, copy);
  lorawan_crypt_frm_payload(key.data(), 0, 0x26011BDA, 99, data.data(),
                            static_cast<std::uint8_t>(data.size()));
  EXPECT_EQ(data, copy);
}

}  // namespace
