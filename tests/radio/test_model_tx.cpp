// Transmission by the model: the AirFrame it emits at TX start carries the chip's settings, TxDone
// rises after the time on air, and the chip returns to standby (SX1276 datasheet rev. 7, 4.1.6 "Data
// transmission sequence": "Upon completion the TxDone interrupt is issued and the radio returns to
// Stand-by mode"). Output power per datasheet 5.4.2: RFO Pout = 10.8 + 0.6 MaxPower - (15 - OutputPower),
// PA_BOOST Pout = 17 - (15 - OutputPower), +3 dB with RegPaDac = 0x87. Frf 869.525 MHz = 0xD9619A
// (Frf = f * 2^19 / 32 MHz); IQ inversion for TX is RegInvertIQ bit 0 cleared (0x66, as Semtech's
// LoRaMac-node writes for downlinks). Time on air: Semtech LoRa Calculator, SF7/125 kHz/CR 4/5, 25 bytes,
// CRC on, 8-symbol preamble = 61.696 ms.
#include <gtest/gtest.h>

#include <optional>

#include "radio/sim/sx1276_model.hpp"
#include "radio/sx1276_registers.hpp"
#include "test_model_support.hpp"

namespace onechan::radio::sim {
namespace {

namespace reg = sx1276::reg;
namespace irq = sx1276::irq;
using testing::DioRecorder;
using testing::SpiMaster;

struct Tx {
  Sx1276Model chip;
  SpiMaster spi{chip};
  DioRecorder dio;
  std::vector<Transmission> sent;

  explicit Tx(ModelOptions options = {}) : chip(options) {
    dio.attach(chip);
    chip.set_transmit_handler([this](const Transmission& t) { sent.push_back(t); });
    spi.write(reg::OpMode, {0x80});
    spi.write(reg::OpMode, {0x80});
    spi.write(reg::OpMode, {0x81});
  }

