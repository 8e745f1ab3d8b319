#include "daemon/event_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace onechan::daemon {
namespace {

Error system_error(const char* code, const char* what) {
  return make_error(code, std::string(what) + ": " + std::strerror(errno));
}

void close_fd(int fd) {
  if (fd >= 0) ::close(fd);
}

}  // namespace

std::uint64_t monotonic_now_us() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

Result<std::unique_ptr<EventLoop>> EventLoop::create() {
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) return system_error("epoll_failed", "epoll_create1");
  const int tfd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (tfd < 0) {
    auto e = system_error("timerfd_failed", "timerfd_create(CLOCK_MONOTONIC)");
    close_fd(ep);
    return e;
  }
  const int sfd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (sfd < 0) {
    auto e = system_error("eventfd_failed", "eventfd");
    close_fd(ep);
    close_fd(tfd);
    return e;
  }
  std::unique_ptr<EventLoop> loop(new EventLoop(ep, tfd, sfd));
  if (auto r = loop->add_internal_fd(tfd, kTimerKey); !r) return r.error();
  if (auto r = loop->add_internal_fd(sfd, kStopKey); !r) return r.error();
  return loop;
}

EventLoop::EventLoop(int epoll_fd, int timer_fd, int stop_fd)
    : epoll_fd_(epoll_fd), timer_fd_(timer_fd), stop_fd_(stop_fd) {}

EventLoop::~EventLoop() {
  close_fd(signal_fd_);
  if (signal_fd_ >= 0) ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
  close_fd(stop_fd_);
  close_fd(timer_fd_);
  close_fd(epoll_fd_);
}

Result<void> EventLoop::add_internal_fd(int fd, std::uint64_t key) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = key;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0)
    return system_error("epoll_ctl_failed", "epoll_ctl");
  return {};
}

Result<void> EventLoop::watch(int fd, std::function<void()> on_readable) {
  if (fd_ids_.count(fd) != 0)
    return make_error("fd_already_watched", "file descriptor " + std::to_string(fd) + " is already watched");
  const std::uint64_t key = next_key_++;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = key;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0)
    return system_error("epoll_ctl_failed", ("epoll_ctl ADD fd " + std::to_string(fd)).c_str());
  watches_.emplace(key, Watch{fd, std::move(on_readable)});
  fd_ids_.emplace(fd, key);
  return {};
}

void EventLoop::unwatch(int fd) {
  const auto it = fd_ids_.find(fd);
  if (it == fd_ids_.end()) return;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  watches_.erase(it->second);
  fd_ids_.erase(it);
}

TimerId EventLoop::add_timer_at(std::uint64_t deadline_us, std::function<void()> fn) {
  const TimerId id = next_timer_id_++;
  timers_.emplace(id, Timer{deadline_us, std::move(fn)});
  timer_order_.emplace(deadline_us, id);
  rearm_timerfd();
  return id;
}

TimerId EventLoop::add_timer_after(std::uint64_t delay_us, std::function<void()> fn) {
  return add_timer_at(monotonic_now_us() + delay_us, std::move(fn));
}

bool EventLoop::cancel_timer(TimerId id) {
  const auto it = timers_.find(id);
  if (it == timers_.end()) return false;
  timer_order_.erase({it->second.deadline_us, id});
  timers_.erase(it);
  rearm_timerfd();
  return true;
}

std::optional<std::uint64_t> EventLoop::next_timer_deadline_us() const {
  if (timer_order_.empty()) return std::nullopt;
  return timer_order_.begin()->first;
}

