// Chip select on a plain GPIO: some boards wire the SX1276's NSS to a GPIO instead of a CE line (the
// Dragino LoRa/GPS HAT uses BCM25). This SpiBus drives that line low around each transfer of the
// underlying bus, which must itself leave its own chip select alone (spidev opened with SPI_NO_CS, see
// radio/linux/spidev_bus.hpp).
#pragma once

#include <span>
#include <string>

#include "radio/gpio.hpp"
#include "radio/spi_bus.hpp"

namespace onechan::radio {

class GpioChipSelectBus : public SpiBus {
 public:
  // `chip_select` must already be high (deselected).
  GpioChipSelectBus(SpiBus& bus, OutputLine& chip_select) : bus_(bus), cs_(chip_select) {}

  bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) override;
  std::string describe() const override { return bus_.describe() + " with NSS on " + cs_.describe(); }
  std::string last_error() const override { return error_.empty() ? bus_.last_error() : error_; }

 private:
  SpiBus& bus_;
  OutputLine& cs_;
  std::string error_;
};

}  // namespace onechan::radio
