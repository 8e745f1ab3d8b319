#include "lorawan/fctrl.hpp"

#include <stdexcept>

namespace onechan::lorawan {
namespace {

constexpr std::uint8_t kAdr = 0x80;
constexpr std::uint8_t kBit6 = 0x40;  // ADRACKReq up, RFU down
constexpr std::uint8_t kAck = 0x20;
constexpr std::uint8_t kBit4 = 0x10;  // ClassB up, FPending down
constexpr std::uint8_t kFOptsLenMask = 0x0F;

}  // namespace

FCtrl FCtrl::decode(std::uint8_t byte, Direction dir) {
  FCtrl f;
  f.adr = (byte & kAdr) != 0;
  f.ack = (byte & kAck) != 0;
  f.fopts_len = static_cast<std::uint8_t>(byte & kFOptsLenMask);
  if (dir == Direction::Uplink) {
    f.adr_ack_req = (byte & kBit6) != 0;
    f.class_b = (byte & kBit4) != 0;
  } else {
    f.downlink_rfu = (byte & kBit6) != 0;
    f.f_pending = (byte & kBit4) != 0;
  }
  return f;
}

std::uint8_t FCtrl::encode(Direction dir) const {
  if (fopts_len > kFOptsLenMask) throw std::invalid_argument("FCtrl: FOptsLen above 15");
  unsigned b = fopts_len;
  if (adr) b |= kAdr;
  if (ack) b |= kAck;
  if (dir == Direction::Uplink) {
    if (adr_ack_req) b |= kBit6;
    if (class_b) b |= kBit4;
  } else {
    if (downlink_rfu) b |= kBit6;
    if (f_pending) b |= kBit4;
  }
  return static_cast<std::uint8_t>(b);
}

}  // namespace onechan::lorawan
