#include "lorawan/proprietary_frame.hpp"

#include <string>

namespace onechan::lorawan {

Result<ProprietaryFrame> ProprietaryFrame::parse(ByteSpan b) {
  if (b.empty())
    return make_error("frame_too_short", "proprietary frame is empty; it needs at least the MHDR");
  if (b.size() > kMaxPhyPayload) {
    return make_error("frame_too_long", "frame is " + std::to_string(b.size()) +
                                            " bytes; a PHYPayload holds at most " +
                                            std::to_string(kMaxPhyPayload));
  }
  auto mhdr = Mhdr::parse(b[0]);
  if (!mhdr) return mhdr.error();
  if (mhdr->mtype != MType::Proprietary) {
    return make_error("mtype_mismatch",
                      std::string("expected a Proprietary MType, got ") + mtype_name(mhdr->mtype));
  }
  ProprietaryFrame f;
  f.mhdr = *mhdr;
  f.payload.assign(b.subspan(1));
  return f;
}

Result<FrameBytes> ProprietaryFrame::serialize() const {
  if (mhdr.mtype != MType::Proprietary) {
    return make_error("mtype_mismatch",
                      std::string("expected a Proprietary MType, got ") + mtype_name(mhdr.mtype));
  }
  FrameBytes out;
  out.push_back(mhdr.to_byte());
  for (std::uint8_t byte : payload) out.push_back(byte);
  return out;
}

}  // namespace onechan::lorawan
