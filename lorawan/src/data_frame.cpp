#include "lorawan/data_frame.hpp"

#include <algorithm>
#include <string>

namespace onechan::lorawan {
namespace {

constexpr std::size_t kFhdrFixed = 7;  // DevAddr 4 + FCtrl 1 + FCnt 2
constexpr std::size_t kFOptsOffset = 1 + kFhdrFixed;

Error mtype_mismatch(MType mtype) {
  return make_error("mtype_mismatch", std::string("expected a data frame MType, got ") + mtype_name(mtype));
}

}  // namespace

Direction DataFrame::direction() const {
  return is_uplink(mhdr.mtype) ? Direction::Uplink : Direction::Downlink;
}

std::size_t DataFrame::mic_input_length() const {
  return 1 + kFhdrFixed + fopts.size() + (fport ? 1 : 0) + frm_payload.size();
}

Result<DataFrame> DataFrame::parse(ByteSpan b) {
  if (b.size() > kMaxPhyPayload) {
    return make_error("frame_too_long", "frame is " + std::to_string(b.size()) +
                                            " bytes; a PHYPayload holds at most " +
                                            std::to_string(kMaxPhyPayload));
  }
  if (b.size() < kMinDataFrame) {
    return make_error("frame_too_short", "data frame is " + std::to_string(b.size()) +
                                             " bytes; it needs at least 12 (MHDR 1 + FHDR 7 + MIC 4)");
  }
  auto mhdr = Mhdr::parse(b[0]);
  if (!mhdr) return mhdr.error();
  if (!is_data(mhdr->mtype)) return mtype_mismatch(mhdr->mtype);

  DataFrame f;
  f.mhdr = *mhdr;
  const Direction dir = f.direction();
  f.dev_addr.value = static_cast<std::uint32_t>(b[1]) | (static_cast<std::uint32_t>(b[2]) << 8) |
                     (static_cast<std::uint32_t>(b[3]) << 16) | (static_cast<std::uint32_t>(b[4]) << 24);
  f.fctrl = FCtrl::decode(b[5], dir);
  f.fcnt16 = static_cast<std::uint16_t>(b[6] | (b[7] << 8));

  const std::size_t mic_at = b.size() - kMicLength;
  const std::size_t fhdr_end = kFOptsOffset + f.fctrl.fopts_len;
  if (fhdr_end > mic_at) {
    return make_error("fopts_past_end", "FOptsLen " + std::to_string(f.fctrl.fopts_len) +
                                            " needs bytes up to offset " + std::to_string(fhdr_end) +
                                            " but the MIC starts at offset " + std::to_string(mic_at));
  }
  f.fopts.assign(b.subspan(kFOptsOffset, f.fctrl.fopts_len));
  // Whatever follows the FHDR begins with FPort, so a payload can never appear without one.
  if (fhdr_end < mic_at) {
    f.fport = b[fhdr_end];
    f.frm_payload.assign(b.subspan(fhdr_end + 1, mic_at - fhdr_end - 1));
  }
  if (f.fport == 0 && !f.fopts.empty()) {
    return make_error("fopts_with_fport0", "frame carries " + std::to_string(f.fopts.size()) +
                                               " FOpts bytes and FPort 0; MAC commands may not be in both");
  }
  std::copy(b.begin() + static_cast<std::ptrdiff_t>(mic_at), b.end(), f.mic.begin());
  return f;
}

Result<FrameBytes> DataFrame::serialize() const {
  if (!is_data(mhdr.mtype)) return mtype_mismatch(mhdr.mtype);
  if (!fport && !frm_payload.empty()) {
    return make_error("payload_without_fport",
                      "FRMPayload has " + std::to_string(frm_payload.size()) + " bytes but no FPort is set");
  }
  if (fport == 0 && !fopts.empty()) {
    return make_error("fopts_with_fport0", "frame carries " + std::to_string(fopts.size()) +
                                               " FOpts bytes and FPort 0; MAC commands may not be in both");
  }
  const std::size_t total = mic_input_length() + kMicLength;
  if (total > kMaxPhyPayload) {
    return make_error("frame_too_long", "frame would be " + std::to_string(total) +
                                            " bytes; a PHYPayload holds at most " +
                                            std::to_string(kMaxPhyPayload));
  }

  FCtrl fc = fctrl;
  fc.fopts_len = static_cast<std::uint8_t>(fopts.size());
  FrameBytes out;
  out.push_back(mhdr.to_byte());
  for (int shift = 0; shift < 32; shift += 8)
    out.push_back(static_cast<std::uint8_t>(dev_addr.value >> shift));
  out.push_back(fc.encode(direction()));
  out.push_back(static_cast<std::uint8_t>(fcnt16));
  out.push_back(static_cast<std::uint8_t>(fcnt16 >> 8));
  for (std::uint8_t byte : fopts) out.push_back(byte);
  if (fport) {
    out.push_back(*fport);
    for (std::uint8_t byte : frm_payload) out.push_back(byte);
  }
  for (std::uint8_t byte : mic) out.push_back(byte);
  return out;
}

}  // namespace onechan::lorawan
