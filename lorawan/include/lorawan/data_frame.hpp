// LoRaWAN 1.0.x data frames (the four data MTypes), as they travel:
//   MHDR(1) | DevAddr(4 LE) | FCtrl(1) | FCnt(2 LE) | FOpts(0-15) | [FPort(1) | FRMPayload(0-N)] | MIC(4)
// Parsing and serializing never touch the heap. FRMPayload and (FPort 0) FOpts stay as they are on air:
// decrypting them is the crypto layer's job, decoding MAC commands is mac_commands.hpp's.
#pragma once

#include <cstdint>
#include <optional>

#include "lorawan/bytes.hpp"
#include "lorawan/fctrl.hpp"
#include "lorawan/mhdr.hpp"
#include "lorawan/result.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

// MHDR 1 + FHDR 7 (no FOpts) + MIC 4.
inline constexpr std::size_t kMinDataFrame = 12;
inline constexpr std::size_t kMaxFOpts = 15;
// What fits in a 255-byte PHYPayload next to MHDR, a bare FHDR, FPort and MIC: 255 - 13 = 242.
inline constexpr std::size_t kMaxFrmPayload = kMaxPhyPayload - 13;

using FOptsBytes = BoundedBytes<kMaxFOpts>;
using FrmPayloadBytes = BoundedBytes<kMaxFrmPayload>;

struct DataFrame {
  Mhdr mhdr;
  DevAddr dev_addr;
  FCtrl fctrl;               // on parse, fopts_len equals fopts.size(); serialize writes fopts.size()
  std::uint16_t fcnt16 = 0;  // only the low 16 bits travel; fcnt.hpp infers the rest
  FOptsBytes fopts;
  std::optional<std::uint8_t> fport;  // absent when nothing follows the FHDR
  FrmPayloadBytes frm_payload;        // as on air (encrypted)
  Mic mic{};

  // Uplink or downlink, from the MType (only meaningful for the four data MTypes).
  Direction direction() const;
  std::uint32_t mic_le32() const { return mic_value(mic); }
  // Number of bytes the MIC covers (MHDR | FHDR | FPort | FRMPayload) = serialized length - 4.
  std::size_t mic_input_length() const;

  // `phy_payload` is the whole PHYPayload, MIC included. Errors (code: when):
  //   frame_too_long    more than 255 bytes
  //   frame_too_short   fewer than 12 bytes
  //   major_unsupported, mtype_rfu   (see Mhdr::parse)
  //   mtype_mismatch    the MType is not a data MType
  //   fopts_past_end    FOptsLen reaches into the MIC
  //   fopts_with_fport0 FOpts present and FPort 0 (MAC commands in both places are forbidden)
  static Result<DataFrame> parse(ByteSpan phy_payload);

  // Errors: mtype_mismatch, payload_without_fport (FRMPayload bytes but no FPort), fopts_with_fport0,
  // frame_too_long (FOpts + FRMPayload do not fit in 255 bytes).
  Result<FrameBytes> serialize() const;

  friend bool operator==(const DataFrame&, const DataFrame&) = default;
};

}  // namespace onechan::lorawan
