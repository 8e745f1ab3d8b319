// The one register table of the SX1276/RFM95 in LoRa mode (Semtech SX1276 datasheet rev. 7, section 6.4),
// shared by the driver and the model so that both speak of the same addresses and bits.
#pragma once

#include <cstdint>
#include <string_view>

namespace onechan::radio::sx1276 {

// SPI: the first byte is the address; bit 7 set means write.
inline constexpr std::uint8_t kSpiWrite = 0x80;

namespace reg {
inline constexpr std::uint8_t Fifo = 0x00;
inline constexpr std::uint8_t OpMode = 0x01;
inline constexpr std::uint8_t FrfMsb = 0x06;
inline constexpr std::uint8_t FrfMid = 0x07;
inline constexpr std::uint8_t FrfLsb = 0x08;
inline constexpr std::uint8_t PaConfig = 0x09;
inline constexpr std::uint8_t PaRamp = 0x0A;
inline constexpr std::uint8_t Ocp = 0x0B;
inline constexpr std::uint8_t Lna = 0x0C;
inline constexpr std::uint8_t FifoAddrPtr = 0x0D;
inline constexpr std::uint8_t FifoTxBaseAddr = 0x0E;
inline constexpr std::uint8_t FifoRxBaseAddr = 0x0F;
inline constexpr std::uint8_t FifoRxCurrentAddr = 0x10;
inline constexpr std::uint8_t IrqFlagsMask = 0x11;
inline constexpr std::uint8_t IrqFlags = 0x12;
inline constexpr std::uint8_t RxNbBytes = 0x13;
inline constexpr std::uint8_t RxHeaderCntValueMsb = 0x14;
inline constexpr std::uint8_t RxHeaderCntValueLsb = 0x15;
inline constexpr std::uint8_t RxPacketCntValueMsb = 0x16;
inline constexpr std::uint8_t RxPacketCntValueLsb = 0x17;
inline constexpr std::uint8_t ModemStat = 0x18;
inline constexpr std::uint8_t PktSnrValue = 0x19;
inline constexpr std::uint8_t PktRssiValue = 0x1A;
inline constexpr std::uint8_t RssiValue = 0x1B;
inline constexpr std::uint8_t HopChannel = 0x1C;
inline constexpr std::uint8_t ModemConfig1 = 0x1D;
inline constexpr std::uint8_t ModemConfig2 = 0x1E;
inline constexpr std::uint8_t SymbTimeoutLsb = 0x1F;
inline constexpr std::uint8_t PreambleMsb = 0x20;
inline constexpr std::uint8_t PreambleLsb = 0x21;
inline constexpr std::uint8_t PayloadLength = 0x22;
inline constexpr std::uint8_t PayloadMaxLength = 0x23;
inline constexpr std::uint8_t HopPeriod = 0x24;
inline constexpr std::uint8_t FifoRxByteAddr = 0x25;
inline constexpr std::uint8_t ModemConfig3 = 0x26;
inline constexpr std::uint8_t DetectOptimize = 0x31;
inline constexpr std::uint8_t InvertIQ = 0x33;
inline constexpr std::uint8_t HighBwOptimize1 = 0x36;
inline constexpr std::uint8_t DetectionThreshold = 0x37;
inline constexpr std::uint8_t SyncWord = 0x39;
inline constexpr std::uint8_t HighBwOptimize2 = 0x3A;
inline constexpr std::uint8_t InvertIQ2 = 0x3B;
inline constexpr std::uint8_t DioMapping1 = 0x40;
inline constexpr std::uint8_t DioMapping2 = 0x41;
inline constexpr std::uint8_t Version = 0x42;
inline constexpr std::uint8_t PaDac = 0x4D;
inline constexpr std::uint8_t IfFreq2 = 0x2F;  // errata 2.3
inline constexpr std::uint8_t IfFreq1 = 0x30;  // errata 2.3
}  // namespace reg

namespace opmode {
inline constexpr std::uint8_t LongRangeMode = 0x80;  // LoRa; changeable only in Sleep
inline constexpr std::uint8_t LowFrequencyModeOn = 0x08;
inline constexpr std::uint8_t AccessSharedReg = 0x40;  // LoRa mode: 0x0D-0x3F reach the FSK page
inline constexpr std::uint8_t ModeMask = 0x07;
inline constexpr std::uint8_t Sleep = 0x00;
inline constexpr std::uint8_t Standby = 0x01;
inline constexpr std::uint8_t FsTx = 0x02;
inline constexpr std::uint8_t Tx = 0x03;
inline constexpr std::uint8_t FsRx = 0x04;
inline constexpr std::uint8_t RxContinuous = 0x05;
inline constexpr std::uint8_t RxSingle = 0x06;
inline constexpr std::uint8_t Cad = 0x07;
}  // namespace opmode

namespace irq {
inline constexpr std::uint8_t RxTimeout = 0x80;
inline constexpr std::uint8_t RxDone = 0x40;
inline constexpr std::uint8_t PayloadCrcError = 0x20;
inline constexpr std::uint8_t ValidHeader = 0x10;
inline constexpr std::uint8_t TxDone = 0x08;
inline constexpr std::uint8_t CadDone = 0x04;
inline constexpr std::uint8_t FhssChangeChannel = 0x02;
inline constexpr std::uint8_t CadDetected = 0x01;
}  // namespace irq

inline constexpr std::uint8_t kHopChannelCrcOnPayload = 0x40;
inline constexpr std::uint8_t kModemConfig2RxPayloadCrcOn = 0x04;
inline constexpr std::uint8_t kModemConfig1ImplicitHeader = 0x01;
inline constexpr std::uint8_t kModemConfig3LowDataRateOptimize = 0x08;
inline constexpr std::uint8_t kModemConfig3AgcAutoOn = 0x04;
inline constexpr std::uint8_t kPaConfigPaBoost = 0x80;

// DIO0 mapping (RegDioMapping1 bits 7-6) in LoRa mode.
inline constexpr std::uint8_t kDio0RxDone = 0x00;
inline constexpr std::uint8_t kDio0TxDone = 0x40;
inline constexpr std::uint8_t kDio0CadDone = 0x80;
// DIO1 mapping (RegDioMapping1 bits 5-4) in LoRa mode.
inline constexpr std::uint8_t kDio1RxTimeout = 0x00;
inline constexpr std::uint8_t kDio1FhssChangeChannel = 0x10;
inline constexpr std::uint8_t kDio1CadDetected = 0x20;

inline constexpr std::uint8_t kVersionSx1276 = 0x12;
inline constexpr std::uint8_t kSyncWordPublic = 0x34;  // LoRaWAN public networks
inline constexpr std::uint8_t kSyncWordPrivate = 0x12;

// IQ polarity: uplinks are received with normal IQ, downlinks are sent inverted (AN1200.24).
inline constexpr std::uint8_t kInvertIQNormal = 0x27;
inline constexpr std::uint8_t kInvertIQ2Normal = 0x1D;
inline constexpr std::uint8_t kInvertIQInverted = 0x66;
inline constexpr std::uint8_t kInvertIQ2Inverted = 0x19;
// RegInvertIQ bits (as Semtech's LoRaMac-node uses them): bit 6 set inverts RX; bit 0 CLEAR inverts TX.
inline constexpr std::uint8_t kInvertIQRxInverted = 0x40;
inline constexpr std::uint8_t kInvertIQTxNormal = 0x01;

inline constexpr std::uint32_t kCrystalHz = 32'000'000;
inline constexpr std::uint32_t kFifoSize = 256;

// Values the driver writes (datasheet rev. 7 section 6.4 unless noted).
inline constexpr std::uint8_t kLnaMaxGainBoostHf = 0x23;       // LnaGain G1 (max), LnaBoostHf 150 % current
inline constexpr std::uint8_t kLnaMaxGain = 0x20;              // LF port: LnaBoostHf does not apply
inline constexpr std::uint8_t kPaConfigMaxPower = 0x70;        // MaxPower 7: Pmax = 15 dBm (RFO only)
inline constexpr std::uint8_t kPaDacDefault = 0x84;            // PA_BOOST up to +17 dBm
inline constexpr std::uint8_t kPaDac20dBm = 0x87;              // PA_BOOST +20 dBm (high-power mode, 1 % duty)
inline constexpr std::uint8_t kOcp100mA = 0x2B;                // reset value: OcpOn, OcpTrim 11 -> 100 mA
inline constexpr std::uint8_t kOcp140mA = 0x31;                // OcpOn, OcpTrim 17 -> -30 + 10*17 = 140 mA
inline constexpr std::uint8_t kDetectOptimizeReserved = 0x40;  // bit 6: keep its reset value 1
inline constexpr std::uint8_t kDetectOptimizeSf7To12 = 0x03;
inline constexpr std::uint8_t kDetectOptimizeAutomaticIf = 0x80;  // errata 2.3: only at 500 kHz
inline constexpr std::uint8_t kDetectionThresholdSf7To12 = 0x0A;
inline constexpr std::uint8_t kModemStatRxCodingRateShift = 5;  // RegModemStat bits 7-5
// Errata note (SX1276/77/78/79 errata 2.1 and 2.3, as Semtech's LoRaMac-node SX1276SetRx applies them).
inline constexpr std::uint8_t kIfFreq2For62To250kHz = 0x40;  // reg 0x2F for BW 62.5..250 kHz
inline constexpr std::uint8_t kIfFreq1ForNarrowBw = 0x00;    // reg 0x30 for BW < 500 kHz
inline constexpr std::uint8_t kHighBwOptimize1Default = 0x03;
inline constexpr std::uint8_t kHighBwOptimize1At500kHz = 0x02;
inline constexpr std::uint8_t kHighBwOptimize2At500kHzHf = 0x64;  // 862-1020 MHz
inline constexpr std::uint8_t kHighBwOptimize2At500kHzLf = 0x7F;  // 410-525 MHz

// The datasheet's register names (LoRa mode), for register dumps and `onechan radio probe`.
// Empty for an address the table does not name.
constexpr std::string_view register_name(std::uint8_t address) {
  switch (address) {
    case reg::Fifo:
      return "RegFifo";
    case reg::OpMode:
      return "RegOpMode";
    case reg::FrfMsb:
      return "RegFrfMsb";
    case reg::FrfMid:
      return "RegFrfMid";
    case reg::FrfLsb:
      return "RegFrfLsb";
    case reg::PaConfig:
      return "RegPaConfig";
    case reg::PaRamp:
      return "RegPaRamp";
    case reg::Ocp:
      return "RegOcp";
    case reg::Lna:
      return "RegLna";
    case reg::FifoAddrPtr:
      return "RegFifoAddrPtr";
    case reg::FifoTxBaseAddr:
      return "RegFifoTxBaseAddr";
    case reg::FifoRxBaseAddr:
      return "RegFifoRxBaseAddr";
    case reg::FifoRxCurrentAddr:
      return "RegFifoRxCurrentAddr";
    case reg::IrqFlagsMask:
      return "RegIrqFlagsMask";
    case reg::IrqFlags:
      return "RegIrqFlags";
    case reg::RxNbBytes:
      return "RegRxNbBytes";
    case reg::ModemStat:
      return "RegModemStat";
    case reg::PktSnrValue:
      return "RegPktSnrValue";
    case reg::PktRssiValue:
      return "RegPktRssiValue";
    case reg::RssiValue:
      return "RegRssiValue";
    case reg::HopChannel:
      return "RegHopChannel";
    case reg::ModemConfig1:
      return "RegModemConfig1";
    case reg::ModemConfig2:
      return "RegModemConfig2";
    case reg::SymbTimeoutLsb:
      return "RegSymbTimeoutLsb";
    case reg::PreambleMsb:
      return "RegPreambleMsb";
    case reg::PreambleLsb:
      return "RegPreambleLsb";
    case reg::PayloadLength:
      return "RegPayloadLength";
    case reg::PayloadMaxLength:
      return "RegPayloadMaxLength";
    case reg::HopPeriod:
      return "RegHopPeriod";
    case reg::FifoRxByteAddr:
      return "RegFifoRxByteAddr";
    case reg::ModemConfig3:
      return "RegModemConfig3";
    case reg::IfFreq2:
      return "RegIfFreq2";
    case reg::IfFreq1:
      return "RegIfFreq1";
    case reg::DetectOptimize:
      return "RegDetectOptimize";
    case reg::InvertIQ:
      return "RegInvertIQ";
    case reg::HighBwOptimize1:
      return "RegHighBwOptimize1";
    case reg::DetectionThreshold:
      return "RegDetectionThreshold";
    case reg::SyncWord:
      return "RegSyncWord";
    case reg::HighBwOptimize2:
      return "RegHighBwOptimize2";
    case reg::InvertIQ2:
      return "RegInvertIQ2";
    case reg::DioMapping1:
      return "RegDioMapping1";
    case reg::DioMapping2:
      return "RegDioMapping2";
    case reg::Version:
      return "RegVersion";
    case reg::PaDac:
      return "RegPaDac";
    default:
      return {};
  }
}

}  // namespace onechan::radio::sx1276
