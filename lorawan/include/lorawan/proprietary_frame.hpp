// Proprietary frames (MType 7): LoRaWAN defines only the MHDR; what follows is the vendor's, with no MIC
// that LoRaWAN knows of, so every byte after the MHDR is kept as it is.
#pragma once

#include "lorawan/bytes.hpp"
#include "lorawan/mhdr.hpp"
#include "lorawan/result.hpp"

namespace onechan::lorawan {

struct ProprietaryFrame {
  Mhdr mhdr{MType::Proprietary};
  BoundedBytes<kMaxPhyPayload - 1> payload;

  // Errors: frame_too_short (empty), frame_too_long (> 255 bytes), major_unsupported, mtype_rfu,
  // mtype_mismatch.
  static Result<ProprietaryFrame> parse(ByteSpan phy_payload);
  Result<FrameBytes> serialize() const;  // error: mtype_mismatch

  friend bool operator==(const ProprietaryFrame&, const ProprietaryFrame&) = default;
};

}  // namespace onechan::lorawan
