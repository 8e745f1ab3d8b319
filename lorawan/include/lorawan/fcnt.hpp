// Frame counters of LoRaWAN 1.0.x. Only the 16 least significant bits of FCnt travel on air
// (TS001-1.0.4 section 4.3.1.5); the receiver keeps the 32-bit counter and infers the upper 16 bits
// from the last value it accepted. This file does that inference and decides what an uplink's counter
// means for one device: new, a retransmission, a replay, a jump too far ahead, or (only when the
// device's policy allows it) a counter reset.
//
// How the 32-bit value is chosen:
//   - No history: the upper 16 bits are taken as 0 (a frame counter starts at 0 after a join or when an
//     ABP device is provisioned).
//   - Otherwise the candidate with the same low 16 bits at or above `last` (so 65535 -> 0 on air means
//     65536), as LoRaMac-node and ChirpStack do. If that candidate is within MAX_FCNT_GAP of `last` the
//     frame is New (or a Retransmission when equal).
//   - If it is further ahead, the frame is dropped either way; to say why, the nearer of the two
//     candidates (the one ahead and the one just below `last`) is reported: TooFarAhead or Replay.
//   - The counter ends at 2^32-1. A candidate that would need the counter to wrap past 2^32-1 does not
//     exist: LoRaWAN forbids reusing a counter value with the same session keys, so after 2^32-1 the
//     device has to rejoin (or be re-provisioned). Such a frame is reported as Replay with the value
//     below `last`. (ChirpStack, by contrast, wraps 2^32-1 -> 0.)
#pragma once

#include <cstdint>
#include <optional>

namespace onechan::lorawan {

// MAX_FCNT_GAP of LoRaWAN 1.0.x (RP002-1.0.4 default settings; TS001-1.0.3 section 4.3.1.5: a frame
// whose counter is more than MAX_FCNT_GAP ahead of the local counter is discarded). A gap of exactly
// 16384 is accepted here; LoRaMac-node already rejects 16384 (it tests `>= MAX_FCNT_GAP`).
inline constexpr std::uint32_t kMaxFCntGap = 16384;

// How strictly one device's uplink counter is checked.
enum class FCntPolicy : std::uint8_t {
  // The default, and what LoRaWAN 1.0.4 requires: ABP devices must persist their counters, so a counter
  // that goes backwards is a replay.
  Strict,
  // For ABP nodes that reset their counter to 0 on every reboot (many hobby nodes: an Arduino has no
  // spare EEPROM writes to burn). A counter below kRelaxedResetWindow that falls behind the last
  // accepted value is taken as a reboot (verdict Reset) and accepted.
  // INSECURE: anyone who recorded the device's earlier frames with small counters can replay them after
  // a reset (or at any time), and they will be accepted. Use only when the data is not worth protecting.
  Relaxed,
};

// Under FCntPolicy::Relaxed a frame whose 16-bit counter is below this is accepted as a counter reset.
// 128 frames leaves a rebooted node room for a few lost uplinks before the gateway hears it.
inline constexpr std::uint16_t kRelaxedResetWindow = 128;

enum class FCntVerdict : std::uint8_t {
  New,             // ahead of the last accepted counter by 1..kMaxFCntGap, or the first frame heard
  Retransmission,  // equal to the last accepted counter; the caller decides (by time and bytes) whether
                   // it is a true retransmission (NbTrans, confirmed retry) or a replay
  Replay,          // behind the last accepted counter
  TooFarAhead,     // more than kMaxFCntGap ahead of the last accepted counter
  Reset,           // FCntPolicy::Relaxed only: a small counter behind the last one, taken as a reboot
};

// "new", "retransmission", "replay", "too_far_ahead", "reset".
const char* fcnt_verdict_name(FCntVerdict verdict);

struct FCntCheck {
  FCntVerdict verdict = FCntVerdict::New;
  // The full 32-bit counter the frame most likely carries: the one to put in the MIC's B0 block, and
  // the new "last accepted" value once the MIC checks out and the verdict advances the counter.
  std::uint32_t fcnt = 0;
  // How far fcnt is from the last accepted counter (ahead for New/TooFarAhead, behind for Replay/Reset;
  // 0 for a Retransmission and for a first frame).
  std::uint32_t distance = 0;

  // True for New and Reset: after a valid MIC, store fcnt as the last accepted counter.
  bool advances_counter() const { return verdict == FCntVerdict::New || verdict == FCntVerdict::Reset; }

  friend bool operator==(const FCntCheck&, const FCntCheck&) = default;
};

// Classifies an uplink's 16-bit FCnt against the last accepted 32-bit counter of the device (none when
// nothing has been accepted yet).
FCntCheck check_uplink_fcnt(std::optional<std::uint32_t> last_accepted, std::uint16_t fcnt16,
                            FCntPolicy policy = FCntPolicy::Strict);

// For `onechan decode`: the 32-bit counter to use for a frame seen out of context. An explicit upper
// half (`--fcnt-msb N`) wins; otherwise the value check_uplink_fcnt infers from a known last counter;
// otherwise the upper 16 bits are 0.
std::uint32_t full_fcnt_for_decode(std::uint16_t fcnt16, std::optional<std::uint16_t> explicit_msb,
                                   std::optional<std::uint32_t> last_accepted);

}  // namespace onechan::lorawan
