#include "radio/sim/sim_chip.hpp"

#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace onechan::radio::sim {

std::uint64_t monotonic_now_us() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

namespace {

MicrosClock make_clock(TimeSource time, const std::atomic<std::uint64_t>& manual_now) {
  if (time == TimeSource::monotonic) return monotonic_now_us;
  return [&manual_now] { return manual_now.load(); };
}

}  // namespace

SimChip::SimChip(ModelOptions options, TimeSource time)
    : time_(time), model_(options, make_clock(time, manual_now_)) {
  model_.set_dio_handler([this](int dio, bool level, std::uint64_t at_us) {
    if (level && dio >= 0 && dio < 2) dio_[dio].push_edge(at_us);
  });
}

SimChip::~SimChip() = default;

std::uint64_t SimChip::now_us() const {
  return time_ == TimeSource::monotonic ? monotonic_now_us() : manual_now_.load();
}

void SimChip::advance_to(std::uint64_t now_us) {
  std::lock_guard lock(mutex_);
  if (time_ == TimeSource::manual && now_us > manual_now_.load()) manual_now_.store(now_us);
  model_.advance_to(now_us);
  notify_schedule();
}

void SimChip::advance_to_now() {
  advance_to(now_us());
}

std::optional<std::uint64_t> SimChip::next_event_time() {
  std::lock_guard lock(mutex_);
  return model_.next_event_time();
}

void SimChip::deliver(const AirFrame& frame, std::optional<std::uint64_t> start_us) {
  std::lock_guard lock(mutex_);
  model_.deliver(frame, start_us.value_or(now_us()));
  notify_schedule();
}

void SimChip::set_transmit_handler(Sx1276Model::TransmitHandler handler) {
  std::lock_guard lock(mutex_);
  model_.set_transmit_handler(std::move(handler));
}

void SimChip::set_schedule_hook(ScheduleHook hook) {
  std::lock_guard lock(mutex_);
  schedule_hook_ = std::move(hook);
  notify_schedule();
}

void SimChip::notify_schedule() {
  if (schedule_hook_) schedule_hook_(model_.next_event_time());
}

// --- SPI -------------------------------------------------------------------------------------------

bool SimChip::Spi::transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) {
  if (rx.size() != tx.size()) {
    error_ = "transfer: rx and tx sizes differ";
    return false;
  }
  std::lock_guard lock(chip_.mutex_);
  // With a GPIO chip select held low, the transfer continues the open transaction.
  const bool own_select = !chip_.nss_held_;
  if (own_select) chip_.model_.select(true);
  for (std::size_t i = 0; i < tx.size(); ++i) rx[i] = chip_.model_.exchange(tx[i]);
  if (own_select) chip_.model_.select(false);
  chip_.notify_schedule();
  return true;
}

bool SimChip::Pin::set(bool high) {
  std::lock_guard lock(chip_.mutex_);
  if (is_reset_) {
    chip_.model_.set_reset_pin(high);
  } else {
    chip_.nss_held_ = !high;
    chip_.model_.select(!high);
  }
  chip_.notify_schedule();
  return true;
}

// --- DIO -------------------------------------------------------------------------------------------

SimChip::Dio::Dio(SimChip& chip, int index) : chip_(chip), index_(index) {
  fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error(std::string("eventfd for the sim DIO line: ") + std::strerror(errno));
}

SimChip::Dio::~Dio() {
  if (fd_ >= 0) close(fd_);
}

void SimChip::Dio::push_edge(std::uint64_t at_us) {
  edges_.push_back(at_us);
  const std::uint64_t one = 1;
  // Cannot fail short of the counter overflowing (2^64 - 2 pending edges).
  [[maybe_unused]] const ssize_t n = write(fd_, &one, sizeof one);
}

std::optional<std::uint64_t> SimChip::Dio::read_event() {
  std::lock_guard lock(chip_.mutex_);
  if (edges_.empty()) return std::nullopt;
  const std::uint64_t at = edges_.front();
  edges_.pop_front();
  if (edges_.empty()) {
    // Clear the eventfd so poll() stops reporting it until the next edge.
    std::uint64_t count = 0;
    [[maybe_unused]] const ssize_t n = read(fd_, &count, sizeof count);
  }
  return at;
}

bool SimChip::Dio::level() const {
  std::lock_guard lock(chip_.mutex_);
  return index_ == 0 ? chip_.model_.dio0() : chip_.model_.dio1();
}

void SimChip::ChipClock::sleep_us(std::uint32_t us) {
  if (chip_.time_ == TimeSource::monotonic) {
    timespec ts{static_cast<time_t>(us / 1'000'000u), static_cast<long>(us % 1'000'000u) * 1000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    chip_.advance_to_now();
    return;
  }
  chip_.advance_to(chip_.now_us() + us);
}

}  // namespace onechan::radio::sim
