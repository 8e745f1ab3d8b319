// SimRadio over real loopback UDP sockets: frames sent as datagrams reach the model and raise DIO0
// through the eventfd; the model's transmissions leave as datagrams; malformed datagrams are counted and
// dropped. Register values as in the model tests (SX1276 datasheet rev. 7). Waits are bounded by poll()
// timeouts that only guard against a hang: nothing here measures time.
#include <gtest/gtest.h>
#include <poll.h>

#include <vector>

#include "radio/sim/air_datagram.hpp"
#include "radio/sim/air_socket.hpp"
#include "radio/sim/sim_radio.hpp"
#include "radio/sx1276_registers.hpp"

namespace onechan::radio::sim {
namespace {

namespace reg = sx1276::reg;
namespace irq = sx1276::irq;

constexpr int kHangGuardMs = 10'000;

struct Spi {
  SpiBus& bus;
  void write(std::uint8_t address, std::vector<std::uint8_t> values) {
    values.insert(values.begin(), static_cast<std::uint8_t>(address | sx1276::kSpiWrite));
    std::vector<std::uint8_t> rx(values.size());
    ASSERT_TRUE(bus.transfer(values, rx));
  }
  std::vector<std::uint8_t> read(std::uint8_t address, std::size_t n) {
    std::vector<std::uint8_t> tx(n + 1, 0), rx(n + 1);
    tx[0] = address;
    EXPECT_TRUE(bus.transfer(tx, rx));
    return {rx.begin() + 1, rx.end()};
  }
  std::uint8_t read(std::uint8_t address) { return read(address, 1)[0]; }
};

bool wait_readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, kHangGuardMs) == 1;
}

AirFrame uplink() {
  AirFrame f;
  f.frequency_hz = 868'100'000;
  f.payload = {0x40, 0x44, 0x33, 0x22, 0x11, 0x00, 0x01, 0x00, 0x01, 0xA1, 0xB2, 0xC3, 0xD4};
  return f;
}

void configure_rx(Spi& spi) {
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x81});
  spi.write(reg::FrfMsb, {0xD9, 0x06, 0x66});
  spi.write(reg::ModemConfig1, {0x72});
  spi.write(reg::ModemConfig2, {0x74});
  spi.write(reg::ModemConfig3, {0x04});
  spi.write(reg::SyncWord, {0x34});
  spi.write(reg::DioMapping1, {0x00});
  spi.write(reg::OpMode, {0x85});
}

