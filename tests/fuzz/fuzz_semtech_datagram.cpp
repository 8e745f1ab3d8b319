// Fuzz target: the Semtech UDP datagram parser (forwarder/src/semtech/datagram.hpp), which reads every
// datagram a network server sends, and the JSON bodies behind it (PULL_RESP's txpk, TX_ACK's txpk_ack).
// Invariants: the gateway EUI is there exactly for the types that carry one, and encode_datagram writes
// back the bytes that were read (all of them for the types with a JSON body; the header for the acks and
// PULL_DATA, whose trailing bytes the parser ignores by design).
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "semtech/datagram.hpp"
#include "semtech/tx_ack.hpp"
#include "semtech/txpk.hpp"

using namespace onechan;
using namespace onechan::semtech;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = parse_datagram(ByteSpan(data, size));
  if (!parsed) {
    if (parsed.error().code.empty() || parsed.error().message.empty()) std::abort();
    return 0;
  }
  const Datagram& d = *parsed;
  if (data[0] != kProtocolVersion || static_cast<std::uint8_t>(d.type) != data[3]) std::abort();
  if (d.token != (std::uint16_t{data[1]} << 8 | data[2])) std::abort();
  if (d.gateway_eui.has_value() != carries_gateway_eui(d.type)) std::abort();

  const auto encoded = encode_datagram(d);
  const bool has_body =
      d.type == PacketType::PushData || d.type == PacketType::PullResp || d.type == PacketType::TxAck;
  const std::size_t header = carries_gateway_eui(d.type) ? kHeaderWithEuiSize : kHeaderSize;
  const std::size_t expected = has_body ? size : header;
  if (encoded.size() != expected || std::memcmp(encoded.data(), data, expected) != 0) std::abort();
  if (!has_body && !d.body.empty()) std::abort();

  if (d.type == PacketType::PullResp) {
    auto request = parse_txpk_json(d.body);
    if (!request) (void)tx_ack_error_for_parse_error(request.error());
  } else if (d.type == PacketType::TxAck) {
    (void)parse_tx_ack_body(d.body);
  }
  return 0;
}
