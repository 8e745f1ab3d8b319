// Where frames meet keys: verify and decrypt a received data frame ("open"), or encrypt and sign one to
// send ("seal"). This is the per-frame hot path of the gateway: with a PreparedSession it allocates
// nothing.
#pragma once

#include <cstdint>

#include "lorawan/bytes.hpp"
#include "lorawan/data_frame.hpp"
#include "lorawan/result.hpp"
#include "lorawan/session_keys.hpp"

namespace onechan::lorawan {

// The MIC check of a received frame. `phy_payload` is the frame exactly as received: the MIC covers the
// bytes on air, not a re-serialization of the parsed fields.
bool verify_data_frame_mic(const DataFrame& frame, ByteSpan phy_payload, const PreparedSession& session,
                           std::uint32_t fcnt32);

// The decrypted FRMPayload (NwkSKey for FPort 0, AppSKey otherwise); empty when the frame has none.
FrmPayloadBytes decrypt_frm_payload(const DataFrame& frame, const PreparedSession& session,
                                    std::uint32_t fcnt32);

// Builds a frame to send from `plain` (its frm_payload in clear, fcnt16 and mic ignored): sets fcnt16 from
// fcnt32, encrypts the payload, computes the MIC and returns the PHYPayload. Errors: the frame's own
// serialization errors (e.g. FOpts with FPort 0, too long).
Result<FrameBytes> seal_data_frame(const DataFrame& plain, const PreparedSession& session,
                                   std::uint32_t fcnt32);

}  // namespace onechan::lorawan
