// The timerfd-based MonotonicTimer and the CLOCK_MONOTONIC clock, on the real kernel. Only deadlines
// already in the past or far in the future are used, so nothing depends on how fast the machine is.
#include <gtest/gtest.h>
#include <poll.h>

#include "radio/linux/monotonic_timer.hpp"
#include "radio/linux/system_clock.hpp"

namespace onechan::radio::linux {
namespace {

bool readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN) != 0;
}

TEST(MonotonicTimer, PastDeadlineFiresAtOnceAndConsumeClearsIt) {
  auto timer = MonotonicTimer::create();
  ASSERT_TRUE(timer.ok()) << timer.error().message;
  EXPECT_FALSE(readable(timer->fd(), 0));
  ASSERT_TRUE(timer->arm_at_us(monotonic_now_us() - 1'000).ok());
  EXPECT_TRUE(readable(timer->fd(), 5'000));
  EXPECT_TRUE(timer->consume());
  EXPECT_FALSE(readable(timer->fd(), 0));
  EXPECT_FALSE(timer->consume());  // non-blocking: nothing to read
}

TEST(MonotonicTimer, FutureDeadlineDoesNotFireAndDisarmCancels) {
  auto timer = MonotonicTimer::create();
  ASSERT_TRUE(timer.ok());
  ASSERT_TRUE(timer->arm_at_us(monotonic_now_us() + 3'600'000'000ULL).ok());
  EXPECT_FALSE(readable(timer->fd(), 0));
  // Re-arming replaces the deadline: now in the past.
  ASSERT_TRUE(timer->arm_at_us(1).ok());
  EXPECT_TRUE(readable(timer->fd(), 5'000));
  EXPECT_TRUE(timer->consume());
  ASSERT_TRUE(timer->arm_at_us(monotonic_now_us() + 3'600'000'000ULL).ok());
  ASSERT_TRUE(timer->disarm().ok());
  EXPECT_FALSE(readable(timer->fd(), 0));
}

TEST(MonotonicTimer, TimeZeroStillFires) {
  auto timer = MonotonicTimer::create();
  ASSERT_TRUE(timer.ok());
  ASSERT_TRUE(timer->arm_at_us(0).ok());  // an all-zero itimerspec would disarm instead
  EXPECT_TRUE(readable(timer->fd(), 5'000));
}

TEST(MonotonicTimer, MovedTimerKeepsItsFd) {
  auto timer = MonotonicTimer::create();
  ASSERT_TRUE(timer.ok());
  const int fd = timer->fd();
  MonotonicTimer moved = std::move(*timer);
  EXPECT_EQ(moved.fd(), fd);
  EXPECT_EQ(timer->fd(), -1);
}

TEST(SystemClock, IsMonotonicAndSleepsAtLeastTheTimeAsked) {
  SystemClock clock;
  const auto a = clock.now_us();
  clock.sleep_us(200);
  const auto b = clock.now_us();
  EXPECT_GE(b - a, 200u);
}

}  // namespace
}  // namespace onechan::radio::linux
