// The SPI bus as the driver sees it: one full-duplex transfer under chip select. Backends: Linux spidev
// (radio/src/linux), and the SX1276 model (radio/sim) for machines without a radio.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace onechan::radio {

class SpiBus {
 public:
  virtual ~SpiBus() = default;
  // Clocks tx.size() bytes out while clocking the same number in, chip select held low for the whole
  // transfer. rx.size() == tx.size(). Returns false on an I/O error (see last_error()).
  virtual bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) = 0;
  // A description for error messages, e.g. "/dev/spidev0.0" or "sim".
  virtual std::string describe() const = 0;
  virtual std::string last_error() const { return {}; }
};

}  // namespace onechan::radio
