// NetworkServerLink on real UDP sockets: a Semtech UDP "network server" in the test (two sockets on
// 127.0.0.1, ephemeral ports) in the same event loop. The datagram layout checked here is that of
// Semtech's packet_forwarder PROTOCOL.TXT (sections 3-6): version 2, token, type, gateway EUI; PUSH_DATA
// from the "up" socket, PULL_DATA/TX_ACK from the "down" socket, each acknowledged by echoing the token.
// Nothing asserts a duration; every test has a guard timer that fails it instead of hanging.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <string>
#include <vector>

#include "daemon/event_loop.hpp"
#include "daemon/host_resolver.hpp"
#include "daemon/log.hpp"
#include "daemon/network_server_link.hpp"
#include "semtech/datagram.hpp"
#include "semtech/tx_ack.hpp"

namespace onechan::daemon {
namespace {

using semtech::PacketType;

constexpr std::uint64_t kGuardUs = 10'000'000;
const lorawan::Eui64 kGatewayEui{0xAA555A0000000001ull};

int bind_loopback_udp(std::uint16_t* port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  *port = ntohs(a.sin_port);
  return fd;
}

// A network server on loopback. It records every datagram with its source port and answers PULL_DATA
// with PULL_ACK and PUSH_DATA with PUSH_ACK unless told to stay silent; hooks let a test add to that.
struct TestServer {
  struct Received {
    semtech::Datagram datagram;
    std::uint16_t from_port;
  };

  explicit TestServer(EventLoop& l, bool answer = true) : loop(l), answering(answer) {
    up = bind_loopback_udp(&up_port);
    down = bind_loopback_udp(&down_port);
    EXPECT_TRUE(loop.watch(up, [this] { receive(up, true); }));
    EXPECT_TRUE(loop.watch(down, [this] { receive(down, false); }));
  }
  ~TestServer() {
    loop.unwatch(up);
    loop.unwatch(down);
    ::close(up);
    ::close(down);
  }

  void receive(int fd, bool is_up) {
    std::vector<std::uint8_t> buf(65536);
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) return;
    if (!is_up) down_peer = from;  // where PULL_RESP goes: the gateway's down socket
    auto d = semtech::parse_datagram(ByteSpan(buf.data(), static_cast<std::size_t>(n)));
    ASSERT_TRUE(d) << d.error().message;
    auto& rec = (is_up ? up_received : down_received).emplace_back(Received{*d, ntohs(from.sin_port)});
    if (answering && d->type == PacketType::PullData) reply(down, from, semtech::encode_pull_ack(d->token));
    if (answering && d->type == PacketType::PushData) reply(up, from, semtech::encode_push_ack(d->token));
    if (on_datagram) on_datagram(rec, from);
  }
  void reply(int fd, const sockaddr_in& to, const std::vector<std::uint8_t>& bytes) {
    ASSERT_EQ(::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to),
              ssize_t(bytes.size()));
  }
  std::size_t count(const std::vector<Received>& v, PacketType t) const {
    std::size_t c = 0;
    for (const auto& r : v) c += r.datagram.type == t ? 1 : 0;
    return c;
  }

  EventLoop& loop;
  bool answering;
  int up = -1, down = -1;
  std::uint16_t up_port = 0, down_port = 0;
  std::vector<Received> up_received, down_received;
  sockaddr_in down_peer{};
  std::function<void(const Received&, const sockaddr_in& from)> on_datagram;
};

struct Fixture : ::testing::Test {
  void SetUp() override {
    auto l = EventLoop::create();
    ASSERT_TRUE(l);
    loop = std::move(*l);
    loop->add_timer_after(kGuardUs, [this] {
      ADD_FAILURE() << "guard timer: the loop did not stop";
      loop->stop();
    });
    auto r = HostResolver::create(*loop);
    ASSERT_TRUE(r);
    resolver = std::move(*r);
  }

  LinkOptions options() const {
    LinkOptions o;
    o.session.gateway_eui = kGatewayEui;
    o.rng_seed = 7;
    return o;
  }
  std::unique_ptr<NetworkServerLink> make_link(HostResolver& res, const std::string& host, std::uint16_t up,
                                               std::uint16_t down, LinkOptions o,
                                               NetworkServerLink::DownlinkHandler on_downlink = nullptr) {
    return std::make_unique<NetworkServerLink>(
        *loop, res, log, NetworkServerConfig{host, up, down}, o, [] { return semtech::GatewaySnapshot{}; },
        std::move(on_downlink));
  }
  bool logged(std::string_view needle) const {
    for (const auto& l : lines)
      if (l.find(needle) != std::string::npos) return true;
    return false;
  }
  // Stops after the events already queued in this turn were handled (loopback UDP queues a datagram at
  // the receiver before sendto() returns, so the answers sent so far are read first).
  void stop_next_turn() {
    loop->add_timer_at(0, [this] { loop->stop(); });
  }

