#include "daemon/host_resolver.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace onechan::daemon {

SocketAddress SocketAddress::from_sockaddr(const sockaddr* address, socklen_t length) {
  SocketAddress a;
  a.length = std::min<socklen_t>(length, sizeof a.storage);
  std::memcpy(&a.storage, address, a.length);
  return a;
}

SocketAddress SocketAddress::with_port(std::uint16_t port) const {
  SocketAddress a = *this;
  if (a.family() == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&a.storage)->sin_port = htons(port);
  } else if (a.family() == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_port = htons(port);
  }
  return a;
}

std::string SocketAddress::text() const {
  char host[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&storage);
    ::inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (family() == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&storage);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "(address family " + std::to_string(family()) + ")";
}

bool SocketAddress::operator==(const SocketAddress& other) const {
  return length == other.length && std::memcmp(&storage, &other.storage, length) == 0;
}

Result<std::vector<SocketAddress>> resolve_with_getaddrinfo(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* list = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    const char* reason = rc == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(rc);
    return make_error("resolve_failed", "cannot resolve \"" + host + "\": " + reason);
  }
  std::vector<SocketAddress> out;
  for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    auto a = SocketAddress::from_sockaddr(ai->ai_addr, ai->ai_addrlen);
    bool seen = false;
    for (const auto& b : out) seen = seen || b == a;
    if (!seen) out.push_back(a);
  }
  ::freeaddrinfo(list);
  if (out.empty()) return make_error("resolve_empty", "\"" + host + "\" has no IPv4 or IPv6 address");
  return out;
}

Result<std::unique_ptr<HostResolver>> HostResolver::create(EventLoop& loop, ResolveFunction resolve) {
  const int efd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (efd < 0) return make_error("eventfd_failed", std::string("eventfd: ") + std::strerror(errno));
  std::unique_ptr<HostResolver> r(new HostResolver(loop, std::move(resolve), efd));
  if (auto w = loop.watch(efd, [raw = r.get()] { raw->deliver(); }); !w) return w.error();
  return r;
}

HostResolver::HostResolver(EventLoop& loop, ResolveFunction resolve, int event_fd)
    : loop_(loop), resolve_(std::move(resolve)), event_fd_(event_fd) {}

HostResolver::~HostResolver() {
  loop_.unwatch(event_fd_);
  for (auto& [id, t] : threads_) t.join();
  ::close(event_fd_);
}

HostResolver::RequestId HostResolver::resolve(std::string host, Done done) {
  const RequestId id = next_id_++;
  callbacks_.emplace(id, std::move(done));
  auto work = [id, host, fn = resolve_, shared = shared_, efd = event_fd_] {
    post_result(*shared, efd, id, fn(host));
  };
  try {
    threads_.emplace(id, std::thread(std::move(work)));
  } catch (const std::system_error& e) {
    // No thread (resource limits): a failed resolution, which the caller retries later.
    post_result(*shared_, event_fd_, id,
                make_error("resolve_failed",
                           "cannot resolve \"" + host + "\": no thread for the lookup: " + e.what()));
  }
  return id;
}

void HostResolver::post_result(Shared& shared, int event_fd, RequestId id,
                               Result<std::vector<SocketAddress>> result) {
  {
    std::lock_guard<std::mutex> lock(shared.mutex);
    shared.completed.push_back(Completed{id, std::move(result)});
  }
  const std::uint64_t one = 1;
  (void)!::write(event_fd, &one, sizeof one);
}

void HostResolver::cancel(RequestId id) {
  callbacks_.erase(id);
}

void HostResolver::deliver() {
  std::uint64_t count = 0;
  (void)!::read(event_fd_, &count, sizeof count);
  std::vector<Completed> completed;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    completed.swap(shared_->completed);
  }
  for (auto& c : completed) {
    // The thread has pushed its result: it is about to return, so this join does not wait.
    if (auto t = threads_.find(c.id); t != threads_.end()) {
      t->second.join();
      threads_.erase(t);
    }
    const auto it = callbacks_.find(c.id);
    if (it == callbacks_.end()) continue;  // cancelled
    auto done = std::move(it->second);
    callbacks_.erase(it);
    done(std::move(c.result));
  }
}

}  // namespace onechan::daemon
