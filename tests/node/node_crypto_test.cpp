// The node's AES-128 and AES-CMAC against their standards' published vectors.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "aes128.h"
#include "aes_cmac.h"
#include "node_test_util.hpp"

namespace {

using onechan::node_test::bytes_from_hex;

std::vector<std::uint8_t> encrypt(const std::vector<std::uint8_t>& key, std::vector<std::uint8_t> block) {
  aes128_encrypt(key.data(), block.data());
  return block;
}

// FIPS-197 appendix B (the cipher example) and appendix C.1 (AES-128 example vector).
TEST(NodeAes128, Fips197AppendixB) {
  EXPECT_EQ(encrypt(bytes_from_hex("2b7e151628aed2a6abf7158809cf4f3c"),
                    bytes_from_hex("3243f6a8885a308d313198a2e0370734")),
            bytes_from_hex("3925841d02dc09fbdc118597196a0b32"));
}

TEST(NodeAes128, Fips197AppendixC1) {
  EXPECT_EQ(encrypt(bytes_from_hex("000102030405060708090a0b0c0d0e0f"),
                    bytes_from_hex("00112233445566778899aabbccddeeff")),
            bytes_from_hex("69c4e0d86a7b0430d8cdb78070b4c55a"));
}

TEST(NodeAes128, KeyIsNotModified) {
  auto key = bytes_from_hex("000102030405060708090a0b0c0d0e0f");
  auto copy = key;
  encrypt(key, bytes_from_hex("00112233445566778899aabbccddeeff"));
  EXPECT_EQ(key, copy);
}

// RFC 4493 section 4: the four examples, all with K = 2b7e1516 28aed2a6 abf71588 09cf4f3c.
struct CmacVector {
  const char* message;
  const char* tag;
};
const CmacVector kRfc4493[] = {
    {"", "bb1d6929e95937287fa37d129b756746"},
    {"6bc1bee22e409f96e93d7e117393172a", "070a16b46b4d4144f79bdd9dd04a287c"},
    {"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411",
     "dfa66747de9ae63030ca32611497c827"},
    {"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f244"
     "5df4f"
     "9b17ad2b417be66c3710",
     "51f0bebf7e3b9d92fc49741779363cfe"},
};

class NodeCmacRfc4493 : public ::testing::TestWithParam<CmacVector> {};

TEST_P(NodeCmacRfc4493, OneShot) {
  auto key = bytes_from_hex("2b7e151628aed2a6abf7158809cf4f3c");
  auto message = bytes_from_hex(GetParam().message);
  std::array<std::uint8_t, 16> tag{};
  aes_cmac(key.data(), message.data(), static_cast<std::uint16_t>(message.size()), tag.data());
  EXPECT_EQ(std::vector<std::uint8_t>(tag.begin(), tag.end()), bytes_from_hex(GetParam().tag));
}

// The MIC feeds B0 and the frame separately: any split of the message must give the same tag.
TEST_P(NodeCmacRfc4493, EverySplitGivesTheSameTag) {
  auto key = bytes_from_hex("2b7e151628aed2a6abf7158809cf4f3c");
  auto message = bytes_from_hex(GetParam().message);
  auto expected = bytes_from_hex(GetParam().tag);
  for (std::size_t first = 0; first <= message.size(); ++first) {
    aes_cmac_ctx ctx;
    aes_cmac_init(&ctx, key.data());
    aes_cmac_update(&ctx, message.data(), static_cast<std::uint16_t>(first));
    aes_cmac_update(&ctx, message.data() + first, static_cast<std::uint16_t>(message.size() - first));
    std::array<std::uint8_t, 16> tag{};
    aes_cmac_final(&ctx, tag.data());
    EXPECT_EQ(std::vector<std::uint8_t>(tag.begin(), tag.end()), expected) << "split at " << first;
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, NodeCmacRfc4493, ::testing::ValuesIn(kRfc4493));

}  // namespace
