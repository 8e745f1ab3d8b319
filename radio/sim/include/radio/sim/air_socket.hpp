// UDP on loopback for the virtual air: an address type ("127.0.0.1:1700"), and a non-blocking socket
// that receives virtual-air datagrams on one address and sends them to others.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onechan::radio::sim {

struct AirAddress {
  std::uint32_t ipv4 = 0x7F000001;  // host byte order; 127.0.0.1
  std::uint16_t port = 0;
  std::string to_string() const;
  bool operator==(const AirAddress&) const = default;
};

// "A.B.C.D:PORT" or "localhost:PORT"; port 0..65535 (0: bind to any free port). On failure, *error
// says which part is wrong.
std::optional<AirAddress> parse_air_address(std::string_view text, std::string* error);

class AirSocket {
 public:
  AirSocket() = default;
  ~AirSocket();
  AirSocket(AirSocket&& other) noexcept;
  AirSocket& operator=(AirSocket&& other) noexcept;
  AirSocket(const AirSocket&) = delete;
  AirSocket& operator=(const AirSocket&) = delete;

  // A socket receiving on `address` (port 0: the kernel picks one, see local_address()).
  bool bind(const AirAddress& address, std::string* error);
  // A socket that only sends (bound to an ephemeral port).
  bool open(std::string* error);
  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  std::optional<AirAddress> local_address() const;

  bool send_to(const AirAddress& to, std::span<const std::uint8_t> datagram, std::string* error);
  // One pending datagram, or nullopt when none is waiting (the socket is non-blocking).
  std::optional<std::vector<std::uint8_t>> receive(AirAddress* from = nullptr);

 private:
  void close_fd();
  int fd_ = -1;
};

}  // namespace onechan::radio::sim
