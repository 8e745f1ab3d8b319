// The spidev backend at its syscall boundary: the exact open flags, ioctl requests and structs it
// hands the kernel, and what it tells the user when the kernel says no. The request numbers are
// written out from the kernel's ioctl encoding (include/uapi/asm-generic/ioctl.h: dir << 30 |
// size << 16 | type << 8 | nr, write = 1, type 'k' = 0x6B) rather than taken from <linux/spi/spidev.h>.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/spi/spidev.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "radio/linux/spidev_bus.hpp"

namespace onechan::radio::linux {
namespace {

constexpr unsigned long kWrMode = 0x40016B01;    // _IOW('k', 1, __u8)
constexpr unsigned long kWrBits = 0x40016B03;    // _IOW('k', 3, __u8)
constexpr unsigned long kWrSpeed = 0x40046B04;   // _IOW('k', 4, __u32)
constexpr unsigned long kMessage1 = 0x40206B00;  // _IOW('k', 0, char[32]): one 32-byte spi_ioc_transfer
constexpr int kFd = 17;

struct Call {
  std::string name;
  unsigned long request = 0;
  std::uint32_t value = 0;  // WR_MODE/BITS/SPEED argument
  spi_ioc_transfer xfer{};
  std::vector<std::uint8_t> tx;
  std::string path;
  int flags = 0;
};

// The fake kernel: records every call; fails the ones a test asks it to.
struct FakeKernel {
  std::vector<Call> calls;
  int open_errno = 0;
  unsigned long fail_request = 0;
  std::uint8_t fail_mode_value = 0xFF;  // fail WR_MODE only for this value
  int fail_errno = 0;
  std::vector<std::uint8_t> miso;  // what the chip answers in a transfer
};
FakeKernel* kernel = nullptr;

int fake_open(const char* path, int flags) {
  kernel->calls.push_back(Call{"open", 0, 0, {}, {}, path, flags});
  if (kernel->open_errno != 0) {
    errno = kernel->open_errno;
    return -1;
  }
  return kFd;
}

int fake_close(int fd) {
  kernel->calls.push_back(Call{"close", 0, static_cast<std::uint32_t>(fd), {}, {}, {}, 0});
  return 0;
}

int fake_ioctl(int fd, unsigned long request, void* argument) {
  EXPECT_EQ(fd, kFd);
  Call c{"ioctl", request, 0, {}, {}, {}, 0};
  if (request == kWrMode || request == kWrBits) c.value = *static_cast<std::uint8_t*>(argument);
  if (request == kWrSpeed) c.value = *static_cast<std::uint32_t*>(argument);
  if (request == kMessage1) {
    std::memcpy(&c.xfer, argument, sizeof c.xfer);
    const auto* tx = reinterpret_cast<const std::uint8_t*>(static_cast<std::uintptr_t>(c.xfer.tx_buf));
    c.tx.assign(tx, tx + c.xfer.len);
  }
  kernel->calls.push_back(c);
  const bool fail =
      request == kernel->fail_request &&
      (request != kWrMode || kernel->fail_mode_value == 0xFF || c.value == kernel->fail_mode_value);
  if (fail) {
    errno = kernel->fail_errno;
    return -1;
  }
  if (request == kMessage1) {
    auto* rx = reinterpret_cast<std::uint8_t*>(static_cast<std::uintptr_t>(c.xfer.rx_buf));
    for (std::uint32_t i = 0; i < c.xfer.len; ++i) rx[i] = i < kernel->miso.size() ? kernel->miso[i] : 0;
    return static_cast<int>(c.xfer.len);
  }
  return 0;
}

const SpidevSyscalls kFakeSys{fake_open, fake_close, fake_ioctl};

struct SpidevTest : ::testing::Test {
  SpidevTest() { kernel = &k; }
  ~SpidevTest() override { kernel = nullptr; }
  FakeKernel k;
};

TEST(SpidevRequests, MatchTheKernelEncoding) {
  // The header's macros agree with the encoding written out above (x86-64 and arm share it).
  EXPECT_EQ(SPI_IOC_WR_MODE, kWrMode);
  EXPECT_EQ(SPI_IOC_WR_BITS_PER_WORD, kWrBits);
  EXPECT_EQ(SPI_IOC_WR_MAX_SPEED_HZ, kWrSpeed);
  EXPECT_EQ(SPI_IOC_MESSAGE(1), kMessage1);
  EXPECT_EQ(sizeof(spi_ioc_transfer), 32u);
}

TEST_F(SpidevTest, OpensWithKernelChipSelectInMode0) {
  {
    auto bus = SpidevBus::open({"/dev/spidev0.1", 4'000'000, true}, kFakeSys);
    ASSERT_TRUE(bus.ok()) << bus.error().message;
    EXPECT_EQ((*bus)->describe(), "/dev/spidev0.1");
    EXPECT_FALSE((*bus)->kernel_chip_select_disabled());
    EXPECT_TRUE((*bus)->warning().empty());
    ASSERT_EQ(k.calls.size(), 4u);
    EXPECT_EQ(k.calls[0].name, "open");
    EXPECT_EQ(k.calls[0].path, "/dev/spidev0.1");
    EXPECT_EQ(k.calls[0].flags, O_RDWR | O_CLOEXEC);
    EXPECT_EQ(k.calls[1].request, kWrMode);
    EXPECT_EQ(k.calls[1].value, 0x00u);  // CPOL 0, CPHA 0 (datasheet: SPI mode 0)
    EXPECT_EQ(k.calls[2].request, kWrBits);
    EXPECT_EQ(k.calls[2].value, 8u);
    EXPECT_EQ(k.calls[3].request, kWrSpeed);
    EXPECT_EQ(k.calls[3].value, 4'000'000u);
  }
  ASSERT_EQ(k.calls.size(), 5u);
  EXPECT_EQ(k.calls[4].name, "close");
  EXPECT_EQ(k.calls[4].value, static_cast<std::uint32_t>(kFd));
}

TEST_F(SpidevTest, GpioChipSelectAsksTheKernelToLeaveCeAlone) {
  auto bus = SpidevBus::open({"/dev/spidev0.0", 8'000'000, false}, kFakeSys);
  ASSERT_TRUE(bus.ok()) << bus.error().message;
  EXPECT_TRUE((*bus)->kernel_chip_select_disabled());
  ASSERT_EQ(k.calls[1].request, kWrMode);
  EXPECT_EQ(k.calls[1].value, 0x40u);  // SPI_NO_CS = 1 << 6
  EXPECT_EQ(k.calls.size(), 4u);       // mode once, bits, speed
}

TEST_F(SpidevTest, RefusedNoCsFallsBackToMode0AndWarns) {
  k.fail_request = kWrMode;
  k.fail_mode_value = 0x40;
  k.fail_errno = EINVAL;
  auto bus = SpidevBus::open({"/dev/spidev0.0", 8'000'000, false}, kFakeSys);
  ASSERT_TRUE(bus.ok()) << bus.error().message;
  EXPECT_FALSE((*bus)->kernel_chip_select_disabled());
  EXPECT_NE((*bus)->warning().find("SPI_NO_CS"), std::string::npos);
  ASSERT_GE(k.calls.size(), 3u);
  EXPECT_EQ(k.calls[1].value, 0x40u);
  EXPECT_EQ(k.calls[2].request, kWrMode);
  EXPECT_EQ(k.calls[2].value, 0x00u);
}

TEST_F(SpidevTest, TransferIsOneFullDuplexMessage) {
  auto bus = SpidevBus::open({"/dev/spidev0.0", 8'000'000, true}, kFakeSys);
  ASSERT_TRUE(bus.ok());
  k.calls.clear();
  k.miso = {0x00, 0x12};
  const std::uint8_t tx[2] = {0x42, 0x00};
  std::uint8_t rx[2] = {0xAA, 0xAA};
  ASSERT_TRUE((*bus)->transfer(tx, rx));
  ASSERT_EQ(k.calls.size(), 1u);
  const auto& c = k.calls[0];
  EXPECT_EQ(c.request, kMessage1);
  EXPECT_EQ(c.xfer.len, 2u);
  EXPECT_EQ(c.xfer.speed_hz, 8'000'000u);
  EXPECT_EQ(c.xfer.bits_per_word, 8);
  EXPECT_EQ(c.xfer.cs_change, 0);
  EXPECT_EQ(c.xfer.delay_usecs, 0);
  EXPECT_EQ(c.xfer.rx_buf, reinterpret_cast<std::uintptr_t>(rx));
  EXPECT_EQ(c.tx, (std::vector<std::uint8_t>{0x42, 0x00}));
  EXPECT_EQ(rx[1], 0x12);
}

TEST_F(SpidevTest, TransferErrorIsReported) {
  auto bus = SpidevBus::open({"/dev/spidev0.0", 8'000'000, true}, kFakeSys);
  ASSERT_TRUE(bus.ok());
  k.fail_request = kMessage1;
  k.fail_errno = EIO;
  const std::uint8_t tx[2] = {0x42, 0x00};
  std::uint8_t rx[2];
  EXPECT_FALSE((*bus)->transfer(tx, rx));
  EXPECT_NE((*bus)->last_error().find("SPI_IOC_MESSAGE"), std::string::npos);
  EXPECT_NE((*bus)->last_error().find(std::strerror(EIO)), std::string::npos);
  std::uint8_t short_rx[1];
  EXPECT_FALSE((*bus)->transfer(tx, short_rx));  // mismatched lengths never reach the kernel
}

TEST_F(SpidevTest, MissingDeviceSaysHowToEnableSpi) {
  k.open_errno = ENOENT;
  auto bus = SpidevBus::open({"/dev/spidev0.0", 8'000'000, true}, kFakeSys);
  ASSERT_FALSE(bus.ok());
  EXPECT_EQ(bus.error().code, RadioErrc::device_open_failed);
  const auto& m = bus.error().message;
  EXPECT_NE(m.find("/dev/spidev0.0"), std::string::npos) << m;
  EXPECT_NE(m.find("raspi-config"), std::string::npos) << m;
  EXPECT_NE(m.find("dtparam=spi=on"), std::string::npos) << m;
}

TEST_F(SpidevTest, PermissionDeniedSaysWhichGroup) {
  k.open_errno = EACCES;
  auto bus = SpidevBus::open({"/dev/spidev0.0", 8'000'000, true}, kFakeSys);
  ASSERT_FALSE(bus.ok());
  const auto& m = bus.error().message;
  EXPECT_NE(m.find("/dev/spidev0.0"), std::string::npos) << m;
  EXPECT_NE(m.find("spi group"), std::string::npos) << m;
  EXPECT_NE(m.find(std::strerror(EACCES)), std::string::npos) << m;
}

TEST_F(SpidevTest, SetupFailureNamesTheRequestAndClosesTheDevice) {
  k.fail_request = kWrSpeed;
  k.fail_errno = EINVAL;
  auto bus = SpidevBus::open({"/dev/spidev0.0", 250'000'000, true}, kFakeSys);
  ASSERT_FALSE(bus.ok());
  EXPECT_EQ(bus.error().code, RadioErrc::device_setup_failed);
  EXPECT_NE(bus.error().message.find("SPI_IOC_WR_MAX_SPEED_HZ"), std::string::npos);
  EXPECT_EQ(k.calls.back().name, "close");
}

}  // namespace
}  // namespace onechan::radio::linux