void EventLoop::rearm_timerfd() {
  const auto next = next_timer_deadline_us();
  if (next == armed_for_) return;  // one syscall per change of the earliest deadline, not per timer
  itimerspec spec{};
  if (next) {
    // An absolute time of zero would disarm the timerfd; 1 ns is equally "already due".
    const std::uint64_t at_ns = *next == 0 ? 1 : *next * 1000u;
    spec.it_value.tv_sec = static_cast<time_t>(at_ns / 1'000'000'000u);
    spec.it_value.tv_nsec = static_cast<long>(at_ns % 1'000'000'000u);
  }
  ::timerfd_settime(timer_fd_, next ? TFD_TIMER_ABSTIME : 0, &spec, nullptr);
  armed_for_ = next;
}

void EventLoop::dispatch_timers() {
  std::uint64_t expirations = 0;
  (void)!::read(timer_fd_, &expirations, sizeof expirations);  // EAGAIN after a re-arm: fine
  // The timerfd's expiry says little: the set is the authority. The due timers are collected first so a
  // callback that adds a timer already due (a retry "now") runs it on the next turn, not in this one:
  // a timer re-adding itself cannot starve the descriptors.
  const std::uint64_t now = monotonic_now_us();
  std::vector<TimerId> due;
  for (const auto& [deadline, id] : timer_order_) {
    if (deadline > now) break;
    due.push_back(id);
  }
  armed_for_.reset();  // the timerfd has expired: it is no longer armed for anything
  for (const TimerId id : due) {
    const auto it = timers_.find(id);
    if (it == timers_.end()) continue;  // cancelled by an earlier callback of this turn
    auto fn = std::move(it->second.fn);
    timer_order_.erase({it->second.deadline_us, id});
    timers_.erase(it);
    fn();
  }
  rearm_timerfd();
}

Result<void> EventLoop::handle_signals(std::initializer_list<int> signals,
                                       std::function<void(int signo)> on_signal) {
  if (signal_fd_ >= 0) return make_error("signals_already_handled", "the loop already handles signals");
  sigemptyset(&handled_signals_);
  for (const int s : signals) sigaddset(&handled_signals_, s);
  // Blocked, the signals stay pending for the signalfd instead of running a handler or the default
  // action (terminating the process before in-flight work is finished).
  if (const int rc = ::pthread_sigmask(SIG_BLOCK, &handled_signals_, &previous_mask_); rc != 0) {
    errno = rc;
    return system_error("sigprocmask_failed", "pthread_sigmask");
  }
  const int fd = ::signalfd(-1, &handled_signals_, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) {
    auto e = system_error("signalfd_failed", "signalfd");
    ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
    return e;
  }
  if (auto r = add_internal_fd(fd, kSignalKey); !r) {
    close_fd(fd);
    ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
    return r;
  }
  signal_fd_ = fd;
  on_signal_ = std::move(on_signal);
  return {};
}

void EventLoop::dispatch_signals() {
  for (;;) {
    signalfd_siginfo info{};
    const ssize_t n = ::read(signal_fd_, &info, sizeof info);
    if (n != static_cast<ssize_t>(sizeof info)) return;  // EAGAIN: all pending signals read
    if (on_signal_) on_signal_(static_cast<int>(info.ssi_signo));
  }
}

void EventLoop::stop() {
  // Setting the flag is enough inside a callback; the eventfd also wakes a run() blocked in another thread.
  const std::uint64_t one = 1;
  (void)!::write(stop_fd_, &one, sizeof one);
}

void EventLoop::dispatch(std::uint64_t key) {
  switch (key) {
    case kTimerKey:
      dispatch_timers();
      return;
    case kStopKey: {
      std::uint64_t count = 0;
      (void)!::read(stop_fd_, &count, sizeof count);
      stop_requested_ = true;
      return;
    }
    case kSignalKey:
      dispatch_signals();
      return;
    default:
      break;
  }
  const auto it = watches_.find(key);
  if (it == watches_.end()) return;  // unwatched by an earlier callback of this turn
  // A copy: the callback may unwatch its own fd, which destroys the stored function.
  auto fn = it->second.on_readable;
  fn();
}

Result<void> EventLoop::run() {
  std::array<epoll_event, 32> events{};
  for (;;) {
    // A stop() from a callback wrote to the eventfd; read it now rather than after another wait.
    std::uint64_t count = 0;
    if (::read(stop_fd_, &count, sizeof count) == static_cast<ssize_t>(sizeof count)) stop_requested_ = true;
    if (stop_requested_) {
      stop_requested_ = false;
      return {};
    }
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
    ++wakeups_;
    if (n < 0) {
      if (errno == EINTR) continue;
      return system_error("epoll_wait_failed", "epoll_wait");
    }
    for (int i = 0; i < n; ++i) dispatch(events[static_cast<std::size_t>(i)].data.u64);
  }
}

}  // namespace onechan::daemon
