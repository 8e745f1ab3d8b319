// AES-CMAC (RFC 4493) over a prepared Aes128. OpenSSL's EVP_MAC "CMAC" creates and keys a fresh cipher
// context for every message (it allocates and re-expands the key), which is most of the cost of a LoRaWAN
// MIC; here the subkeys K1/K2 are derived once per key and a message costs one AES block per 16 bytes.
//
// Same thread-safety rule as Aes128: one thread at a time per object.
#pragma once

#include <cstddef>
#include <span>

#include "lorawan/aes128.hpp"
#include "lorawan/bytes.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

class Cmac {
 public:
  using Tag = Aes128::Block;

  explicit Cmac(const Key128& key);
  explicit Cmac(Aes128 cipher);
  ~Cmac();  // wipes the subkeys
  Cmac(const Cmac&) = default;
  Cmac& operator=(const Cmac&) = default;
  Cmac(Cmac&&) noexcept = default;
  Cmac& operator=(Cmac&&) noexcept = default;

  // CMAC(message).
  Tag compute(ByteSpan message) const;
  // CMAC(prefix || message) without concatenating: the LoRaWAN MIC is CMAC(B0 || msg).
  Tag compute(ByteSpan prefix, ByteSpan message) const;
  // CMAC over the concatenation of all parts, in order.
  Tag compute(std::span<const ByteSpan> parts) const;

  // The prepared cipher the MAC runs on (FPort 0 payloads are encrypted with the same NwkSKey).
  const Aes128& cipher() const { return aes_; }

 private:
  Aes128 aes_;
  Aes128::Block k1_{};
  Aes128::Block k2_{};
};

}  // namespace onechan::lorawan
