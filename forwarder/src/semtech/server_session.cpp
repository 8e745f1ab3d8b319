#include "semtech/server_session.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace onechan::semtech {
namespace {

std::uint32_t saturate_u32(std::uint64_t v) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, std::numeric_limits<std::uint32_t>::max()));
}

// Elapsed time that never underflows if the caller's clock is read out of order.
std::uint64_t elapsed(std::uint64_t since, std::uint64_t now) {
  return now > since ? now - since : 0;
}

const char* socket_name(Socket s) {
  return s == Socket::Up ? "upstream" : "downstream";
}

bool belongs_on(Socket socket, PacketType type) {
  if (socket == Socket::Up) return type == PacketType::PushAck;
  return type == PacketType::PullAck || type == PacketType::PullResp;
}

}  // namespace

ServerSession::ServerSession(const SessionConfig& config, std::uint64_t rng_seed, std::uint64_t now_us)
    : config_(config),
      rng_(rng_seed),
      next_keepalive_us_(now_us),
      next_stat_us_(now_us + config.stat_interval_us) {
  if (config_.max_pending_push == 0) config_.max_pending_push = 1;
}

std::uint16_t ServerSession::next_push_token() {
  // Redraw on a clash with an ack still awaited, so one PUSH_ACK can never match two datagrams.
  for (;;) {
    const auto token = static_cast<std::uint16_t>(rng_() & 0xFFFF);
    const bool clash = std::any_of(pending_push_.begin(), pending_push_.end(),
                                   [token](const PendingPush& p) { return p.token == token; });
    if (!clash) return token;
  }
}

void ServerSession::give_up_oldest_push() {
  pending_push_.pop_front();
  ++counters_.push_ack_timed_out;
  ++interval_resolved_;
}

void ServerSession::expire_push_acks(std::uint64_t now_us) {
  while (!pending_push_.empty() &&
         elapsed(pending_push_.front().sent_us, now_us) >= config_.push_ack_timeout_us) {
    give_up_oldest_push();
  }
}

Outgoing ServerSession::send_push_data(std::string_view json, std::uint64_t now_us) {
  expire_push_acks(now_us);
  if (pending_push_.size() >= config_.max_pending_push) give_up_oldest_push();
  const std::uint16_t token = next_push_token();
  pending_push_.push_back(PendingPush{token, now_us});
  ++counters_.push_data_sent;
  return Outgoing{Socket::Up, PacketType::PushData, token,
                  encode_push_data(token, config_.gateway_eui, json)};
}

Result<Outgoing> ServerSession::push_rx(std::span<const RxPacket> packets, std::uint64_t now_us) {
  auto json = build_rxpk_json(packets);
  if (!json) return json.error();
  counters_.rxpk_forwarded += packets.size();
  interval_rxfw_ += packets.size();
  return send_push_data(*json, now_us);
}

Outgoing ServerSession::make_stat(std::uint64_t now_us, const GatewaySnapshot& snapshot) {
  const GatewaySnapshot& base = stat_baseline_.value_or(GatewaySnapshot{});
  StatReport report;
  report.time_unix_us = snapshot.wall_time_unix_us;
  report.location = snapshot.location;
  report.rxnb = saturate_u32(snapshot.rx_received_total - base.rx_received_total);
  report.rxok = saturate_u32(snapshot.rx_crc_ok_total - base.rx_crc_ok_total);
  report.rxfw = saturate_u32(interval_rxfw_);
  report.push_acked = saturate_u32(interval_acked_);
  report.push_resolved = saturate_u32(interval_resolved_);
  report.dwnb = saturate_u32(interval_dwnb_);
  report.txnb = saturate_u32(snapshot.tx_emitted_total - base.tx_emitted_total);

  stat_baseline_ = snapshot;
  interval_rxfw_ = interval_dwnb_ = interval_acked_ = interval_resolved_ = 0;
  ++counters_.stat_sent;
  return send_push_data(build_stat_json(report), now_us);
}

