// Host-name resolution off the event loop. getaddrinfo() blocks for as long as the DNS server takes (the
// resolver's timeout and retries: many seconds when the network is down); run on the loop's thread it
// would stall every other server and the radio. Each request runs the resolve function on its own
// thread and hands the result back to the loop through an eventfd, so the callback runs on the loop's
// thread like every other callback.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "daemon/event_loop.hpp"
#include "lorawan/result.hpp"

namespace onechan::daemon {

// An IPv4 or IPv6 address with a port, as connect() takes it.
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;

  int family() const { return storage.ss_family; }
  SocketAddress with_port(std::uint16_t port) const;
  // "192.0.2.1:1700", "[2001:db8::1]:1700".
  std::string text() const;
  bool operator==(const SocketAddress& other) const;
  static SocketAddress from_sockaddr(const sockaddr* address, socklen_t length);
};

// The addresses of `host` (port 0), in getaddrinfo()'s order of preference. Errors: "resolve_failed"
// naming the host and gai_strerror()'s text, "resolve_empty" when no IPv4/IPv6 address came back.
using ResolveFunction = std::function<Result<std::vector<SocketAddress>>(const std::string& host)>;
Result<std::vector<SocketAddress>> resolve_with_getaddrinfo(const std::string& host);

class HostResolver {
 public:
  using RequestId = std::uint64_t;
  using Done = std::function<void(Result<std::vector<SocketAddress>>)>;

  // Errors: "eventfd_failed", and those of EventLoop::watch().
  static Result<std::unique_ptr<HostResolver>> create(EventLoop& loop,
                                                      ResolveFunction resolve = resolve_with_getaddrinfo);
  // Waits for the requests still running (their results are dropped).
  ~HostResolver();
  HostResolver(const HostResolver&) = delete;
  HostResolver& operator=(const HostResolver&) = delete;

  // Starts resolving; done() runs later in the loop (never inside this call).
  RequestId resolve(std::string host, Done done);
  // done() of this request will not run. No effect if it already ran.
  void cancel(RequestId id);
  std::size_t in_flight() const { return callbacks_.size(); }

 private:
  struct Completed {
    RequestId id;
    Result<std::vector<SocketAddress>> result;
  };
  struct Shared {
    std::mutex mutex;
    std::vector<Completed> completed;
  };

  HostResolver(EventLoop& loop, ResolveFunction resolve, int event_fd);
  void deliver();
  // Called on the lookup's thread (or in resolve() when no thread could start); wakes the loop.
  static void post_result(Shared& shared, int event_fd, RequestId id,
                          Result<std::vector<SocketAddress>> result);

  EventLoop& loop_;
  ResolveFunction resolve_;
  int event_fd_;
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
  RequestId next_id_ = 1;
  std::unordered_map<RequestId, Done> callbacks_;
  std::unordered_map<RequestId, std::thread> threads_;
};

}  // namespace onechan::daemon
