#include "radio/sx1276.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "radio/lora_modulation.hpp"
#include "radio/sx1276_registers.hpp"

namespace onechan::radio {
namespace {

namespace reg = sx1276::reg;
namespace opmode = sx1276::opmode;
namespace irq = sx1276::irq;

// Datasheet 7.2.2 (manual reset): NRESET low for more than 100 µs, then 5 ms before the chip answers.
constexpr std::uint32_t kResetLowUs = 200;
constexpr std::uint32_t kResetReadyUs = 5'000;
// TxDone must arrive within the time on air plus this (PLL lock, PA ramp, event latency).
constexpr std::uint64_t kTxDeadlineMarginUs = 100'000;

constexpr std::uint8_t kConfiguredRegisters[] = {
    reg::OpMode,
    reg::FrfMsb,
    reg::FrfMid,
    reg::FrfLsb,
    reg::PaConfig,
    reg::Ocp,
    reg::Lna,
    reg::FifoTxBaseAddr,
    reg::FifoRxBaseAddr,
    reg::IrqFlagsMask,
    reg::ModemConfig1,
    reg::ModemConfig2,
    reg::PreambleMsb,
    reg::PreambleLsb,
    reg::PayloadLength,
    reg::PayloadMaxLength,
    reg::ModemConfig3,
    reg::IfFreq2,
    reg::IfFreq1,
    reg::DetectOptimize,
    reg::InvertIQ,
    reg::HighBwOptimize1,
    reg::DetectionThreshold,
    reg::SyncWord,
    reg::HighBwOptimize2,
    reg::InvertIQ2,
    reg::DioMapping1,
    reg::PaDac,
};

std::string hex_byte(std::uint8_t v) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "0x%02X", v);
  return buf;
}

// Integer division rounded to the nearest, halves away from zero (den > 0).
int round_div(int num, int den) {
  return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

std::uint8_t opmode_value(bool lf_port, std::uint8_t mode) {
  return static_cast<std::uint8_t>(opmode::LongRangeMode | (lf_port ? opmode::LowFrequencyModeOn : 0) | mode);
}

struct ModemRegisters {
  std::uint8_t config1;
  std::uint8_t config2;
  std::uint8_t config3;
};

// Callers validated sf/bw/cr, so the lookups cannot fail.
ModemRegisters modem_registers(std::uint8_t sf, std::uint32_t bandwidth_hz, std::uint8_t coding_rate,
                               bool crc_on) {
  const auto bw = *lora::bandwidth_by_hz(bandwidth_hz);
  const auto cr = *lora::coding_rate_code(coding_rate);
  ModemRegisters m{};
  m.config1 = static_cast<std::uint8_t>(bw.code << 4 | cr << 1);  // explicit header: bit 0 clear
  m.config2 = static_cast<std::uint8_t>(sf << 4 | (crc_on ? sx1276::kModemConfig2RxPayloadCrcOn : 0));
  m.config3 = static_cast<std::uint8_t>(
      sx1276::kModemConfig3AgcAutoOn |
      (lora::low_data_rate_optimize(sf, bw) ? sx1276::kModemConfig3LowDataRateOptimize : 0));
  return m;
}

std::array<std::uint8_t, 3> frf_bytes(std::uint32_t frequency_hz) {
  const std::uint32_t frf = lora::frf_from_hz(frequency_hz);
  return {static_cast<std::uint8_t>(frf >> 16), static_cast<std::uint8_t>(frf >> 8),
          static_cast<std::uint8_t>(frf)};
}

}  // namespace

std::int16_t packet_rssi_dbm(std::uint8_t pkt_rssi, std::int8_t pkt_snr_quarter_db, bool lf_port) {
  const int offset = lf_port ? -164 : -157;
  if (pkt_snr_quarter_db >= 0) return static_cast<std::int16_t>(offset + round_div(pkt_rssi * 16, 15));
  const int quarter_db = 4 * (offset + pkt_rssi) + pkt_snr_quarter_db;
  return static_cast<std::int16_t>(round_div(quarter_db, 4));
}

std::optional<std::int8_t> clamp_tx_power(std::int8_t requested, std::int8_t board_max,
                                          std::int8_t regional_max) {
  const std::int8_t limit = std::min<std::int8_t>({board_max, regional_max, std::int8_t{20}});
  if (limit < 2) return std::nullopt;
  return std::clamp<std::int8_t>(requested, 2, limit);
}

