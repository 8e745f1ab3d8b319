// The SX1276 model behind the interfaces the driver uses: SpiBus, OutputLine (RESET, and NSS for boards
// that drive chip select from a GPIO), EdgeInputLine (DIO0, DIO1) and Clock. A mutex guards the model,
// so the driver may run in one thread while another (SimRadio's) delivers frames and moves time.
//
// Two time sources:
//   - manual (tests): time stands still until advance_to() or the driver's clock().sleep_us() moves it;
//     every DIO edge is stamped with the exact µs the model raised it. No thread, fully deterministic.
//   - monotonic (SimRadio, `radio probe --board sim`): CLOCK_MONOTONIC; the owner must call
//     advance_to_now() at next_event_time() (SimRadio does, from a timerfd).
// DIO lines signal rising edges through an eventfd (readable while an edge is pending), as the
// libgpiod backend does with the kernel's line events.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "radio/air_frame.hpp"
#include "radio/clock.hpp"
#include "radio/gpio.hpp"
#include "radio/sim/sx1276_model.hpp"
#include "radio/spi_bus.hpp"

namespace onechan::radio::sim {

// CLOCK_MONOTONIC in µs (the clock the Linux backends stamp DIO0 edges in).
std::uint64_t monotonic_now_us();

enum class TimeSource { manual, monotonic };

class SimChip {
 public:
  // Called (under the chip's lock) whenever the model's next event may have changed.
  using ScheduleHook = std::function<void(std::optional<std::uint64_t> next_event_us)>;

  explicit SimChip(ModelOptions options = {}, TimeSource time = TimeSource::manual);
  ~SimChip();
  SimChip(const SimChip&) = delete;
  SimChip& operator=(const SimChip&) = delete;

  SpiBus& spi() { return spi_; }
  OutputLine& reset_line() { return reset_; }
  OutputLine& nss_line() { return nss_; }
  EdgeInputLine& dio0() { return dio_[0]; }
  EdgeInputLine& dio1() { return dio_[1]; }
  Clock& clock() { return clock_; }

  std::uint64_t now_us() const;
  // Moves time to `now_us` (manual time: sets it) and runs the model's events up to there.
  void advance_to(std::uint64_t now_us);
  // Monotonic time: runs the model's events up to the clock's present.
  void advance_to_now();
  std::optional<std::uint64_t> next_event_time();

  // A transmission arriving from the air, starting at start_us (default: now).
  void deliver(const AirFrame& frame, std::optional<std::uint64_t> start_us = std::nullopt);
  // Called at each TX start, under the chip's lock (keep it short: SimRadio sends one datagram).
  void set_transmit_handler(Sx1276Model::TransmitHandler handler);
  void set_schedule_hook(ScheduleHook hook);

  // Direct access to the model under the lock, for tests and `radio probe` (register dumps).
  template <typename F>
  auto with_model(F&& f) {
    std::lock_guard lock(mutex_);
    return f(model_);
  }

 private:
  class Spi final : public SpiBus {
   public:
    explicit Spi(SimChip& chip) : chip_(chip) {}
    bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) override;
    std::string describe() const override { return "sim"; }
    std::string last_error() const override { return error_; }

   private:
    SimChip& chip_;
    std::string error_;
  };
  class Pin final : public OutputLine {
   public:
    Pin(SimChip& chip, bool is_reset) : chip_(chip), is_reset_(is_reset) {}
    bool set(bool high) override;
    std::string describe() const override { return is_reset_ ? "sim RESET" : "sim NSS"; }

   private:
    SimChip& chip_;
    bool is_reset_;
  };
  class Dio final : public EdgeInputLine {
   public:
    Dio(SimChip& chip, int index);
    ~Dio() override;
    Dio(const Dio&) = delete;
    Dio& operator=(const Dio&) = delete;
    int fd() const override { return fd_; }
    std::optional<std::uint64_t> read_event() override;
    bool level() const override;
    std::string describe() const override { return index_ == 0 ? "sim DIO0" : "sim DIO1"; }
    void push_edge(std::uint64_t at_us);  // with the chip's lock held

   private:
    SimChip& chip_;
    int index_;
    int fd_ = -1;
    std::deque<std::uint64_t> edges_;
  };
  class ChipClock final : public Clock {
   public:
    explicit ChipClock(SimChip& chip) : chip_(chip) {}
    std::uint64_t now_us() const override { return chip_.now_us(); }
    void sleep_us(std::uint32_t us) override;

   private:
    SimChip& chip_;
  };

  void notify_schedule();  // with the lock held

  TimeSource time_;
  std::atomic<std::uint64_t> manual_now_{0};
  mutable std::mutex mutex_;
  Sx1276Model model_;
  bool nss_held_ = false;
  ScheduleHook schedule_hook_;
  Spi spi_{*this};
  Pin reset_{*this, true};
  Pin nss_{*this, false};
  Dio dio_[2] = {Dio{*this, 0}, Dio{*this, 1}};
  ChipClock clock_{*this};
};

}  // namespace onechan::radio::sim
