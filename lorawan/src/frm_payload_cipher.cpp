#include "lorawan/frm_payload_cipher.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace onechan::lorawan {
namespace {

constexpr std::size_t kBlock = Aes128::kBlockSize;
// Keystream made per EVP call: 16 blocks covers the largest LoRa FRMPayload (255 bytes) in one call
// while staying a small stack buffer.
constexpr std::size_t kChunkBlocks = 16;

bool partially_overlap(ByteSpan in, MutableByteSpan out) {
  const auto in_begin = reinterpret_cast<std::uintptr_t>(in.data());
  const auto out_begin = reinterpret_cast<std::uintptr_t>(out.data());
  if (in_begin == out_begin) return false;
  return in_begin < out_begin + out.size() && out_begin < in_begin + in.size();
}

}  // namespace

void crypt_frm_payload(const Aes128& key, Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, ByteSpan in,
                       MutableByteSpan out) {
  if (in.size() != out.size())
    throw std::invalid_argument("FRMPayload cipher: input and output sizes differ");
  if (in.size() > kMaxCipherPayload) throw std::length_error("FRMPayload cipher: payload too long");
  if (partially_overlap(in, out)) throw std::invalid_argument("FRMPayload cipher: buffers partially overlap");

  Aes128::Block a{};
  a[0] = 0x01;
  a[5] = static_cast<std::uint8_t>(dir);
  for (int i = 0; i < 4; ++i) {
    a[6 + i] = static_cast<std::uint8_t>(dev_addr.value >> (8 * i));
    a[10 + i] = static_cast<std::uint8_t>(fcnt32 >> (8 * i));
  }

  // Every byte is written by AES before it is read; zeroing it per call would be wasted work.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init)
  std::array<std::uint8_t, kChunkBlocks * kBlock> keystream;
  std::size_t done = 0;
  std::size_t next_i = 1;
  while (done < in.size()) {
    const std::size_t remaining = in.size() - done;
    const std::size_t blocks = std::min(kChunkBlocks, (remaining + kBlock - 1) / kBlock);
    for (std::size_t b = 0; b < blocks; ++b) {
      a[15] = static_cast<std::uint8_t>(next_i++);
      std::copy(a.begin(), a.end(), keystream.begin() + static_cast<std::ptrdiff_t>(b * kBlock));
    }
    const MutableByteSpan stream(keystream.data(), blocks * kBlock);
    key.encrypt_blocks_in_place(stream);
    const std::size_t n = std::min(remaining, stream.size());
    for (std::size_t k = 0; k < n; ++k) out[done + k] = static_cast<std::uint8_t>(in[done + k] ^ stream[k]);
    done += n;
  }
  // The keystream decrypts this frame (and any other frame sent with the same counter): wipe it.
  OPENSSL_cleanse(keystream.data(), keystream.size());
}

}  // namespace onechan::lorawan
