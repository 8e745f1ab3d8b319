#include "radio/sim/sx1276_model.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "radio/lora_modulation.hpp"
#include "radio/sx1276_registers.hpp"

namespace onechan::radio::sim {

namespace {

namespace reg = sx1276::reg;
namespace opmode = sx1276::opmode;
namespace irq = sx1276::irq;

// Reset values of the registers the model gives meaning to: Semtech SX1276 datasheet rev. 7,
// table 41 (common registers) and section 6.4 (LoRa page, "Reset" column). After power-on the chip is
// in FSK/OOK mode, standby, with LowFrequencyModeOn set (RegOpMode 0x09). Registers not listed start
// at 0x00 (RegIfFreq1/2 and RegHighBwOptimize1/2 are "reserved" in the datasheet, which gives no
// value for them).
struct ResetValue {
  std::uint8_t address;
  std::uint8_t value;
};
constexpr ResetValue kResetValues[] = {
    {reg::OpMode, 0x09},
    {reg::FrfMsb, 0x6C},
    {reg::FrfMid, 0x80},
    {reg::FrfLsb, 0x00},
    {reg::PaConfig, 0x4F},
    {reg::PaRamp, 0x09},
    {reg::Ocp, 0x2B},
    {reg::Lna, 0x20},
    {reg::FifoAddrPtr, 0x00},
    {reg::FifoTxBaseAddr, 0x80},
    {reg::FifoRxBaseAddr, 0x00},
    {reg::IrqFlagsMask, 0x00},
    {reg::IrqFlags, 0x00},
    {reg::ModemConfig1, 0x72},
    {reg::ModemConfig2, 0x70},
    {reg::SymbTimeoutLsb, 0x64},
    {reg::PreambleMsb, 0x00},
    {reg::PreambleLsb, 0x08},
    {reg::PayloadLength, 0x01},
    {reg::PayloadMaxLength, 0xFF},
    {reg::HopPeriod, 0x00},
    {reg::ModemConfig3, 0x00},
    {reg::DetectOptimize, 0xC3},
    {reg::InvertIQ, 0x27},
    {reg::DetectionThreshold, 0x0A},
    {reg::SyncWord, 0x12},
    {reg::InvertIQ2, 0x1D},
    {reg::DioMapping1, 0x00},
    {reg::DioMapping2, 0x00},
    {reg::PaDac, 0x84},
};

// Registers 0x0D..0x3F exist twice: once for the LoRa modem, once for the FSK/OOK modem.
constexpr bool in_modem_page(std::uint8_t address) {
  return address >= 0x0D && address <= 0x3F;
}

// Read-only registers of the LoRa page (writes are ignored by the chip).
constexpr bool read_only(std::uint8_t address) {
  switch (address) {
    case reg::FifoRxCurrentAddr:
    case reg::RxNbBytes:
    case reg::RxHeaderCntValueMsb:
    case reg::RxHeaderCntValueLsb:
    case reg::RxPacketCntValueMsb:
    case reg::RxPacketCntValueLsb:
    case reg::ModemStat:
    case reg::PktSnrValue:
    case reg::PktRssiValue:
    case reg::RssiValue:
    case reg::HopChannel:
    case reg::FifoRxByteAddr:
    case reg::Version:
      return true;
    default:
      return false;
  }
}

constexpr bool is_rx_mode(std::uint8_t mode) {
  return mode == opmode::RxContinuous || mode == opmode::RxSingle;
}

// Frames on the virtual air carry LoRaWAN's 8-symbol preamble (the datagram has no preamble field).
constexpr std::uint16_t kAirPreambleSymbols = 8;
// The receiver must be listening while at least this many symbols of that preamble remain to detect it
// (the chip needs a few preamble symbols to lock; a receiver that starts later misses the frame).
constexpr std::uint16_t kPreambleSymbolsToDetect = 4;
// The model ends CAD two symbols after it starts (the chip samples about one symbol, then processes it).
constexpr std::uint64_t kCadSymbols = 2;

constexpr std::uint64_t ns_to_us_ceil(std::uint64_t ns) {
  return (ns + 999) / 1000;
}

// The part of the air a receiver tuned to `tuned_hz` with bandwidth `bw_hz` hears: within a quarter of
// the bandwidth. The SX1276 tolerates a carrier offset of up to ±25 % of the bandwidth between
// transmitter and receiver (datasheet rev. 7, 4.1.5 "Frequency Error Indication").
bool within_tolerance(std::uint32_t a_hz, std::uint32_t b_hz, std::uint32_t bw_hz) {
  const std::uint64_t diff = a_hz > b_hz ? a_hz - b_hz : b_hz - a_hz;
  return diff * 4 <= bw_hz;
}

// Two transmissions interfere when they use the same spreading factor and bandwidth and their spectra
// overlap. Different spreading factors are quasi-orthogonal and do not destroy each other.
bool same_channel(const AirFrame& a, const AirFrame& b) {
  if (a.spreading_factor != b.spreading_factor || a.bandwidth_hz != b.bandwidth_hz) return false;
  const std::uint64_t diff =
      a.frequency_hz > b.frequency_hz ? a.frequency_hz - b.frequency_hz : b.frequency_hz - a.frequency_hz;
  return diff < a.bandwidth_hz;
}

// The capture effect: the frame that arrived first survives an interferer at least 6 dB weaker.
constexpr int kCaptureThresholdDb = 6;

enum Miss : std::uint8_t { kMissNone = 0, kMissNotListening, kMissMismatched, kMissHeaderError, kMissDone };

// The noise floor a receiver of this bandwidth sees: -174 dBm/Hz + 10 log10(BW) + 6 dB noise figure.
int noise_floor_dbm(std::uint32_t bw_hz) {
  return static_cast<int>(std::lround(-174.0 + 10.0 * std::log10(static_cast<double>(bw_hz)) + 6.0));
}

std::uint8_t clamp_u8(long v) {
  return static_cast<std::uint8_t>(std::clamp(v, 0L, 255L));
}

// Round a / b to the nearest integer, halves away from zero (b > 0).
long div_round(long a, long b) {
  return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

}  // namespace

Sx1276Model::Sx1276Model(ModelOptions options, MicrosClock clock)
    : options_(options), clock_(std::move(clock)) {
  if (clock_) now_ = clock_();
  power_on_reset();
}

// --- registers -------------------------------------------------------------------------------------

void Sx1276Model::power_on_reset() {
  regs_.fill(0);
  fsk_page_.fill(0);
  for (const auto& rv : kResetValues) regs_[rv.address] = rv.value;
  fifo_.fill(0);
  selected_ = false;
  have_address_ = false;
  lock_.reset();
  rx_single_timeout_us_.reset();
  tx_end_us_.reset();
  cad_end_us_.reset();
  valid_headers_ = 0;
  valid_packets_ = 0;
  last_rx_coding_rate_ = 0;
  rx_write_ptr_ = 0;
  tuned_hz_ = frequency_hz();
  update_dio();
}

bool Sx1276Model::lora_mode() const {
  return (regs_[reg::OpMode] & opmode::LongRangeMode) != 0;
}
std::uint8_t Sx1276Model::mode() const {
  return regs_[reg::OpMode] & opmode::ModeMask;
}
bool Sx1276Model::lora_bank() const {
  return lora_mode() && (regs_[reg::OpMode] & opmode::AccessSharedReg) == 0;
}

std::uint32_t Sx1276Model::frequency_hz() const {
  const std::uint32_t frf = (std::uint32_t{regs_[reg::FrfMsb]} << 16) |
                            (std::uint32_t{regs_[reg::FrfMid]} << 8) | regs_[reg::FrfLsb];
  return lora::hz_from_frf(frf);
}

std::uint8_t Sx1276Model::peek(std::uint8_t address) const {
  address &= 0x7F;
  if (address == reg::Fifo) {
    if (!lora_mode() || mode() == opmode::Sleep) return 0x00;
    return fifo_[regs_[reg::FifoAddrPtr]];
  }
  if (in_modem_page(address) && !lora_bank()) return fsk_page_[address];
  return read_computed(address);
}

std::uint8_t Sx1276Model::read_computed(std::uint8_t address) const {
  switch (address) {
    case reg::Version:
      return options_.version;
    case reg::RxHeaderCntValueMsb:
      return static_cast<std::uint8_t>(valid_headers_ >> 8);
    case reg::RxHeaderCntValueLsb:
      return static_cast<std::uint8_t>(valid_headers_ & 0xFF);
    case reg::RxPacketCntValueMsb:
      return static_cast<std::uint8_t>(valid_packets_ >> 8);
    case reg::RxPacketCntValueLsb:
      return static_cast<std::uint8_t>(valid_packets_ & 0xFF);
    case reg::ModemStat: {
      // Bits 7-5 RxCodingRate of the last header; 4 modem clear; 3 header info valid; 2 RX on-going;
      // 1 signal synchronized; 0 signal detected.
      std::uint8_t stat = static_cast<std::uint8_t>(last_rx_coding_rate_ << 5);
      if (receiving() && lock_) {
        stat |= 0x07;
        if (lock_->header_done) stat |= 0x08;
      } else {
        stat |= 0x10;
      }
      return stat;
    }
    case reg::RssiValue: {
      // Current RSSI: the strongest transmission on the tuned channel, or the noise floor.
      const auto bw = lora::bandwidth_by_code(regs_[reg::ModemConfig1] >> 4).value_or(lora::kBandwidths[7]);
      int rssi = noise_floor_dbm(bw.nominal_hz);
      for (const auto& f : air_) {
        if (f.started && f.end_us > now_ &&
            within_tolerance(f.frame.frequency_hz, tuned_hz_, bw.nominal_hz)) {
          rssi = std::max(rssi, static_cast<int>(f.frame.rssi_dbm));
        }
      }
      const int offset = lora::uses_lf_port(tuned_hz_) ? 164 : 157;
      return clamp_u8(rssi + offset);
    }
    default:
      return regs_[address];
  }
}

std::uint8_t Sx1276Model::read_register(std::uint8_t address) {
  const std::uint8_t value = peek(address);
  if (address == reg::Fifo && lora_mode() && mode() != opmode::Sleep) {
    regs_[reg::FifoAddrPtr] = static_cast<std::uint8_t>(regs_[reg::FifoAddrPtr] + 1);
  }
  return value;
}

void Sx1276Model::write_register(std::uint8_t address, std::uint8_t value) {
  address &= 0x7F;
  if (address == reg::OpMode) {
    write_op_mode(value);
    return;
  }
  if (address == reg::Fifo) {
    // The LoRa FIFO is not accessible in sleep mode (and the FSK modem's FIFO is not modelled).
    if (!lora_mode() || mode() == opmode::Sleep) return;
    fifo_[regs_[reg::FifoAddrPtr]] = value;
    regs_[reg::FifoAddrPtr] = static_cast<std::uint8_t>(regs_[reg::FifoAddrPtr] + 1);
    return;
  }
  if (in_modem_page(address) && !lora_bank()) {
    fsk_page_[address] = value;
    return;
  }
  if (read_only(address)) return;
  if (address == reg::IrqFlags) {
    regs_[reg::IrqFlags] &= static_cast<std::uint8_t>(~value);  // write 1 to clear
    update_dio();
    return;
  }
  regs_[address] = value;
  switch (address) {
    case reg::DioMapping1:
      update_dio();
      break;
    case reg::ModemConfig1:
    case reg::ModemConfig2:
    case reg::SyncWord:
    case reg::InvertIQ:
      try_acquire();
      break;
    default:
      break;
  }
}

void Sx1276Model::write_op_mode(std::uint8_t value) {
  const std::uint8_t old = regs_[reg::OpMode];
  const std::uint8_t old_mode = old & opmode::ModeMask;
  std::uint8_t next = value;
  // LongRangeMode can be modified only in sleep mode; a write in another mode keeps the old modem.
  if (old_mode != opmode::Sleep) {
    next = static_cast<std::uint8_t>((next & ~opmode::LongRangeMode) | (old & opmode::LongRangeMode));
  }
  regs_[reg::OpMode] = next;
  const std::uint8_t new_mode = next & opmode::ModeMask;
  if ((old ^ next) & opmode::LongRangeMode) {
    // Switching modem aborts whatever the old one was doing.
    lock_.reset();
    rx_single_timeout_us_.reset();
    tx_end_us_.reset();
    cad_end_us_.reset();
  }
  enter_mode(old_mode, new_mode);
}

void Sx1276Model::enter_mode(std::uint8_t old_mode, std::uint8_t new_mode) {
  if (old_mode == new_mode) return;  // rewriting the current mode changes nothing
  // Leaving a mode aborts its operation (no IRQ).
  lock_.reset();
  rx_single_timeout_us_.reset();
  tx_end_us_.reset();
  cad_end_us_.reset();
  if (!lora_mode()) {
    update_dio();
    return;  // the FSK/OOK modem is not modelled
  }
  switch (new_mode) {
    case opmode::Sleep:
      // The FIFO content is lost in sleep; the header and packet counters are reset there.
      fifo_.fill(0);
      valid_headers_ = 0;
      valid_packets_ = 0;
      break;
    case opmode::FsTx:
    case opmode::FsRx:
      tuned_hz_ = frequency_hz();
      break;
    case opmode::Tx:
      tuned_hz_ = frequency_hz();
      start_transmission();
      break;
    case opmode::RxContinuous:
    case opmode::RxSingle: {
      // The carrier frequency is taken into account only when the synthesizer starts (datasheet,
      // RegFrf: "entering FSRX/FSTX modes, re-starting the receiver").
      tuned_hz_ = frequency_hz();
      rx_write_ptr_ = regs_[reg::FifoRxBaseAddr];
      if (!is_rx_mode(old_mode)) {
        valid_headers_ = 0;
        valid_packets_ = 0;
      }
      if (new_mode == opmode::RxSingle) {
        const std::uint64_t symbols =
            (std::uint64_t{regs_[reg::ModemConfig2] & 0x03u} << 8) | regs_[reg::SymbTimeoutLsb];
        rx_single_timeout_us_ = now_ + symbols * symbol_time_us_ceil();
      }
      try_acquire();
      break;
    }
    case opmode::Cad:
      tuned_hz_ = frequency_hz();
      cad_start_us_ = now_;
      cad_end_us_ = now_ + (options_.instant_air ? 0 : kCadSymbols * symbol_time_us_ceil());
      break;
    default:
      break;
  }
  update_dio();
}

std::uint64_t Sx1276Model::symbol_time_us_ceil() const {
  const std::uint8_t sf = static_cast<std::uint8_t>(std::clamp(regs_[reg::ModemConfig2] >> 4, 6, 12));
  const auto bw = lora::bandwidth_by_code(regs_[reg::ModemConfig1] >> 4).value_or(lora::kBandwidths[7]);
  return ns_to_us_ceil(lora::symbol_time_ns(sf, bw));
}

// --- SPI -------------------------------------------------------------------------------------------

void Sx1276Model::select(bool nss_low) {
  if (nss_low && clock_) advance_to(clock_());
  selected_ = nss_low && !in_reset_;
  have_address_ = false;
}

std::uint8_t Sx1276Model::exchange(std::uint8_t mosi) {
  if (!selected_ || in_reset_) return 0x00;
  if (!have_address_) {
    have_address_ = true;
    write_access_ = (mosi & sx1276::kSpiWrite) != 0;
    address_ = mosi & 0x7F;
    return 0x00;
  }
  const std::uint8_t address = address_;
  // Burst access: the address increments after each byte, except for RegFifo whose accesses go
  // through RegFifoAddrPtr.
  if (address_ != reg::Fifo) address_ = static_cast<std::uint8_t>((address_ + 1) & 0x7F);
  if (!write_access_) return read_register(address);
  write_register(address, mosi);
  advance_to(now_);  // an operation that ends at once (instant air) completes now
  return 0x00;
}

// --- reset -----------------------------------------------------------------------------------------

void Sx1276Model::set_reset_pin(bool high) {
  if (clock_) advance_to(clock_());
  if (!high) {
    if (in_reset_) return;
    in_reset_ = true;
    selected_ = false;
    lock_.reset();
    rx_single_timeout_us_.reset();
    tx_end_us_.reset();
    cad_end_us_.reset();
    regs_[reg::IrqFlags] = 0;
    update_dio();
    return;
  }
  if (!in_reset_) return;
  in_reset_ = false;
  power_on_reset();
}

// --- IRQ and DIO -----------------------------------------------------------------------------------

void Sx1276Model::raise_irq(std::uint8_t bits) {
  // A masked IRQ is not raised at all: neither the flag nor the DIO (RegIrqFlagsMask).
  regs_[reg::IrqFlags] |= static_cast<std::uint8_t>(bits & ~regs_[reg::IrqFlagsMask]);
  update_dio();
}

void Sx1276Model::update_dio() {
  std::array<bool, 2> level{};
  if (lora_mode() && !in_reset_) {
    const std::uint8_t flags = regs_[reg::IrqFlags];
    const std::uint8_t mapping = regs_[reg::DioMapping1];
    switch (mapping & 0xC0) {
      case sx1276::kDio0RxDone:
        level[0] = (flags & irq::RxDone) != 0;
        break;
      case sx1276::kDio0TxDone:
        level[0] = (flags & irq::TxDone) != 0;
        break;
      case sx1276::kDio0CadDone:
        level[0] = (flags & irq::CadDone) != 0;
        break;
      default:
        break;
    }
    switch (mapping & 0x30) {
      case sx1276::kDio1RxTimeout:
        level[1] = (flags & irq::RxTimeout) != 0;
        break;
      case sx1276::kDio1FhssChangeChannel:
        level[1] = (flags & irq::FhssChangeChannel) != 0;
        break;
      case sx1276::kDio1CadDetected:
        level[1] = (flags & irq::CadDetected) != 0;
        break;
      default:
        break;
    }
  }
  for (int i = 0; i < 2; ++i) {
    if (level[i] == dio_level_[i]) continue;
    dio_level_[i] = level[i];
    if (on_dio_) on_dio_(i, level[i], now_);
  }
}

// --- TX --------------------------------------------------------------------------------------------

void Sx1276Model::start_transmission() {
  const std::uint8_t mc1 = regs_[reg::ModemConfig1];
  const std::uint8_t mc2 = regs_[reg::ModemConfig2];
  const std::uint8_t sf = mc2 >> 4;
  const auto bw = lora::bandwidth_by_code(mc1 >> 4);
  const auto cr = lora::coding_rate_from_code((mc1 >> 1) & 0x07);
  ++stats_.transmissions;
  if (!lora::valid_spreading_factor(sf) || !bw || !cr) {
    // Reserved modem settings: nothing a receiver could demodulate leaves the antenna.
    tx_end_us_ = now_;
    return;
  }
  Transmission tx;
  AirFrame& f = tx.frame;
  f.frequency_hz = tuned_hz_;
  f.spreading_factor = sf;
  f.bandwidth_hz = bw->nominal_hz;
  f.coding_rate = *cr;
  f.sync_word = regs_[reg::SyncWord];
  f.iq_inverted = (regs_[reg::InvertIQ] & sx1276::kInvertIQTxNormal) == 0;
  f.crc_on = (mc2 & sx1276::kModemConfig2RxPayloadCrcOn) != 0;
  // A transmitter whose LowDataRateOptimize differs from the datasheet's rule sends symbols a
  // rule-abiding receiver decodes wrongly: the frame arrives corrupted.
  const bool ldro = (regs_[reg::ModemConfig3] & sx1276::kModemConfig3LowDataRateOptimize) != 0;
  f.crc_ok = ldro == lora::low_data_rate_optimize(sf, *bw);
  // The transmitter reads RegPayloadLength bytes from RegFifoTxBaseAddr ("write base address in FIFO
  // data buffer for TX modulator").
  const std::uint8_t length = regs_[reg::PayloadLength];
  f.payload.resize(length);
  for (std::uint8_t i = 0; i < length; ++i) {
    f.payload[i] = fifo_[static_cast<std::uint8_t>(regs_[reg::FifoTxBaseAddr] + i)];
  }
  // Output power (datasheet 5.4.2): PA_BOOST: Pout = 17 - (15 - OutputPower), +3 dB with RegPaDac 0x87;
  // RFO: Pmax = 10.8 + 0.6 MaxPower, Pout = Pmax - (15 - OutputPower).
  const std::uint8_t pa = regs_[reg::PaConfig];
  const int output_power = pa & 0x0F;
  tx.pa_boost = (pa & sx1276::kPaConfigPaBoost) != 0;
  if (tx.pa_boost) {
    tx.power_dbm = 2 + output_power + ((regs_[reg::PaDac] & 0x07) == 0x07 ? 3 : 0);
  } else {
    const int max_power_tenths = 108 + 6 * ((pa >> 4) & 0x07);
    tx.power_dbm = static_cast<int>(div_round(max_power_tenths - 10 * (15 - output_power), 10));
  }
  f.rssi_dbm = static_cast<std::int16_t>(tx.power_dbm - options_.tx_path_loss_db);
  // The SNR a receiver measures saturates around +10 dB on the SX127x; below that it follows the RSSI.
  const int snr_db = std::clamp(f.rssi_dbm - noise_floor_dbm(bw->nominal_hz), -20, 10);
  f.snr_centi_db = static_cast<std::int16_t>(snr_db * 100);

  lora::AirtimeParams params;
  params.spreading_factor = sf;
  params.bandwidth = *bw;
  params.coding_rate = *cr;
  params.preamble_symbols =
      static_cast<std::uint16_t>((std::uint16_t{regs_[reg::PreambleMsb]} << 8) | regs_[reg::PreambleLsb]);
  params.crc_on = f.crc_on;
  params.implicit_header = (mc1 & sx1276::kModemConfig1ImplicitHeader) != 0;
  tx.start_us = now_;
  tx.end_us = options_.instant_air ? now_ : now_ + ns_to_us_ceil(lora::time_on_air_ns(params, length));
  tx_end_us_ = tx.end_us;
  if (on_transmit_) on_transmit_(tx);
}

// --- RX --------------------------------------------------------------------------------------------

bool Sx1276Model::receiving() const {
  return !in_reset_ && lora_mode() && is_rx_mode(mode());
}

bool Sx1276Model::receiver_matches(const AirFrame& frame, std::uint8_t* miss) const {
  *miss = kMissMismatched;
  const std::uint8_t mc1 = regs_[reg::ModemConfig1];
  const auto bw = lora::bandwidth_by_code(mc1 >> 4);
  if (!bw || bw->nominal_hz != frame.bandwidth_hz) return false;
  if ((regs_[reg::ModemConfig2] >> 4) != frame.spreading_factor) return false;
  // Frames on the virtual air use an explicit header; a receiver set to implicit header mode would
  // take the header for payload.
  if (mc1 & sx1276::kModemConfig1ImplicitHeader) return false;
  if (!within_tolerance(frame.frequency_hz, tuned_hz_, bw->nominal_hz)) return false;
  if (regs_[reg::SyncWord] != frame.sync_word) return false;
  const bool rx_inverted = (regs_[reg::InvertIQ] & sx1276::kInvertIQRxInverted) != 0;
  if (rx_inverted != frame.iq_inverted) return false;
  *miss = kMissNone;
  return true;
}

void Sx1276Model::try_acquire() {
  if (!receiving() || lock_) return;
  for (auto& f : air_) {
    if (!f.started || f.miss == kMissDone || f.miss == kMissHeaderError) continue;
    if (now_ > f.acquire_by_us || now_ >= f.end_us) continue;
    std::uint8_t miss = kMissNone;
    if (!receiver_matches(f.frame, &miss)) {
      f.miss = miss;
      continue;
    }
    f.miss = kMissNone;
    lock_ = Lock{f.id, false};
    return;
  }
}

void Sx1276Model::frame_starts(OnAir& f) {
  f.started = true;
  f.miss = receiving() ? kMissMismatched : kMissNotListening;
  if (lock_) f.miss = kMissNotListening;  // busy with another frame
  // Collisions with every transmission still on the air on the same channel. The earlier one survives
  // only when at least 6 dB stronger (capture); the later one is always lost.
  for (auto& other : air_) {
    if (&other == &f || !other.started || other.end_us <= f.start_us) continue;
    if (!same_channel(other.frame, f.frame)) continue;
    if (!(other.frame.rssi_dbm >= f.frame.rssi_dbm + kCaptureThresholdDb)) {
      other.hit_us = std::min(other.hit_us.value_or(f.start_us), f.start_us);
    }
    f.hit_us = f.start_us;
  }
  try_acquire();
}

Sx1276Model::OnAir* Sx1276Model::find_frame(std::uint64_t id) {
  for (auto& f : air_) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

void Sx1276Model::complete_reception(const AirFrame& frame, bool corrupted) {
  const auto length = static_cast<std::uint8_t>(frame.payload.size());
  const std::uint8_t start = rx_write_ptr_;
  // In continuous RX successive frames are written one after the other (wrapping in the 256-byte
  // buffer): RegFifoRxCurrentAddr tells where the last one starts.
  for (std::size_t i = 0; i < frame.payload.size(); ++i) {
    const std::uint8_t b = corrupted ? static_cast<std::uint8_t>(frame.payload[i] ^ 0xFF) : frame.payload[i];
    fifo_[static_cast<std::uint8_t>(start + i)] = b;
  }
  rx_write_ptr_ = static_cast<std::uint8_t>(start + length);
  regs_[reg::FifoRxCurrentAddr] = start;
  regs_[reg::FifoRxByteAddr] = length == 0 ? start : static_cast<std::uint8_t>(start + length - 1);
  regs_[reg::RxNbBytes] = length;

  // RegPktSnrValue: SNR in 0.25 dB, two's complement.
  const long snr_q = std::clamp(div_round(frame.snr_centi_db, 25), -128L, 127L);
  regs_[reg::PktSnrValue] = static_cast<std::uint8_t>(static_cast<std::int8_t>(snr_q));
  // RegPktRssiValue, the inverse of the datasheet's formula (section 5.5.5): SNR >= 0:
  // RSSI = -157 + 16/15 * PktRssi; SNR < 0: RSSI = -157 + PktRssi + SNR/4. -164 on the LF port.
  const long offset = lora::uses_lf_port(tuned_hz_) ? 164 : 157;
  const long above_floor = frame.rssi_dbm + offset;
  const long pkt_rssi = snr_q >= 0 ? div_round(above_floor * 15, 16) : div_round(4 * above_floor - snr_q, 4);
  regs_[reg::PktRssiValue] = clamp_u8(pkt_rssi);

  const bool crc_error = frame.crc_on && corrupted;
  if (!crc_error) ++valid_packets_;
  ++stats_.frames_received;
  if (crc_error) ++stats_.crc_errors;
  raise_irq(static_cast<std::uint8_t>(irq::RxDone | (crc_error ? irq::PayloadCrcError : 0)));
}

void Sx1276Model::end_rx_single_if_done() {
  if (mode() != opmode::RxSingle) return;
  regs_[reg::OpMode] = static_cast<std::uint8_t>((regs_[reg::OpMode] & ~opmode::ModeMask) | opmode::Standby);
  rx_single_timeout_us_.reset();
}

void Sx1276Model::deliver(const AirFrame& frame, std::uint64_t start_us) {
  if (clock_) advance_to(clock_());
  ++stats_.frames_delivered;
  const auto bw = lora::bandwidth_by_hz(frame.bandwidth_hz);
  const auto cr = lora::coding_rate_code(frame.coding_rate);
  if (!bw || !cr || !lora::valid_spreading_factor(frame.spreading_factor) || frame.payload.size() > 255) {
    ++stats_.mismatched;  // no SX1276 demodulates this
    return;
  }
  const bool ldro_mismatch = ((regs_[reg::ModemConfig3] & sx1276::kModemConfig3LowDataRateOptimize) != 0) !=
                             lora::low_data_rate_optimize(frame.spreading_factor, *bw);

  if (options_.instant_air) {
    std::uint8_t miss = kMissNotListening;
    if (!receiving()) {
      ++stats_.not_listening;
    } else if (!receiver_matches(frame, &miss)) {
      ++stats_.mismatched;
    } else if (frame.payload.size() > regs_[reg::PayloadMaxLength]) {
      ++stats_.header_errors;
    } else {
      ++valid_headers_;
      regs_[reg::HopChannel] = frame.crc_on ? sx1276::kHopChannelCrcOnPayload : 0;
      last_rx_coding_rate_ = *cr;
      raise_irq(irq::ValidHeader);
      complete_reception(frame, !frame.crc_ok || ldro_mismatch);
      end_rx_single_if_done();
    }
    return;
  }

  lora::AirtimeParams params;
  params.spreading_factor = frame.spreading_factor;
  params.bandwidth = *bw;
  params.coding_rate = frame.coding_rate;
  params.preamble_symbols = kAirPreambleSymbols;
  params.crc_on = frame.crc_on;
  params.implicit_header = false;
  const std::uint64_t symbol_ns = lora::symbol_time_ns(frame.spreading_factor, *bw);
  OnAir f;
  f.frame = frame;
  f.id = next_frame_id_++;
  f.start_us = start_us;
  f.end_us = start_us + ns_to_us_ceil(lora::time_on_air_ns(params, frame.payload.size()));
  // Preamble, 4.25 symbols of sync word and start frame delimiter, then the 8 symbols carrying the
  // explicit header (always at coding rate 4/8).
  f.header_end_us =
      start_us + ns_to_us_ceil((4 * std::uint64_t{kAirPreambleSymbols} + 17 + 32) * symbol_ns / 4);
  f.acquire_by_us = start_us + ns_to_us_ceil((kAirPreambleSymbols - kPreambleSymbolsToDetect) * symbol_ns);
  air_.push_back(std::move(f));
  advance_to(now_);  // a start at or before now is processed at once
}

// --- time ------------------------------------------------------------------------------------------

std::optional<std::uint64_t> Sx1276Model::next_event_time() const {
  std::optional<std::uint64_t> next;
  auto consider = [&next](std::uint64_t t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& f : air_) {
    if (!f.started) consider(f.start_us);
    if (lock_ && lock_->frame_id == f.id) consider(lock_->header_done ? f.end_us : f.header_end_us);
  }
  if (rx_single_timeout_us_ && !lock_ && receiving() && mode() == opmode::RxSingle) {
    consider(*rx_single_timeout_us_);
  }
  if (tx_end_us_) consider(*tx_end_us_);
  if (cad_end_us_) consider(*cad_end_us_);
  return next;
}

void Sx1276Model::advance_to(std::uint64_t target_us) {
  while (true) {
    const auto next = next_event_time();
    if (!next || *next > std::max(target_us, now_)) break;
    now_ = std::max(now_, *next);
    process_event_at(now_);
  }
  now_ = std::max(now_, target_us);
  drop_finished_frames();
}

void Sx1276Model::process_event_at(std::uint64_t t) {
  // Ends before starts: a frame ending at t and one starting at t do not overlap.
  if (tx_end_us_ && *tx_end_us_ <= t) {
    tx_end_us_.reset();
    regs_[reg::OpMode] =
        static_cast<std::uint8_t>((regs_[reg::OpMode] & ~opmode::ModeMask) | opmode::Standby);
    raise_irq(irq::TxDone);
  }
  if (cad_end_us_ && *cad_end_us_ <= t) {
    const std::uint64_t cad_end = *cad_end_us_;
    cad_end_us_.reset();
    const auto bw = lora::bandwidth_by_code(regs_[reg::ModemConfig1] >> 4);
    const std::uint8_t sf = regs_[reg::ModemConfig2] >> 4;
    bool detected = false;
    for (const auto& f : air_) {
      if (!f.started || !bw || f.start_us > cad_end || f.end_us < cad_start_us_) continue;
      if (f.frame.spreading_factor == sf && f.frame.bandwidth_hz == bw->nominal_hz &&
          within_tolerance(f.frame.frequency_hz, tuned_hz_, bw->nominal_hz)) {
        detected = true;
      }
    }
    regs_[reg::OpMode] =
        static_cast<std::uint8_t>((regs_[reg::OpMode] & ~opmode::ModeMask) | opmode::Standby);
    raise_irq(static_cast<std::uint8_t>(irq::CadDone | (detected ? irq::CadDetected : 0)));
  }
  if (lock_ && !lock_->header_done) {
    OnAir* f = find_frame(lock_->frame_id);
    if (f == nullptr) {
      lock_.reset();
    } else if (f->header_end_us <= t) {
      if (f->hit_us && *f->hit_us < f->header_end_us) {
        lock_.reset();  // the header was destroyed: header CRC error, nothing reported
      } else if (f->frame.payload.size() > regs_[reg::PayloadMaxLength]) {
        f->miss = kMissHeaderError;  // the datasheet: "a header CRC error is generated"
        lock_.reset();
      } else {
        lock_->header_done = true;
        ++valid_headers_;
        regs_[reg::HopChannel] = f->frame.crc_on ? sx1276::kHopChannelCrcOnPayload : 0;
        last_rx_coding_rate_ = static_cast<std::uint8_t>(f->frame.coding_rate - 4);
        raise_irq(irq::ValidHeader);
      }
      if (!lock_) try_acquire();
    }
  }
  if (lock_ && lock_->header_done) {
    OnAir* f = find_frame(lock_->frame_id);
    if (f == nullptr) {
      lock_.reset();
    } else if (f->end_us <= t) {
      lock_.reset();
      std::uint8_t miss = kMissNone;
      if (receiver_matches(f->frame, &miss)) {
        const auto bw = lora::bandwidth_by_hz(f->frame.bandwidth_hz).value_or(lora::kBandwidths[7]);
        const bool ldro_mismatch = ((regs_[reg::ModemConfig3] & sx1276::kModemConfig3LowDataRateOptimize) !=
                                    0) != lora::low_data_rate_optimize(f->frame.spreading_factor, bw);
        const bool corrupted = !f->frame.crc_ok || f->hit_us.has_value() || ldro_mismatch;
        f->miss = kMissDone;
        complete_reception(f->frame, corrupted);
        end_rx_single_if_done();
      } else {
        f->miss = miss;  // the receiver was reconfigured during the frame: nothing is reported
      }
      try_acquire();
    }
  }
  for (auto& f : air_) {
    if (!f.started && f.start_us <= t) frame_starts(f);
  }
  if (rx_single_timeout_us_ && *rx_single_timeout_us_ <= t && !lock_ && receiving() &&
      mode() == opmode::RxSingle) {
    rx_single_timeout_us_.reset();
    ++stats_.rx_timeouts;
    regs_[reg::OpMode] =
        static_cast<std::uint8_t>((regs_[reg::OpMode] & ~opmode::ModeMask) | opmode::Standby);
    raise_irq(irq::RxTimeout);
  }
}

void Sx1276Model::drop_finished_frames() {
  std::erase_if(air_, [this](const OnAir& f) {
    if (!f.started || f.end_us > now_) return false;
    if (lock_ && lock_->frame_id == f.id) return false;
    if (f.miss != kMissDone) {
      if (f.hit_us) {
        ++stats_.collided;
      } else if (f.miss == kMissHeaderError) {
        ++stats_.header_errors;
      } else if (f.miss == kMissMismatched) {
        ++stats_.mismatched;
      } else {
        ++stats_.not_listening;
      }
    }
    return true;
  });
}

}  // namespace onechan::radio::sim