  // A LoRaWAN downlink as a gateway sends it: inverted IQ, no CRC.
  void load_downlink(const std::vector<std::uint8_t>& payload) {
    spi.write(reg::FrfMsb, {0xD9, 0x61, 0x9A});  // 869.525 MHz
    spi.write(reg::ModemConfig1, {0x72});        // BW 125 kHz, CR 4/5, explicit header
    spi.write(reg::ModemConfig2, {0x90});        // SF9, CRC off
    spi.write(reg::ModemConfig3, {0x04});
    spi.write(reg::SyncWord, {0x34});
    spi.write(reg::InvertIQ, {sx1276::kInvertIQInverted});
    spi.write(reg::InvertIQ2, {sx1276::kInvertIQ2Inverted});
    spi.write(reg::PaConfig, {0x8F});
    spi.write(reg::PaDac, {0x87});
    spi.write(reg::DioMapping1, {sx1276::kDio0TxDone});
    spi.write(reg::FifoTxBaseAddr, {0x80});
    spi.write(reg::FifoAddrPtr, {0x80});
    spi.write(reg::PayloadLength, {static_cast<std::uint8_t>(payload.size())});
    spi.write(reg::Fifo, payload);
  }
};

TEST(ModelTx, EmitsTheFrameWithTheChipsSettingsAtTxStart) {
  Tx tx;
  const std::vector<std::uint8_t> payload = {0x60, 0x04, 0x03, 0x02, 0x01, 0x00,
                                             0x01, 0x00, 0xAA, 0xBB, 0xCC, 0xDD};
  tx.load_downlink(payload);
  tx.chip.advance_to(2'000'000);
  ASSERT_TRUE(tx.sent.empty());
  tx.spi.write(reg::OpMode, {0x83});
  ASSERT_EQ(tx.sent.size(), 1u);
  const Transmission& t = tx.sent[0];
  EXPECT_EQ(t.start_us, 2'000'000u);
  EXPECT_EQ(t.frame.frequency_hz, 869'525'024u);  // 0xD9619A * 32e6 / 2^19, to the nearest Hz
  EXPECT_EQ(t.frame.spreading_factor, 9);
  EXPECT_EQ(t.frame.bandwidth_hz, 125'000u);
  EXPECT_EQ(t.frame.coding_rate, 5);
  EXPECT_EQ(t.frame.sync_word, 0x34);
  EXPECT_TRUE(t.frame.iq_inverted);
  EXPECT_FALSE(t.frame.crc_on);
  EXPECT_TRUE(t.frame.crc_ok);
  EXPECT_EQ(t.frame.payload, payload);
  EXPECT_TRUE(t.pa_boost);
  EXPECT_EQ(t.power_dbm, 20);
  EXPECT_EQ(t.frame.rssi_dbm, 20 - ModelOptions{}.tx_path_loss_db);
  EXPECT_EQ(tx.spi.read(reg::OpMode), 0x83);
}

TEST(ModelTx, TxDoneRisesAfterTheTimeOnAirAndTheChipReturnsToStandby) {
  Tx tx;
  tx.load_downlink(std::vector<std::uint8_t>(25, 0x42));
  tx.spi.write(reg::ModemConfig2, {0x74});  // SF7, CRC on
  tx.spi.write(reg::InvertIQ, {sx1276::kInvertIQNormal});
  tx.chip.advance_to(1'000);
  tx.spi.write(reg::OpMode, {0x83});
  ASSERT_EQ(tx.sent.size(), 1u);
  EXPECT_FALSE(tx.sent[0].frame.iq_inverted);
  EXPECT_EQ(tx.sent[0].end_us, 1'000u + 61'696);
  EXPECT_EQ(tx.chip.next_event_time(), 1'000u + 61'696);
  tx.chip.advance_to(1'000 + 61'695);
  EXPECT_FALSE(tx.chip.dio0());
  tx.chip.advance_to(200'000);
  EXPECT_EQ(tx.dio.rising(0), (std::vector<std::uint64_t>{1'000 + 61'696}));
  EXPECT_EQ(tx.spi.read(reg::IrqFlags), irq::TxDone);
  EXPECT_EQ(tx.spi.read(reg::OpMode), 0x81);
}

TEST(ModelTx, ThePayloadIsReadFromTheTxBaseAddress) {
  Tx tx;
  tx.load_downlink({1, 2, 3});
  tx.spi.write(reg::FifoAddrPtr, {0x10});
  tx.spi.write(reg::Fifo, {9, 9, 9});  // elsewhere in the FIFO: not sent
  tx.spi.write(reg::OpMode, {0x83});
  ASSERT_EQ(tx.sent.size(), 1u);
  EXPECT_EQ(tx.sent[0].frame.payload, (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(ModelTx, OutputPowerFollowsPaConfig) {
  struct Case {
    std::uint8_t pa_config;
    std::uint8_t pa_dac;
    int dbm;
  };
  for (const Case c : {Case{0x8F, 0x84, 17}, Case{0x80, 0x84, 2}, Case{0x8F, 0x87, 20}, Case{0x7F, 0x84, 15},
                       Case{0x4F, 0x84, 13}, Case{0x70, 0x84, 0}}) {
    Tx tx;
    tx.load_downlink({1});
    tx.spi.write(reg::PaConfig, {c.pa_config});
    tx.spi.write(reg::PaDac, {c.pa_dac});
    tx.spi.write(reg::OpMode, {0x83});
    ASSERT_EQ(tx.sent.size(), 1u);
    EXPECT_EQ(tx.sent[0].power_dbm, c.dbm) << std::hex << int{c.pa_config};
  }
}

TEST(ModelTx, LeavingTxEarlyCancelsTxDone) {
  Tx tx;
  tx.load_downlink({1, 2, 3});
  tx.spi.write(reg::OpMode, {0x83});
  tx.spi.write(reg::OpMode, {0x81});
  tx.chip.advance_to(10'000'000);
  EXPECT_EQ(tx.spi.read(reg::IrqFlags), 0);
  EXPECT_FALSE(tx.chip.next_event_time().has_value());
}

TEST(ModelTx, AWrongLowDataRateOptimizeMarksTheFrameCorrupted) {
  Tx tx;
  tx.load_downlink({1, 2, 3});
  tx.spi.write(reg::ModemConfig2, {0xC0});  // SF12 at 125 kHz needs LowDataRateOptimize; left off
  tx.spi.write(reg::OpMode, {0x83});
  ASSERT_EQ(tx.sent.size(), 1u);
  EXPECT_FALSE(tx.sent[0].frame.crc_ok);
}

TEST(ModelTx, InstantAirEndsTheTransmissionAtOnce) {
  Tx tx({.instant_air = true});
  tx.load_downlink({1, 2, 3});
  tx.chip.advance_to(7'000);
  tx.spi.write(reg::OpMode, {0x83});
  EXPECT_EQ(tx.dio.rising(0), (std::vector<std::uint64_t>{7'000}));
  EXPECT_EQ(tx.spi.read(reg::OpMode), 0x81);
}

TEST(ModelTx, AFrameSentByOneModelIsReceivedByAnother) {
  Tx gateway;
  gateway.load_downlink({0xA0, 0xB1, 0xC2});
  Sx1276Model node;
  SpiMaster node_spi{node};
  node_spi.write(reg::OpMode, {0x80});
  node_spi.write(reg::OpMode, {0x80});
  node_spi.write(reg::OpMode, {0x81});
  node_spi.write(reg::FrfMsb, {0xD9, 0x61, 0x9A});
  node_spi.write(reg::ModemConfig1, {0x72});
  node_spi.write(reg::ModemConfig2, {0x90});
  node_spi.write(reg::SyncWord, {0x34});
  node_spi.write(reg::InvertIQ, {0x67});  // RX inverted (bit 6), TX normal
  node_spi.write(reg::InvertIQ2, {0x19});
  node_spi.write(reg::OpMode, {0x86});  // RX single, as in a LoRaWAN receive window
  gateway.spi.write(reg::OpMode, {0x83});
  ASSERT_EQ(gateway.sent.size(), 1u);
  node.deliver(gateway.sent[0].frame, gateway.sent[0].start_us);
  node.advance_to(gateway.sent[0].end_us);
  EXPECT_TRUE(node.dio0());
  EXPECT_EQ(node_spi.read_rx_frame(), (std::vector<std::uint8_t>{0xA0, 0xB1, 0xC2}));
  EXPECT_EQ(node_spi.read(reg::HopChannel) & sx1276::kHopChannelCrcOnPayload, 0);
}

}  // namespace
}  // namespace onechan::radio::sim
