// The model's SPI protocol, reset values, operating modes and IRQ flags, checked against the Semtech
// SX1276 datasheet (rev. 7): section 4.3 (SPI interface: address byte with wnr bit 7, burst access with
// address auto-increment, FIFO access through RegFifoAddrPtr), table 41 and section 6.4 (reset values),
// RegOpMode (LongRangeMode "can be modified only in Sleep mode"), RegIrqFlags ("writing a 1 clears").
#include <gtest/gtest.h>

#include "radio/sim/sx1276_model.hpp"
#include "radio/sx1276_registers.hpp"
#include "test_model_support.hpp"

namespace onechan::radio::sim {
namespace {

namespace reg = sx1276::reg;
using testing::DioRecorder;
using testing::SpiMaster;

TEST(ModelReset, RegistersHoldTheDatasheetResetValues) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  // Common registers (datasheet table 41): FSK/OOK standby with LowFrequencyModeOn, 434 MHz.
  EXPECT_EQ(spi.read(reg::OpMode), 0x09);
  EXPECT_EQ(spi.read(reg::FrfMsb), 0x6C);
  EXPECT_EQ(spi.read(reg::FrfMid), 0x80);
  EXPECT_EQ(spi.read(reg::FrfLsb), 0x00);
  EXPECT_EQ(spi.read(reg::PaConfig), 0x4F);
  EXPECT_EQ(spi.read(reg::PaRamp), 0x09);
  EXPECT_EQ(spi.read(reg::Ocp), 0x2B);
  EXPECT_EQ(spi.read(reg::Lna), 0x20);
  EXPECT_EQ(spi.read(reg::DioMapping1), 0x00);
  EXPECT_EQ(spi.read(reg::DioMapping2), 0x00);
  EXPECT_EQ(spi.read(reg::Version), 0x12);
  EXPECT_EQ(spi.read(reg::PaDac), 0x84);
  // The LoRa page (datasheet section 6.4) once LoRa mode is entered through sleep.
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x80});
  ASSERT_EQ(spi.read(reg::OpMode), 0x80);
  EXPECT_EQ(spi.read(reg::FifoAddrPtr), 0x00);
  EXPECT_EQ(spi.read(reg::FifoTxBaseAddr), 0x80);
  EXPECT_EQ(spi.read(reg::FifoRxBaseAddr), 0x00);
  EXPECT_EQ(spi.read(reg::IrqFlagsMask), 0x00);
  EXPECT_EQ(spi.read(reg::IrqFlags), 0x00);
  EXPECT_EQ(spi.read(reg::ModemStat), 0x10);  // modem clear
  EXPECT_EQ(spi.read(reg::ModemConfig1), 0x72);
  EXPECT_EQ(spi.read(reg::ModemConfig2), 0x70);
  EXPECT_EQ(spi.read(reg::SymbTimeoutLsb), 0x64);
  EXPECT_EQ(spi.read(reg::PreambleMsb), 0x00);
  EXPECT_EQ(spi.read(reg::PreambleLsb), 0x08);
  EXPECT_EQ(spi.read(reg::PayloadLength), 0x01);
  EXPECT_EQ(spi.read(reg::PayloadMaxLength), 0xFF);
  EXPECT_EQ(spi.read(reg::HopPeriod), 0x00);
  EXPECT_EQ(spi.read(reg::ModemConfig3), 0x00);
  EXPECT_EQ(spi.read(reg::DetectOptimize), 0xC3);
  EXPECT_EQ(spi.read(reg::InvertIQ), 0x27);
  EXPECT_EQ(spi.read(reg::DetectionThreshold), 0x0A);
  EXPECT_EQ(spi.read(reg::SyncWord), 0x12);
  EXPECT_EQ(spi.read(reg::InvertIQ2), 0x1D);
}

TEST(ModelReset, VersionIsConfigurableForDetectionTests) {
  for (const std::uint8_t v : {std::uint8_t{0x00}, std::uint8_t{0xFF}, std::uint8_t{0x22}}) {
    Sx1276Model chip({.version = v});
    SpiMaster spi{chip};
    EXPECT_EQ(spi.read(reg::Version), v);
  }
}

TEST(ModelReset, TheResetPinRestoresResetValuesAndIgnoresSpiWhileLow) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  spi.write(reg::FrfMsb, {0xD9, 0x06, 0x66});
  ASSERT_EQ(spi.read(reg::FrfMsb), 0xD9);
  chip.set_reset_pin(false);
  EXPECT_TRUE(chip.in_reset());
  EXPECT_EQ(spi.read(reg::Version), 0x00);  // nothing answers while held in reset
  spi.write(reg::FrfMid, {0x11});
  chip.set_reset_pin(true);
  EXPECT_EQ(spi.read(reg::FrfMsb), 0x6C);
  EXPECT_EQ(spi.read(reg::FrfMid), 0x80);
  EXPECT_EQ(spi.read(reg::OpMode), 0x09);
}

