// FCtrl, the frame-control byte of the FHDR (LoRaWAN 1.0.4 section 4.3.1). Bits 6 and 4 mean different
// things up and down, so decoding and encoding need the direction:
//   uplink:   ADR 0x80 | ADRACKReq 0x40 | ACK 0x20 | ClassB 0x10   | FOptsLen 0x0F
//   downlink: ADR 0x80 | RFU 0x40       | ACK 0x20 | FPending 0x10 | FOptsLen 0x0F
#pragma once

#include <cstdint>

#include "lorawan/types.hpp"

namespace onechan::lorawan {

struct FCtrl {
  bool adr = false;
  bool ack = false;
  bool adr_ack_req = false;    // uplink only
  bool class_b = false;        // uplink only
  bool f_pending = false;      // downlink only
  bool downlink_rfu = false;   // downlink bit 6 (RFU in 1.0.x); kept so a parsed frame re-encodes identically
  std::uint8_t fopts_len = 0;  // 0-15

  // Sets only the flags that exist in `dir`; the others stay false.
  static FCtrl decode(std::uint8_t byte, Direction dir);
  // Uses only the flags that exist in `dir`. Throws std::invalid_argument when fopts_len > 15 (a
  // programming error: DataFrame::serialize derives it from an FOpts buffer that holds at most 15 bytes).
  std::uint8_t encode(Direction dir) const;

  friend bool operator==(const FCtrl&, const FCtrl&) = default;
};

}  // namespace onechan::lorawan
