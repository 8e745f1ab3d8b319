#include "daemon/network_server_link.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace onechan::daemon {
namespace {

// More than any datagram of the protocol (PULL_RESP with a 255-byte payload is well under 1 KiB; UDP's
// own limit is 65507).
constexpr std::size_t kReceiveBuffer = 65536;
// Datagrams handled per readable event; the level-triggered loop comes back for the rest after the other
// descriptors had their turn.
constexpr int kMaxDatagramsPerEvent = 32;

int open_connected_socket(const SocketAddress& to, std::string* error) {
  const int fd = ::socket(to.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to.storage), to.length) != 0) {
    *error = "connect to " + to.text() + ": " + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

NetworkServerLink::NetworkServerLink(EventLoop& loop, HostResolver& resolver, Logger& log,
                                     NetworkServerConfig server, LinkOptions options, SnapshotSource snapshot,
                                     DownlinkHandler on_downlink)
    : loop_(loop),
      resolver_(resolver),
      log_(log),
      server_(std::move(server)),
      options_(options),
      snapshot_(std::move(snapshot)),
      on_downlink_(std::move(on_downlink)),
      name_(server_.host + " (up " + std::to_string(server_.port_up) + ", down " +
            std::to_string(server_.port_down) + ")"),
      session_(options_.session, options_.rng_seed, monotonic_now_us()) {}

NetworkServerLink::~NetworkServerLink() {
  if (resolving_) resolver_.cancel(*resolving_);
  if (resolve_timer_ != 0) loop_.cancel_timer(resolve_timer_);
  if (poll_timer_ != 0) loop_.cancel_timer(poll_timer_);
  close_sockets();
}

void NetworkServerLink::start() {
  begin_resolution();
}

void NetworkServerLink::begin_resolution() {
  if (resolving_) return;
  if (resolve_timer_ != 0) {
    loop_.cancel_timer(resolve_timer_);
    resolve_timer_ = 0;
  }
  last_resolution_us_ = monotonic_now_us();
  resolving_ = resolver_.resolve(server_.host, [this](Result<std::vector<SocketAddress>> r) {
    resolving_.reset();
    on_resolved(std::move(r));
  });
}

void NetworkServerLink::on_resolved(Result<std::vector<SocketAddress>> result) {
  if (!result) {
    ++counters_.resolve_failures;
    log_.warning("server " + name_ + ": " + result.error().message + "; retrying in " +
                 std::to_string(options_.resolve_retry_us / 1'000'000) + " s");
    resolve_timer_ = loop_.add_timer_after(options_.resolve_retry_us, [this] {
      resolve_timer_ = 0;
      begin_resolution();
    });
    return;
  }
  ++counters_.resolutions;
  const SocketAddress& chosen = result->front();
  if (address_ && *address_ == chosen && up_fd_ >= 0) {
    // Same address: keep the sockets (and so the source ports the server knows).
    log_.debug("server " + name_ + ": still at " + chosen.text());
    return;
  }
  if (address_) ++counters_.address_changes;
  if (!open_sockets(chosen)) {
    resolve_timer_ = loop_.add_timer_after(options_.resolve_retry_us, [this] {
      resolve_timer_ = 0;
      begin_resolution();
    });
    return;
  }
  log_.info("server " + name_ + ": sending to " + chosen.with_port(server_.port_up).text() + " and " +
            chosen.with_port(server_.port_down).text());
  reschedule_poll();
}

bool NetworkServerLink::open_sockets(const SocketAddress& address) {
  std::string error;
  const int up = open_connected_socket(address.with_port(server_.port_up), &error);
  const int down = up < 0 ? -1 : open_connected_socket(address.with_port(server_.port_down), &error);
  if (down < 0) {
    if (up >= 0) ::close(up);
    ++counters_.send_errors;
    log_.error("server " + name_ + ": " + error);
    return false;
  }
  close_sockets();
  up_fd_ = up;
  down_fd_ = down;
  address_ = address;
  sockets_opened_us_ = monotonic_now_us();
  const auto w1 = loop_.watch(up_fd_, [this] { receive(semtech::Socket::Up); });
  const auto w2 = loop_.watch(down_fd_, [this] { receive(semtech::Socket::Down); });
  if (!w1 || !w2) {
    log_.error("server " + name_ + ": " + (!w1 ? w1.error().message : w2.error().message));
    close_sockets();
    return false;
  }
  return true;
}

void NetworkServerLink::close_sockets() {
  for (int* fd : {&up_fd_, &down_fd_}) {
    if (*fd < 0) continue;
    loop_.unwatch(*fd);
    ::close(*fd);
    *fd = -1;
  }
}

std::uint16_t NetworkServerLink::local_port(semtech::Socket socket) const {
  const int fd = fd_of(socket);
  if (fd < 0) return 0;
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) return 0;
  if (local.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
  if (local.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port);
  return 0;
}

bool NetworkServerLink::connected() const {
  return session_.connected(monotonic_now_us());
}

void NetworkServerLink::request_reresolution(const char* why) {
  if (resolving_ || resolve_timer_ != 0) return;  // already under way or planned
  const std::uint64_t now = monotonic_now_us();
  const std::uint64_t earliest = last_resolution_us_ ? *last_resolution_us_ + options_.resolve_retry_us : now;
  log_.debug(std::string("server ") + name_ + ": resolving the host again (" + why + ")");
  if (earliest <= now) {
    begin_resolution();
    return;
  }
  resolve_timer_ = loop_.add_timer_at(earliest, [this] {
    resolve_timer_ = 0;
    begin_resolution();
  });
}

void NetworkServerLink::reschedule_poll() {
  if (up_fd_ < 0) return;
  const std::uint64_t deadline = session_.next_deadline_us();
  if (poll_timer_ != 0) {
    if (poll_timer_deadline_us_ == deadline) return;
    loop_.cancel_timer(poll_timer_);
  }
  poll_timer_deadline_us_ = deadline;
  poll_timer_ = loop_.add_timer_at(deadline, [this] {
    poll_timer_ = 0;
    on_poll_due();
  });
}

void NetworkServerLink::on_poll_due() {
  const std::uint64_t now = monotonic_now_us();
  const auto outgoing = session_.poll(now, snapshot_ ? snapshot_() : semtech::GatewaySnapshot{});
  for (const auto& out : outgoing) send(out);
  check_link_health(now);
  reschedule_poll();
}

void NetworkServerLink::check_link_health(std::uint64_t now_us) {
  const bool up = session_.connected(now_us);
  if (up) return;
  if (was_connected_) {
    was_connected_ = false;
    log_.warning("server " + name_ + ": no PULL_ACK for " +
                 std::to_string(options_.session.link_timeout_us / 1'000'000) + " s");
  }
  // Silent for a whole link time-out since the sockets opened: the server may have moved.
  if (now_us - sockets_opened_us_ >= options_.session.link_timeout_us) request_reresolution("no PULL_ACK");
}

void NetworkServerLink::note_failure(const std::string& what) {
  const std::string line = "server " + name_ + ": " + what;
  if (failing_) {
    log_.debug(line);
  } else {
    log_.warning(line);
    failing_ = true;
  }
}

void NetworkServerLink::send(const semtech::Outgoing& out) {
  const int fd = fd_of(out.socket);
  if (fd < 0) return;
  const ssize_t n = ::send(fd, out.bytes.data(), out.bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n == static_cast<ssize_t>(out.bytes.size())) {
    ++counters_.datagrams_sent;
    return;
  }
  const int err = n < 0 ? errno : EMSGSIZE;
  const std::string what =
      std::string(semtech::packet_type_name(out.type)) + " not sent: " + std::strerror(err);
  if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS) {
    ++counters_.send_dropped;  // nothing waits for a slow path: the datagram is lost, as on the network
    note_failure(what);
    return;
  }
  ++counters_.send_errors;
  note_failure(what);
  request_reresolution("send error");
}