TEST(ModelSpi, BurstWriteAndReadAutoIncrementTheAddress) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  spi.write(reg::FrfMsb, {0xD9, 0x06, 0x66});  // 868.1 MHz in one burst
  EXPECT_EQ(spi.read(reg::FrfMsb, 3), (std::vector<std::uint8_t>{0xD9, 0x06, 0x66}));
  EXPECT_EQ(spi.read(reg::FrfMid), 0x06);
  EXPECT_EQ(spi.read(reg::FrfLsb), 0x66);
  // 868.1 MHz: Frf = 868.1e6 * 2^19 / 32e6 = 0xD90666; the model reads it back as Fstep * Frf.
  EXPECT_EQ(chip.frequency_hz(), 868'099'976u);
}

TEST(ModelSpi, BitSevenSelectsWriteAccess) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  // A read of RegFrfMsb: the data byte the master clocks out is ignored by the chip.
  chip.select(true);
  chip.exchange(reg::FrfMsb);
  EXPECT_EQ(chip.exchange(0xAA), 0x6C);
  chip.select(false);
  EXPECT_EQ(spi.read(reg::FrfMsb), 0x6C);
  // The same byte with bit 7 writes.
  chip.select(true);
  chip.exchange(static_cast<std::uint8_t>(reg::FrfMsb | 0x80));
  chip.exchange(0xAA);
  chip.select(false);
  EXPECT_EQ(spi.read(reg::FrfMsb), 0xAA);
}

TEST(ModelSpi, EachTransactionStartsWithAnAddressByte) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  chip.exchange(0x86);  // NSS high: the chip is not listening
  chip.exchange(0x11);
  EXPECT_EQ(spi.read(reg::FrfMsb), 0x6C);
  chip.select(true);
  chip.exchange(0x86);
  chip.exchange(0x22);
  chip.select(false);
  chip.select(true);
  chip.exchange(0x07);  // a new transaction: this is an address again (read RegFrfMid)
  EXPECT_EQ(chip.exchange(0x00), 0x80);
  chip.select(false);
  EXPECT_EQ(spi.read(reg::FrfMsb), 0x22);
}

TEST(ModelSpi, FifoAccessGoesThroughFifoAddrPtrAndWrapsAt256) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x81});  // LoRa standby: the FIFO is accessible
  spi.write(reg::FifoAddrPtr, {0xFE});
  spi.write(reg::Fifo, {0x01, 0x02, 0x03, 0x04});  // burst into RegFifo: the address does not move
  EXPECT_EQ(spi.read(reg::FifoAddrPtr), 0x02);     // 0xFE + 4 wraps to 0x02
  EXPECT_EQ(chip.fifo()[0xFE], 0x01);
  EXPECT_EQ(chip.fifo()[0xFF], 0x02);
  EXPECT_EQ(chip.fifo()[0x00], 0x03);
  EXPECT_EQ(chip.fifo()[0x01], 0x04);
  spi.write(reg::FifoAddrPtr, {0xFF});
  EXPECT_EQ(spi.read(reg::Fifo, 3), (std::vector<std::uint8_t>{0x02, 0x03, 0x04}));
  EXPECT_EQ(spi.read(reg::FifoAddrPtr), 0x02);
}

TEST(ModelSpi, TheFifoIsNotAccessibleInSleepAndIsClearedThere) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x81});
  spi.write(reg::FifoAddrPtr, {0x00});
  spi.write(reg::Fifo, {0x55});
  spi.write(reg::OpMode, {0x80});  // sleep
  EXPECT_EQ(chip.fifo()[0], 0x00);
  spi.write(reg::FifoAddrPtr, {0x00});
  spi.write(reg::Fifo, {0x66});  // ignored in sleep
  spi.write(reg::OpMode, {0x81});
  spi.write(reg::FifoAddrPtr, {0x00});
  EXPECT_EQ(spi.read(reg::Fifo), 0x00);
}

TEST(ModelModes, LongRangeModeChangesOnlyInSleep) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  ASSERT_EQ(spi.read(reg::OpMode), 0x09);  // FSK standby after reset
  spi.write(reg::OpMode, {0x81});          // LoRa standby requested from FSK standby: modem unchanged
  EXPECT_EQ(spi.read(reg::OpMode), 0x01);
  spi.write(reg::OpMode, {0x80});  // still not in sleep when written: FSK sleep
  EXPECT_EQ(spi.read(reg::OpMode), 0x00);
  spi.write(reg::OpMode, {0x80});  // now in sleep: LoRa sleep
  EXPECT_EQ(spi.read(reg::OpMode), 0x80);
  spi.write(reg::OpMode, {0x81});
  EXPECT_EQ(spi.read(reg::OpMode), 0x81);
  spi.write(reg::OpMode, {0x01});  // leaving LoRa outside sleep is ignored as well
  EXPECT_EQ(spi.read(reg::OpMode), 0x81);
  EXPECT_TRUE(chip.lora_mode());
}

TEST(ModelModes, TheLoRaAndFskPagesAreSeparate) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  spi.write(reg::SyncWord, {0x99});  // FSK mode: 0x39 is an FSK register
  spi.write(reg::OpMode, {0x80});
  spi.write(reg::OpMode, {0x80});
  EXPECT_EQ(spi.read(reg::SyncWord), 0x12);  // the LoRa sync word kept its reset value
  spi.write(reg::OpMode, {0xC0});            // AccessSharedReg: the FSK page again
  EXPECT_EQ(spi.read(reg::SyncWord), 0x99);
}

