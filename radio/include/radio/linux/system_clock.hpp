// The driver's Clock on Linux: CLOCK_MONOTONIC in µs, the same clock the kernel stamps GPIO edge events
// with (Linux >= 5.7) and timerfd counts in, so DIO0 times, `tmst` and TX deadlines share one base.
#pragma once

#include <cstdint>

#include "radio/clock.hpp"

namespace onechan::radio::linux {

std::uint64_t monotonic_now_us();

class SystemClock : public Clock {
 public:
  std::uint64_t now_us() const override { return monotonic_now_us(); }
  void sleep_us(std::uint32_t us) override;
};

}  // namespace onechan::radio::linux
