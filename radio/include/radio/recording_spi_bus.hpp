// A SpiBus decorator that records every SX1276 register write passing through it, in order: what
// `onechan radio probe --trace` prints, so a user sees exactly what the driver did to the chip.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "radio/spi_bus.hpp"

namespace onechan::radio {

struct RegisterWrite {
  std::uint8_t address;
  std::uint8_t value;
  friend bool operator==(const RegisterWrite&, const RegisterWrite&) = default;
};

class RecordingSpiBus : public SpiBus {
 public:
  explicit RecordingSpiBus(SpiBus& inner) : inner_(inner) {}

  // Forwards the transfer; a successful write transfer (address byte with bit 7 set) is recorded as
  // one RegisterWrite per data byte. A burst write goes to consecutive addresses, except a burst into
  // RegFifo (0x00), which stays at the FIFO (datasheet 4.3: the address auto-increments except for
  // the FIFO).
  bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) override;
  std::string describe() const override { return inner_.describe(); }
  std::string last_error() const override { return inner_.last_error(); }

  const std::vector<RegisterWrite>& writes() const { return writes_; }
  void clear() { writes_.clear(); }

 private:
  SpiBus& inner_;
  std::vector<RegisterWrite> writes_;
};

}  // namespace onechan::radio