void NetworkServerLink::receive(semtech::Socket socket) {
  const int fd = fd_of(socket);
  std::array<std::uint8_t, kReceiveBuffer> buffer;
  for (int i = 0; i < kMaxDatagramsPerEvent && fd >= 0 && fd == fd_of(socket); ++i) {
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
      // On a connected UDP socket this is an ICMP error for an earlier send (ECONNREFUSED: nothing
      // listens on that port).
      ++counters_.receive_errors;
      note_failure(std::string(socket == semtech::Socket::Up ? "upstream" : "downstream") +
                   " socket: " + std::strerror(errno));
      request_reresolution("socket error");
      break;
    }
    ++counters_.datagrams_received;
    const std::uint64_t now = monotonic_now_us();
    const bool was_up = session_.connected(now);
    auto in = session_.handle_datagram(socket, ByteSpan(buffer.data(), static_cast<std::size_t>(n)), now);
    if (in.problem) {
      log_.warning("server " + name_ + ": " + in.problem->code + ": " + in.problem->message);
    } else {
      failing_ = false;
    }
    if (!was_up && session_.connected(now)) {
      was_connected_ = true;
      log_.info("server " + name_ + ": connected (PULL_ACK received)");
    }
    for (const auto& reply : in.replies) send(reply);
    if (in.downlink && on_downlink_) on_downlink_(*this, *in.downlink);
  }
  reschedule_poll();
}

void NetworkServerLink::push_rx(std::span<const semtech::RxPacket> packets) {
  if (packets.empty()) return;
  if (up_fd_ < 0) {
    counters_.frames_dropped_unresolved += packets.size();
    log_.debug("server " + name_ + ": no address yet, " + std::to_string(packets.size()) +
               " frame(s) not forwarded");
    return;
  }
  auto out = session_.push_rx(packets, monotonic_now_us());
  if (!out) {
    counters_.push_rx_failed += packets.size();
    log_.error("server " + name_ + ": frames not forwarded: " + out.error().message);
    return;
  }
  send(*out);
  reschedule_poll();  // the PUSH_ACK time-out may now be the earliest deadline
}

void NetworkServerLink::send_tx_ack(std::uint16_t token, semtech::TxAckError error) {
  send(session_.tx_ack(token, error));
}

void NetworkServerLink::send_tx_ack_power_warning(std::uint16_t token, int used_dbm) {
  send(session_.tx_ack_power_warning(token, used_dbm));
}

}  // namespace onechan::daemon
