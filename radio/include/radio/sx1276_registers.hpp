// The one register table of the SX1276/RFM95 in LoRa mode (Semtech SX1276 datasheet rev. 7, section 6.4),
// shared by the driver and the model so that both speak of the same addresses and bits.
#pragma once

#include <cstdint>

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
inline constexpr std::uint8_t LongRangeMode = 0x80;     // LoRa; changeable only in Sleep
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

}  // namespace onechan::radio::sx1276
