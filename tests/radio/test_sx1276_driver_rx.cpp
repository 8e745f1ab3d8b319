// Uplink reception: frames put on the model's air reach the driver only when the real chip would hear
// them, and the driver turns the chip's registers into frames, drops and counters. Expected link
// values follow the datasheet's RSSI formula (section 5.5.5) applied to the register values the model
// holds; airtimes follow Semtech AN1200.13 (13 bytes at SF7/125 kHz: 46.336 ms, as Semtech's and TTN's
// airtime calculators give).
#include <gtest/gtest.h>
#include <poll.h>

#include "driver_on_model.hpp"

namespace onechan::radio::testing {
namespace {

namespace reg = sx1276::reg;

bool dio0_readable(DriverOnModel& d) {
  pollfd p{d.chip.dio0().fd(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

// The frame handle_dio0() returned; an empty one (and a test failure) for anything else.
ReceivedFrame expect_frame(const Expected<Dio0Event>& event) {
  if (!event.ok()) {
    ADD_FAILURE() << event.error().message;
    return {};
  }
  if (!std::holds_alternative<ReceivedFrame>(*event)) {
    ADD_FAILURE() << "expected a ReceivedFrame, got variant index " << event->index();
    return {};
  }
  return std::get<ReceivedFrame>(*event);
}

TEST(Sx1276Rx, GoodFrameArrivesWithItsBytesAndTheEdgeTime) {
  DriverOnModel d;
  d.bring_up();
  const auto payload = counting_bytes(13, 0x40);
  const std::uint64_t start = d.now() + 1'000;
  d.chip.deliver(uplink(payload), start);
  d.chip.advance_to(start + 50'000);
  ASSERT_TRUE(dio0_readable(d));  // the event loop would wake up now

  auto event = d.radio.handle_dio0();
  const auto frame = expect_frame(event);
  EXPECT_EQ(frame.payload, payload);
  EXPECT_EQ(frame.meta.timestamp_us, start + 46'336);  // RxDone at the end of the airtime
  EXPECT_EQ(frame.meta.frequency_hz, 868'100'000u);
  EXPECT_EQ(frame.meta.spreading_factor, 7);
  EXPECT_EQ(frame.meta.bandwidth_hz, 125'000u);
  EXPECT_EQ(frame.meta.coding_rate, 5);
  EXPECT_EQ(frame.meta.rssi_dbm, -60);
  EXPECT_EQ(frame.meta.snr_quarter_db, 38);  // 9.50 dB
  EXPECT_EQ(d.radio.stats().rx_ok, 1u);
  EXPECT_EQ(d.radio.stats().dio0_edges, 1u);
  // The flags were cleared and nothing else is pending.
  EXPECT_EQ(d.peek(reg::IrqFlags), 0x00);
  EXPECT_FALSE(dio0_readable(d));
}

TEST(Sx1276Rx, CodingRateComesFromTheFrameHeader) {
  DriverOnModel d;
  d.bring_up();  // configured 4/5
  auto f = uplink(counting_bytes(20));
  f.coding_rate = 8;
  d.deliver_and_wait(f);
  EXPECT_EQ(expect_frame(d.radio.handle_dio0()).meta.coding_rate, 8);
}

TEST(Sx1276Rx, ConsecutiveFramesAreReadFromTheirOwnFifoAddress) {
  // In continuous RX the chip writes each frame after the previous one: reading from RxBaseAddr
  // instead of RxCurrentAddr would return the first frame twice.
  DriverOnModel d;
  d.bring_up();
  const auto first = counting_bytes(40, 0x00);
  const auto second = counting_bytes(30, 0x80);
  d.deliver_and_wait(uplink(first));
  EXPECT_EQ(expect_frame(d.radio.handle_dio0()).payload, first);
  d.deliver_and_wait(uplink(second));
  EXPECT_EQ(d.peek(reg::FifoRxCurrentAddr), 40);
  EXPECT_EQ(expect_frame(d.radio.handle_dio0()).payload, second);
  EXPECT_EQ(d.radio.stats().rx_ok, 2u);
}

TEST(Sx1276Rx, FullLength255ByteFramesPassUncut) {
  DriverOnModel d;
  d.bring_up();
  const auto payload = counting_bytes(255, 7);
  for (int i = 0; i < 3; ++i) {  // the FIFO pointer wraps around the 256-byte buffer
    d.deliver_and_wait(uplink(payload));
    const auto frame = expect_frame(d.radio.handle_dio0());
    ASSERT_EQ(frame.payload.size(), 255u);
    EXPECT_EQ(frame.payload, payload);
  }
}

TEST(Sx1276Rx, BadCrcIsDroppedAndCounted) {
  DriverOnModel d;
  d.bring_up();
  auto f = uplink(counting_bytes(20));
  f.crc_ok = false;
  d.deliver_and_wait(f);
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok());
  ASSERT_TRUE(std::holds_alternative<DroppedFrame>(*event));
  const auto& drop = std::get<DroppedFrame>(*event);
  EXPECT_EQ(drop.reason, DroppedFrame::Reason::crc_error);
  EXPECT_EQ(drop.length, 20u);
  EXPECT_EQ(drop.meta.rssi_dbm, -60);
  EXPECT_EQ(d.radio.stats().rx_crc_error, 1u);
  EXPECT_EQ(d.radio.stats().rx_ok, 0u);
  EXPECT_EQ(d.peek(reg::IrqFlags), 0x00);
}

TEST(Sx1276Rx, FrameWithoutCrcIsDroppedAndCounted) {
  DriverOnModel d;
  d.bring_up();
  auto f = uplink(counting_bytes(20));
  f.crc_on = false;
  d.deliver_and_wait(f);
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok());
  ASSERT_TRUE(std::holds_alternative<DroppedFrame>(*event));
  EXPECT_EQ(std::get<DroppedFrame>(*event).reason, DroppedFrame::Reason::no_crc);
  EXPECT_EQ(d.radio.stats().rx_no_crc, 1u);
  EXPECT_EQ(d.radio.stats().rx_ok, 0u);
}

void expect_not_heard(const AirFrame& frame) {
  DriverOnModel d;
  d.bring_up();
  d.deliver_and_wait(frame);
  EXPECT_FALSE(dio0_readable(d));
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok());
  EXPECT_TRUE(std::holds_alternative<NoEvent>(*event));
  EXPECT_EQ(d.radio.stats().dio0_edges, 0u);
  EXPECT_EQ(d.radio.stats().rx_ok, 0u);
}

TEST(Sx1276Rx, OtherSpreadingFactorIsNotHeard) {
  expect_not_heard(uplink(counting_bytes(12), 9));
}

TEST(Sx1276Rx, OtherFrequencyIsNotHeard) {
  auto f = uplink(counting_bytes(12));
  f.frequency_hz = 868'300'000;
  expect_not_heard(f);
}

TEST(Sx1276Rx, PrivateSyncWordIsNotHeard) {
  auto f = uplink(counting_bytes(12));
  f.sync_word = 0x12;
  expect_not_heard(f);
}

TEST(Sx1276Rx, InvertedIqDownlinkOfAnotherGatewayIsNotHeard) {
  auto f = uplink(counting_bytes(12));
  f.iq_inverted = true;
  expect_not_heard(f);
}

TEST(Sx1276Rx, OtherBandwidthIsNotHeard) {
  auto f = uplink(counting_bytes(12));
  f.bandwidth_hz = 250'000;
  expect_not_heard(f);
}

TEST(Sx1276Rx, CollisionOfEquallyStrongFramesCorruptsTheFirst) {
  // The second frame starts during the first one's payload at the same power: no capture, the first
  // ends with a payload CRC error and the receiver, busy with it, misses the second.
  DriverOnModel d;
  d.bring_up();
  const std::uint64_t start = d.now();
  d.chip.deliver(uplink(counting_bytes(20, 0x00)), start);
  d.chip.deliver(uplink(counting_bytes(20, 0x50)), start + 30'000);
  d.chip.advance_to(start + 200'000);
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok());
  ASSERT_TRUE(std::holds_alternative<DroppedFrame>(*event));
  EXPECT_EQ(std::get<DroppedFrame>(*event).reason, DroppedFrame::Reason::crc_error);
  auto next = d.radio.handle_dio0();
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(std::holds_alternative<NoEvent>(*next));
  EXPECT_EQ(d.radio.stats().rx_ok, 0u);
}

struct LinkCase {
  std::int16_t rssi_dbm;
  std::int16_t snr_centi_db;
};

class Sx1276RxLink : public ::testing::TestWithParam<LinkCase> {};

TEST_P(Sx1276RxLink, RssiAndSnrFollowTheDatasheetFormula) {
  const auto link = GetParam();
  DriverOnModel d;
  d.bring_up();
  auto f = uplink(counting_bytes(16));
  f.rssi_dbm = link.rssi_dbm;
  f.snr_centi_db = link.snr_centi_db;
  d.deliver_and_wait(f);
  const std::uint8_t pkt_rssi = d.peek(reg::PktRssiValue);
  const auto pkt_snr = static_cast<std::int8_t>(d.peek(reg::PktSnrValue));
  const auto frame = expect_frame(d.radio.handle_dio0());
  EXPECT_EQ(frame.meta.pkt_rssi_raw, pkt_rssi);
  EXPECT_EQ(frame.meta.snr_quarter_db, pkt_snr);
  // Datasheet 5.5.5, computed here in floating point: SNR >= 0: -157 + 16/15 * PktRssi,
  // SNR < 0: -157 + PktRssi + SNR/4.
  const double expected = pkt_snr >= 0 ? -157.0 + 16.0 / 15.0 * pkt_rssi : -157.0 + pkt_rssi + pkt_snr / 4.0;
  EXPECT_NEAR(frame.meta.rssi_dbm, expected, 0.5);
  // And the link the frame was sent with comes back within the register's 1 dB resolution.
  EXPECT_NEAR(frame.meta.rssi_dbm, link.rssi_dbm, 1.0);
  EXPECT_NEAR(frame.meta.snr_db(), link.snr_centi_db / 100.0, 0.125);
}

INSTANTIATE_TEST_SUITE_P(EdgeValues, Sx1276RxLink,
                         ::testing::Values(LinkCase{-60, 950}, LinkCase{-120, -750}, LinkCase{-137, -2000},
                                           LinkCase{-30, 3175}, LinkCase{-100, 0}, LinkCase{-100, -25},
                                           LinkCase{-90, -3200}));

TEST(Sx1276Rx, LfPortUsesTheMinus164Offset) {
  DriverOnModel d;
  RxConfig c;
  c.frequency_hz = 433'175'000;
  d.bring_up(c);
  auto f = uplink(counting_bytes(16));
  f.frequency_hz = 433'175'000;
  f.rssi_dbm = -100;
  f.snr_centi_db = 500;
  d.deliver_and_wait(f);
  const std::uint8_t pkt_rssi = d.peek(reg::PktRssiValue);
  const auto frame = expect_frame(d.radio.handle_dio0());
  EXPECT_NEAR(frame.meta.rssi_dbm, -164.0 + 16.0 / 15.0 * pkt_rssi, 0.5);
  EXPECT_NEAR(frame.meta.rssi_dbm, -100, 1.0);
}

TEST(Sx1276Rx, SpuriousEdgeIsCountedAndLeavesTheChipAlone) {
  DriverOnModel d;
  // An edge before the radio is configured (e.g. at power-up) is not serviced.
  ASSERT_TRUE(d.radio.reset_and_detect().ok());
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok());
  EXPECT_TRUE(std::holds_alternative<NoEvent>(*event));
  EXPECT_EQ(d.radio.stats().spurious_irq, 0u);  // no edge was pending at all
}

TEST(Sx1276Rx, RetunedReceiverHearsTheNewChannel) {
  DriverOnModel d;
  d.bring_up();
  RxConfig c;
  c.frequency_hz = 867'500'000;
  c.spreading_factor = 10;
  ASSERT_TRUE(d.radio.start_rx(c).ok());
  auto f = uplink(counting_bytes(12), 10);
  f.frequency_hz = 867'500'000;
  d.deliver_and_wait(f);
  const auto frame = expect_frame(d.radio.handle_dio0());
  EXPECT_EQ(frame.meta.frequency_hz, 867'500'000u);
  EXPECT_EQ(frame.meta.spreading_factor, 10);
}

}  // namespace
}  // namespace onechan::radio::testing
