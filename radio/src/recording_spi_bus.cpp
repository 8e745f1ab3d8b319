#include "radio/recording_spi_bus.hpp"

#include "radio/sx1276_registers.hpp"

namespace onechan::radio {

bool RecordingSpiBus::transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) {
  if (!inner_.transfer(tx, rx)) return false;
  if (tx.size() < 2 || (tx[0] & sx1276::kSpiWrite) == 0) return true;
  std::uint8_t address = static_cast<std::uint8_t>(tx[0] & ~sx1276::kSpiWrite);
  for (std::size_t i = 1; i < tx.size(); ++i) {
    writes_.push_back(RegisterWrite{address, tx[i]});
    if (address != sx1276::reg::Fifo) address = static_cast<std::uint8_t>((address + 1) & 0x7F);
  }
  return true;
}

}  // namespace onechan::radio
