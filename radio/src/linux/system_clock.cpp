#include "radio/linux/system_clock.hpp"

#include <cerrno>
#include <ctime>

namespace onechan::radio::linux {

std::uint64_t monotonic_now_us() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000 + static_cast<std::uint64_t>(ts.tv_nsec) / 1'000;
}

void SystemClock::sleep_us(std::uint32_t us) {
  timespec remaining{static_cast<time_t>(us / 1'000'000), static_cast<long>(us % 1'000'000) * 1'000};
  // clock_nanosleep returns the error number directly; EINTR leaves the rest in `remaining`.
  while (::clock_nanosleep(CLOCK_MONOTONIC, 0, &remaining, &remaining) == EINTR) {
  }
}

}  // namespace onechan::radio::linux
