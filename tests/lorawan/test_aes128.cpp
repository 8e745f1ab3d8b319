#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <utility>

#include "crypto_test_support.hpp"
#include "lorawan/aes128.hpp"

namespace onechan::lorawan {
namespace {

using testing::Bytes;
using testing::hex;
using testing::hex_array;
using testing::key;
using testing::to_vector;

// FIPS-197, Appendix C.1 (AES-128 example vector).
TEST(Aes128, Fips197AppendixC1) {
  const Aes128 aes(key("000102030405060708090a0b0c0d0e0f"));
  const auto plain = hex_array<16>("00112233445566778899aabbccddeeff");
  const auto cipher = hex_array<16>("69c4e0d86a7b0430d8cdb78070b4c55a");
  EXPECT_EQ(aes.encrypt(plain), cipher);
  EXPECT_EQ(aes.decrypt(cipher), plain);
}

// FIPS-197, Appendix B (cipher example).
TEST(Aes128, Fips197AppendixB) {
  const Aes128 aes(key("2b7e151628aed2a6abf7158809cf4f3c"));
  const auto plain = hex_array<16>("3243f6a8885a308d313198a2e0370734");
  const auto cipher = hex_array<16>("3925841d02dc09fbdc118597196a0b32");
  EXPECT_EQ(aes.encrypt(plain), cipher);
  EXPECT_EQ(aes.decrypt(cipher), plain);
}

// NIST SP 800-38A, F.1.1 / F.1.2 (ECB-AES128): four blocks in one call.
TEST(Aes128, Sp800_38aEcbFourBlocksInOneCall) {
  const Aes128 aes(key("2b7e151628aed2a6abf7158809cf4f3c"));
  const Bytes plain =
      hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
          "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
  const Bytes cipher =
      hex("3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
          "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4");
  Bytes out(plain.size());
  aes.encrypt_blocks(plain, out);
  EXPECT_EQ(out, cipher);
  aes.decrypt_blocks(cipher, out);
  EXPECT_EQ(out, plain);

  Bytes in_place = plain;
  aes.encrypt_blocks_in_place(in_place);
  EXPECT_EQ(in_place, cipher);
  aes.decrypt_blocks_in_place(in_place);
  EXPECT_EQ(in_place, plain);
}

TEST(Aes128, CopiesAreIndependentOfTheOriginal) {
  const auto plain = hex_array<16>("00112233445566778899aabbccddeeff");
  const auto cipher = hex_array<16>("69c4e0d86a7b0430d8cdb78070b4c55a");
  auto original = std::make_unique<Aes128>(key("000102030405060708090a0b0c0d0e0f"));
  const Aes128 copy(*original);
  Aes128 assigned(key("ffffffffffffffffffffffffffffffff"));
  assigned = *original;
  original.reset();  // the copies must not share the original's contexts
  EXPECT_EQ(copy.encrypt(plain), cipher);
  EXPECT_EQ(copy.decrypt(cipher), plain);
  EXPECT_EQ(assigned.encrypt(plain), cipher);
  EXPECT_EQ(assigned.decrypt(cipher), plain);
}

TEST(Aes128, MoveTransfersTheKeyAndEmptiesTheSource) {
  const auto plain = hex_array<16>("00112233445566778899aabbccddeeff");
  const auto cipher = hex_array<16>("69c4e0d86a7b0430d8cdb78070b4c55a");
  Aes128 source(key("000102030405060708090a0b0c0d0e0f"));
  Aes128 moved(std::move(source));
  EXPECT_EQ(moved.encrypt(plain), cipher);
  EXPECT_THROW((void)source.encrypt(plain), std::logic_error);  // NOLINT(bugprone-use-after-move)

  Aes128 target(key("ffffffffffffffffffffffffffffffff"));
  target = std::move(moved);
  EXPECT_EQ(target.decrypt(cipher), plain);
  source = target;  // a moved-from object can be assigned again
  EXPECT_EQ(source.encrypt(plain), cipher);
}

TEST(Aes128, SelfAssignmentKeepsTheKey) {
  const auto plain = hex_array<16>("00112233445566778899aabbccddeeff");
  Aes128 aes(key("000102030405060708090a0b0c0d0e0f"));
  Aes128& same = aes;
  aes = same;
  EXPECT_EQ(to_vector(aes.encrypt(plain)), hex("69c4e0d86a7b0430d8cdb78070b4c55a"));
}

TEST(Aes128, RejectsSizesThatAreNotWholeMatchingBlocks) {
  const Aes128 aes(key("000102030405060708090a0b0c0d0e0f"));
  Bytes in(17), out(17);
  EXPECT_THROW(aes.encrypt_blocks(in, out), std::invalid_argument);
  Bytes in32(32), out16(16);
  EXPECT_THROW(aes.encrypt_blocks(in32, out16), std::invalid_argument);
  EXPECT_THROW(aes.decrypt_blocks(in32, out16), std::invalid_argument);
}

TEST(Aes128, RejectsPartiallyOverlappingBuffers) {
  const Aes128 aes(key("000102030405060708090a0b0c0d0e0f"));
  Bytes buffer(48);
  const MutableByteSpan all(buffer);
  EXPECT_THROW(aes.encrypt_blocks(all.first(32), all.subspan(1, 32)), std::invalid_argument);
  EXPECT_THROW(aes.encrypt_blocks(all.subspan(16, 32), all.first(32)), std::invalid_argument);
  EXPECT_NO_THROW(aes.encrypt_blocks(all.first(16), all.subspan(16, 16)));  // adjacent is fine
}

TEST(Aes128, EmptyInputIsANoOp) {
  const Aes128 aes(key("000102030405060708090a0b0c0d0e0f"));
  Bytes empty;
  EXPECT_NO_THROW(aes.encrypt_blocks(empty, empty));
}

}  // namespace
}  // namespace onechan::lorawan
