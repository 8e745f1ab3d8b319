// How one board connects the SX1276 to the host, in radio terms: the SPI device and clock, the chip
// select (the spidev's own CE line, or a plain GPIO), RESET, DIO0, DIO1 as gpiochip + line offset, and
// the most the board may transmit with. Loaded and validated from boards/*.json by the forwarder
// (forwarder/src/board_file.hpp); `backend: sim` stands for the SX1276 model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace onechan::radio {

// A GPIO line: the gpiochip number and the line offset on it (on a Pi 1-4 gpiochip0 and the BCM
// number). Never a wiringPi number.
struct GpioLine {
  unsigned int chip = 0;
  unsigned int line = 0;
  friend bool operator==(const GpioLine&, const GpioLine&) = default;
};

enum class BoardBackend { spidev, sim };

enum class ChipSelect {
  kernel,  // the spidev's CE line (CE0 for /dev/spidevB.0, CE1 for .1) frames each transfer
  gpio,    // NSS is a plain GPIO (`nss`) driven by onechan; the spidev is opened with SPI_NO_CS
};

struct BoardWiring {
  std::string name;         // "dragino-lora-gps-hat"
  std::string description;  // one line for humans
  std::string source;       // the file it was loaded from, named in error messages
  BoardBackend backend = BoardBackend::spidev;
  std::string spi_device = "/dev/spidev0.0";
  std::uint32_t spi_speed_hz = 8'000'000;
  ChipSelect chip_select = ChipSelect::kernel;
  std::optional<GpioLine> nss;    // only with ChipSelect::gpio
  std::optional<GpioLine> reset;  // nullopt: RESET is not wired (Uputronics boards)
  GpioLine dio0;                  // RxDone / TxDone: required
  std::optional<GpioLine> dio1;   // wired on some boards; the driver does not use it
  std::int8_t max_tx_power_dbm = 14;
  // Sim backend only: what the model answers at RegVersion (0x12; 0x00, 0xFF or 0x22 show the
  // detection errors a miswired board gives).
  std::uint8_t sim_reg_version = 0x12;
};

}  // namespace onechan::radio
