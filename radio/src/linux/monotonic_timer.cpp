#include "radio/linux/monotonic_timer.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace onechan::radio::linux {
namespace {

RadioError timer_error(const char* what) {
  return RadioError{RadioErrc::device_setup_failed, std::string(what) + " failed: " + std::strerror(errno)};
}

}  // namespace

Expected<MonotonicTimer> MonotonicTimer::create() {
  const int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) return timer_error("timerfd_create(CLOCK_MONOTONIC)");
  return MonotonicTimer(fd);
}

MonotonicTimer& MonotonicTimer::operator=(MonotonicTimer&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

MonotonicTimer::~MonotonicTimer() {
  if (fd_ >= 0) ::close(fd_);
}

Status MonotonicTimer::arm_at_us(std::uint64_t deadline_us) {
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(deadline_us / 1'000'000);
  spec.it_value.tv_nsec = static_cast<long>(deadline_us % 1'000'000) * 1'000;
  // An all-zero it_value would disarm instead of firing at once.
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
  if (::timerfd_settime(fd_, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) return timer_error("timerfd_settime");
  return {};
}

Status MonotonicTimer::disarm() {
  itimerspec spec{};
  if (::timerfd_settime(fd_, 0, &spec, nullptr) != 0) return timer_error("timerfd_settime");
  return {};
}

bool MonotonicTimer::consume() {
  std::uint64_t expirations = 0;
  return ::read(fd_, &expirations, sizeof expirations) == static_cast<ssize_t>(sizeof expirations) &&
         expirations > 0;
}

}  // namespace onechan::radio::linux
