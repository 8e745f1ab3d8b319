// GPIO lines as the driver sees them. Pins are gpiochip line offsets (BCM numbers on a Pi), never
// wiringPi numbers.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace onechan::radio {

// An output line: RESET, or chip select on boards that wire NSS to a plain GPIO (Dragino HAT: BCM25).
class OutputLine {
 public:
  virtual ~OutputLine() = default;
  virtual bool set(bool high) = 0;
  virtual std::string describe() const = 0;
};

// An input line with rising-edge events: DIO0. The event loop polls fd(); when it is readable,
// read_event() returns the monotonic time of the edge in microseconds (CLOCK_MONOTONIC, as the kernel
// stamped it: this becomes the Semtech `tmst`), or nullopt when no event was pending.
class EdgeInputLine {
 public:
  virtual ~EdgeInputLine() = default;
  virtual int fd() const = 0;
  virtual std::optional<std::uint64_t> read_event() = 0;
  virtual bool level() const = 0;
  virtual std::string describe() const = 0;
};

}  // namespace onechan::radio
