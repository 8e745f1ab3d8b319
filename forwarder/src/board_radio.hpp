// Opens the radio a board file describes and owns everything behind the driver: on a Pi the spidev
// bus, the chip-select/RESET/DIO0 lines and CLOCK_MONOTONIC; on the `sim` board the SX1276 model
// (radio/sim SimChip on CLOCK_MONOTONIC). The daemon and `onechan radio probe` both start here.
//
//   auto radio = board::BoardRadio::open(wiring, {});
//   radio->driver().reset_and_detect(); radio->driver().start_rx(config);
//   poll on radio->dio0().fd() -> radio->driver().handle_dio0()
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lorawan/result.hpp"
#include "radio/board_wiring.hpp"
#include "radio/clock.hpp"
#include "radio/gpio.hpp"
#include "radio/recording_spi_bus.hpp"
#include "radio/sim/sim_chip.hpp"
#include "radio/spi_bus.hpp"
#include "radio/sx1276.hpp"

namespace onechan::board {

struct BoardRadioOptions {
  // Put a RecordingSpiBus in front of the chip (`radio probe --trace`).
  bool record_writes = false;
};

class BoardRadio {
 public:
  // Errors carry the radio's code as a string ("device_open_failed", ...) and a message naming the
  // device and the board file.
  static Result<std::unique_ptr<BoardRadio>> open(const radio::BoardWiring& wiring,
                                                  BoardRadioOptions options);
  ~BoardRadio();
  BoardRadio(const BoardRadio&) = delete;
  BoardRadio& operator=(const BoardRadio&) = delete;

  radio::Sx1276& driver() { return *driver_; }
  radio::EdgeInputLine& dio0() { return *dio0_; }
  radio::Clock& clock() { return *clock_; }
  // Non-null with BoardRadioOptions::record_writes.
  const radio::RecordingSpiBus* recorder() const { return recorder_.get(); }
  // Non-null on the sim board: the model, to attach the virtual air or inspect registers.
  radio::sim::SimChip* sim_chip() { return sim_.get(); }
  // Things the operator should know that did not stop the radio (e.g. SPI_NO_CS refused).
  const std::vector<std::string>& warnings() const { return warnings_; }
  const radio::BoardWiring& wiring() const { return wiring_; }

 private:
  BoardRadio() = default;

  radio::BoardWiring wiring_;
  std::unique_ptr<radio::sim::SimChip> sim_;
  std::unique_ptr<radio::Clock> own_clock_;
  std::unique_ptr<radio::SpiBus> spidev_;
  std::unique_ptr<radio::OutputLine> nss_;
  std::unique_ptr<radio::SpiBus> cs_bus_;
  std::unique_ptr<radio::OutputLine> reset_;
  std::unique_ptr<radio::EdgeInputLine> own_dio0_;
  std::unique_ptr<radio::RecordingSpiBus> recorder_;
  std::unique_ptr<radio::Sx1276> driver_;
  radio::Clock* clock_ = nullptr;
  radio::EdgeInputLine* dio0_ = nullptr;
  std::vector<std::string> warnings_;
};

}  // namespace onechan::board
