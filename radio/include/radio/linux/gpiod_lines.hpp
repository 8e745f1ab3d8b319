// GPIO lines through libgpiod v1 (1.6, as in Debian bookworm and Raspberry Pi OS): an output line for
// RESET or a GPIO chip select, and DIO0 as a rising-edge event line whose fd the event loop polls.
// Lines are named by gpiochip number + line offset (BCM numbers on gpiochip0 of a Pi 1-4), never by
// wiringPi numbers.
//
// Timestamps: libgpiod 1.6 returns the kernel's event timestamp, which the v1 character-device ABI
// takes from CLOCK_MONOTONIC since Linux 5.7 (CLOCK_REALTIME before). The edge time is therefore
// taken when the interrupt fired, not when onechan got around to reading it. On an older kernel the
// timestamp would not be monotonic: read_event() notices (it lies in the future or more than 10 s in
// the past of CLOCK_MONOTONIC), uses the time of the read instead and counts it in
// fallback_timestamps().
//
// libgpiod is reached through an injectable table (GpiodApi) so tests check the calls made.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "radio/clock.hpp"
#include "radio/gpio.hpp"
#include "radio/radio_error.hpp"

struct gpiod_chip;
struct gpiod_line;
struct gpiod_line_event;

namespace onechan::radio::linux {

struct GpiodApi {
  gpiod_chip* (*chip_open_by_number)(unsigned int number);
  void (*chip_close)(gpiod_chip* chip);
  gpiod_line* (*chip_get_line)(gpiod_chip* chip, unsigned int offset);
  int (*line_request_output)(gpiod_line* line, const char* consumer, int default_value);
  int (*line_request_rising_edge_events)(gpiod_line* line, const char* consumer);
  int (*line_set_value)(gpiod_line* line, int value);
  int (*line_get_value)(gpiod_line* line);
  int (*line_event_get_fd)(gpiod_line* line);
  int (*line_event_read)(gpiod_line* line, gpiod_line_event* event);
  void (*line_release)(gpiod_line* line);
  int (*set_nonblocking)(int fd);  // fcntl(fd, F_SETFL, O_NONBLOCK): read_event() must never block
};
const GpiodApi& real_gpiod_api();

struct LinePin {
  unsigned int chip = 0;
  unsigned int line = 0;
  std::string role;  // "RESET", "NSS", "DIO0": named in messages
};

class GpiodOutputLine : public OutputLine {
 public:
  static Expected<std::unique_ptr<GpiodOutputLine>> open(const LinePin& pin, bool initial_high,
                                                         const GpiodApi& api = real_gpiod_api());
  ~GpiodOutputLine() override;
  GpiodOutputLine(const GpiodOutputLine&) = delete;
  GpiodOutputLine& operator=(const GpiodOutputLine&) = delete;

  bool set(bool high) override;
  std::string describe() const override;

 private:
  GpiodOutputLine(const GpiodApi& api, gpiod_chip* chip, gpiod_line* line, LinePin pin)
      : api_(api), chip_(chip), line_(line), pin_(std::move(pin)) {}
  const GpiodApi& api_;
  gpiod_chip* chip_;
  gpiod_line* line_;
  LinePin pin_;
};

class GpiodEdgeInputLine : public EdgeInputLine {
 public:
  // `clock` supplies CLOCK_MONOTONIC for the timestamp sanity check (see above).
  static Expected<std::unique_ptr<GpiodEdgeInputLine>> open(const LinePin& pin, const Clock& clock,
                                                            const GpiodApi& api = real_gpiod_api());
  ~GpiodEdgeInputLine() override;
  GpiodEdgeInputLine(const GpiodEdgeInputLine&) = delete;
  GpiodEdgeInputLine& operator=(const GpiodEdgeInputLine&) = delete;

  int fd() const override { return fd_; }
  std::optional<std::uint64_t> read_event() override;
  bool level() const override;
  std::string describe() const override;
  std::uint64_t fallback_timestamps() const { return fallback_timestamps_; }

 private:
  GpiodEdgeInputLine(const GpiodApi& api, const Clock& clock, gpiod_chip* chip, gpiod_line* line, int fd,
                     LinePin pin)
      : api_(api), clock_(clock), chip_(chip), line_(line), fd_(fd), pin_(std::move(pin)) {}
  const GpiodApi& api_;
  const Clock& clock_;
  gpiod_chip* chip_;
  gpiod_line* line_;
  int fd_;
  LinePin pin_;
  std::uint64_t fallback_timestamps_ = 0;
};

}  // namespace onechan::radio::linux