PaSettings pa_boost_settings(std::int8_t power_dbm) {
  const int p = std::clamp<int>(power_dbm, 2, 20);
  if (p > 17) {
    return {static_cast<std::uint8_t>(sx1276::kPaConfigPaBoost | sx1276::kPaConfigMaxPower | (p - 5)),
            sx1276::kPaDac20dBm, sx1276::kOcp140mA};
  }
  return {static_cast<std::uint8_t>(sx1276::kPaConfigPaBoost | sx1276::kPaConfigMaxPower | (p - 2)),
          sx1276::kPaDacDefault, sx1276::kOcp100mA};
}

Sx1276::Sx1276(Sx1276Hardware hardware, Sx1276Options options)
    : hw_(hardware), options_(std::move(options)) {}

std::span<const std::uint8_t> Sx1276::configured_registers() {
  return kConfiguredRegisters;
}

std::string Sx1276::describe() const {
  return "SX1276 on " + hw_.spi.describe() + " (" + options_.board + ")";
}

RadioError Sx1276::spi_error(const char* what) const {
  std::string message =
      std::string("SPI transfer on ") + hw_.spi.describe() + " (" + options_.board + ") failed while " + what;
  if (const auto detail = hw_.spi.last_error(); !detail.empty()) message += ": " + detail;
  return RadioError{RadioErrc::spi_failed, std::move(message)};
}

Status Sx1276::transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) {
  if (!hw_.spi.transfer(tx, rx)) {
    ++stats_.spi_errors;
    return spi_error("talking to the SX1276");
  }
  return {};
}

Status Sx1276::write_register(std::uint8_t address, std::uint8_t value) {
  const std::uint8_t tx[2] = {static_cast<std::uint8_t>(address | sx1276::kSpiWrite), value};
  std::uint8_t rx[2];
  return transfer(tx, rx);
}

Status Sx1276::write_burst(std::uint8_t address, std::span<const std::uint8_t> values) {
  std::array<std::uint8_t, 1 + sx1276::kFifoSize> tx{};
  std::array<std::uint8_t, 1 + sx1276::kFifoSize> rx{};
  const std::size_t n = std::min<std::size_t>(values.size(), sx1276::kFifoSize);
  tx[0] = static_cast<std::uint8_t>(address | sx1276::kSpiWrite);
  std::copy_n(values.begin(), n, tx.begin() + 1);
  return transfer(std::span(tx).first(n + 1), std::span(rx).first(n + 1));
}

Status Sx1276::read_burst(std::uint8_t address, std::span<std::uint8_t> out) {
  std::array<std::uint8_t, 1 + sx1276::kFifoSize> tx{};
  std::array<std::uint8_t, 1 + sx1276::kFifoSize> rx{};
  const std::size_t n = std::min<std::size_t>(out.size(), sx1276::kFifoSize);
  tx[0] = static_cast<std::uint8_t>(address & ~sx1276::kSpiWrite);
  if (auto s = transfer(std::span(tx).first(n + 1), std::span(rx).first(n + 1)); !s) return s;
  std::copy_n(rx.begin() + 1, n, out.begin());
  return {};
}

Expected<std::uint8_t> Sx1276::read_register(std::uint8_t address) {
  std::uint8_t value = 0;
  if (auto s = read_burst(address, std::span(&value, 1)); !s) return s.error();
  return value;
}

