// The driver wired to the SX1276 model (radio/sim) with manual time: the tests' only stand-in for the
// hardware. Time moves when the driver sleeps (the reset pulse) or when a test advances it.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "radio/air_frame.hpp"
#include "radio/lora_modulation.hpp"
#include "radio/recording_spi_bus.hpp"
#include "radio/sim/sim_chip.hpp"
#include "radio/sx1276.hpp"
#include "radio/sx1276_registers.hpp"

namespace onechan::radio::testing {

inline constexpr const char* kBoard = "board file test-board.json";

struct DriverOnModel {
  explicit DriverOnModel(sim::ModelOptions options = {}, std::int8_t board_max_dbm = 20)
      : chip(options, sim::TimeSource::manual),
        recorder(chip.spi()),
        radio(Sx1276Hardware{recorder, &chip.reset_line(), chip.dio0(), chip.clock()},
              Sx1276Options{kBoard, board_max_dbm}) {}

  std::uint8_t peek(std::uint8_t address) {
    return chip.with_model([address](sim::Sx1276Model& m) { return m.peek(address); });
  }
  std::uint64_t now() { return chip.now_us(); }

  // Reset, detect and start RX; fails the test if any step fails.
  void bring_up(const RxConfig& config = {}) {
    auto version = radio.reset_and_detect();
    ASSERT_TRUE(version.ok()) << version.error().message;
    auto rx = radio.start_rx(config);
    ASSERT_TRUE(rx.ok()) << rx.error().message;
  }

  // Puts `frame` on the air now and moves time to just after its end, so DIO0 has risen.
  void deliver_and_wait(const AirFrame& frame) {
    const std::uint64_t start = now();
    chip.deliver(frame, start);
    chip.advance_to(start + airtime_us(frame) + 1'000);
  }

  static std::uint64_t airtime_us(const AirFrame& frame) {
    lora::AirtimeParams p;
    p.spreading_factor = frame.spreading_factor;
    p.bandwidth = *lora::bandwidth_by_hz(frame.bandwidth_hz);
    p.coding_rate = frame.coding_rate;
    p.crc_on = frame.crc_on;
    return (lora::time_on_air_ns(p, frame.payload.size()) + 999) / 1000;
  }

  sim::SimChip chip;
  RecordingSpiBus recorder;
  Sx1276 radio;
};

inline AirFrame uplink(std::vector<std::uint8_t> payload, std::uint8_t sf = 7) {
  AirFrame f;
  f.frequency_hz = 868'100'000;
  f.spreading_factor = sf;
  f.bandwidth_hz = 125'000;
  f.coding_rate = 5;
  f.sync_word = 0x34;
  f.iq_inverted = false;
  f.crc_on = true;
  f.crc_ok = true;
  f.rssi_dbm = -60;
  f.snr_centi_db = 950;
  f.payload = std::move(payload);
  return f;
}

inline std::vector<std::uint8_t> counting_bytes(std::size_t n, std::uint8_t first = 0) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(first + i);
  return v;
}

}  // namespace onechan::radio::testing
