// Message integrity code of LoRaWAN 1.0.x data frames (spec 1.0.4 section 4.4):
//   B0  = 0x49 | 00 00 00 00 | Dir | DevAddr (LE) | FCnt32 (LE) | 0x00 | len(msg)
//   MIC = first 4 bytes of AES-CMAC(NwkSKey, B0 | msg),  msg = MHDR | FHDR | FPort | FRMPayload
// FCnt32 is the full 32-bit counter: only its low 16 bits travel, the receiver supplies the rest.
#pragma once

#include <array>
#include <cstdint>

#include "lorawan/bytes.hpp"
#include "lorawan/cmac.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

// The 4 MIC bytes in the order they appear on air (the last 4 bytes of the PHYPayload). The same alias
// as in mhdr.hpp (redeclaring an alias to the same type is legal), so the crypto headers do not depend on
// the frame types.
using Mic = std::array<std::uint8_t, 4>;

// The largest msg a B0 block can describe: its length field is one byte (a PHYPayload is at most 255).
inline constexpr std::size_t kMaxMicMessage = 255;

// B0 as defined above; exposed so tests and tools can show what was authenticated.
Aes128::Block data_mic_b0(Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, std::size_t msg_len);

// msg.size() <= kMaxMicMessage, otherwise std::length_error (no LoRa frame is that long).
Mic compute_data_mic(const Cmac& nwk_s_key, Direction dir, DevAddr dev_addr, std::uint32_t fcnt32,
                     ByteSpan msg);

// Constant-time comparison of the computed MIC with `mic` (CRYPTO_memcmp): how many leading bytes matched
// must not leak through timing. False for a msg longer than kMaxMicMessage.
bool verify_data_mic(const Cmac& nwk_s_key, Direction dir, DevAddr dev_addr, std::uint32_t fcnt32,
                     ByteSpan msg, const Mic& mic);

// Constant-time equality of two MICs, for the join MICs and anyone else comparing MICs.
bool mic_equal(const Mic& a, const Mic& b);

// The first 4 bytes of a CMAC tag: how LoRaWAN 1.0 truncates every MIC.
Mic truncate_to_mic(const Cmac::Tag& tag);

}  // namespace onechan::lorawan