Expected<std::uint8_t> Sx1276::reset_and_detect() {
  if (hw_.reset != nullptr) {
    if (!hw_.reset->set(false)) {
      return RadioError{RadioErrc::gpio_failed,
                        "could not drive RESET (" + hw_.reset->describe() + ") low (" + options_.board + ")"};
    }
    hw_.clock.sleep_us(kResetLowUs);
    if (!hw_.reset->set(true)) {
      return RadioError{RadioErrc::gpio_failed,
                        "could not release RESET (" + hw_.reset->describe() + ") (" + options_.board + ")"};
    }
    hw_.clock.sleep_us(kResetReadyUs);
  }
  state_ = RadioState::unconfigured;
  auto version = read_register(reg::Version);
  if (!version) return version.error();
  const std::uint8_t v = *version;
  const std::string where = hw_.spi.describe() + " (" + options_.board + ")";
  if (v == sx1276::kVersionSx1276) return v;
  if (v == 0x00 || v == 0xFF) {
    return RadioError{
        RadioErrc::no_chip,
        "no SX1276 answers on " + where + ": RegVersion (0x42) read " + hex_byte(v) + ", expected 0x12. " +
            hex_byte(v) +
            " means nothing drives MISO: is SPI enabled (sudo raspi-config, Interface Options, SPI), is "
            "the chip select right (CE0/CE1 or the NSS GPIO in the board file), is the module seated and "
            "wired as docs/wiring.md shows? See docs/troubleshooting.md"};
  }
  if (v == 0x22) {
    return RadioError{RadioErrc::wrong_chip,
                      "found an SX1272/SX1273 (RegVersion 0x22) on " + where +
                          ", expected an SX1276/RFM95 (0x12): Onechan drives the SX1276 family only"};
  }
  return RadioError{RadioErrc::wrong_chip,
                    "unexpected RegVersion " + hex_byte(v) + " on " + where +
                        ", expected 0x12 (SX1276/RFM95): another chip, or a marginal SPI signal (lower "
                        "spi_speed_hz in the board file, shorten the wires). See docs/troubleshooting.md"};
}

// LongRangeMode can only change in Sleep (datasheet RegOpMode), so a chip still in FSK/OOK mode (as
// after reset: 0x09) goes FSK Sleep -> LoRa Sleep first. A chip already in LoRa mode goes to Standby,
// which stops RX or TX without losing the configuration.
Status Sx1276::enter_lora_standby(bool lf_port) {
  auto current = read_register(reg::OpMode);
  if (!current) return current.error();
  if ((*current & opmode::LongRangeMode) == 0) {
    const auto fsk_sleep =
        static_cast<std::uint8_t>((lf_port ? opmode::LowFrequencyModeOn : 0) | opmode::Sleep);
    if (auto s = write_register(reg::OpMode, fsk_sleep); !s) return s;
    if (auto s = write_register(reg::OpMode, opmode_value(lf_port, opmode::Sleep)); !s) return s;
  }
  return write_register(reg::OpMode, opmode_value(lf_port, opmode::Standby));
}

Status Sx1276::write_rx_registers(const RxConfig& c) {
  const bool lf = lora::uses_lf_port(c.frequency_hz);
  const bool bw500 = c.bandwidth_hz == 500'000;
  const auto modem = modem_registers(c.spreading_factor, c.bandwidth_hz, c.coding_rate, true);
  const auto frf = frf_bytes(c.frequency_hz);
  const std::uint8_t base_addrs[3] = {0x00, 0x00, 0x00};  // FifoAddrPtr, TxBase, RxBase: whole FIFO

  const std::pair<std::uint8_t, std::uint8_t> writes[] = {
      {reg::Lna, lf ? sx1276::kLnaMaxGain : sx1276::kLnaMaxGainBoostHf},
      {reg::IrqFlagsMask, 0x00},
      {reg::ModemConfig1, modem.config1},
      {reg::ModemConfig2, modem.config2},
      {reg::ModemConfig3, modem.config3},
      {reg::PreambleMsb, static_cast<std::uint8_t>(c.preamble_symbols >> 8)},
      {reg::PreambleLsb, static_cast<std::uint8_t>(c.preamble_symbols)},
      {reg::PayloadMaxLength, 0xFF},  // frames up to 255 bytes pass (the limit cuts longer ones)
      // Errata 2.3 (spurious reception): automatic IF only at 500 kHz; below it a fixed IF offset.
      {reg::DetectOptimize,
       static_cast<std::uint8_t>(sx1276::kDetectOptimizeReserved | sx1276::kDetectOptimizeSf7To12 |
                                 (bw500 ? sx1276::kDetectOptimizeAutomaticIf : 0))},
      {reg::DetectionThreshold, sx1276::kDetectionThresholdSf7To12},
      {reg::SyncWord, c.sync_word},
      {reg::InvertIQ, sx1276::kInvertIQNormal},
      {reg::InvertIQ2, sx1276::kInvertIQ2Normal},
      {reg::DioMapping1, sx1276::kDio0RxDone},
  };
  if (auto s = write_burst(reg::FrfMsb, frf); !s) return s;
  if (auto s = write_burst(reg::FifoAddrPtr, base_addrs); !s) return s;
  for (const auto& [address, value] : writes) {
    if (auto s = write_register(address, value); !s) return s;
  }
  if (bw500) {
    // Errata 2.1 (sensitivity at 500 kHz).
    if (auto s = write_register(reg::HighBwOptimize1, sx1276::kHighBwOptimize1At500kHz); !s) return s;
    if (auto s = write_register(reg::HighBwOptimize2,
                                lf ? sx1276::kHighBwOptimize2At500kHzLf : sx1276::kHighBwOptimize2At500kHzHf);
        !s) {
      return s;
    }
  } else {
    if (auto s = write_register(reg::HighBwOptimize1, sx1276::kHighBwOptimize1Default); !s) return s;
    if (auto s = write_register(reg::IfFreq2, sx1276::kIfFreq2For62To250kHz); !s) return s;
    if (auto s = write_register(reg::IfFreq1, sx1276::kIfFreq1ForNarrowBw); !s) return s;
  }
  return write_register(reg::IrqFlags, 0xFF);  // write 1 to clear: start with nothing pending
}

