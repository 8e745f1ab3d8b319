// The daemon's one event loop: epoll over file descriptors (sockets, the radio's DIO0 line, timers),
// with timers kept as an ordered set of deadlines that drives ONE timerfd, and signals read from a
// signalfd. run() sleeps in epoll_wait() without a timeout: the kernel wakes it only when a descriptor
// is readable, the earliest timer is due or a signal arrives, so an idle daemon does not wake up at all
// (no polling interval, no sleep loop). Everything runs on the thread that calls run(); callbacks may
// add and remove watches and timers, and call stop().
//
// Times are CLOCK_MONOTONIC microseconds: the clock the kernel stamps GPIO edges with and the radio
// driver schedules in (radio/linux/system_clock.hpp), so a timer for a downlink's `tmst` needs no
// conversion.
#pragma once

#include <signal.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "lorawan/result.hpp"

namespace onechan::daemon {

// CLOCK_MONOTONIC in µs.
std::uint64_t monotonic_now_us();

using TimerId = std::uint64_t;  // never 0: 0 can stand for "no timer" in callers

class EventLoop {
 public:
  // Errors: "epoll_failed", "timerfd_failed", "eventfd_failed" with the system's message.
  static Result<std::unique_ptr<EventLoop>> create();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Calls on_readable() whenever `fd` is readable (level-triggered: it is called again on the next turn
  // while data remains, so a callback may read one datagram per call or drain the fd). An error or a
  // hang-up on the fd also calls it, so that the callback's read() sees the error. One watch per fd.
  // Errors: "fd_already_watched", "epoll_ctl_failed".
  Result<void> watch(int fd, std::function<void()> on_readable);
  // Stops watching `fd` (before the caller closes it). No effect if it was not watched.
  void unwatch(int fd);
  bool watching(int fd) const { return fd_ids_.count(fd) != 0; }

  // Calls fn() once, at the earliest turn of the loop at or after the monotonic time `deadline_us`.
  // Timers due at the same time fire in the order they were added.
  TimerId add_timer_at(std::uint64_t deadline_us, std::function<void()> fn);
  TimerId add_timer_after(std::uint64_t delay_us, std::function<void()> fn);
  // True if the timer was pending (it will not fire); false if it already fired or was cancelled.
  bool cancel_timer(TimerId id);
  std::size_t pending_timers() const { return timers_.size(); }
  // The earliest pending deadline, if any (what the timerfd is armed for).
  std::optional<std::uint64_t> next_timer_deadline_us() const;

  // Blocks `signals` for the calling thread (call it before starting other threads: they inherit the
  // mask) and delivers them through a signalfd: on_signal(signo) runs in the loop like any callback.
  // The daemon passes {SIGTERM, SIGINT} and a callback that finishes in-flight work and calls stop().
  // The previous signal mask is restored when the loop is destroyed. Callable once.
  // Errors: "signals_already_handled", "sigprocmask_failed", "signalfd_failed", "epoll_ctl_failed".
  Result<void> handle_signals(std::initializer_list<int> signals, std::function<void(int signo)> on_signal);

  // Runs until stop(). Returns at once if stop() was called before. Error "epoll_wait_failed" (never
  // for EINTR, which only restarts the wait).
  Result<void> run();
  // Makes run() return after the callback being dispatched (or at once, from another thread: it writes
  // to an eventfd that the loop watches). run() can be called again afterwards.
  void stop();

  // Times epoll_wait() returned: the measure of "no wake-ups while idle".
  std::uint64_t wakeups() const { return wakeups_; }

 private:
  struct Watch {
    int fd;
    std::function<void()> on_readable;
  };
  struct Timer {
    std::uint64_t deadline_us;
    std::function<void()> fn;
  };

  EventLoop(int epoll_fd, int timer_fd, int stop_fd);
  Result<void> add_internal_fd(int fd, std::uint64_t key);
  void rearm_timerfd();
  void dispatch_timers();
  void dispatch_signals();
  void dispatch(std::uint64_t key);

  int epoll_fd_;
  int timer_fd_;
  int stop_fd_;
  int signal_fd_ = -1;
  sigset_t handled_signals_{};
  sigset_t previous_mask_{};
  std::function<void(int)> on_signal_;

  // epoll carries a key per registration, never reused, so an event for an fd that was unwatched (or
  // unwatched and watched again) earlier in the same turn is recognised as stale and skipped.
  std::uint64_t next_key_ = kFirstWatchKey;
  std::unordered_map<std::uint64_t, Watch> watches_;
  std::unordered_map<int, std::uint64_t> fd_ids_;

  TimerId next_timer_id_ = 1;
  std::unordered_map<TimerId, Timer> timers_;
  std::set<std::pair<std::uint64_t, TimerId>> timer_order_;  // (deadline, id): earliest first, FIFO on ties
  std::optional<std::uint64_t> armed_for_;

  bool stop_requested_ = false;
  std::uint64_t wakeups_ = 0;

  static constexpr std::uint64_t kTimerKey = 1;
  static constexpr std::uint64_t kStopKey = 2;
  static constexpr std::uint64_t kSignalKey = 3;
  static constexpr std::uint64_t kFirstWatchKey = 16;
};

}  // namespace onechan::daemon
