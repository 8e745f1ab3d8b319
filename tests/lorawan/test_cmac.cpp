#include <gtest/gtest.h>

#include <array>
#include <random>

#include "crypto_test_support.hpp"
#include "lorawan/cmac.hpp"

namespace onechan::lorawan {
namespace {

using testing::Bytes;
using testing::hex;
using testing::key;
using testing::reference_cmac;
using testing::to_vector;

// RFC 4493 section 4: K and the 64-byte message M (the NIST SP 800-38A plaintext) used by Examples 1-4.
const Key128 kRfcKey = key("2b7e151628aed2a6abf7158809cf4f3c");
const Bytes kRfcMessage =
    hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
        "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

Bytes rfc_prefix(std::size_t n) {
  return Bytes(kRfcMessage.begin(), kRfcMessage.begin() + n);
}

TEST(Cmac, Rfc4493Example1EmptyMessage) {
  const Cmac cmac(kRfcKey);
  EXPECT_EQ(to_vector(cmac.compute(Bytes{})), hex("bb1d6929e95937287fa37d129b756746"));
}

TEST(Cmac, Rfc4493Example2OneBlock) {
  const Cmac cmac(kRfcKey);
  EXPECT_EQ(to_vector(cmac.compute(rfc_prefix(16))), hex("070a16b46b4d4144f79bdd9dd04a287c"));
}

TEST(Cmac, Rfc4493Example3PartialLastBlock) {
  const Cmac cmac(kRfcKey);
  EXPECT_EQ(to_vector(cmac.compute(rfc_prefix(40))), hex("dfa66747de9ae63030ca32611497c827"));
}

TEST(Cmac, Rfc4493Example4FourBlocks) {
  const Cmac cmac(kRfcKey);
  EXPECT_EQ(to_vector(cmac.compute(rfc_prefix(64))), hex("51f0bebf7e3b9d92fc49741779363cfe"));
}

// The two-part form must equal CMAC over the concatenation wherever the split falls (block boundaries,
// inside a block, empty halves): that is how the MIC authenticates B0 | msg without copying.
TEST(Cmac, SplitMessagesGiveTheSameTagAsTheWholeMessage) {
  const Cmac cmac(kRfcKey);
  for (std::size_t total : {0u, 1u, 15u, 16u, 17u, 31u, 32u, 33u, 40u, 64u}) {
    const Bytes whole = rfc_prefix(total);
    const auto expected = cmac.compute(whole);
    for (std::size_t split = 0; split <= total; ++split) {
      const ByteSpan all(whole);
      EXPECT_EQ(cmac.compute(all.first(split), all.subspan(split)), expected)
          << "total " << total << " split " << split;
    }
  }
}

TEST(Cmac, ManyPartsIncludingEmptyOnes) {
  const Cmac cmac(kRfcKey);
  const ByteSpan m(kRfcMessage);
  const std::array<ByteSpan, 6> parts{m.first(0),       m.subspan(0, 5),  m.subspan(5, 0),
                                      m.subspan(5, 20), m.subspan(25, 7), m.subspan(32, 8)};
  EXPECT_EQ(to_vector(cmac.compute(parts)), hex("dfa66747de9ae63030ca32611497c827"));  // = Example 3
}

// OpenSSL's EVP_MAC CMAC is an independent implementation: random keys, every message length 0..300 many
// times, whole and split at a random point.
TEST(Cmac, AgreesWithOpenSslEvpMacOnRandomMessages) {
  std::mt19937 rng(4493);
  std::uniform_int_distribution<int> byte(0, 255);
  int compared = 0;
  for (int round = 0; round < 12; ++round) {
    Key128 k;
    for (auto& b : k.bytes) b = static_cast<std::uint8_t>(byte(rng));
    const Cmac cmac(k);
    for (std::size_t len = 0; len <= 300; ++len) {
      Bytes message(len);
      for (auto& b : message) b = static_cast<std::uint8_t>(byte(rng));
      const Bytes expected = reference_cmac(k, message);
      ASSERT_EQ(to_vector(cmac.compute(message)), expected) << "round " << round << " length " << len;
      const std::size_t split = std::uniform_int_distribution<std::size_t>(0, len)(rng);
      const ByteSpan all(message);
      ASSERT_EQ(to_vector(cmac.compute(all.first(split), all.subspan(split))), expected);
      ++compared;
    }
  }
  EXPECT_EQ(compared, 12 * 301);
}

TEST(Cmac, CopiesAndMovesKeepTheKey) {
  const Bytes m = rfc_prefix(40);
  Cmac original(kRfcKey);
  const Cmac copy(original);
  const Cmac moved(std::move(original));
  EXPECT_EQ(to_vector(copy.compute(m)), hex("dfa66747de9ae63030ca32611497c827"));
  EXPECT_EQ(to_vector(moved.compute(m)), hex("dfa66747de9ae63030ca32611497c827"));
}

TEST(Cmac, ExposesItsPreparedCipher) {
  const Cmac cmac(kRfcKey);
  // FIPS-197 Appendix B uses the same key.
  const auto block = testing::hex_array<16>("3243f6a8885a308d313198a2e0370734");
  EXPECT_EQ(to_vector(cmac.cipher().encrypt(block)), hex("3925841d02dc09fbdc118597196a0b32"));
}

}  // namespace
}  // namespace onechan::lorawan