std::vector<Outgoing> ServerSession::poll(std::uint64_t now_us, const GatewaySnapshot& snapshot) {
  std::vector<Outgoing> out;
  expire_push_acks(now_us);
  // Counts of the first interval start from the totals at the first poll, not from zero.
  if (!stat_baseline_) stat_baseline_ = snapshot;

  if (now_us >= next_keepalive_us_) {
    if (pull_token_) ++counters_.pull_ack_missed;
    const auto token = static_cast<std::uint16_t>(rng_() & 0xFFFF);
    pull_token_ = token;
    pull_sent_us_ = now_us;
    ++counters_.pull_data_sent;
    out.push_back(
        Outgoing{Socket::Down, PacketType::PullData, token, encode_pull_data(token, config_.gateway_eui)});
    next_keepalive_us_ += config_.keepalive_interval_us;
    // After a long stall, resume the rhythm from now instead of firing a burst of keepalives.
    if (next_keepalive_us_ <= now_us) next_keepalive_us_ = now_us + config_.keepalive_interval_us;
  }
  if (now_us >= next_stat_us_) {
    out.push_back(make_stat(now_us, snapshot));
    next_stat_us_ += config_.stat_interval_us;
    if (next_stat_us_ <= now_us) next_stat_us_ = now_us + config_.stat_interval_us;
  }
  return out;
}

std::uint64_t ServerSession::next_deadline_us() const {
  std::uint64_t next = std::min(next_keepalive_us_, next_stat_us_);
  if (!pending_push_.empty())
    next = std::min(next, pending_push_.front().sent_us + config_.push_ack_timeout_us);
  return next;
}

Inbound ServerSession::handle_pull_resp(const Datagram& d) {
  Inbound in;
  ++counters_.pull_resp_received;
  ++interval_dwnb_;
  auto request = parse_txpk_json(d.body);
  if (request) {
    in.downlink = DownlinkRequest{d.token, *request};
    return in;
  }
  ++counters_.pull_resp_rejected;
  in.replies.push_back(tx_ack(d.token, tx_ack_error_for_parse_error(request.error())));
  in.problem = request.error();
  return in;
}

Inbound ServerSession::handle_datagram(Socket socket, ByteSpan bytes, std::uint64_t now_us) {
  expire_push_acks(now_us);
  Inbound in;
  auto parsed = parse_datagram(bytes);
  if (!parsed) {
    ++counters_.datagrams_rejected;
    in.problem = parsed.error();
    return in;
  }
  const Datagram& d = *parsed;
  if (!belongs_on(socket, d.type)) {
    ++counters_.datagrams_rejected;
    in.problem = make_error("unexpected_datagram", std::string(packet_type_name(d.type)) + " on the " +
                                                       socket_name(socket) + " socket");
    return in;
  }
  switch (d.type) {
    case PacketType::PushAck: {
      const auto it = std::find_if(pending_push_.begin(), pending_push_.end(),
                                   [&d](const PendingPush& p) { return p.token == d.token; });
      if (it == pending_push_.end()) {
        ++counters_.push_ack_unexpected;
        in.problem = make_error("unexpected_token", "PUSH_ACK with token " + std::to_string(d.token) +
                                                        " that no PUSH_DATA awaits (late or foreign)");
        return in;
      }
      last_push_rtt_us_ = elapsed(it->sent_us, now_us);
      pending_push_.erase(it);
      ++counters_.push_ack_received;
      ++interval_acked_;
      ++interval_resolved_;
      return in;
    }
    case PacketType::PullAck:
      if (!pull_token_ || *pull_token_ != d.token) {
        ++counters_.pull_ack_unexpected;
        in.problem = make_error("unexpected_token", "PULL_ACK with token " + std::to_string(d.token) +
                                                        " that is not the last PULL_DATA's");
        return in;
      }
      pull_token_.reset();
      ++counters_.pull_ack_received;
      last_pull_ack_us_ = now_us;
      last_pull_rtt_us_ = elapsed(pull_sent_us_, now_us);
      return in;
    case PacketType::PullResp:
      return handle_pull_resp(d);
    default:
      return in;  // unreachable: belongs_on() admits only the three types above
  }
}

Outgoing ServerSession::tx_ack(std::uint16_t token, TxAckError error) {
  ++counters_.tx_ack_sent;
  ++counters_.tx_ack_by_error[static_cast<std::size_t>(error)];
  return Outgoing{Socket::Down, PacketType::TxAck, token,
                  encode_tx_ack(token, config_.gateway_eui, tx_ack_body(error))};
}

Outgoing ServerSession::tx_ack_power_warning(std::uint16_t token, int used_dbm) {
  ++counters_.tx_ack_sent;
  ++counters_.tx_ack_by_error[static_cast<std::size_t>(TxAckError::None)];
  return Outgoing{Socket::Down, PacketType::TxAck, token,
                  encode_tx_ack(token, config_.gateway_eui, tx_ack_power_warning_body(used_dbm))};
}

bool ServerSession::connected(std::uint64_t now_us) const {
  return last_pull_ack_us_ && elapsed(*last_pull_ack_us_, now_us) <= config_.link_timeout_us;
}

}  // namespace onechan::semtech
