// One network server of the Semtech UDP protocol, on the wire: two non-blocking UDP sockets connected to
// the server's address, as Semtech's packet forwarder has them (PUSH_DATA/PUSH_ACK on the "up" socket to
// port_up, PULL_DATA/PULL_ACK/PULL_RESP/TX_ACK on the "down" socket to port_down), driven by the event loop
// around the socket-free protocol state machine semtech::ServerSession (which does all the protocol).
//
// Nothing here can hold up another server or the radio:
//  - the host name is resolved off the loop (HostResolver), at start() and again after a failure: a send
//    or receive error (e.g. ICMP "port unreachable" reported as ECONNREFUSED), or no PULL_ACK for the
//    session's link_timeout. Never per packet; at most once per resolve_retry_us.
//  - sends never block (MSG_DONTWAIT): a full socket buffer drops the datagram and counts it; errors are
//    counted and logged (the first of a run as a warning, the rest at debug level).
//  - connected sockets accept datagrams from the server's address only.
// Until the first resolution succeeds, frames for this server are dropped and counted.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "daemon/event_loop.hpp"
#include "daemon/host_resolver.hpp"
#include "daemon/log.hpp"
#include "semtech/server_session.hpp"

namespace onechan::daemon {

struct NetworkServerConfig {
  std::string host;
  std::uint16_t port_up = 1700;
  std::uint16_t port_down = 1700;
};

struct LinkOptions {
  semtech::SessionConfig session;  // gateway EUI, keepalive, stat and time-out intervals
  std::uint64_t rng_seed = 0;      // token generator (std::random_device in the daemon)
  // Wait after a failed resolution, and the least time between two resolutions of this server.
  std::uint64_t resolve_retry_us = 30'000'000;
};

struct LinkCounters {
  std::uint64_t resolutions = 0;  // successful
  std::uint64_t resolve_failures = 0;
  std::uint64_t address_changes = 0;  // resolutions that moved the sockets to another address
  std::uint64_t datagrams_sent = 0;
  std::uint64_t datagrams_received = 0;
  std::uint64_t send_dropped = 0;  // socket buffer full (EAGAIN/ENOBUFS): dropped, never waited for
  std::uint64_t send_errors = 0;
  std::uint64_t receive_errors = 0;
  std::uint64_t frames_dropped_unresolved = 0;  // frames that arrived before any address was known
  std::uint64_t push_rx_failed = 0;             // frames the session could not encode (logged)
};

class NetworkServerLink {
 public:
  // A valid txpk for the caller to judge and schedule; it answers with send_tx_ack() on this link.
  using DownlinkHandler =
      std::function<void(NetworkServerLink& link, const semtech::DownlinkRequest& request)>;
  // Read when a stat is due (the radio's totals, wall time, location).
  using SnapshotSource = std::function<semtech::GatewaySnapshot()>;

  NetworkServerLink(EventLoop& loop, HostResolver& resolver, Logger& log, NetworkServerConfig server,
                    LinkOptions options, SnapshotSource snapshot, DownlinkHandler on_downlink);
  ~NetworkServerLink();
  NetworkServerLink(const NetworkServerLink&) = delete;
  NetworkServerLink& operator=(const NetworkServerLink&) = delete;

  // Starts resolving the host; the sockets open and the PULL_DATA keepalive starts when it succeeds.
  void start();

  // Forwards received frames in one PUSH_DATA (dropped and counted while unresolved).
  void push_rx(std::span<const semtech::RxPacket> packets);
  // Answers the PULL_RESP with `token` (the DownlinkRequest's).
  void send_tx_ack(std::uint16_t token, semtech::TxAckError error);
  void send_tx_ack_power_warning(std::uint16_t token, int used_dbm);

  // "host (up 1700, down 1700)", for log lines about this server.
  const std::string& name() const { return name_; }
  const NetworkServerConfig& server() const { return server_; }
  // The address the sockets are connected to (port 0), once resolved.
  const std::optional<SocketAddress>& address() const { return address_; }
  // True while the last PULL_ACK is at most link_timeout old.
  bool connected() const;
  const semtech::SessionCounters& session_counters() const { return session_.counters(); }
  const LinkCounters& counters() const { return counters_; }
  // The local port of each socket (0 while closed): what the server sees as the gateway's source port.
  std::uint16_t local_port(semtech::Socket socket) const;

 private:
  void begin_resolution();
  void on_resolved(Result<std::vector<SocketAddress>> result);
  bool open_sockets(const SocketAddress& address);
  void close_sockets();
  void request_reresolution(const char* why);
  void on_poll_due();
  void reschedule_poll();
  void check_link_health(std::uint64_t now_us);
  void send(const semtech::Outgoing& out);
  void receive(semtech::Socket socket);
  void note_failure(const std::string& what);
  int fd_of(semtech::Socket socket) const { return socket == semtech::Socket::Up ? up_fd_ : down_fd_; }

  EventLoop& loop_;
  HostResolver& resolver_;
  Logger& log_;
  NetworkServerConfig server_;
  LinkOptions options_;
  SnapshotSource snapshot_;
  DownlinkHandler on_downlink_;
  std::string name_;
  semtech::ServerSession session_;
  LinkCounters counters_;

  std::optional<SocketAddress> address_;
  int up_fd_ = -1;
  int down_fd_ = -1;
  std::uint64_t sockets_opened_us_ = 0;

  std::optional<HostResolver::RequestId> resolving_;
  std::optional<std::uint64_t> last_resolution_us_;  // when the last resolution was started
  TimerId resolve_timer_ = 0;
  TimerId poll_timer_ = 0;
  std::uint64_t poll_timer_deadline_us_ = 0;

  bool failing_ = false;  // errors since the last good exchange: log the first only as a warning
  bool was_connected_ = false;
};

}  // namespace onechan::daemon
