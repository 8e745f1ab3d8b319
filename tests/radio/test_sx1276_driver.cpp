// The SX1276 driver against the register-level model: reset, detection, and the RX configuration
// compared with register values derived by hand from the Semtech SX1276 datasheet (rev. 7) and the
// SX1276 errata note as Semtech's LoRaMac-node applies it.
#include <gtest/gtest.h>

#include <algorithm>

#include "driver_on_model.hpp"
#include "radio/gpio_chip_select_bus.hpp"

namespace onechan::radio::testing {
namespace {

namespace reg = sx1276::reg;

TEST(Sx1276Detect, FindsTheSx1276AndReturnsItsVersion) {
  DriverOnModel d;
  auto version = d.radio.reset_and_detect();
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_EQ(*version, 0x12);
}

TEST(Sx1276Detect, ResetPulseRestoresResetValuesAndWaitsTheDatasheetTime) {
  DriverOnModel d;
  d.bring_up();
  ASSERT_EQ(d.peek(reg::FrfMsb), 0xD9);
  const std::uint64_t before = d.now();
  ASSERT_TRUE(d.radio.reset_and_detect().ok());
  // Datasheet 7.2.2: NRESET low > 100 µs, then 5 ms before the chip is ready.
  EXPECT_GE(d.now() - before, 5'100u);
  // Reset value of RegFrf: 0x6C8000 (434 MHz, datasheet register table); RegOpMode 0x09 (FSK standby).
  EXPECT_EQ(d.peek(reg::FrfMsb), 0x6C);
  EXPECT_EQ(d.peek(reg::FrfMid), 0x80);
  EXPECT_EQ(d.peek(reg::OpMode), 0x09);
  EXPECT_EQ(d.radio.state(), RadioState::unconfigured);
}

void expect_detection_error(std::uint8_t version, RadioErrc code, const std::string& value_text,
                            const std::string& hint) {
  sim::ModelOptions options;
  options.version = version;
  DriverOnModel d(options);
  auto result = d.radio.reset_and_detect();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, code);
  const std::string& m = result.error().message;
  EXPECT_NE(m.find("sim"), std::string::npos) << m;       // the SPI device
  EXPECT_NE(m.find(kBoard), std::string::npos) << m;      // the board file
  EXPECT_NE(m.find(value_text), std::string::npos) << m;  // the value read
  EXPECT_NE(m.find(hint), std::string::npos) << m;
}

TEST(Sx1276Detect, NothingAnsweringReadsZero) {
  expect_detection_error(0x00, RadioErrc::no_chip, "read 0x00", "SPI enabled");
}

TEST(Sx1276Detect, NothingAnsweringReadsAllOnes) {
  expect_detection_error(0xFF, RadioErrc::no_chip, "read 0xFF", "chip select");
}

TEST(Sx1276Detect, AnSx1272IsNamed) {
  expect_detection_error(0x22, RadioErrc::wrong_chip, "0x22", "SX1272");
}

TEST(Sx1276Detect, AnotherVersionIsReported) {
  expect_detection_error(0x13, RadioErrc::wrong_chip, "0x13", "spi_speed_hz");
}

// An SPI bus that fails every transfer, in front of the model.
class FailingSpi : public SpiBus {
 public:
  bool transfer(std::span<const std::uint8_t>, std::span<std::uint8_t>) override { return false; }
  std::string describe() const override { return "/dev/spidev9.9"; }
  std::string last_error() const override { return "SPI_IOC_MESSAGE: Input/output error"; }
};

TEST(Sx1276Detect, SpiFailureNamesTheDeviceAndTheCause) {
  sim::SimChip chip;
  FailingSpi spi;
  Sx1276 radio({spi, &chip.reset_line(), chip.dio0(), chip.clock()}, {kBoard, 20});
  auto result = radio.reset_and_detect();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RadioErrc::spi_failed);
  EXPECT_NE(result.error().message.find("/dev/spidev9.9"), std::string::npos);
  EXPECT_NE(result.error().message.find("Input/output error"), std::string::npos);
  EXPECT_EQ(radio.stats().spi_errors, 1u);
}

TEST(Sx1276Detect, BoardWithoutResetLineStillDetects) {
  sim::SimChip chip;
  Sx1276 radio({chip.spi(), nullptr, chip.dio0(), chip.clock()}, {kBoard, 20});
  auto version = radio.reset_and_detect();
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_EQ(chip.now_us(), 0u);  // no reset pulse, no wait
}

// ---- RX configuration: register values by hand from the datasheet ----

TEST(Sx1276RxConfig, Eu868Sf7Bw125) {
  DriverOnModel d;
  d.bring_up(RxConfig{});                // 868.1 MHz, SF7, BW125, CR4/5, sync 0x34
  EXPECT_EQ(d.peek(reg::OpMode), 0x85);  // LoRa, HF, RX continuous
  // Frf = 868.1e6 * 2^19 / 32e6 = 14222950.4 -> 0xD90666.
  EXPECT_EQ(d.peek(reg::FrfMsb), 0xD9);
  EXPECT_EQ(d.peek(reg::FrfMid), 0x06);
  EXPECT_EQ(d.peek(reg::FrfLsb), 0x66);
  EXPECT_EQ(d.peek(reg::ModemConfig1), 0x72);  // Bw 0111 (125 kHz), CodingRate 001 (4/5), explicit
  EXPECT_EQ(d.peek(reg::ModemConfig2), 0x74);  // SF 7, RxPayloadCrcOn
  EXPECT_EQ(d.peek(reg::ModemConfig3), 0x04);  // AgcAutoOn, no LowDataRateOptimize (Ts = 1.024 ms)
  EXPECT_EQ(d.peek(reg::SyncWord), 0x34);
  EXPECT_EQ(d.peek(reg::InvertIQ), 0x27);
  EXPECT_EQ(d.peek(reg::InvertIQ2), 0x1D);
  EXPECT_EQ(d.peek(reg::PayloadMaxLength), 0xFF);
  EXPECT_EQ(d.peek(reg::DioMapping1), 0x00);  // DIO0 = RxDone
  EXPECT_EQ(d.peek(reg::Lna), 0x23);          // G1, LnaBoostHf
  EXPECT_EQ(d.peek(reg::PreambleMsb), 0x00);
  EXPECT_EQ(d.peek(reg::PreambleLsb), 0x08);
  EXPECT_EQ(d.peek(reg::FifoRxBaseAddr), 0x00);
  // Errata 2.3 below 500 kHz: DetectOptimize bit 7 cleared (0xC3 -> 0x43), 0x2F = 0x40, 0x30 = 0x00.
  EXPECT_EQ(d.peek(reg::DetectOptimize), 0x43);
  EXPECT_EQ(d.peek(0x2F), 0x40);
  EXPECT_EQ(d.peek(0x30), 0x00);
  EXPECT_EQ(d.peek(reg::DetectionThreshold), 0x0A);
  EXPECT_EQ(d.peek(reg::HighBwOptimize1), 0x03);
  EXPECT_EQ(d.radio.state(), RadioState::receiving);
}

TEST(Sx1276RxConfig, Sf12Bw125NeedsLowDataRateOptimize) {
  DriverOnModel d;
  RxConfig c;
  c.spreading_factor = 12;
  d.bring_up(c);
  EXPECT_EQ(d.peek(reg::ModemConfig2), 0xC4);  // SF 12, CRC on
  EXPECT_EQ(d.peek(reg::ModemConfig3), 0x0C);  // Ts = 32.768 ms > 16 ms: LDRO + AGC
}

TEST(Sx1276RxConfig, LowDataRateOptimizeFollowsTheSixteenMillisecondRule) {
  struct Case {
    std::uint8_t sf;
    std::uint32_t bw;
    std::uint8_t config1;
    std::uint8_t config3;
  };
  // Ts = 2^SF / BW: SF11/125 16.384 ms (on), SF10/125 8.192 ms (off), SF12/250 16.384 ms (on),
  // SF11/250 8.192 ms (off), SF12/500 8.192 ms (off).
  const Case cases[] = {{11, 125'000, 0x72, 0x0C},
                        {10, 125'000, 0x72, 0x04},
                        {12, 250'000, 0x82, 0x0C},
                        {11, 250'000, 0x82, 0x04},
                        {12, 500'000, 0x92, 0x04}};
  for (const auto& k : cases) {
    DriverOnModel d;
    RxConfig c;
    c.spreading_factor = k.sf;
    c.bandwidth_hz = k.bw;
    d.bring_up(c);
    EXPECT_EQ(d.peek(reg::ModemConfig1), k.config1) << "SF" << int(k.sf) << " BW" << k.bw;
    EXPECT_EQ(d.peek(reg::ModemConfig3), k.config3) << "SF" << int(k.sf) << " BW" << k.bw;
  }
}

TEST(Sx1276RxConfig, Bw500UsesAutomaticIfAndTheErrataSensitivitySetting) {
  DriverOnModel d;
  RxConfig c;
  c.frequency_hz = 923'300'000;  // US915 downlink channel 0, the usual 500 kHz case
  c.bandwidth_hz = 500'000;
  c.spreading_factor = 8;
  d.bring_up(c);
  // 923.3e6 * 2^19 / 32e6 = 15127347.2 -> 0xE6D333
  EXPECT_EQ(d.peek(reg::FrfMsb), 0xE6);
  EXPECT_EQ(d.peek(reg::FrfMid), 0xD3);
  EXPECT_EQ(d.peek(reg::FrfLsb), 0x33);
  EXPECT_EQ(d.peek(reg::ModemConfig1), 0x92);
  EXPECT_EQ(d.peek(reg::DetectOptimize), 0xC3);   // errata 2.3: automatic IF at 500 kHz
  EXPECT_EQ(d.peek(reg::HighBwOptimize1), 0x02);  // errata 2.1, 862-1020 MHz
  EXPECT_EQ(d.peek(reg::HighBwOptimize2), 0x64);
}

TEST(Sx1276RxConfig, LfPortAt434MHz) {
  DriverOnModel d;
  RxConfig c;
  c.frequency_hz = 434'000'000;
  d.bring_up(c);
  // 434 MHz is the datasheet's Frf reset value 0x6C8000.
  EXPECT_EQ(d.peek(reg::FrfMsb), 0x6C);
  EXPECT_EQ(d.peek(reg::FrfMid), 0x80);
  EXPECT_EQ(d.peek(reg::FrfLsb), 0x00);
  EXPECT_EQ(d.peek(reg::OpMode), 0x8D);  // LowFrequencyModeOn
  EXPECT_EQ(d.peek(reg::Lna), 0x20);     // no HF boost on the LF port
}

TEST(Sx1276RxConfig, Us915Uplink) {
  DriverOnModel d;
  RxConfig c;
  c.frequency_hz = 902'300'000;  // US915 uplink channel 0
  c.spreading_factor = 10;
  d.bring_up(c);
  // 902.3e6 * 2^19 / 32e6 = 14783283.2 -> 0xE19333
  EXPECT_EQ(d.peek(reg::FrfMsb), 0xE1);
  EXPECT_EQ(d.peek(reg::FrfMid), 0x93);
  EXPECT_EQ(d.peek(reg::FrfLsb), 0x33);
  EXPECT_EQ(d.peek(reg::ModemConfig2), 0xA4);
}

TEST(Sx1276RxConfig, PrivateSyncWord) {
  DriverOnModel d;
  RxConfig c;
  c.sync_word = 0x12;
  d.bring_up(c);
  EXPECT_EQ(d.peek(reg::SyncWord), 0x12);
}

TEST(Sx1276RxConfig, EntersLoRaModeThroughSleep) {
  DriverOnModel d;
  ASSERT_TRUE(d.radio.reset_and_detect().ok());
  d.recorder.clear();
  ASSERT_TRUE(d.radio.start_rx(RxConfig{}).ok());
  std::vector<std::uint8_t> opmodes;
  for (const auto& w : d.recorder.writes()) {
    if (w.address == reg::OpMode) opmodes.push_back(w.value);
  }
  // FSK Sleep, LoRa Sleep (LongRangeMode set while asleep), Standby, RX continuous.
  const std::vector<std::uint8_t> expected = {0x00, 0x80, 0x81, 0x85};
  EXPECT_EQ(opmodes, expected);
  EXPECT_TRUE(d.chip.with_model([](sim::Sx1276Model& m) { return m.lora_mode(); }));
}

TEST(Sx1276RxConfig, RetuningFromRxGoesThroughStandbyOnly) {
  DriverOnModel d;
  d.bring_up();
  d.recorder.clear();
  RxConfig c;
  c.frequency_hz = 868'300'000;
  ASSERT_TRUE(d.radio.start_rx(c).ok());
  EXPECT_EQ(d.recorder.writes().front(), (RegisterWrite{reg::OpMode, 0x81}));
  EXPECT_EQ(d.recorder.writes().back(), (RegisterWrite{reg::OpMode, 0x85}));
  // 868.3e6 * 2^19 / 32e6 = 14226227.2 -> 0xD91333
  EXPECT_EQ(d.peek(reg::FrfMid), 0x13);
  EXPECT_EQ(d.peek(reg::FrfLsb), 0x33);
}

TEST(Sx1276RxConfig, RejectsWhatLoRaWanDoesNotUse) {
  DriverOnModel d;
  ASSERT_TRUE(d.radio.reset_and_detect().ok());
  RxConfig sf6;
  sf6.spreading_factor = 6;
  RxConfig narrow;
  narrow.bandwidth_hz = 62'500;
  RxConfig off_band;
  off_band.frequency_hz = 600'000'000;
  RxConfig cr;
  cr.coding_rate = 9;
  for (const auto& c : {sf6, narrow, off_band, cr}) {
    auto s = d.radio.start_rx(c);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, RadioErrc::invalid_config);
  }
  auto s = d.radio.start_rx(off_band);
  EXPECT_NE(s.error().message.find("600000000 Hz"), std::string::npos) << s.error().message;
  EXPECT_EQ(d.radio.state(), RadioState::unconfigured);
}

TEST(Sx1276RxConfig, ConfiguredRegistersAreNamedAndSorted) {
  const auto regs = Sx1276::configured_registers();
  EXPECT_TRUE(std::is_sorted(regs.begin(), regs.end()));
  for (auto a : regs) EXPECT_FALSE(sx1276::register_name(a).empty()) << int(a);
  for (auto a : {reg::OpMode, reg::FrfMsb, reg::PaConfig, reg::Lna, reg::ModemConfig1, reg::ModemConfig3,
                 reg::SyncWord, reg::InvertIQ2, reg::PayloadMaxLength, reg::DioMapping1}) {
    EXPECT_NE(std::find(regs.begin(), regs.end(), a), regs.end()) << int(a);
  }
}

// ---- the recording decorator behind `radio probe --trace` ----

TEST(RecordingSpiBus, BurstWritesAdvanceTheAddressExceptIntoTheFifo) {
  sim::SimChip chip;
  RecordingSpiBus rec(chip.spi());
  std::uint8_t rx[4];
  const std::uint8_t frf[4] = {0x86, 0xD9, 0x06, 0x66};
  ASSERT_TRUE(rec.transfer(frf, rx));
  const std::uint8_t fifo[3] = {0x80, 0xAA, 0xBB};
  ASSERT_TRUE(rec.transfer(fifo, std::span(rx, 3)));
  const std::uint8_t read[2] = {0x42, 0x00};
  ASSERT_TRUE(rec.transfer(read, std::span(rx, 2)));
  const std::vector<RegisterWrite> expected = {
      {0x06, 0xD9}, {0x07, 0x06}, {0x08, 0x66}, {0x00, 0xAA}, {0x00, 0xBB}};
  EXPECT_EQ(rec.writes(), expected);
}

// ---- chip select on a GPIO (Dragino HAT: NSS on BCM25) ----

TEST(GpioChipSelect, DriverWorksThroughAGpioNss) {
  sim::SimChip chip;
  GpioChipSelectBus bus(chip.spi(), chip.nss_line());
  Sx1276 radio({bus, &chip.reset_line(), chip.dio0(), chip.clock()}, {kBoard, 20});
  auto version = radio.reset_and_detect();
  ASSERT_TRUE(version.ok()) << version.error().message;
  ASSERT_TRUE(radio.start_rx(RxConfig{}).ok());
  EXPECT_EQ(chip.with_model([](sim::Sx1276Model& m) { return m.peek(reg::OpMode); }), 0x85);
  EXPECT_EQ(bus.describe(), "sim with NSS on sim NSS");
}

struct Log {
  std::vector<std::string> events;
};
struct LoggingLine : OutputLine {
  Log& log;
  bool ok = true;
  explicit LoggingLine(Log& l) : log(l) {}
  bool set(bool high) override {
    log.events.push_back(high ? "nss high" : "nss low");
    return ok;
  }
  std::string describe() const override { return "gpiochip0 line 25 (NSS)"; }
};
struct LoggingSpi : SpiBus {
  Log& log;
  bool ok = true;
  explicit LoggingSpi(Log& l) : log(l) {}
  bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t>) override {
    log.events.push_back("transfer " + std::to_string(tx.size()));
    return ok;
  }
  std::string describe() const override { return "/dev/spidev0.0"; }
};

TEST(GpioChipSelect, FramesEachTransferAndReleasesAfterAFailure) {
  Log log;
  LoggingLine nss(log);
  LoggingSpi spi(log);
  GpioChipSelectBus bus(spi, nss);
  std::uint8_t tx[3] = {0x42, 0, 0};
  std::uint8_t rx[3];
  ASSERT_TRUE(bus.transfer(tx, rx));
  spi.ok = false;
  EXPECT_FALSE(bus.transfer(tx, rx));
  const std::vector<std::string> expected = {"nss low", "transfer 3", "nss high",
                                             "nss low", "transfer 3", "nss high"};
  EXPECT_EQ(log.events, expected);
  nss.ok = false;
  EXPECT_FALSE(bus.transfer(tx, rx));
  EXPECT_NE(bus.last_error().find("gpiochip0 line 25 (NSS)"), std::string::npos);
}

// ---- arithmetic the driver applies to register values ----

TEST(PacketRssi, DatasheetFormulaPoints) {
  // SNR >= 0: -157 + 16/15 * PktRssi.
  EXPECT_EQ(packet_rssi_dbm(0, 0, false), -157);
  EXPECT_EQ(packet_rssi_dbm(15, 0, false), -141);    // 16
  EXPECT_EQ(packet_rssi_dbm(150, 40, false), 3);     // 160
  EXPECT_EQ(packet_rssi_dbm(97, 38, false), -54);    // 103.47
  EXPECT_EQ(packet_rssi_dbm(255, 127, false), 115);  // 272: the register's top end
  // SNR < 0: -157 + PktRssi + SNR, SNR in 0.25 dB.
  EXPECT_EQ(packet_rssi_dbm(100, -20, false), -62);  // -62.0
  EXPECT_EQ(packet_rssi_dbm(100, -21, false), -62);  // -62.25
  EXPECT_EQ(packet_rssi_dbm(100, -22, false), -63);  // -62.5, half away from zero
  EXPECT_EQ(packet_rssi_dbm(100, -23, false), -63);  // -62.75
  EXPECT_EQ(packet_rssi_dbm(0, -128, false), -189);  // SNR -32 dB: the register's bottom end
  // LF port: -164.
  EXPECT_EQ(packet_rssi_dbm(0, 0, true), -164);
  EXPECT_EQ(packet_rssi_dbm(100, -20, true), -69);
}

TEST(RxMetadata, TmstIsTheLow32BitsOfTheMicrosecondCounter) {
  RxMetadata m;
  m.timestamp_us = (std::uint64_t{1} << 32) + 5;
  EXPECT_EQ(m.tmst(), 5u);
  m.snr_quarter_db = -29;
  EXPECT_DOUBLE_EQ(m.snr_db(), -7.25);
}

TEST(TxPower, ClampedToTheLowerOfBoardAndRegion) {
  EXPECT_EQ(clamp_tx_power(14, 20, 16), 14);
  EXPECT_EQ(clamp_tx_power(20, 14, 16), 14);
  EXPECT_EQ(clamp_tx_power(20, 20, 16), 16);
  EXPECT_EQ(clamp_tx_power(27, 30, 30), 20);  // the chip's own maximum
  EXPECT_EQ(clamp_tx_power(0, 20, 14), 2);    // PA_BOOST cannot go below 2 dBm
  EXPECT_EQ(clamp_tx_power(14, 20, 1), std::nullopt);
}

TEST(TxPower, PaBoostRegisterValues) {
  // Datasheet RegPaConfig: Pout = 17 - (15 - OutputPower) on PA_BOOST; +20 dBm needs RegPaDac 0x87,
  // then Pout = OutputPower + 5 (LoRaMac-node SX1276SetRfTxPower).
  auto p2 = pa_boost_settings(2);
  EXPECT_EQ(p2.pa_config, 0xF0);
  EXPECT_EQ(p2.pa_dac, 0x84);
  auto p14 = pa_boost_settings(14);
  EXPECT_EQ(p14.pa_config, 0xFC);
  EXPECT_EQ(p14.pa_dac, 0x84);
  EXPECT_EQ(p14.ocp, 0x2B);
  auto p17 = pa_boost_settings(17);
  EXPECT_EQ(p17.pa_config, 0xFF);
  EXPECT_EQ(p17.pa_dac, 0x84);
  auto p20 = pa_boost_settings(20);
  EXPECT_EQ(p20.pa_config, 0xFF);
  EXPECT_EQ(p20.pa_dac, 0x87);
  EXPECT_EQ(p20.ocp, 0x31);  // 140 mA: the +20 dBm PA draws about 120 mA
  EXPECT_EQ(pa_boost_settings(18).pa_config, 0xFD);
}

}  // namespace
}  // namespace onechan::radio::testing
