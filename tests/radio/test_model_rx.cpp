// Reception by the model: what it hears, when DIO0 rises, and what the registers say afterwards.
// Airtimes are compared with published figures of Semtech's LoRa Calculator and The Things Network's
// airtime calculator (both implement AN1200.13): with BW 125 kHz, CR 4/5, 8-symbol preamble, explicit
// header, CRC on: 25 bytes at SF7 = 61.696 ms, 25 bytes at SF12 = 1482.752 ms, 64 bytes at SF12 =
// 2793.472 ms (LoRaWAN's 51-byte DR0 maximum plus 13 bytes of overhead).
// Register encodings per the SX1276 datasheet rev. 7: RegPktSnrValue in 0.25 dB two's complement;
// packet RSSI = -157 + 16/15 * PktRssi for SNR >= 0 and -157 + PktRssi + SNR for SNR < 0 (section 5.5.5).
#include <gtest/gtest.h>

#include <cmath>

#include "radio/sim/sx1276_model.hpp"
#include "radio/sx1276_registers.hpp"
#include "test_model_support.hpp"

namespace onechan::radio::sim {
namespace {

namespace reg = sx1276::reg;
namespace irq = sx1276::irq;
using testing::DioRecorder;
using testing::SpiMaster;

AirFrame uplink(std::size_t size, std::uint8_t sf = 7) {
  AirFrame f;
  f.frequency_hz = 868'100'000;
  f.spreading_factor = sf;
  f.bandwidth_hz = 125'000;
  f.coding_rate = 5;
  f.sync_word = 0x34;
  f.payload.resize(size);
  for (std::size_t i = 0; i < size; ++i) f.payload[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return f;
}

struct Rx {
  Sx1276Model chip;
  SpiMaster spi{chip};
  DioRecorder dio;
  explicit Rx(std::uint8_t sf = 7) {
    dio.attach(chip);
    spi.configure_uplink_rx(sf);
  }
  bool heard(const AirFrame& f, std::uint64_t start = 0) {
    chip.deliver(f, start);
    chip.advance_to(start + 10'000'000);
    return (spi.read(reg::IrqFlags) & irq::RxDone) != 0;
  }
};

TEST(ModelRx, Dio0RisesWhenTheAirtimeEnds) {
  struct Case {
    std::uint8_t sf;
    std::size_t size;
    std::uint64_t airtime_us;
  };
  for (const Case c : {Case{7, 25, 61'696}, Case{12, 25, 1'482'752}, Case{12, 64, 2'793'472}}) {
    Rx rx(c.sf);
    const std::uint64_t start = 1'000'000;
    rx.chip.advance_to(start);
    rx.chip.deliver(uplink(c.size, c.sf), start);
    ASSERT_EQ(rx.chip.next_event_time().has_value(), true);
    rx.chip.advance_to(start + c.airtime_us - 1);
    EXPECT_FALSE(rx.chip.dio0()) << "SF" << int{c.sf} << " " << c.size << " bytes";
    rx.chip.advance_to(start + c.airtime_us + 5'000);
    ASSERT_TRUE(rx.chip.dio0());
    ASSERT_EQ(rx.dio.rising(0).size(), 1u);
    EXPECT_EQ(rx.dio.rising(0)[0], start + c.airtime_us) << "SF" << int{c.sf} << " " << c.size << " bytes";
    EXPECT_EQ(rx.spi.read_rx_frame(), uplink(c.size, c.sf).payload);
  }
}

TEST(ModelRx, AGoodFrameFillsTheRegisters) {
  Rx rx;
  AirFrame f = uplink(13);
  f.coding_rate = 6;
  ASSERT_TRUE(rx.heard(f));
  EXPECT_EQ(rx.spi.read(reg::IrqFlags), irq::RxDone | irq::ValidHeader);
  EXPECT_EQ(rx.spi.read(reg::RxNbBytes), 13);
  EXPECT_EQ(rx.spi.read(reg::FifoRxCurrentAddr), 0x00);
  EXPECT_EQ(rx.spi.read(reg::HopChannel) & sx1276::kHopChannelCrcOnPayload, sx1276::kHopChannelCrcOnPayload);
  EXPECT_EQ(rx.spi.read(reg::ModemStat) >> 5, 2);  // RxCodingRate of the header: 4/6
  EXPECT_EQ(rx.spi.read(reg::RxPacketCntValueLsb), 1);
  EXPECT_EQ(rx.spi.read(reg::RxHeaderCntValueLsb), 1);
  EXPECT_EQ(rx.spi.read_rx_frame(), f.payload);
  EXPECT_EQ(rx.spi.read(reg::OpMode), 0x85);  // continuous RX stays in RX
  EXPECT_EQ(rx.chip.stats().frames_received, 1u);
}

TEST(ModelRx, ABadCrcRaisesPayloadCrcErrorWithRxDone) {
  Rx rx;
  AirFrame f = uplink(13);
  f.crc_ok = false;
  ASSERT_TRUE(rx.heard(f));
  EXPECT_EQ(rx.spi.read(reg::IrqFlags) & (irq::RxDone | irq::PayloadCrcError),
            irq::RxDone | irq::PayloadCrcError);
  EXPECT_EQ(rx.chip.stats().crc_errors, 1u);
}

TEST(ModelRx, AFrameWithoutCrcLeavesCrcOnPayloadClear) {
  Rx rx;
  AirFrame f = uplink(13);
  f.crc_on = false;
  ASSERT_TRUE(rx.heard(f));
  EXPECT_EQ(rx.spi.read(reg::HopChannel) & sx1276::kHopChannelCrcOnPayload, 0);
  EXPECT_EQ(rx.spi.read(reg::IrqFlags) & irq::PayloadCrcError, 0);
  EXPECT_EQ(rx.spi.read_rx_frame(), f.payload);
}

TEST(ModelRx, OnlyAMatchingFrameIsHeard) {
  {
    Rx rx;
    AirFrame f = uplink(13, 8);  // wrong SF
    EXPECT_FALSE(rx.heard(f));
    EXPECT_EQ(rx.chip.stats().mismatched, 1u);
  }
  {
    Rx rx;
    AirFrame f = uplink(13);
    f.frequency_hz = 868'300'000;
    EXPECT_FALSE(rx.heard(f));
  }
  {
    Rx rx;
    AirFrame f = uplink(13);
    f.bandwidth_hz = 250'000;
    EXPECT_FALSE(rx.heard(f));
  }
  {
    Rx rx;
    AirFrame f = uplink(13);
    f.sync_word = 0x12;  // private network
    EXPECT_FALSE(rx.heard(f));
  }
  {
    Rx rx;
    AirFrame f = uplink(13);
    f.iq_inverted = true;  // a downlink: a gateway listening with normal IQ does not hear it
    EXPECT_FALSE(rx.heard(f));
  }
}

TEST(ModelRx, FrequencyToleranceIsAQuarterOfTheBandwidth) {
  // The receiver is tuned to Frf 0xD90666 = 868 099 976 Hz; 125 kHz / 4 = 31 250 Hz.
  {
    Rx rx;
    AirFrame f = uplink(5);
    f.frequency_hz = 868'099'976 + 31'250;
    EXPECT_TRUE(rx.heard(f));
  }
  {
    Rx rx;
    AirFrame f = uplink(5);
    f.frequency_hz = 868'099'976 - 31'251;
    EXPECT_FALSE(rx.heard(f));
  }
}

TEST(ModelRx, AReceiverInvertedForDownlinksHearsInvertedFrames) {
  Rx rx;
  rx.spi.write(reg::OpMode, {0x81});
  rx.spi.write(reg::InvertIQ, {sx1276::kInvertIQInverted});
  rx.spi.write(reg::InvertIQ2, {sx1276::kInvertIQ2Inverted});
  rx.spi.write(reg::OpMode, {0x85});
  AirFrame f = uplink(5);
  f.iq_inverted = true;
  EXPECT_TRUE(rx.heard(f));
}

TEST(ModelRx, NothingIsHeardOutsideRx) {
  Rx rx;
  rx.spi.write(reg::OpMode, {0x81});  // standby
  EXPECT_FALSE(rx.heard(uplink(5)));
  EXPECT_EQ(rx.chip.stats().not_listening, 1u);
}

TEST(ModelRx, TheReceiverMustListenBeforeThePreambleIsOver) {
  // SF7/125 kHz: one symbol is 1.024 ms. Listening from the 3rd symbol of the 8-symbol preamble still
  // leaves enough of it to detect the frame; from the 6th it is missed.
  for (const auto& [late_us, expected] : {std::pair{3'072u, true}, std::pair{6'144u, false}}) {
    Rx rx;
    rx.spi.write(reg::OpMode, {0x81});
    rx.chip.deliver(uplink(5), 0);
    rx.chip.advance_to(late_us);
    rx.spi.write(reg::OpMode, {0x85});
    rx.chip.advance_to(1'000'000);
    EXPECT_EQ((rx.spi.read(reg::IrqFlags) & irq::RxDone) != 0, expected) << late_us;
  }
}

TEST(ModelRx, ContinuousRxWritesSuccessiveFramesOneAfterTheOther) {
  Rx rx;
  const AirFrame a = uplink(20);
  AirFrame b = uplink(9);
  b.payload[0] = 0xEE;
  ASSERT_TRUE(rx.heard(a, 0));
  rx.spi.write(reg::IrqFlags, {0xFF});
  ASSERT_TRUE(rx.heard(b, 20'000'000));
  // The second frame starts where the first ended, not at RegFifoRxBaseAddr.
  EXPECT_EQ(rx.spi.read(reg::FifoRxCurrentAddr), 20);
  EXPECT_EQ(rx.spi.read_rx_frame(), b.payload);
}

TEST(ModelRx, A255ByteFrameWrapsAroundTheFifo) {
  Rx rx;
  rx.spi.write(reg::OpMode, {0x81});
  rx.spi.write(reg::FifoRxBaseAddr, {0x80});
  rx.spi.write(reg::OpMode, {0x85});
  const AirFrame f = uplink(255);
  ASSERT_TRUE(rx.heard(f));
  EXPECT_EQ(rx.spi.read(reg::FifoRxCurrentAddr), 0x80);
  EXPECT_EQ(rx.spi.read(reg::RxNbBytes), 255);
  EXPECT_EQ(rx.spi.read_rx_frame(), f.payload);
}

TEST(ModelRx, PayloadMaxLengthDropsLongerFrames) {
  Rx rx;
  rx.spi.write(reg::PayloadMaxLength, {0x40});
  EXPECT_FALSE(rx.heard(uplink(65)));
  EXPECT_EQ(rx.chip.stats().header_errors, 1u);
  EXPECT_TRUE(rx.heard(uplink(64), 20'000'000));
}

TEST(ModelRx, RssiAndSnrFollowTheDatasheetFormulas) {
  struct Case {
    std::int16_t rssi;
    std::int16_t snr_centi;
  };
  for (const Case c : {Case{-60, 950}, Case{-120, -725}, Case{-137, -2000}, Case{-30, 1200}, Case{-100, 0}}) {
    Rx rx;
    AirFrame f = uplink(5);
    f.rssi_dbm = c.rssi;
    f.snr_centi_db = c.snr_centi;
    ASSERT_TRUE(rx.heard(f));
    const auto snr_q = static_cast<std::int8_t>(rx.spi.read(reg::PktSnrValue));
    EXPECT_EQ(snr_q, c.snr_centi / 25);
    const int pkt_rssi = rx.spi.read(reg::PktRssiValue);
    const double rssi = snr_q >= 0 ? -157.0 + 16.0 / 15.0 * pkt_rssi : -157.0 + pkt_rssi + snr_q / 4.0;
    EXPECT_NEAR(rssi, c.rssi, 0.55) << c.rssi << " dBm, SNR " << c.snr_centi;
  }
}

TEST(ModelRx, TheLfPortUsesTheMinus164Offset) {
  Rx rx;
  rx.spi.configure_uplink_rx(7, 0x6C, 0x4B, 0x33);  // 433.175 MHz (Frf = 433.175e6 * 2^19 / 32e6)
  AirFrame f = uplink(5);
  f.frequency_hz = 433'175'000;
  f.rssi_dbm = -100;
  f.snr_centi_db = -400;
  ASSERT_TRUE(rx.heard(f));
  EXPECT_EQ(rx.spi.read(reg::PktRssiValue), -100 + 164 + 4);  // -164 + PktRssi + SNR
}

TEST(ModelRx, EqualFramesThatOverlapBothGetLost) {
  Rx rx;
  rx.chip.deliver(uplink(25), 0);
  rx.chip.deliver(uplink(25), 10'000);  // before the first one's header has ended (20.7 ms)
  rx.chip.advance_to(1'000'000);
  EXPECT_EQ(rx.spi.read(reg::IrqFlags) & irq::RxDone, 0);
  EXPECT_TRUE(rx.dio.rising(0).empty());
  EXPECT_EQ(rx.chip.stats().collided, 2u);
}

TEST(ModelRx, TheFirstFrameSurvivesAnInterferer6dBWeaker) {
  Rx rx;
  AirFrame strong = uplink(25);
  strong.rssi_dbm = -60;
  AirFrame weak = uplink(25);
  weak.rssi_dbm = -66;
  weak.payload[0] = 0xEE;
  rx.chip.deliver(strong, 0);
  rx.chip.deliver(weak, 10'000);
  rx.chip.advance_to(1'000'000);
  EXPECT_EQ(rx.spi.read(reg::IrqFlags) & (irq::RxDone | irq::PayloadCrcError), irq::RxDone);
  EXPECT_EQ(rx.spi.read_rx_frame(), strong.payload);
  EXPECT_EQ(rx.dio.rising(0).size(), 1u);
  EXPECT_EQ(rx.chip.stats().collided, 1u);
}

TEST(ModelRx, ALaterStrongerFrameIsNotCaptured) {
  Rx rx;
  AirFrame weak = uplink(25);
  weak.rssi_dbm = -80;
  AirFrame strong = uplink(25);
  strong.rssi_dbm = -50;
  rx.chip.deliver(weak, 0);
  rx.chip.deliver(strong, 10'000);
  rx.chip.advance_to(1'000'000);
  EXPECT_EQ(rx.spi.read(reg::IrqFlags) & irq::RxDone, 0);
}

TEST(ModelRx, ACollisionAfterTheHeaderCorruptsThePayload) {
  Rx rx;
  rx.chip.deliver(uplink(25), 0);
  rx.chip.deliver(uplink(25), 40'000);  // the first one's header ended at 20.7 ms
  rx.chip.advance_to(1'000'000);
  EXPECT_EQ(rx.spi.read(reg::IrqFlags) & (irq::RxDone | irq::PayloadCrcError),
            irq::RxDone | irq::PayloadCrcError);
}

TEST(ModelRx, DifferentSpreadingFactorsDoNotCollide) {
  Rx rx;
  AirFrame other = uplink(25, 9);
  rx.chip.deliver(other, 0);
  rx.chip.deliver(uplink(25), 5'000);
  rx.chip.advance_to(10'000'000);
  EXPECT_EQ(rx.spi.read(reg::IrqFlags) & (irq::RxDone | irq::PayloadCrcError), irq::RxDone);
}

TEST(ModelRx, AWrongLowDataRateOptimizeCorruptsTheFrame) {
  Rx rx(12);
  rx.spi.write(reg::ModemConfig3, {0x04});  // LDRO off at SF12/125 kHz: against the datasheet's rule
  ASSERT_TRUE(rx.heard(uplink(13, 12)));
  EXPECT_NE(rx.spi.read(reg::IrqFlags) & irq::PayloadCrcError, 0);
}

TEST(ModelRx, RxSingleReturnsToStandbyAfterAFrame) {
  Rx rx;
  rx.spi.write(reg::OpMode, {0x81});
  rx.spi.write(reg::OpMode, {0x86});
  ASSERT_TRUE(rx.heard(uplink(5)));
  EXPECT_EQ(rx.spi.read(reg::OpMode), 0x81);
}

TEST(ModelRx, RxSingleTimesOutAfterSymbTimeoutSymbols) {
  Rx rx;
  rx.spi.write(reg::OpMode, {0x81});
  rx.spi.write(reg::SymbTimeoutLsb, {5});
  rx.spi.write(reg::DioMapping1, {sx1276::kDio0RxDone | sx1276::kDio1RxTimeout});
  rx.chip.advance_to(100'000);
  rx.spi.write(reg::OpMode, {0x86});
  ASSERT_EQ(rx.chip.next_event_time(), 100'000u + 5 * 1'024);
  rx.chip.advance_to(200'000);
  EXPECT_EQ(rx.spi.read(reg::IrqFlags), irq::RxTimeout);
  EXPECT_EQ(rx.spi.read(reg::OpMode), 0x81);
  ASSERT_EQ(rx.dio.rising(1).size(), 1u);
  EXPECT_EQ(rx.dio.rising(1)[0], 100'000u + 5 * 1'024);
}

TEST(ModelRx, LeavingRxAbortsTheFrameBeingReceived) {
  Rx rx;
  rx.chip.deliver(uplink(25), 0);
  rx.chip.advance_to(30'000);
  rx.spi.write(reg::OpMode, {0x81});
  rx.chip.advance_to(1'000'000);
  EXPECT_EQ(rx.spi.read(reg::IrqFlags) & irq::RxDone, 0);
}

TEST(ModelRx, InstantAirDeliversAtOnceWithoutCollisions) {
  Sx1276Model chip({.instant_air = true});
  SpiMaster spi{chip};
  DioRecorder dio;
  dio.attach(chip);
  spi.configure_uplink_rx();
  chip.advance_to(500);
  chip.deliver(uplink(25), 500);
  EXPECT_TRUE(chip.dio0());
  EXPECT_EQ(dio.rising(0), (std::vector<std::uint64_t>{500}));
  EXPECT_EQ(spi.read_rx_frame(), uplink(25).payload);
  spi.write(reg::IrqFlags, {0xFF});
  chip.deliver(uplink(25), 500);  // same time, same channel: still received
  EXPECT_TRUE(chip.dio0());
  EXPECT_EQ(chip.stats().frames_received, 2u);
  EXPECT_FALSE(chip.next_event_time().has_value());
}

}  // namespace
}  // namespace onechan::radio::sim