Status Sx1276::start_rx(const RxConfig& config) {
  if (auto s = validate(config); !s) return s;
  if (state_ == RadioState::transmitting || state_ == RadioState::tx_prepared) {
    return RadioError{RadioErrc::wrong_state,
                      "cannot retune while a transmission is prepared or running on " + describe()};
  }
  const bool lf = lora::uses_lf_port(config.frequency_hz);
  state_ = RadioState::unconfigured;
  if (auto s = enter_lora_standby(lf); !s) return s;
  if (auto s = write_rx_registers(config); !s) return s;
  if (auto s = write_register(reg::OpMode, opmode_value(lf, opmode::RxContinuous)); !s) return s;
  rx_config_ = config;
  state_ = RadioState::receiving;
  return {};
}

Status Sx1276::resume_rx() {
  state_ = RadioState::unconfigured;
  if (!rx_config_) return enter_lora_standby(false);
  return start_rx(*rx_config_);
}

Expected<Dio0Event> Sx1276::handle_dio0() {
  const auto edge = hw_.dio0.read_event();
  if (!edge) return NoEvent{};
  ++stats_.dio0_edges;
  switch (state_) {
    case RadioState::receiving:
      return service_rx(*edge);
    case RadioState::transmitting:
      return service_tx(*edge);
    case RadioState::unconfigured:
    case RadioState::tx_prepared:
      break;
  }
  // An edge that belongs to nothing we wait for (e.g. an RxDone that raced prepare_tx, which already
  // cleared the flags): count it, leave the chip alone.
  ++stats_.spurious_irq;
  return NoEvent{};
}

