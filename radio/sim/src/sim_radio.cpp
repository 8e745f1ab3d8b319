#include "radio/sim/sim_radio.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "radio/sim/air_datagram.hpp"

namespace onechan::radio::sim {

SimRadio::SimRadio(SimRadioConfig config)
    : config_(config), chip_(config_.model, TimeSource::monotonic) {}

SimRadio::~SimRadio() {
  stop();
  // The hooks capture `this`: detach them before the members go.
  chip_.set_schedule_hook({});
  chip_.set_transmit_handler({});
  if (timer_fd_ >= 0) close(timer_fd_);
  if (stop_fd_ >= 0) close(stop_fd_);
}

bool SimRadio::start(std::string* error) {
  if (thread_.joinable()) return true;
  if (config_.listen) {
    if (!rx_socket_.bind(*config_.listen, error)) return false;
    listen_address_ = rx_socket_.local_address();
  }
  if (config_.transmit_to && !tx_socket_.open(error)) return false;
  timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (timer_fd_ < 0 || stop_fd_ < 0) {
    if (error) *error = std::string("timerfd/eventfd: ") + std::strerror(errno);
    return false;
  }
  chip_.set_transmit_handler([this](const Transmission& t) { on_transmit(t); });
  chip_.set_schedule_hook([this](std::optional<std::uint64_t> next) { arm_timer(next); });
  thread_ = std::thread([this] { run(); });
  return true;
}

void SimRadio::stop() {
  if (!thread_.joinable()) return;
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(stop_fd_, &one, sizeof one);
  thread_.join();
}

SimRadioStats SimRadio::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

void SimRadio::arm_timer(std::optional<std::uint64_t> at_us) {
  if (at_us == armed_at_) return;  // most SPI transfers change nothing: no syscall
  armed_at_ = at_us;
  itimerspec spec{};
  if (at_us) {
    // Absolute CLOCK_MONOTONIC time; a time already past fires at once. 0 would disarm: use 1 µs.
    const std::uint64_t t = *at_us == 0 ? 1 : *at_us;
    spec.it_value.tv_sec = static_cast<time_t>(t / 1'000'000u);
    spec.it_value.tv_nsec = static_cast<long>(t % 1'000'000u) * 1000L;
  }
  timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void SimRadio::on_transmit(const Transmission& t) {
  std::lock_guard lock(stats_mutex_);
  if (!config_.transmit_to) return;
  auto datagram = encode_air_datagram(t.frame);
  std::string error;
  if (!datagram || !tx_socket_.send_to(*config_.transmit_to, datagram.value(), &error)) {
    ++stats_.transmit_errors;
    return;
  }
  ++stats_.transmissions_sent;
}

void SimRadio::receive_datagrams() {
  while (auto datagram = rx_socket_.receive()) {
    auto frame = decode_air_datagram(*datagram);
    {
      std::lock_guard lock(stats_mutex_);
      ++stats_.datagrams_received;
      if (!frame) {
        ++stats_.malformed_datagrams;
        stats_.last_malformed = std::string(to_string(frame.error().code)) + ": " + frame.error().message;
      }
    }
    // Datagrams are sent at transmission start: the frame starts now.
    if (frame) chip_.deliver(frame.value());
  }
}

void SimRadio::run() {
  pollfd fds[3] = {{stop_fd_, POLLIN, 0}, {timer_fd_, POLLIN, 0}, {rx_socket_.fd(), POLLIN, 0}};
  const nfds_t count = rx_socket_.is_open() ? 3 : 2;
  while (true) {
    const int n = poll(fds, count, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    {
      std::lock_guard lock(stats_mutex_);
      ++stats_.wakeups;
    }
    if (fds[0].revents & POLLIN) return;
    if (fds[1].revents & POLLIN) {
      std::uint64_t expirations = 0;
      [[maybe_unused]] const ssize_t r = read(timer_fd_, &expirations, sizeof expirations);
      // The timer is one-shot: forget it so the hook re-arms even for the same time.
      chip_.with_model([this](Sx1276Model&) { armed_at_.reset(); });
      chip_.advance_to_now();
    }
    if (count == 3 && (fds[2].revents & POLLIN)) receive_datagrams();
  }
}

}  // namespace onechan::radio::sim
