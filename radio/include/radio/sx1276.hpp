// The SX1276/RFM95 driver in LoRa mode: reset and detect, continuous RX of uplinks, scheduled TX of
// downlinks. It talks to the chip only through SpiBus, OutputLine (RESET), EdgeInputLine (DIO0) and
// Clock, so the same code runs on a Pi (radio/linux) and against the model (radio/sim).
//
// Nothing here blocks or polls: the caller's event loop polls the DIO0 line's fd and calls
// handle_dio0() when it is readable, and arms a timer (radio::linux::MonotonicTimer) for a scheduled
// TX and calls start_tx() when it fires. The only wait is the reset pulse the datasheet mandates.
//
// Typical use:
//   Sx1276 radio({spi, reset, dio0, clock}, {.board = "board file ...", .board_max_tx_power_dbm = 20});
//   radio.reset_and_detect();          // RegVersion must read 0x12
//   radio.start_rx(rx_config);         // LoRa mode, continuous RX, DIO0 = RxDone
//   loop: poll(dio0.fd()) -> radio.handle_dio0() -> ReceivedFrame / DroppedFrame / TxDone / nothing
//   downlink: radio.prepare_tx(request, payload) shortly before request.start_at_us, arm a timer,
//             radio.start_tx() when it fires; TxDone arrives through handle_dio0() and RX resumes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "radio/clock.hpp"
#include "radio/gpio.hpp"
#include "radio/radio_config.hpp"
#include "radio/radio_error.hpp"
#include "radio/spi_bus.hpp"

namespace onechan::radio {

struct Sx1276Hardware {
  SpiBus& spi;
  OutputLine* reset;  // nullptr when the board does not wire RESET (Uputronics boards)
  EdgeInputLine& dio0;
  Clock& clock;
};

struct Sx1276Options {
  // Named in every error message, e.g. "board file /usr/share/onechan/boards/dragino-lora-gps-hat.json".
  std::string board = "unknown board";
  // The most the board's PA and antenna path may be driven with (RFM95 PA_BOOST: 20 dBm).
  std::int8_t board_max_tx_power_dbm = 14;
};

// What the chip reported about one received frame.
struct RxMetadata {
  std::uint64_t timestamp_us = 0;  // monotonic µs of the DIO0 edge at RxDone
  std::uint32_t frequency_hz = 0;
  std::uint8_t spreading_factor = 0;
  std::uint32_t bandwidth_hz = 0;
  std::uint8_t coding_rate = 0;    // from the frame's header (RegModemStat), 5..8 for 4/5..4/8
  std::int16_t rssi_dbm = 0;       // packet RSSI, see packet_rssi_dbm()
  std::int8_t snr_quarter_db = 0;  // RegPktSnrValue: SNR in 0.25 dB steps
  std::uint8_t pkt_rssi_raw = 0;   // RegPktRssiValue as read

  // The Semtech `tmst`: the low 32 bits of the µs counter (wraps every 71.6 minutes, as the protocol
  // expects).
  std::uint32_t tmst() const { return static_cast<std::uint32_t>(timestamp_us); }
  double snr_db() const { return snr_quarter_db / 4.0; }
};

struct ReceivedFrame {
  RxMetadata meta;
  std::vector<std::uint8_t> payload;
};

// A frame the chip received but the driver does not pass on (counted in RadioStats).
struct DroppedFrame {
  enum class Reason { crc_error, no_crc };
  Reason reason = Reason::crc_error;
  RxMetadata meta;
  std::size_t length = 0;
};

struct TxDone {
  std::optional<std::uint64_t> requested_start_us;  // nullopt: sent immediately
  std::uint64_t started_us = 0;  // when start_tx() put the chip into TX (clock after the SPI write)
  std::int64_t lateness_us = 0;  // started - requested (negative: early); 0 when sent immediately
  std::uint64_t done_us = 0;     // the DIO0 edge at TxDone
  std::int8_t power_dbm = 0;     // as applied after clamping
};

// handle_dio0() found no event on the line, or an edge without RxDone/TxDone (counted as spurious).
struct NoEvent {};

using Dio0Event = std::variant<NoEvent, ReceivedFrame, DroppedFrame, TxDone>;

struct PreparedTx {
  std::int8_t power_dbm = 0;   // what will be transmitted
  bool power_clamped = false;  // the request asked for more than the limits allowed
  std::uint64_t time_on_air_us = 0;
  std::optional<std::uint64_t> start_at_us;
};

struct RadioStats {
  std::uint64_t dio0_edges = 0;    // events read from the DIO0 line
  std::uint64_t rx_ok = 0;         // frames delivered
  std::uint64_t rx_crc_error = 0;  // dropped: PayloadCrcError
  std::uint64_t rx_no_crc = 0;     // dropped: the header said the frame carries no CRC
  std::uint64_t spurious_irq = 0;  // edges without RxDone or TxDone pending
  std::uint64_t tx_prepared = 0;
  std::uint64_t tx_started = 0;
  std::uint64_t tx_done = 0;
  std::uint64_t tx_cancelled = 0;
  std::uint64_t tx_timeout = 0;  // no TxDone by tx_deadline_us()
  std::uint64_t tx_power_clamped = 0;
  std::int64_t last_tx_lateness_us = 0;
  std::int64_t max_tx_lateness_us = 0;
  std::uint64_t spi_errors = 0;
};

enum class RadioState { unconfigured, receiving, tx_prepared, transmitting };

class Sx1276 {
 public:
  Sx1276(Sx1276Hardware hardware, Sx1276Options options);

