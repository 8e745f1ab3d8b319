// The libgpiod v1 backend at its library boundary: which gpiod calls it makes with which arguments,
// how it turns the kernel's edge timestamps into the driver's microseconds, how it cleans up, and what
// it tells the user when a chip or line cannot be had.
#include <gpiod.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "radio/linux/gpiod_lines.hpp"

namespace onechan::radio::linux {
namespace {

struct FakeGpio {
  std::vector<std::string> calls;
  int chip_open_errno = 0;
  bool no_line = false;
  int request_errno = 0;
  std::deque<gpiod_line_event> events;
  int value = 0;
  // Objects handed out as opaque gpiod pointers.
  int chip_storage = 0;
  int line_storage = 0;
  gpiod_chip* chip() { return reinterpret_cast<gpiod_chip*>(&chip_storage); }
  gpiod_line* line() { return reinterpret_cast<gpiod_line*>(&line_storage); }
};
FakeGpio* gpio = nullptr;

gpiod_chip* fake_chip_open_by_number(unsigned int n) {
  gpio->calls.push_back("chip_open_by_number(" + std::to_string(n) + ")");
  if (gpio->chip_open_errno != 0) {
    errno = gpio->chip_open_errno;
    return nullptr;
  }
  return gpio->chip();
}
void fake_chip_close(gpiod_chip* chip) {
  EXPECT_EQ(chip, gpio->chip());
  gpio->calls.push_back("chip_close");
}
gpiod_line* fake_chip_get_line(gpiod_chip* chip, unsigned int offset) {
  EXPECT_EQ(chip, gpio->chip());
  gpio->calls.push_back("chip_get_line(" + std::to_string(offset) + ")");
  if (gpio->no_line) {
    errno = EINVAL;
    return nullptr;
  }
  return gpio->line();
}
int fake_request_output(gpiod_line* line, const char* consumer, int value) {
  EXPECT_EQ(line, gpio->line());
  gpio->calls.push_back(std::string("line_request_output(") + consumer + "," + std::to_string(value) + ")");
  if (gpio->request_errno != 0) {
    errno = gpio->request_errno;
    return -1;
  }
  return 0;
}
int fake_request_rising(gpiod_line* line, const char* consumer) {
  EXPECT_EQ(line, gpio->line());
  gpio->calls.push_back(std::string("line_request_rising_edge_events(") + consumer + ")");
  if (gpio->request_errno != 0) {
    errno = gpio->request_errno;
    return -1;
  }
  return 0;
}
int fake_set_value(gpiod_line*, int value) {
  gpio->calls.push_back("line_set_value(" + std::to_string(value) + ")");
  return 0;
}
int fake_get_value(gpiod_line*) {
  gpio->calls.push_back("line_get_value");
  return gpio->value;
}
int fake_event_get_fd(gpiod_line*) {
  gpio->calls.push_back("line_event_get_fd");
  return 23;
}
int fake_event_read(gpiod_line*, gpiod_line_event* event) {
  gpio->calls.push_back("line_event_read");
  if (gpio->events.empty()) {
    errno = EAGAIN;  // the fd is non-blocking: nothing pending
    return -1;
  }
  *event = gpio->events.front();
  gpio->events.pop_front();
  return 0;
}
void fake_release(gpiod_line*) {
  gpio->calls.push_back("line_release");
}
int fake_set_nonblocking(int fd) {
  gpio->calls.push_back("set_nonblocking(" + std::to_string(fd) + ")");
  return 0;
}

const GpiodApi kFakeApi{fake_chip_open_by_number, fake_chip_close, fake_chip_get_line,  fake_request_output,
                        fake_request_rising,      fake_set_value,  fake_get_value,      fake_event_get_fd,
                        fake_event_read,          fake_release,    fake_set_nonblocking};

struct FixedClock : Clock {
  std::uint64_t now = 0;
  std::uint64_t now_us() const override { return now; }
  void sleep_us(std::uint32_t) override {}
};

gpiod_line_event rising_at(long sec, long nsec) {
  gpiod_line_event e{};
  e.ts.tv_sec = sec;
  e.ts.tv_nsec = nsec;
  e.event_type = GPIOD_LINE_EVENT_RISING_EDGE;
  return e;
}

struct GpiodTest : ::testing::Test {
  GpiodTest() { gpio = &g; }
  ~GpiodTest() override { gpio = nullptr; }
  FakeGpio g;
  FixedClock clock;
};

TEST_F(GpiodTest, OutputLineIsRequestedDeselectedDrivenAndReleased) {
  {
    auto line = GpiodOutputLine::open({0, 25, "NSS"}, true, kFakeApi);
    ASSERT_TRUE(line.ok()) << line.error().message;
    EXPECT_EQ((*line)->describe(), "gpiochip0 line 25 (NSS)");
    EXPECT_TRUE((*line)->set(false));
    EXPECT_TRUE((*line)->set(true));
  }
  const std::vector<std::string> expected = {"chip_open_by_number(0)",
                                             "chip_get_line(25)",
                                             "line_request_output(onechan,1)",
                                             "line_set_value(0)",
                                             "line_set_value(1)",
                                             "line_release",
                                             "chip_close"};
  EXPECT_EQ(g.calls, expected);
}

TEST_F(GpiodTest, EdgeLineIsRequestedForRisingEdgesWithANonBlockingFd) {
  {
    auto line = GpiodEdgeInputLine::open({0, 4, "DIO0"}, clock, kFakeApi);
    ASSERT_TRUE(line.ok()) << line.error().message;
    EXPECT_EQ((*line)->fd(), 23);
  }
  const std::vector<std::string> expected = {"chip_open_by_number(0)",
                                             "chip_get_line(4)",
                                             "line_request_rising_edge_events(onechan)",
                                             "line_event_get_fd",
                                             "set_nonblocking(23)",
                                             "line_release",
                                             "chip_close"};
  EXPECT_EQ(g.calls, expected);
}

TEST_F(GpiodTest, EdgeTimestampIsTheKernelsMonotonicTimeInMicroseconds) {
  auto line = GpiodEdgeInputLine::open({0, 4, "DIO0"}, clock, kFakeApi);
  ASSERT_TRUE(line.ok());
  clock.now = 1'234'600'000;  // 1234.6 s after boot
  g.events.push_back(rising_at(1234, 567'891'999));
  EXPECT_EQ((*line)->read_event(), std::optional<std::uint64_t>(1'234'567'891));
  EXPECT_EQ((*line)->read_event(), std::nullopt);  // nothing pending: no block, no edge
  EXPECT_EQ((*line)->fallback_timestamps(), 0u);
}

TEST_F(GpiodTest, NonMonotonicTimestampFallsBackToTheReadTime) {
  auto line = GpiodEdgeInputLine::open({0, 4, "DIO0"}, clock, kFakeApi);
  ASSERT_TRUE(line.ok());
  clock.now = 5'000'000'000;
  g.events.push_back(rising_at(1'700'000'000, 0));  // a CLOCK_REALTIME stamp (kernel < 5.7)
  EXPECT_EQ((*line)->read_event(), std::optional<std::uint64_t>(5'000'000'000));
  g.events.push_back(rising_at(4'000, 0));  // more than 10 s old: not a fresh edge
  EXPECT_EQ((*line)->read_event(), std::optional<std::uint64_t>(5'000'000'000));
  EXPECT_EQ((*line)->fallback_timestamps(), 2u);
}

TEST_F(GpiodTest, LevelReadsTheLine) {
  auto line = GpiodEdgeInputLine::open({0, 4, "DIO0"}, clock, kFakeApi);
  ASSERT_TRUE(line.ok());
  g.value = 1;
  EXPECT_TRUE((*line)->level());
  g.value = 0;
  EXPECT_FALSE((*line)->level());
}

TEST_F(GpiodTest, MissingChipPointsAtGpiodetect) {
  g.chip_open_errno = ENOENT;
  auto line = GpiodOutputLine::open({4, 17, "RESET"}, true, kFakeApi);
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.error().code, RadioErrc::device_open_failed);
  const auto& m = line.error().message;
  EXPECT_NE(m.find("gpiochip4"), std::string::npos) << m;
  EXPECT_NE(m.find("RESET"), std::string::npos) << m;
  EXPECT_NE(m.find("gpiodetect"), std::string::npos) << m;
}

TEST_F(GpiodTest, PermissionDeniedPointsAtTheGpioGroup) {
  g.chip_open_errno = EACCES;
  auto line = GpiodEdgeInputLine::open({0, 4, "DIO0"}, clock, kFakeApi);
  ASSERT_FALSE(line.ok());
  EXPECT_NE(line.error().message.find("gpio group"), std::string::npos) << line.error().message;
}

TEST_F(GpiodTest, BusyLineNamesItAndClosesTheChip) {
  g.request_errno = EBUSY;
  auto line = GpiodOutputLine::open({0, 8, "NSS"}, true, kFakeApi);
  ASSERT_FALSE(line.ok());
  const auto& m = line.error().message;
  EXPECT_NE(m.find("gpiochip0 line 8 (NSS)"), std::string::npos) << m;
  EXPECT_NE(m.find("gpioinfo"), std::string::npos) << m;
  EXPECT_EQ(g.calls.back(), "chip_close");
}

TEST_F(GpiodTest, LineBeyondTheChipIsReported) {
  g.no_line = true;
  auto line = GpiodEdgeInputLine::open({0, 99, "DIO0"}, clock, kFakeApi);
  ASSERT_FALSE(line.ok());
  EXPECT_NE(line.error().message.find("has no line 99"), std::string::npos) << line.error().message;
  EXPECT_EQ(g.calls.back(), "chip_close");
}

}  // namespace
}  // namespace onechan::radio::linux
