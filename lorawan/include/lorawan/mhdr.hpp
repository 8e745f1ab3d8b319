// The MAC header that opens every LoRaWAN PHYPayload, and the 4-byte MIC that closes all but proprietary
// frames (LoRaWAN 1.0.4 section 4.1-4.4). Both are shared by data, join and proprietary frames, so they
// live here rather than in one frame type.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

// MHDR bits 7-5.
enum class MType : std::uint8_t {
  JoinRequest = 0,
  JoinAccept = 1,
  UnconfirmedDataUp = 2,
  UnconfirmedDataDown = 3,
  ConfirmedDataUp = 4,
  ConfirmedDataDown = 5,
  RFU = 6,  // RejoinRequest in LoRaWAN 1.1; a 1.0.x receiver must reject it
  Proprietary = 7,
};

// MHDR bits 1-0. Only R1 exists; other values mean a frame format this code cannot know.
enum class Major : std::uint8_t { LoRaWANR1 = 0 };

// "JoinRequest", "JoinAccept", "UnconfirmedDataUp", "UnconfirmedDataDown", "ConfirmedDataUp",
// "ConfirmedDataDown", "Proprietary"; "RFU" for MType 6.
const char* mtype_name(MType mtype);

// Direction implied by the MType; none for Proprietary (either way) and RFU.
std::optional<Direction> mtype_direction(MType mtype);
bool is_uplink(MType mtype);     // JoinRequest, UnconfirmedDataUp, ConfirmedDataUp
bool is_data(MType mtype);       // the four data MTypes
bool is_confirmed(MType mtype);  // ConfirmedDataUp, ConfirmedDataDown

struct Mhdr {
  MType mtype = MType::UnconfirmedDataUp;
  // Bits 4-2 are RFU. Kept (not zeroed) so that a parsed frame serializes to the same bytes and the MIC,
  // which covers the MHDR, still matches.
  std::uint8_t rfu = 0;
  Major major = Major::LoRaWANR1;

  // Errors: "major_unsupported" (Major != 0), "mtype_rfu" (MType 6, RejoinRequest of LoRaWAN 1.1).
  static Result<Mhdr> parse(std::uint8_t byte);
  std::uint8_t to_byte() const;

  friend bool operator==(const Mhdr&, const Mhdr&) = default;
};

// The MIC as it travels (4 bytes). Crypto code compares these bytes; people read the u32 value.
using Mic = std::array<std::uint8_t, 4>;
inline constexpr std::size_t kMicLength = 4;

// The little-endian u32 value of the MIC bytes (lora-packet and ChirpStack print the bytes in air order;
// LoRaMac-node stores the value as this u32).
std::uint32_t mic_value(const Mic& mic);
Mic mic_from_value(std::uint32_t value);

// The bytes a MIC is computed over: everything before the trailing 4-byte MIC (MHDR | FHDR | FPort |
// FRMPayload for data frames; MHDR | JoinEUI | DevEUI | DevNonce for a join-request; MHDR | JoinNonce |
// ... | CFList for a decrypted join-accept). Empty when `phy_payload` is shorter than a MIC.
ByteSpan mic_covered_bytes(ByteSpan phy_payload);

}  // namespace onechan::lorawan
