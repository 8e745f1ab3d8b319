#include "lorawan/data_frame_crypto.hpp"

namespace onechan::lorawan {

bool verify_data_frame_mic(const DataFrame& frame, ByteSpan phy_payload, const PreparedSession& session,
                           std::uint32_t fcnt32) {
  if (phy_payload.size() < kMinDataFrame) return false;
  return session.verify_mic(frame.direction(), frame.dev_addr, fcnt32, mic_covered_bytes(phy_payload),
                            frame.mic);
}

FrmPayloadBytes decrypt_frm_payload(const DataFrame& frame, const PreparedSession& session,
                                    std::uint32_t fcnt32) {
  FrmPayloadBytes plain;
  if (!frame.fport || frame.frm_payload.empty()) return plain;
  plain.resize(frame.frm_payload.size());
  session.crypt_payload(frame.direction(), frame.dev_addr, fcnt32, *frame.fport, frame.frm_payload.span(),
                        plain.mutable_span());
  return plain;
}

Result<FrameBytes> seal_data_frame(const DataFrame& plain, const PreparedSession& session,
                                   std::uint32_t fcnt32) {
  DataFrame frame = plain;
  frame.fcnt16 = static_cast<std::uint16_t>(fcnt32 & 0xFFFF);
  if (frame.fport && !frame.frm_payload.empty()) {
    session.crypt_payload(frame.direction(), frame.dev_addr, fcnt32, *frame.fport, plain.frm_payload.span(),
                          frame.frm_payload.mutable_span());
  }
  frame.mic = {};
  auto bytes = frame.serialize();
  if (!bytes) return bytes.error();
  const ByteSpan covered = mic_covered_bytes(bytes->span());
  const Mic mic = session.compute_mic(frame.direction(), frame.dev_addr, fcnt32, covered);
  std::copy(mic.begin(), mic.end(), bytes->data() + covered.size());
  return bytes;
}

}  // namespace onechan::lorawan
