#include "lorawan/join_crypto.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <string>

namespace onechan::lorawan {
namespace {

constexpr std::uint8_t kMTypeJoinAccept = 0b001;
constexpr std::uint32_t kMax24Bit = 0xFFFFFF;

Mic mic_of(ByteSpan phy) {
  Mic mic;
  std::copy(phy.end() - static_cast<std::ptrdiff_t>(mic.size()), phy.end(), mic.begin());
  return mic;
}

ByteSpan without_mic(ByteSpan phy) {
  return phy.first(phy.size() - Mic{}.size());
}

bool is_join_accept_size(std::size_t n) {
  return n == kJoinAcceptSize || n == kJoinAcceptWithCfListSize;
}

Result<void> check_join_accept(ByteSpan phy) {
  if (!is_join_accept_size(phy.size())) {
    return make_error("join_accept_length", "a join-accept is 17 bytes (33 with a CFList), got " +
                                                std::to_string(phy.size()) + " bytes");
  }
  if ((phy[0] >> 5) != kMTypeJoinAccept) {
    return make_error("not_join_accept",
                      "MHDR MType is " + std::to_string(phy[0] >> 5) + ", a join-accept has MType 1 (001)");
  }
  return {};
}

// Both directions keep the MHDR in clear and run the 16 or 32 bytes after it through one AES direction.
template <typename Transform>
Result<FrameBytes> transform_join_accept(ByteSpan phy, Transform transform) {
  if (Result<void> ok = check_join_accept(phy); !ok) return ok.error();
  FrameBytes out;
  out.resize(phy.size());
  out[0] = phy[0];
  transform(phy.subspan(1), out.mutable_span().subspan(1));
  return out;
}

void put_le(std::uint8_t* dst, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) dst[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

}  // namespace

Mic compute_join_request_mic(const Cmac& app_key, ByteSpan msg) {
  return truncate_to_mic(app_key.compute(msg));
}

bool verify_join_request_mic(const Cmac& app_key, ByteSpan msg, const Mic& mic) {
  return mic_equal(compute_join_request_mic(app_key, msg), mic);
}

bool verify_join_request_phy(const Cmac& app_key, ByteSpan phy) {
  if (phy.size() != kJoinRequestSize) return false;
  return verify_join_request_mic(app_key, without_mic(phy), mic_of(phy));
}

Mic compute_join_accept_mic(const Cmac& app_key, ByteSpan msg) {
  return truncate_to_mic(app_key.compute(msg));
}

bool verify_join_accept_mic(const Cmac& app_key, ByteSpan msg, const Mic& mic) {
  return mic_equal(compute_join_accept_mic(app_key, msg), mic);
}

bool verify_join_accept_phy(const Cmac& app_key, ByteSpan plain_phy) {
  if (!is_join_accept_size(plain_phy.size())) return false;
  return verify_join_accept_mic(app_key, without_mic(plain_phy), mic_of(plain_phy));
}

Result<FrameBytes> decrypt_join_accept(const Aes128& app_key, ByteSpan encrypted_phy) {
  return transform_join_accept(encrypted_phy,
                               [&](ByteSpan in, MutableByteSpan out) { app_key.encrypt_blocks(in, out); });
}

Result<FrameBytes> encrypt_join_accept(const Aes128& app_key, ByteSpan plain_phy) {
  return transform_join_accept(plain_phy,
                               [&](ByteSpan in, MutableByteSpan out) { app_key.decrypt_blocks(in, out); });
}

Result<SessionKeys> derive_session_keys(const Aes128& app_key, std::uint32_t join_nonce, std::uint32_t net_id,
                                        std::uint16_t dev_nonce) {
  if (join_nonce > kMax24Bit) {
    return make_error("join_nonce_out_of_range", "JoinNonce/AppNonce is 3 bytes, got " +
                                                     std::to_string(join_nonce) + " (more than 0xFFFFFF)");
  }
  if (net_id > kMax24Bit) {
    return make_error("net_id_out_of_range",
                      "NetID is 3 bytes, got " + std::to_string(net_id) + " (more than 0xFFFFFF)");
  }
  // Both key blocks in one AES call: [0x01 | nonces | pad][0x02 | nonces | pad].
  std::array<std::uint8_t, 2 * Aes128::kBlockSize> blocks{};
  for (std::size_t k = 0; k < 2; ++k) {
    std::uint8_t* block = blocks.data() + k * Aes128::kBlockSize;
    block[0] = static_cast<std::uint8_t>(k + 1);
    put_le(block + 1, join_nonce, 3);
    put_le(block + 4, net_id, 3);
    put_le(block + 7, dev_nonce, 2);
  }
  app_key.encrypt_blocks_in_place(blocks);

  SessionKeys keys;
  std::copy_n(blocks.begin(), 16, keys.nwk_s_key.bytes.begin());
  std::copy_n(blocks.begin() + 16, 16, keys.app_s_key.bytes.begin());
  OPENSSL_cleanse(blocks.data(), blocks.size());
  return keys;
}

}  // namespace onechan::lorawan
