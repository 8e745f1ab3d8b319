// The radio in the event loop: watches the SX1276 driver's DIO0 line, and on each edge lets the driver
// service the chip (radio/include/radio/sx1276.hpp, handle_dio0). Received frames become Semtech rxpk
// records (semtech::RxPacket) for the network servers; the end of a transmission is passed on for the
// downlink scheduler. Frames with a bad or missing CRC are counted by the driver (RadioStats, the stat's
// rxnb/rxok) and not forwarded, as Semtech's forwarder does by default (forward_crc_error false).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "daemon/event_loop.hpp"
#include "daemon/log.hpp"
#include "radio/gpio.hpp"
#include "radio/sx1276.hpp"
#include "semtech/upstream_json.hpp"

namespace onechan::daemon {

// An rxpk record for a received frame. tmst is the low 32 bits of the DIO0 edge's monotonic µs (wrapping
// every 71.6 minutes, as the protocol expects); lsnr in 0.25 dB steps from RegPktSnrValue; chan and rfch
// 0 (one channel, one radio). `wall_time_unix_us` is the UTC time of the edge, or nullopt to leave "time"
// out. Frames longer than a LoRa payload (255 bytes) cannot come from the driver; they are truncated.
semtech::RxPacket to_rx_packet(const radio::RxMetadata& meta, std::span<const std::uint8_t> payload,
                               std::optional<std::int64_t> wall_time_unix_us);

struct RadioPumpCounters {
  std::uint64_t frames_received = 0;  // handed to on_frame
  std::uint64_t frames_dropped = 0;   // CRC error or no CRC (the driver's stats say which)
  std::uint64_t tx_done = 0;
  std::uint64_t errors = 0;  // handle_dio0() failed (SPI); logged
};

struct RadioPumpHandlers {
  std::function<void(const semtech::RxPacket& packet)> on_frame;       // a frame to forward
  std::function<void(const radio::DroppedFrame& dropped)> on_dropped;  // optional
  std::function<void(const radio::TxDone& done)> on_tx_done;           // optional: the downlink left
};

class RadioPump {
 public:
  // Monotonic µs -> UTC µs for the rxpk "time" (nullopt: leave it out). Default: the system clock's
  // current offset from CLOCK_MONOTONIC.
  using WallClock = std::function<std::optional<std::int64_t>(std::uint64_t monotonic_us)>;

  RadioPump(EventLoop& loop, radio::Sx1276& driver, radio::EdgeInputLine& dio0, Logger& log,
            RadioPumpHandlers handlers, WallClock wall_clock = nullptr);
  ~RadioPump();
  RadioPump(const RadioPump&) = delete;
  RadioPump& operator=(const RadioPump&) = delete;

  // Watches the DIO0 line's fd. The driver must be receiving (start_rx) for frames to come.
  Result<void> start();
  void stop();

  const RadioPumpCounters& counters() const { return counters_; }

 private:
  void on_dio0();

  EventLoop& loop_;
  radio::Sx1276& driver_;
  radio::EdgeInputLine& dio0_;
  Logger& log_;
  RadioPumpHandlers handlers_;
  WallClock wall_clock_;
  bool watching_ = false;
  RadioPumpCounters counters_;
};

// UTC µs of a CLOCK_MONOTONIC µs time, by the current offset between the two clocks.
std::optional<std::int64_t> system_wall_time_of(std::uint64_t monotonic_us);

}  // namespace onechan::daemon
