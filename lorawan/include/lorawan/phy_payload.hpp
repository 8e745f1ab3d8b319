// Any LoRaWAN 1.0.x PHYPayload, parsed by its MType into the matching frame type. A join-accept stays
// encrypted here (see join_frames.hpp for the plaintext form). No heap allocation on success.
#pragma once

#include <variant>

#include "lorawan/bytes.hpp"
#include "lorawan/data_frame.hpp"
#include "lorawan/join_frames.hpp"
#include "lorawan/mhdr.hpp"
#include "lorawan/proprietary_frame.hpp"
#include "lorawan/result.hpp"

namespace onechan::lorawan {

using PhyPayload = std::variant<DataFrame, JoinRequestFrame, EncryptedJoinAccept, ProprietaryFrame>;

// Errors: frame_too_short (empty), frame_too_long (> 255 bytes), major_unsupported, mtype_rfu, and the
// errors of the frame type the MType selects (DataFrame::parse, JoinRequestFrame::parse,
// EncryptedJoinAccept::parse, ProprietaryFrame::parse).
Result<PhyPayload> parse_phy_payload(ByteSpan phy_payload);
Result<FrameBytes> serialize_phy_payload(const PhyPayload& frame);
const Mhdr& phy_payload_mhdr(const PhyPayload& frame);

}  // namespace onechan::lorawan
