// AES-128 in ECB mode with a key prepared once. LoRaWAN 1.0.x uses raw AES blocks for everything (CMAC,
// the FRMPayload keystream, join-accept, key derivation), so the one expensive step - creating and keying
// OpenSSL contexts - happens in the constructor and every frame afterwards only runs EVP_*Update on the
// prepared contexts, which neither allocates nor re-expands the key.
//
// Thread safety: an Aes128 may be used by one thread at a time. The operations are const because they
// do not change the key, but OpenSSL's context is scratch state; copy the object to use it elsewhere.
#pragma once

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include "lorawan/bytes.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

class Aes128 {
 public:
  static constexpr std::size_t kBlockSize = 16;
  using Block = std::array<std::uint8_t, kBlockSize>;

  // Creates and keys an encrypt and a decrypt context. Throws std::bad_alloc or std::runtime_error only
  // when OpenSSL itself fails (out of memory, no AES provider) - never because of the key's value.
  explicit Aes128(const Key128& key);
  ~Aes128();

  // Copies duplicate the OpenSSL contexts (EVP_CIPHER_CTX_copy): each copy is independent.
  Aes128(const Aes128& other);
  Aes128& operator=(const Aes128& other);
  // A moved-from Aes128 holds no contexts; it may only be assigned to or destroyed.
  Aes128(Aes128&& other) noexcept;
  Aes128& operator=(Aes128&& other) noexcept;

  Block encrypt(const Block& in) const;
  Block decrypt(const Block& in) const;

  // Whole blocks in one EVP call. `in` and `out` have the same size, a multiple of 16 bytes, and are
  // either the same memory or do not overlap (std::invalid_argument otherwise: a caller bug).
  void encrypt_blocks(ByteSpan in, MutableByteSpan out) const;
  void decrypt_blocks(ByteSpan in, MutableByteSpan out) const;
  void encrypt_blocks_in_place(MutableByteSpan data) const { encrypt_blocks(data, data); }
  void decrypt_blocks_in_place(MutableByteSpan data) const { decrypt_blocks(data, data); }

 private:
  EVP_CIPHER_CTX* enc_ = nullptr;
  EVP_CIPHER_CTX* dec_ = nullptr;
};

}  // namespace onechan::lorawan
