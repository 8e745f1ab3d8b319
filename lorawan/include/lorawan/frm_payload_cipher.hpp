// FRMPayload encryption of LoRaWAN 1.0.x (spec 1.0.4 section 4.3.3.1): a counter-mode keystream
//   Ai = 0x01 | 00 00 00 00 | Dir | DevAddr (LE) | FCnt32 (LE) | 0x00 | i      (i = 1, 2, ...)
//   S  = AES(K, A1) | AES(K, A2) | ...,   out = in XOR S (truncated to the payload length)
// so encrypting and decrypting are the same operation. K is NwkSKey for FPort 0 and AppSKey otherwise;
// choosing it is the caller's job (PreparedSession::crypt_payload does it from the FPort).
#pragma once

#include <cstddef>
#include <cstdint>

#include "lorawan/aes128.hpp"
#include "lorawan/bytes.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

// i is one byte, so a payload can span at most 255 keystream blocks (a LoRa frame needs at most 16).
inline constexpr std::size_t kMaxCipherPayload = 255 * Aes128::kBlockSize;

// in.size() == out.size() <= kMaxCipherPayload, and in/out are the same memory or disjoint; violations
// are caller bugs and throw (std::invalid_argument / std::length_error). No heap allocation.
void crypt_frm_payload(const Aes128& key, Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, ByteSpan in,
                       MutableByteSpan out);

inline void crypt_frm_payload_in_place(const Aes128& key, Direction dir, DevAddr dev_addr,
                                       std::uint32_t fcnt32, MutableByteSpan data) {
  crypt_frm_payload(key, dir, dev_addr, fcnt32, data, data);
}

}  // namespace onechan::lorawan
