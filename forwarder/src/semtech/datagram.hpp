// The datagrams of the Semtech UDP packet-forwarder protocol, version 2 (Lora-net/packet_forwarder
// PROTOCOL.TXT and sx1302_hal packet_forwarder/PROTOCOL.md, sections 3 and 5):
//   byte 0 version (2) | bytes 1-2 token | byte 3 type | [bytes 4-11 gateway EUI] | [JSON]
// The gateway EUI is present in PUSH_DATA, PULL_DATA and TX_ACK (the gateway's datagrams), MSB first.
// The token is two opaque bytes that the acknowledgement echoes; it is held here as (byte1 << 8) | byte2 so
// that echoing it writes back the same two bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"
#include "lorawan/types.hpp"

namespace onechan::semtech {

inline constexpr std::uint8_t kProtocolVersion = 2;
inline constexpr std::size_t kHeaderSize = 4;
inline constexpr std::size_t kHeaderWithEuiSize = 12;

enum class PacketType : std::uint8_t {
  PushData = 0x00,  // gateway -> server, upstream socket: rxpk and/or stat
  PushAck = 0x01,   // server -> gateway, upstream socket
  PullData = 0x02,  // gateway -> server, downstream socket: keepalive that opens the path for downlinks
  PullResp = 0x03,  // server -> gateway, downstream socket: txpk
  PullAck = 0x04,   // server -> gateway, downstream socket
  TxAck = 0x05,     // gateway -> server, downstream socket: outcome of a PULL_RESP
};

// "PUSH_DATA", "PUSH_ACK", ... as the protocol document names them.
const char* packet_type_name(PacketType type);

// True for the types that carry the gateway EUI at bytes 4-11.
bool carries_gateway_eui(PacketType type);

struct Datagram {
  PacketType type = PacketType::PushData;
  std::uint16_t token = 0;
  std::optional<lorawan::Eui64> gateway_eui;  // for PUSH_DATA, PULL_DATA, TX_ACK
  std::string body;                           // the JSON text after the header (may be empty)
};

// Reads any datagram of the protocol, from either side. Never throws; errors:
//  "datagram_too_short"   fewer than 4 bytes
//  "bad_version"          byte 0 is not 2 (version 1 is the pre-TX_ACK protocol of old forwarders)
//  "unknown_type"         byte 3 is above 0x05
//  "missing_gateway_eui"  a PUSH_DATA, PULL_DATA or TX_ACK shorter than 12 bytes
//  "missing_json"         a PUSH_DATA or PULL_RESP without a JSON body
// The JSON body itself is not parsed here (see txpk.hpp and tx_ack.hpp). Bytes after the header of
// PUSH_ACK, PULL_ACK and PULL_DATA are ignored, as Semtech's forwarder and ChirpStack do.
Result<Datagram> parse_datagram(ByteSpan bytes);

// Serializes a datagram: the header, the EUI when the type carries one (Eui64{} if absent), then the body.
std::vector<std::uint8_t> encode_datagram(const Datagram& datagram);

// The common datagrams, built directly.
std::vector<std::uint8_t> encode_push_data(std::uint16_t token, lorawan::Eui64 gateway,
                                           std::string_view json);
std::vector<std::uint8_t> encode_pull_data(std::uint16_t token, lorawan::Eui64 gateway);
std::vector<std::uint8_t> encode_tx_ack(std::uint16_t token, lorawan::Eui64 gateway, std::string_view json);
// Server-side datagrams (for test servers and tools).
std::vector<std::uint8_t> encode_push_ack(std::uint16_t token);
std::vector<std::uint8_t> encode_pull_ack(std::uint16_t token);
std::vector<std::uint8_t> encode_pull_resp(std::uint16_t token, std::string_view json);

}  // namespace onechan::semtech
