#include "lorawan/cmac.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace onechan::lorawan {
namespace {

using Block = Aes128::Block;
constexpr std::size_t kBlock = Aes128::kBlockSize;

// RFC 4493 section 2.3: shift the 128-bit string left by one bit; if the bit shifted out was set, XOR
// the last byte with R128 = 0x87.
Block double_in_gf128(const Block& in) {
  Block out;
  for (std::size_t i = 0; i < kBlock; ++i) {
    const std::uint8_t carry = i + 1 < kBlock ? static_cast<std::uint8_t>(in[i + 1] >> 7) : 0;
    out[i] = static_cast<std::uint8_t>((in[i] << 1) | carry);
  }
  if ((in[0] & 0x80) != 0) out[kBlock - 1] ^= 0x87;
  return out;
}

void xor_into(Block& acc, const std::uint8_t* bytes) {
  for (std::size_t i = 0; i < kBlock; ++i) acc[i] ^= bytes[i];
}

}  // namespace

Cmac::Cmac(const Key128& key) : Cmac(Aes128(key)) {}

Cmac::Cmac(Aes128 cipher) : aes_(std::move(cipher)) {
  Block l = aes_.encrypt(Block{});
  k1_ = double_in_gf128(l);
  k2_ = double_in_gf128(k1_);
  OPENSSL_cleanse(l.data(), l.size());
}

Cmac::~Cmac() {
  OPENSSL_cleanse(k1_.data(), k1_.size());
  OPENSSL_cleanse(k2_.data(), k2_.size());
}

Cmac::Tag Cmac::compute(ByteSpan message) const {
  const std::array<ByteSpan, 1> parts{message};
  return compute(parts);
}

Cmac::Tag Cmac::compute(ByteSpan prefix, ByteSpan message) const {
  const std::array<ByteSpan, 2> parts{prefix, message};
  return compute(parts);
}

// CBC-MAC over the message with the last block (complete: XOR K1; partial or empty: pad 10..0, XOR K2).
// The message arrives in parts, so a full block is only chained once more bytes are known to follow:
// the final block must stay back for the subkey.
Cmac::Tag Cmac::compute(std::span<const ByteSpan> parts) const {
  Block x{};
  Block pending{};
  std::size_t pending_len = 0;

  for (ByteSpan part : parts) {
    while (!part.empty()) {
      if (pending_len == kBlock) {
        xor_into(x, pending.data());
        x = aes_.encrypt(x);
        pending_len = 0;
      }
      if (pending_len == 0) {
        // Fast path: chain whole blocks straight from the input, keeping at least one byte back.
        while (part.size() > kBlock) {
          xor_into(x, part.data());
          x = aes_.encrypt(x);
          part = part.subspan(kBlock);
        }
      }
      const std::size_t take = std::min(kBlock - pending_len, part.size());
      std::copy_n(part.begin(), take, pending.begin() + static_cast<std::ptrdiff_t>(pending_len));
      pending_len += take;
      part = part.subspan(take);
    }
  }

  if (pending_len == kBlock) {
    xor_into(pending, k1_.data());
  } else {
    pending[pending_len] = 0x80;
    std::fill(pending.begin() + static_cast<std::ptrdiff_t>(pending_len) + 1, pending.end(), 0);
    xor_into(pending, k2_.data());
  }
  xor_into(x, pending.data());
  return aes_.encrypt(x);
}

}  // namespace onechan::lorawan