  // Pulses RESET (when wired: low 200 µs, then 5 ms, datasheet 7.2.2) and reads RegVersion, which
  // must be 0x12. Returns the version read; errors name the SPI device, the board and the value.
  Expected<std::uint8_t> reset_and_detect();

  // LoRa mode (entered through Sleep: LongRangeMode only changes there) and continuous RX with the
  // given channel; also used to retune. DIO0 is mapped to RxDone.
  Status start_rx(const RxConfig& config);

  // Reads one pending DIO0 edge and services the chip: a received frame (CRC checked), a dropped
  // frame, or the end of a transmission (after which RX resumes with the last RxConfig). Call it each
  // time poll() reports dio0.fd() readable; it consumes one edge, and the fd stays readable while more
  // are queued. On an error (SPI failure) the chip's state is unknown and DIO0 may stay high, which
  // would hide every later edge: run reset_and_detect() and start_rx() again.
  Expected<Dio0Event> handle_dio0();

  // Leaves RX for standby and loads the frame, modulation, power and inverted IQ; TX begins only
  // at start_tx(). Call it shortly before the start time (it interrupts reception).
  Expected<PreparedTx> prepare_tx(const TxRequest& request, std::span<const std::uint8_t> payload);
  // Starts the prepared transmission now and records how late that is against start_at_us.
  Status start_tx();
  // Drops a prepared (not started) transmission and resumes RX.
  Status cancel_tx();
  // While transmitting: the time by which TxDone must have arrived (start + time on air + margin).
  std::optional<std::uint64_t> tx_deadline_us() const;
  // Called by the event loop when tx_deadline_us() passed without TxDone (e.g. DIO0 not wired):
  // counts it, and puts the chip back into RX.
  Status handle_tx_timeout();

  Expected<std::uint8_t> read_register(std::uint8_t address);

  // The registers start_rx() and prepare_tx() set, in address order (what `radio probe` reads back).
  static std::span<const std::uint8_t> configured_registers();

  RadioState state() const { return state_; }
  const RadioStats& stats() const { return stats_; }
  const std::optional<RxConfig>& rx_config() const { return rx_config_; }
  std::string describe() const;

 private:
  Status write_register(std::uint8_t address, std::uint8_t value);
  Status write_burst(std::uint8_t address, std::span<const std::uint8_t> values);
  Status read_burst(std::uint8_t address, std::span<std::uint8_t> out);
  Status transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx);
  Status enter_lora_standby(bool lf_port);
  Status write_rx_registers(const RxConfig& config);
  Expected<Dio0Event> service_rx(std::uint64_t edge_us);
  Expected<Dio0Event> service_tx(std::uint64_t edge_us);
  Status resume_rx();
  RadioError spi_error(const char* what) const;

  Sx1276Hardware hw_;
  Sx1276Options options_;
  RadioState state_ = RadioState::unconfigured;
  std::optional<RxConfig> rx_config_;
  struct PendingTx {
    std::optional<std::uint64_t> start_at_us;
    std::uint64_t started_us = 0;
    std::uint64_t time_on_air_us = 0;
    std::int8_t power_dbm = 0;
    bool lf_port = false;
  };
  PendingTx tx_;
  RadioStats stats_;
};

// Packet RSSI in dBm from RegPktRssiValue and RegPktSnrValue (datasheet rev. 7 section 5.5.5):
// SNR >= 0: -157 + 16/15 * PktRssi (the datasheet's linearity correction, which Semtech's own
// LoRaMac-node also applies as PktRssi + PktRssi/16); SNR < 0: -157 + PktRssi + SNR (0.25 dB steps).
// -164 instead of -157 on the LF port. Rounded to the nearest dBm, halves away from zero.
std::int16_t packet_rssi_dbm(std::uint8_t pkt_rssi, std::int8_t pkt_snr_quarter_db, bool lf_port);

// PA_BOOST output power (the only PA output wired on RFM95 modules), datasheet 5.4.2/5.4.3:
// 2..17 dBm: RegPaDac 0x84, OutputPower = P - 2; 18..20 dBm: RegPaDac 0x87, OutputPower = P - 5.
struct PaSettings {
  std::uint8_t pa_config;
  std::uint8_t pa_dac;
  std::uint8_t ocp;
};
PaSettings pa_boost_settings(std::int8_t power_dbm);

// min(requested, board max, regional max), raised to the PA_BOOST minimum of 2 dBm; nullopt when the
// limits themselves are below 2 dBm (the chip cannot transmit that quietly on PA_BOOST).
std::optional<std::int8_t> clamp_tx_power(std::int8_t requested, std::int8_t board_max,
                                          std::int8_t regional_max);

}  // namespace onechan::radio
