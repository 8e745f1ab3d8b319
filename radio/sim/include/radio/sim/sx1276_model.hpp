// A register-level model of the Semtech SX1276 (RFM95) in LoRa mode, for machines without a radio.
//
// The model is synchronous and single-threaded: it has no thread and no timer of its own. The host
// drives it through the chip's pins and through time:
//   - SPI at byte level: select(true) is NSS going low, exchange() clocks one byte each way,
//     select(false) ends the transaction (the first byte of a transaction is the address, bit 7 = write,
//     then burst access with address auto-increment; RegFifo goes through RegFifoAddrPtr instead).
//   - set_reset_pin(): the RST line (low holds the chip in reset, the rising edge restarts it).
//   - advance_to(now) / next_event_time(): the host moves time forward; DIO changes are reported through
//     the DIO handler at the exact µs they happen (the end of a frame's airtime, a TX end, ...).
//   - deliver(): a LoRa transmission starts on the air (see docs/virtual-air.md for what is heard).
// If a clock is given, every SPI transaction, reset edge and delivery first advances the model to the
// clock's time, so a host with a real clock (SimRadio) only needs to wake up at next_event_time().
// Without a clock, time moves only through advance_to() (tests, the simavr node harness).
//
// The rules of reception, collisions, and what is not modelled are documented in docs/virtual-air.md.
// Handlers are called synchronously from inside the model's calls; they must not call back into it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "radio/air_frame.hpp"

namespace onechan::radio::sim {

// Monotonic time in microseconds.
using MicrosClock = std::function<std::uint64_t()>;

struct ModelOptions {
  // What RegVersion answers: 0x12 for an SX1276/RFM95; 0x22 (SX1272), 0x00 or 0xFF (nothing answers)
  // let tests exercise the driver's detection errors.
  std::uint8_t version = 0x12;
  // Load-test switch: received frames complete at once (no airtime, no collisions) and a TX ends as soon
  // as it starts. Not a faithful radio: only for benchmarks and soak tests (docs/virtual-air.md).
  bool instant_air = false;
  // The RSSI a transmitted frame carries on the virtual air is the PA output power minus this loss.
  int tx_path_loss_db = 80;
};

// One transmission the model put on the air, reported at TX start.
struct Transmission {
  AirFrame frame;
  std::uint64_t start_us = 0;
  std::uint64_t end_us = 0;  // when TxDone rises
  int power_dbm = 0;         // from RegPaConfig (and RegPaDac for the +20 dBm mode)
  bool pa_boost = false;     // RegPaConfig PaSelect: PA_BOOST pin rather than RFO
};

// Counters for tests, soak runs and the daemon's statistics.
struct ModelStats {
  std::uint64_t frames_delivered = 0;  // deliver() calls
  std::uint64_t frames_received = 0;   // RxDone raised (with or without PayloadCrcError)
  std::uint64_t crc_errors = 0;        // RxDone raised with PayloadCrcError
  std::uint64_t not_listening = 0;     // not in RX (or busy with another frame) while the preamble passed
  std::uint64_t mismatched = 0;        // in RX but another frequency / SF / BW / sync word / IQ polarity
  std::uint64_t collided = 0;          // lost to a collision without anything reported (a frame hit
                                       // after its header ends with a PayloadCrcError instead)
  std::uint64_t header_errors = 0;     // dropped for RegPayloadMaxLength (header CRC error on the chip)
  std::uint64_t rx_timeouts = 0;       // RxTimeout raised in RX single
  std::uint64_t transmissions = 0;     // TX started
};

class Sx1276Model {
 public:
  using TransmitHandler = std::function<void(const Transmission&)>;
  // dio: 0 or 1; level: the new level; at_us: when it changed.
  using DioHandler = std::function<void(int dio, bool level, std::uint64_t at_us)>;

  explicit Sx1276Model(ModelOptions options = {}, MicrosClock clock = {});

  // --- SPI, byte level ---
  // NSS low (true) starts a transaction; NSS high (false) ends it.
  void select(bool nss_low);
  // One byte each way. With NSS high the chip does not drive MISO: the model answers 0x00.
  std::uint8_t exchange(std::uint8_t mosi);

  // --- RST pin ---
  // Low holds the chip in reset (SPI ignored, DIOs low); the rising edge restores the reset values.
  void set_reset_pin(bool high);
  bool in_reset() const { return in_reset_; }
  // Power-on reset, as the rising edge of RST.
  void power_on_reset();

