// SpiBus over Linux spidev (/dev/spidevB.C): mode 0, 8 bits per word, the board file's clock, one
// full-duplex SPI_IOC_MESSAGE(1) per transfer. The syscalls go through an injectable table so tests
// check the exact ioctl requests and structs without hardware.
//
// Chip select: with kernel_chip_select the spidev's CE line (CE0 for .0, CE1 for .1) frames each
// transfer. Boards that wire NSS to a plain GPIO (Dragino LoRa/GPS HAT: BCM25) wrap this bus in a
// GpioChipSelectBus and open it with kernel_chip_select = false: the bus then asks for SPI_NO_CS so the
// kernel leaves CE alone. Controllers that refuse SPI_NO_CS (EINVAL) keep toggling their CE line;
// open() then falls back to plain mode 0 and says so in warning(): that CE pin must stay unconnected
// (on the Dragino HAT CE0 is).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "radio/radio_error.hpp"
#include "radio/spi_bus.hpp"

namespace onechan::radio::linux {

struct SpidevSyscalls {
  int (*open)(const char* path, int flags);
  int (*close)(int fd);
  int (*ioctl)(int fd, unsigned long request, void* argument);
};
// The real open(2), close(2), ioctl(2).
const SpidevSyscalls& real_spidev_syscalls();

struct SpidevConfig {
  std::string device = "/dev/spidev0.0";
  std::uint32_t speed_hz = 8'000'000;  // the SX1276 accepts up to 10 MHz
  bool kernel_chip_select = true;
};

class SpidevBus : public SpiBus {
 public:
  static Expected<std::unique_ptr<SpidevBus>> open(const SpidevConfig& config,
                                                   const SpidevSyscalls& sys = real_spidev_syscalls());
  ~SpidevBus() override;
  SpidevBus(const SpidevBus&) = delete;
  SpidevBus& operator=(const SpidevBus&) = delete;

  bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) override;
  std::string describe() const override { return config_.device; }
  std::string last_error() const override { return last_error_; }

  // True when the kernel accepted SPI_NO_CS (only asked for without kernel_chip_select).
  bool kernel_chip_select_disabled() const { return no_cs_; }
  // Non-empty when open() had to fall back (SPI_NO_CS refused); one line for the log.
  const std::string& warning() const { return warning_; }

 private:
  SpidevBus(int fd, SpidevConfig config, const SpidevSyscalls& sys)
      : fd_(fd), config_(std::move(config)), sys_(sys) {}

  int fd_;
  SpidevConfig config_;
  const SpidevSyscalls& sys_;
  bool no_cs_ = false;
  std::string warning_;
  std::string last_error_;
};

}  // namespace onechan::radio::linux