Expected<Dio0Event> Sx1276::service_rx(std::uint64_t edge_us) {
  // One burst over 0x10..0x1C: RxCurrentAddr, IrqFlagsMask, IrqFlags, RxNbBytes, the header/packet
  // counters, ModemStat, PktSnr, PktRssi, Rssi, HopChannel.
  std::array<std::uint8_t, reg::HopChannel - reg::FifoRxCurrentAddr + 1> r{};
  if (auto s = read_burst(reg::FifoRxCurrentAddr, r); !s) return s.error();
  const auto at = [&r](std::uint8_t address) { return r[address - reg::FifoRxCurrentAddr]; };
  const std::uint8_t flags = at(reg::IrqFlags);
  if (flags != 0) {
    if (auto s = write_register(reg::IrqFlags, flags); !s) return s.error();  // clear exactly these
  }
  if ((flags & irq::RxDone) == 0) {
    ++stats_.spurious_irq;
    return NoEvent{};
  }

  const RxConfig& c = *rx_config_;
  RxMetadata meta;
  meta.timestamp_us = edge_us;
  meta.frequency_hz = c.frequency_hz;
  meta.spreading_factor = c.spreading_factor;
  meta.bandwidth_hz = c.bandwidth_hz;
  // RxCodingRate (RegModemStat 7-5) is the coding rate of the last header received.
  meta.coding_rate = lora::coding_rate_from_code(at(reg::ModemStat) >> sx1276::kModemStatRxCodingRateShift)
                         .value_or(c.coding_rate);
  meta.snr_quarter_db = static_cast<std::int8_t>(at(reg::PktSnrValue));
  meta.pkt_rssi_raw = at(reg::PktRssiValue);
  meta.rssi_dbm = packet_rssi_dbm(meta.pkt_rssi_raw, meta.snr_quarter_db, lora::uses_lf_port(c.frequency_hz));
  const std::uint8_t length = at(reg::RxNbBytes);

  if ((flags & irq::PayloadCrcError) != 0) {
    ++stats_.rx_crc_error;
    return DroppedFrame{DroppedFrame::Reason::crc_error, meta, length};
  }
  if ((at(reg::HopChannel) & sx1276::kHopChannelCrcOnPayload) == 0) {
    // Without a CRC nothing vouches for the bytes (LoRaWAN uplinks always carry one).
    ++stats_.rx_no_crc;
    return DroppedFrame{DroppedFrame::Reason::no_crc, meta, length};
  }

  ReceivedFrame frame;
  frame.meta = meta;
  frame.payload.resize(length);
  if (length > 0) {
    // The frame starts at RxCurrentAddr (not RxBaseAddr: in continuous RX it moves on per frame).
    if (auto s = write_register(reg::FifoAddrPtr, at(reg::FifoRxCurrentAddr)); !s) return s.error();
    if (auto s = read_burst(reg::Fifo, frame.payload); !s) return s.error();
  }
  ++stats_.rx_ok;
  return frame;
}

Expected<Dio0Event> Sx1276::service_tx(std::uint64_t edge_us) {
  auto flags = read_register(reg::IrqFlags);
  if (!flags) return flags.error();
  if (*flags != 0) {
    if (auto s = write_register(reg::IrqFlags, *flags); !s) return s.error();
  }
  if ((*flags & irq::TxDone) == 0) {
    ++stats_.spurious_irq;
    return NoEvent{};
  }
  TxDone done;
  done.requested_start_us = tx_.start_at_us;
  done.started_us = tx_.started_us;
  done.lateness_us = tx_.start_at_us ? static_cast<std::int64_t>(tx_.started_us - *tx_.start_at_us) : 0;
  done.done_us = edge_us;
  done.power_dbm = tx_.power_dbm;
  ++stats_.tx_done;
  // Back to RX: normal IQ, DIO0 = RxDone, the uplink channel.
  if (auto s = resume_rx(); !s) return s.error();
  return done;
}

