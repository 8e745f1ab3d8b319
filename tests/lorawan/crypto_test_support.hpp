// Helpers shared by the crypto tests: hex literals, and independent reference computations made with
// OpenSSL's one-shot APIs (EVP_MAC "CMAC", a fresh EVP cipher context per call) so that the prepared,
// hand-written paths in lorawan/ are checked against code they do not share.
#pragma once

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lorawan/hex.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan::testing {

using Bytes = std::vector<std::uint8_t>;

inline Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  if (!bytes.ok()) throw std::invalid_argument("bad hex literal in test: " + std::string(text));
  return *bytes;
}

template <std::size_t N>
std::array<std::uint8_t, N> hex_array(std::string_view text) {
  const Bytes bytes = hex(text);
  if (bytes.size() != N) throw std::invalid_argument("hex literal of the wrong length: " + std::string(text));
  std::array<std::uint8_t, N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

inline Key128 key(std::string_view text) {
  return Key128{hex_array<16>(text)};
}

template <std::size_t N>
Bytes to_vector(const std::array<std::uint8_t, N>& a) {
  return Bytes(a.begin(), a.end());
}

// CMAC through OpenSSL's EVP_MAC (its own implementation of RFC 4493 / NIST SP 800-38B).
inline Bytes reference_cmac(const Key128& k, const Bytes& message) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  char cipher[] = "AES-128-CBC";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
                               OSSL_PARAM_construct_end()};
  Bytes tag(16);
  std::size_t len = 0;
  const bool ok = EVP_MAC_init(ctx, k.bytes.data(), k.bytes.size(), params) == 1 &&
                  EVP_MAC_update(ctx, message.data(), message.size()) == 1 &&
                  EVP_MAC_final(ctx, tag.data(), &len, tag.size()) == 1 && len == 16;
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  if (!ok) throw std::runtime_error("reference CMAC failed");
  return tag;
}

// AES-128-ECB over whole blocks with a context created for this one call.
inline Bytes reference_ecb(const Key128& k, const Bytes& in, bool encrypt) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  Bytes out(in.size());
  int len = 0;
  const bool ok =
      EVP_CipherInit_ex2(ctx, EVP_aes_128_ecb(), k.bytes.data(), nullptr, encrypt ? 1 : 0, nullptr) == 1 &&
      EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
      EVP_CipherUpdate(ctx, out.data(), &len, in.data(), static_cast<int>(in.size())) == 1 &&
      static_cast<std::size_t>(len) == in.size();
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) throw std::runtime_error("reference AES-ECB failed");
  return out;
}

inline Bytes concat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace onechan::lorawan::testing
