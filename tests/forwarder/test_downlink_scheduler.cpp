// DownlinkScheduler: txpk requests judged against EU868 and the board, answered with TX_ACK, and sent by
// the real SX1276 driver on the simulated chip (SimRadio), driven by the real event loop. The virtual air
// is listened to on a loopback UDP socket and decoded with radio/sim's air datagram codec, so what the
// test checks is what the chip model actually put on the air.
// References: the EU868 transmit bands and EIRP limits are ETSI EN 300 220-2 V3.2.1 / RP002-1.0.4 (915 MHz
// is outside every band; 868.6-868.7 MHz is an alarm band closed to LoRaWAN; 16 dBm EIRP at 868.1 MHz);
// TX_ACK values and their meaning are Semtech's PROTOCOL.TXT section 6; the timing limits are those of
// docs/semtech-udp.md ("Downlink scheduling").
// No duration is asserted as speed: a transmission's start is checked against the time asked for (never
// early, and well inside the frame's own time on air), and its lateness is printed as a measurement.
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include "daemon/downlink_scheduler.hpp"
#include "daemon/event_loop.hpp"
#include "daemon/log.hpp"
#include "daemon/radio_pump.hpp"
#include "radio/sim/air_datagram.hpp"
#include "radio/sim/air_socket.hpp"
#include "radio/sim/sim_radio.hpp"
#include "radio/sx1276.hpp"

namespace onechan::daemon {
namespace {

using radio::AirFrame;
using radio::sim::AirAddress;
using radio::sim::AirSocket;
using radio::sim::SimRadio;
using semtech::TxAckError;

constexpr int kModelPathLossDb = 80;  // ModelOptions::tx_path_loss_db: air RSSI = power - 80 dB

semtech::DownlinkRequest downlink(std::uint16_t token) {
  semtech::DownlinkRequest d;
  d.token = token;
  semtech::TxRequest& r = d.request;
  r.timing.kind = semtech::TxTiming::Kind::Immediate;
  r.frequency_hz = 869'525'000;  // RX2 of EU868
  r.power_dbm = 14;
  r.spreading_factor = 9;
  r.bandwidth_hz = 125'000;
  r.coding_rate = 5;
  r.invert_iq = true;
  r.crc_off = true;
  const std::vector<std::uint8_t> payload = {0x60, 0x04, 0x03, 0x02, 0x01, 0x20,
                                             0x01, 0x00, 0x11, 0x22, 0x33, 0x44};
  r.payload.assign(payload);
  return d;
}

semtech::DownlinkRequest at_tmst(std::uint16_t token, std::uint64_t monotonic_us) {
  auto d = downlink(token);
  d.request.timing.kind = semtech::TxTiming::Kind::Timestamp;
  d.request.timing.tmst_us = static_cast<std::uint32_t>(monotonic_us);
  return d;
}

struct Ack {
  std::uint16_t token;
  TxAckDecision decision;
};

struct Heard {
  AirFrame frame;
  std::uint64_t heard_us;
};

class DownlinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(air.bind(AirAddress{0x7F000001, 0}, &error)) << error;
    sim = std::make_unique<SimRadio>(
        radio::sim::SimRadioConfig{.listen = std::nullopt, .transmit_to = *air.local_address()});
    ASSERT_TRUE(sim->start(&error)) << error;
    driver = std::make_unique<radio::Sx1276>(
        radio::Sx1276Hardware{sim->spi(), &sim->reset_line(), sim->dio0(), sim->clock()},
        radio::Sx1276Options{.board = "sim", .board_max_tx_power_dbm = 14});
    ASSERT_TRUE(driver->reset_and_detect());
    ASSERT_TRUE(driver->start_rx(radio::RxConfig{}));
    auto created = EventLoop::create();
    ASSERT_TRUE(created);
    loop = std::move(*created);
    ASSERT_TRUE(loop->watch(air.fd(), [this] {
      while (auto d = air.receive()) {
        auto f = radio::sim::decode_air_datagram(*d);
        ASSERT_TRUE(f) << f.error().message;
        heard.push_back({f.value(), monotonic_now_us()});
      }
    }));
    options.region = *lorawan::find_region("EU868");
    options.board_max_power_dbm = 14;
    make_scheduler();
  }

