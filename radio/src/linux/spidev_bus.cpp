#include "radio/linux/spidev_bus.hpp"

#include <fcntl.h>
#include <linux/spi/spidev.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace onechan::radio::linux {
namespace {

int real_open(const char* path, int flags) {
  return ::open(path, flags);
}
int real_close(int fd) {
  return ::close(fd);
}
int real_ioctl(int fd, unsigned long request, void* argument) {
  return ::ioctl(fd, request, argument);
}

std::string open_failure(const std::string& device, int err) {
  std::string message = "cannot open " + device + ": " + std::strerror(err);
  switch (err) {
    case ENOENT:
      return message +
             ". SPI is not enabled, or this spidev does not exist: enable SPI with `sudo raspi-config` "
             "(Interface Options, SPI) or dtparam=spi=on in /boot/firmware/config.txt, then reboot "
             "(a board on CE1 needs /dev/spidev0.1)";
    case EACCES:
    case EPERM:
      return message +
             ". Add the user to the spi group (`sudo usermod -aG spi $USER`, then log in again) or run "
             "onechan as a user of that group";
    case EBUSY:
      return message + ". Another program holds the device";
    default:
      return message;
  }
}

}  // namespace

const SpidevSyscalls& real_spidev_syscalls() {
  static const SpidevSyscalls sys{real_open, real_close, real_ioctl};
  return sys;
}

Expected<std::unique_ptr<SpidevBus>> SpidevBus::open(const SpidevConfig& config, const SpidevSyscalls& sys) {
  const int fd = sys.open(config.device.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return RadioError{RadioErrc::device_open_failed, open_failure(config.device, errno)};
  std::unique_ptr<SpidevBus> bus(new SpidevBus(fd, config, sys));

  auto setup_error = [&](const char* request, int err) {
    return RadioError{RadioErrc::device_setup_failed,
                      std::string(request) + " on " + config.device + " failed: " + std::strerror(err)};
  };

  std::uint8_t mode = SPI_MODE_0;
  if (!config.kernel_chip_select) {
    mode = SPI_MODE_0 | SPI_NO_CS;
    if (sys.ioctl(fd, SPI_IOC_WR_MODE, &mode) == 0) {
      bus->no_cs_ = true;
    } else if (errno == EINVAL) {
      mode = SPI_MODE_0;
      bus->warning_ = "the SPI controller of " + config.device +
                      " refused SPI_NO_CS: its CE line toggles with every transfer besides the NSS GPIO, "
                      "so nothing else may be wired to that CE pin";
    } else {
      return setup_error("SPI_IOC_WR_MODE", errno);
    }
  }
  if (!bus->no_cs_ && sys.ioctl(fd, SPI_IOC_WR_MODE, &mode) != 0)
    return setup_error("SPI_IOC_WR_MODE", errno);

  std::uint8_t bits = 8;
  if (sys.ioctl(fd, SPI_IOC_WR_BITS_PER_WORD, &bits) != 0) {
    return setup_error("SPI_IOC_WR_BITS_PER_WORD", errno);
  }
  std::uint32_t speed = config.speed_hz;
  if (sys.ioctl(fd, SPI_IOC_WR_MAX_SPEED_HZ, &speed) != 0)
    return setup_error("SPI_IOC_WR_MAX_SPEED_HZ", errno);
  return bus;
}

SpidevBus::~SpidevBus() {
  sys_.close(fd_);
}

bool SpidevBus::transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) {
  if (tx.size() != rx.size() || tx.empty()) {
    last_error_ = "transfer with tx and rx of different or zero length";
    return false;
  }
  spi_ioc_transfer xfer{};
  xfer.tx_buf = reinterpret_cast<std::uintptr_t>(tx.data());
  xfer.rx_buf = reinterpret_cast<std::uintptr_t>(rx.data());
  xfer.len = static_cast<std::uint32_t>(tx.size());
  xfer.speed_hz = config_.speed_hz;
  xfer.bits_per_word = 8;
  if (sys_.ioctl(fd_, SPI_IOC_MESSAGE(1), &xfer) < 0) {
    last_error_ = std::string("SPI_IOC_MESSAGE: ") + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace onechan::radio::linux
