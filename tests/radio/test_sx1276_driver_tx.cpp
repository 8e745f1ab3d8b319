// Downlink transmission against the model with its injectable clock: the frame the model puts on the
// air (inverted IQ, power decoded by the model from RegPaConfig/RegPaDac), the start time against the
// requested one, and the return to uplink reception afterwards. Register values by hand from the
// SX1276 datasheet; IQ values from Semtech AN1200.24 / the reference sheet.
#include <gtest/gtest.h>

#include <optional>

#include "driver_on_model.hpp"

namespace onechan::radio::testing {
namespace {

namespace reg = sx1276::reg;

TxRequest rx2_downlink(std::optional<std::uint64_t> start_at) {
  TxRequest r;  // EU868 RX2: 869.525 MHz, SF9 BW125
  r.frequency_hz = 869'525'000;
  r.spreading_factor = 9;
  r.bandwidth_hz = 125'000;
  r.coding_rate = 5;
  r.power_dbm = 14;
  r.regional_max_power_dbm = 14;
  r.start_at_us = start_at;
  return r;
}

struct TxFixture : ::testing::Test {
  TxFixture() {
    d.chip.set_transmit_handler([this](const sim::Transmission& t) { sent.push_back(t); });
    d.bring_up();
  }
  DriverOnModel d;
  std::vector<sim::Transmission> sent;
};

TEST_F(TxFixture, PrepareLoadsFrameAndSettingsWithoutTransmitting) {
  const auto payload = counting_bytes(12, 0x60);
  auto prepared = d.radio.prepare_tx(rx2_downlink(d.now() + 100'000), payload);
  ASSERT_TRUE(prepared.ok()) << prepared.error().message;
  EXPECT_EQ(prepared->power_dbm, 14);
  EXPECT_FALSE(prepared->power_clamped);
  EXPECT_EQ(d.radio.state(), RadioState::tx_prepared);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(d.peek(reg::OpMode), 0x81);  // standby
  // 869.525e6 * 2^19 / 32e6 = 14246297.6 -> 14246298 = 0xD9619A
  EXPECT_EQ(d.peek(reg::FrfMsb), 0xD9);
  EXPECT_EQ(d.peek(reg::FrfMid), 0x61);
  EXPECT_EQ(d.peek(reg::FrfLsb), 0x9A);
  EXPECT_EQ(d.peek(reg::ModemConfig1), 0x72);
  EXPECT_EQ(d.peek(reg::ModemConfig2), 0x90);  // SF9, no payload CRC on downlinks
  EXPECT_EQ(d.peek(reg::InvertIQ), 0x66);
  EXPECT_EQ(d.peek(reg::InvertIQ2), 0x19);
  EXPECT_EQ(d.peek(reg::DioMapping1), 0x40);  // DIO0 = TxDone
  EXPECT_EQ(d.peek(reg::PaConfig), 0xFC);     // PA_BOOST, 14 dBm
  EXPECT_EQ(d.peek(reg::PayloadLength), 12);
  // The FIFO holds the frame from the TX base address.
  const auto fifo = d.chip.with_model([](sim::Sx1276Model& m) { return m.fifo(); });
  EXPECT_TRUE(std::equal(payload.begin(), payload.end(), fifo.begin()));
}

TEST_F(TxFixture, StartsOnTimeWithInvertedIqAndReturnsToRx) {
  const auto payload = counting_bytes(17, 0x10);
  const std::uint64_t start_at = d.now() + 100'000;
  auto prepared = d.radio.prepare_tx(rx2_downlink(start_at), payload);
  ASSERT_TRUE(prepared.ok()) << prepared.error().message;

  d.chip.advance_to(start_at);  // the event loop's timer fires at the requested time
  ASSERT_TRUE(d.radio.start_tx().ok());
  ASSERT_EQ(sent.size(), 1u);
  const auto& t = sent[0];
  EXPECT_EQ(t.start_us, start_at);
  EXPECT_TRUE(t.frame.iq_inverted);
  EXPECT_EQ(t.frame.frequency_hz, 869'525'024u);  // what Frf 0xD9619A synthesizes: 61.035 Hz steps
  EXPECT_EQ(t.frame.spreading_factor, 9);
  EXPECT_EQ(t.frame.bandwidth_hz, 125'000u);
  EXPECT_EQ(t.frame.sync_word, 0x34);
  EXPECT_FALSE(t.frame.crc_on);
  EXPECT_EQ(t.frame.payload, payload);
  EXPECT_EQ(t.power_dbm, 14);
  EXPECT_TRUE(t.pa_boost);
  EXPECT_EQ(d.radio.state(), RadioState::transmitting);
  ASSERT_TRUE(d.radio.tx_deadline_us().has_value());
  EXPECT_GT(*d.radio.tx_deadline_us(), t.end_us);

  d.chip.advance_to(t.end_us);
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok()) << event.error().message;
  ASSERT_TRUE(std::holds_alternative<TxDone>(*event));
  const auto& done = std::get<TxDone>(*event);
  EXPECT_EQ(done.requested_start_us, start_at);
  EXPECT_EQ(done.started_us, start_at);
  EXPECT_EQ(done.lateness_us, 0);
  EXPECT_EQ(done.done_us, t.end_us);
  EXPECT_EQ(done.power_dbm, 14);

  // Back to uplinks: RX continuous on 868.1 MHz with normal IQ and DIO0 = RxDone.
  EXPECT_EQ(d.radio.state(), RadioState::receiving);
  EXPECT_EQ(d.peek(reg::OpMode), 0x85);
  EXPECT_EQ(d.peek(reg::InvertIQ), 0x27);
  EXPECT_EQ(d.peek(reg::InvertIQ2), 0x1D);
  EXPECT_EQ(d.peek(reg::DioMapping1), 0x00);
  EXPECT_EQ(d.peek(reg::FrfLsb), 0x66);
  EXPECT_EQ(d.peek(reg::ModemConfig2), 0x74);
  EXPECT_EQ(d.radio.stats().tx_done, 1u);

  // And it hears uplinks again.
  d.deliver_and_wait(uplink(counting_bytes(10)));
  auto rx = d.radio.handle_dio0();
  ASSERT_TRUE(rx.ok());
  EXPECT_TRUE(std::holds_alternative<ReceivedFrame>(*rx));
}

TEST_F(TxFixture, AirtimeOfTheModelMatchesTheDesignGuide) {
  // AN1200.13: 17 bytes, SF9 BW125 CR4/5, 8-symbol preamble, explicit header, no CRC:
  // payload symbols 8 + ceil((136 - 36 + 28) / 36) * 5 = 28, total 40.25 symbols * 4.096 ms.
  ASSERT_TRUE(d.radio.prepare_tx(rx2_downlink(std::nullopt), counting_bytes(17)).ok());
  ASSERT_TRUE(d.radio.start_tx().ok());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].end_us - sent[0].start_us, 164'864u);
}

TEST_F(TxFixture, LateStartIsMeasured) {
  const std::uint64_t start_at = d.now() + 100'000;
  ASSERT_TRUE(d.radio.prepare_tx(rx2_downlink(start_at), counting_bytes(12)).ok());
  d.chip.advance_to(start_at + 1'500);
  ASSERT_TRUE(d.radio.start_tx().ok());
  EXPECT_EQ(d.radio.stats().last_tx_lateness_us, 1'500);
  EXPECT_EQ(d.radio.stats().max_tx_lateness_us, 1'500);
  d.chip.advance_to(sent.at(0).end_us);
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(std::get<TxDone>(*event).lateness_us, 1'500);
}

TEST_F(TxFixture, ImmediateTransmissionHasNoLateness) {
  ASSERT_TRUE(d.radio.prepare_tx(rx2_downlink(std::nullopt), counting_bytes(12)).ok());
  const std::uint64_t now = d.now();
  ASSERT_TRUE(d.radio.start_tx().ok());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].start_us, now);
  d.chip.advance_to(sent[0].end_us);
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok());
  const auto& done = std::get<TxDone>(*event);
  EXPECT_FALSE(done.requested_start_us.has_value());
  EXPECT_EQ(done.lateness_us, 0);
}

TEST_F(TxFixture, PowerNeverExceedsTheRegionalLimit) {
  auto request = rx2_downlink(std::nullopt);
  request.power_dbm = 20;
  request.regional_max_power_dbm = 10;
  auto prepared = d.radio.prepare_tx(request, counting_bytes(5));
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(prepared->power_dbm, 10);
  EXPECT_TRUE(prepared->power_clamped);
  EXPECT_EQ(d.peek(reg::PaConfig), 0xF8);
  ASSERT_TRUE(d.radio.start_tx().ok());
  EXPECT_EQ(sent.at(0).power_dbm, 10);
  EXPECT_EQ(d.radio.stats().tx_power_clamped, 1u);
}

TEST(Sx1276Tx, PowerNeverExceedsTheBoardLimit) {
  DriverOnModel d({}, 17);
  std::vector<sim::Transmission> sent;
  d.chip.set_transmit_handler([&sent](const sim::Transmission& t) { sent.push_back(t); });
  d.bring_up();
  auto request = rx2_downlink(std::nullopt);
  request.power_dbm = 20;
  request.regional_max_power_dbm = 27;
  ASSERT_TRUE(d.radio.prepare_tx(request, counting_bytes(5)).ok());
  EXPECT_EQ(d.peek(reg::PaDac), 0x84);  // the +20 dBm mode stays off
  ASSERT_TRUE(d.radio.start_tx().ok());
  EXPECT_EQ(sent.at(0).power_dbm, 17);
}

TEST(Sx1276Tx, TwentyDbmUsesTheHighPowerDac) {
  DriverOnModel d({}, 20);
  std::vector<sim::Transmission> sent;
  d.chip.set_transmit_handler([&sent](const sim::Transmission& t) { sent.push_back(t); });
  d.bring_up();
  auto request = rx2_downlink(std::nullopt);
  request.frequency_hz = 923'300'000;  // US915: 30 dBm allowed, the board's 20 dBm rules
  request.bandwidth_hz = 500'000;
  request.power_dbm = 27;
  request.regional_max_power_dbm = 30;
  ASSERT_TRUE(d.radio.prepare_tx(request, counting_bytes(5)).ok());
  EXPECT_EQ(d.peek(reg::PaDac), 0x87);
  EXPECT_EQ(d.peek(reg::PaConfig), 0xFF);
  EXPECT_EQ(d.peek(reg::Ocp), 0x31);
  ASSERT_TRUE(d.radio.start_tx().ok());
  EXPECT_EQ(sent.at(0).power_dbm, 20);
}

TEST_F(TxFixture, LimitsBelowTheChipsMinimumAreRefused) {
  auto request = rx2_downlink(std::nullopt);
  request.regional_max_power_dbm = 1;
  auto prepared = d.radio.prepare_tx(request, counting_bytes(5));
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().code, RadioErrc::invalid_config);
  EXPECT_EQ(d.radio.state(), RadioState::receiving);  // nothing was touched
  EXPECT_EQ(d.peek(reg::OpMode), 0x85);
}

TEST_F(TxFixture, PayloadMustBe1To255Bytes) {
  auto empty = d.radio.prepare_tx(rx2_downlink(std::nullopt), {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, RadioErrc::invalid_payload);
  const auto big = counting_bytes(256);
  auto too_big = d.radio.prepare_tx(rx2_downlink(std::nullopt), big);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, RadioErrc::invalid_payload);
  auto max = d.radio.prepare_tx(rx2_downlink(std::nullopt), counting_bytes(255));
  ASSERT_TRUE(max.ok());
  ASSERT_TRUE(d.radio.start_tx().ok());
  EXPECT_EQ(sent.at(0).frame.payload.size(), 255u);
}

TEST_F(TxFixture, StateErrors) {
  auto start = d.radio.start_tx();
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.error().code, RadioErrc::wrong_state);
  EXPECT_FALSE(d.radio.cancel_tx().ok());
  EXPECT_FALSE(d.radio.handle_tx_timeout().ok());
  ASSERT_TRUE(d.radio.prepare_tx(rx2_downlink(std::nullopt), counting_bytes(5)).ok());
  auto again = d.radio.prepare_tx(rx2_downlink(std::nullopt), counting_bytes(5));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, RadioErrc::wrong_state);
  auto retune = d.radio.start_rx(RxConfig{});
  ASSERT_FALSE(retune.ok());
  EXPECT_EQ(retune.error().code, RadioErrc::wrong_state);
}

TEST_F(TxFixture, CancelResumesReception) {
  ASSERT_TRUE(d.radio.prepare_tx(rx2_downlink(d.now() + 50'000), counting_bytes(5)).ok());
  ASSERT_TRUE(d.radio.cancel_tx().ok());
  EXPECT_EQ(d.radio.state(), RadioState::receiving);
  EXPECT_EQ(d.peek(reg::OpMode), 0x85);
  EXPECT_EQ(d.peek(reg::InvertIQ), 0x27);
  EXPECT_EQ(d.radio.stats().tx_cancelled, 1u);
  EXPECT_TRUE(sent.empty());
}

TEST_F(TxFixture, MissingTxDoneIsRecoveredAtTheDeadline) {
  ASSERT_TRUE(d.radio.prepare_tx(rx2_downlink(std::nullopt), counting_bytes(5)).ok());
  ASSERT_TRUE(d.radio.start_tx().ok());
  const auto deadline = d.radio.tx_deadline_us();
  ASSERT_TRUE(deadline.has_value());
  // The TxDone edge is never read (as if DIO0 were not wired); the event loop's timer fires instead.
  d.chip.advance_to(*deadline);
  ASSERT_TRUE(d.radio.handle_tx_timeout().ok());
  EXPECT_EQ(d.radio.stats().tx_timeout, 1u);
  EXPECT_EQ(d.radio.state(), RadioState::receiving);
  EXPECT_EQ(d.peek(reg::OpMode), 0x85);
  EXPECT_EQ(d.peek(reg::DioMapping1), 0x00);
}

TEST_F(TxFixture, UplinkEdgeRacingPrepareIsCountedAsSpurious) {
  // A frame ends (DIO0 rises) just before the driver leaves RX for a downlink; by the time the event
  // loop reads the edge the chip is in standby with TX settings: the edge must not be mistaken.
  const std::uint64_t start = d.now();
  d.chip.deliver(uplink(counting_bytes(10)), start);
  d.chip.advance_to(start + DriverOnModel::airtime_us(uplink(counting_bytes(10))) + 10);
  ASSERT_TRUE(d.radio.prepare_tx(rx2_downlink(std::nullopt), counting_bytes(5)).ok());
  auto event = d.radio.handle_dio0();
  ASSERT_TRUE(event.ok());
  EXPECT_TRUE(std::holds_alternative<NoEvent>(*event));
  EXPECT_EQ(d.radio.stats().spurious_irq, 1u);
  EXPECT_EQ(d.radio.state(), RadioState::tx_prepared);
}

}  // namespace
}  // namespace onechan::radio::testing
