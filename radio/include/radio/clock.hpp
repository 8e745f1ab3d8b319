// The monotonic microsecond clock the driver runs on: DIO0 edges are stamped in it (the Semtech `tmst`),
// TX start times are given in it. Linux: CLOCK_MONOTONIC (radio/linux/system_clock.hpp); the model
// supplies its own injectable clock so tests control time.
#pragma once

#include <cstdint>

namespace onechan::radio {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::uint64_t now_us() const = 0;
  // Blocks for at least `us`. The driver calls it only for the reset pulse the datasheet mandates
  // (section 7.2.2: NRESET low for > 100 µs, then 5 ms before the chip is ready); nothing else waits.
  virtual void sleep_us(std::uint32_t us) = 0;
};

}  // namespace onechan::radio