  std::unique_ptr<EventLoop> loop;
  std::unique_ptr<HostResolver> resolver;
  std::vector<std::string> lines;
  Logger log{"onechan", LogLevel::Debug, [this](std::string_view l) { lines.emplace_back(l); }, false};
};

semtech::RxPacket uplink_packet() {
  semtech::RxPacket p;
  p.tmst_us = 3'512'348'611u;  // PROTOCOL.TXT's example tmst
  p.frequency_hz = 868'100'000;
  p.spreading_factor = 7;
  p.bandwidth_hz = 125'000;
  p.coding_rate = 5;
  p.rssi_dbm = -35;
  p.snr_centi_db = 510;
  const std::uint8_t bytes[] = {0x40, 0x11, 0x22, 0x33, 0x44, 0x00, 0x01, 0x00, 0x01};
  p.payload.assign(ByteSpan(bytes, sizeof bytes));
  return p;
}

// A downlink as The Things Stack sends it (RX2 of EU868: 869.525 MHz, SF9).
constexpr std::string_view kTxpk =
    R"({"txpk":{"imme":false,"tmst":4000000000,"freq":869.525,"rfch":0,"powe":14,"modu":"LORA",)"
    R"("datr":"SF9BW125","codr":"4/5","ipol":true,"size":4,"data":"AQIDBA==","ncrc":true}})";

TEST_F(Fixture, FullExchangeWithALoopbackServer) {
  TestServer server(*loop);
  std::vector<semtech::DownlinkRequest> downlinks;
  auto link = make_link(*resolver, "127.0.0.1", server.up_port, server.down_port, options(),
                        [&](NetworkServerLink& l, const semtech::DownlinkRequest& d) {
                          downlinks.push_back(d);
                          l.send_tx_ack(d.token, semtech::TxAckError::None);
                        });
  const auto packet = uplink_packet();
  server.on_datagram = [&](const TestServer::Received& r, const sockaddr_in&) {
    switch (r.datagram.type) {
      case PacketType::PullData:  // connected: forward a frame
        link->push_rx(std::span<const semtech::RxPacket>(&packet, 1));
        break;
      case PacketType::PushData:  // after the PUSH_ACK, a downlink
        server.reply(server.down, server.down_peer, semtech::encode_pull_resp(0xBEEF, kTxpk));
        break;
      case PacketType::TxAck:
        stop_next_turn();
        break;
      default:
        ADD_FAILURE() << "unexpected " << semtech::packet_type_name(r.datagram.type);
    }
  };
  link->start();
  ASSERT_TRUE(loop->run());

  // Up socket: one PUSH_DATA from the gateway's EUI with the rxpk; down socket: PULL_DATA, then TX_ACK.
  ASSERT_EQ(server.up_received.size(), 1u);
  const auto& push = server.up_received[0].datagram;
  EXPECT_EQ(push.type, PacketType::PushData);
  EXPECT_EQ(push.gateway_eui, kGatewayEui);
  EXPECT_NE(push.body.find(R"("freq":868.100000)"), std::string::npos) << push.body;
  EXPECT_NE(push.body.find(R"("tmst":3512348611)"), std::string::npos) << push.body;
  EXPECT_NE(push.body.find(R"("size":9,"data":"QBEiM0QAAQAB")"), std::string::npos);  // Python's base64
  ASSERT_EQ(server.down_received.size(), 2u);
  EXPECT_EQ(server.down_received[0].datagram.type, PacketType::PullData);
  EXPECT_EQ(server.down_received[0].datagram.gateway_eui, kGatewayEui);
  const auto& txack = server.down_received[1].datagram;
  EXPECT_EQ(txack.type, PacketType::TxAck);
  EXPECT_EQ(txack.token, 0xBEEF);  // echoes the PULL_RESP's token
  auto report = semtech::parse_tx_ack_body(txack.body);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->error, "NONE");
  // Two sockets, as Semtech's forwarder: PUSH_DATA from one port, PULL_DATA and TX_ACK from another.
  EXPECT_EQ(server.up_received[0].from_port, link->local_port(semtech::Socket::Up));
  EXPECT_EQ(server.down_received[0].from_port, link->local_port(semtech::Socket::Down));
  EXPECT_EQ(server.down_received[1].from_port, link->local_port(semtech::Socket::Down));
  EXPECT_NE(link->local_port(semtech::Socket::Up), link->local_port(semtech::Socket::Down));

  ASSERT_EQ(downlinks.size(), 1u);
  EXPECT_EQ(downlinks[0].request.frequency_hz, 869'525'000u);
  EXPECT_EQ(downlinks[0].request.spreading_factor, 9);
  EXPECT_TRUE(downlinks[0].request.invert_iq);

  const auto& s = link->session_counters();
  EXPECT_EQ(s.pull_data_sent, 1u);
  EXPECT_EQ(s.pull_ack_received, 1u);
  EXPECT_EQ(s.push_data_sent, 1u);
  EXPECT_EQ(s.push_ack_received, 1u);
  EXPECT_EQ(s.pull_resp_received, 1u);
  EXPECT_EQ(s.tx_ack_sent, 1u);
  EXPECT_TRUE(link->connected());
  EXPECT_EQ(link->counters().resolutions, 1u);
  EXPECT_EQ(link->counters().datagrams_sent, 3u);
  EXPECT_EQ(link->counters().send_errors, 0u);
  EXPECT_TRUE(logged("<6>onechan: server 127.0.0.1 (up " + std::to_string(server.up_port)));
  EXPECT_TRUE(logged("connected (PULL_ACK received)"));
}

