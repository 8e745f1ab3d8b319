#include "lorawan/mhdr.hpp"

#include <string>

namespace onechan::lorawan {

const char* mtype_name(MType mtype) {
  switch (mtype) {
    case MType::JoinRequest:
      return "JoinRequest";
    case MType::JoinAccept:
      return "JoinAccept";
    case MType::UnconfirmedDataUp:
      return "UnconfirmedDataUp";
    case MType::UnconfirmedDataDown:
      return "UnconfirmedDataDown";
    case MType::ConfirmedDataUp:
      return "ConfirmedDataUp";
    case MType::ConfirmedDataDown:
      return "ConfirmedDataDown";
    case MType::RFU:
      return "RFU";
    case MType::Proprietary:
      return "Proprietary";
  }
  return "RFU";
}

std::optional<Direction> mtype_direction(MType mtype) {
  switch (mtype) {
    case MType::JoinRequest:
    case MType::UnconfirmedDataUp:
    case MType::ConfirmedDataUp:
      return Direction::Uplink;
    case MType::JoinAccept:
    case MType::UnconfirmedDataDown:
    case MType::ConfirmedDataDown:
      return Direction::Downlink;
    case MType::RFU:
    case MType::Proprietary:
      break;
  }
  return std::nullopt;
}

bool is_uplink(MType mtype) {
  return mtype_direction(mtype) == Direction::Uplink;
}

bool is_data(MType mtype) {
  return mtype == MType::UnconfirmedDataUp || mtype == MType::UnconfirmedDataDown ||
         mtype == MType::ConfirmedDataUp || mtype == MType::ConfirmedDataDown;
}

bool is_confirmed(MType mtype) {
  return mtype == MType::ConfirmedDataUp || mtype == MType::ConfirmedDataDown;
}

Result<Mhdr> Mhdr::parse(std::uint8_t byte) {
  const auto major = static_cast<std::uint8_t>(byte & 0x03);
  if (major != 0) {
    return make_error("major_unsupported",
                      "MHDR Major is " + std::to_string(major) + "; only 0 (LoRaWAN R1) is defined");
  }
  const auto mtype = static_cast<MType>(byte >> 5);
  if (mtype == MType::RFU) {
    return make_error("mtype_rfu",
                      "MHDR MType 6 is RFU in LoRaWAN 1.0.x (RejoinRequest exists only in LoRaWAN 1.1)");
  }
  return Mhdr{mtype, static_cast<std::uint8_t>((byte >> 2) & 0x07), Major::LoRaWANR1};
}

std::uint8_t Mhdr::to_byte() const {
  return static_cast<std::uint8_t>((static_cast<unsigned>(mtype) << 5) | ((rfu & 0x07u) << 2) |
                                   (static_cast<unsigned>(major) & 0x03u));
}

std::uint32_t mic_value(const Mic& mic) {
  return static_cast<std::uint32_t>(mic[0]) | (static_cast<std::uint32_t>(mic[1]) << 8) |
         (static_cast<std::uint32_t>(mic[2]) << 16) | (static_cast<std::uint32_t>(mic[3]) << 24);
}

Mic mic_from_value(std::uint32_t value) {
  return Mic{static_cast<std::uint8_t>(value), static_cast<std::uint8_t>(value >> 8),
             static_cast<std::uint8_t>(value >> 16), static_cast<std::uint8_t>(value >> 24)};
}

ByteSpan mic_covered_bytes(ByteSpan phy_payload) {
  if (phy_payload.size() < kMicLength) return {};
  return phy_payload.first(phy_payload.size() - kMicLength);
}

}  // namespace onechan::lorawan
