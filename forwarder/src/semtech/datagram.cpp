#include "semtech/datagram.hpp"

#include <cstdio>

namespace onechan::semtech {

const char* packet_type_name(PacketType type) {
  switch (type) {
    case PacketType::PushData:
      return "PUSH_DATA";
    case PacketType::PushAck:
      return "PUSH_ACK";
    case PacketType::PullData:
      return "PULL_DATA";
    case PacketType::PullResp:
      return "PULL_RESP";
    case PacketType::PullAck:
      return "PULL_ACK";
    case PacketType::TxAck:
      return "TX_ACK";
  }
  return "UNKNOWN";
}

bool carries_gateway_eui(PacketType type) {
  return type == PacketType::PushData || type == PacketType::PullData || type == PacketType::TxAck;
}

Result<Datagram> parse_datagram(ByteSpan bytes) {
  if (bytes.size() < kHeaderSize) {
    return make_error("datagram_too_short", "a Semtech datagram has at least 4 bytes, this one has " +
                                                std::to_string(bytes.size()));
  }
  if (bytes[0] != kProtocolVersion) {
    return make_error("bad_version",
                      "protocol version " + std::to_string(bytes[0]) +
                          (bytes[0] == 1 ? " (the old v1 protocol without TX_ACK)" : std::string()) +
                          "; only version 2 is spoken");
  }
  if (bytes[3] > static_cast<std::uint8_t>(PacketType::TxAck)) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(bytes[3]));
    return make_error("unknown_type", std::string("unknown datagram type ") + hex + " (known: 0x00-0x05)");
  }
  Datagram d;
  d.type = static_cast<PacketType>(bytes[3]);
  d.token = static_cast<std::uint16_t>((bytes[1] << 8) | bytes[2]);
  std::size_t body_at = kHeaderSize;
  if (carries_gateway_eui(d.type)) {
    if (bytes.size() < kHeaderWithEuiSize) {
      return make_error("missing_gateway_eui", std::string(packet_type_name(d.type)) +
                                                   " needs 12 bytes (header and gateway EUI), got " +
                                                   std::to_string(bytes.size()));
    }
    std::uint64_t eui = 0;
    for (std::size_t i = 4; i < 12; ++i) eui = (eui << 8) | bytes[i];
    d.gateway_eui = lorawan::Eui64{eui};
    body_at = kHeaderWithEuiSize;
  }
  switch (d.type) {
    case PacketType::PushData:
    case PacketType::PullResp:
    case PacketType::TxAck:
      d.body.assign(reinterpret_cast<const char*>(bytes.data()) + body_at, bytes.size() - body_at);
      break;
    default:
      break;
  }
  if ((d.type == PacketType::PushData || d.type == PacketType::PullResp) && d.body.empty()) {
    return make_error("missing_json", std::string(packet_type_name(d.type)) + " carries no JSON body");
  }
  return d;
}

std::vector<std::uint8_t> encode_datagram(const Datagram& datagram) {
  std::vector<std::uint8_t> out;
  out.reserve(kHeaderWithEuiSize + datagram.body.size());
  out.push_back(kProtocolVersion);
  out.push_back(static_cast<std::uint8_t>(datagram.token >> 8));
  out.push_back(static_cast<std::uint8_t>(datagram.token & 0xFF));
  out.push_back(static_cast<std::uint8_t>(datagram.type));
  if (carries_gateway_eui(datagram.type)) {
    const std::uint64_t eui = datagram.gateway_eui.value_or(lorawan::Eui64{}).value;
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(eui >> shift));
  }
  out.insert(out.end(), datagram.body.begin(), datagram.body.end());
  return out;
}

namespace {

std::vector<std::uint8_t> encode(PacketType type, std::uint16_t token, std::optional<lorawan::Eui64> eui,
                                 std::string_view body) {
  return encode_datagram(Datagram{type, token, eui, std::string(body)});
}

}  // namespace

std::vector<std::uint8_t> encode_push_data(std::uint16_t token, lorawan::Eui64 gateway,
                                           std::string_view json) {
  return encode(PacketType::PushData, token, gateway, json);
}
std::vector<std::uint8_t> encode_pull_data(std::uint16_t token, lorawan::Eui64 gateway) {
  return encode(PacketType::PullData, token, gateway, {});
}
std::vector<std::uint8_t> encode_tx_ack(std::uint16_t token, lorawan::Eui64 gateway, std::string_view json) {
  return encode(PacketType::TxAck, token, gateway, json);
}
std::vector<std::uint8_t> encode_push_ack(std::uint16_t token) {
  return encode(PacketType::PushAck, token, std::nullopt, {});
}
std::vector<std::uint8_t> encode_pull_ack(std::uint16_t token) {
  return encode(PacketType::PullAck, token, std::nullopt, {});
}
std::vector<std::uint8_t> encode_pull_resp(std::uint16_t token, std::string_view json) {
  return encode(PacketType::PullResp, token, std::nullopt, json);
}

}  // namespace onechan::semtech
