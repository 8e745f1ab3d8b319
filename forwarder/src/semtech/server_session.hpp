// The gateway's side of the Semtech UDP protocol with ONE network server, as a state machine without
// sockets or clocks: the caller passes the time (a monotonic µs clock) and the datagrams it received, and
// gets back the datagrams to send and the next deadline. The daemon runs one session per server, so a
// server that never answers only ever affects its own counters.
//
//  upstream socket   PUSH_DATA (rxpk, stat) with a fresh random token each  ->  PUSH_ACK matched by token
//  downstream socket PULL_DATA keepalive every keepalive_interval          ->  PULL_ACK (the "connected"
//  signal)
//                    PULL_RESP (txpk)  ->  DownlinkRequest to the caller   ->  TX_ACK via tx_ack()
//
// Deterministic: the token generator is seeded by the caller (std::random_device in the daemon, a constant
// in tests).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"
#include "lorawan/types.hpp"
#include "semtech/datagram.hpp"
#include "semtech/tx_ack.hpp"
#include "semtech/txpk.hpp"
#include "semtech/upstream_json.hpp"

namespace onechan::semtech {

enum class Socket : std::uint8_t { Up, Down };

struct Outgoing {
  Socket socket = Socket::Up;
  PacketType type = PacketType::PushData;
  std::uint16_t token = 0;
  std::vector<std::uint8_t> bytes;
};

struct SessionConfig {
  lorawan::Eui64 gateway_eui;
  std::uint64_t keepalive_interval_us = 10'000'000;  // PULL_DATA period (Semtech's default is 10 s)
  std::uint64_t stat_interval_us = 30'000'000;       // stat period (Semtech's default is 30 s)
  // A PUSH_DATA without PUSH_ACK after this long counts as lost. Semtech's forwarder waits 100 ms because it
  // blocks on the answer; nothing blocks here, so the default allows for a far-away server.
  std::uint64_t push_ack_timeout_us = 1'000'000;
  // The server counts as connected while its last PULL_ACK is at most this old (3 keepalives by default).
  std::uint64_t link_timeout_us = 30'000'000;
  std::size_t max_pending_push = 64;  // PUSH_DATA awaiting an ack; the oldest is given up when full
};

// What only the caller knows, read when a stat is due. Totals since the daemon started: the session turns
// them into per-interval counts, as Semtech's forwarder reports them.
struct GatewaySnapshot {
  std::int64_t wall_time_unix_us = 0;
  std::optional<GatewayLocation> location;
  std::uint64_t rx_received_total = 0;  // frames the radio delivered, any CRC state
  std::uint64_t rx_crc_ok_total = 0;
  std::uint64_t tx_emitted_total = 0;  // frames actually transmitted
};

struct SessionCounters {
  std::uint64_t push_data_sent = 0;  // PUSH_DATA datagrams, rxpk and stat
  std::uint64_t rxpk_forwarded = 0;  // frames carried by them
  std::uint64_t stat_sent = 0;
  std::uint64_t push_ack_received = 0;  // matched by token within push_ack_timeout
  std::uint64_t push_ack_timed_out = 0;
  std::uint64_t push_ack_unexpected = 0;  // token not awaited: late, duplicated or foreign
  std::uint64_t pull_data_sent = 0;
  std::uint64_t pull_ack_received = 0;
  std::uint64_t pull_ack_missed = 0;  // a keepalive still unanswered when the next one left
  std::uint64_t pull_ack_unexpected = 0;
  std::uint64_t pull_resp_received = 0;  // every PULL_RESP, good or not (the stat's dwnb)
  std::uint64_t pull_resp_rejected = 0;  // txpk malformed; answered with a TX_ACK error at once
  std::uint64_t tx_ack_sent = 0;
  std::array<std::uint64_t, 8> tx_ack_by_error{};  // indexed by TxAckError
  std::uint64_t datagrams_rejected = 0;            // malformed, wrong version, wrong type for the socket
};

// A valid txpk the caller must now judge (region, board, timing) and answer with tx_ack(token, ...).
struct DownlinkRequest {
  std::uint16_t token = 0;
  TxRequest request;
};

// What handle_datagram() made of one received datagram.
struct Inbound {
  std::optional<DownlinkRequest> downlink;
  std::vector<Outgoing> replies;  // to send now (the TX_ACK of a malformed PULL_RESP)
  // Set when the datagram was not what it should be (for the log; it is already counted): a parse error,
  // a datagram type that does not belong on that socket, an ack with a token nobody waits for, or the
  // reason a PULL_RESP was refused.
  std::optional<Error> problem;
};

class ServerSession {
 public:
  ServerSession(const SessionConfig& config, std::uint64_t rng_seed, std::uint64_t now_us);

  // Does what is due at now_us: gives up PUSH_DATA whose ack is overdue, sends the PULL_DATA keepalive
  // (the first one at once) and the stat. Call it at next_deadline_us() or later.
  std::vector<Outgoing> poll(std::uint64_t now_us, const GatewaySnapshot& snapshot);
  std::uint64_t next_deadline_us() const;

  // A PUSH_DATA carrying these frames (upstream socket). Errors: those of build_rxpk_json().
  Result<Outgoing> push_rx(std::span<const RxPacket> packets, std::uint64_t now_us);

  // A datagram received on `socket` from this server.
  Inbound handle_datagram(Socket socket, ByteSpan bytes, std::uint64_t now_us);

  // The TX_ACK answering the PULL_RESP with `token` (downstream socket).
  Outgoing tx_ack(std::uint16_t token, TxAckError error);
  Outgoing tx_ack_power_warning(std::uint16_t token, int used_dbm);

  bool connected(std::uint64_t now_us) const;
  const SessionCounters& counters() const { return counters_; }
  std::optional<std::uint64_t> last_push_rtt_us() const { return last_push_rtt_us_; }
  std::optional<std::uint64_t> last_pull_rtt_us() const { return last_pull_rtt_us_; }
  std::size_t pending_push_acks() const { return pending_push_.size(); }

 private:
  struct PendingPush {
    std::uint16_t token;
    std::uint64_t sent_us;
  };

  std::uint16_t next_push_token();
  Outgoing send_push_data(std::string_view json, std::uint64_t now_us);
  void expire_push_acks(std::uint64_t now_us);
  void give_up_oldest_push();
  Outgoing make_stat(std::uint64_t now_us, const GatewaySnapshot& snapshot);
  Inbound handle_pull_resp(const Datagram& d);

  SessionConfig config_;
  std::mt19937_64 rng_;
  SessionCounters counters_;

  std::deque<PendingPush> pending_push_;
  std::optional<std::uint64_t> last_push_rtt_us_;

  std::uint64_t next_keepalive_us_;
  std::optional<std::uint16_t> pull_token_;  // the keepalive awaiting its PULL_ACK
  std::uint64_t pull_sent_us_ = 0;
  std::optional<std::uint64_t> last_pull_ack_us_;
  std::optional<std::uint64_t> last_pull_rtt_us_;

  std::uint64_t next_stat_us_;
  // Per-interval bookkeeping for the stat.
  std::optional<GatewaySnapshot> stat_baseline_;
  std::uint64_t interval_rxfw_ = 0;
  std::uint64_t interval_dwnb_ = 0;
  std::uint64_t interval_acked_ = 0;
  std::uint64_t interval_resolved_ = 0;
};

}  // namespace onechan::semtech
