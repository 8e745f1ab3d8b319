#include "radio/linux/gpiod_lines.hpp"

#include <fcntl.h>
#include <gpiod.h>

#include <cerrno>
#include <cstring>

namespace onechan::radio::linux {
namespace {

constexpr const char* kConsumer = "onechan";
constexpr std::uint64_t kMaxEventAgeUs = 10'000'000;

int real_set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return -1;
  return ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

std::string pin_name(const LinePin& pin) {
  return "gpiochip" + std::to_string(pin.chip) + " line " + std::to_string(pin.line) + " (" + pin.role + ")";
}

std::string chip_open_failure(const LinePin& pin, int err) {
  std::string message =
      "cannot open gpiochip" + std::to_string(pin.chip) + " for " + pin.role + ": " + std::strerror(err);
  if (err == ENOENT) {
    return message +
           ". Check the gpiochip number in the board file (`gpiodetect` lists the chips; on a Pi 5 with a "
           "kernel before 6.6.45 the 40-pin header is gpiochip4)";
  }
  if (err == EACCES || err == EPERM) {
    return message + ". Add the user to the gpio group (`sudo usermod -aG gpio $USER`, then log in again)";
  }
  return message;
}

std::string request_failure(const LinePin& pin, int err) {
  std::string message = "cannot claim " + pin_name(pin) + ": " + std::strerror(err);
  if (err == EBUSY) {
    return message + ". Another program or a kernel driver holds the line (`gpioinfo gpiochip" +
           std::to_string(pin.chip) +
           "` shows who); the SPI driver claims CE0/CE1 (BCM8/BCM7) as chip selects";
  }
  return message;
}

// Opens the chip and gets the line; on failure nothing stays open.
Expected<std::pair<gpiod_chip*, gpiod_line*>> open_line(const LinePin& pin, const GpiodApi& api) {
  gpiod_chip* chip = api.chip_open_by_number(pin.chip);
  if (chip == nullptr) return RadioError{RadioErrc::device_open_failed, chip_open_failure(pin, errno)};
  gpiod_line* line = api.chip_get_line(chip, pin.line);
  if (line == nullptr) {
    const int err = errno;
    api.chip_close(chip);
    return RadioError{RadioErrc::device_open_failed, "gpiochip" + std::to_string(pin.chip) + " has no line " +
                                                         std::to_string(pin.line) + " for " + pin.role +
                                                         ": " + std::strerror(err)};
  }
  return std::pair{chip, line};
}

}  // namespace

const GpiodApi& real_gpiod_api() {
  static const GpiodApi api{
      gpiod_chip_open_by_number,
      gpiod_chip_close,
      gpiod_chip_get_line,
      gpiod_line_request_output,
      gpiod_line_request_rising_edge_events,
      gpiod_line_set_value,
      gpiod_line_get_value,
      gpiod_line_event_get_fd,
      gpiod_line_event_read,
      gpiod_line_release,
      real_set_nonblocking,
  };
  return api;
}

Expected<std::unique_ptr<GpiodOutputLine>> GpiodOutputLine::open(const LinePin& pin, bool initial_high,
                                                                 const GpiodApi& api) {
  auto opened = open_line(pin, api);
  if (!opened) return opened.error();
  auto [chip, line] = *opened;
  if (api.line_request_output(line, kConsumer, initial_high ? 1 : 0) != 0) {
    const int err = errno;
    api.chip_close(chip);
    return RadioError{RadioErrc::device_open_failed, request_failure(pin, err)};
  }
  return std::unique_ptr<GpiodOutputLine>(new GpiodOutputLine(api, chip, line, pin));
}

GpiodOutputLine::~GpiodOutputLine() {
  api_.line_release(line_);
  api_.chip_close(chip_);
}

bool GpiodOutputLine::set(bool high) {
  return api_.line_set_value(line_, high ? 1 : 0) == 0;
}

std::string GpiodOutputLine::describe() const {
  return pin_name(pin_);
}

Expected<std::unique_ptr<GpiodEdgeInputLine>> GpiodEdgeInputLine::open(const LinePin& pin, const Clock& clock,
                                                                       const GpiodApi& api) {
  auto opened = open_line(pin, api);
  if (!opened) return opened.error();
  auto [chip, line] = *opened;
  if (api.line_request_rising_edge_events(line, kConsumer) != 0) {
    const int err = errno;
    api.chip_close(chip);
    return RadioError{RadioErrc::device_open_failed, request_failure(pin, err)};
  }
  const int fd = api.line_event_get_fd(line);
  if (fd < 0 || api.set_nonblocking(fd) != 0) {
    const int err = errno;
    api.line_release(line);
    api.chip_close(chip);
    return RadioError{RadioErrc::device_setup_failed,
                      "cannot get a non-blocking event fd for " + pin_name(pin) + ": " + std::strerror(err)};
  }
  return std::unique_ptr<GpiodEdgeInputLine>(new GpiodEdgeInputLine(api, clock, chip, line, fd, pin));
}

GpiodEdgeInputLine::~GpiodEdgeInputLine() {
  api_.line_release(line_);
  api_.chip_close(chip_);
}

std::optional<std::uint64_t> GpiodEdgeInputLine::read_event() {
  gpiod_line_event event{};
  if (api_.line_event_read(line_, &event) != 0) return std::nullopt;  // EAGAIN: nothing pending
  const std::uint64_t edge_us = static_cast<std::uint64_t>(event.ts.tv_sec) * 1'000'000 +
                                static_cast<std::uint64_t>(event.ts.tv_nsec) / 1'000;
  const std::uint64_t now_us = clock_.now_us();
  if (edge_us > now_us || now_us - edge_us > kMaxEventAgeUs) {
    ++fallback_timestamps_;
    return now_us;
  }
  return edge_us;
}

bool GpiodEdgeInputLine::level() const {
  return api_.line_get_value(line_) == 1;
}

std::string GpiodEdgeInputLine::describe() const {
  return pin_name(pin_);
}

}  // namespace onechan::radio::linux