TEST(ModelModes, CadReportsATransmissionOnTheChannel) {
  // CAD mode (0x87): CadDone after the detection, CadDetected when a LoRa signal of the configured SF and
  // bandwidth was on the channel; the chip then returns to standby. DIO0 = CadDone with mapping 10.
  for (const bool on_air : {true, false}) {
    Sx1276Model chip;
    SpiMaster spi{chip};
    DioRecorder dio;
    dio.attach(chip);
    spi.configure_uplink_rx();
    spi.write(reg::OpMode, {0x81});
    spi.write(reg::DioMapping1, {sx1276::kDio0CadDone});
    if (on_air) {
      AirFrame f;
      f.payload = {1, 2, 3};
      chip.deliver(f, 0);
    }
    chip.advance_to(1'000);
    spi.write(reg::OpMode, {0x87});
    ASSERT_TRUE(chip.next_event_time().has_value());
    chip.advance_to(100'000);
    const std::uint8_t expected =
        on_air ? (sx1276::irq::CadDone | sx1276::irq::CadDetected) : sx1276::irq::CadDone;
    EXPECT_EQ(spi.read(reg::IrqFlags), expected);
    EXPECT_EQ(spi.read(reg::OpMode), 0x81);
    EXPECT_EQ(dio.rising(0).size(), 1u);
  }
}

TEST(ModelIrq, WritingOneClearsOnlyThatFlag) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  DioRecorder dio;
  dio.attach(chip);
  spi.configure_uplink_rx();
  AirFrame f;
  f.crc_ok = false;
  f.payload = {1, 2, 3};
  chip.deliver(f, 0);
  chip.advance_to(1'000'000);
  EXPECT_EQ(spi.read(reg::IrqFlags),
            sx1276::irq::RxDone | sx1276::irq::PayloadCrcError | sx1276::irq::ValidHeader);
  EXPECT_TRUE(chip.dio0());
  spi.write(reg::IrqFlags, {sx1276::irq::RxDone});
  EXPECT_EQ(spi.read(reg::IrqFlags), sx1276::irq::PayloadCrcError | sx1276::irq::ValidHeader);
  EXPECT_FALSE(chip.dio0());  // DIO0 follows RxDone
  spi.write(reg::IrqFlags, {0xFF});
  EXPECT_EQ(spi.read(reg::IrqFlags), 0x00);
  ASSERT_EQ(dio.edges.size(), 2u);
  EXPECT_FALSE(dio.edges[1].level);
}

TEST(ModelIrq, AMaskedIrqSetsNeitherTheFlagNorDio0) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  spi.configure_uplink_rx();
  spi.write(reg::IrqFlagsMask, {sx1276::irq::RxDone});
  AirFrame f;
  f.payload = {1, 2, 3};
  chip.deliver(f, 0);
  chip.advance_to(1'000'000);
  EXPECT_EQ(spi.read(reg::IrqFlags) & sx1276::irq::RxDone, 0);
  EXPECT_FALSE(chip.dio0());
  EXPECT_EQ(spi.read(reg::RxNbBytes), 3);  // the frame is in the FIFO all the same
}

TEST(ModelIrq, Dio0FollowsItsMapping) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  spi.configure_uplink_rx();
  spi.write(reg::DioMapping1, {sx1276::kDio0TxDone});  // DIO0 = TxDone: RxDone does not show
  AirFrame f;
  f.payload = {1};
  chip.deliver(f, 0);
  chip.advance_to(1'000'000);
  EXPECT_NE(spi.read(reg::IrqFlags) & sx1276::irq::RxDone, 0);
  EXPECT_FALSE(chip.dio0());
  spi.write(reg::DioMapping1, {sx1276::kDio0RxDone});  // remapping shows the pending flag at once
  EXPECT_TRUE(chip.dio0());
}

TEST(ModelTime, AnIdleModelHasNoPendingEvent) {
  Sx1276Model chip;
  SpiMaster spi{chip};
  spi.configure_uplink_rx();
  EXPECT_FALSE(chip.next_event_time().has_value());
}

TEST(ModelTime, AnInjectedClockAdvancesTheModelOnEachTransaction) {
  std::uint64_t now = 5'000;
  Sx1276Model chip({}, [&now] { return now; });
  SpiMaster spi{chip};
  EXPECT_EQ(chip.now_us(), 5'000u);
  spi.configure_uplink_rx();
  AirFrame f;
  f.payload = {1, 2, 3};
  chip.deliver(f, now);
  ASSERT_TRUE(chip.next_event_time().has_value());
  now += 1'000'000;
  EXPECT_EQ(spi.read(reg::IrqFlags) & sx1276::irq::RxDone, sx1276::irq::RxDone);  // the read advanced time
  EXPECT_EQ(chip.now_us(), now);
}

}  // namespace
}  // namespace onechan::radio::sim
