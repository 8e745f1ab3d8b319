#include "radio/gpio_chip_select_bus.hpp"

namespace onechan::radio {

bool GpioChipSelectBus::transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) {
  error_.clear();
  if (!cs_.set(false)) {
    error_ = "could not drive chip select " + cs_.describe() + " low";
    return false;
  }
  const bool ok = bus_.transfer(tx, rx);
  // Release NSS even after a failed transfer, so the next one starts a fresh SPI frame.
  if (!cs_.set(true)) {
    error_ = "could not release chip select " + cs_.describe();
    return false;
  }
  return ok;
}

}  // namespace onechan::radio