TEST(SimRadio, AFrameFromTheAirRaisesDio0AtTheEndOfItsAirtime) {
  SimRadio radio({.listen = AirAddress{0x7F000001, 0}});
  std::string error;
  ASSERT_TRUE(radio.start(&error)) << error;
  ASSERT_TRUE(radio.listen_address().has_value());
  ASSERT_NE(radio.listen_address()->port, 0);
  Spi spi{radio.spi()};
  configure_rx(spi);

  AirSocket sender;
  ASSERT_TRUE(sender.open(&error)) << error;
  const std::uint64_t sent_at = radio.clock().now_us();
  ASSERT_TRUE(sender.send_to(*radio.listen_address(), encode_air_datagram(uplink()).value(), &error))
      << error;

  ASSERT_TRUE(wait_readable(radio.dio0().fd()));
  const auto edge = radio.dio0().read_event();
  ASSERT_TRUE(edge.has_value());
  // 13 bytes at SF7/125 kHz, CR 4/5, CRC on: 46.336 ms on air (Semtech LoRa Calculator).
  EXPECT_GE(*edge, sent_at + 46'336);
  EXPECT_TRUE(radio.dio0().level());
  EXPECT_FALSE(radio.dio0().read_event().has_value());  // one edge, one event
  EXPECT_EQ(spi.read(reg::IrqFlags) & irq::RxDone, irq::RxDone);
  const std::uint8_t n = spi.read(reg::RxNbBytes);
  spi.write(reg::FifoAddrPtr, {spi.read(reg::FifoRxCurrentAddr)});
  EXPECT_EQ(spi.read(reg::Fifo, n), uplink().payload);
  EXPECT_EQ(radio.stats().datagrams_received, 1u);
}

TEST(SimRadio, MalformedDatagramsAreCountedAndDropped) {
  SimRadio radio({.listen = AirAddress{0x7F000001, 0}});
  std::string error;
  ASSERT_TRUE(radio.start(&error)) << error;
  Spi spi{radio.spi()};
  configure_rx(spi);
  AirSocket sender;
  ASSERT_TRUE(sender.open(&error));
  const std::vector<std::uint8_t> garbage = {'h', 'e', 'l', 'l', 'o'};
  ASSERT_TRUE(sender.send_to(*radio.listen_address(), garbage, &error));
  ASSERT_TRUE(sender.send_to(*radio.listen_address(), encode_air_datagram(uplink()).value(), &error));
  ASSERT_TRUE(wait_readable(radio.dio0().fd()));  // the good frame after the garbage still arrives
  const auto stats = radio.stats();
  EXPECT_EQ(stats.datagrams_received, 2u);
  EXPECT_EQ(stats.malformed_datagrams, 1u);
  EXPECT_EQ(stats.last_malformed.rfind("bad_magic", 0), 0u) << stats.last_malformed;
}

TEST(SimRadio, TransmissionsLeaveAsDatagramsAndTxDoneFollows) {
  AirSocket receiver;
  std::string error;
  ASSERT_TRUE(receiver.bind(AirAddress{0x7F000001, 0}, &error)) << error;
  SimRadio radio({.transmit_to = receiver.local_address()});
  ASSERT_TRUE(radio.start(&error)) << error;
  Spi spi{radio.spi()};
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x81});
  spi.write(reg::FrfMsb, {0xD9, 0x61, 0x9A});  // 869.525 MHz
  spi.write(reg::ModemConfig1, {0x72});
  spi.write(reg::ModemConfig2, {0x90});  // SF9, no CRC
  spi.write(reg::InvertIQ, {sx1276::kInvertIQInverted});
  spi.write(reg::DioMapping1, {sx1276::kDio0TxDone});
  spi.write(reg::FifoTxBaseAddr, {0x00});
  spi.write(reg::FifoAddrPtr, {0x00});
  spi.write(reg::PayloadLength, {3});
  spi.write(reg::Fifo, {0x60, 0x61, 0x62});
  spi.write(reg::OpMode, {0x83});

  ASSERT_TRUE(wait_readable(receiver.fd()));
  auto datagram = receiver.receive();
  ASSERT_TRUE(datagram.has_value());
  auto frame = decode_air_datagram(*datagram);
  ASSERT_TRUE(frame.ok()) << frame.error().message;
  EXPECT_EQ(frame.value().payload, (std::vector<std::uint8_t>{0x60, 0x61, 0x62}));
  EXPECT_EQ(frame.value().spreading_factor, 9);
  EXPECT_TRUE(frame.value().iq_inverted);
  EXPECT_FALSE(frame.value().crc_on);

  ASSERT_TRUE(wait_readable(radio.dio0().fd()));
  ASSERT_TRUE(radio.dio0().read_event().has_value());
  EXPECT_EQ(spi.read(reg::IrqFlags), irq::TxDone);
  EXPECT_EQ(spi.read(reg::OpMode), 0x81);
  EXPECT_EQ(radio.stats().transmissions_sent, 1u);
}

TEST(SimRadio, WorksWithoutAirForRadioProbe) {
  SimRadio radio({});
  std::string error;
  ASSERT_TRUE(radio.start(&error)) << error;
  Spi spi{radio.spi()};
  radio.reset_line().set(false);
  radio.reset_line().set(true);
  EXPECT_EQ(spi.read(reg::Version), 0x12);
  EXPECT_FALSE(radio.listen_address().has_value());
}

TEST(SimRadio, ABusyListenAddressIsAnError) {
  AirSocket taken;
  std::string error;
  ASSERT_TRUE(taken.bind(AirAddress{0x7F000001, 0}, &error));
  SimRadio radio({.listen = taken.local_address()});
  EXPECT_FALSE(radio.start(&error));
  EXPECT_NE(error.find("bind"), std::string::npos) << error;
}

TEST(AirAddress, ParsesHostAndPort) {
  std::string error;
  EXPECT_EQ(parse_air_address("127.0.0.1:1700", &error), (AirAddress{0x7F000001, 1700}));
  EXPECT_EQ(parse_air_address("localhost:0", &error), (AirAddress{0x7F000001, 0}));
  EXPECT_EQ(parse_air_address("10.1.2.3:65535", &error), (AirAddress{0x0A010203, 65535}));
  EXPECT_EQ((AirAddress{0x7F000001, 1700}).to_string(), "127.0.0.1:1700");
  for (const char* bad :
       {"127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:12x", "example.org:1", ":5"}) {
    EXPECT_FALSE(parse_air_address(bad, &error).has_value()) << bad;
    EXPECT_FALSE(error.empty());
  }
}

}  // namespace
}  // namespace onechan::radio::sim
