// The SX1276 model as a radio inside a Linux process (the daemon with `--board sim`, `radio probe`,
// soak tests): a SimChip on CLOCK_MONOTONIC plus one background thread that feeds it the virtual air.
//
// The thread blocks in poll() on the virtual-air UDP socket, a timerfd armed for the model's next event
// (the end of a frame's airtime, a TX end) and a stop eventfd. It never wakes up on its own: with
// nothing on the air and nothing in progress the timerfd is disarmed and the process sleeps.
// Transmissions go to `transmit_to` as one datagram each, at TX start.
//
//   SimRadio radio({.listen = parse_air_address("127.0.0.1:17001"), .transmit_to = ...});
//   if (!radio.start(&error)) ...;
//   Sx1276 driver({radio.spi(), &radio.reset_line(), radio.dio0(), radio.clock()}, ...);
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "radio/sim/air_socket.hpp"
#include "radio/sim/sim_chip.hpp"

namespace onechan::radio::sim {

struct SimRadioConfig {
  // Where frames from the air arrive (nullopt: no air, e.g. `radio probe --board sim`).
  std::optional<AirAddress> listen = std::nullopt;
  // Where the model's transmissions go (nullopt: counted, not sent).
  std::optional<AirAddress> transmit_to = std::nullopt;
  ModelOptions model = {};
};

struct SimRadioStats {
  std::uint64_t datagrams_received = 0;
  std::uint64_t malformed_datagrams = 0;  // counted and dropped (see last_malformed)
  std::uint64_t transmissions_sent = 0;
  std::uint64_t transmit_errors = 0;
  std::uint64_t wakeups = 0;   // times the thread returned from poll() (idle: stays 0)
  std::string last_malformed;  // "bad_magic: ..." of the most recent malformed datagram
};

class SimRadio {
 public:
  explicit SimRadio(SimRadioConfig config);
  ~SimRadio();
  SimRadio(const SimRadio&) = delete;
  SimRadio& operator=(const SimRadio&) = delete;

  // Binds the listen socket, opens the transmit socket and starts the thread.
  bool start(std::string* error);
  void stop();

  SpiBus& spi() { return chip_.spi(); }
  OutputLine& reset_line() { return chip_.reset_line(); }
  OutputLine& nss_line() { return chip_.nss_line(); }
  EdgeInputLine& dio0() { return chip_.dio0(); }
  Clock& clock() { return chip_.clock(); }
  SimChip& chip() { return chip_; }

  // The bound listen address (the real port when 0 was asked for).
  std::optional<AirAddress> listen_address() const { return listen_address_; }
  SimRadioStats stats() const;

 private:
  void run();
  void arm_timer(std::optional<std::uint64_t> at_us);  // with the chip's lock held
  void on_transmit(const Transmission& t);             // with the chip's lock held
  void receive_datagrams();

  SimRadioConfig config_;
  SimChip chip_;
  AirSocket rx_socket_;
  AirSocket tx_socket_;
  std::optional<AirAddress> listen_address_;
  int timer_fd_ = -1;
  int stop_fd_ = -1;
  std::optional<std::uint64_t> armed_at_;  // guarded by the chip's lock (the schedule hook runs under it)
  std::thread thread_;
  mutable std::mutex stats_mutex_;
  SimRadioStats stats_;
};

}  // namespace onechan::radio::sim
