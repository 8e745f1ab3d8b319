#include "lorawan/phy_payload.hpp"

#include <string>

namespace onechan::lorawan {
namespace {

// Converts a frame type's Result into a Result<PhyPayload>.
template <typename Frame>
Result<PhyPayload> wrap(Result<Frame> r) {
  if (!r) return r.error();
  return PhyPayload(std::move(r).value());
}

}  // namespace

Result<PhyPayload> parse_phy_payload(ByteSpan b) {
  if (b.empty()) return make_error("frame_too_short", "PHYPayload is empty");
  if (b.size() > kMaxPhyPayload) {
    return make_error("frame_too_long", "frame is " + std::to_string(b.size()) +
                                            " bytes; a PHYPayload holds at most " +
                                            std::to_string(kMaxPhyPayload));
  }
  auto mhdr = Mhdr::parse(b[0]);
  if (!mhdr) return mhdr.error();
  switch (mhdr->mtype) {
    case MType::JoinRequest:
      return wrap(JoinRequestFrame::parse(b));
    case MType::JoinAccept:
      return wrap(EncryptedJoinAccept::parse(b));
    case MType::Proprietary:
      return wrap(ProprietaryFrame::parse(b));
    case MType::UnconfirmedDataUp:
    case MType::UnconfirmedDataDown:
    case MType::ConfirmedDataUp:
    case MType::ConfirmedDataDown:
    case MType::RFU:  // rejected by Mhdr::parse; listed so the switch stays exhaustive
      break;
  }
  return wrap(DataFrame::parse(b));
}

Result<FrameBytes> serialize_phy_payload(const PhyPayload& frame) {
  return std::visit([](const auto& f) { return f.serialize(); }, frame);
}

const Mhdr& phy_payload_mhdr(const PhyPayload& frame) {
  return std::visit([](const auto& f) -> const Mhdr& { return f.mhdr; }, frame);
}

}  // namespace onechan::lorawan