Expected<PreparedTx> Sx1276::prepare_tx(const TxRequest& request, std::span<const std::uint8_t> payload) {
  if (state_ == RadioState::transmitting || state_ == RadioState::tx_prepared) {
    return RadioError{RadioErrc::wrong_state, "a transmission is already prepared or running on " +
                                                  describe() + " (cancel_tx() or wait for TxDone)"};
  }
  if (auto s = validate(request); !s) return s.error();
  if (payload.empty() || payload.size() > 255) {
    return RadioError{RadioErrc::invalid_payload,
                      "TX payload of " + std::to_string(payload.size()) + " bytes: must be 1..255"};
  }
  const auto power =
      clamp_tx_power(request.power_dbm, options_.board_max_tx_power_dbm, request.regional_max_power_dbm);
  if (!power) {
    return RadioError{RadioErrc::invalid_config,
                      "TX power limits (board " + std::to_string(options_.board_max_tx_power_dbm) +
                          " dBm, region " + std::to_string(request.regional_max_power_dbm) +
                          " dBm) are below the 2 dBm PA_BOOST minimum"};
  }
  const bool clamped = *power < request.power_dbm;
  const bool lf = lora::uses_lf_port(request.frequency_hz);
  const auto modem =
      modem_registers(request.spreading_factor, request.bandwidth_hz, request.coding_rate, request.crc_on);
  const auto pa = pa_boost_settings(*power);
  const auto frf = frf_bytes(request.frequency_hz);

  const std::pair<std::uint8_t, std::uint8_t> writes[] = {
      {reg::ModemConfig1, modem.config1},
      {reg::ModemConfig2, modem.config2},
      {reg::ModemConfig3, modem.config3},
      {reg::PreambleMsb, static_cast<std::uint8_t>(request.preamble_symbols >> 8)},
      {reg::PreambleLsb, static_cast<std::uint8_t>(request.preamble_symbols)},
      {reg::PaConfig, pa.pa_config},
      {reg::PaDac, pa.pa_dac},
      {reg::Ocp, pa.ocp},
      {reg::SyncWord, request.sync_word},
      {reg::InvertIQ, request.invert_iq ? sx1276::kInvertIQInverted : sx1276::kInvertIQNormal},
      {reg::InvertIQ2, request.invert_iq ? sx1276::kInvertIQ2Inverted : sx1276::kInvertIQ2Normal},
      {reg::FifoTxBaseAddr, 0x00},
      {reg::FifoAddrPtr, 0x00},
      {reg::PayloadLength, static_cast<std::uint8_t>(payload.size())},
  };

  auto load = [&]() -> Status {
    if (auto s = enter_lora_standby(lf); !s) return s;  // stops RX; the FIFO is writable in standby
    if (auto s = write_burst(reg::FrfMsb, frf); !s) return s;
    for (const auto& [address, value] : writes) {
      if (auto s = write_register(address, value); !s) return s;
    }
    if (auto s = write_burst(reg::Fifo, payload); !s) return s;
    if (auto s = write_register(reg::DioMapping1, sx1276::kDio0TxDone); !s) return s;
    return write_register(reg::IrqFlags, 0xFF);
  };
  if (auto s = load(); !s) {
    (void)resume_rx();  // best effort: do not leave the gateway deaf after a failed load
    return s.error();
  }

  lora::AirtimeParams air;
  air.spreading_factor = request.spreading_factor;
  air.bandwidth = *lora::bandwidth_by_hz(request.bandwidth_hz);
  air.coding_rate = request.coding_rate;
  air.preamble_symbols = request.preamble_symbols;
  air.crc_on = request.crc_on;

  tx_ = PendingTx{};
  tx_.start_at_us = request.start_at_us;
  tx_.time_on_air_us = (lora::time_on_air_ns(air, payload.size()) + 999) / 1000;
  tx_.power_dbm = *power;
  tx_.lf_port = lf;
  state_ = RadioState::tx_prepared;
  ++stats_.tx_prepared;
  if (clamped) ++stats_.tx_power_clamped;

  PreparedTx prepared;
  prepared.power_dbm = *power;
  prepared.power_clamped = clamped;
  prepared.time_on_air_us = tx_.time_on_air_us;
  prepared.start_at_us = request.start_at_us;
  return prepared;
}

Status Sx1276::start_tx() {
  if (state_ != RadioState::tx_prepared) {
    return RadioError{RadioErrc::wrong_state, "start_tx() without a prepared transmission on " + describe()};
  }
  if (auto s = write_register(reg::OpMode, opmode_value(tx_.lf_port, opmode::Tx)); !s) {
    (void)resume_rx();
    return s;
  }
  // Taken after the SPI write: TX starts at the transfer's last clock edge (plus the PLL lock).
  tx_.started_us = hw_.clock.now_us();
  state_ = RadioState::transmitting;
  ++stats_.tx_started;
  if (tx_.start_at_us) {
    const auto lateness = static_cast<std::int64_t>(tx_.started_us - *tx_.start_at_us);
    stats_.last_tx_lateness_us = lateness;
    stats_.max_tx_lateness_us = std::max(stats_.max_tx_lateness_us, lateness);
  }
  return {};
}

Status Sx1276::cancel_tx() {
  if (state_ != RadioState::tx_prepared) {
    return RadioError{RadioErrc::wrong_state, "cancel_tx() without a prepared transmission on " + describe()};
  }
  ++stats_.tx_cancelled;
  return resume_rx();
}

std::optional<std::uint64_t> Sx1276::tx_deadline_us() const {
  if (state_ != RadioState::transmitting) return std::nullopt;
  return tx_.started_us + tx_.time_on_air_us + kTxDeadlineMarginUs;
}

Status Sx1276::handle_tx_timeout() {
  if (state_ != RadioState::transmitting) {
    return RadioError{RadioErrc::wrong_state, "no transmission running on " + describe()};
  }
  ++stats_.tx_timeout;
  return resume_rx();
}

}  // namespace onechan::radio
