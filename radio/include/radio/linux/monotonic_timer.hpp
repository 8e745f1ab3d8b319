// A one-shot timer on CLOCK_MONOTONIC with a pollable fd (timerfd): the event loop arms it for a
// scheduled TX (the driver's prepare_tx/start_tx) or for the TX deadline, polls fd() with everything
// else, and calls consume() when it becomes readable. No thread, no sleep.
#pragma once

#include <cstdint>

#include "radio/radio_error.hpp"

namespace onechan::radio::linux {

class MonotonicTimer {
 public:
  static Expected<MonotonicTimer> create();
  MonotonicTimer(MonotonicTimer&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  MonotonicTimer& operator=(MonotonicTimer&& other) noexcept;
  MonotonicTimer(const MonotonicTimer&) = delete;
  MonotonicTimer& operator=(const MonotonicTimer&) = delete;
  ~MonotonicTimer();

  int fd() const { return fd_; }
  // Fires at the absolute CLOCK_MONOTONIC time `deadline_us` (at once if it already passed); re-arming
  // replaces the previous deadline.
  Status arm_at_us(std::uint64_t deadline_us);
  Status disarm();
  // After poll() reported fd() readable: true if the timer expired (and clears the readiness).
  bool consume();

 private:
  explicit MonotonicTimer(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace onechan::radio::linux