TEST_F(Fixture, AMalformedPullRespIsAnsweredWithAnErrorAndNeverReachesTheRadio) {
  TestServer server(*loop);
  int downlinks = 0;
  auto link = make_link(*resolver, "127.0.0.1", server.up_port, server.down_port, options(),
                        [&](NetworkServerLink&, const semtech::DownlinkRequest&) { ++downlinks; });
  server.on_datagram = [&](const TestServer::Received& r, const sockaddr_in& from) {
    if (r.datagram.type == PacketType::PullData)
      server.reply(server.down, from,
                   semtech::encode_pull_resp(0x0102, R"({"txpk":{"imme":true,"freq":"868.1"}})"));
    if (r.datagram.type == PacketType::TxAck) stop_next_turn();
  };
  link->start();
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(downlinks, 0);
  ASSERT_EQ(server.count(server.down_received, PacketType::TxAck), 1u);
  const auto& txack = server.down_received.back().datagram;
  EXPECT_EQ(txack.token, 0x0102);
  auto report = semtech::parse_tx_ack_body(txack.body);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->error, "TX_FREQ");  // a freq that is not a number
  EXPECT_EQ(link->session_counters().pull_resp_rejected, 1u);
  EXPECT_TRUE(logged("<4>onechan: server 127.0.0.1"));
}

TEST_F(Fixture, SilentOrUnresolvableServersDoNotDelayAnother) {
  // B: its DNS lookup hangs until the end of the test. C: resolved, but its server never reads or answers.
  std::promise<void> release_dns;
  auto dns_released = release_dns.get_future().share();
  auto hanging = HostResolver::create(*loop, [dns_released](const std::string& host) {
    dns_released.wait();
    return resolve_with_getaddrinfo(host);
  });
  ASSERT_TRUE(hanging);
  std::uint16_t c_port = 0;
  const int c_sock = bind_loopback_udp(&c_port);

  TestServer a_server(*loop);
  auto opts = options();
  opts.session.push_ack_timeout_us = kGuardUs * 2;  // nothing of B's or C's is given up during the test
  auto b = make_link(**hanging, "b.example", 1700, 1700, opts);
  auto c = make_link(*resolver, "127.0.0.1", c_port, c_port, opts);
  int a_downlinks = 0;
  auto a = make_link(*resolver, "127.0.0.1", a_server.up_port, a_server.down_port, opts,
                     [&](NetworkServerLink& l, const semtech::DownlinkRequest& d) {
                       ++a_downlinks;
                       l.send_tx_ack(d.token, semtech::TxAckError::None);
                     });
  const auto packet = uplink_packet();
  a_server.on_datagram = [&](const TestServer::Received& r, const sockaddr_in&) {
    if (r.datagram.type == PacketType::PullData) {
      // The daemon hands each frame to every server in turn: the silent ones first.
      for (auto* l : {b.get(), c.get(), a.get()}) l->push_rx(std::span<const semtech::RxPacket>(&packet, 1));
    }
    if (r.datagram.type == PacketType::PushData)
      a_server.reply(a_server.down, a_server.down_peer, semtech::encode_pull_resp(0x4242, kTxpk));
    if (r.datagram.type == PacketType::TxAck) stop_next_turn();
  };
  b->start();
  c->start();
  a->start();
  ASSERT_TRUE(loop->run());

  EXPECT_EQ(a_downlinks, 1);
  EXPECT_EQ(a->session_counters().push_ack_received, 1u);
  EXPECT_EQ(a->session_counters().tx_ack_sent, 1u);
  EXPECT_FALSE(b->address().has_value());  // still resolving
  EXPECT_EQ(b->counters().frames_dropped_unresolved, 1u);
  EXPECT_EQ(c->session_counters().push_data_sent, 1u);
  EXPECT_EQ(c->session_counters().pull_data_sent, 1u);
  EXPECT_EQ(c->session_counters().pull_ack_received, 0u);
  EXPECT_EQ(c->session_counters().push_ack_received, 0u);
  EXPECT_EQ(c->session_counters().push_ack_timed_out, 0u);

  release_dns.set_value();  // lets the hanging lookup finish before its resolver joins it
  b.reset();
  hanging->reset();
  ::close(c_sock);
}

