#include "radio/sim/air_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace onechan::radio::sim {

namespace {

sockaddr_in to_sockaddr(const AirAddress& a) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(a.ipv4);
  sa.sin_port = htons(a.port);
  return sa;
}

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

// A datagram carries at most 22 header bytes + 255 payload bytes; anything up to this size is read
// whole, so an oversized datagram shows up as a length mismatch rather than being cut silently.
constexpr std::size_t kMaxDatagram = 2048;

}  // namespace

std::string AirAddress::to_string() const {
  return std::to_string(ipv4 >> 24) + "." + std::to_string((ipv4 >> 16) & 0xFF) + "." +
         std::to_string((ipv4 >> 8) & 0xFF) + "." + std::to_string(ipv4 & 0xFF) + ":" + std::to_string(port);
}

std::optional<AirAddress> parse_air_address(std::string_view text, std::string* error) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    if (error) *error = "address '" + std::string(text) + "' needs a port: HOST:PORT, e.g. 127.0.0.1:1700";
    return std::nullopt;
  }
  const std::string host(text.substr(0, colon));
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    if (error)
      *error = "port '" + std::string(port_text) + "' in '" + std::string(text) + "' is not 0..65535";
    return std::nullopt;
  }
  in_addr addr{};
  if (host == "localhost") {
    addr.s_addr = htonl(INADDR_LOOPBACK);
  } else if (inet_pton(AF_INET, host.c_str(), &addr) != 1) {
    if (error) *error = "host '" + host + "' is not an IPv4 address (A.B.C.D) or localhost";
    return std::nullopt;
  }
  return AirAddress{ntohl(addr.s_addr), static_cast<std::uint16_t>(port)};
}

AirSocket::~AirSocket() {
  close_fd();
}

AirSocket::AirSocket(AirSocket&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

AirSocket& AirSocket::operator=(AirSocket&& other) noexcept {
  if (this != &other) {
    close_fd();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void AirSocket::close_fd() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool AirSocket::bind(const AirAddress& address, std::string* error) {
  close_fd();
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    if (error) *error = errno_text("socket");
    return false;
  }
  const sockaddr_in sa = to_sockaddr(address);
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    if (error) *error = errno_text(("bind " + address.to_string()).c_str());
    close_fd();
    return false;
  }
  return true;
}

bool AirSocket::open(std::string* error) {
  return bind(AirAddress{0x7F000001, 0}, error);
}

std::optional<AirAddress> AirSocket::local_address() const {
  sockaddr_in sa{};
  socklen_t len = sizeof sa;
  if (fd_ < 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len) != 0) return std::nullopt;
  return AirAddress{ntohl(sa.sin_addr.s_addr), ntohs(sa.sin_port)};
}

bool AirSocket::send_to(const AirAddress& to, std::span<const std::uint8_t> datagram, std::string* error) {
  const sockaddr_in sa = to_sockaddr(to);
  const ssize_t n =
      ::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  if (n < 0 || static_cast<std::size_t>(n) != datagram.size()) {
    if (error) *error = errno_text(("send to " + to.to_string()).c_str());
    return false;
  }
  return true;
}

std::optional<std::vector<std::uint8_t>> AirSocket::receive(AirAddress* from) {
  std::vector<std::uint8_t> buf(kMaxDatagram);
  sockaddr_in sa{};
  socklen_t len = sizeof sa;
  // MSG_TRUNC: n is the datagram's real size even when it did not fit.
  const ssize_t n =
      ::recvfrom(fd_, buf.data(), buf.size(), MSG_TRUNC, reinterpret_cast<sockaddr*>(&sa), &len);
  if (n < 0) return std::nullopt;
  if (static_cast<std::size_t>(n) < buf.size()) buf.resize(static_cast<std::size_t>(n));
  if (from) *from = AirAddress{ntohl(sa.sin_addr.s_addr), ntohs(sa.sin_port)};
  return buf;
}

}  // namespace onechan::radio::sim