  void make_scheduler() {
    pump.reset();
    scheduler = std::make_unique<DownlinkScheduler>(*loop, *driver, log, options);
    pump = std::make_unique<RadioPump>(*loop, *driver, sim->dio0(), log,
                                       RadioPumpHandlers{.on_frame = [](const semtech::RxPacket&) {},
                                                         .on_dropped = nullptr,
                                                         .on_tx_done =
                                                             [this](const radio::TxDone& done) {
                                                               scheduler->on_tx_done(done);
                                                               tx_done.push_back(done);
                                                               if (stop_on_tx_done) loop->stop();
                                                             }});
    ASSERT_TRUE(pump->start());
  }

  void TearDown() override {
    if (pump) pump->stop();
    scheduler.reset();
    if (sim) sim->stop();
  }

  TxAckDecision submit(const semtech::DownlinkRequest& d) {
    return scheduler->submit(d, [this](std::uint16_t token, const TxAckDecision& decision) {
      acks.push_back({token, decision});
    });
  }

  // Runs the loop until a TxDone (or the guard fires, which fails the test).
  void run_until_tx_done() {
    stop_on_tx_done = true;
    const TimerId guard = loop->add_timer_after(10'000'000, [this] {
      ADD_FAILURE() << "guard timer: no TxDone";
      loop->stop();
    });
    ASSERT_TRUE(loop->run());
    loop->cancel_timer(guard);
    drain_air();
  }

  // Gives the radio time to do anything it (wrongly) might, then checks it did nothing.
  void expect_nothing_transmitted() {
    loop->add_timer_after(200'000, [this] { loop->stop(); });
    ASSERT_TRUE(loop->run());
    drain_air();
    EXPECT_TRUE(heard.empty()) << "the air heard a transmission";
    EXPECT_EQ(driver->stats().tx_prepared, 0u);
    EXPECT_EQ(driver->stats().tx_started, 0u);
    EXPECT_EQ(sim->stats().transmissions_sent, 0u);
    EXPECT_EQ(driver->state(), radio::RadioState::receiving);
  }

  void drain_air() {
    while (auto d = air.receive()) {
      auto f = radio::sim::decode_air_datagram(*d);
      ASSERT_TRUE(f) << f.error().message;
      heard.push_back({f.value(), monotonic_now_us()});
    }
  }

  void expect_one_ack(std::uint16_t token, TxAckError error) {
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].token, token);
    EXPECT_EQ(acks[0].decision.error, error)
        << semtech::tx_ack_error_name(acks[0].decision.error) << ": " << acks[0].decision.reason;
  }

  std::vector<std::string> lines;
  Logger log{"onechan", LogLevel::Debug, [this](std::string_view l) { lines.emplace_back(l); }, false};
  AirSocket air;
  std::unique_ptr<SimRadio> sim;
  std::unique_ptr<radio::Sx1276> driver;
  std::unique_ptr<EventLoop> loop;
  DownlinkOptions options;
  std::unique_ptr<DownlinkScheduler> scheduler;
  std::unique_ptr<RadioPump> pump;
  std::vector<Ack> acks;
  std::vector<Heard> heard;
  std::vector<radio::TxDone> tx_done;
  bool stop_on_tx_done = false;
};