TEST(HostResolution, LocalhostResolvesToALoopbackAddress) {
  // RFC 6761 section 6.3: "localhost" names the loopback address (127.0.0.0/8 or ::1).
  auto r = resolve_with_getaddrinfo("localhost");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->empty());
  for (const auto& a : *r) {
    if (a.family() == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(&a.storage);
      EXPECT_EQ(ntohl(in->sin_addr.s_addr) >> 24, 127u) << a.text();
    } else {
      ASSERT_EQ(a.family(), AF_INET6);
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a.storage);
      EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr)) << a.text();
    }
  }
  EXPECT_EQ(resolve_with_getaddrinfo("127.0.0.1")->front().with_port(1700).text(), "127.0.0.1:1700");
  EXPECT_EQ(resolve_with_getaddrinfo("::1")->front().with_port(1700).text(), "[::1]:1700");
}

TEST_F(Fixture, AnUnresolvableHostIsRetriedLater) {
  std::atomic<int> calls{0};
  auto flaky =
      HostResolver::create(*loop, [&calls](const std::string& host) -> Result<std::vector<SocketAddress>> {
        if (++calls <= 2)
          return make_error("resolve_failed", "cannot resolve \"" + host + "\": Temporary failure");
        return resolve_with_getaddrinfo("127.0.0.1");
      });
  ASSERT_TRUE(flaky);
  TestServer server(*loop);
  auto opts = options();
  opts.resolve_retry_us = 1000;
  auto link = make_link(**flaky, "ns.example", server.up_port, server.down_port, opts);
  server.on_datagram = [&](const TestServer::Received& r, const sockaddr_in&) {
    if (r.datagram.type == PacketType::PullData) stop_next_turn();
  };
  const auto packet = uplink_packet();
  link->push_rx(std::span<const semtech::RxPacket>(&packet, 1));  // before any address: dropped, counted
  link->start();
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(link->counters().resolve_failures, 2u);
  EXPECT_EQ(link->counters().resolutions, 1u);
  EXPECT_EQ(link->counters().frames_dropped_unresolved, 1u);
  EXPECT_EQ(server.count(server.down_received, PacketType::PullData), 1u);
  EXPECT_TRUE(logged("<4>onechan: server ns.example (up " + std::to_string(server.up_port) + ", down " +
                     std::to_string(server.down_port) + "): cannot resolve \"ns.example\""));
}

// A resolver that counts its calls and stops the loop (thread-safe) at the second one.
struct CountingResolve {
  std::atomic<int>* calls;
  EventLoop* loop;
  Result<std::vector<SocketAddress>> operator()(const std::string&) const {
    if (++*calls == 2) loop->stop();
    return resolve_with_getaddrinfo("127.0.0.1");
  }
};

TEST_F(Fixture, NoPullAckForTheLinkTimeoutResolvesAgain) {
  std::atomic<int> calls{0};
  auto counting = HostResolver::create(*loop, CountingResolve{&calls, loop.get()});
  ASSERT_TRUE(counting);
  TestServer server(*loop, /*answer=*/false);
  auto opts = options();
  opts.session.keepalive_interval_us = 2'000;
  opts.session.link_timeout_us = 10'000;
  opts.resolve_retry_us = 1'000;
  auto link = make_link(**counting, "ns.example", server.up_port, server.down_port, opts);
  link->start();
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(calls.load(), 2);
  EXPECT_GE(server.count(server.down_received, PacketType::PullData), 2u);
  EXPECT_GE(link->session_counters().pull_ack_missed, 1u);
  EXPECT_TRUE(logged("resolving the host again (no PULL_ACK)"));
}

TEST_F(Fixture, ASocketErrorResolvesAgain) {
  // Nothing listens on this port: the kernel answers the PULL_DATA with ICMP port unreachable, which the
  // connected socket reports as ECONNREFUSED.
  std::uint16_t closed_port = 0;
  ::close(bind_loopback_udp(&closed_port));
  std::atomic<int> calls{0};
  auto counting = HostResolver::create(*loop, CountingResolve{&calls, loop.get()});
  ASSERT_TRUE(counting);
  auto opts = options();
  opts.resolve_retry_us = 1'000;
  auto link = make_link(**counting, "ns.example", closed_port, closed_port, opts);
  link->start();
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(calls.load(), 2);
  EXPECT_GE(link->counters().receive_errors + link->counters().send_errors, 1u);
  EXPECT_TRUE(logged("Connection refused"));
  EXPECT_TRUE(logged("resolving the host again"));
}

}  // namespace
}  // namespace onechan::daemon
