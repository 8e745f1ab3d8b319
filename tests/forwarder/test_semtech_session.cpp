// The per-server protocol state machine (forwarder/src/semtech/server_session.hpp), driven with explicit
// times and a fixed seed. Server datagrams are written as raw bytes from the PROTOCOL.TXT v2 tables
// (sections 3.3, 5.3, 5.4), not with the encoder under test.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "semtech/server_session.hpp"

namespace onechan::semtech {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint64_t kStart = 5'000'000;
constexpr std::uint64_t kSecond = 1'000'000;
const lorawan::Eui64 kEui{0xB827EBFFFE123456};

Bytes push_ack(std::uint16_t token) {
  return {2, static_cast<std::uint8_t>(token >> 8), static_cast<std::uint8_t>(token), 0x01};
}
Bytes pull_ack(std::uint16_t token) {
  return {2, static_cast<std::uint8_t>(token >> 8), static_cast<std::uint8_t>(token), 0x04};
}
Bytes pull_resp(std::uint16_t token, std::string_view json) {
  // Sized up front: GCC 12's -Warray-bounds misfires on inserting into a 4-element vector at -O2.
  Bytes b(4 + json.size());
  b[0] = 2;
  b[1] = static_cast<std::uint8_t>(token >> 8);
  b[2] = static_cast<std::uint8_t>(token);
  b[3] = 0x03;
  std::copy(json.begin(), json.end(), b.begin() + 4);
  return b;
}

std::uint16_t token_of(const Bytes& datagram) {
  return static_cast<std::uint16_t>((datagram[1] << 8) | datagram[2]);
}
std::string body_of(const Bytes& datagram, std::size_t header) {
  return std::string(datagram.begin() + static_cast<std::ptrdiff_t>(header), datagram.end());
}

RxPacket some_frame() {
  RxPacket p;
  p.frequency_hz = 868'100'000;
  p.payload.assign(Bytes{0x40, 1, 2, 3, 4, 0, 1, 0, 1, 0xAA, 0xBB, 0xCC, 0xDD});
  return p;
}

SessionConfig config() {
  SessionConfig c;
  c.gateway_eui = kEui;
  return c;
}

TEST(SemtechSession, FirstPollSendsAKeepaliveAndTheServerBecomesConnected) {
  ServerSession s(config(), 42, kStart);
  EXPECT_EQ(s.next_deadline_us(), kStart);
  EXPECT_FALSE(s.connected(kStart));
  auto out = s.poll(kStart, {});
  ASSERT_EQ(out.size(), 1u);
  const Outgoing& pull = out[0];
  EXPECT_EQ(pull.socket, Socket::Down);
  EXPECT_EQ(pull.type, PacketType::PullData);
  // PROTOCOL.TXT 5.2: version 2, token, 0x02, gateway EUI MSB first; nothing else.
  ASSERT_EQ(pull.bytes.size(), 12u);
  EXPECT_EQ(pull.bytes[0], 2);
  EXPECT_EQ(pull.bytes[3], 0x02);
  EXPECT_EQ(Bytes(pull.bytes.begin() + 4, pull.bytes.end()),
            (Bytes{0xB8, 0x27, 0xEB, 0xFF, 0xFE, 0x12, 0x34, 0x56}));
  EXPECT_EQ(token_of(pull.bytes), pull.token);
  EXPECT_EQ(s.next_deadline_us(), kStart + 10 * kSecond);

  auto in = s.handle_datagram(Socket::Down, pull_ack(pull.token), kStart + 40'000);
  EXPECT_FALSE(in.problem.has_value());
  EXPECT_TRUE(s.connected(kStart + 40'000));
  EXPECT_EQ(s.last_pull_rtt_us(), 40'000u);
  EXPECT_EQ(s.counters().pull_ack_received, 1u);
}

TEST(SemtechSession, KeepaliveEveryIntervalAndConnectionLostWithoutPullAcks) {
  ServerSession s(config(), 1, kStart);
  auto first = s.poll(kStart, {});
  (void)s.handle_datagram(Socket::Down, pull_ack(first[0].token), kStart + 1000);
  EXPECT_TRUE(s.poll(kStart + 9 * kSecond, {}).empty());
  for (int i = 1; i <= 4; ++i) {
    auto out = s.poll(kStart + static_cast<std::uint64_t>(i) * 10 * kSecond, {});
    ASSERT_GE(out.size(), 1u);
    EXPECT_EQ(out[0].type, PacketType::PullData);
  }
  EXPECT_EQ(s.counters().pull_data_sent, 5u);
  EXPECT_EQ(s.counters().pull_ack_missed, 3u);  // keepalives 2, 3 and 4 were unanswered when the next left
  EXPECT_TRUE(s.connected(kStart + 1000 + 30 * kSecond));
  EXPECT_FALSE(s.connected(kStart + 1001 + 30 * kSecond));
}

TEST(SemtechSession, KeepaliveIntervalIsConfigurableAndAStallDoesNotBurst) {
  SessionConfig c = config();
  c.keepalive_interval_us = 5 * kSecond;
  ServerSession s(c, 1, kStart);
  (void)s.poll(kStart, {});
  EXPECT_EQ(s.next_deadline_us(), kStart + 5 * kSecond);
  auto late = s.poll(kStart + 100 * kSecond, {});  // a long stall: one keepalive (and the stat), not 19
  std::size_t pulls = 0;
  for (const auto& o : late) {
    pulls += o.type == PacketType::PullData;
    if (o.type == PacketType::PushData)
      (void)s.handle_datagram(Socket::Up, push_ack(o.token), kStart + 100 * kSecond);
  }
  EXPECT_EQ(pulls, 1u);
  EXPECT_EQ(s.next_deadline_us(), kStart + 105 * kSecond);
}

TEST(SemtechSession, PullAckWithAnotherTokenIsCountedNotTrusted) {
  ServerSession s(config(), 7, kStart);
  auto out = s.poll(kStart, {});
  auto in =
      s.handle_datagram(Socket::Down, pull_ack(static_cast<std::uint16_t>(out[0].token ^ 1)), kStart + 10);
  ASSERT_TRUE(in.problem.has_value());
  EXPECT_EQ(in.problem->code, "unexpected_token");
  EXPECT_EQ(s.counters().pull_ack_unexpected, 1u);
  EXPECT_FALSE(s.connected(kStart + 10));
}

TEST(SemtechSession, PushDataCarriesTheRxpkAndAFreshTokenEachTime) {
  ServerSession s(config(), 99, kStart);
  const RxPacket frame = some_frame();
  std::set<std::uint16_t> tokens;
  std::vector<std::uint16_t> sequence;
  for (int i = 0; i < 200; ++i) {
    const std::uint64_t now = kStart + static_cast<std::uint64_t>(i) * 1000;
    auto push = s.push_rx(std::span(&frame, 1), now);
    ASSERT_TRUE(push.ok());
    EXPECT_EQ(push->socket, Socket::Up);
    EXPECT_EQ(push->type, PacketType::PushData);
    EXPECT_EQ(push->bytes[0], 2);
    EXPECT_EQ(push->bytes[3], 0x00);
    EXPECT_EQ(token_of(push->bytes), push->token);
    tokens.insert(push->token);
    sequence.push_back(push->token);
    (void)s.handle_datagram(Socket::Up, push_ack(push->token), now + 10);
  }
  // 200 draws from 65536 values: a handful of repeats at most, never a counter.
  EXPECT_GT(tokens.size(), 190u);
  int increments = 0;
  for (std::size_t i = 1; i < sequence.size(); ++i) increments += sequence[i] == sequence[i - 1] + 1;
  EXPECT_LT(increments, 3);

  auto push = s.push_rx(std::span(&frame, 1), kStart + kSecond);
  const auto doc = nlohmann::json::parse(body_of(push->bytes, 12));
  EXPECT_EQ(doc["rxpk"][0]["size"], 13);
  EXPECT_EQ(s.counters().rxpk_forwarded, 201u);
}

TEST(SemtechSession, TheSameSeedGivesTheSameTokens) {
  ServerSession a(config(), 2024, kStart);
  ServerSession b(config(), 2024, kStart);
  ServerSession c(config(), 2025, kStart);
  const RxPacket frame = some_frame();
  bool differs_from_c = false;
  for (int i = 0; i < 10; ++i) {
    const auto ta = a.push_rx(std::span(&frame, 1), kStart)->token;
    EXPECT_EQ(ta, b.push_rx(std::span(&frame, 1), kStart)->token);
    differs_from_c |= ta != c.push_rx(std::span(&frame, 1), kStart)->token;
  }
  EXPECT_TRUE(differs_from_c);
}

TEST(SemtechSession, PushAcksAreMatchedByTokenWithATimeout) {
  ServerSession s(config(), 5, kStart);
  (void)s.poll(kStart, {});
  const RxPacket frame = some_frame();
  auto p1 = *s.push_rx(std::span(&frame, 1), kStart);
  auto p2 = *s.push_rx(std::span(&frame, 1), kStart + 100);
  auto p3 = *s.push_rx(std::span(&frame, 1), kStart + 200);
  EXPECT_EQ(s.pending_push_acks(), 3u);
  EXPECT_EQ(s.next_deadline_us(), kStart + kSecond);  // p1's ack deadline comes before the keepalive

  // p2 acked out of order, in time.
  EXPECT_FALSE(s.handle_datagram(Socket::Up, push_ack(p2.token), kStart + 50'100).problem.has_value());
  EXPECT_EQ(s.last_push_rtt_us(), 50'000u);
  // The same ack again: nobody waits for it any more.
  EXPECT_EQ(s.handle_datagram(Socket::Up, push_ack(p2.token), kStart + 50'200).problem->code,
            "unexpected_token");
  // p1's ack arrives after its deadline: it has timed out, the late ack is unexpected.
  auto late = s.handle_datagram(Socket::Up, push_ack(p1.token), kStart + kSecond);
  EXPECT_EQ(late.problem->code, "unexpected_token");
  // p3 is acked just in time.
  EXPECT_FALSE(
      s.handle_datagram(Socket::Up, push_ack(p3.token), kStart + 200 + kSecond - 1).problem.has_value());

  const SessionCounters& n = s.counters();
  EXPECT_EQ(n.push_data_sent, 3u);
  EXPECT_EQ(n.push_ack_received, 2u);
  EXPECT_EQ(n.push_ack_timed_out, 1u);
  EXPECT_EQ(n.push_ack_unexpected, 2u);
  EXPECT_EQ(s.pending_push_acks(), 0u);
}

TEST(SemtechSession, AServerThatNeverAnswersCostsBoundedMemory) {
  SessionConfig c = config();
  c.max_pending_push = 8;
  c.push_ack_timeout_us = 3600 * kSecond;
  ServerSession s(c, 3, kStart);
  const RxPacket frame = some_frame();
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(s.push_rx(std::span(&frame, 1), kStart + static_cast<std::uint64_t>(i)).ok());
  EXPECT_EQ(s.pending_push_acks(), 8u);
  EXPECT_EQ(s.counters().push_ack_timed_out, 12u);
}

nlohmann::json stat_of(const std::vector<Outgoing>& out) {
  for (const Outgoing& o : out) {
    if (o.type == PacketType::PushData) return nlohmann::json::parse(body_of(o.bytes, 12))["stat"];
  }
  ADD_FAILURE() << "no stat datagram";
  return {};
}

TEST(SemtechSession, StatEveryIntervalWithPerIntervalCountsAndAckRatio) {
  ServerSession s(config(), 11, kStart);
  GatewaySnapshot snap;
  snap.rx_received_total = 100;  // the daemon ran before this session started
  snap.rx_crc_ok_total = 90;
  snap.tx_emitted_total = 7;
  (void)s.poll(kStart, snap);

  const RxPacket frame = some_frame();
  for (int i = 0; i < 4; ++i) {
    const std::uint64_t sent = kStart + kSecond * (1 + static_cast<std::uint64_t>(i));
    const Outgoing push = *s.push_rx(std::span(&frame, 1), sent);
    if (i < 3) (void)s.handle_datagram(Socket::Up, push_ack(push.token), sent + 500);  // the 4th is lost
  }
  // Two downlink requests in the interval, one good and one not.
  (void)s.handle_datagram(
      Socket::Down,
      pull_resp(
          1,
          R"({"txpk":{"imme":true,"freq":869.525,"modu":"LORA","datr":"SF9BW125","codr":"4/5","size":0,"data":""}})"),
      kStart + 6 * kSecond);
  (void)s.handle_datagram(Socket::Down, pull_resp(2, "{"), kStart + 7 * kSecond);

  snap.wall_time_unix_us = 1'389'517'168LL * 1'000'000;
  snap.location = GatewayLocation{46.24, 3.2523, 145};
  snap.rx_received_total = 106;
  snap.rx_crc_ok_total = 94;
  snap.tx_emitted_total = 8;
  EXPECT_EQ(s.next_deadline_us(), kStart + 10 * kSecond);  // the lost PUSH_DATA has timed out already
  const auto out = s.poll(kStart + 30 * kSecond, snap);
  const auto stat = stat_of(out);
  EXPECT_EQ(stat["time"], "2014-01-12 08:59:28 GMT");
  EXPECT_EQ(stat["lati"].get<double>(), 46.24);
  EXPECT_EQ(stat["rxnb"], 6);
  EXPECT_EQ(stat["rxok"], 4);
  EXPECT_EQ(stat["rxfw"], 4);
  EXPECT_EQ(stat["ackr"].get<double>(), 75.0);  // 3 of 4 PUSH_DATA acknowledged
  EXPECT_EQ(stat["dwnb"], 2);
  EXPECT_EQ(stat["txnb"], 1);
  EXPECT_EQ(s.counters().stat_sent, 1u);

  // The next interval starts from zero; the stat datagram itself is acknowledged in it.
  std::uint16_t stat_token = 0;
  for (const Outgoing& o : out) {
    if (o.type == PacketType::PushData) stat_token = o.token;
  }
  (void)s.handle_datagram(Socket::Up, push_ack(stat_token), kStart + 30 * kSecond + 100);
  const auto next = stat_of(s.poll(kStart + 60 * kSecond, snap));
  EXPECT_EQ(next["rxnb"], 0);
  EXPECT_EQ(next["rxfw"], 0);
  EXPECT_EQ(next["dwnb"], 0);
  EXPECT_EQ(next["txnb"], 0);
  EXPECT_EQ(next["ackr"].get<double>(), 100.0);
}

TEST(SemtechSession, StatIntervalIsConfigurable) {
  SessionConfig c = config();
  c.stat_interval_us = 60 * kSecond;
  ServerSession s(c, 1, kStart);
  (void)s.poll(kStart, {});
  std::size_t stats = 0;
  for (std::uint64_t t = kStart; t <= kStart + 180 * kSecond; t += kSecond) {
    for (const Outgoing& o : s.poll(t, {})) stats += o.type == PacketType::PushData;
  }
  EXPECT_EQ(stats, 3u);
}

TEST(SemtechSession, ValidPullRespIsHandedToTheCallerWhoAnswersWithTxAck) {
  ServerSession s(config(), 8, kStart);
  auto in = s.handle_datagram(
      Socket::Down,
      pull_resp(0xBEEF, R"({"txpk":{"tmst":123456789,"freq":868.1,"powe":14,"modu":"LORA","datr":"SF7BW125",)"
                        R"("codr":"4/5","ipol":true,"ncrc":true,"size":2,"data":"AAE="}})"),
      kStart);
  EXPECT_FALSE(in.problem.has_value());
  EXPECT_TRUE(in.replies.empty());
  ASSERT_TRUE(in.downlink.has_value());
  EXPECT_EQ(in.downlink->token, 0xBEEF);
  EXPECT_EQ(in.downlink->request.timing.tmst_us, 123'456'789u);
  EXPECT_EQ(in.downlink->request.frequency_hz, 868'100'000u);

  const Outgoing ack = s.tx_ack(in.downlink->token, TxAckError::None);
  EXPECT_EQ(ack.socket, Socket::Down);
  EXPECT_EQ(ack.type, PacketType::TxAck);
  // PROTOCOL.md 5.5: version, the PULL_RESP's token, 0x05, gateway EUI, JSON.
  EXPECT_EQ(Bytes(ack.bytes.begin(), ack.bytes.begin() + 12),
            (Bytes{2, 0xBE, 0xEF, 0x05, 0xB8, 0x27, 0xEB, 0xFF, 0xFE, 0x12, 0x34, 0x56}));
  EXPECT_EQ(body_of(ack.bytes, 12), R"({"txpk_ack":{"error":"NONE"}})");

  const Outgoing late = s.tx_ack(0xBEEF, TxAckError::TooLate);
  EXPECT_EQ(body_of(late.bytes, 12), R"({"txpk_ack":{"error":"TOO_LATE"}})");
  const Outgoing clamp = s.tx_ack_power_warning(0xBEEF, 14);
  EXPECT_EQ(body_of(clamp.bytes, 12), R"({"txpk_ack":{"error":"NONE","warn":"TX_POWER","value":14}})");

  const SessionCounters& n = s.counters();
  EXPECT_EQ(n.pull_resp_received, 1u);
  EXPECT_EQ(n.tx_ack_sent, 3u);
  EXPECT_EQ(n.tx_ack_by_error[static_cast<std::size_t>(TxAckError::None)], 2u);
  EXPECT_EQ(n.tx_ack_by_error[static_cast<std::size_t>(TxAckError::TooLate)], 1u);
}

TEST(SemtechSession, MalformedPullRespIsAnsweredAtOnceAndCounted) {
  ServerSession s(config(), 8, kStart);
  struct Case {
    std::string body;
    const char* code;
    const char* answer;
  };
  const Case cases[] = {
      {"{not json", "json_invalid", "TX_FREQ"},
      {R"({"txpk":{"imme":true,"freq":868.1234567,"modu":"LORA","datr":"SF7BW125","codr":"4/5","size":0,"data":""}})",
       "freq_sub_hz", "TX_FREQ"},
      {R"({"txpk":{"imme":true,"freq":868.1,"powe":-1,"modu":"LORA","datr":"SF7BW125","codr":"4/5","size":0,"data":""}})",
       "powe_out_of_range", "TX_POWER"},
      {R"({"txpk":{"imme":true,"freq":868.1,"modu":"LORA","datr":"SF7BW125","codr":"4/5","size":200,"data":"AAE="}})",
       "txpk_size_mismatch", "TX_FREQ"},
  };
  std::uint16_t token = 0x0100;
  for (const Case& c : cases) {
    auto in = s.handle_datagram(Socket::Down, pull_resp(token, c.body), kStart);
    EXPECT_FALSE(in.downlink.has_value());
    ASSERT_TRUE(in.problem.has_value());
    EXPECT_EQ(in.problem->code, c.code);
    ASSERT_EQ(in.replies.size(), 1u);
    EXPECT_EQ(in.replies[0].type, PacketType::TxAck);
    EXPECT_EQ(token_of(in.replies[0].bytes), token);
    EXPECT_EQ(body_of(in.replies[0].bytes, 12), std::string(R"({"txpk_ack":{"error":")") + c.answer + "\"}}");
    ++token;
  }
  EXPECT_EQ(s.counters().pull_resp_received, 4u);
  EXPECT_EQ(s.counters().pull_resp_rejected, 4u);
  EXPECT_EQ(s.counters().tx_ack_sent, 4u);
}

TEST(SemtechSession, DatagramsThatDoNotBelongAreRejectedAndCounted) {
  ServerSession s(config(), 8, kStart);
  const RxPacket frame = some_frame();
  auto push = *s.push_rx(std::span(&frame, 1), kStart);
  struct Case {
    Socket socket;
    Bytes bytes;
    const char* code;
  };
  const Case cases[] = {
      {Socket::Up, pull_resp(1, R"({"txpk":{}})"),
       "unexpected_datagram"},  // downlinks only on the down socket
      {Socket::Down, push_ack(push.token), "unexpected_datagram"},
      {Socket::Up, pull_ack(1), "unexpected_datagram"},
      {Socket::Down, push.bytes, "unexpected_datagram"},  // a gateway's datagram echoed back
      {Socket::Up, {1, 0, 0, 1}, "bad_version"},
      {Socket::Up, {2, 0}, "datagram_too_short"},
      {Socket::Down, {2, 0, 0, 9}, "unknown_type"},
      {Socket::Down, {2, 0, 0, 3}, "missing_json"},
  };
  for (const Case& c : cases) {
    auto in = s.handle_datagram(c.socket, c.bytes, kStart + 1);
    ASSERT_TRUE(in.problem.has_value());
    EXPECT_EQ(in.problem->code, c.code);
    EXPECT_TRUE(in.replies.empty());
    EXPECT_FALSE(in.downlink.has_value());
  }
  EXPECT_EQ(s.counters().datagrams_rejected, 8u);
  EXPECT_EQ(s.counters().pull_resp_received, 0u);
  EXPECT_EQ(s.pending_push_acks(), 1u);  // the misplaced PUSH_ACK did not count
}

TEST(SemtechSession, PushRxRefusesAnUnprintableFrame) {
  ServerSession s(config(), 8, kStart);
  RxPacket bad = some_frame();
  bad.bandwidth_hz = 62'500;
  auto r = s.push_rx(std::span(&bad, 1), kStart);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "bad_bandwidth");
  EXPECT_EQ(s.counters().push_data_sent, 0u);
}

TEST(SemtechSession, AClockReadOutOfOrderDoesNotExpireOrUnderflow) {
  ServerSession s(config(), 8, kStart);
  (void)s.poll(kStart, {});
  const RxPacket frame = some_frame();
  auto push = *s.push_rx(std::span(&frame, 1), kStart + 2 * kSecond);
  // An event stamped a little before the PUSH_DATA (two threads reading the clock) must not give it up.
  auto in = s.handle_datagram(Socket::Up, push_ack(push.token), kStart + 2 * kSecond - 10);
  EXPECT_FALSE(in.problem.has_value());
  EXPECT_EQ(s.last_push_rtt_us(), 0u);
  EXPECT_EQ(s.counters().push_ack_timed_out, 0u);
}

}  // namespace
}  // namespace onechan::semtech
