#include "lorawan/fcnt.hpp"

namespace onechan::lorawan {

namespace {

constexpr std::uint64_t kCounterSpan = 0x10000;  // values of the 16 bits on air
constexpr std::uint64_t kMaxCounter = 0xFFFFFFFF;

std::uint32_t to_u32(std::uint64_t v) {
  return static_cast<std::uint32_t>(v);
}

}  // namespace

const char* fcnt_verdict_name(FCntVerdict verdict) {
  switch (verdict) {
    case FCntVerdict::New:
      return "new";
    case FCntVerdict::Retransmission:
      return "retransmission";
    case FCntVerdict::Replay:
      return "replay";
    case FCntVerdict::TooFarAhead:
      return "too_far_ahead";
    case FCntVerdict::Reset:
      return "reset";
  }
  return "unknown";
}

FCntCheck check_uplink_fcnt(std::optional<std::uint32_t> last_accepted, std::uint16_t fcnt16,
                            FCntPolicy policy) {
  if (!last_accepted) return FCntCheck{FCntVerdict::New, fcnt16, 0};

  // 64-bit arithmetic so that a candidate past 2^32-1 is visible instead of silently wrapping.
  const std::uint64_t last = *last_accepted;
  std::uint64_t ahead = (last & ~(kCounterSpan - 1)) | fcnt16;
  if (ahead < last) ahead += kCounterSpan;  // now last <= ahead < last + 2^16
  const std::uint64_t ahead_distance = ahead - last;
  const bool ahead_exists = ahead <= kMaxCounter;

  if (ahead_exists && ahead_distance == 0) return FCntCheck{FCntVerdict::Retransmission, to_u32(ahead), 0};
  if (ahead_exists && ahead_distance <= kMaxFCntGap) {
    return FCntCheck{FCntVerdict::New, to_u32(ahead), to_u32(ahead_distance)};
  }

  // Dropped under the strict rule. Report the nearer reading; ties go to Replay, the safer assumption.
  const bool behind_exists = ahead >= kCounterSpan;
  const std::uint64_t behind = behind_exists ? ahead - kCounterSpan : 0;  // always < last
  const std::uint64_t behind_distance = last - behind;
  const bool replay = behind_exists && (!ahead_exists || behind_distance <= ahead_distance);
  if (!replay) return FCntCheck{FCntVerdict::TooFarAhead, to_u32(ahead), to_u32(ahead_distance)};

  if (policy == FCntPolicy::Relaxed && fcnt16 < kRelaxedResetWindow) {
    // The device restarted its counter: the new 32-bit counter is the 16-bit value itself.
    return FCntCheck{FCntVerdict::Reset, fcnt16, to_u32(last - fcnt16)};
  }
  return FCntCheck{FCntVerdict::Replay, to_u32(behind), to_u32(behind_distance)};
}

std::uint32_t full_fcnt_for_decode(std::uint16_t fcnt16, std::optional<std::uint16_t> explicit_msb,
                                   std::optional<std::uint32_t> last_accepted) {
  if (explicit_msb) return (static_cast<std::uint32_t>(*explicit_msb) << 16) | fcnt16;
  return check_uplink_fcnt(last_accepted, fcnt16).fcnt;
}

}  // namespace onechan::lorawan
