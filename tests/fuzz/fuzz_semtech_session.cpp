// Fuzz target: the gateway's side of the Semtech UDP protocol (forwarder/src/semtech/server_session.hpp)
// fed arbitrary datagrams on both sockets, interleaved with its own keepalives, stats and uplinks, as a
// network server (or anyone who can reach the gateway's ports) could send them.
//
// Input: a sequence of records  [control][length hi][length lo][datagram...]  (a short last record takes
// what is left). control bit 0: the socket (0 up, 1 down); bit 1: overwrite the datagram's token with the
// token of the session's last datagram on that socket, so that acknowledgements can match (the session's
// tokens are random, a fuzzer could not guess them); bits 7-2: time advance in 50 ms steps; bit 7 also
// makes the session send a PUSH_DATA uplink first, so that PUSH_ACKs have something to match.
//
// Invariants: everything the session sends parses back as the datagram it claims to be; a PULL_RESP yields
// either a downlink request or a TX_ACK with one of the protocol's error values, never both; the counters
// only grow and the pending PUSH_DATA list stays within its bound.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "semtech/datagram.hpp"
#include "semtech/server_session.hpp"
#include "semtech/tx_ack.hpp"

using namespace onechan;
using namespace onechan::semtech;

namespace {

constexpr lorawan::Eui64 kEui{0xAA555A0000000101};

void check_outgoing(const Outgoing& out) {
  auto parsed = parse_datagram(ByteSpan(out.bytes.data(), out.bytes.size()));
  if (!parsed || parsed->type != out.type || parsed->token != out.token) std::abort();
  if (carries_gateway_eui(out.type) && (!parsed->gateway_eui || parsed->gateway_eui->value != kEui.value)) {
    std::abort();
  }
  const bool down = out.type == PacketType::PullData || out.type == PacketType::TxAck;
  if (down != (out.socket == Socket::Down)) std::abort();
  if (out.type == PacketType::TxAck) {
    auto report = parse_tx_ack_body(parsed->body);
    if (!report || !tx_ack_error_from_name(report->error)) std::abort();
  }
}

std::uint64_t counters_sum(const SessionCounters& c) {
  return c.push_data_sent + c.push_ack_received + c.push_ack_timed_out + c.push_ack_unexpected +
         c.pull_data_sent + c.pull_ack_received + c.pull_ack_unexpected + c.pull_resp_received +
         c.pull_resp_rejected + c.tx_ack_sent + c.datagrams_rejected;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SessionConfig config;
  config.gateway_eui = kEui;
  config.max_pending_push = 4;
  std::uint64_t now = 1'000'000;
  ServerSession session(config, 42, now);
  std::uint16_t last_token[2] = {0, 0};

  RxPacket frame;
  frame.frequency_hz = 868'100'000;
  const std::uint8_t phy[] = {0x40, 1, 2, 3, 4, 0, 1, 0, 1, 0xAA, 0xBB, 0xCC, 0xDD};
  frame.payload.assign(ByteSpan(phy, sizeof phy));

  auto send_due = [&] {
    for (const auto& out : session.poll(now, GatewaySnapshot{})) {
      check_outgoing(out);
      last_token[out.socket == Socket::Down ? 1 : 0] = out.token;
    }
  };

  std::size_t pos = 0;
  while (pos < size) {
    const std::uint8_t control = data[pos++];
    std::size_t length = 0;
    if (pos + 2 <= size) length = std::size_t{data[pos]} << 8 | data[pos + 1];
    pos += 2;
    if (pos > size) pos = size;
    if (length > size - pos) length = size - pos;
    std::vector<std::uint8_t> datagram(data + pos, data + pos + length);
    pos += length;

    now += static_cast<std::uint64_t>(control >> 2) * 50'000;
    send_due();
    if (control & 0x80) {
      auto push = session.push_rx(std::span(&frame, 1), now);
      if (!push) std::abort();
      check_outgoing(*push);
      last_token[0] = push->token;
    }

    const Socket socket = (control & 1) ? Socket::Down : Socket::Up;
    if ((control & 2) && datagram.size() >= 3) {
      const std::uint16_t token = last_token[socket == Socket::Down ? 1 : 0];
      datagram[1] = static_cast<std::uint8_t>(token >> 8);
      datagram[2] = static_cast<std::uint8_t>(token);
    }

    const SessionCounters before = session.counters();
    auto parsed = parse_datagram(ByteSpan(datagram.data(), datagram.size()));
    Inbound in = session.handle_datagram(socket, ByteSpan(datagram.data(), datagram.size()), now);
    const SessionCounters& after = session.counters();

    if (counters_sum(after) < counters_sum(before)) std::abort();
    if (after.datagrams_rejected < before.datagrams_rejected) std::abort();
    if (session.pending_push_acks() > config.max_pending_push) std::abort();
    if (!parsed && (!in.problem || after.datagrams_rejected != before.datagrams_rejected + 1)) std::abort();

    const bool pull_resp = parsed && parsed->type == PacketType::PullResp && socket == Socket::Down;
    if ((after.pull_resp_received == before.pull_resp_received + 1) != pull_resp) std::abort();
    if (in.downlink) {
      if (!pull_resp || in.problem || !in.replies.empty() || in.downlink->token != parsed->token)
        std::abort();
      const Outgoing ack = session.tx_ack(in.downlink->token, TxAckError::None);
      check_outgoing(ack);
    } else if (pull_resp) {
      // A refused PULL_RESP is answered at once with exactly one TX_ACK carrying its token.
      if (!in.problem || in.replies.size() != 1 || in.replies[0].token != parsed->token) std::abort();
    }
    for (const auto& out : in.replies) check_outgoing(out);
    (void)session.connected(now);
    (void)session.next_deadline_us();
  }
  return 0;
}