  // --- time ---
  // Processes every event up to now_us in order. Time never goes backwards (an earlier now_us is ignored).
  void advance_to(std::uint64_t now_us);
  // The time of the next pending event (a frame starting or ending, TX or CAD end, RX single timeout),
  // or nullopt when nothing is pending: an idle model needs no wake-up.
  std::optional<std::uint64_t> next_event_time() const;
  std::uint64_t now_us() const { return now_; }

  // --- the air ---
  // A transmission on the air starting at start_us (which may be slightly in the past).
  void deliver(const AirFrame& frame, std::uint64_t start_us);
  void set_transmit_handler(TransmitHandler handler) { on_transmit_ = std::move(handler); }
  void set_dio_handler(DioHandler handler) { on_dio_ = std::move(handler); }
  bool dio0() const { return dio_level_[0]; }
  bool dio1() const { return dio_level_[1]; }

  // --- inspection and settings ---
  // The value a read of `address` would return now, without side effects (no FIFO pointer increment).
  std::uint8_t peek(std::uint8_t address) const;
  // The 256-byte FIFO buffer as it is.
  const std::array<std::uint8_t, 256>& fifo() const { return fifo_; }
  std::uint32_t frequency_hz() const;  // from RegFrf
  bool lora_mode() const;
  std::uint8_t mode() const;  // RegOpMode bits 2-0
  void set_version(std::uint8_t version) { options_.version = version; }
  void set_instant_air(bool on) { options_.instant_air = on; }
  const ModelOptions& options() const { return options_; }
  const ModelStats& stats() const { return stats_; }

 private:
  struct OnAir {
    AirFrame frame;
    std::uint64_t id = 0;
    std::uint64_t start_us = 0;
    std::uint64_t header_end_us = 0;      // preamble + sync + the 8 header symbols
    std::uint64_t end_us = 0;             // DIO0 rises here
    std::uint64_t acquire_by_us = 0;      // the receiver must be listening before this to detect it
    std::optional<std::uint64_t> hit_us;  // when an interferer destroyed it (no capture)
    bool started = false;
    bool attempted = false;  // a receiver considered it (for the miss counters)
    std::uint8_t miss = 0;   // why it was not acquired (MissReason)
  };
  struct Lock {
    std::uint64_t frame_id = 0;
    bool header_done = false;
  };

  std::uint8_t read_register(std::uint8_t address);
  void write_register(std::uint8_t address, std::uint8_t value);
  std::uint8_t read_computed(std::uint8_t address) const;
  bool lora_bank() const;
  void write_op_mode(std::uint8_t value);
  void enter_mode(std::uint8_t old_mode, std::uint8_t new_mode);
  void start_transmission();
  void raise_irq(std::uint8_t bits);
  void update_dio();
  void process_event_at(std::uint64_t t);
  void frame_starts(OnAir& f);
  void try_acquire();
  bool receiver_matches(const AirFrame& frame, std::uint8_t* miss) const;
  bool receiving() const;
  void complete_reception(const AirFrame& frame, bool corrupted);
  void end_rx_single_if_done();
  void drop_finished_frames();
  OnAir* find_frame(std::uint64_t id);
  std::uint64_t symbol_time_us_ceil() const;

  ModelOptions options_;
  MicrosClock clock_;
  TransmitHandler on_transmit_;
  DioHandler on_dio_;

  std::array<std::uint8_t, 128> regs_{};      // common registers and the LoRa page (0x0D-0x3F)
  std::array<std::uint8_t, 128> fsk_page_{};  // 0x0D-0x3F while in FSK/OOK mode (stored, not modelled)
  std::array<std::uint8_t, 256> fifo_{};
  bool in_reset_ = false;
  bool selected_ = false;
  bool have_address_ = false;
  bool write_access_ = false;
  std::uint8_t address_ = 0;
  std::uint64_t now_ = 0;
  std::array<bool, 2> dio_level_{};

  // RX state
  std::uint32_t tuned_hz_ = 0;  // Frf as latched when the synthesizer last started (RX, TX, CAD, FS)
  std::uint8_t rx_write_ptr_ = 0;
  std::optional<Lock> lock_;
  std::optional<std::uint64_t> rx_single_timeout_us_;
  std::uint16_t valid_headers_ = 0;
  std::uint16_t valid_packets_ = 0;
  std::uint8_t last_rx_coding_rate_ = 0;
  std::vector<OnAir> air_;
  std::uint64_t next_frame_id_ = 1;

  // TX and CAD state
  std::optional<std::uint64_t> tx_end_us_;
  std::optional<std::uint64_t> cad_end_us_;
  std::uint64_t cad_start_us_ = 0;

  ModelStats stats_;
};

}  // namespace onechan::radio::sim
