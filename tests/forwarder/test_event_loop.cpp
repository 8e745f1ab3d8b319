// The daemon's event loop, on real descriptors: pipes, an eventfd, the timerfd and a signalfd.
// Every test has a guard timer that fails it instead of hanging if the loop never returns; nothing here
// asserts a duration.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "daemon/event_loop.hpp"

namespace onechan::daemon {
namespace {

constexpr std::uint64_t kGuardUs = 10'000'000;

struct Pipe {
  Pipe() { EXPECT_EQ(::pipe2(fds.data(), O_NONBLOCK | O_CLOEXEC), 0); }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int r() const { return fds[0]; }
  void put(std::string_view s) const { ASSERT_EQ(::write(fds[1], s.data(), s.size()), ssize_t(s.size())); }
  std::array<int, 2> fds{};
};

std::unique_ptr<EventLoop> make_loop() {
  auto loop = EventLoop::create();
  EXPECT_TRUE(loop) << (loop ? "" : loop.error().message);
  auto l = std::move(*loop);
  l->add_timer_after(kGuardUs, [raw = l.get()] {
    ADD_FAILURE() << "guard timer: the loop did not stop";
    raw->stop();
  });
  return l;
}

TEST(EventLoop, CallsTheCallbackOfAReadablePipe) {
  auto loop = make_loop();
  Pipe p;
  std::string got;
  ASSERT_TRUE(loop->watch(p.r(), [&] {
    char buf[16];
    const ssize_t n = ::read(p.r(), buf, sizeof buf);
    got.append(buf, static_cast<std::size_t>(n));
    loop->stop();
  }));
  p.put("hello");
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(got, "hello");
}

TEST(EventLoop, IsLevelTriggered) {
  // A callback that reads one byte per call is called again while bytes remain.
  auto loop = make_loop();
  Pipe p;
  std::string got;
  ASSERT_TRUE(loop->watch(p.r(), [&] {
    char c = 0;
    ASSERT_EQ(::read(p.r(), &c, 1), 1);
    got.push_back(c);
    if (got.size() == 3) loop->stop();
  }));
  p.put("abc");
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(got, "abc");
}

TEST(EventLoop, ReadsAnEventfdWrittenByAnotherThread) {
  auto loop = make_loop();
  const int efd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  ASSERT_GE(efd, 0);
  std::uint64_t value = 0;
  ASSERT_TRUE(loop->watch(efd, [&] {
    ASSERT_EQ(::read(efd, &value, sizeof value), ssize_t(sizeof value));
    loop->stop();
  }));
  std::thread writer([efd] {
    const std::uint64_t v = 42;
    EXPECT_EQ(::write(efd, &v, sizeof v), ssize_t(sizeof v));
  });
  ASSERT_TRUE(loop->run());
  writer.join();
  EXPECT_EQ(value, 42u);
  ::close(efd);
}

TEST(EventLoop, RejectsASecondWatchOfTheSameFd) {
  auto loop = make_loop();
  Pipe p;
  ASSERT_TRUE(loop->watch(p.r(), [] {}));
  const auto again = loop->watch(p.r(), [] {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "fd_already_watched");
  loop->unwatch(p.r());
  EXPECT_FALSE(loop->watching(p.r()));
  EXPECT_TRUE(loop->watch(p.r(), [] {}));
}

TEST(EventLoop, AnFdUnwatchedEarlierInTheSameTurnIsNotCalled) {
  // Both pipes are readable in the same epoll_wait(); whichever runs first unwatches the other.
  auto loop = make_loop();
  Pipe a, b;
  int calls = 0;
  ASSERT_TRUE(loop->watch(a.r(), [&] {
    ++calls;
    loop->unwatch(b.r());
    loop->unwatch(a.r());
    loop->stop();
  }));
  ASSERT_TRUE(loop->watch(b.r(), [&] {
    ++calls;
    loop->unwatch(a.r());
    loop->unwatch(b.r());
    loop->stop();
  }));
  a.put("x");
  b.put("y");
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(calls, 1);
}

TEST(EventLoop, TimersFireInDeadlineOrderAndFifoOnTies) {
  auto loop = make_loop();
  std::vector<int> order;
  const std::uint64_t t0 = monotonic_now_us();
  loop->add_timer_at(t0 + 3000, [&] { order.push_back(3); });
  loop->add_timer_at(t0 + 1000, [&] { order.push_back(1); });
  loop->add_timer_at(t0 + 2000, [&] { order.push_back(21); });
  loop->add_timer_at(t0 + 2000, [&] { order.push_back(22); });
  loop->add_timer_at(t0 + 4000, [&] {
    order.push_back(4);
    loop->stop();
  });
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(order, (std::vector<int>{1, 21, 22, 3, 4}));
  EXPECT_GE(monotonic_now_us(), t0 + 4000);  // none fired before its deadline
}

TEST(EventLoop, ATimerInThePastFiresOnTheNextTurn) {
  auto loop = make_loop();
  bool fired = false;
  loop->add_timer_at(0, [&] {
    fired = true;
    loop->stop();
  });
  ASSERT_TRUE(loop->run());
  EXPECT_TRUE(fired);
}

TEST(EventLoop, CancelledTimersDoNotFire) {
  auto loop = make_loop();
  std::vector<int> fired;
  const std::uint64_t t0 = monotonic_now_us();
  const TimerId a = loop->add_timer_at(t0 + 1000, [&] { fired.push_back(1); });
  TimerId c = 0;
  // b and c are due in the same turn; b cancels c before it runs.
  loop->add_timer_at(t0 + 2000, [&] {
    fired.push_back(2);
    EXPECT_TRUE(loop->cancel_timer(c));
  });
  c = loop->add_timer_at(t0 + 2000, [&] { fired.push_back(3); });
  loop->add_timer_at(t0 + 3000, [&] {
    fired.push_back(4);
    loop->stop();
  });
  EXPECT_TRUE(loop->cancel_timer(a));
  EXPECT_FALSE(loop->cancel_timer(a));
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(fired, (std::vector<int>{2, 4}));
  EXPECT_EQ(loop->pending_timers(), 1u);  // only the guard
}

TEST(EventLoop, ATimerReAddingItselfAsDueDoesNotStarveDescriptors) {
  auto loop = make_loop();
  Pipe p;
  int ticks = 0;
  std::function<void()> tick = [&] {
    ++ticks;
    loop->add_timer_at(0, tick);
  };
  loop->add_timer_at(0, tick);
  ASSERT_TRUE(loop->watch(p.r(), [&] { loop->stop(); }));
  p.put("x");
  ASSERT_TRUE(loop->run());
  EXPECT_GE(ticks, 1);
}

TEST(EventLoop, IdleLoopWakesOnlyForItsTimer) {
  // One timer 20 ms ahead and nothing else: epoll_wait() returns exactly once. A loop that polled on an
  // interval, or slept and checked, would return more often.
  auto loop = make_loop();
  Pipe idle;
  ASSERT_TRUE(loop->watch(idle.r(), [] { ADD_FAILURE() << "nothing was written"; }));
  loop->add_timer_after(20'000, [&] { loop->stop(); });
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(loop->wakeups(), 1u);
}

TEST(EventLoop, StopBeforeRunReturnsAtOnceAndRunCanResume) {
  auto loop = make_loop();
  loop->stop();
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(loop->wakeups(), 0u);
  bool fired = false;
  loop->add_timer_at(0, [&] {
    fired = true;
    loop->stop();
  });
  ASSERT_TRUE(loop->run());
  EXPECT_TRUE(fired);
}

TEST(EventLoop, StopFromAnotherThreadWakesTheLoop) {
  auto loop = make_loop();
  std::thread stopper([&] { loop->stop(); });
  ASSERT_TRUE(loop->run());
  stopper.join();
}

bool blocked(int signo) {
  sigset_t current;
  ::pthread_sigmask(SIG_BLOCK, nullptr, &current);
  return sigismember(&current, signo) == 1;
}

TEST(EventLoop, DeliversSigtermAndSigintThroughTheSignalfd) {
  ASSERT_FALSE(blocked(SIGTERM));
  {
    auto loop = make_loop();
    std::vector<int> got;
    ASSERT_TRUE(loop->handle_signals({SIGTERM, SIGINT}, [&](int signo) {
      got.push_back(signo);
      if (got.size() == 2) loop->stop();
    }));
    EXPECT_TRUE(blocked(SIGTERM));
    EXPECT_TRUE(blocked(SIGINT));
    // Blocked, so they stay pending (the default action would end the test process) until the loop reads
    // them. raise() targets this thread, kill() the process.
    ASSERT_EQ(::raise(SIGTERM), 0);
    ASSERT_EQ(::kill(::getpid(), SIGINT), 0);
    ASSERT_TRUE(loop->run());
    // Both arrive, each once (their order depends on thread- vs process-directed queues, not asserted).
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<int>{SIGINT, SIGTERM}));
    const auto again = loop->handle_signals({SIGHUP}, [](int) {});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "signals_already_handled");
  }
  EXPECT_FALSE(blocked(SIGTERM));  // the mask is restored with the loop
  EXPECT_FALSE(blocked(SIGINT));
}

}  // namespace
}  // namespace onechan::daemon