TEST_F(DownlinkTest, ImmediateDownlinkIsHeardWithInvertedIqAndAnsweredNone) {
  const auto d = downlink(0x1234);
  EXPECT_EQ(submit(d).error, TxAckError::None);
  expect_one_ack(0x1234, TxAckError::None);
  EXPECT_FALSE(acks[0].decision.power_warning_dbm.has_value());
  run_until_tx_done();

  ASSERT_EQ(heard.size(), 1u);
  const AirFrame& f = heard[0].frame;
  // The chip synthesises Frf = Fstep * RegFrf with Fstep = 32 MHz / 2^19 = 61.04 Hz (datasheet 4.1.4):
  // the nearest step to 869.525 MHz is 869525024 Hz.
  EXPECT_NEAR(static_cast<double>(f.frequency_hz), 869'525'000.0, 61.04 / 2);
  EXPECT_EQ(f.spreading_factor, 9);
  EXPECT_EQ(f.bandwidth_hz, 125'000u);
  EXPECT_EQ(f.coding_rate, 5);
  EXPECT_TRUE(f.iq_inverted);
  EXPECT_FALSE(f.crc_on);
  EXPECT_EQ(f.sync_word, 0x34);
  EXPECT_EQ(f.rssi_dbm + kModelPathLossDb, 14);
  EXPECT_EQ(f.payload, std::vector<std::uint8_t>(d.request.payload.begin(), d.request.payload.end()));

  ASSERT_EQ(tx_done.size(), 1u);
  EXPECT_FALSE(tx_done[0].requested_start_us.has_value());
  EXPECT_EQ(scheduler->counters().requests, 1u);
  EXPECT_EQ(scheduler->counters().accepted, 1u);
  EXPECT_EQ(scheduler->counters().transmitted, 1u);
  EXPECT_EQ(scheduler->queued(), 0u);
  EXPECT_EQ(driver->state(), radio::RadioState::receiving);  // back to RX after TxDone
}

TEST_F(DownlinkTest, TmstDownlinkStartsAtTheRequestedTime) {
  const std::uint64_t want = monotonic_now_us() + 300'000;
  EXPECT_EQ(submit(at_tmst(7, want)).error, TxAckError::None);
  expect_one_ack(7, TxAckError::None);  // answered at once, before the transmission (as Semtech's)
  EXPECT_TRUE(heard.empty());
  EXPECT_EQ(scheduler->queued(), 1u);
  run_until_tx_done();

  ASSERT_EQ(tx_done.size(), 1u);
  const radio::TxDone& done = tx_done[0];
  ASSERT_TRUE(done.requested_start_us.has_value());
  EXPECT_EQ(*done.requested_start_us, want);  // tmst mapped back to the same monotonic time
  EXPECT_GE(done.started_us, want);           // never early
  // 12 bytes at SF9/125 kHz without CRC last 144.384 ms (see TimeOnAirMatchesAn1200): a frame that starts
  // later than that would not even overlap the slot it was meant for. A sanity bound far above what is
  // measured (printed below), not a speed requirement.
  EXPECT_LT(done.lateness_us, 144'384);
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_GE(heard[0].heard_us, want);
  EXPECT_EQ(scheduler->counters().last_lateness_us, done.lateness_us);
  std::cout << "[ measured ] tmst downlink started " << done.lateness_us
            << " µs after the requested time; heard on the air " << heard[0].heard_us - want << " µs after\n";
}

TEST_F(DownlinkTest, TimeOnAirMatchesAn1200) {
  // The scheduler's collision windows use this. Semtech AN1200.13 section 4 by hand: SF9, 125 kHz -> Tsym
  // 4.096 ms; preamble (8 + 4.25) symbols; payload 8 + ceil((8*12 - 4*9 + 28) / (4*9)) * 5 = 23 symbols
  // (explicit header, no CRC, no LDRO); (12.25 + 23) * 4.096 ms = 144.384 ms.
  const auto checked = check_downlink(downlink(1).request, options);
  ASSERT_EQ(checked.decision.error, TxAckError::None);
  EXPECT_EQ(checked.time_on_air_us, 144'384u);
}

TEST_F(DownlinkTest, TooLateForATimeInThePast) {
  EXPECT_EQ(submit(at_tmst(2, monotonic_now_us() - 1'000)).error, TxAckError::TooLate);
  expect_one_ack(2, TxAckError::TooLate);
  expect_nothing_transmitted();
  EXPECT_EQ(scheduler->counters().rejected[static_cast<std::size_t>(TxAckError::TooLate)], 1u);
}

TEST_F(DownlinkTest, TooLateWhenTooCloseToLoadTheRadio) {
  EXPECT_EQ(submit(at_tmst(3, monotonic_now_us() + 1'000)).error, TxAckError::TooLate);
  expect_one_ack(3, TxAckError::TooLate);
  expect_nothing_transmitted();
}

TEST_F(DownlinkTest, TooEarlyBeyondTheMaximumAdvance) {
  EXPECT_EQ(submit(at_tmst(4, monotonic_now_us() + 600'000'000)).error, TxAckError::TooEarly);
  expect_one_ack(4, TxAckError::TooEarly);
  expect_nothing_transmitted();
}

TEST_F(DownlinkTest, TxFreqFor915MHzInEu868) {
  auto d = downlink(5);
  d.request.frequency_hz = 915'000'000;  // inside the SX1276's band 1, outside every EU868 band
  EXPECT_EQ(submit(d).error, TxAckError::TxFreq);
  expect_one_ack(5, TxAckError::TxFreq);
  expect_nothing_transmitted();
  EXPECT_EQ(scheduler->counters().rejected[static_cast<std::size_t>(TxAckError::TxFreq)], 1u);
}

TEST_F(DownlinkTest, TxFreqInTheAlarmBandAndForADataRateTheRegionLacks) {
  auto alarm = downlink(6);
  alarm.request.frequency_hz = 868'650'000;  // 868.6-868.7 MHz: closed to LoRaWAN
  EXPECT_EQ(submit(alarm).error, TxAckError::TxFreq);
  auto bw500 = downlink(7);
  bw500.request.bandwidth_hz = 500'000;  // EU868 defines no 500 kHz data rate
  EXPECT_EQ(submit(bw500).error, TxAckError::TxFreq);
  auto gps = downlink(8);
  gps.request.timing.kind = semtech::TxTiming::Kind::GpsTime;
  gps.request.timing.tmms = 1'300'000'000'000;
  EXPECT_EQ(submit(gps).error, TxAckError::GpsUnlocked);
  ASSERT_EQ(acks.size(), 3u);
  expect_nothing_transmitted();
}

TEST_F(DownlinkTest, PowerAboveTheLimitIsClampedWithAWarning) {
  auto d = downlink(9);
  d.request.frequency_hz = 868'100'000;  // 16 dBm EIRP in EU868; the board allows 14 dBm
  d.request.power_dbm = 27;
  EXPECT_EQ(submit(d).error, TxAckError::None);
  expect_one_ack(9, TxAckError::None);
  ASSERT_TRUE(acks[0].decision.power_warning_dbm.has_value());
  EXPECT_EQ(*acks[0].decision.power_warning_dbm, 14);
  run_until_tx_done();
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].frame.rssi_dbm + kModelPathLossDb, 14);  // what the chip really emitted
  EXPECT_EQ(scheduler->counters().power_clamped, 1u);
}

TEST_F(DownlinkTest, TxPowerWhenNoLegalPowerExists) {
  options.antenna_gain_dbi = 15;  // 16 dBm EIRP - 15 dBi = 1 dBm, below the PA_BOOST minimum of 2 dBm
  make_scheduler();
  auto d = downlink(10);
  d.request.frequency_hz = 868'100'000;
  EXPECT_EQ(submit(d).error, TxAckError::TxPower);
  expect_one_ack(10, TxAckError::TxPower);
  expect_nothing_transmitted();
}

TEST_F(DownlinkTest, CollisionForAnOverlappingSecondRequest) {
  const std::uint64_t first = monotonic_now_us() + 300'000;
  EXPECT_EQ(submit(at_tmst(11, first)).error, TxAckError::None);
  // 50 ms later, while the first frame (144 ms) is still on the air.
  EXPECT_EQ(submit(at_tmst(12, first + 50'000)).error, TxAckError::CollisionPacket);
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[1].token, 12);
  EXPECT_EQ(acks[1].decision.error, TxAckError::CollisionPacket);
  run_until_tx_done();
  // Only the first one went out.
  ASSERT_EQ(heard.size(), 1u);
  ASSERT_EQ(tx_done.size(), 1u);
  EXPECT_EQ(*tx_done[0].requested_start_us, first);
  loop->add_timer_after(100'000, [this] { loop->stop(); });
  ASSERT_TRUE(loop->run());
  drain_air();
  EXPECT_EQ(heard.size(), 1u);
  EXPECT_EQ(driver->stats().tx_started, 1u);
  EXPECT_EQ(scheduler->counters().rejected[static_cast<std::size_t>(TxAckError::CollisionPacket)], 1u);
}

TEST_F(DownlinkTest, ImmediateWhileAnotherIsOnTheAirIsACollision) {
  EXPECT_EQ(submit(downlink(13)).error, TxAckError::None);
  EXPECT_EQ(driver->state(), radio::RadioState::transmitting);
  EXPECT_EQ(submit(downlink(14)).error, TxAckError::CollisionPacket);
  run_until_tx_done();
  EXPECT_EQ(heard.size(), 1u);
}

TEST_F(DownlinkTest, NoTxDoneByTheDeadlineReturnsTheRadioToRx) {
  pump->stop();  // DIO0 unread, as on a board whose DIO0 is not wired: TxDone never reaches the scheduler
  EXPECT_EQ(submit(downlink(15)).error, TxAckError::None);
  EXPECT_EQ(driver->state(), radio::RadioState::transmitting);
  const auto deadline = driver->tx_deadline_us();
  ASSERT_TRUE(deadline.has_value());
  loop->add_timer_at(*deadline + 50'000, [this] { loop->stop(); });
  ASSERT_TRUE(loop->run());
  EXPECT_EQ(scheduler->counters().tx_timeouts, 1u);
  EXPECT_EQ(scheduler->counters().transmitted, 0u);
  EXPECT_EQ(driver->stats().tx_timeout, 1u);
  EXPECT_EQ(driver->state(), radio::RadioState::receiving);
  EXPECT_EQ(scheduler->queued(), 0u);
  // The radio is free again: the next downlink is accepted.
  EXPECT_EQ(submit(downlink(16)).error, TxAckError::None);
}

TEST_F(DownlinkTest, StopDropsWhatHasNotStarted) {
  EXPECT_EQ(submit(at_tmst(17, monotonic_now_us() + 150'000)).error, TxAckError::None);
  EXPECT_EQ(scheduler->queued(), 1u);
  scheduler->stop();
  EXPECT_EQ(scheduler->queued(), 0u);
  expect_nothing_transmitted();
}

TEST(MonotonicOfTmst, PicksTheNearestTimeWithThoseLowBits) {
  constexpr std::uint64_t kWrap = std::uint64_t{1} << 32;
  EXPECT_EQ(monotonic_of_tmst(1'500'000, 1'000'000), 1'500'000u);
  EXPECT_EQ(monotonic_of_tmst(500'000, 1'000'000), 500'000u);  // past
  // Now just before a wrap; the tmst just after it maps forward.
  EXPECT_EQ(monotonic_of_tmst(100, 3 * kWrap - 50), 3 * kWrap + 100);
  // Now just after a wrap; a tmst just before it maps back.
  EXPECT_EQ(monotonic_of_tmst(0xFFFFFF00u, 3 * kWrap + 10), 3 * kWrap - 0x100);
  // Near the start of the clock nothing maps below 0.
  EXPECT_EQ(monotonic_of_tmst(0xFFFFFF00u, 10), 0xFFFFFF00u);
}

TEST(CheckDownlink, DefaultPowerAndDriverLimits) {
  DownlinkOptions options;
  options.region = *lorawan::find_region("EU868");
  options.board_max_power_dbm = 20;
  auto r = downlink(1).request;
  r.power_dbm.reset();  // no "powe": the region's default EIRP (16 dBm in EU868, RP002 TXPower 0)
  auto c = check_downlink(r, options);
  ASSERT_EQ(c.decision.error, TxAckError::None);
  EXPECT_EQ(c.radio.power_dbm, 16);
  EXPECT_FALSE(c.decision.power_warning_dbm.has_value());
  // At 869.525 MHz the band allows 29 dBm EIRP (500 mW ERP): the limit is the PA's 20 dBm.
  r.power_dbm = 27;
  c = check_downlink(r, options);
  ASSERT_EQ(c.decision.error, TxAckError::None);
  EXPECT_EQ(c.radio.power_dbm, 20);
  EXPECT_EQ(c.decision.power_warning_dbm, 20);
  // Below the PA_BOOST minimum: raised to 2 dBm, and the server is told.
  r.power_dbm = 0;
  c = check_downlink(r, options);
  EXPECT_EQ(c.radio.power_dbm, 2);
  EXPECT_EQ(c.decision.power_warning_dbm, 2);
  // SF6 needs an implicit header, which LoRaWAN (and the driver) does not use; EU868 has no SF6 DR either.
  r.spreading_factor = 6;
  EXPECT_EQ(check_downlink(r, options).decision.error, TxAckError::TxFreq);
  // An empty payload cannot be sent.
  r = downlink(1).request;
  r.payload.assign(std::span<const std::uint8_t>());
  EXPECT_EQ(check_downlink(r, options).decision.error, TxAckError::TxFreq);
}

}  // namespace
}  // namespace onechan::daemon
