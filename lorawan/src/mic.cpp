#include "lorawan/mic.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <stdexcept>

namespace onechan::lorawan {

Aes128::Block data_mic_b0(Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, std::size_t msg_len) {
  if (msg_len > kMaxMicMessage) throw std::length_error("MIC: message longer than 255 bytes");
  Aes128::Block b0{};
  b0[0] = 0x49;
  b0[5] = static_cast<std::uint8_t>(dir);
  for (int i = 0; i < 4; ++i) {
    b0[6 + i] = static_cast<std::uint8_t>(dev_addr.value >> (8 * i));
    b0[10 + i] = static_cast<std::uint8_t>(fcnt32 >> (8 * i));
  }
  b0[15] = static_cast<std::uint8_t>(msg_len);
  return b0;
}

Mic truncate_to_mic(const Cmac::Tag& tag) {
  Mic mic;
  std::copy_n(tag.begin(), mic.size(), mic.begin());
  return mic;
}

Mic compute_data_mic(const Cmac& nwk_s_key, Direction dir, DevAddr dev_addr, std::uint32_t fcnt32,
                     ByteSpan msg) {
  const Aes128::Block b0 = data_mic_b0(dir, dev_addr, fcnt32, msg.size());
  return truncate_to_mic(nwk_s_key.compute(b0, msg));
}

bool verify_data_mic(const Cmac& nwk_s_key, Direction dir, DevAddr dev_addr, std::uint32_t fcnt32,
                     ByteSpan msg, const Mic& mic) {
  if (msg.size() > kMaxMicMessage) return false;
  return mic_equal(compute_data_mic(nwk_s_key, dir, dev_addr, fcnt32, msg), mic);
}

bool mic_equal(const Mic& a, const Mic& b) {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace onechan::lorawan
